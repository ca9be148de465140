import type { ConversionPolicy } from '../currency/index';
import { ErrorCode, type IssuePath } from '../errors';
import { Decimal, type DecimalInput, Money, type MoneyInput } from '../money/index';
import {
  type CalendarDate,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
  periodContaining,
  periodDays,
  subPeriods,
  workingDays,
} from '../period/index';
import {
  type Converter,
  conversionNote,
  converter,
  type TargetConversion,
  type TargetCurrencyOptions,
} from './currency';
import { checkShape } from './schemas';
import {
  apportion,
  fail,
  lcm,
  ratioString,
  readCalendar,
  readMoney,
  readPeriod,
  readWeight,
  scaleToIntegers,
} from './shared';

/**
 * A level a target is split into over time: fiscal `'half'` or `'quarter'`, calendar `'month'`, ISO
 * `'week'` or `'day'`.
 *
 * @example
 * ```ts
 * import type { TargetLevel } from 'openspm';
 * const levels: TargetLevel[] = ['quarter', 'month', 'week'];
 * ```
 */
export type TargetLevel = 'half' | 'quarter' | 'month' | 'week' | 'day';

/**
 * How a target is spread over time: `'even'` (each period of the finest level alike), `'workingDays'`,
 * `'calendarDays'`, `'distribution'` (percent per period), `'seasonality'` (indexes normalised by their
 * own sum) or `'history'` (shares of past actuals).
 *
 * @example
 * ```ts
 * import type { TimeSplitMethod } from 'openspm';
 * const method: TimeSplitMethod = 'seasonality';
 * ```
 */
export type TimeSplitMethod =
  | 'even'
  | 'workingDays'
  | 'calendarDays'
  | 'distribution'
  | 'seasonality'
  | 'history';

/**
 * How the weight of a coarser period (a month's percent) is shared by the finer periods inside it
 * (its weeks): `'even'`, by `'workingDays'` or by `'calendarDays'`.
 *
 * @example
 * ```ts
 * import type { WithinRule } from 'openspm';
 * const within: WithinRule = 'workingDays';
 * ```
 */
export type WithinRule = 'even' | 'workingDays' | 'calendarDays';

/**
 * Weights given per period of one level, either as a list in period order (the 12 months of the year,
 * first month first) or keyed by period key (`{ '2025-01': 8, … }`).
 *
 * @example
 * ```ts
 * import type { PeriodValues } from 'openspm';
 * const byPosition: PeriodValues = [25, 25, 25, 25];
 * const byKey: PeriodValues = { 'FY2025-Q1': 20, 'FY2025-Q2': 25, 'FY2025-Q3': 25, 'FY2025-Q4': 30 };
 * ```
 */
export type PeriodValues = readonly DecimalInput[] | Readonly<Record<string, DecimalInput>>;

/**
 * A custom distribution: the percent of the total each period of `level` gets.
 *
 * @example
 * ```ts
 * import type { TargetDistribution } from 'openspm';
 * const d: TargetDistribution = { level: 'quarter', percents: [20, 25, 25, 30], tolerance: '0.01' };
 * ```
 */
export interface TargetDistribution {
  /** The level the percents are given for. */
  readonly level: TargetLevel;
  /** Percent per period, in order or by key; must total 100 within `tolerance`. */
  readonly percents: PeriodValues;
  /** How far from 100 the percents may total (default 0); within it they are normalised by their sum. */
  readonly tolerance?: DecimalInput;
  /** Periods left out get 0 instead of being an error (default false). */
  readonly allowMissing?: boolean;
}

/**
 * Seasonality indexes per period of `level` (100 = an average period). They are normalised by their own
 * sum, never applied as "total / n × index", which overshoots whenever the indexes do not average 100.
 *
 * @example
 * ```ts
 * import type { TargetSeasonality } from 'openspm';
 * const s: TargetSeasonality = { level: 'month', indexes: [80, 85, 95, 100, 100, 95, 90, 95, 105, 110, 120, 130] };
 * ```
 */
export interface TargetSeasonality {
  /** The level the indexes are given for. */
  readonly level: TargetLevel;
  /** One index per period, in order or by key; any non-negative numbers, not all zero. */
  readonly indexes: PeriodValues;
}

/**
 * One achieved amount on one day (a won deal, a payment), used as history.
 *
 * @example
 * ```ts
 * import type { TargetActual } from 'openspm';
 * const a: TargetActual = { date: '2024-03-15', amount: { amount: '12000.00', currency: 'CNY' } };
 * ```
 */
export interface TargetActual {
  /** The day it counts on. */
  readonly date: CalendarDate;
  /**
   * The amount: in the target's currency, or in another one when currency options are given (converted
   * at the rate on `date` by default; see {@link DecomposeTargetOptions.conversion}).
   */
  readonly amount: Money | MoneyInput;
}

