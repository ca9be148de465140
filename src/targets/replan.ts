import type { ConversionPolicy } from '../currency/index';
import { ErrorCode, type IssuePath } from '../errors';
import { Decimal, type DecimalInput, Money, type MoneyInput } from '../money/index';
import {
  type CalendarDate,
  customPeriod,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fromDayNumber,
  type Period,
  periodDays,
  workingDays,
} from '../period/index';
import { conversionNote, converter, type TargetConversion, type TargetCurrencyOptions } from './currency';
import { checkShape } from './schemas';
import { apportion, fail, ratioString, readCalendar, readMoney, readPeriod, readWeight } from './shared';

/**
 * One period of a plan being re-made: its original target and what was achieved in it.
 *
 * @example
 * ```ts
 * import type { ReplanPeriod } from 'openspm';
 * const p: ReplanPeriod = { period: '2025-01', target: { amount: '100000', currency: 'CNY' }, actual: { amount: '80000', currency: 'CNY' } };
 * ```
 */
export interface ReplanPeriod {
  /** The period, as a `Period` or a key. */
  readonly period: Period | string;
  /** Its original target. */
  readonly target: Money | MoneyInput;
  /** What was achieved in it so far (default 0). */
  readonly actual?: Money | MoneyInput;
}

/**
 * What to re-plan: the periods of a plan, in order, without gaps or overlaps.
 *
 * @example
 * ```ts
 * import type { ReplanTargetInput } from 'openspm';
 * const input: ReplanTargetInput = { periods: [] };
 * ```
 */
export interface ReplanTargetInput {
  /** The periods with targets and actuals. */
  readonly periods: readonly ReplanPeriod[];
}

/**
 * Options of {@link replanTarget}.
 *
 * @example
 * ```ts
 * import type { ReplanTargetOptions } from 'openspm';
 * const options: ReplanTargetOptions = { asOf: '2025-04-01', cap: '1.5' };
 * ```
 */
