/**
 * Small, deterministic statistics the rules need. Private to the module. Time-in-stage percentiles and stage
 * conversion counts belong in the funnel module once it lands; these are kept minimal until then.
 * @internal
 */

/** A histogram of whole, non-negative numbers (days): counts by value, mergeable, O(n) percentiles. @internal */
export class DayHistogram {
  private counts: number[] = [];
  /** Number of observations. */
  n = 0;

  add(days: number): void {
    const d = Math.max(days, 0);
    this.counts[d] = (this.counts[d] ?? 0) + 1;
    this.n++;
  }

  /**
   * Nearest-rank percentile: the smallest value x such that at least `p` of the observations are ≤ x.
   * Monotone in `p`; `null` for an empty histogram.
   */
  percentile(p: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.n - 1e-9));
    let seen = 0;
    for (let d = 0; d < this.counts.length; d++) {
      seen += this.counts[d] ?? 0;
      if (seen >= rank) return d;
    }
    return this.counts.length - 1;
  }
}

/** The median of numbers (mean of the two middle values for an even count); `null` when empty. @internal */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation from the median; `null` when empty. @internal */
export function mad(values: readonly number[], center: number): number | null {
  return median(values.map((v) => Math.abs(v - center)));
}

/** Mean absolute deviation from a center; `null` when empty. @internal */
export function meanAbsoluteDeviation(values: readonly number[], center: number): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += Math.abs(v - center);
  return sum / values.length;
}

/**
 * The standard normal cumulative distribution Φ(z), via erfc by the rational approximation of W. J. Cody as
 * given in Numerical Recipes (erfcc, fractional error below 1.2e-7 everywhere). @internal
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

import { normalQuantile } from '../_lib/normal';

export { normalQuantile };

/** Wilson score interval for x successes in n trials at a z value; `null` for n = 0. @internal */
export function wilson(x: number, n: number, z: number): [number, number] | null {
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/**
 * One-sided two-proportion z-test that rate 1 (x1/n1) is below rate 2 (x2/n2), pooled standard error.
 * Returns `null` when not applicable (an empty sample, or a pooled rate of 0 or 1 so the standard error is 0).
 * @internal
 */
export function twoProportionLower(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): { z: number; pValue: number } | null {
  if (n1 === 0 || n2 === 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pValue: normalCdf(z) };
}

/** Rounds for display in evidence: `digits` decimals, no float noise like 0.30000000000000004. @internal */
export function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A rate as a percentage text with one decimal (`'42.5%'`). @internal */
export function pct(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
