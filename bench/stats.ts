/** Samples, percentiles and the printed tables of the benchmarks. */

/** Milliseconds since an arbitrary origin, on the machine-wide monotonic clock (comparable across processes). */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Nearest-rank percentile of ascending-sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

export interface Row {
  backend: string;
  scenario: string;
  n: number;
  p50: number;
  p99: number;
  /** Operations per second, when the scenario has a throughput. */
  opsPerSec?: number;
  /** A ratio against another row (with audit / without), when it has one. */
  ratio?: string;
  note?: string;
}

const fmt = (v: number | undefined, digits = 2) =>
  v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);

export function formatTable(title: string, rows: readonly Row[]): string {
  const header = ['backend', 'scenario', 'n', 'p50 ms', 'p99 ms', 'ops/s', 'ratio'];
  const body = rows.map((r) => [
    r.backend,
    r.scenario,
    String(r.n),
    fmt(r.p50),
    fmt(r.p99),
    r.opsPerSec === undefined ? '-' : r.opsPerSec.toFixed(0),
    r.ratio ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  const out = [`\n${title}`, line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|'];
  for (const b of body) out.push(line(b));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.backend} / ${r.scenario}: ${r.note}`);
  if (notes.length) out.push(...notes);
  return out.join('\n');
}

/** "1.84x (p50 1.9x, p99 1.6x)": the throughput ratio and latency ratios of a against b. */
export function ratioOf(a: Row, b: Row): string {
  const tput = a.opsPerSec && b.opsPerSec ? b.opsPerSec / a.opsPerSec : Number.NaN;
  return `${fmt(tput)}x time (p50 ${fmt(a.p50 / b.p50)}x, p99 ${fmt(a.p99 / b.p99)}x)`;
}
