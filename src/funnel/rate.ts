import type { Money } from '../money/index';

/**
 * A count ratio that explains itself: `rate = numerator ÷ denominator`, with the parts kept so a report can
 * show "32.0% (48/150)". When the denominator is zero the rate is `null` and `notApplicable` says why; a rate is
 * never `NaN` or `Infinity`.
 *
 * @example
 * ```ts
 * import type { Rate } from 'openspm';
 * const conversion: Rate = {
 *   numerator: 48,
 *   denominator: 150,
 *   sampleSize: 150,
 *   rate: 0.32,
 *   notApplicable: null,
 *   text: '32.0% (48/150)',
 * };
 * ```
 */
export interface Rate {
  /** What was counted (deals that moved on, deals won…). */
  readonly numerator: number;
  /** What it was counted out of (deals that entered, deals closed…). */
  readonly denominator: number;
  /** How many deals (or deal journeys) the figure rests on. */
  readonly sampleSize: number;
  /** `numerator ÷ denominator`, from 0 to 1; `null` when the denominator is zero. */
  readonly rate: number | null;
  /** Why the rate is `null` (no deals entered the stage…); `null` when the rate is a number. */
  readonly notApplicable: string | null;
  /** The figure as a person reads it: `'32.0% (48/150)'`, or `'n/a (0/0)'`. */
  readonly text: string;
}

/**
 * A value ratio: the same as {@link Rate} with amounts (deal values) instead of counts. The rate is computed
 * exactly from integer minor units and shown as a number.
 *
 * @example
 * ```ts
 * import { Money, type ValueRate } from 'openspm';
 * const byValue: ValueRate = {
 *   numerator: Money.of('300000', 'CNY'),
 *   denominator: Money.of('1200000', 'CNY'),
 *   sampleSize: 20,
 *   rate: 0.25,
 *   notApplicable: null,
 *   text: '25.0% (300000.00/1200000.00 CNY)',
 * };
 * ```
 */
export interface ValueRate {
  /** The value counted (amount of the deals that moved on, were won…). */
  readonly numerator: Money;
  /** The value it was counted out of. */
  readonly denominator: Money;
  /** How many deals (or deal journeys) the figure rests on. */
  readonly sampleSize: number;
  /** `numerator ÷ denominator` (0 to 1 for conversions; a coverage can exceed 1); `null` when the denominator is zero. */
  readonly rate: number | null;
  /** Why the rate is `null`; `null` when the rate is a number. */
  readonly notApplicable: string | null;
  /** The figure as a person reads it: `'25.0% (300000.00/1200000.00 CNY)'`. */
  readonly text: string;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** @internal */
export function countRate(
  numerator: number,
  denominator: number,
  why: string,
  sampleSize = denominator,
): Rate {
  if (denominator === 0) {
    return {
      numerator,
      denominator,
      sampleSize,
      rate: null,
      notApplicable: why,
      text: `n/a (${numerator}/0)`,
    };
  }
  const rate = numerator / denominator;
  return {
    numerator,
    denominator,
    sampleSize,
    rate,
    notApplicable: null,
    text: `${percent(rate)} (${numerator}/${denominator})`,
  };
}

/** @internal */
export function valueRate(
  numerator: Money,
  denominator: Money,
  numeratorMinor: number,
  denominatorMinor: number,
  why: string,
  sampleSize: number,
): ValueRate {
  const parts = `${numerator.amount.toFixed(numerator.minorUnits)}/${denominator.amount.toFixed(denominator.minorUnits)} ${denominator.currency}`;
  if (denominatorMinor === 0) {
    return { numerator, denominator, sampleSize, rate: null, notApplicable: why, text: `n/a (${parts})` };
  }
  const rate = numeratorMinor / denominatorMinor;
  return {
    numerator,
    denominator,
    sampleSize,
    rate,
    notApplicable: null,
    text: `${percent(rate)} (${parts})`,
  };
}