export interface ReplanTargetOptions extends TargetCurrencyOptions {
  /** The first day not yet counted: periods ending on or before it are closed. */
  readonly asOf: CalendarDate;
  /** The most a remaining period may be raised to, as a multiple of its original target (e.g. `'1.5'`). */
  readonly cap?: DecimalInput;
  /** The days the run rate counts: `'working'` (default) or `'calendar'`. */
  readonly days?: 'working' | 'calendar';
  /** The calendar (working days, period keys). */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** The plan's currency; default the first period's target's. Targets and actuals in others are converted. */
  readonly reportingCurrency?: string;
  /**
   * Which rate: `'on-date'` (default; a period's target and actual at the rate on the period's first day),
   * `'period-average'` (the period's average), or any `ConversionPolicy` (fixed plan rates).
   */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * One period of a re-made plan.
 *
 * @example
 * ```ts
 * import { replanTarget } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = replanTarget(
 *   { periods: [{ period: '2025-01', target: cny('100000'), actual: cny('50000') }, { period: '2025-02', target: cny('100000') }] },
 *   { asOf: '2025-02-01' },
 * );
 * r.periods[1].status; //=> 'open'
 * r.periods[1].newTarget.toString(); //=> '150000.00 CNY'
 * ```
 */
export interface ReplannedPeriod {
  /** The period key. */
  readonly key: string;
  /** The period. */
  readonly period: Period;
  /** `'closed'` (ended by `asOf`) or `'open'`. */
  readonly status: 'closed' | 'open';
  /** The original target. */
  readonly target: Money;
  /** What was achieved in it. */
  readonly actual: Money;
  /** The new target: the actual for a closed period, the catch-up share for an open one. */
  readonly newTarget: Money;
  /** `newTarget − target`. */
  readonly change: Money;
  /** `true` when held at the cap. */
  readonly capped: boolean;
  /** `true` when it got one minor unit above the floor of its catch-up share (largest remainder). */
  readonly roundedUp: boolean;
}

/**
 * A run-rate projection: what the pace so far gives by the end of the plan.
 *
 * @example
 * ```ts
 * import { replanTarget } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = replanTarget(
 *   { periods: [{ period: '2025-01', target: cny('100000'), actual: cny('50000') }, { period: '2025-02', target: cny('100000') }] },
 *   { asOf: '2025-02-01' },
 * );
 * r.runRate.basis; //=> 'working'
 * r.runRate.elapsedDays; //=> 23
 * r.runRate.totalDays; //=> 43
 * r.runRate.projection?.toString(); //=> '93478.26 CNY'
 * ```
 */
export interface RunRateProjection {
  /** Achieved in periods that started before `asOf`. */
  readonly achieved: Money;
  /** Days elapsed from the plan's start to `asOf`. */
  readonly elapsedDays: number;
  /** Days in the whole plan. */
  readonly totalDays: number;
  /** Which days are counted. */
  readonly basis: 'working' | 'calendar';
  /** achieved × totalDays ÷ elapsedDays, rounded half-even to the minor unit; null when no day elapsed. */
  readonly projection: Money | null;
  /** target − projection (positive: short of target); null with the projection. */
  readonly gap: Money | null;
  /** projection ÷ target, 4 decimals; null when either is missing or the target is 0. */
  readonly projectedAttainment: string | null;
  /** Why a figure is null, else null. */
  readonly reason: string | null;
}

/**
 * The result of {@link replanTarget}.
 *
 * @example
 * ```ts
 * import { replanTarget } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = replanTarget(
 *   { periods: [{ period: '2025-01', target: cny('100000'), actual: cny('50000') }, { period: '2025-02', target: cny('100000') }] },
 *   { asOf: '2025-02-01' },
 * );
 * r.remaining.toString(); //=> '150000.00 CNY'
 * ```
 */
export interface ReplanTargetResult {
  /** The plan's total target. */
  readonly total: Money;
  /** Achieved in closed periods. */
  readonly achieved: Money;
  /** total − achieved, never below 0: what the open periods must still bring. */
  readonly remaining: Money;
  /** What the cap kept from being placed (0 without a cap). */
  readonly unplaced: Money;
  /** Every period, in order. */
  readonly periods: readonly ReplannedPeriod[];
  /** The run-rate projection. */
  readonly runRate: RunRateProjection;
  /** One sentence saying what was done. */
  readonly text: string;
  /** Targets and actuals converted into the plan's currency (only when some were). */
  readonly conversions?: readonly TargetConversion[];
}

/**
 * Re-plans a target given actuals to date. **Catch-up:** what is still missing (total − achieved in
 * closed periods) is re-spread over the open periods in proportion to their original targets (evenly
 * when those are all zero), by largest remainder; with a `cap`, no open period goes above cap × its
 * original target and what cannot be placed is reported as `unplaced`. **Run rate:** achieved so far ÷
 * elapsed days × days in the plan, with the gap to target.
 *
 * @param input - the periods with original targets and actuals.
 * @param options - `asOf`, cap, day basis, calendar, currency options.
 * @throws OpenSpmError `INVALID_PERIOD` (periods overlapping or out of order), `INVALID_DATE`,
 *   `CURRENCY_MISMATCH` (without currency options), `MISSING_EXCHANGE_RATE`, `INVALID_INPUT` (negative target).
 * @example
 * ```ts
 * import { replanTarget } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = replanTarget(
 *   {
 *     periods: [
 *       { period: 'FY2025-Q1', target: cny('100000'), actual: cny('70000') },
 *       { period: 'FY2025-Q2', target: cny('100000') },
 *       { period: 'FY2025-Q3', target: cny('100000') },
 *       { period: 'FY2025-Q4', target: cny('100000') },
 *     ],
 *   },
 *   { asOf: '2025-04-01', days: 'calendar' },
 * );
 * r.periods.map((p) => p.newTarget.toString());
 * //=> ['70000.00 CNY', '110000.00 CNY', '110000.00 CNY', '110000.00 CNY']
 * r.runRate.projection?.toString(); //=> '283888.89 CNY'
 * ```
 */
export function replanTarget(input: ReplanTargetInput, options: ReplanTargetOptions): ReplanTargetResult {
  checkShape('replanTarget', input, options);
  if (
    input === null ||
    typeof input !== 'object' ||
    !Array.isArray(input.periods) ||
    input.periods.length === 0
  ) {
    fail(ErrorCode.INVALID_INPUT, ['periods'], 'expected at least one period');
  }
  if (options === null || typeof options !== 'object')
    fail(ErrorCode.INVALID_INPUT, ['options'], 'expected { asOf }');
  const calendar = readCalendar(options.calendar);
  let asOf: number;
  try {
    asOf = dayNumber(options.asOf);
  } catch {
    fail(
      ErrorCode.INVALID_DATE,
      ['asOf'],
      `expected a date as YYYY-MM-DD, got ${JSON.stringify(options.asOf)}`,
    );
  }
  const basis = options.days ?? 'working';
  if (basis !== 'working' && basis !== 'calendar') {
    fail(ErrorCode.INVALID_INPUT, ['days'], `must be "working" or "calendar", got ${JSON.stringify(basis)}`);
  }
  const cap = options.cap === undefined ? null : readWeight(options.cap, ['cap'], 'cap');
  let currency = options.reportingCurrency ?? '';
  let minorUnits = currency === '' ? 2 : Money.zero(currency).minorUnits;
  const cv = converter(options);
  const rows = input.periods.map((p, j) => {
    const path: IssuePath = ['periods', j];
    const period = readPeriod(p?.period, calendar, [...path, 'period']);
    const when = () => ({ date: period.start, period });
    let target = readMoney(p.target, [...path, 'target'], 'target');
    if (currency === '') {
      currency = target.currency;
      minorUnits = target.minorUnits;
    }
    target = cv.convert(target, currency, minorUnits, when, [...path, 'target']);
    const actual =
      p.actual === undefined
        ? Money.zero(currency)
        : cv.convert(readMoney(p.actual, [...path, 'actual'], 'actual'), currency, minorUnits, when, [
            ...path,
            'actual',
          ]);
    for (const [m, field] of [
      [target, 'target'],
      [actual, 'actual'],
    ] as const) {
      if (m.currency !== currency)
        fail(ErrorCode.CURRENCY_MISMATCH, [...path, field], `is in ${m.currency}, period 0 in ${currency}`);
    }
    const t = target.toMinor(minorUnits);
    if (t < 0n) fail(ErrorCode.INVALID_INPUT, [...path, 'target'], `cannot be negative, got ${target}`);
    return {
      period,
      target: t,
      actual: actual.toMinor(minorUnits),
      start: dayNumber(period.start),
      end: dayNumber(period.end),
    };
  });
  rows.forEach((r, j) => {
    if (j > 0 && r.start < rows[j - 1]!.end) {
      fail(
        ErrorCode.INVALID_PERIOD,
        ['periods', j, 'period'],
        `${r.period.key} starts before ${rows[j - 1]!.period.key} ends; list periods in order without overlap`,
      );
    }
  });
  const money = (v: bigint) => Money.fromMinor(v, currency, minorUnits);
  const total = rows.reduce((a, r) => a + r.target, 0n);
  const closed = rows.map((r) => r.end <= asOf);
  const achieved = rows.reduce((a, r, j) => (closed[j] ? a + r.actual : a), 0n);
  const remaining = total > achieved ? total - achieved : 0n;
  const open = rows.map((_, j) => j).filter((j) => !closed[j]);
  const newTargets = rows.map((r, j) => (closed[j] ? r.actual : 0n));
  const capped = rows.map(() => false);
  const roundedUp = rows.map(() => false);
  let unplaced = 0n;
  if (open.length > 0 && remaining > 0n) {
    const limit = (j: number): bigint | null =>
      cap === null
        ? null
        : BigInt(cap.times(rows[j]!.target.toString()).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed(0));
    let free = open.slice();
    let left = remaining;
    for (;;) {
      if (free.length === 0) {
        unplaced = left;
        break;
      }
      const weights = free.map((j) => rows[j]!.target);
      const useEven = weights.every((w) => w === 0n);
      if (useEven && cap !== null) {
        unplaced = left;
        break;
      }
      const split = apportion(left, useEven ? free.map(() => 1n) : weights, ['periods']);
      free.forEach((j, k) => {
        newTargets[j] = split.parts[k]!;
        roundedUp[j] = false;
      });
      for (const k of split.roundedUp) roundedUp[free[k]!] = true;
      const over = free.filter((j) => {
        const l = limit(j);
        return l !== null && newTargets[j]! > l;
      });
      if (over.length === 0) break;
      for (const j of over) {
        newTargets[j] = limit(j)!;
        capped[j] = true;
        left -= newTargets[j]!;
      }
      free = free.filter((j) => !capped[j]);
    }
  }

  // Run rate over the whole plan.
  const planStart = rows[0]!.start;
  const planEnd = rows[rows.length - 1]!.end;
  const to = Math.min(Math.max(asOf, planStart), planEnd);
  const countDays = (from: number, until: number): number => {
    if (until <= from) return 0;
    const range = customPeriod(fromDayNumber(from), fromDayNumber(until));
    return basis === 'working' ? workingDays(range, calendar) : periodDays(range);
  };
  const elapsedDays = countDays(planStart, to);
  const totalDays = countDays(planStart, planEnd);
  const soFar = rows.reduce((a, r) => (r.start < asOf ? a + r.actual : a), 0n);
  let projection: Money | null = null;
  let gap: Money | null = null;
  let projectedAttainment: string | null = null;
  let reason: string | null = null;
  if (elapsedDays === 0) {
    reason = `no ${basis} day has elapsed by ${options.asOf}: no pace to project from`;
  } else {
    const proj = new Decimal(soFar.toString())
      .times(totalDays)
      .dividedBy(elapsedDays)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
    const projMinor = BigInt(proj.toFixed(0));
    projection = money(projMinor);
    gap = money(total - projMinor);
    projectedAttainment = ratioString(projMinor, total, 4);
    if (projectedAttainment === null) reason = 'the target is 0: attainment is not applicable';
  }
  const periods = rows.map(
    (r, j): ReplannedPeriod => ({
      key: r.period.key,
      period: r.period,
      status: closed[j] ? 'closed' : 'open',
      target: money(r.target),
      actual: money(r.actual),
      newTarget: money(newTargets[j]!),
      change: money(newTargets[j]! - r.target),
      capped: capped[j]!,
      roundedUp: roundedUp[j]! && !capped[j],
    }),
  );
  const converted = conversionNote(cv.list, currency);
  return {
    total: money(total),
    achieved: money(achieved),
    remaining: money(remaining),
    unplaced: money(unplaced),
    periods,
    runRate: {
      achieved: money(soFar),
      elapsedDays,
      totalDays,
      basis,
      projection,
      gap,
      projectedAttainment,
      reason,
    },
    text: `${money(achieved)} achieved in ${closed.filter(Boolean).length} closed period(s) of a ${money(total)} plan; ${money(remaining)} re-spread over ${open.length} open period(s) by their original targets (largest remainder)${cap ? `, capped at ${cap}× original` : ''}${unplaced > 0n ? `; ${money(unplaced)} could not be placed under the cap` : ''}.${converted === null ? '' : ` ${converted}.`}`,
    ...(cv.list.length > 0 ? { conversions: cv.list } : {}),
  };
}
