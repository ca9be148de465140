/**
 * Durations in whole days counted into a histogram: `counts[d]` is how many stays (or cycles) lasted `d` days.
 * Adding two histograms is exact, so shards merge; percentiles come from the counts without sorting.
 *
 * @example
 * ```ts
 * import type { DayHistogram } from 'openspm';
 * const stays: DayHistogram = { counts: [0, 2, 0, 1] }; // two stays of 1 day, one of 3 days
 * ```
 */
export interface DayHistogram {
  /** `counts[d]` = how many durations of exactly `d` days; trailing zeros may be absent. */
  readonly counts: number[];
}

/**
 * Summary statistics of durations in days, from a {@link DayHistogram}. Percentiles interpolate linearly
 * between the two nearest values (the same as DuckDB's `median` / `quantile_cont` and Excel's
 * `PERCENTILE.INC`), so the median of 2 and 5 days is 3.5. With no sample every statistic is `null` and
 * `notApplicable` says why.
 *
 * @example
 * ```ts
 * import type { DurationStats } from 'openspm';
 * const time: DurationStats = {
 *   unit: 'calendar days', sampleSize: 3, total: 5, mean: 1.6666666666666667,
 *   median: 1, p75: 2, p90: 2.6, min: 1, max: 3, notApplicable: null,
 * };
 * ```
 */
export interface DurationStats {
  /** `'calendar days'` or `'working days'`. */
  readonly unit: 'calendar days' | 'working days';
  /** How many durations the statistics rest on. */
  readonly sampleSize: number;
  /** Sum of all durations, in days (so `mean = total ÷ sampleSize` can be checked). */
  readonly total: number;
  /** Average duration; `null` with no sample. */
  readonly mean: number | null;
  /** Median (50th percentile, interpolated); `null` with no sample. */
  readonly median: number | null;
  /** 75th percentile (interpolated); `null` with no sample. */
  readonly p75: number | null;
  /** 90th percentile (interpolated); `null` with no sample. */
  readonly p90: number | null;
  /** Shortest duration; `null` with no sample. */
  readonly min: number | null;
  /** Longest duration; `null` with no sample. */
  readonly max: number | null;
  /** Why the statistics are `null`; `null` when there is a sample. */
  readonly notApplicable: string | null;
}

/** Adds `b` into `a` (a is changed). @internal */
export function addHistogram(a: number[], b: readonly number[]): void {
  for (let d = 0; d < b.length; d++) {
    const v = b[d]!;
    if (v !== 0) a[d] = (a[d] ?? 0) + v;
  }
}

/** The value at 0-based rank `k` (k < n) of the sorted durations a histogram stands for. */
function valueAtRank(counts: readonly number[], k: number): number {
  let seen = 0;
  for (let d = 0; d < counts.length; d++) {
    seen += counts[d] ?? 0;
    if (seen > k) return d;
  }
  return counts.length - 1;
}

function quantile(counts: readonly number[], n: number, p: number): number {
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = valueAtRank(counts, lo);
  const frac = h - lo;
  if (frac === 0) return a;
  const b = valueAtRank(counts, lo + 1);
  return a + frac * (b - a);
}

/** @internal */
export function durationStats(
  counts: readonly number[],
  unit: DurationStats['unit'],
  why: string,
): DurationStats {
  let n = 0;
  let total = 0;
  let min = -1;
  let max = -1;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d] ?? 0;
    if (c === 0) continue;
    if (min < 0) min = d;
    max = d;
    n += c;
    total += c * d;
  }
  if (n === 0) {
    return {
      unit,
      sampleSize: 0,
      total: 0,
      mean: null,
      median: null,
      p75: null,
      p90: null,
      min: null,
      max: null,
      notApplicable: why,
    };
  }
  return {
    unit,
    sampleSize: n,
    total,
    mean: total / n,
    median: quantile(counts, n, 0.5),
    p75: quantile(counts, n, 0.75),
    p90: quantile(counts, n, 0.9),
    min,
    max,
    notApplicable: null,
  };
}
