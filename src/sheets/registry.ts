import {
  describeShape,
  isEmptyCell,
  type SheetArg,
  type SheetCell,
  type SheetResult,
  toRange,
} from './cells';
import type { DateSystem } from './dates';
import { problem, sheetError, toSheetError } from './errors';

/**
 * What a parameter takes, which decides how hosts declare it (Excel's metadata `type`/`dimensionality`,
 * the Apps Script JSDoc type) and how the runner checks it:
 * - `'range'`: a range or a single cell (Excel `any` matrix);
 * - `'number'`, `'text'`, `'boolean'`: one cell of that kind (Excel `number`/`string`/`boolean` scalar);
 * - `'date'`: one date cell: a serial number, ISO text or a `Date` (Excel `any` scalar).
 *
 * @example
 * ```ts
 * import type { SheetParameterType } from 'openspm/sheets';
 * const type: SheetParameterType = 'range';
 * ```
 */
export type SheetParameterType = 'range' | 'number' | 'text' | 'boolean' | 'date';

/**
 * One parameter of a sheet function, as the function wizard and the metadata show it.
 *
 * @example
 * ```ts
 * import type { SheetParameter } from 'openspm/sheets';
 * const p: SheetParameter = { name: 'decimals', type: 'number', optional: true, description: 'Decimals of each part; default 2.' };
 * ```
 */
export interface SheetParameter {
  /** The name shown in the formula tooltip, camelCase (`makeupDays`). */
  readonly name: string;
  /** What to pass, with the default when optional: shown in the function wizard. */
  readonly description: string;
  /** What kind of argument it is. */
  readonly type: SheetParameterType;
  /** May be left out (only after every required parameter). */
  readonly optional?: boolean;
}

/**
 * The shape of a sheet function's result, for the docs and the metadata.
 *
 * @example
 * ```ts
 * import type { SheetResultShape } from 'openspm/sheets';
 * const shape: SheetResultShape = { description: 'One target per weight, in the same shape.', columns: ['Target'] };
 * ```
 */
export interface SheetResultShape {
  /** What comes back, and in what shape. */
  readonly description: string;
  /** The header row the result starts with, when it has one. */
  readonly columns?: readonly string[];
}

/**
 * How the host passes dates; a sheet function reads every date cell with it.
 *
 * @example
 * ```ts
 * import { callSheetFunction, type SheetContext } from 'openspm/sheets';
 * const context: SheetContext = { dateSystem: 'sheets', timeZone: 'Asia/Shanghai' };
 * callSheetFunction('ISODATE', [[45366]], context); //=> [['2024-03-15']]
 * ```
 */
export interface SheetContext {
  /** The date system of serial numbers in date cells; default `'excel1900'`. */
  dateSystem?: DateSystem;
  /** The IANA time zone placing `Date` cells and ISO date-times on a day; default `'UTC'`. */
  timeZone?: string;
}

/**
 * The arguments a sheet function's `run` receives, checked against its parameters: ranges are always
 * rows of cells (a single cell becomes 1×1, an omitted range is empty), and single-cell parameters are
 * the cell's value (`undefined` when omitted or empty).
 *
 * @example
 * ```ts
 * import type { SheetArgs } from 'openspm/sheets';
 * const total = (args: SheetArgs) => args.cell('total');
 * ```
 */
export interface SheetArgs {
  /** The range passed for a `'range'` parameter; `[]` when it was left out. */
  range(name: string): SheetCell[][];
  /** The value of a single-cell parameter; `undefined` when it was left out or the cell is empty. */
  cell(name: string): SheetCell;
  /** How the host passes dates (defaults filled in). */
  readonly context: Readonly<Required<SheetContext>>;
}

/**
 * A sheet function: its name (without the `SPM.` namespace), description, parameters and result shape —
 * from which the range function, Excel's custom-functions metadata and the Apps Script wrapper are all
 * generated — and the `run` that computes it. Make one with {@link defineSheetFunction}.
 *
 * @example
 * ```ts
 * import { SHEET_FUNCTIONS, type SheetFunctionDefinition } from 'openspm/sheets';
 * const first: SheetFunctionDefinition = SHEET_FUNCTIONS[0];
 * first.name; //=> 'TARGETSPLIT'
 * ```
 */
export interface SheetFunctionDefinition<N extends string = string> {
  /** Upper-case name: `TARGETSPLIT` is `=SPM.TARGETSPLIT(…)` in Excel and `=SPM_TARGETSPLIT(…)` in Google Sheets. */
  readonly name: N;
  /** One sentence for the function wizard and autocomplete. */
  readonly description: string;
  /** The parameters, required ones first. */
  readonly parameters: readonly SheetParameter[];
  /** What comes back. */
  readonly result: SheetResultShape;
  /** A formula showing a typical call, for the docs. */
  readonly example: string;
  /** Computes the result; may throw (the runner turns anything thrown into a sheet error). */
  run(args: SheetArgs): SheetResult;
}

