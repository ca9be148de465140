import { ErrorCode, formatPath, type IssuePath, OpenSpmError } from '../errors';

/** ISO 4217 currencies whose minor unit is not 2 decimals. Every other code uses 2. */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CODE = /^[A-Z]{3}$/;

/**
 * Checks a currency code (three capital letters, ISO 4217 style) and returns it.
 * Throws {@link OpenSpmError} `INVALID_CURRENCY` otherwise.
 *
 * @example
 * ```ts
 * import { assertCurrency } from 'openspm';
 * assertCurrency('CNY'); //=> 'CNY'
 * assertCurrency('rmb'); // throws OpenSpmError INVALID_CURRENCY
 * ```
 */
export function assertCurrency(code: string, path: IssuePath = []): string {
  if (typeof code !== 'string' || !CODE.test(code)) {
    const where = path.length ? `${formatPath(path)}: ` : '';
    throw new OpenSpmError(
      ErrorCode.INVALID_CURRENCY,
      `${where}currency must be a three-letter ISO 4217 code in capitals such as "CNY" or "USD", got ${JSON.stringify(code)}`,
      { path },
    );
  }
  return code;
}

/**
 * The number of decimals in a currency's minor unit (ISO 4217): 2 for CNY and USD, 0 for JPY and KRW,
 * 3 for KWD. Unlisted codes use 2.
 *
 * @example
 * ```ts
 * import { currencyMinorUnits } from 'openspm';
 * currencyMinorUnits('CNY'); //=> 2
 * currencyMinorUnits('JPY'); //=> 0
 * ```
 */
export function currencyMinorUnits(currency: string): number {
  return MINOR_UNITS[assertCurrency(currency)] ?? 2;
}
