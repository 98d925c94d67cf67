/**
 * The console: asks /auth/session who is signed in, then either the sign-in page or the console
 * (a GraphQL client bound to the session's CSRF token, the header, the pages).
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { createApiClient } from './lib/client.ts';
import { ConnectionContext } from './lib/connection.tsx';
import { MeDocument, Viewer, ViewerContext, useViewer } from './lib/me.tsx';
import { fetchSession, onSessionEnded, signOut, signedOut, type Session } from './lib/session.ts';
import { ErrorNote, Loading } from './lib/ui.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Queue } from './pages/Queue.tsx';

const TicketPage = lazy(() => import('./pages/Ticket.tsx'));
const Alarms = lazy(() => import('./pages/Alarms.tsx'));
const Access = lazy(() => import('./pages/Access.tsx'));
const Announcements = lazy(() => import('./pages/Announcements.tsx'));
const Audit = lazy(() => import('./pages/Audit.tsx'));
const People = lazy(() => import('./pages/People.tsx'));
const Sessions = lazy(() => import('./pages/Sessions.tsx'));
const Settings = lazy(() => import('./pages/Settings.tsx'));
const Quarantine = lazy(() => import('./pages/Quarantine.tsx'));
const Reports = lazy(() => import('./pages/Reports.tsx'));
const StatusPage = lazy(() => import('./pages/Status.tsx'));
const OrgStatusPage = lazy(() => import('./pages/OrgStatus.tsx'));
const Services = lazy(() => import('./pages/Services.tsx'));
const ServicePage = lazy(() => import('./pages/Service.tsx'));
const Incidents = lazy(() => import('./pages/Incidents.tsx'));
const IncidentPage = lazy(() => import('./pages/Incident.tsx'));
const Maintenance = lazy(() => import('./pages/Maintenance.tsx'));

type State = { status: 'loading' } | { status: 'unreachable'; error: Error } | { status: 'out' } | { status: 'in'; session: Session };

export function App() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [location] = useLocation();

  useEffect(() => {
    let live = true;
    fetchSession().then(
      (session) => live && setState(session ? { status: 'in', session } : { status: 'out' }),
      (error: Error) => live && setState({ status: 'unreachable', error }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(
    () =>
      onSessionEnded(() => {
        setState({ status: 'out' });
      }),
    [],
  );

  // The public status page needs no session: shown to anyone signed out, and while the session cannot be checked.
  if (state.status === 'out' || state.status === 'unreachable') {
    if (isStatusPath(location)) return <PublicStatusPage />;
  }
  if (state.status === 'loading' || state.status === 'unreachable') {
    return (
      <main id="main" className="narrow">
        <h1>opsdesk</h1>
        {state.status === 'loading' ? (
          <Loading what="Checking your session" />
        ) : (
          <ErrorNote error={state.error} retry={() => setAttempt((n) => n + 1)}>
            Could not reach opsdesk ({state.error.message}). Check your connection and try again.
          </ErrorNote>
        )}
      </main>
    );
  }
  if (state.status === 'out') {
    return (
      <Switch>
        <Route path="/signin">
          <SignIn onSignedIn={(session) => setState({ status: 'in', session })} />
        </Route>
        <Route>
          <RedirectToSignIn />
        </Route>
      </Switch>
    );
  }
  return <SignedIn session={state.session} onSignedOut={() => signedOut()} />;
}

const isStatusPath = (path: string) => path === '/status' || path === '/status/';

/** The status page for someone not signed in: the brand, a way to sign in, the page. */
function PublicStatusPage() {
  return (
    <>
      <header className="top">
        <a className="skip" href="#main">
          Skip to content
        </a>
        <Link href="/status" className="brand">
          opsdesk status
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/signin">Sign in</Link>
            </li>
          </ul>
        </nav>
      </header>
      <main id="main">
        <Suspense fallback={<Loading />}>
          <StatusPage />
        </Suspense>
      </main>
    </>
  );
}

function RedirectToSignIn() {
  const [location] = useLocation();
  const next = location + window.location.search;
  return <Redirect to={next === '/' ? '/signin' : `/signin?${new URLSearchParams({ next })}`} replace />;
}