/**
 * The actuals of one past period of the same shape as the one being split (FY2024 for FY2025), with the
 * weight of that year in the blend.
 *
 * @example
 * ```ts
 * import type { TargetHistoryYear } from 'openspm';
 * const y: TargetHistoryYear = { period: 'FY2024', weight: 50, actuals: [{ date: '2024-03-15', amount: { amount: '100', currency: 'CNY' } }] };
 * ```
 */
export interface TargetHistoryYear {
  /** The past period, as a `Period` or key; its sub-periods are aligned with the target's by position. */
  readonly period: Period | string;
  /** Its weight in the blend (default 1): `50` and `50` blend two years half and half. */
  readonly weight?: DecimalInput;
  /** The amounts achieved; those dated outside `period` are ignored and counted in the explanation. */
  readonly actuals: readonly TargetActual[];
}

/**
 * History as weights: each period's share of actuals in one or more past years, blended.
 *
 * @example
 * ```ts
 * import type { TargetHistory } from 'openspm';
 * const h: TargetHistory = { level: 'month', years: [], fallback: 'workingDays' };
 * ```
 */
export interface TargetHistory {
  /** The level the shares are taken at. */
  readonly level: TargetLevel;
  /** The past years; years with no actuals are left out of the blend. */
  readonly years: readonly TargetHistoryYear[];
  /** What to use when no year has actuals: `'even'` (default), `'workingDays'` or `'calendarDays'`. */
  readonly fallback?: WithinRule;
}

/**
 * What to split: a total and the period it covers.
 *
 * @example
 * ```ts
 * import type { DecomposeTargetInput } from 'openspm';
 * const input: DecomposeTargetInput = { total: { amount: '1200000.00', currency: 'CNY' }, period: 'FY2025' };
 * ```
 */
export interface DecomposeTargetInput {
  /** The target, in whole minor units of its currency. */
  readonly total: Money | MoneyInput;
  /** The period it covers, as a `Period` or a key such as `'FY2025'`. */
  readonly period: Period | string;
}

/**
 * Options of {@link decomposeTarget}.
 *
 * @example
 * ```ts
 * import type { DecomposeTargetOptions } from 'openspm';
 * const options: DecomposeTargetOptions = { levels: ['quarter', 'month', 'week'], method: 'workingDays' };
 * ```
 */
