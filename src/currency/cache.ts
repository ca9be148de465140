// A per-pair, per-day rate cache for converting many amounts, and a log of what was converted at which
// rate, for the analytics that convert datasets (the funnel, KPI scoring).
import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { CurrencyCodeSchema } from '../model/index';
import {
  currencyMinorUnits,
  Decimal,
  Money,
  ROUNDING_MODES,
  type RoundingMode,
  roundDecimal,
} from '../money/index';
import { isCalendarDate, parseCalendarDate } from '../period/index';
import { type ConvertOptions, type ConvertResult, conversionText, convert } from './convert';
import {
  type ConversionPolicy,
  DEFAULT_RATE_DECIMALS,
  findRate,
  type RateTable,
  type RateUsed,
  rateTable,
  resolveRate,
} from './rate-table';

/**
 * Options for {@link rateCache}: those of {@link convert} without the policy, which is given per amount.
 *
 * @example
 * ```ts
 * import type { RateCacheOptions } from 'openspm';
 * const options: RateCacheOptions = {
 *   rates: [{ from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' }],
 *   rounding: 'half-even',
 * };
 * ```
 */
export type RateCacheOptions = Omit<ConvertOptions, 'policy'>;

/**
 * A converter to one currency that looks each rate up once per pair and day (or per pair and period, or per
 * pair for fixed plan rates) and reuses it: the results are exactly those of {@link convert} with the same
 * options. Make one with {@link rateCache}.
 *
 * @example
 * ```ts
 * import { Money, rateCache } from 'openspm';
 * const cache = rateCache('CNY', { rates: [{ from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' }] });
 * cache.convert(Money.of('100.00', 'USD'), { kind: 'on-date', date: '2024-03-10' }).amount.toString(); //=> '725.00 CNY'
 * cache.convertAmount(Money.of('20.00', 'USD'), { kind: 'on-date', date: '2024-03-10' }).toString(); //=> '145.00 CNY'
 * cache.size; //=> 1
 * ```
 */
export interface RateCache {
  /** The currency converted to. */
  readonly to: string;
  /** Rates held: one per pair and day, period or plan-rate set looked up so far. */
  readonly size: number;
  /**
   * Converts `money` with the rate `policy` chooses, as {@link convert} does.
   *
   * @throws OpenSpmError `MISSING_EXCHANGE_RATE` (never cached: asked again, it throws again), `INVALID_INPUT`.
   */
  convert(money: Money, policy: ConversionPolicy): ConvertResult;
  /**
   * Converts `money` as {@link RateCache.convert} does and returns only the converted amount (its `amount`):
   * no result object and no sentence, for converting many amounts whose explanation is not kept. Same amount,
   * same errors.
   *
   * @throws OpenSpmError `MISSING_EXCHANGE_RATE` (never cached), `INVALID_INPUT`.
   */
  convertAmount(money: Money, policy: ConversionPolicy): Money;
}

const CacheOptionsSchema = z.object({
  rates: z.unknown().optional(),
  rounding: z.literal(ROUNDING_MODES).optional(),
  minorUnits: z.int().min(0).max(20).optional(),
  rateDecimals: z.int().min(0).max(20).optional(),
});

/**
 * A rate the cache holds: its key (pair, policy, day or period), the rate used and the rate as text.
 * @internal
 */
export interface CachedRate {
  /** The cache key: `'USD>CNY|on-date|2024-03-10'`. */
  readonly key: string;
  /** The rate used and why (shared by every amount converted at it). */
  readonly rate: RateUsed;
  /** `String(rate.rate)`, for the sentences. */
  readonly rateText: string;
}

/** The cache behind {@link rateCache}, with the key of each lookup for the conversion log. @internal */
export class RateCacheImpl implements RateCache {
  readonly to: string;
  /** The rounding mode of every amount. */
  readonly mode: RoundingMode;
  /** The decimals every amount is rounded to. */
  readonly minorUnits: number;
  private readonly rates: RateTable;
  private readonly rateDecimals: number | undefined;
  private readonly cache = new Map<string, CachedRate>();

