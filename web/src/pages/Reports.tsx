/**
 * The SLA and operations report of a client org and month (slaReport): tickets by severity with
 * first-response times against the targets, a bar chart of the share of targets met, the breaches,
 * and the alarm figures (the org's services; provider-wide for staff). The CSV is the server's
 * (GET /reports/sla/:orgId/:month), fetched with the session and offered as a download.
 *
 * The chart is inline SVG whose sizes are attributes and whose colours are classes (app.css), so
 * the strict CSP (no inline styles) holds; the table beside it carries the same figures.
 */
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import type { SlaReportQuery } from '../gql/graphql';
import { span } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { sessionEnded } from '../lib/session.ts';
import { Empty, ErrorNote, Loading, Page } from '../lib/ui.tsx';

const SlaReportDocument = graphql(`
  query SlaReport($orgId: ID!, $month: String!) {
    slaReport(orgId: $orgId, month: $month) {
      org {
        id
        name
      }
      month
      timeZone
      complete
      severities {
        severity
        target {
          minutes
          clock
        }
        figures {
          ...TicketFiguresFields
        }
      }
      total {
        ...TicketFiguresFields
      }
      breaches {
        ticketId
        key
        title
        severity
        openedAt
        dueAt
        breachedAt
        firstResponseAt
      }
      alarms {
        ...AlarmFiguresFields
      }
      providerAlarms {
        ...AlarmFiguresFields
      }
    }
  }
  fragment TicketFiguresFields on TicketFigures {
    opened
    responded
    responseMedianSeconds
    responseP90Seconds
    met
    breached
    pending
    noTarget
    metRatio
  }
  fragment AlarmFiguresFields on AlarmFigures {
    triggered
    acknowledged
    ackMedianSeconds
    ackP90Seconds
    resolved
    resolveMedianSeconds
    resolveP90Seconds
    escalated
    escalations
    disasterRecoveries
    followUpsOpen
  }
`);

type Report = SlaReportQuery['slaReport'];
type Figures = Report['total'];
type AlarmFigures = Report['alarms'];