export interface DecomposeTargetOptions extends TargetCurrencyOptions {
  /**
   * The levels to produce, coarsest first, each finer than the period; default `['quarter', 'month']`
   * (those finer than the period) or `['day']`. The total is split once at the last (finest) level and
   * every coarser level is the sum of its parts. A week under a month is cut at the month boundary.
   */
  readonly levels?: readonly TargetLevel[];
  /** How to weigh the periods; default `'even'`. */
  readonly method?: TimeSplitMethod;
  /** For `method: 'distribution'`. */
  readonly distribution?: TargetDistribution;
  /** For `method: 'seasonality'`. */
  readonly seasonality?: TargetSeasonality;
  /** For `method: 'history'`. */
  readonly history?: TargetHistory;
  /**
   * How a period's weight is shared by finer periods inside it, when the weights are given at a coarser
   * level than the finest; default `'workingDays'` (a group with no working day falls back to calendar days).
   */
  readonly within?: WithinRule;
  /** The fiscal calendar (fiscal year start, weekend, holidays); default: calendar year, Saturday and Sunday off. */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Accept a negative total (a reduction plan); default false. */
  readonly allowNegative?: boolean;
  /**
   * Where rounding happens. `'finest'` (default): the total is apportioned once over the finest parts
   * and every coarser part is their sum (a quarter may then differ from its own exact share by a few
   * minor units). `'nested'`: the same exact weights, apportioned level by level, so each part is its
   * exact share of its parent rounded by largest remainder (a quarter given 25 % is exactly 25 %).
   * Either way every level sums exactly to its parent.
   */
  readonly rounding?: 'finest' | 'nested';
  /**
   * Only to say so: the parts are always in the total's currency, so a `reportingCurrency` must be it.
   * Giving it (or `rates`, or `conversion`) lets history actuals in other currencies be converted.
   */
  readonly reportingCurrency?: string;
  /**
   * Which rate converts a history actual in another currency into the total's: `'on-date'` (default; the
   * rate on the actual's date), `'period-average'` (the average over the past period of `history.level`
   * the actual falls in, e.g. its month), or any `ConversionPolicy` (fixed plan rates; one period's average).
   */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * One period's part of a decomposed target.
 *
 * @example
 * ```ts
 * import { decomposeTarget } from 'openspm';
 * const r = decomposeTarget({ total: { amount: '100000.00', currency: 'CNY' }, period: 'FY2025' }, { levels: ['month'] });
 * r.leaves[0].amount.toString(); //=> '8333.34 CNY'
 * r.leaves[0].roundedUp; //=> true
 * ```
 */
export interface TargetPeriodPart {
  /** The period's key; a week cut at a month end keeps its ISO key and has `period.partial`. */
  readonly key: string;
  /** The period (cut to its parent when it crosses the parent's boundary). */
  readonly period: Period;
  /** Its level. */
  readonly level: TargetLevel;
  /** Its target: at the finest level the apportioned amount, above it the sum of its parts. */
  readonly amount: Money;
  /** `amount` ÷ total, as a decimal with 6 places (`null` when the total is 0). */
  readonly share: string | null;
  /** Index of its parent in the previous level's `parts` (`null` at the first level). */
  readonly parent: number | null;
  /** Finest level only: the exact weight it was apportioned by (integer on a common scale). */
  readonly weight?: string;
  /** Finest level only: `true` when it received one minor unit above the floor of its exact share. */
  readonly roundedUp?: boolean;
}

/**
 * One level of a decomposed target.
 *
 * @example
 * ```ts
 * import { decomposeTarget } from 'openspm';
 * const r = decomposeTarget({ total: { amount: '1000', currency: 'CNY' }, period: 'FY2025' }, { levels: ['quarter'] });
 * r.byLevel[0].parts.map((p) => p.amount.toString()); //=> ['250.00 CNY', '250.00 CNY', '250.00 CNY', '250.00 CNY']
 * ```
 */
export interface TargetLevelParts {
  /** The level. */
  readonly level: TargetLevel;
  /** Its parts in time order; they sum exactly to the total. */
  readonly parts: readonly TargetPeriodPart[];
}

/**
 * The weight of one period at the level weights were given or derived at.
 *
 * @example
 * ```ts
 * import type { TargetWeight } from 'openspm';
 * const w: TargetWeight = { key: '2025-01', weight: '23', share: '0.088123' };
 * ```
 */
export interface TargetWeight {
  /** The period key. */
  readonly key: string;
  /** The weight as given or derived (percent, index, working days, blended history share). */
  readonly weight: string;
  /** Its share of all weights, 6 decimals. */
  readonly share: string;
}

/**
 * How a decomposition was made, for a person to check.
 *
 * @example
 * ```ts
 * import { decomposeTarget } from 'openspm';
 * const r = decomposeTarget({ total: { amount: '100', currency: 'CNY' }, period: '2025-01' }, { levels: ['week'] });
 * r.explain.rule; //=> 'largest remainder, ties to the earlier period'
 * ```
 */
export interface DecomposeTargetExplanation {
  /** The method used (after any fallback). */
  readonly method: TimeSplitMethod;
  /** The level the weights are given at. */
  readonly weightLevel: TargetLevel;
  /** How weights were shared inside a weight period, when it is coarser than the finest level; else null. */
  readonly within: WithinRule | null;
  /** The weight per period at `weightLevel`. */
  readonly weights: readonly TargetWeight[];
  /** The rounding rule: largest remainder (at the finest level, or level by level), ties to the earlier period. */
  readonly rule: string;
  /** Minor units of the currency (2 for CNY): the unit of rounding. */
  readonly minorUnits: number;
  /** Keys of the finest parts that got one minor unit above their floor share. */
  readonly roundedUp: readonly string[];
  /** Whether the weights were used at full precision (false only for weights beyond 38 digits). */
  readonly exactWeights: boolean;
  /** Anything a reader should know: fallbacks used, history actuals ignored, tolerance applied. */
  readonly notes: readonly string[];
  /** One sentence saying what was done. */
  readonly text: string;
}

/**
 * The result of {@link decomposeTarget}.
 *
 * @example
 * ```ts
 * import { decomposeTarget } from 'openspm';
 * const r = decomposeTarget({ total: { amount: '1200', currency: 'CNY' }, period: 'FY2025' });
 * r.byLevel.map((l) => l.level); //=> ['quarter', 'month']
 * ```
 */
export interface DecomposeTargetResult {
  /** The total that was split. */
  readonly total: Money;
  /** The period it covers. */
  readonly period: Period;
  /** The levels, coarsest first. */
  readonly levels: readonly TargetLevel[];
  /** Every level with its parts; each level sums exactly to the total, each part to its parent. */
  readonly byLevel: readonly TargetLevelParts[];
  /** The finest level's parts (the last of `byLevel`). */
  readonly leaves: readonly TargetPeriodPart[];
  /** How it was done. */
  readonly explain: DecomposeTargetExplanation;
  /** History actuals converted into the total's currency (only when some were; see {@link TargetConversion}). */
  readonly conversions?: readonly TargetConversion[];
}

const RANK: Record<string, number> = { year: 0, half: 1, quarter: 2, month: 3, week: 4, day: 5, custom: -1 };
const LEVELS: readonly TargetLevel[] = ['half', 'quarter', 'month', 'week', 'day'];
const METHODS: readonly TimeSplitMethod[] = [
  'even',
  'workingDays',
  'calendarDays',
  'distribution',
  'seasonality',
  'history',
];
const WITHIN: readonly WithinRule[] = ['even', 'workingDays', 'calendarDays'];

function checkLevel(value: unknown, path: IssuePath): TargetLevel {
  if (!LEVELS.includes(value as TargetLevel)) {
    fail(ErrorCode.INVALID_PERIOD, path, `must be one of ${LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as TargetLevel;
}

function checkWithin(value: unknown, path: IssuePath): WithinRule {
  if (!WITHIN.includes(value as WithinRule)) {
    fail(ErrorCode.INVALID_INPUT, path, `must be one of ${WITHIN.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as WithinRule;
}

function resolveLevels(period: Period, levels: readonly TargetLevel[] | undefined): TargetLevel[] {
  const rank = RANK[period.kind]!;
  if (levels === undefined) {
    const dflt = (['quarter', 'month'] as TargetLevel[]).filter((l) => RANK[l]! > rank);
    return dflt.length > 0 ? dflt : ['day'];
  }
  if (!Array.isArray(levels) || levels.length === 0) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['levels'],
      'expected a non-empty list of levels such as ["quarter", "month"]',
    );
  }
  let previous = rank;
  return levels.map((l, i) => {
    const level = checkLevel(l, ['levels', i]);
    if (RANK[level]! <= previous) {
      fail(
        ErrorCode.INVALID_PERIOD,
        ['levels', i],
        `${level} must be finer than ${i === 0 ? `the period ${period.key} (a ${period.kind})` : levels[i - 1]}; list levels coarsest first`,
      );
    }
    previous = RANK[level]!;
    return level;
  });
}

interface Node {
  period: Period;
  parent: number | null;
}

function withinWeight(rule: WithinRule, period: Period, calendar: FiscalCalendar): bigint {
  if (rule === 'even') return 1n;
  if (rule === 'calendarDays') return BigInt(periodDays(period));
  return BigInt(workingDays(period, calendar));
}

/** The weights at a weight level, as exact integers, with what to show for them. */
interface GroupWeights {
  values: bigint[];
  shown: string[];
  method: TimeSplitMethod;
  notes: string[];
}

function readPeriodValues(
  values: PeriodValues | undefined,
  groups: readonly Period[],
  horizon: Period,
  path: IssuePath,
  what: string,
  allowMissing: boolean,
): { values: Decimal[]; given: boolean[] } {
  if (values === undefined || values === null || typeof values !== 'object') {
    fail(ErrorCode.INVALID_INPUT, path, `expected a list or an object of ${what} per period`);
  }
  const out = groups.map(() => new Decimal(0));
  const given = groups.map(() => false);
  if (Array.isArray(values)) {
    if (values.length > groups.length || (!allowMissing && values.length < groups.length)) {
      fail(
        ErrorCode.INVALID_DISTRIBUTION,
        path,
        `expected ${groups.length} ${what} (one per period of ${horizon.key}: ${groups[0]?.key} … ${groups[groups.length - 1]?.key}), got ${values.length}`,
      );
    }
    values.forEach((v, i) => {
      out[i] = readWeight(v, [...path, i], what.replace(/s$/, ''));
      given[i] = true;
    });
  } else {
    const index = new Map<string, number>();
    groups.forEach((g, i) => {
      if (!index.has(g.key)) index.set(g.key, i);
    });
    for (const [key, v] of Object.entries(values as Record<string, DecimalInput>)) {
      const i = index.get(key);
      if (i === undefined) {
        fail(
          ErrorCode.INVALID_DISTRIBUTION,
          [...path, key],
          `${key} is not a period of ${horizon.key} (${horizon.start} to ${horizon.end}, end excluded); its periods are ${groups[0]?.key} … ${groups[groups.length - 1]?.key}`,
        );
      }
      out[i] = readWeight(v, [...path, key], what.replace(/s$/, ''));
      given[i] = true;
    }
    const missing = groups.filter((_, i) => !given[i]).map((g) => g.key);
    if (missing.length > 0 && !allowMissing) {
      fail(
        ErrorCode.INVALID_DISTRIBUTION,
        path,
        `no value for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; give every period or set allowMissing`,
      );
    }
  }
  return { values: out, given };
}

function fallbackWeights(rule: WithinRule, groups: readonly Period[], calendar: FiscalCalendar): bigint[] {
  return groups.map((g) => withinWeight(rule, g, calendar));
}

function historyWeights(
  history: TargetHistory,
  groups: readonly Period[],
  level: TargetLevel,
  total: Money,
  calendar: FiscalCalendar,
  cv: Converter,
): GroupWeights {
  const notes: string[] = [];
  if (!Array.isArray(history.years))
    fail(ErrorCode.INVALID_INPUT, ['history', 'years'], 'expected a list of past years');
  const used: { weight: bigint; sums: bigint[]; sum: bigint; key: string }[] = [];
  const rawWeights = history.years.map((y, i) =>
    readWeight(y.weight ?? 1, ['history', 'years', i, 'weight'], 'history weight'),
  );
  const scaled = scaleToIntegers(rawWeights);
  history.years.forEach((year, yi) => {
    const path: IssuePath = ['history', 'years', yi];
    const period = readPeriod(year.period, calendar, [...path, 'period']);
    const hist = subPeriods(period, level, calendar);
    const starts = hist.map((p) => dayNumber(p.start));
    const sums = hist.map(() => 0n);
    let ignored = 0;
    if (!Array.isArray(year.actuals))
      fail(ErrorCode.INVALID_INPUT, [...path, 'actuals'], 'expected a list of actuals');
    (year.actuals as readonly TargetActual[]).forEach((a: TargetActual, ai: number) => {
      const amountPath: IssuePath = [...path, 'actuals', ai, 'amount'];
      let amount = readMoney(a?.amount, amountPath);
      if (!cv.on && amount.currency !== total.currency) {
        fail(
          ErrorCode.CURRENCY_MISMATCH,
          [...path, 'actuals', ai, 'amount'],
          `is in ${amount.currency}, the target in ${total.currency}; convert it first`,
        );
      }
      let day: number;
      try {
        day = dayNumber(a.date);
      } catch {
        fail(
          ErrorCode.INVALID_DATE,
          [...path, 'actuals', ai, 'date'],
          `expected a date as YYYY-MM-DD, got ${JSON.stringify(a?.date)}`,
        );
      }
      if (a.date < period.start || a.date >= period.end) {
        ignored++;
        return;
      }
      let lo = 0;
      for (let hi = starts.length - 1; lo < hi; ) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid]! <= day) lo = mid;
        else hi = mid - 1;
      }
      const sub = hist[lo]!;
      amount = cv.convert(
        amount,
        total.currency,
        total.minorUnits,
        () => ({ date: a.date, period: sub }),
        amountPath,
      );
      sums[lo] = sums[lo]! + amount.toMinor(total.minorUnits);
    });
    if (ignored > 0) notes.push(`${ignored} actual(s) of ${period.key} dated outside it were ignored`);
    const clamped = sums.map((s) => (s < 0n ? 0n : s));
    if (clamped.some((s, i) => s !== sums[i])) {
      notes.push(`${period.key}: periods with net negative actuals count as 0`);
    }
    const sum = clamped.reduce((a, b) => a + b, 0n);
    if (sum === 0n) {
      notes.push(`${period.key} has no actuals and is left out of the blend`);
      return;
    }
    if (scaled[yi] === 0n) return;
    if (hist.length !== groups.length) {
      notes.push(
        `${period.key} has ${hist.length} ${level}s, the target ${groups.length}; aligned by position${hist.length < groups.length ? ', the last one repeated' : ''}`,
      );
    }
    used.push({ weight: scaled[yi]!, sums: clamped, sum, key: period.key });
  });
  const fallback = checkWithin(history.fallback ?? 'even', ['history', 'fallback']);
  const common = lcm(used.map((u) => u.sum));
  const values = groups.map((_, k) => {
    let v = 0n;
    for (const u of used) v += u.weight * u.sums[Math.min(k, u.sums.length - 1)]! * (common / u.sum);
    return v;
  });
  if (values.every((v) => v === 0n)) {
    notes.push(`no usable history: fell back to ${fallback}`);
    const fb = fallbackWeights(fallback, groups, calendar);
    return { values: fb, shown: fb.map(String), method: fallback === 'even' ? 'even' : fallback, notes };
  }
  notes.push(`history blended from ${used.map((u) => u.key).join(', ')}`);
  const denom = common * used.reduce((a, u) => a + u.weight, 0n);
  const shown = values.map((v) => new Decimal(v.toString()).dividedBy(denom.toString()).toFixed(6));
  return { values, shown, method: 'history', notes };
}

