/**
 * @deprecated The directory's identity helpers live in internal/ now: import `hashToken`,
 * `holdsARole` and the credential types from `core/directory/index.ts`, and build a person's actor
 * with the `actorOfPerson` query. This file only keeps the imports of code still being converted
 * working; it goes once none imports it (nothing in the directory does).
 */
export { actorForPerson, hashToken, holdsARole, type Authenticated, type TokenCredential } from './internal/identity.ts';
