import { percent, severityLabel, type Report } from './format.ts';

/** Bars of the share of response targets met per severity that has decided tickets. */
export function MetChart({ report }: { report: Report }) {
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
