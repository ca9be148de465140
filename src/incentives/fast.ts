// Exact per-payee arithmetic in scaled bigints for the common plan shapes (flat, marginal and retroactive
// tiers, threshold, gates and multiplier tables, one cap): every decimal of the plan is turned into an integer
// over a power of ten once, so a payee costs a few dozen bigint operations instead of decimal.js objects.
// Anything else (curves, hybrid, several components) returns null and takes the decimal.js path.
import type { Decimal } from '../money/index';
import type { Plan } from './plan';

type Dec = InstanceType<typeof Decimal>;

interface Scaled {
  value: bigint;
  decimals: number;
}

function scaled(d: Dec, decimals: number): bigint | null {
  const shifted = d.times(10 ** decimals);
  return shifted.isInteger() ? BigInt(shifted.toFixed(0)) : null;
}

const POW10: bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
/** 10^n as a bigint, from a table. @internal */
export const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

/** A compiled single-commission plan. @internal */
export interface FastPlan {
  mode: 'flat' | 'marginal' | 'retroactive';
  onAttainment: boolean;
  /** Tier starts in minor units × 10^s (amount tiers), or attainment × 10^s (attainment tiers). */
  bounds: bigint[];
  rates: bigint[];
  s: number;
  r: number;
  upper: boolean;
  threshold: { at: bigint; onAttainment: boolean; retroactive: boolean } | null;
  modifiers: Plan['components'][number]['modifiers'];
  multipliers: { scaledTable: bigint[]; otherwise: bigint; decimals: number; minNumber: number | null }[];
  /** Cap in minor units (whole minor units only). */
  capMinor: bigint | null;
  /** The same bounds, rates and threshold as plain numbers, when they are safe integers. */
  numbers: { bounds: number[]; rates: number[]; threshold: number; s: number } | null;
}

function decimalsOf(values: Dec[]): number {
  return values.reduce((m, v) => Math.max(m, v.decimalPlaces()), 0);
}

/** Compiles the plan for the bigint path, or null when the plan needs decimal.js. @internal */
export function compileFast(plan: Plan, minor: number): FastPlan | null {
  if (plan.components.length !== 1) return null;
  const c = plan.components[0]!;
  if (c.type !== 'commission') return null;
  const rates = c.rates;
  if (rates.type === 'curve' || (rates.type === 'tiered' && rates.mode === 'hybrid')) return null;
  const onAttainment = rates.type === 'tiered' && rates.on === 'attainment';
  const rawBounds = rates.type === 'tiered' ? rates.tiers.map((t) => t.from) : [];
  const rawRates = rates.type === 'tiered' ? rates.tiers.map((t) => t.rate) : [rates.rate];
  const th = c.threshold;
  if (th && th.on === 'attainment' && !onAttainment && rates.type === 'tiered') return null;
  const thOnAttainment = th?.on === 'attainment';
  // Scale s: attainment bounds and thresholds as fractions, or amounts in minor units; one scale for both kinds
  // would need two, so a mix of amount tiers with an attainment threshold (or the reverse) takes the decimal path.
  if (th && rates.type === 'tiered' && thOnAttainment !== onAttainment) return null;
  const attainmentSide = onAttainment || (rates.type === 'flat' && thOnAttainment);
  const inUnits = (d: Dec) => (attainmentSide ? d : d.times(10 ** minor));
  const s = decimalsOf([...rawBounds.map(inUnits), ...(th ? [inUnits(th.at)] : [])]);
  if (s > 12) return null;
  const r = decimalsOf(rawRates);
  if (r > 12) return null;
  const bounds = rawBounds.map((b) => scaled(inUnits(b), s));
  const rs = rawRates.map((x) => scaled(x, r));
  if (bounds.some((b) => b === null) || rs.some((x) => x === null)) return null;
  const multipliers: FastPlan['multipliers'] = [];
  for (const m of c.modifiers) {
    if (m.type === 'gate') {
      const decimals = decimalsOf([m.otherwise]);
      // The gate's minimum as a number when that number is exactly the decimal (80, 4.5), for a fast compare.
      const asNumber = m.min.toNumber();
      const exact = Number.isFinite(asNumber) && m.min.eq(asNumber) && Number.isSafeInteger(asNumber);
      multipliers.push({
        scaledTable: [],
        otherwise: scaled(m.otherwise, decimals)!,
        decimals,
        minNumber: exact ? asNumber : null,
      });
    } else {
      const decimals = decimalsOf(m.table.map((t) => t.multiplier));
      multipliers.push({
        scaledTable: m.table.map((t) => scaled(t.multiplier, decimals)!),
        otherwise: 0n,
        decimals,
        minNumber: null,
      });
    }
  }
  let capMinor: bigint | null = null;
  if (c.cap) {
    if (c.cap.per !== 'period') return null;
    capMinor = scaled(c.cap.amount, minor);
    if (capMinor === null) return null;
  }
  const boundary = (rates.type === 'tiered' ? rates.boundary : undefined) ?? plan.boundary;
  return {
    mode: rates.type === 'flat' ? 'flat' : rates.mode === 'retroactive' ? 'retroactive' : 'marginal',
    onAttainment: attainmentSide,
    bounds: bounds as bigint[],
    rates: rs as bigint[],
    s,
    r,
    upper: boundary === 'upper',
    threshold: th
      ? { at: scaled(inUnits(th.at), s)!, onAttainment: thOnAttainment, retroactive: th.retroactive }
      : null,
    modifiers: c.modifiers,
    multipliers,
    capMinor,
    numbers: null,
  };
}

