/** The event catalogue: every event type is declared with its read rule, and nothing undeclared is ever recorded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEvents } from '../../db/schema.ts';
import { CLIENT_ROLES } from '../../core/actor.ts';
import { defineCommand } from '../../core/command.ts';
import type { Core } from '../../core/core.ts';
import type { DomainEvent } from '../../core/events/bus.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';

describe.each(backends)('the event catalogue on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('refuses to commit an event type nobody declared, and writes nothing', async () => {
    const undeclared = defineCommand({
      name: 'undeclared',
      input: z.object({}),
      async run(ctx) {
        await ctx.record({ orgId: null, action: 'mystery.happened', subjectType: 'mystery', subjectId: 'm1', data: {} });
      },
    });
    const before = (await core.database.db.select().from(auditEvents)).length;
    await expect(core.execute(undeclared, operator(), {})).rejects.toThrow(/not in the event catalogue/);
    expect(await core.database.db.select().from(auditEvents)).toHaveLength(before);
  });

  it('gives no event of one client org to a person of another, whatever their roles', () => {
    const stranger = {
      type: 'person' as const,
      id: 'p-other',
      name: 'Other',
      door: 'graphql' as const,
      requestId: 'r',
      memberships: [{ orgId: 'org-b', orgKind: 'client' as const, roles: [...CLIENT_ROLES] }],
    };
    const eventOf = (type: string): DomainEvent => ({
      id: 1,
      orgId: 'org-a',
      type,
      subjectType: 'x',
      subjectId: 'y',
      payload: { personId: 'p-someone' },
      actorId: 'a',
      requestId: 'r',
      at: new Date().toISOString(),
    });
    const leaked = core.events.types.filter((type) => core.events.canRead(stranger, eventOf(type)));
    expect(core.events.types.length).toBeGreaterThan(50);
    expect(leaked).toEqual([]);
  });
});
