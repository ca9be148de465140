import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { CurrencyCodeSchema } from '../model/index';
import { Decimal, type DecimalInput, roundDecimal, toDecimal } from '../money/index';
import {
  type CalendarDate,
  CalendarDateSchema,
  dayNumber,
  fromDayNumber,
  type Period,
  PeriodSchema,
  parseCalendarDate,
} from '../period/index';

/**
 * What {@link ExchangeRateSchema} accepts: one unit of `from` is worth `rate` units of `to`, from
 * `effectiveDate` until the next rate of the pair.
 *
 * @example
 * ```ts
 * import type { ExchangeRateInput } from 'openspm';
 * const rate: ExchangeRateInput = { from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' };
 * ```
 */
export interface ExchangeRateInput {
  /** The currency converted from. */
  from: string;
  /** The currency converted to. */
  to: string;
  /** Units of `to` per unit of `from`: an exact decimal (text is best), above zero. */
  rate: DecimalInput;
  /** The first day it applies (`'YYYY-MM-DD'`). */
  effectiveDate: CalendarDate;
  /** Where it came from (`'PBoC central parity'`), shown in explanations. */
  source?: string;
}

/**
 * A parsed exchange rate: the rate is an exact `Decimal`.
 *
 * @example
 * ```ts
 * import { ExchangeRateSchema, type ExchangeRate } from 'openspm';
 * const rate: ExchangeRate = ExchangeRateSchema.parse({ from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' });
 * rate.rate.toString(); //=> '7.1034'
 * ```
 */
export interface ExchangeRate {
  /** The currency converted from. */
  readonly from: string;
  /** The currency converted to. */
  readonly to: string;
  /** Units of `to` per unit of `from`, exact. */
  readonly rate: Decimal;
  /** The first day it applies. */
  readonly effectiveDate: CalendarDate;
  /** Where it came from, when given. */
  readonly source?: string;
}

const RateValueSchema = z.custom<DecimalInput>((v) => {
  try {
    const d = toDecimal(v as DecimalInput);
    return d.greaterThan(0);
  } catch {
    return false;
  }
}, 'expected a rate above zero, as an exact decimal such as "7.1034"');

/**
 * zod schema for an {@link ExchangeRate}. A rate of a currency to itself is refused (it is always 1).
 *
 * @example
 * ```ts
 * import { ExchangeRateSchema } from 'openspm';
 * ExchangeRateSchema.parse({ from: 'EUR', to: 'CNY', rate: '7.85', effectiveDate: '2024-01-01' }).rate.toString();
 * //=> '7.85'
 * ```
 */
export const ExchangeRateSchema: z.ZodType<ExchangeRate, ExchangeRateInput> = z
  .object({
    from: CurrencyCodeSchema,
    to: CurrencyCodeSchema,
    rate: RateValueSchema.transform((v) => toDecimal(v)),
    effectiveDate: CalendarDateSchema,
    source: z.string().optional(),
  })
  .refine((r) => r.from !== r.to, { message: 'from and to must differ (a currency to itself is always 1)' })
  .transform((r) => (r.source === undefined ? (({ source: _s, ...rest }) => rest)(r) : r))
  .describe('An exchange rate: one unit of from is worth rate units of to, from effectiveDate on');

interface PairRates {
  /** Day numbers of the effective dates, ascending. */
  days: number[];
  rates: ExchangeRate[];
}

/**
 * A validated set of exchange rates, indexed by pair for lookups. Make one with {@link rateTable} and reuse it.
 *
 * @example
 * ```ts
 * import { rateTable, type RateTable } from 'openspm';
 * const table: RateTable = rateTable([{ from: 'USD', to: 'CNY', rate: '7.10', effectiveDate: '2024-01-01' }]);
 * table.rates.length; //=> 1
 * ```
 */
export interface RateTable {
  /** Every rate, by pair then effective date. */
  readonly rates: readonly ExchangeRate[];
  /** @internal */
  readonly pairs: ReadonlyMap<string, PairRates>;
}

const pairKey = (from: string, to: string) => `${from}/${to}`;

