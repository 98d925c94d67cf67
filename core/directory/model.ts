/**
 * The directory's vocabulary: the shapes of its ids and names (the input schemas every door and
 * capability validates with), the roles of each side, and what a linked channel may be for.
 */
import { z } from 'zod';
import { CLIENT_ROLES, PROVIDER_ROLES, type Role } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import type { OrgKind } from '../policy.ts';

export const uuidSchema = z.string().uuid();
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'a slug is 3-40 lower-case letters, digits and dashes');
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const emailSchema = z.string().trim().toLowerCase().email().max(320);
export const roleSchema = z.enum([...PROVIDER_ROLES, ...CLIENT_ROLES]);
export const slackIdSchema = z.string().trim().regex(/^[A-Z0-9]{2,32}$/, 'not a Slack id');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot exist are not found, rather than a database error about their syntax. */
export const isUuid = (value: string) => UUID.test(value);

/** What a linked Slack channel is for. */
export const CHANNEL_PURPOSES = ['client', 'support', 'oncall', 'announcements'] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

/** Which purposes a channel may have, by the kind of org it belongs to; the first is the default. */
export const PURPOSES_BY_KIND: Record<OrgKind, readonly ChannelPurpose[]> = {
  client: ['client', 'announcements'],
  provider: ['support', 'oncall', 'announcements'],
};

/** Roles belong to one side: provider roles in the provider org, client roles in client orgs. */
export function checkRolesFit(org: { kind: OrgKind }, roles: readonly Role[]): void {
  const allowed: readonly string[] = org.kind === 'provider' ? PROVIDER_ROLES : CLIENT_ROLES;
  const wrong = roles.filter((r) => !allowed.includes(r));
  if (wrong.length > 0) {
    throw new OpsdeskError(
      'INVALID_INPUT',
      `${wrong.join(', ')} ${wrong.length === 1 ? 'is not a role' : 'are not roles'} of a ${org.kind} org; use ${allowed.join(', ')}`,
      { fields: { roles: 'role does not fit the org' } },
    );
  }
}

/** The directory's rows as its queries return them. */
export type { ApiToken, ChannelLink, Membership, Org, Person, SlackIdentityRow, SlackWorkspace } from '../../db/schema.ts';
