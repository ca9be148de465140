import type DecimalJs from 'decimal.js';
import { ErrorCode, type IssuePath, OpenSpmError } from '../errors';
import { Decimal, type DecimalInput, toDecimal } from './decimal';

/**
 * Splits an integer number of minor units (cents, fen) into parts proportional to `weights`, so that
 * the parts sum exactly to `total`. Largest remainder method (Hamilton): every part gets the floor of
 * its exact share, then the units left over go one each to the parts with the largest remainders.
 *
 * **Tie rule:** when remainders are equal, the part with the lower index wins. Zero weights get zero.
 * A negative total is split as its absolute value and negated, so `allocate(-x) = -allocate(x)`.
 *
 * Pass a `number` total for speed (it must be a safe integer; parts come back as numbers), or a `bigint`
 * for any size (parts come back as bigints). Weights may be numbers, decimal strings or decimals;
 * they must be finite, non-negative, and not all zero.
 *
 * @example
 * ```ts
 * import { allocateMinor } from 'openspm';
 * allocateMinor(100, [1, 1, 1]); //=> [34, 33, 33]
 * allocateMinor(1000n, ['50', '30', '20']); //=> [500n, 300n, 200n]
 * ```
 */
export function allocateMinor(total: number, weights: readonly DecimalInput[]): number[];
export function allocateMinor(total: bigint, weights: readonly DecimalInput[]): bigint[];
export function allocateMinor(total: number | bigint, weights: readonly DecimalInput[]): number[] | bigint[] {
  if (typeof total === 'number' && !Number.isSafeInteger(total)) {
    throw new OpenSpmError(
      ErrorCode.NOT_IN_MINOR_UNITS,
      `the total to allocate must be a whole number of minor units below 2^53, got ${total}; pass a bigint for larger totals`,
    );
  }
  if (weights.length === 0) {
    throw new OpenSpmError(ErrorCode.INVALID_WEIGHTS, 'at least one weight is needed to allocate an amount', {
      path: ['weights'],
    });
  }
  const fast = typeof total === 'number' ? fastIntegerWeights(weights, total) : null;
  if (fast) return allocateNumbers(total as number, fast.weights, fast.sum);
  const scaled = scaleWeights(weights);
  const parts = allocateBig(BigInt(total), scaled);
  return typeof total === 'number' ? parts.map(Number) : parts;
}

/** Plain safe-integer weights whose products with the total stay exact as doubles. */
function fastIntegerWeights(
  weights: readonly DecimalInput[],
  total: number,
): { weights: number[]; sum: number } | null {
  const out = new Array<number>(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 0) return null;
    out[i] = w;
    sum += w;
  }
  if (sum === 0) throw allZero();
  // total * w_i and q * sum must stay below 2^53 for exact integer arithmetic on doubles.
  if ((Math.abs(total) + 1) * sum > Number.MAX_SAFE_INTEGER) return null;
  return { weights: out, sum };
}

function allocateNumbers(total: number, weights: readonly number[], sum: number): number[] {
  const n = weights.length;
  const sign = total < 0 ? -1 : 1;
  const units = Math.abs(total);
  const parts = new Array<number>(n);
  const remainders = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const product = units * weights[i]!;
    let q = Math.floor(product / sum);
    let r = product - q * sum;
    // Division of doubles may land one off near an integer; correct it exactly.
    if (r < 0) {
      q -= 1;
      r += sum;
    } else if (r >= sum) {
      q += 1;
      r -= sum;
    }
    parts[i] = q;
    remainders[i] = r;
    given += q;
  }
  const left = units - given;
  if (left > 0) {
    for (const i of largestRemainders(remainders, left)) parts[i]! += 1;
  }
  if (sign < 0) for (let i = 0; i < n; i++) parts[i] = parts[i] === 0 ? 0 : -parts[i]!;
  return parts;
}

/**
 * Indexes of the `count` largest remainders, ties to the lower index; O(n) plus one native sort of a
 * typed array (no comparator), which is what keeps a million-part split fast.
 */
function largestRemainders(remainders: Float64Array, count: number): number[] {
  const n = remainders.length;
  const sorted = Float64Array.from(remainders).sort();
  const threshold = sorted[n - count]!;
  let above = 0;
  for (let i = n - 1; i >= 0 && sorted[i]! > threshold; i--) above++;
  let atThreshold = count - above;
  const winners: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = remainders[i]!;
    if (r > threshold) winners.push(i);
    else if (r === threshold && atThreshold > 0) {
      winners.push(i);
      atThreshold--;
    }
  }
  return winners;
}

/** Weights as bigints on a common decimal scale, so shares compare exactly. */
function scaleWeights(weights: readonly DecimalInput[]): bigint[] {
  if (weights.every((w) => typeof w === 'number' && Number.isSafeInteger(w) && w >= 0)) {
    const scaled = (weights as readonly number[]).map((w) => BigInt(w));
    if (scaled.every((w) => w === 0n)) throw allZero();
    return scaled;
  }
  let places = 0;
  const decimals: DecimalJs[] = weights.map((w, i) => {
    const path: IssuePath = ['weights', i];
    const d = toDecimal(w, { path });
    if (d.isNegative() && !d.isZero()) {
      throw new OpenSpmError(
        ErrorCode.INVALID_WEIGHTS,
        `weights[${i}]: a weight cannot be negative, got ${d}`,
        { path },
      );
    }
    places = Math.max(places, d.decimalPlaces());
    return d;
  });
  const factor = new Decimal(10).pow(places);
  const scaled = decimals.map((d) => BigInt(d.times(factor).toFixed(0)));
  if (scaled.every((w) => w === 0n)) throw allZero();
  return scaled;
}

function allocateBig(total: bigint, weights: readonly bigint[]): bigint[] {
  const negative = total < 0n;
  const units = negative ? -total : total;
  let sum = 0n;
  for (const w of weights) sum += w;
  const parts: bigint[] = [];
  const remainders: bigint[] = [];
  let given = 0n;
  for (const w of weights) {
    const product = units * w;
    const q = product / sum;
    parts.push(q);
    remainders.push(product - q * sum);
    given += q;
  }
  const left = Number(units - given); // < weights.length
  if (left > 0) {
    const order = remainders.map((_, i) => i);
    order.sort((a, b) =>
      remainders[a]! > remainders[b]! ? -1 : remainders[a]! < remainders[b]! ? 1 : a - b,
    );
    for (let k = 0; k < left; k++) parts[order[k]!]! += 1n;
  }
  return negative ? parts.map((p) => -p) : parts;
}

function allZero(): OpenSpmError {
  return new OpenSpmError(
    ErrorCode.INVALID_WEIGHTS,
    'all weights are zero: at least one weight must be positive to allocate an amount',
    { path: ['weights'] },
  );
}
