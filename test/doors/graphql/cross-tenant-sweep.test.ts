/**
 * The cross-tenant sweep: every mutation (and query) of schema.graphql, sent by client A's contact
 * and by A's admin with client B's ids (all at once, and each id alone among A's own), changes no
 * audit chain but A's own, shows nothing of B, and answers exactly as it does for ids that do not
 * exist: B's rows look like no rows. The id an argument takes comes from its name
 * (`test/support/schema-walk.ts`), so mutations added later are swept too, or the first test says
 * which argument to map.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../core/errors.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { collect, gql, wsClient, type GraphqlResponse } from '../../support/clients.ts';
import { chainHeads, changedChains } from '../../support/chains.ts';
import { argumentsFor, idKindOf, leavesOf, operationFor, pathOf, rootFields, type RootField } from '../../support/schema-walk.ts';
import { buildWorld, type IdKind, type World } from '../../support/world.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** One way of sending a field with B's ids: which positions are sent, and which of them get B's. */
interface Variant {
  label: string;
  /** Optional positions sent besides the required ones. */
  include: string[][];
  /** Whether the position gets B's id rather than A's own. */
  isB: (path: string[]) => boolean;
}

/** Every id position with B's id at once, and each alone among A's own; a field without ids once, as is. */
function variantsOf(root: RootField): Variant[] {
  const idLeaves = leavesOf(root).filter((leaf) => leaf.type.name === 'ID');
  if (idLeaves.length === 0) return [{ label: 'no ids', include: [], isB: () => false }];
  const each = idLeaves.map((leaf) => ({ label: `B's ${pathOf(leaf)}`, include: [leaf.path], isB: (path: string[]) => pathOf(path) === pathOf(leaf) }));
  return idLeaves.length === 1 ? each : [{ label: "all of B's ids", include: idLeaves.map((leaf) => leaf.path), isB: () => true }, ...each];
}

const mutations = rootFields('mutation');
const queries = rootFields('query');

describe.each(backends)('the cross-tenant sweep on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let world: World;
  let watchB: ReturnType<typeof collect>;
  let closeWatch: () => Promise<void>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    world = await buildWorld(server.core);
    // B's admin watches B's events for the whole sweep: none may come from A's calls.
    const client = wsClient(server.url, world.tenants.bAdmin.token);
    watchB = collect(client, 'subscription($b: ID!) { events(orgId: $b) { type subjectId } }', { b: world.other.org });
    closeWatch = () => client.dispose() as Promise<void>;
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(async () => {
    await closeWatch?.();
    await server?.stop();
    await db?.dispose();
  });

  it('knows what every ID argument of schema.graphql names', () => {
    const unmapped = ['query', 'mutation', 'subscription'].flatMap((kind) =>
      rootFields(kind as 'query').flatMap((root) =>
        leavesOf(root)
          .filter((leaf) => leaf.type.name === 'ID' && !idKindOf(root.name, leaf.path))
          .map((leaf) => `${root.name}.${pathOf(leaf)}`),
      ),
    );
    expect(unmapped).toEqual([]);
  });

  /** Send a field as an actor, with B's ids where the variant says, or unknown ids there instead. */
  async function send(root: RootField, variant: Variant, token: string, unknownInsteadOfB: boolean) {
    const sentIds: string[] = [];
    const args = argumentsFor(root, {
      include: variant.include,
      id: (kind: IdKind, path) => {
        if (!variant.isB(path)) return world.own[kind];
        const id = unknownInsteadOfB ? randomUUID() : world.other[kind];
        sentIds.push(id);
        return id;
      },
    });
    const { query, variables } = operationFor(root, args);
    return { response: await gql(server.url, token, query, variables), sentIds };
  }

  const answerOf = (response: GraphqlResponse, sentIds: string[]) => {
    const error = response.errors?.[0];
    let message = error?.message ?? '';
    for (const id of sentIds) message = message.split(id).join('<id>');
    return { code: error?.extensions?.code ?? 'ok', message: message.replace(UUID, '<uuid>') };
  };

  const sweep = (root: RootField) => async () => {
    const actors: Array<[string, string]> = [
      ["A's contact", world.tenants.aContact.token],
      ["A's admin", world.tenants.aAdmin.token],
    ];
    for (const variant of variantsOf(root)) {
      for (const [who, token] of actors) {
        const context = `${root.name} with ${variant.label}, as ${who}`;
        const before = await chainHeads(db.database);
        const { response, sentIds } = await send(root, variant, token, false);
        const changed = changedChains(before, await chainHeads(db.database));
        expect(changed.filter((chain) => chain !== world.own.org), `${context}: chains other than A's changed: ${JSON.stringify(response)}`).toEqual([]);
        const text = JSON.stringify(response);
        for (const secret of world.secretsOfB) expect(text, `${context} shows ${secret}`).not.toContain(secret);
        for (const error of response.errors ?? []) {
          expect(ERROR_CODES, context).toContain(error.extensions?.code);
          expect(error.extensions?.code, `${context}: ${text}`).not.toBe('INTERNAL');
        }
        if (sentIds.length > 0 && root.kind === 'mutation') {
          expect(response.errors, `${context} was not refused: ${text}`).toBeDefined();
          // B's rows look like rows that do not exist.
          const control = await send(root, variant, token, true);
          expect(answerOf(response, sentIds), `${context}, against unknown ids: ${JSON.stringify(control.response)}`).toEqual(answerOf(control.response, control.sentIds));
        }
      }
    }
  };

  it.each(mutations.map((root) => [root.name, root] as const))("%s with client B's ids changes no chain but A's and answers as for ids that do not exist", async (_name, root) => {
    await sweep(root)();
  });

  it.each(queries.map((root) => [root.name, root] as const))("%s with client B's ids shows nothing of B", async (_name, root) => {
    await sweep(root)();
  });

  it("sent B's admin none of A's doings on B's event stream", async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(watchB.errors).toEqual([]);
    expect(watchB.received).toEqual([]);
  });
});