function groupWeights(
  method: TimeSplitMethod,
  options: DecomposeTargetOptions,
  groups: readonly Period[],
  horizon: Period,
  level: TargetLevel,
  total: Money,
  calendar: FiscalCalendar,
  cv: Converter,
): GroupWeights {
  switch (method) {
    case 'even': {
      // Each whole period alike; a period cut by the edge of the one being split counts by its days.
      const days = groups.map((g) => BigInt(periodDays(g)));
      const whole = groups.map((g, i) =>
        g.partial ? BigInt(periodDays(periodContaining(level, g.start, calendar))) : days[i]!,
      );
      const common = lcm(whole);
      const values = groups.map((_, i) => days[i]! * (common / whole[i]!));
      const shown = groups.map((_, i) =>
        days[i] === whole[i]
          ? '1'
          : new Decimal(days[i]!.toString()).dividedBy(whole[i]!.toString()).toFixed(6),
      );
      return { values, shown, method, notes: [] };
    }
    case 'workingDays':
    case 'calendarDays': {
      const values = fallbackWeights(method, groups, calendar);
      return { values, shown: values.map(String), method, notes: [] };
    }
    case 'distribution': {
      const d = options.distribution;
      if (!d || typeof d !== 'object')
        fail(ErrorCode.INVALID_INPUT, ['distribution'], 'is required for method "distribution"');
      const tolerance = readWeight(d.tolerance ?? 0, ['distribution', 'tolerance'], 'tolerance');
      const { values } = readPeriodValues(
        d.percents,
        groups,
        horizon,
        ['distribution', 'percents'],
        'percents',
        d.allowMissing === true,
      );
      const sum = values.reduce((a, v) => a.plus(v), new Decimal(0));
      if (sum.minus(100).abs().greaterThan(tolerance)) {
        fail(
          ErrorCode.INVALID_DISTRIBUTION,
          ['distribution', 'percents'],
          `the percents total ${sum.toString()}, not 100 (tolerance ${tolerance.toString()}); correct them or widen the tolerance`,
        );
      }
      const notes = sum.equals(100)
        ? []
        : [`percents total ${sum}: normalised by their sum (within tolerance ${tolerance})`];
      return { values: scaleToIntegers(values), shown: values.map(String), method, notes };
    }
    case 'seasonality': {
      const s = options.seasonality;
      if (!s || typeof s !== 'object')
        fail(ErrorCode.INVALID_INPUT, ['seasonality'], 'is required for method "seasonality"');
      const { values } = readPeriodValues(
        s.indexes,
        groups,
        horizon,
        ['seasonality', 'indexes'],
        'indexes',
        false,
      );
      if (values.every((v) => v.isZero())) {
        fail(
          ErrorCode.INVALID_WEIGHTS,
          ['seasonality', 'indexes'],
          'all indexes are zero: at least one must be positive',
        );
      }
      return {
        values: scaleToIntegers(values),
        shown: values.map(String),
        method,
        notes: ['indexes normalised by their own sum'],
      };
    }
    case 'history': {
      const h = options.history;
      if (!h || typeof h !== 'object')
        fail(ErrorCode.INVALID_INPUT, ['history'], 'is required for method "history"');
      return historyWeights(h, groups, level, total, calendar, cv);
    }
  }
}

