/**
 * One period's response times as a line chart: p50 and p95 of the successful checks, one point per
 * hour, 6 hours or day, drawn as inline SVG whose sizes are attributes and whose colours are classes
 * (app.css), so the console's CSP (no inline styles) holds. A point without successful checks breaks
 * the line rather than dropping it to zero. The chart is an image with a summary for screen readers;
 * its figures are in the table beside it and, point by point, in the table under "Chart data".
 */
import { msText, type ResponseTimePoint } from '../../lib/status.ts';

const WIDTH = 400;
const HEIGHT = 150;
const LEFT = 56;
const BOTTOM = 20;
const TOP = 8;

/** The top of the scale: a round number above the slowest point, so the axis reads well. */
function scaleTop(max: number): number {
  const steps = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10_000, 20_000, 60_000];
  return steps.find((s) => s >= max) ?? Math.ceil(max / 10_000) * 10_000;
}

/** The lines of one figure: runs of consecutive points that have it, as SVG `points` lists. */
function segments(points: ResponseTimePoint[], figure: 'p50Ms' | 'p95Ms', x: (i: number) => number, y: (ms: number) => number): string[] {
  const runs: string[][] = [];
  let run: string[] = [];
  points.forEach((point, i) => {
    const value = point[figure];
    if (value === null) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push(`${x(i).toFixed(1)},${y(value).toFixed(1)}`);
    }
  });
  if (run.length) runs.push(run);
  return runs.map((r) => r.join(' '));
}

export function ResponseTimeChart({ title, points, when }: { title: string; points: ResponseTimePoint[]; when: (start: string) => string }) {
  const withData = points.filter((p) => p.p95Ms !== null);
  const top = scaleTop(Math.max(1, ...withData.map((p) => p.p95Ms ?? 0)));
  const span = Math.max(1, points.length - 1);
  const x = (i: number) => LEFT + (i / span) * (WIDTH - LEFT - 8);
  const y = (ms: number) => TOP + (1 - ms / top) * (HEIGHT - TOP - BOTTOM);
  const summary =
    withData.length === 0
      ? `${title}: no successful checks in this period.`
      : `${title}: p50 from ${msText(Math.min(...withData.map((p) => p.p50Ms ?? Infinity)))} to ${msText(Math.max(...withData.map((p) => p.p50Ms ?? 0)))}, ` +
        `p95 up to ${msText(Math.max(...withData.map((p) => p.p95Ms ?? 0)))}, over ${points.length} points.`;
  return (
    <figure className="chart response-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={summary}>
        <line className="chart-axis" x1={LEFT} y1={TOP} x2={LEFT} y2={HEIGHT - BOTTOM} />
        <line className="chart-axis" x1={LEFT} y1={HEIGHT - BOTTOM} x2={WIDTH - 8} y2={HEIGHT - BOTTOM} />
        <line className="chart-grid" x1={LEFT} y1={y(top / 2)} x2={WIDTH - 8} y2={y(top / 2)} />
        <text className="chart-label" x={LEFT - 6} y={TOP + 10} textAnchor="end">
          {msText(top)}
        </text>
        <text className="chart-label" x={LEFT - 6} y={y(top / 2) + 4} textAnchor="end">
          {msText(top / 2)}
        </text>
        <text className="chart-label" x={LEFT - 6} y={HEIGHT - BOTTOM} textAnchor="end">
          0
        </text>
        {points.length > 0 && (
          <>
            <text className="chart-label" x={LEFT} y={HEIGHT - 4}>
              {when(points[0]!.start)}
            </text>
            <text className="chart-label" x={WIDTH - 8} y={HEIGHT - 4} textAnchor="end">
              now
            </text>
          </>
        )}
        {segments(points, 'p95Ms', x, y).map((line, i) =>
          line.includes(' ') ? <polyline key={`p95-${i}`} className="chart-p95" points={line} /> : <circle key={`p95-${i}`} className="chart-dot chart-p95" cx={line.split(',')[0]} cy={line.split(',')[1]} r={3} />,
        )}
        {segments(points, 'p50Ms', x, y).map((line, i) =>
          line.includes(' ') ? <polyline key={`p50-${i}`} className="chart-p50" points={line} /> : <circle key={`p50-${i}`} className="chart-dot chart-p50" cx={line.split(',')[0]} cy={line.split(',')[1]} r={3} />,
        )}
      </svg>
      <figcaption className="small">
        <span className="key key-p50" aria-hidden="true" /> p50 <span className="key key-p95" aria-hidden="true" /> p95
      </figcaption>
      <details>
        <summary className="small">Chart data</summary>
        <table className="chart-data">
          <caption>{title}, point by point</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.start}>
                <th scope="row">{when(point.start)}</th>
                <td>{msText(point.p50Ms)}</td>
                <td>{msText(point.p95Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
