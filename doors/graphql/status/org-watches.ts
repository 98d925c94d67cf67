/**
 * One watch per client org whose status page someone follows (`orgStatusChanged`), shared by all its
 * subscribers: relevant events are coalesced into at most one read of the org's page a second, and
 * subscribers are told only when what the page shows changed (so an org learns nothing from another
 * org's private services). The watch reads as the host: the page is the same for everyone who may
 * read it, and each subscriber's right to it is checked at subscribe and on every credential change.
 * The last subscriber leaving stops the watch.
 */
import { randomUUID } from 'node:crypto';
import type { Core } from '../../../core/core.ts';
import { changesStatusPage, orgNotices } from '../../../core/incidents/index.ts';
import { orgStatus } from '../../../core/status/index.ts';
import { hostActor } from '../../../server/auth.ts';
import { pageFingerprint, watchChanges, type ChangeWatch } from '../../../server/change-watch.ts';

export interface OrgStatusChange {
  orgId: string;
  at: Date;
}

type Listener = (change: OrgStatusChange) => void;

interface OrgWatch {
  watch: ChangeWatch;
  listeners: Set<Listener>;
}

/** The watches of one core (one server): a test process may run several. */
const watchesOf = new WeakMap<Core, Map<string, OrgWatch>>();

/** Follow an org's page changes; returns how to stop. */
export function followOrgPage(core: Core, orgId: string, listener: Listener): () => void {
  let watches = watchesOf.get(core);
  if (!watches) watchesOf.set(core, (watches = new Map()));
  let entry = watches.get(orgId);
  if (!entry) {
    const listeners = new Set<Listener>();
    const read = async () => {
      const actor = hostActor('graphql', `org-status-watch-${randomUUID()}`);
      const [status, notices] = await Promise.all([core.read(orgStatus, actor, { orgId }), core.read(orgNotices, actor, { orgId })]);
      return { ...status, ...notices };
    };
    const watch = watchChanges({
      bus: core.bus,
      relevant: changesStatusPage,
      read,
      fingerprint: (page) => pageFingerprint(page),
      onChange: (page) => {
        const change = { orgId, at: page.generatedAt };
        for (const each of listeners) each(change);
      },
      onError: (error) => core.logger.error({ err: error, orgId }, 'could not read an org’s status page for its subscribers'),
    });
    watch.prime().catch((error) => core.logger.error({ err: error, orgId }, 'could not read an org’s status page for its subscribers'));
    entry = { watch, listeners };
    watches.set(orgId, entry);
  }
  const own = entry;
  own.listeners.add(listener);
  return () => {
    own.listeners.delete(listener);
    if (own.listeners.size === 0 && watches.get(orgId) === own) {
      own.watch.close();
      watches.delete(orgId);
    }
  };
}