/**
 * Validates exchange rates and indexes them by pair. Two rates of one pair on one day are a `DUPLICATE_ID`
 * error (which one applies would be a guess).
 *
 * @param rates - the rates, in any order.
 * @throws OpenSpmError `INVALID_INPUT` (every bad rate listed), `DUPLICATE_ID`.
 * @example
 * ```ts
 * import { rateTable } from 'openspm';
 * const table = rateTable([
 *   { from: 'USD', to: 'CNY', rate: '7.10', effectiveDate: '2024-01-01' },
 *   { from: 'USD', to: 'CNY', rate: '7.20', effectiveDate: '2024-02-01' },
 * ]);
 * table.rates.map((r) => r.rate.toString()); //=> ['7.1', '7.2']
 * ```
 */
export function rateTable(rates: readonly ExchangeRateInput[] | RateTable): RateTable {
  if (!Array.isArray(rates) && 'pairs' in (rates as object)) return rates as RateTable;
  const parsed = parseOrThrow(z.array(ExchangeRateSchema), rates, 'exchange rates', ['rates']);
  const pairs = new Map<string, PairRates>();
  const sorted = parsed
    .map((r, i) => ({ r, i, day: dayNumber(r.effectiveDate) }))
    .sort((a, b) => (a.r.from + a.r.to).localeCompare(b.r.from + b.r.to) || a.day - b.day || a.i - b.i);
  for (const { r, i, day } of sorted) {
    const key = pairKey(r.from, r.to);
    let p = pairs.get(key);
    if (!p) {
      p = { days: [], rates: [] };
      pairs.set(key, p);
    }
    if (p.days[p.days.length - 1] === day) {
      throw new OpenSpmError(
        ErrorCode.DUPLICATE_ID,
        `rates[${i}]: a second ${r.from}→${r.to} rate effective on ${r.effectiveDate}; keep one rate per pair and day`,
        { path: ['rates', i] },
      );
    }
    p.days.push(day);
    p.rates.push(r);
  }
  return { rates: sorted.map((s) => s.r), pairs };
}

/**
 * How a rate is chosen for a conversion:
 * - `{ kind: 'on-date', date }`: the latest rate effective on or before `date` (the deal's close date, say);
 * - `{ kind: 'period-average', period }`: the average over the period's days of the rate effective on each
 *   day (a day-weighted mean), rounded to `rateDecimals`;
 * - `{ kind: 'fixed', rates }`: plan rates, one per pair, fixed for the plan's life so reps are not paid on
 *   currency swings.
 *
 * @example
 * ```ts
 * import type { ConversionPolicy } from 'openspm';
 * const closeDate: ConversionPolicy = { kind: 'on-date', date: '2024-03-15' };
 * const plan: ConversionPolicy = { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.00' }] };
 * ```
 */
export type ConversionPolicy =
  | {
      /** The latest rate on or before a date. */
      kind: 'on-date';
      /** The date (`'YYYY-MM-DD'`), or an instant placed on the UTC calendar. */
      date: CalendarDate | Date;
    }
  | {
      /** The period's day-weighted average rate. */
      kind: 'period-average';
      /** The period. */
      period: Period;
    }
  | {
      /** Fixed plan rates. */
      kind: 'fixed';
      /** One rate per pair (the inverse pair is used, inverted, when only it is given). */
      rates: readonly {
        /** The currency converted from. */
        from: string;
        /** The currency converted to. */
        to: string;
        /** Units of `to` per unit of `from`. */
        rate: DecimalInput;
      }[];
    };

/**
 * The rate a conversion used, and why: every converted figure carries it.
 *
 * @example
 * ```ts
 * import { findRate, rateTable } from 'openspm';
 * const table = rateTable([{ from: 'USD', to: 'CNY', rate: '7.10', effectiveDate: '2024-01-01' }]);
 * const used = findRate(table, 'USD', 'CNY', { kind: 'on-date', date: '2024-03-15' });
 * used.rate.toString(); //=> '7.1'
 * used.text; //=> 'USD→CNY 7.1: the rate effective 2024-01-01, the latest on or before 2024-03-15'
 * ```
 */
