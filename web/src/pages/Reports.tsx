/**
 * The SLA and operations report of a client org and month (slaReport): tickets by severity with
 * first-response times against the targets, a bar chart of the share of targets met, the breaches,
 * and the alarm figures (the org's services; provider-wide for staff). The CSV is the server's
 * (GET /reports/sla/:orgId/:month), fetched with the session and offered as a download.
 *
 * The chart is inline SVG whose sizes are attributes and whose colours are classes (app.css), so
 * the strict CSP (no inline styles) holds; the table beside it carries the same figures.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../gql';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Satisfaction } from './reports/Satisfaction.tsx';
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

import { AlarmTable } from './reports/AlarmTable.tsx';
import { CsvDownload } from './reports/CsvDownload.tsx';
import { percent, seconds, severityLabel, targetText, thisMonth, type Figures, type Report } from './reports/format.ts';
import { MetChart } from './reports/MetChart.tsx';

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
      {report && chosen && <Satisfaction orgId={chosen} month={month} />}
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
