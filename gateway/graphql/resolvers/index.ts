/**
 * GraphQL resolvers, one file per capability. Each resolver parses nothing itself (the schema and
 * the command's zod schema do), calls one core query or command with the authenticated actor,
 * and returns its result. graphql-tools merges the maps.
 */
import type { Resolvers } from '../generated.ts';
import { accessResolvers } from './access.ts';
import { auditResolvers } from './audit.ts';
import { announcementResolvers } from './announcements.ts';
import { directoryResolvers } from './directory.ts';
import { alarmResolvers } from './alarms.ts';
import { scalarResolvers } from './scalars.ts';
import { ticketResolvers } from './tickets.ts';

export const resolvers: Resolvers[] = [scalarResolvers, directoryResolvers, announcementResolvers, ticketResolvers, alarmResolvers, accessResolvers, auditResolvers];
