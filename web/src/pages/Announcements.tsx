/**
 * Upgrade announcements: my pending acknowledgements (Acknowledge), announcements with each org's
 * acknowledgement progress, and (for provider staff) releases not announced yet. Live through
 * announcementEvents.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { AnnouncementsPageQuery } from '../gql/graphql';
import { words } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { PlanRelease, ReleaseActions } from './ReleasePlanning.tsx';
import { Done, Empty, ErrorNote, LiveNote, Loading, Page, Relative, Time, useAction, useLive, useThrottled } from '../lib/ui.tsx';

graphql(`
  fragment ReleaseFacts on Release {
    id
    version
    title
    changeLog
    downtime
    windowStart
    windowEnd
    kind
    urgentReason
    status
    preview {
      start
      end
      url
    }
  }
`);

// Three documents, each well under the server's cost limit: the page (about 600), the planned
// releases for staff (about 320), and each announcement's acknowledgements (about 250, its own
// query: a list of orgs, each with two lists of people, is what made one document cost 34 000).
const AnnouncementsPageDocument = graphql(`
  query AnnouncementsPage {
    mine: myPendingAnnouncements {
      id
      shortNotice
      release {
        ...ReleaseFacts
      }
    }
    announcements(first: 20) {
      nodes {
        id
        status
        announcedAt
        shortNotice
        release {
          ...ReleaseFacts
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const PlannedReleasesDocument = graphql(`
  query PlannedReleases {
    releases(first: 20) {
      nodes {
        ...ReleaseFacts
      }
    }
  }
`);

const AcknowledgementsDocument = graphql(`
  query AnnouncementAcknowledgements($id: ID!) {
    announcement(id: $id) {
      id
      acknowledgementsByOrg {
        orgId
        orgName
        acknowledged {
          personId
        }
        pending {
          personId
          name
        }
      }
    }
  }
`);

const AnnouncementEventsDocument = graphql(`
  subscription AnnouncementsLive($orgId: ID) {
    announcementEvents(orgId: $orgId) {
      id
      type
    }
  }
`);

const AcknowledgeDocument = graphql(`
  mutation AcknowledgeAnnouncement($announcementId: ID!) {
    acknowledgeAnnouncement(announcementId: $announcementId) {
      announcementId
      acknowledgedAt
    }
  }
`);

type Announcement = AnnouncementsPageQuery['announcements']['nodes'][number];
type Release = Announcement['release'];

export default function Announcements() {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: AnnouncementsPageDocument });
  const [releases, refetchReleases] = useQuery({ query: PlannedReleasesDocument, pause: !viewer.isStaff });
  // Bumped on every event: each announcement's acknowledgements refetch with it.
  const [round, setRound] = useState(0);
  const reload = useThrottled(() => {
    refetch({ requestPolicy: 'network-only' });
    if (viewer.isStaff) refetchReleases({ requestPolicy: 'network-only' });
    setRound((n) => n + 1);
  });
  const data = result.data;
  // Provider staff follow every announcement; client people each of their orgs.
  const streams: (string | undefined)[] = viewer.isStaff ? [undefined] : viewer.clientMemberships.map((m) => m.org.id);
  const planned = (releases.data?.releases.nodes ?? []).filter((r) => r.status === 'PLANNED');
  // For display only: the server decides who may plan and announce.
  const plans = viewer.hasProviderRole('PRODUCT_OWNER', 'ADMIN');

  return (
    <Page title="Announcements">
      {streams.map((orgId) => (
        <Live key={orgId ?? 'all'} orgId={orgId} onEvent={reload} />
      ))}
      <LiveNote states={[{ paused: streams.length === 0 }]} />
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!data && !result.error && <Loading what="Loading announcements" />}
      {data && (
        <>
          <section aria-labelledby="pending-h">
            <h2 id="pending-h">Waiting for your acknowledgement ({data.mine.length})</h2>
            {data.mine.length === 0 ? (
              <Empty>{viewer.receivesAnnouncements ? 'You have acknowledged every announcement.' : 'Announcements go to client admins and owners; none waits for you.'}</Empty>
            ) : (
              <ul className="cards-list">
                {data.mine.map((a) => (
                  <Pending key={a.id} id={a.id} release={a.release} shortNotice={a.shortNotice} onDone={reload} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="all-h">
            <h2 id="all-h">Announcements</h2>
            {data.announcements.nodes.length === 0 ? (
              <Empty>No upgrade has been announced yet.</Empty>
            ) : (
              data.announcements.nodes.map((a) => <AnnouncementItem key={a.id} announcement={a} round={round} />)
            )}
            {data.announcements.pageInfo.hasNextPage && <p className="hint">The 20 most recent announcements are shown.</p>}
          </section>
          {viewer.isStaff && (
            <section aria-labelledby="planned-h">
              <h2 id="planned-h">Planned releases, not announced</h2>
              {plans && <PlanRelease onDone={reload} />}
              {releases.error && <ErrorNote error={releases.error} retry={() => refetchReleases({ requestPolicy: 'network-only' })} />}
              {!releases.data && !releases.error && <Loading what="Loading releases" />}
              {releases.data && planned.length === 0 && <Empty>No planned release waits to be announced.</Empty>}
              {planned.length > 0 && (
                <ul className="cards-list">
                  {planned.map((r) => (
                    <li key={r.id} className="card" aria-labelledby={`pl-${r.id}`}>
                      <h3 id={`pl-${r.id}`}>
                        {r.version}: {r.title}
                      </h3>
                      <ReleaseDetails release={r} />
                      {plans && <ReleaseActions releaseId={r.id} onDone={reload} />}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </>
      )}
    </Page>
  );
}

function Live({ orgId, onEvent }: { orgId: string | undefined; onEvent: () => void }) {
  const live = useLive(AnnouncementEventsDocument, orgId ? { orgId } : {}, onEvent);
  return live.error ? <LiveNote states={[live]} /> : null;
}

function ReleaseDetails({ release: r }: { release: Release }) {
  return (
    <>
      <dl className="facts">
        <dt>Service window</dt>
        <dd>
          <Time value={r.windowStart} /> to <Time value={r.windowEnd} /> (<Relative value={r.windowStart} />)
        </dd>
        <dt>Downtime</dt>
        <dd>{r.downtime ? 'Yes: the service is offline during the window' : 'No'}</dd>
        <dt>Status</dt>
        <dd>{words(r.status)}</dd>
        {r.kind === 'URGENT_MAINTENANCE' && (
          <>
            <dt>Urgent maintenance</dt>
            <dd>{r.urgentReason}</dd>
          </>
        )}
        {r.preview && (
          <>
            <dt>Preview</dt>
            <dd>
              <a href={r.preview.url} rel="noopener noreferrer" target="_blank">
                {r.preview.url}
              </a>{' '}
              from <Time value={r.preview.start} /> to <Time value={r.preview.end} />
            </dd>
          </>
        )}
      </dl>
      <details>
        <summary>Change log</summary>
        <div className="pre">{r.changeLog}</div>
      </details>
    </>
  );
}

function Pending({ id, release, shortNotice, onDone }: { id: string; release: Release; shortNotice: boolean; onDone: () => void }) {
  const ack = useAction(AcknowledgeDocument);
  const [done, setDone] = useState<string>();
  return (
    <li className="card" aria-labelledby={`p-${id}`}>
      <h3 id={`p-${id}`}>
        {release.version}: {release.title}
      </h3>
      {shortNotice && <p className="notice">Short notice: urgent maintenance.</p>}
      <ReleaseDetails release={release} />
      <Done>{done}</Done>
      <ErrorNote error={ack.error} />
      <button
        type="button"
        className="primary"
        disabled={ack.busy || Boolean(done)}
        onClick={() =>
          void ack.run({ announcementId: id }).then((d) => {
            if (d) {
              setDone('Acknowledged. Thank you.');
              onDone();
            }
          })
        }
      >
        Acknowledge
      </button>
    </li>
  );
}

function AnnouncementItem({ announcement: a, round }: { announcement: Announcement; round: number }) {
  return (
    <article className="card" aria-labelledby={`a-${a.id}`}>
      <h3 id={`a-${a.id}`}>
        {a.release.version}: {a.release.title}
      </h3>
      <p className="small">
        Announced <Time value={a.announcedAt} /> · {words(a.status)}
        {a.shortNotice ? ' · short notice' : ''}
      </p>
      <ReleaseDetails release={a.release} />
      <Acknowledgements id={a.id} round={round} />
    </article>
  );
}

/** Each org's acknowledgement progress for one announcement; refetched when `round` moves. */
function Acknowledgements({ id, round }: { id: string; round: number }) {
  const [result, refetch] = useQuery({ query: AcknowledgementsDocument, variables: { id } });
  const first = useRef(round);
  useEffect(() => {
    if (round !== first.current) refetch({ requestPolicy: 'network-only' });
  }, [round, refetch]);
  if (result.error) return <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  const byOrg = result.data?.announcement?.acknowledgementsByOrg;
  if (!byOrg) return result.fetching ? <Loading what="Loading acknowledgements" /> : null;
  if (byOrg.length === 0) return null;
  return (
    <table className="cards">
      <caption className="sr-only">Acknowledgements by organisation</caption>
      <thead>
        <tr>
          <th scope="col">Organisation</th>
          <th scope="col">Acknowledged</th>
          <th scope="col">Not yet</th>
        </tr>
      </thead>
      <tbody>
        {byOrg.map((o) => {
          const total = o.acknowledged.length + o.pending.length;
          return (
            <tr key={o.orgId}>
              <td data-label="Organisation">{o.orgName}</td>
              <td data-label="Acknowledged">
                <progress max={total || 1} value={o.acknowledged.length} aria-label={`${o.orgName}: acknowledged`} /> {o.acknowledged.length} of {total}
              </td>
              <td data-label="Not yet">{o.pending.length ? o.pending.map((p) => p.name).join(', ') : 'Everyone has acknowledged'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
