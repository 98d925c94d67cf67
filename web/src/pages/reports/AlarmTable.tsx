import { percent, seconds, type AlarmFigures } from './format.ts';

export function AlarmTable({ org, provider }: { org: AlarmFigures; provider: AlarmFigures | null }) {
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
