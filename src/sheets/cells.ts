import { problem, type SheetError } from './errors';

/**
 * What a spreadsheet passes for one cell: a number (dates arrive as serial numbers from Excel), text,
 * a boolean, a `Date` (Google Apps Script passes date cells as `Date`s), or nothing (`null`, `undefined`
 * or `''` for an empty cell; all three are treated alike).
 *
 * @example
 * ```ts
 * import type { SheetCell } from 'openspm/sheets';
 * const row: SheetCell[] = ['D-1', 120000, true, null];
 * ```
 */
export type SheetCell = number | string | boolean | Date | null | undefined;

/**
 * A range as spreadsheets pass it: rows of cells, outermost array first (`range[row][column]`).
 *
 * @example
 * ```ts
 * import type { SheetRange } from 'openspm/sheets';
 * const sales: SheetRange = [['Rep', 'Amount'], ['Li Lei', 120000], ['Han Mei', 80000]];
 * ```
 */
export type SheetRange = readonly (readonly SheetCell[])[];

/**
 * One argument of a sheet function: a range, or a single cell (Google Sheets passes a one-cell reference
 * as the value itself; a range function treats it as a 1×1 range). A one-dimensional array from JavaScript
 * is read as a column.
 *
 * @example
 * ```ts
 * import type { SheetArg } from 'openspm/sheets';
 * const args: SheetArg[] = [1200000, [[1], [2], [3]]];
 * ```
 */
export type SheetArg = SheetCell | SheetRange | readonly SheetCell[];

/**
 * One cell of a result: a number, text, a boolean, or a {@link SheetError}. Empty result cells are `''`.
 *
 * @example
 * ```ts
 * import type { SheetValue } from 'openspm/sheets';
 * const cells: SheetValue[] = ['FY2024-Q1', 3000000, { error: '#VALUE!', message: 'dates row 3: …' }];
 * ```
 */
export type SheetValue = number | string | boolean | SheetError;

/**
 * What every sheet function returns: a range of {@link SheetValue}s, `result[row][column]`, at least 1×1.
 * When the whole call fails it is one error cell; when one input row is bad only that row's cells are errors.
 *
 * @example
 * ```ts
 * import { sheetFunctions, type SheetResult } from 'openspm/sheets';
 * const result: SheetResult = sheetFunctions.TARGETSPLIT(100, [[1], [1], [1]]);
 * result; //=> [[33.34], [33.33], [33.33]]
 * ```
 */
export type SheetResult = SheetValue[][];

/**
 * True for an empty cell: `null`, `undefined`, or text that is empty or only spaces.
 *
 * @example
 * ```ts
 * import { isEmptyCell } from 'openspm/sheets';
 * isEmptyCell(''); //=> true
 * isEmptyCell(0); //=> false
 * ```
 */
export function isEmptyCell(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** Normalises an argument to rows of cells. Omitted → []. @internal */
export function toRange(arg: unknown): SheetCell[][] {
  if (arg === undefined || arg === null) return [];
  if (Array.isArray(arg)) {
    if (arg.length === 0) return [];
    if (arg.every((row) => Array.isArray(row))) return arg.map((row) => [...(row as SheetCell[])]);
    return arg.map((cell) => [cell as SheetCell]);
  }
  return [[arg as SheetCell]];
}

/** "a 3×2 range" for messages. @internal */
export function describeShape(range: SheetRange): string {
  const cols = range.reduce((m, row) => Math.max(m, row.length), 0);
  return `a ${range.length}×${cols} range`;
}

/** Describes a cell's value for a message: `"abc"`, `the number 5`, `an empty cell`. @internal */
export function describeCell(value: unknown): string {
  if (isEmptyCell(value)) return 'an empty cell';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return 'a date';
  if (Array.isArray(value)) return 'a range';
  return `a ${typeof value}`;
}

/**
 * Normalises a header for lookup: lower case, with spaces, underscores, hyphens and dots removed, so
 * `'Working days'`, `'working_days'` and `'WorkingDays'` all name the same column.
 *
 * @example
 * ```ts
 * import { headerKey } from 'openspm/sheets';
 * headerKey('Working days'); //=> 'workingdays'
 * headerKey(' Sales_Amount '); //=> 'salesamount'
 * ```
 */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]+/g, '');
}