/** Adds the plain-number form of a compiled plan when every constant is a safe integer. @internal */
export function withNumbers(f: FastPlan): FastPlan {
  const all = [...f.bounds, ...f.rates, f.threshold?.at ?? 0n];
  if (!all.every((v) => v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)))
    return f;
  return {
    ...f,
    numbers: {
      bounds: f.bounds.map(Number),
      rates: f.rates.map(Number),
      threshold: Number(f.threshold?.at ?? 0n),
      s: 10 ** f.s,
    },
  };
}

/**
 * {@link fastEarned} on plain numbers: every intermediate is an integer, exact while below 2^53, which is
 * checked; null when a value would not be exact (then the bigint version runs). @internal
 */
export function fastEarnedNumber(f: FastPlan, totalMinor: number, quotaMinor: number): bigint | null {
  const nums = f.numbers;
  if (nums === null) return null;
  const x = totalMinor * nums.s;
  if (!Number.isSafeInteger(x)) return null;
  let e: number;
  if (f.threshold) {
    const t = f.threshold.onAttainment ? quotaMinor * nums.threshold : nums.threshold;
    if (!Number.isSafeInteger(t)) return null;
    const met = f.upper ? x > t : x >= t;
    e = !met
      ? 0
      : f.threshold.retroactive
        ? baseNumber(f, x, quotaMinor)
        : baseNumber(f, x, quotaMinor) - baseNumber(f, t, quotaMinor);
  } else {
    e = baseNumber(f, x, quotaMinor);
  }
  // NaN (a value beyond 2^53 on the way) fails this check too.
  return Number.isSafeInteger(e) ? BigInt(e) : null;
}

/** The schedule on plain integers; NaN when an intermediate value is not a safe integer. */
function baseNumber(f: FastPlan, v: number, quotaMinor: number): number {
  const nums = f.numbers!;
  const rates = nums.rates;
  const bounds = nums.bounds;
  const scale = f.onAttainment ? quotaMinor : 1;
  if (f.mode === 'flat') return safe(rates[0]! * v);
  const n = bounds.length;
  if (f.mode === 'retroactive') {
    let k = 0;
    for (let i = 1; i < n; i++) {
      const b = scale * bounds[i]!;
      if (!Number.isSafeInteger(b)) return Number.NaN;
      if (f.upper ? v > b : v >= b) k = i;
      else break;
    }
    return safe(rates[k]! * v);
  }
  let e = 0;
  for (let i = 0; i < n; i++) {
    const lo = scale * bounds[i]!;
    if (v <= lo) break;
    const next = bounds[i + 1];
    const bound = next === undefined ? v : scale * next;
    const hi = Math.min(bound, v);
    e += safe(rates[i]! * (hi - lo));
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) return Number.NaN;
  }
  return safe(e);
}

function safe(v: number): number {
  return Number.isSafeInteger(v) ? v : Number.NaN;
}

