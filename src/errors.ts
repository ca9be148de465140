import type { z } from 'zod';

/**
 * Every error code openspm throws, with what it means. Codes are stable across versions: match on
 * `error.code`, never on the message text (messages are written for people and may improve).
 *
 * @example
 * ```ts
 * import { ErrorCode } from 'openspm';
 * ErrorCode.CURRENCY_MISMATCH; //=> 'CURRENCY_MISMATCH'
 * ```
 */
export const ErrorCode = {
  /** Input did not match the expected shape (wrong type, missing field, value out of range). */
  INVALID_INPUT: 'INVALID_INPUT',
  /** A dataset failed validation; `issues` lists every violation found, each with its path. */
  INVALID_DATASET: 'INVALID_DATASET',
  /** A record refers to an id that does not exist (an unknown stage, deal, rep, team or account). */
  UNKNOWN_REFERENCE: 'UNKNOWN_REFERENCE',
  /** Two records in one collection share an id. */
  DUPLICATE_ID: 'DUPLICATE_ID',
  /** Stage changes of a deal are not in time order, or do not follow on from each other. */
  STAGE_HISTORY_ORDER: 'STAGE_HISTORY_ORDER',
  /** A team hierarchy contains a cycle (a team is its own ancestor). */
  HIERARCHY_CYCLE: 'HIERARCHY_CYCLE',
  /** An amount is not a finite decimal number (NaN, Infinity, empty text, or not a number at all). */
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  /** Strict parsing was asked for and a JavaScript number is not exactly the decimal it looks like. */
  INEXACT_NUMBER: 'INEXACT_NUMBER',
  /** A currency code is not three capital letters (ISO 4217 style). */
  INVALID_CURRENCY: 'INVALID_CURRENCY',
  /** Amounts in different currencies were combined. */
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  /** An amount has more decimals than its currency's minor unit where whole minor units are required. */
  NOT_IN_MINOR_UNITS: 'NOT_IN_MINOR_UNITS',
  /** Allocation weights are negative, not finite, or all zero. */
  INVALID_WEIGHTS: 'INVALID_WEIGHTS',
  /** A division by zero was asked for. */
  DIVISION_BY_ZERO: 'DIVISION_BY_ZERO',
  /** A date or date-time could not be read, or does not exist on the calendar. */
  INVALID_DATE: 'INVALID_DATE',
  /** A period key, kind or range is invalid (for example `FY2024-Q5`, or an end before its start). */
  INVALID_PERIOD: 'INVALID_PERIOD',
  /** A calendar definition is invalid (fiscal start month, weekend days, time zone). */
  INVALID_CALENDAR: 'INVALID_CALENDAR',
  /** A number is outside the range openspm can handle exactly. */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /** A target distribution (percent per period) does not total 100 within its tolerance, or misses periods. */
  INVALID_DISTRIBUTION: 'INVALID_DISTRIBUTION',
  /** Target constraints cannot all hold: locked amounts above the total, minimums above it, maximums below it. */
  INFEASIBLE_TARGET: 'INFEASIBLE_TARGET',
  /** Funnel aggregates computed with different definitions, stages or currencies were merged. */
  INCOMPATIBLE_AGGREGATES: 'INCOMPATIBLE_AGGREGATES',
  /** The weights at one level of a scorecard (dimensions, or the KPIs of one dimension) do not total exactly 100. */
  WEIGHTS_NOT_100: 'WEIGHTS_NOT_100',
  /** A scorecard or weight profile gives a group of dimensions less weight than its minimum-weight rule asks. */
  MINIMUM_WEIGHT_NOT_MET: 'MINIMUM_WEIGHT_NOT_MET',
  /** A KPI value (or the target it needs) is missing and the KPI's policy is `'error'`. */
  MISSING_KPI_VALUE: 'MISSING_KPI_VALUE',
  /** A KPI names a metric that is neither built in nor registered in the options. */
  UNKNOWN_METRIC: 'UNKNOWN_METRIC',
  /** A stale write: a plan or target was changed by someone else since it was read (its version moved on). */
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** A stored row could not be read back as a model; the message names the table and the row's key. */
  CORRUPT_ROW: 'CORRUPT_ROW',
  /** The database or its driver failed (connection, constraint, syntax); the driver's error is the cause. */
  STORAGE_ERROR: 'STORAGE_ERROR',
  /** A storage adapter does not offer an optional feature that was asked for (see its capability flags). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** A commission plan failed validation; `issues` names each component and field at fault. */
  INVALID_PLAN: 'INVALID_PLAN',
  /** Deal credit splits are wrong: revenue splits that do not sum to 100%, or a negative share. */
  INVALID_SPLIT: 'INVALID_SPLIT',
  /** A plan needs a quota (attainment) that is missing or zero for a payee and period. */
  MISSING_QUOTA: 'MISSING_QUOTA',
  /** A plan's gate or multiplier needs a metric value (such as customer satisfaction) that was not supplied. */
  MISSING_METRIC: 'MISSING_METRIC',
  /** A payee has no plan in effect, or two plans in effect, for a period it is credited in. */
  NO_PLAN_ASSIGNED: 'NO_PLAN_ASSIGNED',
  /** No exchange rate for a currency pair on the date (or over the period) a conversion needs; the message names both. */
  MISSING_EXCHANGE_RATE: 'MISSING_EXCHANGE_RATE',
} as const;