  constructor(to: string, options: RateCacheOptions) {
    this.to = parseOrThrow(CurrencyCodeSchema, to, 'currency', ['to']);
    const o = parseOrThrow(CacheOptionsSchema, options ?? {}, 'options', ['options']);
    this.rates = rateTable((o.rates ?? []) as RateTable);
    this.mode = o.rounding ?? 'half-even';
    this.minorUnits = o.minorUnits ?? currencyMinorUnits(this.to);
    this.rateDecimals = o.rateDecimals;
  }

  get size(): number {
    return this.cache.size;
  }

  convert(money: Money, policy: ConversionPolicy): ConvertResult {
    return this.convertKeyed(money, policy).result;
  }

  convertAmount(money: Money, policy: ConversionPolicy): Money {
    const c = this.lookup(money, policy);
    return Money.of(this.round(money.amount.times(c.rate.rate)), this.to);
  }

  /** The conversion, and the cache key of the rate (pair, policy, day or period). */
  convertKeyed(money: Money, policy: ConversionPolicy): { result: ConvertResult; key: string } {
    const c = this.lookup(money, policy);
    const exact = money.amount.times(c.rate.rate);
    const amount = Money.of(this.round(exact), this.to);
    return {
      key: c.key,
      result: {
        amount,
        original: money,
        exact,
        rate: c.rate,
        rounding: { mode: this.mode, minorUnits: this.minorUnits },
        text: this.text(money, exact.toFixed(), amount, c),
      },
    };
  }

  /**
   * The rate `policy` chooses for `money`: from the cache, else looked up (and kept) — with the errors
   * {@link convert} throws for the same arguments. Convert with {@link RateCacheImpl.round} of
   * `money.amount.times(rate.rate)`.
   */
  lookup(money: Money, policy: ConversionPolicy): CachedRate {
    const key = Money.isMoney(money) ? this.keyOf(money.currency, policy) : null;
    if (key === null) {
      // not a policy to cache (or not money): convert validates everything, and throws as it would
      const { rate } = convert(money, this.to, this.convertOptions(policy));
      return { key: `${rate.from}>${this.to}|${rate.text}`, rate, rateText: String(rate.rate) };
    }
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    // The first time. The money, the target and the options are valid already (Money checks its currency,
    // the constructor the rest): only the policy is left to check. A date of the 'on-date' policy given as
    // text, valid, is all there is to check — the common case (a close date); any other policy goes through
    // findRate's checks. Either way the rate is findRate's, and so are the errors.
    const d = (policy as { date?: unknown }).date;
    const rate =
      policy.kind === 'on-date' && typeof d === 'string' && isCalendarDate(d)
        ? resolveRate(
            this.rates,
            money.currency,
            this.to,
            { kind: 'on-date', date: d },
            this.rateDecimals ?? DEFAULT_RATE_DECIMALS,
          )
        : findRate(
            this.rates,
            money.currency,
            this.to,
            policy,
            this.rateDecimals === undefined ? {} : { rateDecimals: this.rateDecimals },
          );
    const c: CachedRate = { key, rate, rateText: String(rate.rate) };
    this.cache.set(key, c);
    return c;
  }

  /** An exact converted amount rounded once: the cache's mode, to its decimals. */
  round(exact: Decimal): Decimal {
    return roundDecimal(exact, this.minorUnits, this.mode);
  }

  /** The sentence of a conversion, as {@link convert} states it (`exact` is `exact.toFixed()`). */
  text(original: Money, exact: string, amount: Money, c: CachedRate): string {
    return conversionText(original, c.rateText, exact, amount, this.mode, this.minorUnits, c.rate.text);
  }

  private convertOptions(policy: ConversionPolicy): ConvertOptions {
    return {
      rates: this.rates,
      policy,
      rounding: this.mode,
      minorUnits: this.minorUnits,
      ...(this.rateDecimals === undefined ? {} : { rateDecimals: this.rateDecimals }),
    };
  }