export interface RateUsed {
  /** The currency converted from. */
  readonly from: string;
  /** The currency converted to. */
  readonly to: string;
  /** Units of `to` per unit of `from`, as applied. */
  readonly rate: Decimal;
  /** The policy: `'on-date'`, `'period-average'`, `'fixed'`, or `'same-currency'` (rate 1, no lookup). */
  readonly policy: ConversionPolicy['kind'] | 'same-currency';
  /** The date asked for (`on-date`), or the period's first day (`period-average`); else `null`. */
  readonly date: CalendarDate | null;
  /** The period key (`period-average`); else `null`. */
  readonly periodKey: string | null;
  /** The table rates used, as stated (one for `on-date`, each one averaged for `period-average`). */
  readonly rates: readonly ExchangeRate[];
  /** `true` when only the opposite pair was known and its rate was inverted. */
  readonly inverse: boolean;
  /** Decimals the rate was rounded to (half-even) when it had to be (an average or an inverse); else `null`. */
  readonly rateDecimals: number | null;
  /** In one sentence. */
  readonly text: string;
}

/**
 * Options for {@link findRate}.
 *
 * @example
 * ```ts
 * import type { FindRateOptions } from 'openspm';
 * const options: FindRateOptions = { rateDecimals: 8 };
 * ```
 */
export interface FindRateOptions {
  /** Decimals an average or inverted rate is rounded to, half-even; default 10. */
  rateDecimals?: number;
}

/** Decimals an average or inverted rate is rounded to when not given. @internal */
export const DEFAULT_RATE_DECIMALS = 10;

const DateOrInstant = z.union([CalendarDateSchema, z.date()]);
const PolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('on-date'), date: DateOrInstant }),
  z.object({ kind: z.literal('period-average'), period: PeriodSchema }),
  z.object({
    kind: z.literal('fixed'),
    rates: z.array(z.object({ from: CurrencyCodeSchema, to: CurrencyCodeSchema, rate: RateValueSchema })),
  }),
]);
const FindOptionsSchema = z.object({ rateDecimals: z.int().min(0).max(20).optional() }).optional();

function missing(from: string, to: string, when: string): OpenSpmError {
  return new OpenSpmError(
    ErrorCode.MISSING_EXCHANGE_RATE,
    `no ${from}→${to} exchange rate ${when}; add one to the rate table (or choose another policy) — openspm never assumes 1.0`,
    { path: ['rates'] },
  );
}