function SignedIn({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const api = useMemo(() => createApiClient(session.csrfToken), [session.csrfToken]);
  useEffect(() => () => api.dispose(), [api]);
  return (
    <Provider value={api.client}>
      <ConnectionContext.Provider value={api.connection}>
        <Console session={session} onSignedOut={onSignedOut} />
      </ConnectionContext.Provider>
    </Provider>
  );
}

function Console({ session, onSignedOut }: { session: Session; onSignedOut: () => void }) {
  const [me, refetchMe] = useQuery({ query: MeDocument });
  const viewer = useMemo(() => (me.data ? new Viewer(me.data.me, session) : null), [me.data, session]);

  if (!viewer) {
    return (
      <main id="main" className="narrow">
        <h1>opsdesk</h1>
        {me.error ? <ErrorNote error={me.error} retry={() => refetchMe({ requestPolicy: 'network-only' })} /> : <Loading what="Loading your console" />}
      </main>
    );
  }
  return (
    <ViewerContext.Provider value={viewer}>
      <Header onSignedOut={onSignedOut} />
      <main id="main">
        <Suspense fallback={<Loading />}>
          <Switch>
            <Route path="/" component={Queue} />
            <Route path="/signin">
              <Redirect to="/" replace />
            </Route>
            <Route path="/tickets/:key">{(params) => <TicketPage ticketKey={decodeURIComponent(params.key)} />}</Route>
            <Route path="/alarms" component={Alarms} />
            <Route path="/access" component={Access} />
            <Route path="/announcements" component={Announcements} />
            <Route path="/audit" component={Audit} />
            <Route path="/reports" component={Reports} />
            <Route path="/status" component={StatusPage} />
            <Route path="/org-status" component={OrgStatusPage} />
            <Route path="/services" component={Services} />
            <Route path="/services/:id">{(params) => <ServicePage serviceId={params.id} />}</Route>
            <Route path="/incidents" component={Incidents} />
            <Route path="/incidents/:id">{(params) => <IncidentPage incidentId={params.id} />}</Route>
            <Route path="/maintenance" component={Maintenance} />
            <Route path="/people" component={People} />
            <Route path="/quarantine" component={Quarantine} />
            <Route path="/settings" component={Settings} />
            <Route path="/sessions">
              <Sessions onSignedOut={onSignedOut} />
            </Route>
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </main>
    </ViewerContext.Provider>
  );
}

function NotFound() {
  useEffect(() => {
    document.title = 'Page not found · opsdesk';
  }, []);
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page here. Go to the <Link href="/">ticket queue</Link>.
      </p>
    </>
  );
}

function Header({ onSignedOut }: { onSignedOut: () => void }) {
  const viewer = useViewer();
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setMenuOpen(false), [location]);

  const links: { href: string; label: string; show: boolean }[] = [
    { href: '/', label: 'Tickets', show: true },
    { href: '/alarms', label: 'Alarms', show: viewer.isStaff },
    { href: '/access', label: 'Access', show: viewer.seesAccess },
    { href: '/announcements', label: 'Announcements', show: true },
    { href: '/reports', label: 'Reports', show: viewer.readsReports },
    { href: '/status', label: 'Status', show: true },
    { href: '/org-status', label: viewer.isStaff ? 'Client status' : 'Our status', show: viewer.isStaff || viewer.clientMemberships.length > 0 },
    { href: '/services', label: 'Services', show: viewer.isStaff },
    { href: '/incidents', label: 'Incidents', show: true },
    { href: '/maintenance', label: 'Maintenance', show: true },
    { href: '/audit', label: 'Audit', show: viewer.readsAudit },
    { href: '/people', label: 'People', show: viewer.managesPeople },
    { href: '/quarantine', label: 'Mail quarantine', show: viewer.triagesMail },
    { href: '/settings', label: 'Settings', show: true },
  ];
  const current = (href: string) => (href === '/' ? location === '/' || location.startsWith('/tickets') : location.startsWith(href));

  async function doSignOut() {
    setError(undefined);
    try {
      await signOut(viewer.session.csrfToken);
      onSignedOut();
    } catch (e) {
      setError(`Could not sign out: ${(e as Error).message}`);
    }
  }

  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand">
        opsdesk
      </Link>
      <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
        Menu
      </button>
      <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
        <ul>
          {links
            .filter((l) => l.show)
            .map((l) => (
              <li key={l.href}>
                <Link href={l.href} aria-current={current(l.href) ? 'page' : undefined}>
                  {l.label}
                </Link>
              </li>
            ))}
        </ul>
        <div className="user">
          <Link href="/sessions" aria-current={location === '/sessions' ? 'page' : undefined} title="Your session">
            {viewer.me.name}
          </Link>
          <button type="button" className="quiet" onClick={doSignOut}>
            Sign out
          </button>
        </div>
      </nav>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </header>
  );
}
