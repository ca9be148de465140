import {
  type ConversionPolicy,
  convert,
  type ExchangeRateInput,
  type RateTable,
  rateTable,
} from '../currency/index';
import { ErrorCode, type IssuePath, OpenSpmError } from '../errors';
import { Decimal, type DecimalInput, Money, type MoneyInput } from '../money/index';
import {
  type CalendarDate,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
} from '../period/index';
import { checkShape } from './schemas';
import { apportion, fail, readCalendar, readMoney, readPeriod, readWeight, scaleToIntegers } from './shared';

/**
 * A rep's target for one period.
 *
 * @example
 * ```ts
 * import type { RepPeriodTarget } from 'openspm';
 * const t: RepPeriodTarget = { repId: 'u1', period: '2025-01', amount: { amount: '100000', currency: 'CNY' } };
 * ```
 */
export interface RepPeriodTarget {
  /** The rep. */
  readonly repId: string;
  /** The period, as a `Period` or key. */
  readonly period: Period | string;
  /** The target. */
  readonly amount: Money | MoneyInput;
}

/**
 * A share of credit for a deal split between reps.
 *
 * @example
 * ```ts
 * import type { CreditSplit } from 'openspm';
 * const s: CreditSplit = { repId: 'u2', percent: 40 };
 * ```
 */
export interface CreditSplit {
  /** The rep credited. */
  readonly repId: string;
  /** Their allocation percentage; a deal's splits total 100. */
  readonly percent: DecimalInput;
}

/**
 * Something achieved: a won deal or a payment, credited to one rep or split between several.
 *
 * @example
 * ```ts
 * import type { Achievement } from 'openspm';
 * const a: Achievement = { id: 'D-1', date: '2025-01-20', amount: { amount: '50000', currency: 'CNY' }, splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] };
 * ```
 */
export interface Achievement {
  /** An id to trace credits back (a deal id). */
  readonly id?: string;
  /** The day it counts on. */
  readonly date: CalendarDate;
  /** The amount. */
  readonly amount: Money | MoneyInput;
  /** The rep credited in full (when not split). */
  readonly repId?: string;
  /** Split credit: each rep gets their percentage, by largest remainder so the credits sum to the amount. */
  readonly splits?: readonly CreditSplit[];
}

/**
 * What to compare: targets per rep and period, and achievements.
 *
 * @example
 * ```ts
 * import type { TargetVarianceInput } from 'openspm';
 * const input: TargetVarianceInput = { targets: [], achievements: [] };
 * ```
 */
export interface TargetVarianceInput {
  /** Targets per rep and period; periods must not overlap. */
  readonly targets: readonly RepPeriodTarget[];
  /** Achievements, each placed in the target period containing its date. */
  readonly achievements: readonly Achievement[];
}

/**
 * Options of {@link targetVariance}.
 *
 * @example
 * ```ts
 * import type { TargetVarianceOptions } from 'openspm';
 * const options: TargetVarianceOptions = { attainmentDecimals: 4 };
 * ```
 */
export interface TargetVarianceOptions {
  /** Decimals of attainment ratios (half-even); default 4 (`'0.8750'` = 87.50 %). */
  readonly attainmentDecimals?: number;
  /** The calendar for period keys. */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /**
   * Compare in this currency: targets and achievements in other currencies are converted (with `rates` and
   * `conversion`), each rounded half-even to its minor unit. Without it, mixing currencies is `CURRENCY_MISMATCH`.
   */
  readonly reportingCurrency?: string;
  /** The exchange rates for `reportingCurrency` (from `rateTable`, or the rate list). */
  readonly rates?: RateTable | readonly ExchangeRateInput[];
  /**
   * Which rate: `'on-date'` (default; an achievement at the rate on its date, a target at the rate on its
   * period's first day), or any {@link ConversionPolicy} (fixed plan rates, a period average).
   */
  readonly conversion?: 'on-date' | ConversionPolicy;
}

/**
 * Target against achieved for one scope.
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.rows[0].attainment; //=> '0.8750'
 * ```
 */
export interface VarianceFigures {
  /** The target. */
  readonly target: Money;
  /** What was achieved (credited). */
  readonly achieved: Money;
  /** achieved − target (negative: short). */
  readonly variance: Money;
  /** achieved ÷ target, rounded half-even; `null` when the target is 0. */
  readonly attainment: string | null;
  /** Why attainment is null, else null. */
  readonly reason: string | null;
}

