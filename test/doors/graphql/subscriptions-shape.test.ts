/**
 * Subscriptions agree on what they yield: every stream of changes yields an `Event` (the domain
 * event, and for one kind of subject the subject as it is now), so a client handles them alike.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';

const schema = buildSchema(readFileSync(new URL('../../../schema.graphql', import.meta.url), 'utf8'));
/**
 * Streams of something other than events: a checkpoint is a signature over the chain; a status page's
 * signal says "read the page again" and carries none of the events behind it (the provider's, which
 * its client subscribers may not read).
 */
const NOT_CHANGES = new Set(['auditCheckpointSigned', 'orgStatusChanged']);

describe('subscriptions', () => {
  it('every stream of changes yields a type that implements Event', () => {
    const event = schema.getType('Event');
    expect(isInterfaceType(event)).toBe(true);
    const fields = Object.values(schema.getSubscriptionType()!.getFields()).filter((f) => !NOT_CHANGES.has(f.name));
    expect(fields.length).toBeGreaterThan(4);
    const odd = fields.filter((field) => {
      const type = getNamedType(field.type);
      return !isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Event');
    });
    expect(odd.map((f) => `${f.name}: ${String(f.type)}`)).toEqual([]);
  });
});