function weightLevelOf(
  method: TimeSplitMethod,
  options: DecomposeTargetOptions,
  finest: TargetLevel,
): TargetLevel {
  const given =
    method === 'distribution'
      ? options.distribution?.level
      : method === 'seasonality'
        ? options.seasonality?.level
        : method === 'history'
          ? options.history?.level
          : undefined;
  if (given === undefined) return finest;
  const level = checkLevel(given, [method, 'level']);
  if (RANK[level]! > RANK[finest]!) {
    fail(
      ErrorCode.INVALID_PERIOD,
      [method, 'level'],
      `${level} is finer than the finest level (${finest}); add it to levels or give the weights per ${finest}`,
    );
  }
  return level;
}

/**
 * Splits a target over time: a fiscal year (or any period) into quarters, months, ISO weeks or days, so
 * that every level sums exactly to its parent at the currency's minor unit.
 *
 * The total is split **once**, at the finest level, by largest remainder (ties to the earlier period);
 * every coarser level is the sum of its parts, so a quarter always equals its months and a month its
 * weeks. Under a month, a week that crosses the month end is cut at it (the two pieces keep the ISO key).
 *
 * Methods: `'even'` (each period of the finest level alike; a cut week by its days), `'workingDays'`
 * (weekends and holidays from the calendar), `'calendarDays'`, `'distribution'` (percent per period,
 * validated to 100 within a tolerance), `'seasonality'` (indexes normalised by their own sum) and
 * `'history'` (shares of past years' actuals, blended, with a fallback). Weights given at a coarser level
 * than the finest are shared inside each period by `within` (default working days). Weights are exact
 * integers throughout (no floating point).
 *
 * @param input - the total and the period it covers.
 * @param options - levels, method and its weights, calendar, currency options (`reportingCurrency`, `rates`, `conversion`).
 * @throws OpenSpmError `INVALID_WEIGHTS` (all weights zero, a negative weight), `INVALID_DISTRIBUTION`
 *   (percents not totalling 100, periods missing or outside the period), `INVALID_PERIOD` (levels not
 *   finer than the period), `INVALID_INPUT` (negative total without `allowNegative`), `NOT_IN_MINOR_UNITS`,
 *   `CURRENCY_MISMATCH` (history in another currency without currency options), `MISSING_EXCHANGE_RATE`.
 * @example
 * ```ts
 * import { decomposeTarget } from 'openspm';
 * const even = decomposeTarget({ total: { amount: '100000.00', currency: 'CNY' }, period: 'FY2025' }, { levels: ['month'] });
 * even.leaves.map((p) => p.amount.toString()).slice(3, 5); //=> ['8333.34 CNY', '8333.33 CNY']
 *
 * const byDays = decomposeTarget(
 *   { total: { amount: '1200000.00', currency: 'CNY' }, period: 'FY2025' },
 *   { levels: ['quarter', 'month'], method: 'workingDays' },
 * );
 * byDays.byLevel[0].parts[0].amount.toString(); //=> '294252.87 CNY'
 * byDays.leaves[0].amount.toString(); //=> '105747.13 CNY'
 * ```
 */
