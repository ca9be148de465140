import { ErrorCode, type ErrorCodeValue, formatPath, OpenSpmError } from '../errors';

/**
 * The spreadsheet error values openspm returns, as Excel and Google Sheets write them:
 * - `#VALUE!`: a cell holds the wrong kind of value (text where a number is needed, a date that does not exist);
 * - `#NUM!`: a number is out of range (a negative weight, an amount too large to show exactly in a cell);
 * - `#N/A`: something looked up is missing (an unknown column header, an unknown function);
 * - `#DIV/0!`: a share of nothing was asked for (every weight zero, no working days);
 * - `#REF!`, `#NAME?`, `#NULL!`: reserved for the hosts' own meanings.
 *
 * @example
 * ```ts
 * import type { SheetErrorCode } from 'openspm/sheets';
 * const code: SheetErrorCode = '#VALUE!';
 * ```
 */
export type SheetErrorCode = '#VALUE!' | '#NUM!' | '#N/A' | '#DIV/0!' | '#REF!' | '#NAME?' | '#NULL!';

/**
 * An error in a result cell: the spreadsheet error value and the reason, written for the person who typed
 * the formula (Excel shows it in the cell's tooltip; Google Sheets in the `#ERROR!` note). A plain object,
 * so it crosses any host boundary; the host glue ({@link registerExcelFunctions},
 * {@link callFromAppsScript}) turns it into the host's own error.
 *
 * @example
 * ```ts
 * import { sheetFunctions, type SheetError } from 'openspm/sheets';
 * const [[cell]] = sheetFunctions.TARGETSPLIT(100, [[1], [-1]]);
 * (cell as SheetError).error; //=> '#NUM!'
 * (cell as SheetError).message; //=> 'weights row 2: a weight cannot be negative, got -1'
 * ```
 */
export interface SheetError {
  /** The spreadsheet error value. */
  readonly error: SheetErrorCode;
  /** Why, and what to change; starts with the argument and row when one cell is at fault. */
  readonly message: string;
}

/**
 * Makes a {@link SheetError}.
 *
 * @example
 * ```ts
 * import { sheetError } from 'openspm/sheets';
 * sheetError('#N/A', 'no column named "Amount"'); //=> { error: '#N/A', message: 'no column named "Amount"' }
 * ```
 */
export function sheetError(error: SheetErrorCode, message: string): SheetError {
  return { error, message };
}

/**
 * True for a {@link SheetError} cell.
 *
 * @example
 * ```ts
 * import { isSheetError } from 'openspm/sheets';
 * isSheetError({ error: '#VALUE!', message: 'bad' }); //=> true
 * isSheetError('#VALUE!'); //=> false (text, not an error)
 * ```
 */
export function isSheetError(value: unknown): value is SheetError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { error?: unknown; message?: unknown };
  return typeof v.error === 'string' && v.error.startsWith('#') && typeof v.message === 'string';
}

/** A problem with one argument or one cell, thrown inside a sheet function and caught by its runner. @internal */
export class SheetProblem extends Error {
  readonly error: SheetErrorCode;
  constructor(error: SheetErrorCode, message: string) {
    super(message);
    this.name = 'SheetProblem';
    this.error = error;
  }
}

/** Throws a {@link SheetProblem}. @internal */
export function problem(error: SheetErrorCode, message: string): never {
  throw new SheetProblem(error, message);
}

const BY_CODE: Partial<Record<ErrorCodeValue, SheetErrorCode>> = {
  [ErrorCode.OUT_OF_RANGE]: '#NUM!',
  [ErrorCode.INVALID_WEIGHTS]: '#NUM!',
  [ErrorCode.NOT_IN_MINOR_UNITS]: '#NUM!',
  [ErrorCode.INEXACT_NUMBER]: '#NUM!',
  [ErrorCode.DIVISION_BY_ZERO]: '#DIV/0!',
  [ErrorCode.UNKNOWN_REFERENCE]: '#N/A',
};

/**
 * The sheet error for anything thrown while computing a cell: an openspm problem keeps its reason, an
 * {@link OpenSpmError} is mapped by its code (`OUT_OF_RANGE`/`INVALID_WEIGHTS` → `#NUM!`,
 * `DIVISION_BY_ZERO` → `#DIV/0!`, `UNKNOWN_REFERENCE` → `#N/A`, anything else → `#VALUE!`), with its path
 * read as `where` + path. Anything else is a bug: it becomes `#VALUE!` saying so, never a raw JS message.
 * @internal
 */
export function toSheetError(thrown: unknown, where = ''): SheetError {
  const prefix = where ? `${where}: ` : '';
  if (thrown instanceof SheetProblem) return sheetError(thrown.error, prefix + thrown.message);
  if (thrown instanceof OpenSpmError) {
    const code = BY_CODE[thrown.code] ?? '#VALUE!';
    const first = thrown.issues[0];
    const path = first ? formatPath(first.path) : '';
    // Issue messages start with their path already; keep the first one and say how many more there are.
    let text = first ? first.message : thrown.message;
    if (path && !text.startsWith(path)) text = `${path}: ${text}`;
    if (thrown.issues.length > 1) text += ` (and ${thrown.issues.length - 1} more problems)`;
    return sheetError(code, prefix + text);
  }
  const name = thrown instanceof Error ? thrown.name : typeof thrown;
  return sheetError(
    '#VALUE!',
    `${prefix}openspm failed unexpectedly (${name}); this is a bug, please report it with the formula's inputs`,
  );
}
