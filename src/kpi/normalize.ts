import { ErrorCode, OpenSpmError } from '../errors';
import { Decimal, toDecimal } from '../money/index';
import type { Curve, KpiDirection } from './schema';

/** Arithmetic behind the curves, so one definition runs on decimals (exact) and, for tests, on doubles. */
interface Arith<N> {
  of(n: number): N;
  add(a: N, b: N): N;
  sub(a: N, b: N): N;
  mul(a: N, b: N): N;
  div(a: N, b: N): N;
  lt(a: N, b: N): boolean;
  isZero(a: N): boolean;
  abs(a: N): N;
}

const DEC: Arith<Decimal> = {
  of: (n) => toDecimal(n),
  add: (a, b) => a.plus(b),
  sub: (a, b) => a.minus(b),
  mul: (a, b) => a.times(b),
  div: (a, b) => a.dividedBy(b),
  lt: (a, b) => a.lessThan(b),
  isZero: (a) => a.isZero(),
  abs: (a) => a.abs(),
};

/** Why a KPI could not be scored: its value or target is missing, or a divisor is zero. @internal */
export const NEEDS_TARGET = -1;
/** @internal */
export const TARGET_ZERO = -2;
/** @internal */
export const VALUE_ZERO = -3;

/** Whether the curve needs the rep's target. @internal */
export function needsTarget(curve: Curve, direction: KpiDirection): boolean {
  switch (curve.kind) {
    case 'ratio':
    case 'capped-ratio':
    case 'binary':
      return true;
    case 'piecewise':
      return curve.basis === 'attainment' || curve.target === undefined;
    case 'bands':
      return curve.basis === 'attainment' || direction === 'closer';
  }
}

/**
 * Attainment in percent: value ÷ target × 100 (higher), target ÷ value × 100 (lower),
 * 100 × (1 − |value − target| ÷ target) not below 0 (closer). A code (< 0) when a divisor is zero.
 */
function attainment<N>(A: Arith<N>, dir: KpiDirection, v: N, t: N): N | number {
  const hundred = A.of(100);
  if (dir === 'lower') {
    if (A.isZero(v)) return VALUE_ZERO;
    return A.div(A.mul(t, hundred), v);
  }
  if (A.isZero(t)) return TARGET_ZERO;
  if (dir === 'higher') return A.div(A.mul(v, hundred), t);
  const closeness = A.sub(hundred, A.div(A.mul(A.abs(A.sub(v, t)), hundred), t));
  return A.lt(closeness, A.of(0)) ? A.of(0) : closeness;
}

function line<N>(A: Arith<N>, x: N, x0: N, s0: N, x1: N, s1: N): N {
  // s0 + (s1 − s0)(x − x0)/(x1 − x0): points ordered so x1 > x0.
  return A.add(s0, A.div(A.mul(A.sub(s1, s0), A.sub(x, x0)), A.sub(x1, x0)));
}

/**
 * The score in points of a value, or a negative code. `t` is NaN when the rep has no target.
 * Generic over the arithmetic: doubles for the hot loop, decimals for the exact path. @internal
 */