/** The month now in Stockholm, as YYYY-MM (the report's months are counted there). */
function thisMonth(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

const seconds = (value: number | null | undefined) => (value === null || value === undefined ? '—' : span(value * 1000));
const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`);
const severityLabel = (severity: string) => (severity === 'NONE' ? 'Not agreed' : severity[0] + severity.slice(1).toLowerCase());

function targetText(target: Report['severities'][number]['target']): string {
  if (!target) return '—';
  if (target.minutes === null || target.minutes === undefined) return 'None';
  if (target.clock === 'CONTINUOUS') return `${span(target.minutes * 60_000)}, around the clock`;
  const days = target.minutes / 540;
  return Number.isInteger(days) ? `${days} working day${days === 1 ? '' : 's'}` : `${target.minutes} working minutes`;
}

export default function Reports() {
  const viewer = useViewer();
  const { clientOrgs, fetching: orgsLoading } = useOrgs(!viewer.isStaff);
  const choices = viewer.isStaff ? clientOrgs : viewer.clientAdminOrgs;
  const [orgId, setOrgId] = useState('');
  const [month, setMonth] = useState(thisMonth());
  const chosen = orgId || choices[0]?.id || '';
  const allowed = viewer.readsReports;
  const [result, refetch] = useQuery({ query: SlaReportDocument, variables: { orgId: chosen, month }, pause: !chosen || !allowed || !/^\d{4}-\d{2}$/.test(month) });

  if (!allowed) {
    return (
      <Page title="Reports">
        <Empty>Reports are for provider staff and your organisation's admins.</Empty>
      </Page>
    );
  }
  const report = result.data?.slaReport;
  return (
    <Page title="Reports">
      <form className="filters" aria-label="Choose the report" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="r-org">Organisation</label>
          <select id="r-org" value={chosen} onChange={(e) => setOrgId(e.target.value)}>
            {choices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="r-month">Month</label>
          <input id="r-month" type="month" value={month} max={thisMonth()} required onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </div>
        {chosen && <CsvDownload orgId={chosen} month={month} />}
      </form>
      {!chosen && (orgsLoading ? <Loading what="Loading the organisations" /> : <Empty>There is no client organisation to report on yet.</Empty>)}
      {result.fetching && !report && <Loading what="Loading the report" />}
      <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      {report && <ReportView report={report} />}
    </Page>
  );
}

function ReportView({ report }: { report: Report }) {
  return (
    <>
      <p className="hint">
        {report.org.name}, {report.month} ({report.timeZone}){report.complete ? '' : ': the month is not over, so the figures still change'}. Tickets
        opened in the month; first response is the time from opening to the provider's first action. Medians and 90th percentiles interpolate between
        the nearest values.
      </p>
      <section aria-labelledby="r-tickets">
        <h2 id="r-tickets">Tickets and response targets</h2>
        <div className="scroll">
          <table>
            <caption className="sr-only">Tickets by severity in {report.month}</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Target</th>
                <th scope="col">Opened</th>
                <th scope="col">Responded</th>
                <th scope="col">Median first response</th>
                <th scope="col">90th percentile</th>
                <th scope="col">Met</th>
                <th scope="col">Breached</th>
                <th scope="col">Pending</th>
                <th scope="col">Targets met</th>
              </tr>
            </thead>
            <tbody>
              {report.severities.map((s) => (
                <FiguresRow key={s.severity} label={severityLabel(s.severity)} target={targetText(s.target)} figures={s.figures} />
              ))}
            </tbody>
            <tfoot>
              <FiguresRow label="All" target="" figures={report.total} />
            </tfoot>
          </table>
        </div>
        <MetChart report={report} />
      </section>
      <section aria-labelledby="r-breaches">
        <h2 id="r-breaches">Breaches</h2>
        {report.breaches.length === 0 ? (
          <Empty>No ticket of this month missed its response target.</Empty>
        ) : (
          <div className="scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Ticket</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Due</th>
                  <th scope="col">First response</th>
                </tr>
              </thead>
              <tbody>
                {report.breaches.map((b) => (
                  <tr key={b.ticketId} className="breached">
                    <th scope="row">
                      <Link href={`/tickets/${encodeURIComponent(b.key)}`}>{b.key}</Link> {b.title}
                    </th>
                    <td>{severityLabel(b.severity)}</td>
                    <td>{b.dueAt ? new Date(b.dueAt).toLocaleString() : '—'}</td>
                    <td>{b.firstResponseAt ? new Date(b.firstResponseAt).toLocaleString() : 'none yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="r-alarms">
        <h2 id="r-alarms">Alarms</h2>
        <p className="hint">
          Alarms triggered in the month on the services the organisation uses{report.providerAlarms ? ', and every alarm of the provider' : ''}.
        </p>
        <AlarmTable org={report.alarms} provider={report.providerAlarms ?? null} />
      </section>
    </>
  );
}

function FiguresRow({ label, target, figures }: { label: string; target: string; figures: Figures }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{target}</td>
      <td>{figures.opened}</td>
      <td>{figures.responded}</td>
      <td>{seconds(figures.responseMedianSeconds)}</td>
      <td>{seconds(figures.responseP90Seconds)}</td>
      <td>{figures.met}</td>
      <td>{figures.breached}</td>
      <td>{figures.pending}</td>
      <td>{percent(figures.metRatio)}</td>
    </tr>
  );
}

/** Bars of the share of response targets met per severity that has decided tickets. */
function MetChart({ report }: { report: Report }) {
  const bars = report.severities.filter((s) => s.figures.metRatio !== null && s.figures.metRatio !== undefined);
  if (bars.length === 0) return <p className="muted">No response target was decided this month, so there is nothing to chart.</p>;
  const rowHeight = 28;
  const labelWidth = 90;
  const barWidth = 300;
  const height = bars.length * rowHeight + 4;
  const summary = bars.map((s) => `${severityLabel(s.severity)} ${percent(s.figures.metRatio)}`).join(', ');
  return (
    <figure className="chart">
      <svg role="img" aria-labelledby="r-chart-title r-chart-desc" viewBox={`0 0 ${labelWidth + barWidth + 70} ${height}`} width={labelWidth + barWidth + 70} height={height}>
        <title id="r-chart-title">Response targets met, by severity</title>
        <desc id="r-chart-desc">{summary}</desc>
        {bars.map((s, i) => {
          const ratio = s.figures.metRatio!;
          const y = i * rowHeight + 2;
          return (
            <g key={s.severity}>
              <text x={0} y={y + 17} className="chart-label">
                {severityLabel(s.severity)}
              </text>
              <rect x={labelWidth} y={y} width={barWidth} height={rowHeight - 8} className="chart-track" />
              <rect x={labelWidth} y={y} width={Math.max(ratio * barWidth, ratio > 0 ? 1 : 0)} height={rowHeight - 8} className={ratio >= 0.9 ? 'chart-bar' : 'chart-bar low'} />
              <text x={labelWidth + barWidth + 6} y={y + 15} className="chart-value">
                {percent(ratio)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">Share of decided tickets (met or breached) that met their response target.</figcaption>
    </figure>
  );
}

function AlarmTable({ org, provider }: { org: AlarmFigures; provider: AlarmFigures | null }) {
  const rows: [string, (f: AlarmFigures) => string][] = [
    ['Triggered', (f) => String(f.triggered)],
    ['Acknowledged', (f) => String(f.acknowledged)],
    ['Median time to acknowledge', (f) => seconds(f.ackMedianSeconds)],
    ['90th percentile to acknowledge', (f) => seconds(f.ackP90Seconds)],
    ['Resolved', (f) => String(f.resolved)],
    ['Median time to resolve', (f) => seconds(f.resolveMedianSeconds)],
    ['90th percentile to resolve', (f) => seconds(f.resolveP90Seconds)],
    ['Escalated (steps taken)', (f) => `${f.escalated} (${f.escalations})`],
    ['Disaster-recovery activations', (f) => String(f.disasterRecoveries)],
    ['Follow-ups without a root cause', (f) => String(f.followUpsOpen)],
  ];
  return (
    <div className="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">The organisation's services</th>
            {provider && <th scope="col">Provider-wide</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value(org)}</td>
              {provider && <td>{value(provider)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The server's CSV of the report, fetched with the session and offered as a download. */
function CsvDownload({ orgId, month }: { orgId: string; month: string }) {
  const viewer = useViewer();
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);
  useEffect(() => {
    setFile(undefined);
    setError(undefined);
  }, [orgId, month]);
  useEffect(() => {
    if (file) link.current?.click();
  }, [file]);

  async function download() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await fetch(`/reports/sla/${encodeURIComponent(orgId)}/${encodeURIComponent(month)}`, {
        credentials: 'same-origin',
        headers: { 'x-opsdesk-csrf': viewer.session.csrfToken, accept: 'text/csv' },
      });
      if (!response.ok) {
        if (response.status === 401) sessionEnded();
        let message = `opsdesk answered ${response.status}.`;
        try {
          const body = (await response.json()) as { error?: { message?: string } };
          if (body.error?.message) message = body.error.message;
        } catch {
          // not JSON: keep the status
        }
        setError(`The download failed: ${message}`);
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `opsdesk-sla-${month}.csv`;
      setFile({ url: URL.createObjectURL(await response.blob()), name });
    } catch (e) {
      setError(`The download failed: ${(e as Error).message}. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="field">
      <button type="button" onClick={() => void download()} disabled={busy}>
        Download CSV
      </button>
      <ErrorNote error={error} />
      {file && (
        <a ref={link} href={file.url} download={file.name} className="small">
          Save {file.name}
        </a>
      )}
    </div>
  );
}