const NAME = /^[A-Z][A-Z0-9]*$/;
const PARAM = /^[a-z][A-Za-z0-9]*$/;

/**
 * Declares a sheet function, checking its definition (an upper-case name, camelCase parameter names,
 * required parameters before optional ones). Adding a function to openspm's spreadsheets is one such
 * definition in `src/sheets/functions/` plus one entry in the registry list.
 *
 * @param definition - the function's name, description, parameters, result shape, example and `run`.
 * @throws Error when the definition itself is malformed (a programming error, at load time).
 * @example
 * ```ts
 * import { callSheetFunction, defineSheetFunction } from 'openspm/sheets';
 * const double = defineSheetFunction({
 *   name: 'DOUBLE',
 *   description: 'Doubles a number.',
 *   parameters: [{ name: 'value', type: 'number', description: 'The number to double.' }],
 *   result: { description: 'One cell: twice the value.' },
 *   example: '=SPM.DOUBLE(21)',
 *   run: (args) => [[Number(args.cell('value')) * 2]],
 * });
 * double.name; //=> 'DOUBLE'
 * ```
 */
export function defineSheetFunction<const N extends string>(
  definition: SheetFunctionDefinition<N>,
): SheetFunctionDefinition<N> {
  const { name, parameters } = definition;
  if (!NAME.test(name)) throw new Error(`sheet function name must be upper-case letters and digits: ${name}`);
  let optionalSeen = false;
  const seen = new Set<string>();
  for (const p of parameters) {
    if (!PARAM.test(p.name)) throw new Error(`${name}: parameter name must be camelCase: ${p.name}`);
    if (seen.has(p.name)) throw new Error(`${name}: duplicate parameter ${p.name}`);
    seen.add(p.name);
    if (optionalSeen && !p.optional)
      throw new Error(`${name}: required parameter ${p.name} after an optional one`);
    optionalSeen ||= p.optional === true;
  }
  return Object.freeze({ ...definition, parameters: Object.freeze([...parameters]) });
}

function checkArgs(def: SheetFunctionDefinition, raw: readonly SheetArg[], context: SheetContext): SheetArgs {
  const params = def.parameters;
  // Hosts pad with undefined (Apps Script) or null (Excel) for omitted trailing arguments.
  let count = raw.length;
  while (count > 0 && (raw[count - 1] === undefined || raw[count - 1] === null)) count--;
  if (count > params.length) {
    problem('#VALUE!', `SPM.${def.name} takes at most ${params.length} arguments, got ${count}`);
  }
  const ranges = new Map<string, SheetCell[][]>();
  const cells = new Map<string, SheetCell>();
  params.forEach((p, i) => {
    const arg = raw[i];
    const range = toRange(arg);
    const empty = range.length === 0 || range.every((row) => row.every(isEmptyCell));
    if (empty && !p.optional) {
      problem('#VALUE!', `${p.name} is required: ${p.description}`);
    }
    if (p.type === 'range') {
      ranges.set(p.name, empty ? [] : range);
      return;
    }
    if (range.length > 1 || (range[0]?.length ?? 0) > 1) {
      problem('#VALUE!', `${p.name}: expected one cell, got ${describeShape(range)}`);
    }
    const value = range[0]?.[0];
    cells.set(p.name, isEmptyCell(value) ? undefined : value);
  });
  const known = (name: string) => {
    if (!params.some((p) => p.name === name)) throw new Error(`SPM.${def.name} has no parameter ${name}`);
  };
  return {
    range: (name) => {
      known(name);
      return ranges.get(name) ?? [];
    },
    cell: (name) => {
      known(name);
      return cells.get(name);
    },
    context: Object.freeze({
      dateSystem: context.dateSystem ?? 'excel1900',
      timeZone: context.timeZone ?? 'UTC',
    }),
  };
}

/**
 * Runs a definition on the arguments a host passed: checks them against its parameters, computes, and
 * turns anything thrown into one error cell (never a JavaScript exception text). @internal
 */
export function runDefinition(
  def: SheetFunctionDefinition,
  raw: readonly SheetArg[],
  context: SheetContext = {},
): SheetResult {
  try {
    const result = def.run(checkArgs(def, raw, context));
    return result.length === 0 || result.every((row) => row.length === 0) ? [['']] : result;
  } catch (error) {
    return [[toSheetError(error)]];
  }
}

/** One error cell naming an unknown function. @internal */
export function unknownFunction(name: unknown, known: readonly string[]): SheetResult {
  return [[sheetError('#NAME?', `no sheet function named ${String(name)}; known: ${known.join(', ')}`)]];
}
