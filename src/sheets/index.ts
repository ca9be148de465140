/**
 * openspm in spreadsheets: plain functions over ranges (2-D arrays of numbers, text, booleans, dates and
 * empty cells, with an optional header row), defined once in a registry from which Excel's
 * custom-functions metadata and Google Apps Script's `@customfunction` wrappers are generated.
 * Errors come back as spreadsheet errors with a reason (`#VALUE!`, `#NUM!`, `#N/A`, `#DIV/0!`), and one
 * bad row reports that row. See docs/spreadsheets.md.
 *
 * @module sheets
 */
import { ErrorCode, OpenSpmError } from '../errors';
import { type DecimalInput, Money, type RoundingMode, toDecimal } from '../money/index';
import { appsScriptCodeOf, callDefinitionFromAppsScript } from './apps-script';
import type { SheetArg, SheetResult } from './cells';
import { SheetProblem } from './errors';
import {
  type ExcelCustomFunctionsHost,
  type ExcelFunctionsMetadata,
  excelMetadataOf,
  type RegisterExcelFunctionsOptions,
  registerDefinitions,
} from './excel';
import { REGISTRY } from './functions/index';
import { toCellNumber } from './numbers';
import { runDefinition, type SheetContext, type SheetFunctionDefinition, unknownFunction } from './registry';

export {
  headerKey,
  isEmptyCell,
  type ReadTableOptions,
  readTable,
  type SheetArg,
  type SheetCell,
  type SheetRange,
  type SheetResult,
  type SheetTable,
  type SheetValue,
} from './cells';
export {
  DATE_SYSTEMS,
  type DateSystem,
  dateFromSerial,
  type ReadSheetDateOptions,
  readSheetDate,
  serialFromDate,
} from './dates';
export { isSheetError, type SheetError, type SheetErrorCode, sheetError } from './errors';
export type {
  ExcelCustomFunctionsHost,
  ExcelFunctionMetadata,
  ExcelFunctionsMetadata,
  ExcelParameterMetadata,
  ExcelResultMetadata,
  RegisterExcelFunctionsOptions,
} from './excel';
export {
  defineSheetFunction,
  type SheetArgs,
  type SheetContext,
  type SheetFunctionDefinition,
  type SheetParameter,
  type SheetParameterType,
  type SheetResultShape,
} from './registry';

/**
 * The name of a built-in sheet function (without the `SPM.` namespace).
 *
 * @example
 * ```ts
 * import type { SheetFunctionName } from 'openspm/sheets';
 * const name: SheetFunctionName = 'TIEREDCOMMISSION';
 * ```
 */
export type SheetFunctionName =
  | 'TARGETSPLIT'
  | 'TARGETCALENDAR'
  | 'TIEREDCOMMISSION'
  | 'WORKINGDAYS'
  | 'ADDWORKINGDAYS'
  | 'PERIODKEY'
  | 'ISODATE'
  | 'FUNNEL'
  | 'KPISCORE'
  | 'TARGETDECOMPOSE'
  | 'WARNINGS'
  | 'COMMISSION'
  | 'FXCONVERT'
  | 'SCOPE';

// The compiler keeps the union and the registry in step, both ways: a new definition in the registry
// must be named above, and every name above must be registered.
type RegisteredName = (typeof REGISTRY)[number]['name'];
const namesInStep: [RegisteredName] extends [SheetFunctionName]
  ? [SheetFunctionName] extends [RegisteredName]
    ? true
    : false
  : false = true;
void namesInStep;

/**
 * Every built-in sheet function's definition: the registry the range functions, Excel's metadata and the
 * Apps Script wrappers are generated from. Today: `TARGETSPLIT`, `TARGETCALENDAR`, `TIEREDCOMMISSION`,
 * `WORKINGDAYS`, `ADDWORKINGDAYS`, `PERIODKEY`, `ISODATE`, `FUNNEL`, `KPISCORE`, `TARGETDECOMPOSE`, `WARNINGS`,
 * `COMMISSION`, `FXCONVERT`, `SCOPE`.
 *
 * @example
 * ```ts
 * import { SHEET_FUNCTIONS } from 'openspm/sheets';
 * SHEET_FUNCTIONS.map((f) => f.name);
 * //=> ['TARGETSPLIT', 'TARGETCALENDAR', 'TIEREDCOMMISSION', 'WORKINGDAYS', 'ADDWORKINGDAYS', 'PERIODKEY', 'ISODATE',
 * //    'FUNNEL', 'KPISCORE', 'TARGETDECOMPOSE', 'WARNINGS', 'COMMISSION', 'FXCONVERT', 'SCOPE']
 * ```
 */
