/**
 * Percentiles with PostgreSQL's `percentile_cont` rule, for figures computed in code: the value at
 * position q·(n−1) of the sorted values (counted from 0), interpolated linearly between the two
 * values around it. The median of 1, 2, 3, 10 is 2.5; its p90 is 3 + 0.7·(10 − 3) = 7.9.
 */
export function percentileCont(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!);
}