/**
 * Options for {@link readTable}.
 *
 * @example
 * ```ts
 * import { readTable, type ReadTableOptions } from 'openspm/sheets';
 * const options: ReadTableOptions = { header: true, name: 'sales' };
 * readTable([['Rep', 'Amount'], ['Li', 5]], options).rows; //=> [['Li', 5]]
 * ```
 */
export interface ReadTableOptions {
  /**
   * Whether the first row names the columns: `true`, `false`, or `'auto'` (default): a header when every
   * cell of the first row is non-empty text that does not read as a number or a date.
   */
  header?: boolean | 'auto';
  /** The argument's name, for messages (`'sales row 4: …'`); default `'range'`. */
  name?: string;
}

/**
 * A range read as a table: its header (if any) and its data rows, with column lookup by header name.
 * Made by {@link readTable}.
 *
 * @example
 * ```ts
 * import { readTable, type SheetTable } from 'openspm/sheets';
 * const table: SheetTable = readTable([['Rep', 'Amount'], ['Li', 5]]);
 * table.columnIndex(['amount', 'sales']); //=> 1
 * ```
 */
export interface SheetTable {
  /** The argument's name, for messages. */
  readonly name: string;
  /** The header row's names as written, or `undefined` when the range has no header. */
  readonly header: readonly string[] | undefined;
  /** The data rows (the header excluded), each padded to the widest row with `null`. */
  readonly rows: readonly (readonly SheetCell[])[];
  /** The number of columns (the widest row). */
  readonly width: number;
  /**
   * The index of the first column whose header matches one of `names` (compared with {@link headerKey}),
   * or `undefined` when there is no header or none matches.
   */
  columnIndex(names: readonly string[]): number | undefined;
  /** `'sales row 4'`: where data row `index` (0-based) sits in the range as the user sees it (1-based, header counted). */
  where(index: number): string;
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}/;

function looksLikeHeader(row: readonly SheetCell[]): boolean {
  if (row.length === 0) return false;
  return row.every(
    (cell) =>
      typeof cell === 'string' &&
      cell.trim() !== '' &&
      !NUMBER_TEXT.test(cell.trim()) &&
      !DATE_TEXT.test(cell.trim()),
  );
}

/**
 * Reads a range as a table with an optional header row naming its columns.
 *
 * @param range - the range (or a single cell).
 * @param options - header detection and the range's name for messages.
 * @example
 * ```ts
 * import { readTable } from 'openspm/sheets';
 * const table = readTable([['Rep', 'Sales amount'], ['Li Lei', 120000], ['Han Mei', 80000]], { name: 'sales' });
 * table.header; //=> ['Rep', 'Sales amount']
 * table.columnIndex(['amount', 'salesamount']); //=> 1
 * table.where(1); //=> 'sales row 3'
 * readTable([[0, 0.03], [100000, 0.05]]).header; //=> undefined
 * ```
 */
export function readTable(range: SheetArg, options: ReadTableOptions = {}): SheetTable {
  const all = toRange(range);
  const name = options.name ?? 'range';
  const width = all.reduce((m, row) => Math.max(m, row.length), 0);
  const first = all[0];
  const hasHeader =
    first !== undefined && (options.header === 'auto' || options.header === undefined)
      ? looksLikeHeader(first)
      : options.header === true && first !== undefined;
  const header = hasHeader ? first!.map((c) => String(c ?? '').trim()) : undefined;
  const offset = hasHeader ? 2 : 1;
  const rows = (hasHeader ? all.slice(1) : all).map((row) =>
    row.length < width ? [...row, ...new Array<SheetCell>(width - row.length).fill(null)] : row,
  );
  const keys = header?.map(headerKey);
  return {
    name,
    header,
    rows,
    width,
    columnIndex(names) {
      if (!keys) return undefined;
      for (const n of names) {
        const i = keys.indexOf(headerKey(n));
        if (i >= 0) return i;
      }
      return undefined;
    },
    where: (index) => `${name} row ${index + offset}`,
  };
}

/**
 * A one-dimensional range (one column or one row), with where each value sits, and a way to return
 * values in the same shape. @internal
 */
export interface SheetVector {
  readonly values: readonly SheetCell[];
  readonly orientation: 'column' | 'row';
  /** Header text when the first cell was a header; it is not in `values`. */
  readonly header: string | undefined;
  where(index: number): string;
  /** Lays values out like the input (a column stays a column), with `header` first when there was one. */
  shape(values: readonly SheetValue[], header?: string): SheetResult;
}