export const SHEET_FUNCTIONS: readonly SheetFunctionDefinition<SheetFunctionName>[] = REGISTRY;

const byName = new Map<string, SheetFunctionDefinition>(SHEET_FUNCTIONS.map((f) => [f.name, f]));

function find(name: string): SheetFunctionDefinition | undefined {
  if (typeof name !== 'string') return undefined;
  return byName.get(
    name
      .trim()
      .toUpperCase()
      .replace(/^SPM[._]/, ''),
  );
}

/**
 * Calls a sheet function by name (`'TARGETSPLIT'`, `'SPM.TARGETSPLIT'` or `'SPM_TARGETSPLIT'`) with the
 * arguments as a spreadsheet passes them. Never throws: a failure is a one-cell result holding a
 * {@link SheetError}, and an unknown name is `#NAME?`.
 *
 * @param name - the function's name.
 * @param args - the arguments in parameter order; trailing optional ones may be left out.
 * @param context - how the host passes dates; default Excel's 1900 system and UTC.
 * @example
 * ```ts
 * import { callSheetFunction } from 'openspm/sheets';
 * callSheetFunction('SPM.WORKINGDAYS', ['2024-10-01', '2024-10-31', [['2024-10-01'], ['2024-10-02']]]);
 * //=> [[21]]
 * callSheetFunction('NOPE', []); // [[{ error: '#NAME?', message: 'no sheet function named NOPE; known: …' }]]
 * ```
 */
export function callSheetFunction(
  name: string,
  args: readonly SheetArg[],
  context: SheetContext = {},
): SheetResult {
  const def = find(name);
  if (def === undefined) return unknownFunction(name, [...byName.keys()]);
  return runDefinition(def, args, context);
}

/**
 * Every built-in sheet function as a plain JavaScript function over ranges, reading date serials in
 * Excel's 1900 system (use {@link callSheetFunction} to pass another {@link SheetContext}).
 *
 * @example
 * ```ts
 * import { sheetFunctions } from 'openspm/sheets';
 * sheetFunctions.TARGETSPLIT(100, [[1], [1], [1]]); //=> [[33.34], [33.33], [33.33]]
 * sheetFunctions.TIEREDCOMMISSION([[150000]], [['From', 'Rate'], [0, 0.03], [100000, 0.05]]); //=> [[5500]]
 * sheetFunctions.PERIODKEY([['2024-05-20'], [45366]], 'quarter', 4); //=> [['FY2024-Q1'], ['FY2023-Q4']]
 * ```
 */
export const sheetFunctions: Readonly<Record<SheetFunctionName, (...args: SheetArg[]) => SheetResult>> =
  Object.freeze(
    Object.fromEntries(
      SHEET_FUNCTIONS.map((def) => [def.name, (...args: SheetArg[]) => runDefinition(def, args)]),
    ) as Record<SheetFunctionName, (...args: SheetArg[]) => SheetResult>,
  );

/**
 * Excel's custom-functions metadata for every sheet function: what `npm run build` writes to
 * `dist/excel/functions.json`. The add-in manifest sets the namespace `SPM`, so users type `=SPM.TARGETSPLIT(…)`.
 *
 * @example
 * ```ts
 * import { excelMetadata } from 'openspm/sheets';
 * const { functions } = excelMetadata();
 * functions[0]!.parameters[1]; //=> { name: 'weights', description: '…', type: 'any', dimensionality: 'matrix' }
 * ```
 */
export function excelMetadata(): ExcelFunctionsMetadata {
  return excelMetadataOf(SHEET_FUNCTIONS);
}

/**
 * Registers every sheet function with Excel: call it once from the add-in's functions script, passing
 * Office.js's `CustomFunctions` global. Dates are read in Excel's 1900 system unless `options` says
 * otherwise; error cells become `CustomFunctions.Error`s (see {@link RegisterExcelFunctionsOptions}), and a
 * whole-call failure is thrown as one.
 *
 * @param host - the `CustomFunctions` global.
 * @param options - the date system and time zone, and how errors are shown.
 * @example
 * ```ts
 * import { registerExcelFunctions, type ExcelCustomFunctionsHost } from 'openspm/sheets';
 * declare const CustomFunctions: ExcelCustomFunctionsHost;
 * registerExcelFunctions(CustomFunctions);
 * ```
 */
