import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeView } from '../../../doors/slack/home.ts';
import { ticketsHomeSection } from '../../../doors/slack/tickets/home.ts';
import type { Core } from '../../../core/core.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import type { Host } from '../../../server/door.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startCore } from '../../support/core.ts';
import { actorOf, makeTicketCast } from '../../support/tickets.ts';

describe.each(backends)("the tickets' App Home section on %s", (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const homeText = async (personId: string) =>
    JSON.stringify((await homeView({ core } as unknown as Host, await actorOf(core, personId, 'slack'), [ticketsHomeSection])).blocks);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
    cast = await makeTicketCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('shows my open tickets and what waits for my answer, each side its own, and nothing of another org', async () => {
    const proposed = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Needs a severity', proposedSeverity: 'HIGH' });
    const resolved = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Needs approval' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: resolved.id, status: 'RESOLVED' });

    const contactHome = await homeText(cast.aContact.id);
    expect(contactHome).toContain('My open tickets');
    expect(contactHome).toContain(proposed.key);
    expect(contactHome).toMatch(new RegExp(`Waiting for your answer.*${resolved.key}`));

    const agentHome = await homeText(cast.providerAgent.id);
    expect(agentHome).toMatch(new RegExp(`Waiting for your answer.*${proposed.key}`));
    expect(agentHome).not.toContain(resolved.key);

    const otherHome = await homeText(cast.bContact.id);
    expect(otherHome).not.toContain(proposed.key);
    expect(otherHome).toContain('Nothing waits for you');
  });
});
