/**
 * Every query and mutation of schema.graphql, every input position of it, hostile values for its
 * type (NUL bytes, lone surrogates, ids that are not UUIDs or name no row, instants in the year 0
 * or 10000 or on no calendar day, crafted cursors, extreme integers, unknown enum values, deep
 * JSON), as the provider admin and as a client admin. Whatever comes back carries a catalogued
 * code and never INTERNAL; what must be refused is refused at the edge as INVALID_INPUT; a refused
 * call leaves every audit chain as it was; and the trail verifies at the end. Positions come from
 * the schema (`test/support/schema-walk.ts`), so fields added later are walked too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEveryChain } from '../../../core/audit/verify.ts';
import { ERROR_CODES } from '../../../core/errors.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { gql } from '../../support/clients.ts';
import { chainHeads, changedChains } from '../../support/chains.ts';
import { argumentsFor, leavesOf, operationFor, pathOf, rootFields, type Leaf, type RootField } from '../../support/schema-walk.ts';
import { buildWorld, type World } from '../../support/world.ts';

interface Hostile {
  label: string;
  value: unknown;
  /** The edge refuses it as INVALID_INPUT, before any resolver. */
  mustRefuse: boolean;
  /** Sent as a literal in the document rather than as a variable. */
  literal?: boolean;
}

const cursor = (text: string) => Buffer.from(text).toString('base64url');
const deepJson = (depth: number): unknown => (depth === 0 ? 'x' : { d: deepJson(depth - 1) });

const refuse = (label: string, value: unknown, literal = false): Hostile => ({ label, value, mustRefuse: true, literal });
const survive = (label: string, value: unknown): Hostile => ({ label, value, mustRefuse: false });

/** Strings whose position says more about them than their type. */
const STRING_EXTRAS: Record<string, Hostile[]> = {
  after: [
    refuse('a cursor with a huge position', cursor(JSON.stringify({ list: 'tickets', at: 1e30 }))),
    refuse('a cursor of the old ticket form', cursor('t:99999999999999999999')),
    refuse('a cursor of another list', cursor(JSON.stringify({ list: 'elsewhere', at: 1 }))),
    refuse('a cursor holding an object of the wrong shape', cursor(JSON.stringify({ at: 'yesterday', chainId: 'x', seq: -1 }))),
    refuse('something that is no cursor', 'not a cursor!'),
  ],
  startDate: [refuse('an impossible date', '2026-02-30'), refuse('the year 10000', '10000-01-01')],
  timeZone: [refuse('an offset beyond any zone', 'UTC+25')],
  handoffTime: [refuse('a time past midnight', '24:60')],
};

function hostileValues(leaf: Leaf): Hostile[] {
  const name = leaf.path[leaf.path.length - 1]!;
  switch (leaf.type.name) {
    case 'ID':
      return [
        refuse('an id that is no UUID', 'not-a-uuid'),
        refuse('a path for an id', '../../../etc/passwd', true),
        refuse('a number for an id', 12345),
        survive('a UUID of nothing', randomUUID()),
      ];
    case 'String':
      return [refuse('a NUL byte', 'a\u0000b'), refuse('a NUL byte in a literal', 'a\u0000b', true), refuse('a lone surrogate', 'a\ud800b'), ...(STRING_EXTRAS[name] ?? [])];
    case 'DateTime':
      return [
        refuse('the year 0', '0000-01-01T00:00:00Z'),
        refuse('the year 10000', '+010000-01-01T00:00:00Z'),
        refuse('an impossible date', '2026-02-30T12:00:00Z', true),
        refuse('a second before 1970', '1969-12-31T23:59:59Z'),
        refuse('no date at all', 'soon'),
      ];
    case 'Int':
      return [survive('the largest Int', 2147483647), survive('the smallest Int', -2147483648), survive('minus one', -1), refuse('beyond 32 bits', 2 ** 31)];
    case 'Boolean':
      return [refuse('a string for a Boolean', 'yes')];
    case 'JSON':
      return [refuse('JSON nested 40 deep', deepJson(40))];
    default:
      return [refuse('a value of no enum', 'NOT_A_VALUE')];
  }
}

const walked = [...rootFields('query'), ...rootFields('mutation')];

describe.each(backends)('hostile values on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    world = await buildWorld(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it.each(walked.map((root) => [`${root.kind} ${root.name}`, root] as const))('%s answers every hostile value of every input with a catalogued code, and writes nothing when it refuses', async (_name, root: RootField) => {
    const actors: Array<[string, string, string[]]> = [
      ['the provider admin', server.adminToken, [world.own.org, server.core.providerId!]],
      ["client A's admin", world.tenants.aAdmin.token, [world.own.org, server.core.providerId!]],
    ];
    for (const leaf of leavesOf(root)) {
      for (const hostile of hostileValues(leaf)) {
        const args = argumentsFor(root, { id: (kind) => world.own[kind], target: { path: leaf.path, value: hostile.value } });
        const { query, variables } = operationFor(root, args, hostile.literal);
        // Edge refusals never reach a command: one snapshot of the chains around both actors' calls.
        const before = await chainHeads(db.database);
        for (const [who, token, mayChange] of actors) {
          const context = `${root.name}(${pathOf(leaf)}: ${hostile.label}) as ${who}`;
          const perCall = hostile.mustRefuse ? undefined : await chainHeads(db.database);
          const response = await gql(server.url, token, query, variables);
          const text = JSON.stringify(response);
          expect(response.status, `${context}: ${text}`).not.toBe(500);
          for (const error of response.errors ?? []) {
            expect(ERROR_CODES, `${context}: ${text}`).toContain(error.extensions?.code);
            expect(error.extensions?.code, `${context}: ${text}`).not.toBe('INTERNAL');
          }
          if (hostile.mustRefuse) {
            expect(response.errors?.[0]?.extensions?.code, `${context} was not refused: ${text}`).toBe('INVALID_INPUT');
            expect(response.data?.[root.name] ?? null, context).toBeNull();
          } else if (perCall && root.kind === 'mutation') {
            const changed = changedChains(perCall, await chainHeads(db.database));
            const refused = Boolean(response.errors?.length) && (response.data?.[root.name] ?? null) === null;
            // A refusal may be audited (a refused use of a grant is), on the actor's own chains only.
            expect(changed.filter((chain) => !mayChange.includes(chain)), `${context} changed other chains`).toEqual([]);
            if (refused && !['recordAccessUse'].includes(root.name)) expect(changed, `${context} was refused but wrote`).toEqual([]);
          }
        }
        if (hostile.mustRefuse) expect(changedChains(before, await chainHeads(db.database)), `${root.name}(${pathOf(leaf)}: ${hostile.label})`).toEqual([]);
      }
    }
  });

  it('leaves every audit chain intact', async () => {
    const results = await verifyEveryChain(db.database.db);
    expect(results.length).toBeGreaterThan(2);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });
});
