import { Decimal, ROUNDING_MODES, type RoundingMode, roundDecimal } from '../money/index';
import { describeCell, isEmptyCell } from './cells';
import { problem } from './errors';

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Significant digits a spreadsheet cell keeps exactly (Excel and Google Sheets display 15). */
export const CELL_DIGITS = 15;

/**
 * Reads a cell as an exact decimal. A number is read as the shortest decimal that prints it (the cell
 * `0.1` is `0.1`, not the binary 0.1000000000000000055…); text may be a plain decimal (`'1234.50'`) or a
 * percentage (`'5%'` → 0.05); thousands separators and currency signs are refused, because their meaning
 * depends on the locale. Empty cells, booleans and dates are refused.
 * @internal
 */
export function cellDecimal(value: unknown, where: string): Decimal {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problem('#NUM!', `${where}: expected a finite number, got ${value}`);
    return new Decimal(value);
  }
  if (typeof value === 'string' && !isEmptyCell(value)) {
    let text = value.trim();
    const percent = text.endsWith('%');
    if (percent) text = text.slice(0, -1).trim();
    if (DECIMAL_TEXT.test(text)) {
      const d = new Decimal(text);
      return percent ? d.dividedBy(100) : d;
    }
    problem(
      '#VALUE!',
      `${where}: expected a number, got ${describeCell(value)}${/[,\s]/.test(text) ? ' (write it without thousands separators)' : ''}`,
    );
  }
  return problem('#VALUE!', `${where}: expected a number, got ${describeCell(value)}`);
}

/** Reads a whole number within [min, max]; `fallback` when the cell is empty (if given). @internal */
export function cellWholeNumber(
  value: unknown,
  where: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (isEmptyCell(value) && fallback !== undefined) return fallback;
  const d = cellDecimal(value, where);
  if (!d.isInteger() || d.lessThan(min) || d.greaterThan(max)) {
    problem('#NUM!', `${where}: expected a whole number from ${min} to ${max}, got ${d.toString()}`);
  }
  return d.toNumber();
}

/** Reads a rounding mode name (`half-up` … `ceiling`); `fallback` when empty. @internal */
export function cellRoundingMode(value: unknown, where: string, fallback: RoundingMode): RoundingMode {
  if (isEmptyCell(value)) return fallback;
  const text =
    typeof value === 'string'
      ? value
          .trim()
          .toLowerCase()
          .replace(/[_\s]+/g, '-')
      : '';
  if ((ROUNDING_MODES as readonly string[]).includes(text)) return text as RoundingMode;
  return problem(
    '#VALUE!',
    `${where}: expected a rounding mode (${ROUNDING_MODES.join(', ')}), got ${describeCell(value)}`,
  );
}

/**
 * Converts an exact decimal to the number a cell holds: rounds it to `decimals` places with `mode` (the
 * one rounding step, declared by the function's parameters), then takes the double nearest to that
 * decimal. A decimal of at most 15 significant digits survives the trip exactly as the cell displays it;
 * a longer one is refused with `#NUM!` instead of being shown wrong.
 * @internal
 */
export function toCellNumber(value: Decimal, decimals: number, mode: RoundingMode, where: string): number {
  const rounded = roundDecimal(value, decimals, mode);
  if (rounded.isZero()) return 0; // never -0 in a cell
  if (rounded.precision(true) > CELL_DIGITS) {
    problem(
      '#NUM!',
      `${where}: ${rounded.toFixed()} has more than ${CELL_DIGITS} significant digits, which a spreadsheet cell cannot hold exactly; use fewer decimals or smaller units`,
    );
  }
  return Number(rounded.toFixed());
}
