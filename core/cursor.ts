/**
 * The one cursor codec of every paginated list. A cursor is opaque to callers: base64url of JSON
 * naming its list and holding the position, checked with the list's zod schema on the way back in.
 * Anything it did not make (another list's cursor, a hand-made one, numbers out of range) is
 * INVALID_INPUT on `after`, never a database error.
 */
import { z } from 'zod';
import { OpsdeskError } from './errors.ts';

/** Positions in lists: sequence numbers and offsets are never negative and stay within PostgreSQL's bigint. */
export const positionSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const envelope = z.object({ list: z.string(), at: z.unknown() }).strict();

/** Longer than any cursor a list makes: a guard against parsing megabytes of `after`. */
const MAX_CURSOR_LENGTH = 512;

const refused = () =>
  new OpsdeskError('INVALID_INPUT', 'invalid input: after: not a cursor this list gave out', { fields: { after: 'not a cursor this list gave out' } });

export interface CursorCodec<T> {
  encode(position: T): string;
  /** The position, or INVALID_INPUT naming `after`. */
  decode(cursor: string): T;
}

export function cursorCodec<S extends z.ZodTypeAny>(list: string, position: S): CursorCodec<z.output<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify({ list, at: position.parse(value) })).toString('base64url'),
    decode(cursor) {
      if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw refused();
      }
      const outer = envelope.safeParse(json);
      if (!outer.success || outer.data.list !== list) throw refused();
      const inner = position.safeParse(outer.data.at);
      if (!inner.success) throw refused();
      return inner.data;
    },
  };
}
