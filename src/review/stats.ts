/**
 * Small, dependency-free statistics for the review module: ranks, Spearman, Fisher intervals, a seeded
 * permutation test and the Theil–Sen slope. Plain doubles: these are statistics, not money.
 */

/** Mulberry32: a tiny seeded PRNG so that permutation p-values are reproducible. Never `Math.random`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = r;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation; `null` when either side has no spread. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Spearman's rank correlation: Pearson on average ranks. `null` when either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length < 2) return null;
  return pearson(ranks(x), ranks(y));
}

import { normalQuantile } from '../_lib/normal';

export { normalQuantile };

/**
 * Confidence interval of a Spearman correlation by Fisher's z with the Bonett–Wright standard error
 * √((1 + ρ²/2) / (n − 3)). `null` below 4 pairs.
 */
export function spearmanInterval(rho: number, n: number, confidence: number): [number, number] | null {
  if (n < 4) return null;
  const r = Math.max(-0.999999, Math.min(0.999999, rho));
  const z = Math.atanh(r);
  const se = Math.sqrt((1 + (r * r) / 2) / (n - 3));
  const q = normalQuantile(1 - (1 - confidence) / 2);
  return [Math.tanh(z - q * se), Math.tanh(z + q * se)];
}

/**
 * Two-sided permutation p-value of a Spearman correlation: shuffle one side `permutations` times with a
 * seeded generator and count shuffles at least as extreme; p = (count + 1) ÷ (permutations + 1).
 */
export function permutationPValue(
  x: readonly number[],
  y: readonly number[],
  permutations: number,
  seed: number,
): { pValue: number; extreme: number } | null {
  const rx = ranks(x);
  const ry = ranks(y);
  const observed = pearson(rx, ry);
  if (observed === null) return null;
  const random = seededRandom(seed);
  const n = ry.length;
  const shuffled = Float64Array.from(ry);
  let extreme = 0;
  const target = Math.abs(observed) - 1e-12;
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = t;
    }
    const r = pearson(rx, shuffled);
    if (r !== null && Math.abs(r) >= target) extreme++;
  }
  return { pValue: (extreme + 1) / (permutations + 1), extreme };
}

function median(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** What {@link theilSen} computes. */
export interface TheilSenFit {
  slope: number;
  intercept: number;
  lower: number;
  upper: number;
  pairs: number;
}

/**
 * Theil–Sen slope: the median of the slopes between every two points with different x, the intercept
 * median(y − slope · x), and Sen's distribution-free interval (order statistics of the pairwise slopes at
 * (N ∓ z·√(n(n−1)(2n+5)/18)) ÷ 2). `null` when fewer than 2 pairs have different x.
 */
export function theilSen(x: readonly number[], y: readonly number[], confidence: number): TheilSenFit | null {
  const n = x.length;
  const slopes: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) {
      const dx = x[j]! - xi;
      if (dx !== 0) slopes.push((y[j]! - yi) / dx);
    }
  }
  const N = slopes.length;
  if (N < 2) return null;
  const sorted = Float64Array.from(slopes).sort();
  const slope = median(sorted);
  const residuals = Float64Array.from(x, (xi, i) => y[i]! - slope * xi).sort();
  const intercept = median(residuals);
  const q = normalQuantile(1 - (1 - confidence) / 2);
  const c = q * Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
  const lo = Math.max(0, Math.min(N - 1, Math.round((N - c) / 2) - 1));
  const hi = Math.max(0, Math.min(N - 1, Math.round((N + c) / 2)));
  return { slope, intercept, lower: sorted[lo]!, upper: sorted[hi]!, pairs: N };
}

/** Round a statistic for display and storage (no float noise in plain data). */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(value * f) / f;
  return Object.is(r, -0) ? 0 : r;
}