export function decomposeTarget(
  input: DecomposeTargetInput,
  options: DecomposeTargetOptions = {},
): DecomposeTargetResult {
  checkShape('decomposeTarget', input, options);
  if (input === null || typeof input !== 'object') {
    fail(ErrorCode.INVALID_INPUT, [], 'expected { total, period }');
  }
  if (options === null || typeof options !== 'object')
    fail(ErrorCode.INVALID_INPUT, ['options'], 'expected an object');
  const calendar = readCalendar(options.calendar);
  const total = readMoney(input.total, ['total'], 'total');
  const minor = total.toMinor();
  if (minor < 0n && options.allowNegative !== true) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['total'],
      `is negative (${total}); set allowNegative to split a reduction`,
    );
  }
  const period = readPeriod(input.period, calendar, ['period']);
  const levels = resolveLevels(period, options.levels);
  const method = options.method ?? 'even';
  if (!METHODS.includes(method)) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['method'],
      `must be one of ${METHODS.join(', ')}, got ${JSON.stringify(method)}`,
    );
  }
  const finest = levels[levels.length - 1]!;

  // The tree, split once to the finest level (subPeriods cuts a child at its parent's boundary).
  const tree: Node[][] = [];
  let parents: Node[] = [{ period, parent: null }];
  levels.forEach((level, li) => {
    const nodes: Node[] = [];
    parents.forEach((p, pi) => {
      for (const child of subPeriods(p.period, level, calendar))
        nodes.push({ period: child, parent: li === 0 ? null : pi });
    });
    tree.push(nodes);
    parents = nodes;
  });
  const leaves = tree[tree.length - 1]!;

  // Group weights at the weight level, then shared inside each group by the within rule.
  const weightLevel = method === 'even' ? finest : weightLevelOf(method, options, finest);
  const groups = subPeriods(period, weightLevel, calendar);
  const cv = converter(options);
  if (options.reportingCurrency !== undefined && options.reportingCurrency !== total.currency) {
    fail(
      ErrorCode.CURRENCY_MISMATCH,
      ['reportingCurrency'],
      `is ${options.reportingCurrency}, but the parts stay in the total's currency (${total.currency}); leave it out, or convert the total first`,
    );
  }
  const gw = groupWeights(method, options, groups, period, weightLevel, total, calendar, cv);
  const notes = [...gw.notes];
  const converted = conversionNote(cv.list, total.currency);
  if (converted !== null) notes.push(converted);
  const leafGroup = new Int32Array(leaves.length);
  let g = 0;
  leaves.forEach((leaf, i) => {
    while (g < groups.length - 1 && leaf.period.start >= groups[g]!.end) g++;
    const group = groups[g]!;
    if (leaf.period.end > group.end) {
      fail(
        ErrorCode.INVALID_PERIOD,
        ['levels'],
        `${leaf.period.key} (${leaf.period.start} to ${leaf.period.end}) crosses ${group.key}'s end; add ${weightLevel} to levels so it is cut there`,
      );
    }
    leafGroup[i] = g;
  });
  const needWithin = leaves.length !== groups.length;
  const evenWithin: WithinRule = 'calendarDays';
  let within: WithinRule =
    method === 'even' ? evenWithin : checkWithin(options.within ?? 'workingDays', ['within']);
  if (!needWithin) within = 'even';
  const inner = leaves.map((leaf) => withinWeight(within, leaf.period, calendar));
  const groupSums = groups.map(() => 0n);
  leaves.forEach((_, i) => {
    groupSums[leafGroup[i]!] = groupSums[leafGroup[i]!]! + inner[i]!;
  });
  groupSums.forEach((s, gi) => {
    if (s === 0n && gw.values[gi]! > 0n) {
      notes.push(`${groups[gi]!.key} has no working day: shared by calendar days`);
      leaves.forEach((leaf, i) => {
        if (leafGroup[i] === gi) inner[i] = BigInt(periodDays(leaf.period));
      });
      groupSums[gi] = leaves.reduce(
        (a, leaf, i) => (leafGroup[i] === gi ? a + BigInt(periodDays(leaf.period)) : a),
        0n,
      );
    }
  });
  const common = lcm(groupSums.filter((_s, gi) => gw.values[gi]! > 0n));
  const leafWeights = leaves.map((_, i) => {
    const gi = leafGroup[i]!;
    return gw.values[gi]! * inner[i]! * (common / groupSums[gi]!);
  });
  if (leafWeights.every((w) => w === 0n)) {
    fail(
      ErrorCode.INVALID_WEIGHTS,
      [method],
      `every period of ${period.key} has weight zero; at least one must be positive`,
    );
  }
  const rounding = options.rounding ?? 'finest';
  if (rounding !== 'finest' && rounding !== 'nested') {
    fail(
      ErrorCode.INVALID_INPUT,
      ['rounding'],
      `must be "finest" or "nested", got ${JSON.stringify(rounding)}`,
    );
  }
  const amounts: bigint[][] = tree.map((nodes) => nodes.map(() => 0n));
  let up: Set<number>;
  let exactWeights = true;
  if (rounding === 'finest') {
    // Split once at the finest level, then roll up: each coarser level is the sum of its parts.
    const split = apportion(minor, leafWeights, [method]);
    exactWeights = split.exact;
    up = new Set(split.roundedUp);
    amounts[amounts.length - 1] = split.parts;
    for (let li = tree.length - 1; li > 0; li--) {
      tree[li]!.forEach((node, i) => {
        const above = amounts[li - 1]!;
        above[node.parent!] = above[node.parent!]! + amounts[li]![i]!;
      });
    }
  } else {
    // The same exact weights, apportioned level by level: each part is its parent's amount split.
    const weightsByLevel: bigint[][] = tree.map((nodes) => nodes.map(() => 0n));
    weightsByLevel[tree.length - 1] = leafWeights;
    for (let li = tree.length - 1; li > 0; li--) {
      tree[li]!.forEach((node, i) => {
        const above = weightsByLevel[li - 1]!;
        above[node.parent!] = above[node.parent!]! + weightsByLevel[li]![i]!;
      });
    }
    let split = apportion(minor, weightsByLevel[0]!, [method]);
    exactWeights = split.exact;
    amounts[0] = split.parts;
    up = new Set(split.roundedUp);
    for (let li = 1; li < tree.length; li++) {
      const children = new Map<number, number[]>();
      tree[li]!.forEach((node, i) => {
        const list = children.get(node.parent!) ?? [];
        list.push(i);
        children.set(node.parent!, list);
      });
      up = new Set();
      for (const [parent, kids] of children) {
        const w = kids.map((i) => weightsByLevel[li]![i]!);
        if (w.every((x) => x === 0n)) continue; // a parent of weight 0 got 0
        split = apportion(amounts[li - 1]![parent]!, w, [method]);
        exactWeights &&= split.exact;
        kids.forEach((i, k) => {
          amounts[li]![i] = split.parts[k]!;
        });
        for (const k of split.roundedUp) up.add(kids[k]!);
      }
    }
  }
  const currency = total.currency;
  const byLevel: TargetLevelParts[] = tree.map((nodes, li) => ({
    level: levels[li]!,
    parts: nodes.map((node, i): TargetPeriodPart => {
      const amount = amounts[li]![i]!;
      const base = {
        key: node.period.key,
        period: node.period,
        level: levels[li]!,
        amount: Money.fromMinor(amount, currency, total.minorUnits),
        share: ratioString(amount, minor),
        parent: node.parent,
      };
      return li === tree.length - 1
        ? { ...base, weight: leafWeights[i]!.toString(), roundedUp: up.has(i) }
        : base;
    }),
  }));
  const weightSum = gw.values.reduce((a, b) => a + b, 0n);
  const weights: TargetWeight[] = groups.map((grp, gi) => ({
    key: grp.key,
    weight: gw.shown[gi]!,
    share: ratioString(gw.values[gi]!, weightSum) ?? '0',
  }));
  const roundedUp = [...up].sort((a, b) => a - b).map((i) => leaves[i]!.period.key);
  const withinText = needWithin ? `, shared inside each ${weightLevel} by ${within}` : '';
  return {
    total,
    period,
    levels,
    byLevel,
    leaves: byLevel[byLevel.length - 1]!.parts,
    explain: {
      method: gw.method,
      weightLevel,
      within: needWithin ? within : null,
      weights,
      rule:
        rounding === 'finest'
          ? 'largest remainder, ties to the earlier period'
          : 'largest remainder level by level, ties to the earlier period',
      minorUnits: total.minorUnits,
      roundedUp,
      exactWeights,
      notes,
      text: `${total} over ${period.key} split ${rounding === 'finest' ? 'once' : 'level by level'} into ${leaves.length} ${finest} parts by ${gw.method} weights per ${weightLevel}${withinText}; ${roundedUp.length} part(s) got one minor unit from the remainder (largest remainder, ties to the earlier period); ${levels.slice(0, -1).join(', ') || 'no coarser level'} ${rounding === 'finest' ? 'summed from them' : 'apportioned first'}.`,
    },
    ...(cv.list.length > 0 ? { conversions: cv.list } : {}),
  };
}
