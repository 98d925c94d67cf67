/** The tickets capability's part of the GraphQL door. */
import type { Resolvers } from '../generated.ts';
import type { GraphqlPart } from '../index.ts';
import { attachmentResolvers } from './attachments.ts';
import { ticketNoteResolvers } from './notes.ts';
import { ticketResolvers } from './resolvers.ts';

/** The tickets' resolvers come in several files; each type's fields are put together here. */
function combine(...parts: Resolvers[]): Resolvers {
  const combined: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      const previous = combined[type];
      combined[type] = previous && typeof previous === 'object' && typeof fields === 'object' ? { ...previous, ...fields } : fields;
    }
  }
  return combined as Resolvers;
}

export default { resolvers: combine(ticketResolvers, ticketNoteResolvers, attachmentResolvers) } satisfies GraphqlPart;