/**
 * The union of all {@link ErrorCode} values.
 *
 * @example
 * ```ts
 * import type { ErrorCodeValue } from 'openspm';
 * const code: ErrorCodeValue = 'INVALID_INPUT';
 * ```
 */
export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A location inside the input: property names and array indexes, outermost first,
 * e.g. `['deals', 3, 'amount']` for the amount of the fourth deal.
 *
 * @example
 * ```ts
 * import type { IssuePath } from 'openspm';
 * const path: IssuePath = ['deals', 3, 'amount'];
 * ```
 */
export type IssuePath = readonly (string | number)[];

/**
 * One problem found in the input. An {@link OpenSpmError} carries one or more.
 *
 * @example
 * ```ts
 * import type { OpenSpmIssue } from 'openspm';
 * const issue: OpenSpmIssue = {
 *   code: 'UNKNOWN_REFERENCE',
 *   path: ['deals', 0, 'stageId'],
 *   message: 'deals[0].stageId: stage "s9" is not a stage of pipeline "p1"',
 * };
 * ```
 */
export interface OpenSpmIssue {
  /** Stable code, one of {@link ErrorCode}. */
  readonly code: ErrorCodeValue;
  /** Where in the input the problem is. */
  readonly path: IssuePath;
  /** What is wrong and what to do, for a person; starts with the formatted path when there is one. */
  readonly message: string;
}

/**
 * Options for {@link OpenSpmError}.
 *
 * @example
 * ```ts
 * import { OpenSpmError, type OpenSpmErrorOptions } from 'openspm';
 * const options: OpenSpmErrorOptions = { path: ['amount'] };
 * new OpenSpmError('INVALID_AMOUNT', 'amount must be a number', options);
 * ```
 */
export interface OpenSpmErrorOptions {
  /** Where in the input the problem is. */
  path?: IssuePath;
  /** Every problem found, for multi-error validation. Defaults to one issue built from code, path, message. */
  issues?: readonly OpenSpmIssue[];
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The plain-object form of an {@link OpenSpmError}, from `toJSON()`: for logs and APIs.
 *
 * @example
 * ```ts
 * import { Money, OpenSpmError, type OpenSpmErrorJSON } from 'openspm';
 * try {
 *   Money.of('abc', 'CNY');
 * } catch (error) {
 *   const json: OpenSpmErrorJSON = (error as OpenSpmError).toJSON();
 *   json.code; //=> 'INVALID_AMOUNT'
 * }
 * ```
 */
export interface OpenSpmErrorJSON {
  /** Always `'OpenSpmError'`. */
  name: string;
  /** Stable code, one of {@link ErrorCode}. */
  code: ErrorCodeValue;
  /** Where in the input the (first) problem is. */
  path: IssuePath;
  /** What is wrong and what to do. */
  message: string;
  /** Every problem found. */
  issues: readonly OpenSpmIssue[];
}

/**
 * The one error class openspm throws. Check `code` (stable, see {@link ErrorCode}), read `path` for where,
 * `message` for what to do, and `issues` for every problem when a whole dataset was validated.
 *
 * @example
 * ```ts
 * import { Money, OpenSpmError } from 'openspm';
 * try {
 *   Money.of('12.50', 'CNY').plus(Money.of('3', 'USD'));
 * } catch (error) {
 *   if (error instanceof OpenSpmError) error.code; //=> 'CURRENCY_MISMATCH'
 * }
 * ```
 */
export class OpenSpmError extends Error {
  /** Stable code, one of {@link ErrorCode}. */
  readonly code: ErrorCodeValue;
  /** Where in the input the (first) problem is; empty when it concerns the whole input. */
  readonly path: IssuePath;
  /** Every problem found; at least one. */
  readonly issues: readonly OpenSpmIssue[];

