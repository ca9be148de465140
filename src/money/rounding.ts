import DecimalJs from 'decimal.js';
import { ErrorCode, OpenSpmError } from '../errors';

/**
 * How to round to a step, named as finance teams say it:
 * - `half-up`: to nearest, ties away from zero (四舍五入; 2.345 → 2.35, −2.345 → −2.35)
 * - `half-even`: to nearest, ties to the even digit (banker's rounding; 2.345 → 2.34, 2.355 → 2.36)
 * - `half-down`: to nearest, ties toward zero (2.345 → 2.34)
 * - `down`: toward zero, i.e. truncate (2.349 → 2.34, −2.349 → −2.34)
 * - `up`: away from zero (2.341 → 2.35, −2.341 → −2.35)
 * - `floor`: toward −∞; `ceiling`: toward +∞
 *
 * @example
 * ```ts
 * import { Money, type RoundingMode } from 'openspm';
 * const mode: RoundingMode = 'half-even';
 * Money.of('2.345', 'CNY').round(mode).toString(); //=> '2.34 CNY'
 * ```
 */
export type RoundingMode = 'half-up' | 'half-even' | 'half-down' | 'down' | 'up' | 'floor' | 'ceiling';

/**
 * Every {@link RoundingMode}, for validation and pickers.
 *
 * @example
 * ```ts
 * import { ROUNDING_MODES } from 'openspm';
 * ROUNDING_MODES.includes('half-up'); //=> true
 * ```
 */
export const ROUNDING_MODES: readonly RoundingMode[] = [
  'half-up',
  'half-even',
  'half-down',
  'down',
  'up',
  'floor',
  'ceiling',
];

const TO_DECIMAL_JS: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  floor: DecimalJs.ROUND_FLOOR,
  ceiling: DecimalJs.ROUND_CEIL,
};

/**
 * Rounds a decimal to `decimals` places with an explicit mode.
 *
 * @example
 * ```ts
 * import { Decimal, roundDecimal } from 'openspm';
 * roundDecimal(new Decimal('2.345'), 2, 'half-up').toString(); //=> '2.35'
 * ```
 */
export function roundDecimal(value: DecimalJs, decimals: number, mode: RoundingMode): DecimalJs {
  const rounding = TO_DECIMAL_JS[mode];
  if (rounding === undefined) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `rounding mode must be one of ${ROUNDING_MODES.join(', ')}, got ${JSON.stringify(mode)}`,
    );
  }
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `decimals must be a whole number from 0 to 20, got ${decimals}`,
    );
  }
  return value.toDecimalPlaces(decimals, rounding);
}
