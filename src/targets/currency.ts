// Mixed-currency inputs of the target functions: one converter per call, with the options style of
// targetVariance (`reportingCurrency`, `rates`, `conversion`), rates looked up once per pair and date, and
// every conversion kept (original, rate used, rounding) so the result can show it.
import {
  type ConversionPolicy,
  type ConvertResult,
  type ExchangeRateInput,
  findRate,
  type RateCache,
  type RateTable,
  rateCache,
  rateTable,
} from '../currency/index';
import { ErrorCode, type IssuePath, OpenSpmError } from '../errors';
import type { Money } from '../money/index';
import type { CalendarDate, Period } from '../period/index';
import { fail } from './shared';

/**
 * The currency options shared by {@link decomposeTarget}, {@link splitTarget}, {@link targetMatrix},
 * {@link replanTarget} and {@link reconcileTargets}. Conversion is on as soon as one of them is given;
 * without any, amounts in different currencies stay a `CURRENCY_MISMATCH` error.
 *
 * - `reportingCurrency`: the currency of the result. For `decomposeTarget` and `splitTarget` the parts stay
 *   in the total's currency, so it may only repeat it; for `targetMatrix`, `replanTarget` and
 *   `reconcileTargets` it is the currency everything is converted into (default: the first period's, the
 *   first period's target's, the first top-level team's).
 * - `rates`: the exchange rates (from `rateTable`, or the rate list); not needed with fixed plan rates.
 * - `conversion`: which rate. `'on-date'` (default) and `'period-average'` take the date or period from the
 *   amount converted (each function says which); a {@link ConversionPolicy} object (fixed plan rates, a
 *   given date or period) applies to every amount.
 *
 * Each converted amount is rounded once, half-even, to the minor unit of the result's currency.
 *
 * @example
 * ```ts
 * import type { TargetCurrencyOptions } from 'openspm';
 * const options: TargetCurrencyOptions = {
 *   rates: [{ from: 'USD', to: 'CNY', rate: '7.10', effectiveDate: '2024-01-01' }],
 *   conversion: 'on-date',
 * };
 * ```
 */
export interface TargetCurrencyOptions {
  /** The result's currency (see above); without any of the three options, mixing currencies is an error. */
  readonly reportingCurrency?: string;
  /** The exchange rates (from `rateTable`, or the rate list). */
  readonly rates?: RateTable | readonly ExchangeRateInput[];
  /** `'on-date'` (default), `'period-average'`, or any {@link ConversionPolicy}. */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * One amount of the input converted into the result's currency: what `convert` returns (the original,
 * the exact product, the rounded amount, the rate used and the rounding), with the input path it came from.
 *
 * @example
 * ```ts
 * import { splitTarget } from 'openspm';
 * const r = splitTarget(
 *   {
 *     total: { amount: '1000.00', currency: 'CNY' },
 *     members: [
 *       { id: 'sh', history: { amount: '710.00', currency: 'CNY' } },
 *       { id: 'sg', history: { amount: '100.00', currency: 'USD' } },
 *     ],
 *   },
 *   { method: 'history', conversion: { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.10' }] } },
 * );
 * r.conversions?.[0].path; //=> ['members', 1, 'history']
 * r.conversions?.[0].amount.toString(); //=> '710.00 CNY'
 * r.conversions?.[0].rate.text; //=> 'USD→CNY 7.1: the fixed plan rate'
 * ```
 */
export interface TargetConversion extends ConvertResult {
  /** Where the amount is in the input (`['members', 1, 'history']`). */
  readonly path: IssuePath;
}

/** When an amount is: the day for `'on-date'`, the period for `'period-average'`. @internal */
export interface When {
  readonly date: CalendarDate;
  readonly period: Period;
}

/** A converter for one call. @internal */
export interface Converter {
  /** Whether any currency option was given. */
  readonly on: boolean;
  /** Every conversion made, in the order made. */
  readonly list: TargetConversion[];
  /**
   * `m` in `to`: itself when already in it, else converted (rounded half-even to `minorUnits`). `when` is
   * called only when a date or period is needed (so it may fail with a message saying what to give).
   */
  convert(m: Money, to: string, minorUnits: number, when: () => When, path: IssuePath): Money;
}

/** The converter of one call's options. @internal */
export function converter(options: TargetCurrencyOptions): Converter {
  const on =
    options.reportingCurrency !== undefined ||
    options.rates !== undefined ||
    options.conversion !== undefined;
  const list: TargetConversion[] = [];
  if (!on) {
    return {
      on,
      list,
      convert: (m) => m,
    };
  }
  const table = rateTable(options.rates ?? []);
  const setting = options.conversion ?? 'on-date';
  if (typeof setting === 'object') {
    // Checks the policy once, up front (a currency to itself needs no rate but the policy is parsed).
    try {
      findRate(table, 'XXX', 'XXX', setting);
    } catch (error) {
      if (error instanceof OpenSpmError) fail(error.code, ['conversion'], error.message);
      throw error;
    }
  }
  // One rate cache per target currency and decimals: each pair and day (or period) is looked up once.
  const caches = new Map<string, RateCache>();
  const seen = new Map<string, TargetConversion>();
  return {
    on,
    list,
    convert(m, to, minorUnits, when, path) {
      if (m.currency === to) return m;
      // An amount read twice (a sub-team member's history) is converted and listed once.
      const seenKey = `${path.join('\u0000')}>${to}`;
      const seenBefore = seen.get(seenKey);
      if (seenBefore?.original.equals(m)) return seenBefore.amount;
      let policy: ConversionPolicy;
      if (setting === 'on-date') policy = { kind: 'on-date', date: when().date };
      else if (setting === 'period-average') policy = { kind: 'period-average', period: when().period };
      else policy = setting;
      const cacheKey = `${to}|${minorUnits}`;
      let cache = caches.get(cacheKey);
      if (cache === undefined) {
        cache = rateCache(to, { rates: table, rounding: 'half-even', minorUnits });
        caches.set(cacheKey, cache);
      }
      let result: ConvertResult;
      try {
        result = cache.convert(m, policy);
      } catch (error) {
        if (error instanceof OpenSpmError && error.code === ErrorCode.MISSING_EXCHANGE_RATE) {
          throw new OpenSpmError(error.code, `${path.join('.')}: ${error.message}`, { path, cause: error });
        }
        throw error;
      }
      const done: TargetConversion = { path, ...result };
      list.push(done);
      seen.set(seenKey, done);
      return result.amount;
    },
  };
}

/** A note for an explanation: how many amounts were converted and how. @internal */
export function conversionNote(list: readonly TargetConversion[], to: string): string | null {
  if (list.length === 0) return null;
  const pairs = [...new Set(list.map((c) => `${c.rate.from}→${c.rate.to}`))];
  return `${list.length} amount(s) converted to ${to} (${pairs.join(', ')}), each rounded half-even to ${list[0]!.rounding.minorUnits} decimals; see conversions`;
}