export function registerExcelFunctions(
  host: ExcelCustomFunctionsHost,
  options: RegisterExcelFunctionsOptions = {},
): void {
  registerDefinitions(SHEET_FUNCTIONS, host, options);
}

/**
 * Calls a sheet function the way a Google Apps Script `@customfunction` wrapper does: numbers in date
 * cells are Google Sheets serials, `Date`s are placed on a day in `timeZone` (the spreadsheet's), and
 * errors become what Sheets can show: a whole-call failure is thrown (`#ERROR!` with the reason as its
 * note, e.g. `"#VALUE! total is required: …"`), and a bad row's cell is the text `"#VALUE! sales row 4: …"`.
 *
 * @param name - the function's name (`'TARGETSPLIT'`).
 * @param args - the arguments as Apps Script passes them (a one-cell reference arrives as its value).
 * @param timeZone - the spreadsheet's IANA time zone; default UTC.
 * @throws Error with the sheet error and its reason when the whole call fails.
 * @example
 * ```ts
 * import { callFromAppsScript } from 'openspm/sheets';
 * callFromAppsScript('TARGETSPLIT', [100, [[1], [1], [1]]]); //=> [[33.34], [33.33], [33.33]]
 * callFromAppsScript('ISODATE', [[[new Date('2024-03-14T16:00:00Z')]]], 'Asia/Shanghai'); //=> [['2024-03-15']]
 * ```
 */
export function callFromAppsScript(
  name: string,
  args: readonly SheetArg[],
  timeZone?: string,
): (string | number | boolean)[][] {
  const def = find(name);
  if (def === undefined) throw new Error(`#NAME? no sheet function named ${String(name)}`);
  return callDefinitionFromAppsScript(def, args, timeZone);
}

/**
 * The text of `Code.gs` for Google Apps Script: one thin `@customfunction` wrapper per sheet function
 * (`SPM_TARGETSPLIT(…)` calling {@link callFromAppsScript}), with its description and parameters as
 * JSDoc for Sheets' autocomplete. `npm run build` writes it to `examples/apps-script/Code.gs`.
 *
 * @example
 * ```ts
 * import { appsScriptCode } from 'openspm/sheets';
 * appsScriptCode().includes('function SPM_TARGETSPLIT(total, weights, decimals) {'); //=> true
 * ```
 */
export function appsScriptCode(): string {
  return appsScriptCodeOf(SHEET_FUNCTIONS);
}

/**
 * Options for {@link cellNumber}.
 *
 * @example
 * ```ts
 * import { cellNumber, type CellNumberOptions } from 'openspm/sheets';
 * const options: CellNumberOptions = { decimals: 0, rounding: 'half-even' };
 * cellNumber('2.5', options); //=> 2
 * ```
 */
export interface CellNumberOptions {
  /** Decimals to round to; default 2. */
  decimals?: number;
  /** How to round; default `'half-up'`. */
  rounding?: RoundingMode;
}

/**
 * The number to put in a spreadsheet cell for an exact amount: rounded once to `decimals` places with an
 * explicit mode, then converted to the nearest double. Every decimal of at most 15 significant digits
 * comes back exactly as the cell displays it; longer ones are refused rather than shown wrong.
 *
 * @param value - an exact amount: decimal text, a number, a decimal or {@link Money}.
 * @param options - decimals and rounding mode.
 * @throws OpenSpmError `OUT_OF_RANGE` when the rounded value has more than 15 significant digits;
 *   `INVALID_AMOUNT` when `value` is not a finite number.
 * @example
 * ```ts
 * import { Money } from 'openspm';
 * import { cellNumber } from 'openspm/sheets';
 * cellNumber(Money.of('426.005', 'CNY')); //=> 426.01
 * cellNumber('426.005', { rounding: 'half-even' }); //=> 426
 * cellNumber('12345678901234.56'); // throws OpenSpmError OUT_OF_RANGE (16 significant digits)
 * ```
 */
export function cellNumber(value: DecimalInput | Money, options: CellNumberOptions = {}): number {
  const d = Money.isMoney(value) ? value.amount : toDecimal(value, { path: ['value'] });
  try {
    return toCellNumber(d, options.decimals ?? 2, options.rounding ?? 'half-up', 'value');
  } catch (error) {
    if (error instanceof SheetProblem)
      throw new OpenSpmError(ErrorCode.OUT_OF_RANGE, error.message, { path: ['value'] });
    throw error;
  }
}
