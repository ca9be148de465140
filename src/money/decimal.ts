import DecimalJs from 'decimal.js';
import { ErrorCode, formatPath, type IssuePath, OpenSpmError } from '../errors';

/**
 * openspm's own decimal.js constructor. A private clone: openspm never changes the settings of the
 * `Decimal` a host application uses. 40 significant digits cover any amount times any rate exactly
 * for the magnitudes money takes; rounding to a currency happens only where a caller asks.
 *
 * @example
 * ```ts
 * import { Decimal } from 'openspm';
 * new Decimal('0.1').plus('0.2').toString(); //=> '0.3'
 * ```
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});

/**
 * A decimal.js value (from openspm's {@link Decimal} or any other decimal.js constructor).
 *
 * @example
 * ```ts
 * import { Decimal } from 'openspm';
 * const rate: Decimal = new Decimal('0.035');
 * ```
 */
export type Decimal = DecimalJs;

/**
 * What openspm accepts as a decimal number: a decimal string (`'1234.50'`), a finite number, a bigint,
 * or a decimal.js value.
 *
 * @example
 * ```ts
 * import type { DecimalInput } from 'openspm';
 * const inputs: DecimalInput[] = ['1234.50', 99, 10n];
 * ```
 */
export type DecimalInput = string | number | bigint | DecimalJs;

/**
 * Options for {@link toDecimal}.
 *
 * @example
 * ```ts
 * import { toDecimal, type ToDecimalOptions } from 'openspm';
 * const options: ToDecimalOptions = { strict: true };
 * toDecimal(0.5, options).toString(); //=> '0.5'
 * ```
 */
export interface ToDecimalOptions {
  /**
   * Reject JavaScript numbers that are not exactly the decimal they print as (`0.1` is stored in binary as
   * 0.1000000000000000055…) and integers beyond 2^53 (precision already lost). Strings and bigints are always
   * exact. Default `false`: a number is read as the shortest decimal that prints it (`0.1` → `0.1`).
   */
  strict?: boolean;
  /** Where the value sits in the input, for the error's `path`. */
  path?: IssuePath;
}

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** True when the double `n` equals the decimal its shortest string denotes. */
function isExactDouble(n: number): boolean {
  if (Number.isInteger(n)) return true;
  // n prints as N / 10^k; a binary double equals it iff the reduced denominator is a power of two,
  // i.e. iff 5^k divides N.
  const d = new Decimal(String(n));
  const k = d.decimalPlaces();
  const scaled = BigInt(d.times(new Decimal(10).pow(k)).toFixed(0));
  return scaled % 5n ** BigInt(k) === 0n;
}

/**
 * Reads a decimal number exactly; throws {@link OpenSpmError} `INVALID_AMOUNT` for NaN, Infinity, empty or
 * non-numeric text, and (with `strict`) `INEXACT_NUMBER` for binary floats that are not what they print as.
 *
 * @example
 * ```ts
 * import { toDecimal } from 'openspm';
 * toDecimal('1234.50').toString(); //=> '1234.5'
 * toDecimal(0.1).toString(); //=> '0.1'
 * toDecimal(0.1, { strict: true }); // throws OpenSpmError INEXACT_NUMBER
 * ```
 */
export function toDecimal(value: DecimalInput, options: ToDecimalOptions = {}): DecimalJs {
  const path = options.path ?? [];
  if (DecimalJs.isDecimal(value)) {
    if (!value.isFinite())
      throw new OpenSpmError(ErrorCode.INVALID_AMOUNT, notFinite(path, String(value)), { path });
    return value instanceof Decimal ? value : new Decimal(String(value));
  }
  if (typeof value === 'bigint') return new Decimal(value.toString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new OpenSpmError(ErrorCode.INVALID_AMOUNT, notFinite(path, String(value)), { path });
    if (options.strict) {
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new OpenSpmError(
          ErrorCode.INEXACT_NUMBER,
          `${at(path)}${value} is beyond 2^53 and may have lost digits already; pass it as a string`,
          { path },
        );
      }
      if (!isExactDouble(value)) {
        throw new OpenSpmError(
          ErrorCode.INEXACT_NUMBER,
          `${at(path)}${value} cannot be stored exactly as a JavaScript number; pass it as a string, e.g. "${value}"`,
          { path },
        );
      }
    }
    return new Decimal(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL_TEXT.test(text)) {
      throw new OpenSpmError(
        ErrorCode.INVALID_AMOUNT,
        `${at(path)}"${value}" is not a number; write amounts like "1234.50" (no currency signs or thousands separators)`,
        { path },
      );
    }
    return new Decimal(text);
  }
  throw new OpenSpmError(
    ErrorCode.INVALID_AMOUNT,
    `${at(path)}expected a number or a decimal string, got ${typeof value}`,
    {
      path,
    },
  );
}

function at(path: IssuePath): string {
  return path.length === 0 ? '' : `${formatPath(path)}: `;
}

function notFinite(path: IssuePath, shown: string): string {
  return `${at(path)}${shown} is not a finite number`;
}
