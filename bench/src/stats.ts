/** Summaries of measured samples: mean and nearest-rank percentiles. */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || Number.NaN);
  return {
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** A summary per group (e.g. per frame kind), leaving out groups without samples. */
export function summarizeGroups<K extends string>(groups: Record<K, readonly number[]>): Partial<Record<K, Summary>> {
  const entries = (Object.entries(groups) as [K, readonly number[]][]).filter(([, values]) => values.length > 0);
  return Object.fromEntries(entries.map(([key, values]) => [key, summarize(values)])) as Partial<Record<K, Summary>>;
}
