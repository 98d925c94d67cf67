/**
 * The real server on a free port, for tests; and the directory fixtures most tests need.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { Database } from '../../db/client.ts';
import { systemActor, type Role } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { addPerson, claimSlackWorkspace, createApiToken, createOrg, linkChannel } from '../../core/directory/index.ts';
import { createLogger } from '../../core/observability.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { startOpsdesk, type RunningOpsdesk, type StartOptions } from '../../app/start.ts';
import { ephemeralAuditSigningKey } from '../../core/audit/signing-key.ts';
import type { SlackDoor } from '../../doors/slack/index.ts';

export interface TestServer extends RunningOpsdesk {
  url: string;
  /** The bootstrap admin's token (provider admin). */
  adminToken: string;
}

export async function startTestServer(
  database: Database,
  options: Partial<Omit<StartOptions, 'database' | 'config'>> & { env?: Record<string, string> } = {},
): Promise<TestServer> {
  // Tests drive many operations through a few tokens: rate limits are off unless a test sets them.
  const config: Config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_SECOND: '0', ...options.env });
  const running = await startOpsdesk({
    config,
    database,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    timers: { autoArm: false, ...options.timers },
    // A key of the test's own, and no scheduled checkpoints unless a test asks for them.
    auditKey: ephemeralAuditSigningKey(),
    auditSchedule: false,
    // The console this test run built, not whatever dist/ holds.
    consoleDir: inject('consoleDir'),
    ...options,
  });
  let adminToken = running.bootstrap?.token;
  if (!adminToken) {
    // A second instance on a shared database: mint a token for a fresh provider admin.
    adminToken = (await makePerson(running.core, running.core.providerId!, ['admin'])).token;
  }
  return { ...running, url: running.server.url, adminToken };
}

const cli = () => systemActor('cli', 'cli', `test-${randomUUID()}`);

export interface MadePerson {
  id: string;
  name: string;
  email: string;
  token: string;
}

export async function makeClientOrg(core: Core, slug: string) {
  return core.execute(createOrg, cli(), { name: `${slug} Inc`, slug });
}

export async function makePerson(
  core: Core,
  orgId: string,
  roles: Role[],
  extra: { name?: string; email?: string; slack?: { teamId: string; userId: string } } = {},
): Promise<MadePerson> {
  const name = extra.name ?? `Person ${randomUUID().slice(0, 6)}`;
  const email = extra.email ?? `${randomUUID().slice(0, 8)}@example.test`;
  const person = await core.execute(addPerson, cli(), { orgId, name, email, roles, slack: extra.slack });
  const { token } = await core.execute(createApiToken, cli(), { personId: person.id, label: 'test' });
  return { id: person.id, name, email, token };
}

export async function linkSlackChannel(
  core: Core,
  orgId: string,
  teamId: string,
  channelId: string,
  purpose?: 'client' | 'support' | 'oncall' | 'announcements',
) {
  return core.execute(linkChannel, cli(), { orgId, teamId, channelId, purpose });
}

/** Say that a Slack workspace is the org's own, so its users may become the org's contacts. */
export async function claimWorkspace(core: Core, orgId: string, teamId: string) {
  return core.execute(claimSlackWorkspace, cli(), { orgId, teamId });
}

/**
 * Two client orgs with a contact, an admin and their tokens, and provider staff: the cast of
 * the isolation matrix.
 */
export async function makeTenants(core: Core) {
  const a = await makeClientOrg(core, `acme-${randomUUID().slice(0, 6)}`);
  const b = await makeClientOrg(core, `beta-${randomUUID().slice(0, 6)}`);
  return {
    a,
    b,
    aContact: await makePerson(core, a.id, ['contact']),
    aAdmin: await makePerson(core, a.id, ['contract_admin']),
    bContact: await makePerson(core, b.id, ['contact']),
    bAdmin: await makePerson(core, b.id, ['space_admin']),
    providerAgent: await makePerson(core, core.providerId!, ['agent']),
  };
}

/** The running Slack door of a test server (started with Slack's environment). */
export function slackDoorOf(server: RunningOpsdesk): SlackDoor {
  const door = server.doors.find((d) => d.name === 'slack');
  if (!door) throw new Error('this server has no Slack door: start it with slackEnv');
  return door as SlackDoor;
}