/**
 * One rep in one period, with the running totals from the first period.
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.rows[1].cumulative.variance.toString(); //=> '-52500.00 CNY'
 * ```
 */
export interface VarianceRow extends VarianceFigures {
  /** The rep. */
  readonly repId: string;
  /** The period key. */
  readonly key: string;
  /** The period. */
  readonly period: Period;
  /** Cumulative figures from the first period through this one. */
  readonly cumulative: VarianceFigures;
}

/**
 * One credit given: which achievement, to whom, how much.
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.credits[1].percent; //=> '60'
 * r.credits[2].amount.toString(); //=> '40000.00 CNY'
 * ```
 */
export interface CreditLine {
  /** Index of the achievement in the input. */
  readonly achievement: number;
  /** Its id, when given. */
  readonly id?: string;
  /** The rep credited. */
  readonly repId: string;
  /** The percentage (100 when not split). */
  readonly percent: string;
  /** The credit. */
  readonly amount: Money;
  /** The period it counts in, or null when outside every target period. */
  readonly key: string | null;
}

/**
 * One rep's figures over all periods.
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.reps.map((x) => x.repId); //=> ['u1', 'u2']
 * ```
 */
export interface RepVariance extends VarianceFigures {
  /** The rep. */
  readonly repId: string;
}

/**
 * One period's figures over all reps (the team).
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.periods[0].key; //=> '2025-01'
 * ```
 */
export interface PeriodVariance extends VarianceFigures {
  /** The period key. */
  readonly key: string;
  /** The period. */
  readonly period: Period;
}

/**
 * The result of {@link targetVariance}.
 *
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u1', period: '2025-02', amount: cny('100000') },
 *   ],
 *   achievements: [
 *     { date: '2025-01-20', amount: cny('87500'), repId: 'u1' },
 *     { date: '2025-02-10', amount: cny('100000'), splits: [{ repId: 'u1', percent: 60 }, { repId: 'u2', percent: 40 }] },
 *   ],
 * });
 * r.total.attainment; //=> '0.9375'
 * ```
 */
export interface TargetVarianceResult {
  /** One row per rep and period, reps in order of first appearance, periods in time order. */
  readonly rows: readonly VarianceRow[];
  /** Per rep over all periods. */
  readonly reps: readonly RepVariance[];
  /** Per period over all reps (the team). */
  readonly periods: readonly PeriodVariance[];
  /** Everything. */
  readonly total: VarianceFigures;
  /** Every credit line, split credit included. */
  readonly credits: readonly CreditLine[];
  /** Credits that fall outside every target period (not counted). */
  readonly unplaced: number;
}

/**
 * Compares targets with achievements per rep and period and cumulatively: variance (achieved − target)
 * and attainment (achieved ÷ target; `null` with a reason when the target is 0, never NaN). A deal with
 * split credit credits each rep their allocation percentage, by largest remainder so the credits add up
 * exactly to the deal.
 *
 * @param input - targets per rep and period, and achievements.
 * @param options - attainment decimals, calendar.
 * @throws OpenSpmError `INVALID_DISTRIBUTION` (splits not totalling 100), `INVALID_PERIOD` (overlapping
 *   periods), `INVALID_INPUT` (an achievement with neither repId nor splits), `CURRENCY_MISMATCH`.
 * @example
 * ```ts
 * import { targetVariance } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = targetVariance({
 *   targets: [
 *     { repId: 'u1', period: '2025-01', amount: cny('100000') },
 *     { repId: 'u2', period: '2025-01', amount: cny('0') },
 *   ],
 *   achievements: [
 *     { id: 'D-1', date: '2025-01-20', amount: cny('99.99'), splits: [{ repId: 'u1', percent: 75 }, { repId: 'u2', percent: 25 }] },
 *     { id: 'D-2', date: '2025-01-21', amount: cny('80000'), repId: 'u1' },
 *   ],
 * });
 * r.credits.map((c) => `${c.repId} ${c.amount}`); //=> ['u1 74.99 CNY', 'u2 25.00 CNY', 'u1 80000.00 CNY']
 * r.rows[0].attainment; //=> '0.8007'
 * r.rows[1].attainment; //=> null
 * ```
 */