export function curveScore<N>(
  A: Arith<N>,
  curve: Curve,
  dir: KpiDirection,
  value: number,
  target: number,
): N | number {
  const zero = A.of(0);
  const max0 = (s: N) => (A.lt(s, zero) ? zero : s);
  const hasTarget = !Number.isNaN(target);
  const v = A.of(value);
  switch (curve.kind) {
    case 'ratio':
    case 'capped-ratio': {
      if (!hasTarget) return NEEDS_TARGET;
      const a = attainment(A, dir, v, A.of(target));
      if (typeof a === 'number' && a < 0) return a;
      const s = max0(a as N);
      if (curve.kind === 'ratio') return s;
      const cap = A.of(curve.cap);
      return A.lt(cap, s) ? cap : s;
    }
    case 'binary': {
      if (!hasTarget) return NEEDS_TARGET;
      // On the decimal path the comparison is exact, on the decimals the numbers print as.
      const d = A.sub(v, A.of(target));
      const tolN = A.of(curve.tolerance);
      let met: boolean;
      if (dir === 'higher') met = !A.lt(A.add(d, tolN), zero);
      else if (dir === 'lower') met = !A.lt(tolN, d);
      else met = !A.lt(tolN, A.abs(d));
      return A.of(met ? curve.scoreMet : curve.scoreMissed);
    }
    case 'bands': {
      let x: N = v;
      let up = dir === 'higher';
      if (curve.basis === 'attainment') {
        if (!hasTarget) return NEEDS_TARGET;
        const a = attainment(A, dir, v, A.of(target));
        if (typeof a === 'number' && a < 0) return a;
        x = a as N;
        up = true;
      } else if (dir === 'closer') {
        if (!hasTarget) return NEEDS_TARGET;
        x = A.abs(A.sub(v, A.of(target)));
        up = false;
      }
      let best: { from: number; score: number } | undefined;
      for (const band of curve.bands) {
        const from = A.of(band.from);
        const inBand = up ? !A.lt(x, from) : !A.lt(from, x);
        if (!inBand) continue;
        if (!best || (up ? band.from > best.from : band.from < best.from)) best = band;
      }
      return A.of(best ? best.score : 0);
    }
    case 'piecewise': {
      let x: N = v;
      let tp: number;
      let effective: KpiDirection = dir;
      if (curve.basis === 'attainment') {
        if (!hasTarget) return NEEDS_TARGET;
        const a = attainment(A, dir, v, A.of(target));
        if (typeof a === 'number' && a < 0) return a;
        x = a as N;
        tp = curve.target ?? 100;
        effective = 'higher';
      } else {
        if (curve.target === undefined && !hasTarget) return NEEDS_TARGET;
        tp = curve.target ?? target;
      }
      const { scores } = curve;
      const sThr = A.of(scores.threshold);
      const sT = A.of(scores.target);
      if (effective === 'closer') {
        const dT = Math.abs(curve.threshold - tp);
        if (dT === 0) throw badOrder(`the threshold ${curve.threshold} equals the target ${tp}`);
        const d = A.abs(A.sub(x, A.of(tp)));
        const dTN = A.sub(A.of(curve.threshold), A.of(tp));
        const s = line(A, d, zero, sT, A.abs(dTN), sThr);
        if (A.lt(A.abs(dTN), d) && curve.belowThreshold === 'zero') return zero;
        return max0(s);
      }
      // Lower-is-better: mirror the axis so every curve rises.
      const up = effective === 'higher';
      const m = (n: number) => (up ? A.of(n) : A.of(-n));
      const X = up ? x : A.sub(zero, x);
      const thr = m(curve.threshold);
      const tgt = m(tp);
      if (!A.lt(thr, tgt))
        throw badOrder(
          `the threshold ${curve.threshold} must be ${up ? 'below' : 'above'} the target ${tp} for a ${effective}-is-better KPI`,
        );
      if (curve.stretch !== undefined) {
        const str = m(curve.stretch);
        if (!A.lt(tgt, str))
          throw badOrder(`the stretch ${curve.stretch} must be ${up ? 'above' : 'below'} the target ${tp}`);
        const sS = A.of(scores.stretch);
        if (!A.lt(X, str)) return sS;
        if (!A.lt(X, tgt)) return line(A, X, tgt, sT, str, sS);
      } else if (!A.lt(X, tgt)) return sT;
      if (!A.lt(X, thr)) return line(A, X, thr, sThr, tgt, sT);
      if (curve.belowThreshold === 'zero') return zero;
      return max0(line(A, X, thr, sThr, tgt, sT));
    }
  }
}

function badOrder(text: string): OpenSpmError {
  return new OpenSpmError(ErrorCode.INVALID_INPUT, `piecewise curve: ${text}`, { path: ['targets'] });
}

const MICRO = new Decimal(1_000_000);
/** Scores up to 90,000,000 points keep the totals' integer arithmetic below 2^53. */
const MAX_MICRO = 9e13;

/**
 * The score in millionths of a point, rounded half-even (the one declared rounding of a KPI score), or a
 * negative code. Doubles first; when the double lands within reach of a rounding tie, or the score is
 * very large, the decimal path decides, so the result always equals the exact computation. @internal
 */
export function microScore(curve: Curve, dir: KpiDirection, value: number, target: number): number {
  const s = fastScore(curve, dir, value, target);
  if (s === UNDECIDED) return exactMicroScore(curve, dir, value, target);
  if (s < 0) return s; // a code
  const f = s * 1_000_000;
  if (f < 1e11) {
    const fl = Math.floor(f);
    const frac = f - fl;
    if (frac < 0.499 || frac > 0.501) return frac < 0.5 ? fl : fl + 1;
  }
  return exactMicroScore(curve, dir, value, target);
}

/** Attainment in percent on doubles; check {@link zeroDivisor} first. */
function fastAttainment(dir: KpiDirection, v: number, t: number): number {
  if (dir === 'lower') return (t * 100) / v;
  if (dir === 'higher') return (v * 100) / t;
  return Math.max(0, 100 - (Math.abs(v - t) * 100) / t);
}

/** The code for a zero divisor of the attainment, or 0 when there is none. */
function zeroDivisor(dir: KpiDirection, v: number, t: number): number {
  if (dir === 'lower') return v === 0 ? VALUE_ZERO : 0;
  return t === 0 ? TARGET_ZERO : 0;
}

/** Returned by {@link fastScore} when a double is too close to a jump in the curve to decide it. */
const UNDECIDED = -4;

/** Whether a computed double lies within reach of its rounding error from a point where the curve jumps. */
function near(x: number, at: number): boolean {
  return Math.abs(x - at) <= 1e-9 * Math.max(1, Math.abs(at));
}

