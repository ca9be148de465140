// Private helpers of the targets module: parsing at the boundary, exact apportionment on bigint weights.
import { z } from 'zod';
import { ErrorCode, type ErrorCodeValue, type IssuePath, issue, OpenSpmError, parseOrThrow } from '../errors';
import { allocateMinor, Decimal, type DecimalInput, Money, MoneySchema, toDecimal } from '../money/index';
import {
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fiscalCalendar,
  type Period,
  PeriodSchema,
  parsePeriodKey,
} from '../period/index';

/** Throws one OpenSpmError for one problem; the message starts with the formatted path. */
export function fail(code: ErrorCodeValue, path: IssuePath, text: string): never {
  const one = issue(code, path, text);
  throw new OpenSpmError(code, one.message, { path, issues: [one] });
}

/** Money from a `Money` or its JSON form, with the path in any error. */
export function readMoney(value: unknown, path: IssuePath, what = 'amount'): Money {
  if (value instanceof Money) return value;
  return parseOrThrow(MoneySchema, value, what, path);
}

/** A period from a `Period` or a period key, read in the calendar. */
export function readPeriod(value: unknown, calendar: FiscalCalendar, path: IssuePath): Period {
  if (typeof value === 'string') {
    try {
      return parsePeriodKey(value, calendar);
    } catch (error) {
      if (error instanceof OpenSpmError) fail(error.code, path, error.message.replace(/^key: /, ''));
      throw error;
    }
  }
  return parseOrThrow(PeriodSchema, value, 'period', path, ErrorCode.INVALID_PERIOD);
}

/** The calendar argument as a compiled, frozen calendar (made once per call). */
export function readCalendar(calendar: FiscalCalendar | FiscalCalendarOptions | undefined): FiscalCalendar {
  // Always through fiscalCalendar: it checks the options, fills defaults and compiles the calendar once.
  return fiscalCalendar(calendar ?? {});
}

/** A non-negative decimal (weight, percent, index), with the path in any error. */
export function readWeight(value: unknown, path: IssuePath, what = 'weight'): Decimal {
  let d: Decimal;
  try {
    d = toDecimal(value as DecimalInput, { path });
  } catch (error) {
    if (error instanceof OpenSpmError) {
      fail(ErrorCode.INVALID_WEIGHTS, path, `a ${what} must be a finite number, got ${String(value)}`);
    }
    throw error;
  }
  if (d.isNegative() && !d.isZero())
    fail(ErrorCode.INVALID_WEIGHTS, path, `a ${what} cannot be negative, got ${d}`);
  return d;
}

/** Decimals scaled to integers on one common scale (exact: ratios between them are kept). */
export function scaleToIntegers(values: readonly Decimal[]): bigint[] {
  let places = 0;
  for (const v of values) places = Math.max(places, v.decimalPlaces());
  const factor = new Decimal(10).pow(places);
  return values.map((v) => BigInt(v.times(factor).toFixed(0)));
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Least common multiple of positive bigints (1 for an empty list). */
export function lcm(values: readonly bigint[]): bigint {
  let out = 1n;
  for (const v of values) if (v > 0n) out = (out / gcd(out, v)) * v;
  return out;
}

// allocateMinor reads weights as 40-digit decimals: keep every weight below that many digits.
const MAX_WEIGHT = 10n ** 38n;

/**
 * Weights reduced by their common divisor and, only when still beyond 38 digits, scaled down to 38
 * digits (a relative change below 1e-37, which is reported as not exact).
 */
function reduceWeights(weights: readonly bigint[]): { weights: bigint[]; exact: boolean } {
  let g = 0n;
  for (const w of weights) g = gcd(g, w);
  if (g === 0n) return { weights: [...weights], exact: true };
  let out = weights.map((w) => w / g);
  let max = 0n;
  for (const w of out) if (w > max) max = w;
  if (max < MAX_WEIGHT) return { weights: out, exact: true };
  out = out.map((w) => (w * MAX_WEIGHT) / max);
  return { weights: out, exact: false };
}

/** The result of {@link apportion}: parts, and which parts received a unit from the remainder. */
export interface Apportioned {
  parts: bigint[];
  /** Indexes of parts that got one minor unit more than the floor of their exact share. */
  roundedUp: number[];
  /** False when weights beyond 38 digits had to be scaled down. */
  exact: boolean;
}

/**
 * Splits `total` minor units over integer weights with `allocateMinor` (largest remainder, ties to the
 * lower index) and reports which parts were rounded up. Weights must not all be zero.
 */
export function apportion(total: bigint, weights: readonly bigint[], path: IssuePath): Apportioned {
  let sum = 0n;
  for (const w of weights) sum += w;
  if (sum === 0n) {
    fail(
      ErrorCode.INVALID_WEIGHTS,
      path,
      'all weights are zero: at least one part must have a positive weight',
    );
  }
  const reduced = reduceWeights(weights);
  const parts = allocateMinor(total, reduced.weights);
  const units = total < 0n ? -total : total;
  let rsum = 0n;
  for (const w of reduced.weights) rsum += w;
  const roundedUp: number[] = [];
  reduced.weights.forEach((w, i) => {
    const floor = (units * w) / rsum;
    const p = parts[i]!;
    if ((p < 0n ? -p : p) > floor) roundedUp.push(i);
  });
  return { parts, roundedUp, exact: reduced.exact };
}

/** A share of a whole as a decimal string with `places` decimals (half-even), or null when the whole is 0. */
export function ratioString(numerator: bigint, denominator: bigint, places = 6): string | null {
  if (denominator === 0n) return null;
  return new Decimal(numerator.toString()).dividedBy(denominator.toString()).toFixed(places);
}

/** Zod schema of a decimal input (number, decimal text, bigint or Decimal). */
export const DecimalInputSchema = z.custom<DecimalInput>(
  (v) => typeof v === 'number' || typeof v === 'string' || typeof v === 'bigint' || Decimal.isDecimal(v),
  { message: 'expected a number or decimal text such as "12.5"' },
);
