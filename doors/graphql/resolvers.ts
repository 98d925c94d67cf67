/**
 * GraphQL resolvers, one file per capability. Each resolver parses nothing itself (the schema and
 * the command's zod schema do), calls one core query or command with the authenticated actor,
 * and returns its result. graphql-tools merges the maps.
 */
import type { Resolvers } from './generated.ts';
import { accessResolvers } from './access/resolvers.ts';
import { auditResolvers } from './audit/resolvers.ts';
import { announcementResolvers } from './announcements/resolvers.ts';
import { directoryResolvers } from './directory/resolvers.ts';
import { alarmResolvers } from './alarms/resolvers.ts';
import { scalarResolvers } from './kit/scalars.ts';
import { ticketResolvers } from './tickets/resolvers.ts';

export const resolvers: Resolvers[] = [scalarResolvers, directoryResolvers, announcementResolvers, ticketResolvers, alarmResolvers, accessResolvers, auditResolvers];