/**
 * {@link curveScore} on doubles, written out without closures for the hot loop (the generic version
 * allocates a few per call). Comparisons of computed doubles (attainment) against a point where the curve
 * jumps (a cliff, a band edge, a binary target) are left UNDECIDED when within rounding error; the decimal
 * path decides them. Curves not written out here go to the decimal path too.
 */
function fastScore(curve: Curve, dir: KpiDirection, v: number, t: number): number {
  switch (curve.kind) {
    case 'ratio':
    case 'capped-ratio': {
      if (Number.isNaN(t)) return NEEDS_TARGET;
      const zero = zeroDivisor(dir, v, t);
      if (zero !== 0) return zero;
      const s = Math.max(0, fastAttainment(dir, v, t));
      return curve.kind === 'capped-ratio' ? Math.min(s, curve.cap) : s;
    }
    case 'piecewise': {
      let a: number;
      let tp: number;
      let threshold = curve.threshold;
      let stretch = curve.stretch;
      if (curve.basis === 'attainment') {
        if (Number.isNaN(t)) return NEEDS_TARGET;
        const zero = zeroDivisor(dir, v, t);
        if (zero !== 0) return zero;
        a = fastAttainment(dir, v, t);
        tp = curve.target ?? 100;
      } else {
        // Raw values against the points: doubles read from decimals compare exactly as the decimals do,
        // and negating (to mirror a lower-is-better axis) is exact.
        if (dir === 'closer') return UNDECIDED;
        tp = curve.target ?? t;
        if (Number.isNaN(tp)) return NEEDS_TARGET;
        a = v;
        if (dir === 'lower') {
          a = -v;
          tp = -tp;
          threshold = -threshold;
          stretch = stretch === undefined ? undefined : -stretch;
        }
      }
      const { scores } = curve;
      if (!(threshold < tp) || (stretch !== undefined && !(stretch > tp))) return UNDECIDED; // explained there
      if (stretch !== undefined) {
        if (a >= stretch) return scores.stretch;
        if (a >= tp) return scores.target + ((scores.stretch - scores.target) * (a - tp)) / (stretch - tp);
      } else if (a >= tp) return scores.target;
      const line =
        scores.threshold + ((scores.target - scores.threshold) * (a - threshold)) / (tp - threshold);
      if (curve.basis === 'attainment' && curve.belowThreshold === 'zero' && near(a, threshold))
        return UNDECIDED;
      if (a >= threshold) return line;
      return curve.belowThreshold === 'zero' || line < 0 ? 0 : line;
    }
    case 'bands': {
      let x = v;
      if (curve.basis === 'attainment') {
        if (Number.isNaN(t)) return NEEDS_TARGET;
        const zero = zeroDivisor(dir, v, t);
        if (zero !== 0) return zero;
        x = fastAttainment(dir, v, t);
      } else if (dir === 'closer') return UNDECIDED;
      const up = curve.basis === 'attainment' || dir === 'higher';
      let best = -1;
      let score = 0;
      for (const band of curve.bands) {
        if (curve.basis === 'attainment' && near(x, band.from)) return UNDECIDED;
        if (up ? x >= band.from : x <= band.from) {
          if (best === -1 || (up ? band.from > best : band.from < best)) {
            best = band.from;
            score = band.score;
          }
        }
      }
      return score;
    }
    case 'binary': {
      if (Number.isNaN(t)) return NEEDS_TARGET;
      if (curve.tolerance === 0 && dir !== 'closer') {
        // Doubles read from decimals compare exactly as the decimals do.
        const met = dir === 'higher' ? v >= t : v <= t;
        return met ? curve.scoreMet : curve.scoreMissed;
      }
      return UNDECIDED;
    }
  }
  return UNDECIDED;
}

/** The decimal path of {@link microScore}. @internal */
export function exactMicroScore(curve: Curve, dir: KpiDirection, value: number, target: number): number {
  const s = curveScore(DEC, curve, dir, value, target);
  if (typeof s === 'number') return s;
  const micro = s.times(MICRO).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
  if (micro.greaterThan(MAX_MICRO))
    throw new OpenSpmError(
      ErrorCode.OUT_OF_RANGE,
      `a KPI score of ${s.toSignificantDigits(12).toString()} points is beyond 90,000,000 (is the target far too small?); cap the curve (capped-ratio or a stretch point)`,
    );
  return micro.toNumber();
}

/** Attainment in percent as an exact decimal, for the explanation; `null` when not applicable. @internal */
export function exactAttainment(dir: KpiDirection, value: number, target: number): Decimal | null {
  if (Number.isNaN(target) || Number.isNaN(value)) return null;
  const a = attainment(DEC, dir, toDecimal(value), toDecimal(target));
  return typeof a === 'number' ? null : a;
}
