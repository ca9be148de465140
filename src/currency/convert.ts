import { z } from 'zod';
import { parseOrThrow } from '../errors';
import { CurrencyCodeSchema } from '../model/index';
import { currencyMinorUnits, type Decimal, Money, ROUNDING_MODES, type RoundingMode } from '../money/index';
import {
  type ConversionPolicy,
  type ExchangeRateInput,
  findRate,
  type RateTable,
  type RateUsed,
} from './rate-table';

/**
 * Options for {@link convert}.
 *
 * @example
 * ```ts
 * import type { ConvertOptions } from 'openspm';
 * const options: ConvertOptions = {
 *   rates: [{ from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' }],
 *   policy: { kind: 'on-date', date: '2024-03-15' },
 *   rounding: 'half-even',
 * };
 * ```
 */
export interface ConvertOptions {
  /** The rate table (from {@link rateTable}, or the rates); not needed for a `fixed` policy. */
  rates?: RateTable | readonly ExchangeRateInput[];
  /** How the rate is chosen. Required. */
  policy: ConversionPolicy;
  /** The one rounding step's mode; default `'half-even'`. */
  rounding?: RoundingMode;
  /** Decimals of the result; default the target currency's minor units. */
  minorUnits?: number;
  /** Decimals an average or inverted rate is rounded to (half-even); default 10. */
  rateDecimals?: number;
}

/**
 * What {@link convert} returns: the converted amount, rounded once, and everything that produced it.
 *
 * @example
 * ```ts
 * import { convert, Money } from 'openspm';
 * const r = convert(Money.of('100.00', 'USD'), 'CNY', {
 *   policy: { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.1034' }] },
 * });
 * r.exact.toString(); //=> '710.34'
 * ```
 */
export interface ConvertResult {
  /** The converted amount, rounded once at the declared step. */
  readonly amount: Money;
  /** The amount converted, as given. */
  readonly original: Money;
  /** original × rate, before rounding. */
  readonly exact: Decimal;
  /** The rate used and why. */
  readonly rate: RateUsed;
  /** The rounding applied. */
  readonly rounding: {
    /** The mode. */
    readonly mode: RoundingMode;
    /** To this many decimals. */
    readonly minorUnits: number;
  };
  /** In one sentence: `'100.00 USD × 7.1034 = 710.34 CNY (…)'`. */
  readonly text: string;
}

const OptionsSchema = z.object({
  rates: z.unknown().optional(),
  policy: z.unknown(),
  rounding: z.literal(ROUNDING_MODES).optional(),
  minorUnits: z.int().min(0).max(20).optional(),
  rateDecimals: z.int().min(0).max(20).optional(),
});

/**
 * Converts money to another currency: the exact product with the rate the policy chooses, rounded once at the
 * declared step (mode and decimals), with the rate used in the explanation. A missing rate is an error naming
 * the pair and date — never a silent 1.0.
 *
 * @param money - the amount.
 * @param to - the currency to convert to.
 * @param options - rates, policy, rounding.
 * @throws OpenSpmError `MISSING_EXCHANGE_RATE`, `INVALID_INPUT`.
 * @example
 * ```ts
 * import { convert, Money } from 'openspm';
 * const rates = [
 *   { from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' },
 *   { from: 'USD', to: 'CNY', rate: '7.2001', effectiveDate: '2024-04-01' },
 * ];
 * const r = convert(Money.of('1234.56', 'USD'), 'CNY', { rates, policy: { kind: 'on-date', date: '2024-03-29' } });
 * r.amount.toString(); //=> '8769.57 CNY'
 * r.text;
 * //=> '1234.56 USD × 7.1034 = 8769.573504 CNY, rounded half-even to 2 decimals: 8769.57 CNY (USD→CNY 7.1034: the rate effective 2024-03-01, the latest on or before 2024-03-29)'
 * ```
 */
export function convert(money: Money, to: string, options: ConvertOptions): ConvertResult {
  if (!Money.isMoney(money))
    parseOrThrow(
      z.custom<Money>(() => false, 'expected a Money'),
      money,
      'money',
    );
  const target = parseOrThrow(CurrencyCodeSchema, to, 'currency', ['to']);
  const o = parseOrThrow(OptionsSchema, options, 'options', ['options']);
  const mode = o.rounding ?? 'half-even';
  const minorUnits = o.minorUnits ?? currencyMinorUnits(target);
  const rate = findRate(
    (o.rates ?? null) as RateTable | null,
    money.currency,
    target,
    o.policy as ConversionPolicy,
    o.rateDecimals === undefined ? {} : { rateDecimals: o.rateDecimals },
  );
  const exact = money.amount.times(rate.rate);
  const amount = Money.of(exact, target).round(mode, minorUnits);
  return {
    amount,
    original: money,
    exact,
    rate,
    rounding: { mode, minorUnits },
    text: conversionText(money, String(rate.rate), exact.toFixed(), amount, mode, minorUnits, rate.text),
  };
}

/**
 * The sentence of a conversion (`ConvertResult.text`), from its parts as text: `rate` is `String(rate.rate)`,
 * `exact` is `exact.toFixed()`. One place for the wording, so that every path states it identically.
 * @internal
 */
export function conversionText(
  original: Money,
  rate: string,
  exact: string,
  amount: Money,
  mode: RoundingMode,
  minorUnits: number,
  rateText: string,
): string {
  return `${original} × ${rate} = ${exact} ${amount.currency}, rounded ${mode} to ${minorUnits} decimals: ${amount} (${rateText})`;
}