/** Earned by the schedule (before modifiers), as an integer over 10^(s + r) minor units. @internal */
export function fastEarned(f: FastPlan, totalMinor: bigint, quotaMinor: bigint): Scaled {
  const S = pow10(f.s);
  const x = totalMinor * S;
  const at = (b: bigint) => (f.onAttainment ? quotaMinor * b : b);
  const base = (v: bigint): bigint => {
    if (f.mode === 'flat') return f.rates[0]! * v;
    const n = f.bounds.length;
    if (f.mode === 'retroactive') {
      let k = 0;
      for (let i = 1; i < n; i++) {
        const b = at(f.bounds[i]!);
        if (f.upper ? v > b : v >= b) k = i;
        else break;
      }
      return f.rates[k]! * v;
    }
    let e = 0n;
    for (let i = 0; i < n; i++) {
      const lo = at(f.bounds[i]!);
      if (v <= lo) break;
      const next = f.bounds[i + 1];
      const hi = next === undefined ? v : at(next) < v ? at(next) : v;
      e += f.rates[i]! * (hi - lo);
    }
    return e;
  };
  let e: bigint;
  if (f.threshold) {
    const t = f.threshold.onAttainment ? quotaMinor * f.threshold.at : f.threshold.at;
    const met = f.upper ? x > t : x >= t;
    e = !met ? 0n : f.threshold.retroactive ? base(x) : base(x) - base(t);
  } else {
    e = base(x);
  }
  return { value: e, decimals: f.s + f.r };
}

/** Rounds an integer numerator over 10^decimals to whole units with a rounding mode. @internal */
export function roundScaled(n: bigint, decimals: number, mode: string): bigint {
  // Sign-symmetric, as everywhere in openspm: the magnitude is rounded.
  if (n < 0n) return -roundScaled(-n, decimals, mode);
  const d = pow10(decimals);
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  switch (mode) {
    case 'down':
    case 'floor':
      return q;
    case 'up':
    case 'ceiling':
      return q + 1n;
    case 'half-up':
      return 2n * r >= d ? q + 1n : q;
    case 'half-down':
      return 2n * r > d ? q + 1n : q;
    default:
      return 2n * r > d || (2n * r === d && q % 2n === 1n) ? q + 1n : q;
  }
}

/** An integer over 10^decimals as the shortest decimal text (as decimal.js prints it). @internal */
export function formatScaled(n: bigint, decimals: number): string {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString();
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0');
    let int = digits.slice(0, digits.length - decimals);
    let frac = digits.slice(digits.length - decimals).replace(/0+$/, '');
    if (int === '') int = '0';
    digits = frac ? `${int}.${frac}` : int;
    frac = '';
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/** {@link roundScaled} on a safe-integer numerator; null when 10^decimals is not a safe integer. @internal */
export function roundScaledNumber(n: number, decimals: number, mode: string): number | null {
  if (n < 0) {
    const r = roundScaledNumber(-n, decimals, mode);
    return r === null ? null : r === 0 ? 0 : -r;
  }
  const d = 10 ** decimals;
  if (!Number.isSafeInteger(d)) return null;
  let q = Math.floor(n / d);
  let r = n - q * d; // exact: all values are safe integers
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  if (r === 0) return q;
  switch (mode) {
    case 'down':
    case 'floor':
      return q;
    case 'up':
    case 'ceiling':
      return q + 1;
    case 'half-up':
      return 2 * r >= d ? q + 1 : q;
    case 'half-down':
      return 2 * r > d ? q + 1 : q;
    default:
      return 2 * r > d || (2 * r === d && q % 2 === 1) ? q + 1 : q;
  }
}

/** {@link formatScaled} for a safe integer. @internal */
export function formatScaledNumber(n: number, decimals: number): string {
  const negative = n < 0;
  let digits = String(negative ? -n : n);
  if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0');
    let end = digits.length;
    const point = digits.length - decimals;
    while (end > point && digits.charCodeAt(end - 1) === 48) end--;
    const int = digits.slice(0, point);
    digits = end > point ? `${int}.${digits.slice(point, end)}` : int;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

/**
 * a ÷ b (a ≥ 0, b > 0, both below 9·10^10) rounded half-even to 10 decimals, by long division on plain
 * integers; null outside that range. @internal
 */
export function ratio10Number(a: number, b: number): string | null {
  if (!(a >= 0 && b > 0 && a < 9e10 && b < 9e10)) return null;
  const int = Math.floor(a / b);
  let rem = a - int * b;
  if (rem < 0 || rem >= b) return null;
  // Two steps of five digits keep rem × 10^5 below 2^53.
  const hi = Math.floor((rem * 1e5) / b);
  rem = rem * 1e5 - hi * b;
  const lo = Math.floor((rem * 1e5) / b);
  rem = rem * 1e5 - lo * b;
  if (rem < 0 || rem >= b || hi >= 1e5 || lo >= 1e5) return null;
  let frac = hi * 1e5 + lo;
  let whole = int;
  if (2 * rem > b || (2 * rem === b && frac % 2 === 1)) frac += 1;
  if (frac === 1e10) {
    frac = 0;
    whole += 1;
  }
  let digits = String(frac).padStart(10, '0');
  let end = 10;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return digits ? `${whole}.${digits}` : String(whole);
}