  /** The cache key of a lookup, or `null` when the policy is not one to cache (it then goes through convert). */
  private keyOf(from: string, policy: ConversionPolicy): string | null {
    if (policy === null || typeof policy !== 'object') return null;
    const pair = `${from}>${this.to}`;
    if (policy.kind === 'on-date') {
      const d = policy.date;
      if (typeof d === 'string') return `${pair}|on-date|${d}`;
      if (d instanceof Date && !Number.isNaN(d.getTime())) return `${pair}|on-date|${parseCalendarDate(d)}`;
      return null;
    }
    if (policy.kind === 'period-average') {
      const p = policy.period;
      if (p === null || typeof p !== 'object') return null;
      return `${pair}|period-average|${p.start}|${p.end}|${p.key}`;
    }
    if (policy.kind === 'fixed' && Array.isArray(policy.rates)) {
      return `${pair}|fixed|${policy.rates.map((r) => `${r?.from}>${r?.to}=${String(r?.rate)}`).join(';')}`;
    }
    return null;
  }
}

/**
 * A converter to `to` that caches the rate per pair and day (per pair and period for a period average, per
 * pair for fixed plan rates), for converting many amounts: a dataset of deals closed over a year needs at most
 * one lookup per currency and day. Results are identical to {@link convert} with the same options (the rate
 * object is shared between the amounts converted on one day).
 *
 * @param to - the currency converted to.
 * @param options - the rates and rounding, as for {@link convert}.
 * @throws OpenSpmError `INVALID_INPUT` for a bad currency, rate or option.
 * @example
 * ```ts
 * import { Money, rateCache } from 'openspm';
 * const cache = rateCache('CNY', { rates: [
 *   { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
 *   { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' },
 * ] });
 * const r = cache.convert(Money.of('100.00', 'USD'), { kind: 'on-date', date: '2024-03-10' });
 * r.text;
 * //=> '100.00 USD × 7.25 = 725 CNY, rounded half-even to 2 decimals: 725.00 CNY (USD→CNY 7.25: the rate effective 2024-03-01, the latest on or before 2024-03-10)'
 * ```
 */
export function rateCache(to: string, options: RateCacheOptions = {}): RateCache {
  return new RateCacheImpl(to, options);
}

/**
 * One amount converted to the reporting currency by an analytic (a deal value in the funnel, a deal or
 * payment amount in KPI scoring): where it came from, the amounts before and after, and the rate used.
 *
 * @example
 * ```ts
 * import type { ConvertedAmount } from 'openspm';
 * const line = (c: ConvertedAmount) => `${c.source} ${c.id}: ${c.original} → ${c.amount} (${c.rate.text})`;
 * ```
 */
export interface ConvertedAmount {
  /** What the amount is: a deal's value, a lost deal's amount before loss, or a payment. */
  readonly source: 'deal' | 'amount-before-loss' | 'payment';
  /** The deal id (or payment id). */
  readonly id: string;
  /** Where the amount is in the input (`['deals', 1, 'amount']`). */
  readonly path: readonly (string | number)[];
  /** The amount as given. */
  readonly original: Money;
  /** The amount converted, rounded once. */
  readonly amount: Money;
  /** The rate used and why. */
  readonly rate: RateUsed;
  /** In one sentence, as `convert` states it. */
  readonly text: string;
}

/**
 * The amounts converted at one rate (one pair on one day asked, or over one period, or at the plan rate):
 * how many, and their totals before and after.
 *
 * @example
 * ```ts
 * import type { RateUsage } from 'openspm';
 * const row = (u: RateUsage) => [u.rate.from, u.rate.date, u.rate.rate.toString(), u.count, u.amount.toString()];
 * ```
 */
export interface RateUsage {
  /** The rate (the `date` is the day asked: a deal's close date, say; `rates` the table rate it came from). */
  readonly rate: RateUsed;
  /** Amounts converted at it. */
  readonly count: number;
  /** Their total as given, in `rate.from`. */
  readonly original: Money;
  /** Their total converted: the sum of the rounded amounts, in `rate.to`. */
  readonly amount: Money;
  /** In one sentence. */
  readonly text: string;
}

/**
 * The conversions behind a figure: every rate used with its count and totals (`byRate`, small: one row per
 * pair and day asked), and, when kept, each amount converted (`amounts`).
 *
 * @example
 * ```ts
 * import type { ConversionsUsed } from 'openspm';
 * const rates = (c: ConversionsUsed) => c.byRate.map((u) => u.text);
 * ```
 */