/** Index of the last entry whose day is ≤ `day`, or -1. */
function lastOnOrBefore(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Chooses the rate from `from` to `to` by a policy (see {@link ConversionPolicy}). The direct pair is used when
 * the table has it; else the opposite pair, inverted (1 ÷ rate, rounded half-even to `rateDecimals`). A currency
 * to itself is rate 1 without a lookup.
 *
 * @param table - from {@link rateTable} (or the rates themselves); not needed for `fixed`.
 * @param from - the currency converted from.
 * @param to - the currency converted to.
 * @param policy - how to choose.
 * @param options - `rateDecimals`.
 * @throws OpenSpmError `MISSING_EXCHANGE_RATE` naming the pair and the date or period.
 * @example
 * ```ts
 * import { findRate, parsePeriodKey, rateTable } from 'openspm';
 * const table = rateTable([
 *   { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
 *   { from: 'USD', to: 'CNY', rate: '7.30', effectiveDate: '2024-01-21' },
 * ]);
 * // 20 days at 7.00 and 11 days at 7.30
 * findRate(table, 'USD', 'CNY', { kind: 'period-average', period: parsePeriodKey('2024-01') }).rate.toString();
 * //=> '7.1064516129'
 * findRate(table, 'CNY', 'USD', { kind: 'on-date', date: '2024-01-05' }).rate.toString(); //=> '0.1428571429'
 * ```
 */
export function findRate(
  table: RateTable | readonly ExchangeRateInput[] | null | undefined,
  from: string,
  to: string,
  policy: ConversionPolicy,
  options: FindRateOptions = {},
): RateUsed {
  const f = parseOrThrow(CurrencyCodeSchema, from, 'currency', ['from']);
  const t = parseOrThrow(CurrencyCodeSchema, to, 'currency', ['to']);
  const p = parseOrThrow(PolicySchema, policy, 'conversion policy', ['policy']);
  const decimals =
    parseOrThrow(FindOptionsSchema, options, 'options', ['options'])?.rateDecimals ?? DEFAULT_RATE_DECIMALS;
  return resolveRate(table, f, t, p as ConversionPolicy, decimals);
}

/**
 * {@link findRate} once its arguments are checked: `from` and `to` currency codes, `policy` a valid policy,
 * `decimals` a whole number from 0 to 20. For callers that checked them already (the rate cache, per lookup).
 * @internal
 */
export function resolveRate(
  table: RateTable | readonly ExchangeRateInput[] | null | undefined,
  f: string,
  t: string,
  p: ConversionPolicy,
  decimals: number,
): RateUsed {
  const base = { from: f, to: t, policy: p.kind, date: null, periodKey: null, rates: [], inverse: false };
  if (f === t) {
    return {
      ...base,
      policy: 'same-currency',
      rate: new Decimal(1),
      rateDecimals: null,
      text: `${f}→${t} 1`,
    };
  }
  const invert = (d: Decimal) => roundDecimal(new Decimal(1).dividedBy(d), decimals, 'half-even');
  const inverseNote = (inverse: boolean) =>
    inverse ? ` (inverse of the ${t}→${f} rate, rounded half-even to ${decimals} decimals)` : '';

  if (p.kind === 'fixed') {
    const direct = p.rates.find((r) => r.from === f && r.to === t);
    const opposite = direct ? undefined : p.rates.find((r) => r.from === t && r.to === f);
    if (!direct && !opposite) throw missing(f, t, 'among the fixed plan rates');
    const rate = direct ? toDecimal(direct.rate) : invert(toDecimal(opposite!.rate));
    return {
      ...base,
      rate,
      inverse: !direct,
      rateDecimals: direct ? null : decimals,
      text: `${f}→${t} ${rate}: the fixed plan rate${inverseNote(!direct)}`,
    };
  }

  const tab = rateTable(table ?? []);
  let pair = tab.pairs.get(pairKey(f, t));
  let inverse = false;
  if (!pair) {
    pair = tab.pairs.get(pairKey(t, f));
    inverse = pair !== undefined;
  }

  if (p.kind === 'on-date') {
    const date = typeof p.date === 'string' ? p.date : parseCalendarDate(p.date);
    const i = pair ? lastOnOrBefore(pair.days, dayNumber(date)) : -1;
    if (!pair || i < 0) throw missing(f, t, `effective on or before ${date}`);
    const used = pair.rates[i]!;
    const rate = inverse ? invert(used.rate) : used.rate;
    return {
      ...base,
      date,
      rates: [used],
      rate,
      inverse,
      rateDecimals: inverse ? decimals : null,
      text: `${f}→${t} ${rate}: the rate effective ${used.effectiveDate}, the latest on or before ${date}${inverseNote(inverse)}`,
    };
  }

  const start = dayNumber(p.period.start);
  const end = dayNumber(p.period.end);
  const i0 = pair ? lastOnOrBefore(pair.days, start) : -1;
  if (!pair || i0 < 0)
    throw missing(f, t, `effective on or before ${p.period.start} (the first day of ${p.period.key})`);
  let sum = new Decimal(0);
  const used: ExchangeRate[] = [];
  for (let i = i0; i < pair.days.length && pair.days[i]! < end; i++) {
    const from = Math.max(pair.days[i]!, start);
    const until = Math.min(pair.days[i + 1] ?? end, end);
    const r = inverse ? new Decimal(1).dividedBy(pair.rates[i]!.rate) : pair.rates[i]!.rate;
    sum = sum.plus(r.times(until - from));
    used.push(pair.rates[i]!);
  }
  const rate = roundDecimal(sum.dividedBy(end - start), decimals, 'half-even');
  const last = fromDayNumber(end - 1);
  return {
    ...base,
    date: p.period.start,
    periodKey: p.period.key,
    rates: used,
    rate,
    inverse,
    rateDecimals: decimals,
    text: `${f}→${t} ${rate}: the average over ${p.period.key} (${p.period.start} to ${last}, ${end - start} days) of ${used.length} rate(s), each weighted by the days it applied, rounded half-even to ${decimals} decimals${inverse ? `; from the ${t}→${f} rates, inverted` : ''}`,
  };
}