export function targetVariance(
  input: TargetVarianceInput,
  options: TargetVarianceOptions = {},
): TargetVarianceResult {
  checkShape('targetVariance', input, options);
  if (
    input === null ||
    typeof input !== 'object' ||
    !Array.isArray(input.targets) ||
    !Array.isArray(input.achievements)
  ) {
    fail(ErrorCode.INVALID_INPUT, [], 'expected { targets, achievements }');
  }
  const calendar = readCalendar(options.calendar);
  const decimals = options.attainmentDecimals ?? 4;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['attainmentDecimals'],
      `must be a whole number from 0 to 20, got ${decimals}`,
    );
  }
  let currency = '';
  let minorUnits = 2;
  const reporting = options.reportingCurrency;
  const table = reporting === undefined ? undefined : rateTable(options.rates ?? []);
  const toReporting = (m: Money, date: CalendarDate, path: IssuePath): Money => {
    if (reporting === undefined || m.currency === reporting) return m;
    const c = options.conversion ?? 'on-date';
    const policy: ConversionPolicy = c === 'on-date' ? { kind: 'on-date', date } : c;
    try {
      return convert(m, reporting, { rates: table!, policy, rounding: 'half-even' }).amount;
    } catch (error) {
      if (error instanceof OpenSpmError) {
        throw new OpenSpmError(error.code, `${path.join('.')}: ${error.message}`, { path, cause: error });
      }
      throw error;
    }
  };
  if (reporting !== undefined) {
    currency = reporting;
    minorUnits = Money.zero(reporting).minorUnits;
  }
  const check = (m: Money, path: IssuePath) => {
    if (currency === '') {
      currency = m.currency;
      minorUnits = m.minorUnits;
    } else if (m.currency !== currency) {
      fail(ErrorCode.CURRENCY_MISMATCH, path, `is in ${m.currency}, the first amount in ${currency}`);
    }
    return m.toMinor(minorUnits);
  };
  // Periods: distinct by dates, in time order, not overlapping.
  const periodIndex = new Map<string, number>();
  const periods: { period: Period; start: number; end: number }[] = [];
  const repIndex = new Map<string, number>();
  const targets = input.targets.map((t, k) => {
    const path: IssuePath = ['targets', k];
    if (t === null || typeof t !== 'object' || typeof t.repId !== 'string' || t.repId === '') {
      fail(ErrorCode.INVALID_INPUT, [...path, 'repId'], 'every target needs a repId');
    }
    const period = readPeriod(t.period, calendar, [...path, 'period']);
    const id = `${period.start}..${period.end}`;
    if (!periodIndex.has(id)) {
      periodIndex.set(id, periods.length);
      periods.push({ period, start: dayNumber(period.start), end: dayNumber(period.end) });
    }
    if (!repIndex.has(t.repId)) repIndex.set(t.repId, repIndex.size);
    return {
      rep: t.repId,
      id,
      amount: check(
        toReporting(readMoney(t.amount, [...path, 'amount'], 'target'), period.start, [...path, 'amount']),
        [...path, 'amount'],
      ),
    };
  });
  const order = periods.map((_, i) => i).sort((a, b) => periods[a]!.start - periods[b]!.start);
  const sorted = order.map((i) => periods[i]!);
  const rank = new Map<string, number>();
  sorted.forEach((p, r) => {
    rank.set(`${p.period.start}..${p.period.end}`, r);
    if (r > 0 && p.start < sorted[r - 1]!.end) {
      fail(
        ErrorCode.INVALID_PERIOD,
        ['targets'],
        `${p.period.key} overlaps ${sorted[r - 1]!.period.key}; give targets for periods that do not overlap`,
      );
    }
  });
  const credits: CreditLine[] = [];
  const creditMinor: { rep: string; period: number | null; amount: bigint }[] = [];
  input.achievements.forEach((a, k) => {
    const path: IssuePath = ['achievements', k];
    if (a === null || typeof a !== 'object')
      fail(ErrorCode.INVALID_INPUT, path, 'expected { date, amount, repId | splits }');
    const given = readMoney(a.amount, [...path, 'amount']);
    let day: number;
    try {
      day = dayNumber(a.date);
    } catch {
      fail(
        ErrorCode.INVALID_DATE,
        [...path, 'date'],
        `expected a date as YYYY-MM-DD, got ${JSON.stringify(a.date)}`,
      );
    }
    const amount = toReporting(given, a.date, [...path, 'amount']);
    const minor = check(amount, [...path, 'amount']);
    let lo = 0;
    let hi = sorted.length - 1;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const p = sorted[mid]!;
      if (day < p.start) hi = mid - 1;
      else if (day >= p.end) lo = mid + 1;
      else {
        found = mid;
        break;
      }
    }
    let shares: { repId: string; percent: string; minor: bigint }[];
    const splits: readonly CreditSplit[] | undefined = a.splits;
    if (splits !== undefined) {
      if (!Array.isArray(splits) || splits.length === 0)
        fail(ErrorCode.INVALID_INPUT, [...path, 'splits'], 'expected a list of { repId, percent }');
      const pcts = splits.map((s, si) =>
        readWeight(s?.percent, [...path, 'splits', si, 'percent'], 'percentage'),
      );
      const sum = pcts.reduce((x: Decimal, p) => x.plus(p), new Decimal(0));
      if (!sum.equals(100)) {
        fail(ErrorCode.INVALID_DISTRIBUTION, [...path, 'splits'], `split percentages total ${sum}, not 100`);
      }
      const parts = apportion(minor, scaleToIntegers(pcts), [...path, 'splits']).parts;
      shares = splits.map((s, si) => {
        if (typeof s.repId !== 'string' || s.repId === '')
          fail(ErrorCode.INVALID_INPUT, [...path, 'splits', si, 'repId'], 'every split needs a repId');
        return { repId: s.repId, percent: pcts[si]!.toString(), minor: parts[si]! };
      });
    } else {
      if (typeof a.repId !== 'string' || a.repId === '')
        fail(ErrorCode.INVALID_INPUT, [...path, 'repId'], 'give a repId or splits');
      shares = [{ repId: a.repId, percent: '100', minor }];
    }
    for (const s of shares) {
      if (!repIndex.has(s.repId)) repIndex.set(s.repId, repIndex.size);
      credits.push({
        achievement: k,
        ...(a.id !== undefined ? { id: a.id } : {}),
        repId: s.repId,
        percent: s.percent,
        amount: Money.fromMinor(s.minor, currency, minorUnits),
        key: found === null ? null : sorted[found]!.period.key,
      });
      creditMinor.push({ rep: s.repId, period: found, amount: s.minor });
    }
  });
  if (currency === '') currency = 'XXX';
  const nReps = repIndex.size;
  const nPeriods = sorted.length;
  const tgt = Array.from({ length: nReps }, () => new Array<bigint>(nPeriods).fill(0n));
  const ach = Array.from({ length: nReps }, () => new Array<bigint>(nPeriods).fill(0n));
  for (const t of targets) {
    const r = repIndex.get(t.rep)!;
    const p = rank.get(t.id)!;
    tgt[r]![p] = tgt[r]![p]! + t.amount;
  }
  let unplaced = 0;
  for (const c of creditMinor) {
    if (c.period === null) {
      unplaced++;
      continue;
    }
    const r = repIndex.get(c.rep)!;
    ach[r]![c.period] = ach[r]![c.period]! + c.amount;
  }
  const figures = (target: bigint, achieved: bigint): VarianceFigures => {
    const m = (v: bigint) => Money.fromMinor(v, currency, minorUnits);
    return {
      target: m(target),
      achieved: m(achieved),
      variance: m(achieved - target),
      attainment:
        target === 0n
          ? null
          : new Decimal(achieved.toString())
              .dividedBy(target.toString())
              .toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN)
              .toFixed(decimals),
      reason: target === 0n ? 'no target in this scope: attainment is not applicable' : null,
    };
  };
  const repIds = [...repIndex.keys()];
  const rows: VarianceRow[] = [];
  repIds.forEach((repId, r) => {
    let ct = 0n;
    let ca = 0n;
    sorted.forEach((p, j) => {
      ct += tgt[r]![j]!;
      ca += ach[r]![j]!;
      rows.push({
        repId,
        key: p.period.key,
        period: p.period,
        ...figures(tgt[r]![j]!, ach[r]![j]!),
        cumulative: figures(ct, ca),
      });
    });
  });
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  return {
    rows,
    reps: repIds.map((repId, r) => ({ repId, ...figures(sum(tgt[r]!), sum(ach[r]!)) })),
    periods: sorted.map((p, j) => ({
      key: p.period.key,
      period: p.period,
      ...figures(sum(tgt.map((row) => row[j]!)), sum(ach.map((row) => row[j]!))),
    })),
    total: figures(sum(tgt.map(sum)), sum(ach.map(sum))),
    credits,
    unplaced,
  };
}
