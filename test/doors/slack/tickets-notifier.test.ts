/**
 * The tickets' notifier rule, on the events a core committed: who is paged, what the support
 * channel and the initiator are told about the SLA and reminders.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketNotifierRule } from '../../../doors/slack/tickets/notifier-rule.ts';
import type { SlackOutput } from '../../../doors/slack/notifier/types.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { toDomainEvent } from '../../../core/events/bus.ts';
import { createLogger } from '../../../core/observability.ts';
import { acceptSeverity, changeTicketStatus, openTicket, proposeSeverity } from '../../../core/tickets/index.ts';
import { domainEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startCore } from '../../support/core.ts';
import { linkSlackChannel, makePerson } from '../../support/server.ts';
import { actorOf, makeTicketCast } from '../../support/tickets.ts';
import { notifierContext } from '../../../doors/slack/notifier/index.ts';
import { SlackStore } from '../../../doors/slack/store/index.ts';

const TEAM = 'TPROVIDER';

describe.each(backends)("the tickets' notifier rule on %s", (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-23T09:00:00Z');

  async function outputsFor(ticketId: string, type: string): Promise<SlackOutput[]> {
    const rows = await core.database.db.select().from(domainEvents).where(eq(domainEvents.subjectId, ticketId)).orderBy(asc(domainEvents.id));
    const row = rows.filter((r) => r.type === type).at(-1);
    if (!row) throw new Error(`no ${type} event`);
    return ticketNotifierRule(toDomainEvent(row), notifierContext(core, new SlackStore(core.database.db), TEAM, createLogger({ level: 'silent' })));
  }
  const posts = (outputs: SlackOutput[]) => outputs.filter((o): o is Extract<SlackOutput, { kind: 'post' }> => o.kind === 'post');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
    await makePerson(core, core.providerId!, ['oncall'], { name: 'Paged Person', slack: { teamId: TEAM, userId: 'UPAGED01' } });
    await makePerson(core, core.providerId!, ['agent'], { name: 'Not Paged', slack: { teamId: TEAM, userId: 'UNOTPAGED' } });
    await linkSlackChannel(core, cast.a.id, TEAM, 'CACME01', 'client');
    await linkSlackChannel(core, core.providerId!, TEAM, 'CSUPPORT1', 'support');
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it("pages on-call for the client's URGENT proposal, but not for the provider's", async () => {
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Down', proposedSeverity: 'URGENT' });
    const paged = posts(await outputsFor(ticket.id, 'ticket.severity_proposed'));
    expect(paged.filter((p) => p.channel === 'UPAGED01')).toHaveLength(1);
    expect(paged.filter((p) => p.channel === 'UNOTPAGED')).toHaveLength(0);
    expect(paged.find((p) => p.channel === 'CSUPPORT1')?.text).toContain('URGENT proposed');

    const other = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Meh' });
    await core.execute(proposeSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: other.id, severity: 'URGENT' });
    expect(posts(await outputsFor(other.id, 'ticket.severity_proposed')).filter((p) => p.channel === 'UPAGED01')).toHaveLength(0);
  });

  it('tells the thread and the support channel of a warning and a breach', async () => {
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Slow', proposedSeverity: 'URGENT' });
    await core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
    clock.advance(31 * 60_000);
    await core.timers.runDue();
    for (const type of ['ticket.sla_warned', 'ticket.sla_breached']) {
      const outputs = await outputsFor(ticket.id, type);
      expect(outputs.find((o) => o.kind === 'card')).toMatchObject({ cardKey: `ticket:${ticket.id}`, channel: 'CACME01' });
      expect(posts(outputs).find((p) => p.threadOf === `ticket:${ticket.id}`)).toBeDefined();
      expect(posts(outputs).find((p) => p.channel === 'CSUPPORT1')?.text).toMatch(type === 'ticket.sla_warned' ? /SLA warning/ : /SLA breached/);
      // The card is not posted in this suite (no notifier runs): the notice names its channel.
      expect(posts(outputs).find((p) => p.channel === 'CSUPPORT1')?.text).toContain('<#CACME01>');
    }
  });

  it("reminds the initiator by DM when the initiator has a Slack user", async () => {
    const initiator = await makePerson(core, cast.a.id, ['contact'], { name: 'Rita', slack: { teamId: 'TCLIENT9', userId: 'URITA01' } });
    const ticket = await core.execute(openTicket, await actorOf(core, initiator.id), { orgId: cast.a.id, title: 'Done?' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    clock.advance(3 * 86_400_000);
    await core.timers.runDue();
    const outputs = posts(await outputsFor(ticket.id, 'ticket.closure_reminded'));
    expect(outputs.find((p) => p.channel === 'URITA01')?.text).toMatch(/approve the closure or reopen/);
  });
});
