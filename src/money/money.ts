import type DecimalJs from 'decimal.js';
import { ErrorCode, type IssuePath, OpenSpmError } from '../errors';
import { allocateMinor } from './allocate';
import { assertCurrency, currencyMinorUnits } from './currency';
import { Decimal, type DecimalInput, type ToDecimalOptions, toDecimal } from './decimal';
import { type RoundingMode, roundDecimal } from './rounding';

/**
 * The JSON form of {@link Money}: the exact amount as a decimal string, and the currency code.
 *
 * @example
 * ```ts
 * import type { MoneyJSON } from 'openspm';
 * const price: MoneyJSON = { amount: '123.45', currency: 'CNY' };
 * ```
 */
export interface MoneyJSON {
  /** Exact decimal amount, never in exponent notation, at least the currency's minor-unit decimals. */
  amount: string;
  /** ISO 4217 currency code. */
  currency: string;
}

/**
 * Options for {@link Money.allocate}.
 *
 * @example
 * ```ts
 * import { Money, type AllocateOptions } from 'openspm';
 * const options: AllocateOptions = { minorUnits: 0 };
 * Money.of('100', 'CNY').allocate([1, 2], options).map(String); //=> ['33.00 CNY', '67.00 CNY']
 * ```
 */
export interface AllocateOptions {
  /** Split in steps of 10^-minorUnits instead of the currency's own minor unit (e.g. 0 for whole yuan). */
  minorUnits?: number;
}

/**
 * An exact amount of money in one currency: immutable, backed by decimal.js, never a float.
 * Arithmetic is exact; rounding happens only when you call {@link Money.round} (or an operation that
 * takes a rounding mode). Combining two currencies throws `CURRENCY_MISMATCH`.
 *
 * @example
 * ```ts
 * import { Money } from 'openspm';
 * const deal = Money.of('12000.00', 'CNY');
 * const commission = deal.times('0.0355'); // exact product; rounding happens only where you say
 * commission.round('half-up').toJSON(); //=> { amount: '426.00', currency: 'CNY' }
 * deal.allocate([60, 40]).map(String); //=> ['7200.00 CNY', '4800.00 CNY']
 * ```
 */
export class Money {
  /** The exact amount. */
  readonly amount: DecimalJs;
  /** ISO 4217 currency code. */
  readonly currency: string;

  private constructor(amount: DecimalJs, currency: string) {
    this.amount = amount;
    this.currency = currency;
    Object.freeze(this);
  }

  /**
   * Creates money from a decimal string, number, bigint or decimal. Numbers are read as the decimal they
   * print as, unless `options.strict` asks to reject those that are not exact in binary (see {@link toDecimal}).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('1234.50', 'USD').toString(); //=> '1234.50 USD'
   * Money.of(0.1, 'USD', { strict: true }); // throws OpenSpmError INEXACT_NUMBER
   * ```
   */
  static of(amount: DecimalInput, currency: string, options: ToDecimalOptions = {}): Money {
    const path = options.path ?? [];
    return new Money(toDecimal(amount, options), assertCurrency(currency, [...path, 'currency']));
  }

  /**
   * Zero in a currency.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.zero('CNY').toString(); //=> '0.00 CNY'
   * ```
   */
  static zero(currency: string): Money {
    return new Money(new Decimal(0), assertCurrency(currency));
  }