export interface ConversionsUsed {
  /** The reporting currency. */
  readonly currency: string;
  /** Amounts converted (those already in the reporting currency are not listed). */
  readonly count: number;
  /** Their converted total: Σ `byRate[].amount` (= Σ `amounts[].amount`). */
  readonly total: Money;
  /** One row per rate used, by pair then day (or period). */
  readonly byRate: readonly RateUsage[];
  /** Each amount converted, in input order; `null` when not kept (a funnel without `conversionDetail: 'per-deal'`). */
  readonly amounts: readonly ConvertedAmount[] | null;
}

/** A rate usage being counted. @internal */
export interface RateTally {
  rate: RateUsed;
  count: number;
  original: Decimal;
  amount: Decimal;
}

/** The sentence of a {@link RateUsage}. @internal */
export function usageText(count: number, original: Money, amount: Money, rate: RateUsed): string {
  return `${count} amount${count === 1 ? '' : 's'}: ${original} → ${amount} at ${rate.text}`;
}

/** Builds the {@link ConversionsUsed} from tallies (any order) and the amounts, if kept. @internal */
export function conversionsUsed(
  currency: string,
  tallies: Iterable<[string, RateTally]>,
  amounts: readonly ConvertedAmount[] | null,
): ConversionsUsed {
  const byRate: RateUsage[] = [];
  let count = 0;
  let total = new Decimal(0);
  for (const [, t] of [...tallies].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const original = Money.of(t.original, t.rate.from);
    const amount = Money.of(t.amount, t.rate.to);
    byRate.push({
      rate: t.rate,
      count: t.count,
      original,
      amount,
      text: usageText(t.count, original, amount, t.rate),
    });
    count += t.count;
    total = total.plus(t.amount);
  }
  return { currency, count, total: Money.of(total, currency), byRate, amounts };
}

/** Records conversions: a tally per rate key, and each amount when asked to. @internal */
export class ConversionLog {
  readonly tallies = new Map<string, RateTally>();
  readonly amounts: ConvertedAmount[] | null;
  readonly keys: string[] | null;

  constructor(
    readonly currency: string,
    keepAmounts: boolean,
  ) {
    this.amounts = keepAmounts ? [] : null;
    this.keys = keepAmounts ? [] : null;
  }

  record(
    result: ConvertResult,
    key: string,
    source: ConvertedAmount['source'],
    id: string,
    path: readonly (string | number)[],
  ): void {
    this.tally(key, result.rate, result.original.amount, result.amount.amount);
    if (this.amounts !== null) {
      this.amounts.push({
        source,
        id,
        path,
        original: result.original,
        amount: result.amount,
        rate: result.rate,
        text: result.text,
      });
      this.keys!.push(key);
    }
  }

  /**
   * Converts `money` through `cache` and records it, as `cache.convertKeyed` then {@link ConversionLog.record}
   * would, but builds the conversion's sentence only when the amounts are kept (and no result object).
   */
  convert(
    cache: RateCacheImpl,
    money: Money,
    policy: ConversionPolicy,
    source: ConvertedAmount['source'],
    id: string,
    path: readonly (string | number)[],
  ): Money {
    const c = cache.lookup(money, policy);
    const exact = money.amount.times(c.rate.rate);
    const amount = Money.of(cache.round(exact), cache.to);
    this.tally(c.key, c.rate, money.amount, amount.amount);
    if (this.amounts !== null) {
      this.amounts.push({
        source,
        id,
        path,
        original: money,
        amount,
        rate: c.rate,
        text: cache.text(money, exact.toFixed(), amount, c),
      });
      this.keys!.push(c.key);
    }
    return amount;
  }

  /** Counts one amount converted at the rate of `key`: `original` before, `amount` after (rounded). */
  tally(key: string, rate: RateUsed, original: Decimal, amount: Decimal): void {
    let t = this.tallies.get(key);
    if (t === undefined) {
      t = { rate, count: 0, original: new Decimal(0), amount: new Decimal(0) };
      this.tallies.set(key, t);
    }
    t.count++;
    t.original = t.original.plus(original);
    t.amount = t.amount.plus(amount);
  }

  used(): ConversionsUsed {
    return conversionsUsed(this.currency, this.tallies, this.amounts);
  }
}
