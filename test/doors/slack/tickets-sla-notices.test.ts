/**
 * What Slack shows of SLA pauses, resolution targets and ratings, on the events a core committed:
 * the pause and resume in the card's thread (the client's channel), the resolution warning and
 * breach in the thread and the support channel, a rating in the thread.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketSlaNotifierRule } from '../../../doors/slack/tickets/sla-notices.ts';
import type { SlackOutput } from '../../../doors/slack/notifier/types.ts';
import { ManualClock } from '../../../core/clock.ts';
import type { Core } from '../../../core/core.ts';
import { toDomainEvent } from '../../../core/events/bus.ts';
import { createLogger } from '../../../core/observability.ts';
import { acceptSeverity, approveClosure, changeTicketStatus, commentOnTicket, openTicket, rateTicket } from '../../../core/tickets/index.ts';
import { domainEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startCore } from '../../support/core.ts';
import { linkSlackChannel } from '../../support/server.ts';
import { actorOf, makeTicketCast } from '../../support/tickets.ts';
import { notifierContext } from '../../../doors/slack/notifier/index.ts';
import { SlackStore } from '../../../doors/slack/store/index.ts';

const TEAM = 'TPROVIDER';

describe.each(backends)('the Slack notices of SLA pauses, resolution targets and ratings on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-23T09:00:00Z'); // Monday 10:00 in Stockholm

  async function postsFor(ticketId: string, type: string) {
    const rows = await core.database.db.select().from(domainEvents).where(eq(domainEvents.subjectId, ticketId)).orderBy(asc(domainEvents.id));
    const row = rows.filter((r) => r.type === type).at(-1);
    if (!row) throw new Error(`no ${type} event`);
    const outputs = await ticketSlaNotifierRule(toDomainEvent(row), notifierContext(core, new SlackStore(core.database.db), TEAM, createLogger({ level: 'silent' })));
    return outputs.filter((o): o is Extract<SlackOutput, { kind: 'post' }> => o.kind === 'post');
  }

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
    await linkSlackChannel(core, cast.a.id, TEAM, 'CACME01', 'client');
    await linkSlackChannel(core, core.providerId!, TEAM, 'CSUPPORT1', 'support');
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('tells the thread of each pause and resume, and the support channel of the resolution warning and breach', async () => {
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Slow search', proposedSeverity: 'URGENT' });
    await core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
    const paused = await postsFor(ticket.id, 'ticket.sla_paused');
    expect(paused).toEqual([{ kind: 'post', threadOf: `ticket:${ticket.id}`, text: expect.stringContaining('paused while the ticket awaits your reply') }]);

    clock.set('2026-11-23T11:00:00Z'); // two working hours later
    await core.execute(commentOnTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, body: 'Better now?' });
    const resumed = await postsFor(ticket.id, 'ticket.sla_resumed');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.text).toContain('after 2 h 0 min of working time paused');

    clock.set('2026-11-24T11:00:00Z');
    await core.timers.runDue();
    for (const [type, words] of [['ticket.resolution_warned', /Resolution warning/], ['ticket.resolution_breached', /Resolution target breached/]] as const) {
      const posts = await postsFor(ticket.id, type);
      expect(posts.filter((p) => p.threadOf === `ticket:${ticket.id}`)).toHaveLength(1);
      expect(posts.find((p) => p.channel === 'CSUPPORT1')?.text).toMatch(words);
    }
  });

  it("puts the initiator's rating in the thread, not in the support channel", async () => {
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Wrong total' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    await core.execute(approveClosure, await actorOf(core, cast.aContact.id), { ticketId: ticket.id });
    await core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 5, comment: 'Great <help>' });
    expect(await postsFor(ticket.id, 'ticket.rated')).toEqual([
      { kind: 'post', threadOf: `ticket:${ticket.id}`, text: 'The initiator rated the support *5/5*: Great &lt;help&gt;' },
    ]);
  });
});