  /**
   * Creates money from an integer count of minor units (cents, fen).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.fromMinor(123456, 'CNY').toString(); //=> '1234.56 CNY'
   * Money.fromMinor(500, 'JPY').toString(); //=> '500 JPY'
   * ```
   */
  static fromMinor(minor: number | bigint, currency: string, minorUnits?: number): Money {
    if (typeof minor === 'number' && !Number.isSafeInteger(minor)) {
      throw new OpenSpmError(
        ErrorCode.NOT_IN_MINOR_UNITS,
        `minor units must be a safe whole number, got ${minor}`,
      );
    }
    const units = minorUnits ?? currencyMinorUnits(currency);
    return new Money(
      new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(units)),
      assertCurrency(currency),
    );
  }

  /**
   * Reads the JSON form (`{ amount: '123.45', currency: 'CNY' }`); a number amount is also accepted.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.fromJSON({ amount: '123.45', currency: 'CNY' }).equals(Money.of('123.45', 'CNY')); //=> true
   * ```
   */
  static fromJSON(
    json: { amount: string | number; currency: string },
    options: ToDecimalOptions = {},
  ): Money {
    if (json === null || typeof json !== 'object') {
      throw new OpenSpmError(
        ErrorCode.INVALID_AMOUNT,
        'money must be an object like { "amount": "123.45", "currency": "CNY" }',
        {
          path: options.path ?? [],
        },
      );
    }
    const path = options.path ?? [];
    return Money.of(json.amount, json.currency, { ...options, path: [...path, 'amount'] });
  }

  /**
   * Adds up amounts exactly. An empty list needs `currency` to know what zero to return.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.sum([Money.of('1.10', 'CNY'), Money.of('2.20', 'CNY')]).toString(); //=> '3.30 CNY'
   * Money.sum([], 'CNY').toString(); //=> '0.00 CNY'
   * ```
   */
  static sum(amounts: readonly Money[], currency?: string): Money {
    const first = amounts[0];
    if (!first) {
      if (currency === undefined) {
        throw new OpenSpmError(
          ErrorCode.INVALID_INPUT,
          'cannot sum an empty list without knowing its currency',
        );
      }
      return Money.zero(currency);
    }
    const cur = currency ?? first.currency;
    let total = new Decimal(0);
    amounts.forEach((m, i) => {
      sameCurrency(cur, m, [i]);
      total = total.plus(m.amount);
    });
    return new Money(total, cur);
  }

  /**
   * The smallest of the amounts (first one on ties).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.min(Money.of(5, 'CNY'), Money.of(3, 'CNY')).toString(); //=> '3.00 CNY'
   * ```
   */
  static min(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.lessThan(a) ? b : a), first);
  }

  /**
   * The largest of the amounts (first one on ties).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.max(Money.of(5, 'CNY'), Money.of(3, 'CNY')).toString(); //=> '5.00 CNY'
   * ```
   */
  static max(first: Money, ...rest: Money[]): Money {
    return rest.reduce((a, b) => (b.greaterThan(a) ? b : a), first);
  }

  /**
   * True for a {@link Money} value.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.isMoney(Money.zero('CNY')); //=> true
   * Money.isMoney({ amount: '1', currency: 'CNY' }); //=> false
   * ```
   */
  static isMoney(value: unknown): value is Money {
    return value instanceof Money;
  }

  /**
   * Decimals of this currency's minor unit (2 for CNY, 0 for JPY).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.zero('JPY').minorUnits; //=> 0
   * ```
   */
  get minorUnits(): number {
    return currencyMinorUnits(this.currency);
  }

  /**
   * Exact sum; the currencies must match.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('0.10', 'CNY').plus(Money.of('0.20', 'CNY')).toString(); //=> '0.30 CNY'
   * ```
   */
  plus(other: Money): Money {
    sameCurrency(this.currency, other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  /**
   * Exact difference; the currencies must match.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('1.00', 'CNY').minus(Money.of('0.01', 'CNY')).toString(); //=> '0.99 CNY'
   * ```
   */
  minus(other: Money): Money {
    sameCurrency(this.currency, other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }

  /**
   * Exact product with a rate or factor; not rounded (call {@link Money.round} where your statement says).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('100.00', 'CNY').times('0.12345').toString(); //=> '12.345 CNY'
   * ```
   */
  times(factor: DecimalInput): Money {
    return new Money(this.amount.times(toDecimal(factor, { path: ['factor'] })), this.currency);
  }

  /**
   * Division, rounded to the currency's minor unit (or `minorUnits`) with the mode you choose, because a
   * quotient is rarely exact. To split an amount into parts that sum to the whole, use {@link Money.allocate}.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('100.00', 'CNY').dividedBy(3, 'half-up').toString(); //=> '33.33 CNY'
   * ```
   */
  dividedBy(divisor: DecimalInput, mode: RoundingMode, minorUnits?: number): Money {
    const d = toDecimal(divisor, { path: ['divisor'] });
    if (d.isZero()) throw new OpenSpmError(ErrorCode.DIVISION_BY_ZERO, `cannot divide ${this} by zero`);
    return new Money(
      roundDecimal(this.amount.dividedBy(d), minorUnits ?? this.minorUnits, mode),
      this.currency,
    );
  }

  /**
   * This amount divided by another of the same currency, as an exact-as-possible decimal (40 significant
   * digits): attainment, collection rate, share of total. Throws `DIVISION_BY_ZERO` when `other` is zero.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('70', 'CNY').ratio(Money.of('100', 'CNY')).toString(); //=> '0.7'
   * ```
   */
  ratio(other: Money): DecimalJs {
    sameCurrency(this.currency, other);
    if (other.amount.isZero()) {
      throw new OpenSpmError(
        ErrorCode.DIVISION_BY_ZERO,
        `cannot take a ratio to a zero amount (${this} / ${other})`,
      );
    }
    return this.amount.dividedBy(other.amount);
  }

  /**
   * Rounds to the currency's minor unit (or `minorUnits` decimals) with an explicit mode.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('2.345', 'CNY').round('half-up').toString(); //=> '2.35 CNY'
   * Money.of('2.345', 'CNY').round('half-even').toString(); //=> '2.34 CNY'
   * Money.of('1234.5', 'CNY').round('down', 0).toString(); //=> '1234.00 CNY'
   * ```
   */
  round(mode: RoundingMode, minorUnits?: number): Money {
    return new Money(roundDecimal(this.amount, minorUnits ?? this.minorUnits, mode), this.currency);
  }

  /**
   * The opposite amount (for clawbacks and reversals).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('5', 'CNY').negate().toString(); //=> '-5.00 CNY'
   * ```
   */
  negate(): Money {
    return new Money(this.amount.negated(), this.currency);
  }

  /**
   * The absolute amount.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('-5', 'CNY').abs().toString(); //=> '5.00 CNY'
   * ```
   */
  abs(): Money {
    return new Money(this.amount.abs(), this.currency);
  }

  /**
   * Splits this amount into parts proportional to `weights` that sum exactly to it, in whole minor units,
   * by largest remainder; ties go to the earlier part (see {@link allocateMinor}). The amount must already
   * be in whole minor units: round it first.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('100.00', 'CNY').allocate([1, 1, 1]).map(String); //=> ['33.34 CNY', '33.33 CNY', '33.33 CNY']
   * Money.of('10.00', 'CNY').allocate(['0.5', '0.3', '0.2']).map(String); //=> ['5.00 CNY', '3.00 CNY', '2.00 CNY']
   * ```
   */
  allocate(weights: readonly DecimalInput[], options: AllocateOptions = {}): Money[] {
    const units = options.minorUnits ?? this.minorUnits;
    const parts = allocateMinor(this.toMinor(units), weights);
    return parts.map((p) => Money.fromMinor(p, this.currency, units));
  }

  /**
   * This amount as a bigint count of minor units; throws `NOT_IN_MINOR_UNITS` if it has more decimals.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('1234.56', 'CNY').toMinor(); //=> 123456n
   * ```
   */
  toMinor(minorUnits?: number): bigint {
    const units = minorUnits ?? this.minorUnits;
    const scaled = this.amount.times(new Decimal(10).pow(units));
    if (!scaled.isInteger()) {
      throw new OpenSpmError(
        ErrorCode.NOT_IN_MINOR_UNITS,
        `${this} has more than ${units} decimals; round it first, e.g. .round('half-up')`,
      );
    }
    return BigInt(scaled.toFixed(0));
  }

  /**
   * -1, 0 or 1 as this amount is less than, equal to or greater than `other` (same currency).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of(1, 'CNY').compare(Money.of(2, 'CNY')); //=> -1
   * ```
   */
  compare(other: Money): -1 | 0 | 1 {
    sameCurrency(this.currency, other);
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1;
  }

  /**
   * Same currency and same amount (`1.5` equals `1.50`).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('1.5', 'CNY').equals(Money.of('1.50', 'CNY')); //=> true
   * Money.of('1.5', 'CNY').equals(Money.of('1.5', 'USD')); //=> false
   * ```
   */
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  /**
   * Strictly greater than `other` (same currency).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of(2, 'CNY').greaterThan(Money.of(1, 'CNY')); //=> true
   * ```
   */
  greaterThan(other: Money): boolean {
    return this.compare(other) > 0;
  }

  /**
   * Greater than or equal to `other` (same currency).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of(1, 'CNY').greaterThanOrEqual(Money.of(1, 'CNY')); //=> true
   * ```
   */
  greaterThanOrEqual(other: Money): boolean {
    return this.compare(other) >= 0;
  }

  /**
   * Strictly less than `other` (same currency).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of(1, 'CNY').lessThan(Money.of(2, 'CNY')); //=> true
   * ```
   */
  lessThan(other: Money): boolean {
    return this.compare(other) < 0;
  }

  /**
   * Less than or equal to `other` (same currency).
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of(1, 'CNY').lessThanOrEqual(Money.of(1, 'CNY')); //=> true
   * ```
   */
  lessThanOrEqual(other: Money): boolean {
    return this.compare(other) <= 0;
  }

  /**
   * True when the amount is zero.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.zero('CNY').isZero(); //=> true
   * ```
   */
  isZero(): boolean {
    return this.amount.isZero();
  }

  /**
   * True when the amount is above zero.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('0.01', 'CNY').isPositive(); //=> true
   * ```
   */
  isPositive(): boolean {
    return this.amount.greaterThan(0);
  }

  /**
   * True when the amount is below zero.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('-0.01', 'CNY').isNegative(); //=> true
   * ```
   */
  isNegative(): boolean {
    return this.amount.lessThan(0);
  }

  /**
   * The nearest JavaScript number, for charts and spreadsheet cells only: it may not be exact.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * Money.of('1234.56', 'CNY').toNumber(); //=> 1234.56
   * ```
   */
  toNumber(): number {
    return this.amount.toNumber();
  }

  /**
   * The JSON form: `{ amount: '123.45', currency: 'CNY' }`; `JSON.stringify` uses it.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * JSON.stringify(Money.of(5, 'CNY')); //=> '{"amount":"5.00","currency":"CNY"}'
   * ```
   */
  toJSON(): MoneyJSON {
    return { amount: this.amountString(), currency: this.currency };
  }

  /**
   * `'123.45 CNY'`: the exact amount (at least the minor-unit decimals) and the currency.
   *
   * @example
   * ```ts
   * import { Money } from 'openspm';
   * String(Money.of('7', 'USD')); //=> '7.00 USD'
   * ```
   */
  toString(): string {
    return `${this.amountString()} ${this.currency}`;
  }

  private amountString(): string {
    return this.amount.toFixed(Math.max(this.minorUnits, this.amount.decimalPlaces()));
  }
}

function sameCurrency(expected: string, other: Money, path: IssuePath = []): void {
  if (!(other instanceof Money)) {
    throw new OpenSpmError(
      ErrorCode.INVALID_AMOUNT,
      'expected a Money value (use Money.of(amount, currency))',
      { path },
    );
  }
  if (other.currency !== expected) {
    throw new OpenSpmError(
      ErrorCode.CURRENCY_MISMATCH,
      `cannot combine ${expected} with ${other.currency} (${other}); convert to one currency first`,
      { path },
    );
  }
}