/** Reads a one-column or one-row range; a 2-D range is an error naming the argument. @internal */
export function readVector(arg: SheetArg, name: string): SheetVector {
  const range = toRange(arg);
  const width = range.reduce((m, row) => Math.max(m, row.length), 0);
  if (range.length === 0 || width === 0)
    problem('#VALUE!', `${name}: is empty; select a column or a row of cells`);
  if (range.length > 1 && width > 1) {
    problem('#VALUE!', `${name}: expected one column or one row, got ${describeShape(range)}`);
  }
  const orientation = range.length === 1 && width > 1 ? 'row' : 'column';
  let values = orientation === 'row' ? [...range[0]!] : range.map((row) => row[0]);
  let header: string | undefined;
  const first = values[0];
  if (values.length > 1 && typeof first === 'string' && looksLikeHeader([first])) {
    header = first.trim();
    values = values.slice(1);
  }
  const offset = header === undefined ? 1 : 2;
  return {
    values,
    orientation,
    header,
    where: (index) => `${name} ${orientation === 'row' ? 'column' : 'row'} ${index + offset}`,
    shape(out, outHeader) {
      const all: SheetValue[] = header === undefined ? [...out] : [outHeader ?? header, ...out];
      return orientation === 'row' ? [all] : all.map((v) => [v]);
    },
  };
}

/** Where cell (r, c) of a range sits, for messages: `dates row 3`, `dates column 2`, `dates row 3 column 2`. @internal */
export function cellWhere(name: string, range: SheetRange, r: number, c: number): string {
  const cols = range.reduce((m, row) => Math.max(m, row.length), 0);
  if (cols === 1) return `${name} row ${r + 1}`;
  if (range.length === 1) return `${name} column ${c + 1}`;
  return `${name} row ${r + 1} column ${c + 1}`;
}

/**
 * Maps every cell of a range to a result cell, keeping its shape. Empty cells give `''`; a cell whose
 * `fn` throws gives its own error cell, so one bad row never hides the others. @internal
 */
export function mapCells(
  name: string,
  range: SheetRange,
  fn: (cell: SheetCell, where: string) => SheetValue,
  toError: (thrown: unknown) => SheetValue,
): SheetResult {
  return range.map((row, r) =>
    row.map((cell, c) => {
      if (isEmptyCell(cell)) return '';
      try {
        return fn(cell, cellWhere(name, range, r, c));
      } catch (error) {
        return toError(error);
      }
    }),
  );
}

/**
 * Maps pairs of cells from two ranges of the same shape (or one range and a single cell used for every
 * row) to result cells. A pair of empty cells, or an empty cell beside the single cell, gives `''`; a pair
 * whose `fn` throws gives its own error cell. @internal
 */
export function mapPairs(
  aName: string,
  a: SheetRange,
  bName: string,
  b: SheetRange,
  fn: (aCell: SheetCell, aWhere: string, bCell: SheetCell, bWhere: string) => SheetValue,
  toError: (thrown: unknown) => SheetValue,
): SheetResult {
  const single = (r: SheetRange) => r.length === 1 && r[0]!.length === 1;
  const sameShape = a.length === b.length && a.every((row, i) => row.length === b[i]!.length);
  if (!sameShape && !single(a) && !single(b)) {
    problem(
      '#VALUE!',
      `${aName} and ${bName} must be the same size, got ${describeShape(a)} and ${describeShape(b)}`,
    );
  }
  const aOne = single(a);
  const bOne = single(b);
  return (aOne ? b : a).map((row, r) =>
    row.map((_, c): SheetValue => {
      const x = aOne ? a[0]![0] : a[r]![c];
      const y = bOne ? b[0]![0] : b[r]![c];
      const xEmpty = isEmptyCell(x);
      const yEmpty = isEmptyCell(y);
      if ((xEmpty && (yEmpty || (bOne && !aOne))) || (yEmpty && aOne && !bOne)) return '';
      try {
        return fn(
          x,
          cellWhere(aName, a, aOne ? 0 : r, aOne ? 0 : c),
          y,
          cellWhere(bName, b, bOne ? 0 : r, bOne ? 0 : c),
        );
      } catch (error) {
        return toError(error);
      }
    }),
  );
}
