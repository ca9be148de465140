import type { SheetArg, SheetResult } from './cells';
import { isSheetError, type SheetError, type SheetErrorCode } from './errors';
import {
  runDefinition,
  type SheetContext,
  type SheetFunctionDefinition,
  type SheetParameterType,
} from './registry';

/**
 * One parameter in Excel's custom-functions metadata (`functions.json`).
 *
 * @example
 * ```ts
 * import type { ExcelParameterMetadata } from 'openspm/sheets';
 * const p: ExcelParameterMetadata = { name: 'weights', description: 'Weights.', type: 'any', dimensionality: 'matrix' };
 * ```
 */
export interface ExcelParameterMetadata {
  /** The parameter's name, shown in Excel's formula tooltip. */
  name: string;
  /** What to pass, shown in the function wizard. */
  description: string;
  /** The value type Excel passes: `'number'`, `'string'`, `'boolean'` or `'any'`. */
  type: 'number' | 'string' | 'boolean' | 'any';
  /** `'matrix'` for a range, `'scalar'` for one cell. */
  dimensionality: 'scalar' | 'matrix';
  /** Present and `true` when the parameter may be left out. */
  optional?: boolean;
}

/**
 * One function in Excel's custom-functions metadata.
 *
 * @example
 * ```ts
 * import { excelMetadata, type ExcelFunctionMetadata } from 'openspm/sheets';
 * const f: ExcelFunctionMetadata = excelMetadata().functions[0]!;
 * f.id; //=> 'TARGETSPLIT'
 * ```
 */
export interface ExcelFunctionMetadata {
  /** The id `CustomFunctions.associate` binds the JavaScript function to. */
  id: string;
  /** The name users type after the add-in's namespace: `SPM.TARGETSPLIT`. */
  name: string;
  /** One sentence for the function wizard. */
  description: string;
  /** The parameters, in order. */
  parameters: ExcelParameterMetadata[];
  /** Every openspm sheet function returns a range (which may be a single cell). */
  result: ExcelResultMetadata;
}

/**
 * The result entry of an {@link ExcelFunctionMetadata}.
 *
 * @example
 * ```ts
 * import type { ExcelResultMetadata } from 'openspm/sheets';
 * const result: ExcelResultMetadata = { type: 'any', dimensionality: 'matrix' };
 * ```
 */
export interface ExcelResultMetadata {
  /** Any cell values: numbers, text, booleans and error cells. */
  type: 'any';
  /** A range: the result spills into neighbouring cells. */
  dimensionality: 'matrix';
}

/**
 * Excel's custom-functions metadata: the content of `functions.json`, which the add-in manifest points to
 * (with the namespace `SPM` set in the manifest).
 *
 * @example
 * ```ts
 * import { excelMetadata, type ExcelFunctionsMetadata } from 'openspm/sheets';
 * const metadata: ExcelFunctionsMetadata = excelMetadata();
 * ```
 */
export interface ExcelFunctionsMetadata {
  /** One entry per sheet function. */
  functions: ExcelFunctionMetadata[];
}

const EXCEL_TYPES: Record<SheetParameterType, Pick<ExcelParameterMetadata, 'type' | 'dimensionality'>> = {
  range: { type: 'any', dimensionality: 'matrix' },
  number: { type: 'number', dimensionality: 'scalar' },
  text: { type: 'string', dimensionality: 'scalar' },
  boolean: { type: 'boolean', dimensionality: 'scalar' },
  date: { type: 'any', dimensionality: 'scalar' },
};

/** The metadata of some definitions. @internal */
export function excelMetadataOf(definitions: readonly SheetFunctionDefinition[]): ExcelFunctionsMetadata {
  return {
    functions: definitions.map((def) => ({
      id: def.name,
      name: def.name,
      description: def.description,
      parameters: def.parameters.map((p) => ({
        name: p.name,
        description: p.description,
        ...EXCEL_TYPES[p.type],
        ...(p.optional ? { optional: true } : {}),
      })),
      result: { type: 'any', dimensionality: 'matrix' },
    })),
  };
}

/**
 * The part of Office.js's `CustomFunctions` global that {@link registerExcelFunctions} uses; pass the
 * global itself.
 *
 * @example
 * ```ts
 * import type { ExcelCustomFunctionsHost } from 'openspm/sheets';
 * declare const CustomFunctions: ExcelCustomFunctionsHost;
 * ```
 */
export interface ExcelCustomFunctionsHost {
  /** Binds a metadata id to a JavaScript function. */
  associate(id: string, fn: (...args: unknown[]) => unknown): void;
  /** Office.js's error class: `new CustomFunctions.Error(code, message)`. */
  Error: {
    /** An error cell: the code (`'#VALUE!'`, Office.js's `CustomFunctions.ErrorCode`) and an optional message. */
    // biome-ignore lint/suspicious/noExplicitAny: Office.js types the code as its own string enum.
    new (code: any, message?: string): unknown;
  };
}

/**
 * Options for {@link registerExcelFunctions}.
 *
 * @example
 * ```ts
 * import type { RegisterExcelFunctionsOptions } from 'openspm/sheets';
 * const options: RegisterExcelFunctionsOptions = { dateSystem: 'excel1904' };
 * ```
 */
export interface RegisterExcelFunctionsOptions extends SheetContext {
  /**
   * Excel shows a custom message only for `#VALUE!` and `#N/A`. By default openspm therefore returns its
   * `#NUM!` and `#DIV/0!` errors as `#VALUE!` with the original code at the start of the message
   * (`"#NUM! weights row 2: …"`), so the reason is never lost. `true` keeps the codes, without a message.
   */
  keepErrorCodes?: boolean;
}

const WITH_MESSAGE: ReadonlySet<SheetErrorCode> = new Set(['#VALUE!', '#N/A']);
// #NAME? and #REF! are input-only errors in Excel: a custom function cannot return them.
const OUTPUT_CODES: ReadonlySet<SheetErrorCode> = new Set(['#VALUE!', '#N/A', '#NUM!', '#DIV/0!', '#NULL!']);

/** Converts a result for Excel: error cells become `CustomFunctions.Error`s. @internal */
export function toExcelResult(
  result: SheetResult,
  host: ExcelCustomFunctionsHost,
  keepErrorCodes = false,
): unknown[][] {
  const convert = (e: SheetError) => {
    if (WITH_MESSAGE.has(e.error)) return new host.Error(e.error, e.message);
    if (keepErrorCodes && OUTPUT_CODES.has(e.error)) return new host.Error(e.error);
    return new host.Error('#VALUE!', `${e.error} ${e.message}`);
  };
  const only = result.length === 1 && result[0]!.length === 1 ? result[0]![0] : undefined;
  // A whole-call failure is thrown, as Office.js recommends; row errors stay in their cells.
  if (isSheetError(only)) throw convert(only);
  return result.map((row) => row.map((cell) => (isSheetError(cell) ? convert(cell) : cell)));
}

/** Registers definitions with `CustomFunctions.associate`. @internal */
export function registerDefinitions(
  definitions: readonly SheetFunctionDefinition[],
  host: ExcelCustomFunctionsHost,
  options: RegisterExcelFunctionsOptions,
): void {
  const { keepErrorCodes, ...context } = options;
  for (const def of definitions) {
    host.associate(def.name, (...args: unknown[]) =>
      // Excel may append an invocation object: only the declared parameters are passed on.
      toExcelResult(
        runDefinition(def, args.slice(0, def.parameters.length) as SheetArg[], {
          dateSystem: 'excel1900',
          ...context,
        }),
        host,
        keepErrorCodes,
      ),
    );
  }
}
