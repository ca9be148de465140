// Private helpers of the period module: error raising and value descriptions for messages.
import type { z } from 'zod';
import {
  ErrorCode,
  type ErrorCodeValue,
  fromZodIssues,
  type IssuePath,
  issue,
  OpenSpmError,
  throwIssues,
} from '../errors';

/** Throws one OpenSpmError for one problem; the message starts with the formatted path. */
export function fail(code: ErrorCodeValue, path: IssuePath, text: string): never {
  const one = issue(code, path, text);
  throw new OpenSpmError(code, one.message, { path, issues: [one] });
}

/**
 * Parses with one of this module's schemas, throwing one OpenSpmError with every issue. Unlike the shared
 * `parseOrThrow`, it keeps the schema's own message for every issue (each schema here words all of its
 * messages for a person, wrong types included), and reports shape problems with `code` instead of
 * INVALID_INPUT: inside a calendar or a period, a wrongly typed field is a calendar or period problem.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  basePath: IssuePath,
  code: ErrorCodeValue,
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const zodIssues = result.error.issues;
  const issues = fromZodIssues(zodIssues, basePath).map((converted, i) =>
    issue(
      converted.code === ErrorCode.INVALID_INPUT ? code : converted.code,
      converted.path,
      zodIssues[i]!.message,
    ),
  );
  return throwIssues(code, `Invalid ${what}`, issues);
}

/** Describes a received value for a message: `"2024/03/15"`, `the number 45000`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (isDate(value))
    return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/** A Date from any realm (an iframe, a spreadsheet host), not only this one's `Date`. */
export function isDate(value: unknown): value is Date {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

/** Two digits, zero-padded: `3` → `'03'`. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** At least four digits, zero-padded: `999` → `'0999'`. */
export function pad4(n: number): string {
  if (n >= 1000) return String(n);
  if (n >= 100) return `0${n}`;
  if (n >= 10) return `00${n}`;
  return `000${n}`;
}

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