  constructor(code: ErrorCodeValue, message: string, options: OpenSpmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpenSpmError';
    this.code = code;
    this.path = options.path ?? [];
    this.issues = options.issues?.length ? options.issues : [{ code, path: this.path, message }];
  }

  /** A plain-object form, for logs and for sending over the wire. */
  toJSON(): OpenSpmErrorJSON {
    return { name: this.name, code: this.code, path: this.path, message: this.message, issues: this.issues };
  }
}

/**
 * Formats a path the way a person reads it: `deals[3].amount`.
 *
 * @example
 * ```ts
 * import { formatPath } from 'openspm';
 * formatPath(['deals', 3, 'amount']); //=> 'deals[3].amount'
 * ```
 */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Builds one issue whose message starts with the formatted path. @internal */
export function issue(code: ErrorCodeValue, path: IssuePath, text: string): OpenSpmIssue {
  const where = formatPath(path);
  return { code, path, message: where ? `${where}: ${text}` : text };
}

/**
 * Throws one error carrying every issue; its own message summarises them (first few listed).
 * @internal
 */
export function throwIssues(code: ErrorCodeValue, what: string, issues: readonly OpenSpmIssue[]): never {
  const shown = issues.slice(0, 5).map((i) => `  - ${i.message}`);
  if (issues.length > 5) shown.push(`  - …and ${issues.length - 5} more (see error.issues)`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  throw new OpenSpmError(code, `${what}: ${count} found\n${shown.join('\n')}`, {
    path: issues[0]?.path ?? [],
    issues,
  });
}

function describeZodIssue(zi: z.core.$ZodIssue): string {
  switch (zi.code) {
    case 'invalid_type':
      // Keep a schema's own message; replace only zod's generic one.
      if (!zi.message.startsWith('Invalid input')) return zi.message;
      return zi.input === undefined ? `is required (expected ${zi.expected})` : `expected ${zi.expected}`;
    case 'too_small':
      return zi.message
        .replace(/^Too small: expected \w+ to have /, 'must have ')
        .replace(/^Too small: /, '');
    case 'too_big':
      return zi.message.replace(/^Too big: expected \w+ to have /, 'must have ').replace(/^Too big: /, '');
    case 'unrecognized_keys':
      return `unknown field${zi.keys.length > 1 ? 's' : ''} ${zi.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return zi.message;
  }
}

/**
 * Translates zod issues into openspm issues, prefixing each path with `basePath`.
 * Issues raised inside openspm's own refinements keep the code they declared in `params.code`.
 * @internal
 */
export function fromZodIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  basePath: IssuePath = [],
): OpenSpmIssue[] {
  return zodIssues.map((zi) => {
    const path = [...basePath, ...zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const declared = zi.code === 'custom' ? (zi.params?.code as ErrorCodeValue | undefined) : undefined;
    return issue(declared ?? ErrorCode.INVALID_INPUT, path, describeZodIssue(zi));
  });
}

/**
 * Parses `input` with a zod schema at a public boundary; on failure throws one {@link OpenSpmError}
 * listing every problem, each with its path. `what` names the input for the message ("deal", "options").
 * @internal
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  basePath: IssuePath = [],
  code: ErrorCodeValue = ErrorCode.INVALID_INPUT,
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  return throwIssues(code, `Invalid ${what}`, fromZodIssues(result.error.issues, basePath));
}
