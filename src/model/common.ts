import { z } from 'zod';
import { ErrorCode } from '../errors';

/** A short, readable rendering of a bad value for messages: strings quoted and cut, objects named. @internal */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(cut);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return `a list of ${value.length}`;
  // Values with their own text form, such as Money ('-5.00 CNY').
  if (typeof value === 'object' && value.toString !== Object.prototype.toString) return String(value);
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * An instant as a person reads it: `2024-03-15` at UTC midnight, else the full ISO form.
 * @internal
 */
export function formatInstant(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/**
 * Rewrites a parsed value inside a zod check (as zod's own `.overwrite()` does) instead of a `.transform()`:
 * a transform costs about 0.3 µs per call, a check a tenth of that, and ids and dates are parsed several times
 * per record of million-row datasets. The function may push issues on `ctx.issues`. The cast records the output
 * type, which zod cannot infer from a check.
 * @internal
 */
export function mapValue<S extends z.ZodType, Out>(
  schema: S,
  map: (value: z.output<S>, ctx: z.core.ParsePayload<z.output<S>>) => Out,
): z.ZodType<Out, z.input<S>> {
  return schema.check((ctx) => {
    (ctx as { value: unknown }).value = map(ctx.value, ctx);
  }) as unknown as z.ZodType<Out, z.input<S>>;
}

/**
 * Makes an optional field that also reads `null` as absent: CRM rows and SQL results use `null` for an empty
 * column, so `{ closedAt: null }` means the same as leaving `closedAt` out. The output never holds `null`.
 * @internal
 */
export function optionalField<S extends z.ZodType>(schema: S) {
  return mapValue(schema.nullable(), (value) =>
    value === null ? undefined : (value as z.output<S>),
  ).optional();
}

/**
 * An error map for a field that takes one of a fixed list of words: names the list and the bad value.
 * @internal
 */
export function oneOfError(values: readonly string[]): (iss: { input?: unknown }) => string {
  const list = values.map((v) => `"${v}"`).join(', ');
  return (iss) =>
    iss.input === undefined
      ? `is required (expected one of ${list})`
      : `expected one of ${list}, got ${describeValue(iss.input)}`;
}

const ID_EXPECTED = 'expected an id: non-empty text such as "D-17", or a whole number such as 1017';

/**
 * zod schema for a record id. CRMs use text ids (`'D-17'`, Salesforce `'0065g00000XyZ'`) and numeric ids
 * (`1017`); both are accepted and the output is always the string form, so `1017` and `'1017'` refer to
 * the same record. Empty or blank text and numbers that are not whole (or beyond ±2^53) are rejected.
 *
 * @example
 * ```ts
 * import { IdSchema } from 'openspm';
 * IdSchema.parse('D-17'); //=> 'D-17'
 * IdSchema.parse(1017); //=> '1017'
 * IdSchema.safeParse('').success; //=> false
 * ```
 */
export const IdSchema = mapValue(
  z.union(
    [
      z.string().regex(/\S/, 'must not be empty or blank; expected an id such as "D-17"'),
      z.int({
        error: (iss) =>
          iss.code === 'too_big' || iss.code === 'too_small'
            ? `numeric id ${describeValue(iss.input)} is beyond ±9007199254740991 and cannot be read exactly; send it as text`
            : `${ID_EXPECTED}, got ${describeValue(iss.input)}`,
      }),
    ],
    {
      error: (iss) =>
        iss.input === undefined
          ? `is required (${ID_EXPECTED})`
          : `${ID_EXPECTED}, got ${describeValue(iss.input)}`,
    },
  ),
  (id) => (typeof id === 'number' ? String(id) : id),
).describe('Record id: non-empty text, or a whole number (read as its text form)');

/**
 * zod schema for a three-letter currency code in capitals (ISO 4217 style), such as `'CNY'` or `'USD'`.
 *
 * @example
 * ```ts
 * import { CurrencyCodeSchema } from 'openspm';
 * CurrencyCodeSchema.parse('CNY'); //=> 'CNY'
 * CurrencyCodeSchema.safeParse('rmb').success; //=> false
 * ```
 */
export const CurrencyCodeSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined
        ? 'is required (expected a currency code such as "CNY")'
        : `expected a currency code such as "CNY", got ${describeValue(iss.input)}`,
  })
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 currency code in capitals, such as "CNY" or "USD"')
  .describe('Three-letter ISO 4217 currency code, such as "CNY" or "USD"');

const DATE_EXPECTED =
  'expected an ISO 8601 date such as "2024-03-15" or a date-time such as "2024-03-15T09:30:00Z" (or a Date)';
const MONTHS = [
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
];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), by integer arithmetic. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The value of the ASCII digits text[from, from + count), or -1 if one of them is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let k = from; k < from + count; k++) {
    const d = text.charCodeAt(k) - 48;
    if (!(d >= 0 && d <= 9)) return -1; // also NaN, past the end
    value = value * 10 + d;
  }
  return value;
}

const COLON = 58;

function notIso(text: string): string {
  return `${DATE_EXPECTED}, got ${describeValue(text)}`;
}

/**
 * Reads an ISO 8601 date or date-time as an instant, by arithmetic only: no `Date.parse` (whose reading of
 * strings without an offset depends on the host) and no local-time getters. Returns an error text instead
 * of throwing. Date-only is midnight UTC; a date-time without an offset is read as UTC. Hand-written rather
 * than a regular expression because it runs for every date of a million-row dataset.
 *
 * Accepted: `YYYY-MM-DD`, then optionally `T` (or `t` or a space) `hh:mm`, optionally `:ss`, optionally
 * `.fraction` (or `,fraction`, 1–9 digits, read to the millisecond), then optionally `Z`, `±hh`, `±hhmm` or `±hh:mm`.
 * @internal
 */
export function parseIsoInstant(text: string): Date | string {
  const n = text.length;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (n < 10 || year < 0 || month < 0 || day < 0 || text[4] !== '-' || text[7] !== '-') return notIso(text);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offsetMinutes = 0;
  if (n > 10) {
    const sep = text[10];
    if (sep !== 'T' && sep !== 't' && sep !== ' ') return notIso(text);
    hour = digits(text, 11, 2);
    minute = digits(text, 14, 2);
    if (hour < 0 || minute < 0 || text.charCodeAt(13) !== COLON) return notIso(text);
    let at = 16;
    if (text.charCodeAt(at) === COLON) {
      second = digits(text, at + 1, 2);
      if (second < 0) return notIso(text);
      at += 3;
      if (text[at] === '.' || text[at] === ',') {
        const start = at + 1;
        at = start;
        while (at < n && at - start < 9 && digits(text, at, 1) >= 0) at++;
        if (at === start) return notIso(text);
        millis = digits(`${text.slice(start, Math.min(at, start + 3))}00`, 0, 3);
      }
    }
    const zone = text[at];
    if (zone === 'Z' || zone === 'z') at++;
    else if (zone === '+' || zone === '-') {
      const oh = digits(text, at + 1, 2);
      if (oh < 0) return notIso(text);
      at += 3;
      let om = 0;
      const colon = text.charCodeAt(at) === COLON;
      if (colon) at++;
      if (colon || at < n) {
        om = digits(text, at, 2);
        if (om < 0) return notIso(text);
        at += 2;
      }
      if (oh > 23 || om > 59) {
        return `${describeValue(text)} has an impossible UTC offset (expected +hh:mm from -23:59 to +23:59)`;
      }
      offsetMinutes = (zone === '-' ? -1 : 1) * (oh * 60 + om);
    }
    if (at !== n) return notIso(text);
  }
  const dim = month >= 1 && month <= 12 ? daysInMonth(year, month) : 0;
  if (day < 1 || day > dim || hour > 23 || minute > 59 || second > 59) {
    const shown = describeValue(text);
    if (dim === 0) return `${shown} is not a real date: the month must be 01 to 12`;
    if (day < 1 || day > dim)
      return `${shown} is not a real date: ${MONTHS[month - 1]} ${year} has ${dim} days`;
    if (hour > 23) return `${shown} is not a real time: the hour must be 00 to 23`;
    if (minute > 59) return `${shown} is not a real time: the minute must be 00 to 59`;
    return `${shown} is not a real time: the second must be 00 to 59`;
  }
  const minutes = daysFromCivil(year, month, day) * 1440 + hour * 60 + minute - offsetMinutes;
  return new Date(minutes * 60_000 + second * 1000 + millis);
}

const DATE_OPTIONS = [z.string(), z.instanceof(Date)] as const;

/** The options of the union behind {@link DateTimeSchema}: the JSON Schema export recognises it by them. @internal */
export const DATE_TIME_OPTIONS: readonly z.ZodType[] = DATE_OPTIONS;

/**
 * zod schema for a point in time: a `Date` or an ISO 8601 string, output as a `Date` (a new one, never the
 * object you passed in).
 *
 * - A date only, `'2024-03-15'`, is midnight UTC of that day.
 * - A date-time with `Z` or an offset (`'2024-03-15T09:30:00+08:00'`) is read exactly.
 * - A date-time without an offset (`'2024-03-15T09:30:00'`, or with a space instead of `T`, as SQL exports
 *   write it) is read as **UTC**, never in the time zone of the computer running the code. Send an offset
 *   when your CRM stores local times.
 *
 * Dates that do not exist (`'2023-02-30'`), other formats (`'15/03/2024'`, `'yesterday'`) and an Invalid
 * Date are rejected with an `INVALID_DATE` issue naming the expected format.
 *
 * @example
 * ```ts
 * import { DateTimeSchema } from 'openspm';
 * DateTimeSchema.parse('2024-03-15').toISOString(); //=> '2024-03-15T00:00:00.000Z'
 * DateTimeSchema.parse('2024-03-15T09:30:00+08:00').toISOString(); //=> '2024-03-15T01:30:00.000Z'
 * DateTimeSchema.parse('2024-03-15 09:30').toISOString(); //=> '2024-03-15T09:30:00.000Z'
 * DateTimeSchema.safeParse('2023-02-30').success; //=> false
 * ```
 */
export const DateTimeSchema = mapValue(
  z.union(DATE_OPTIONS, {
    error: (iss) =>
      iss.input === undefined
        ? `is required (${DATE_EXPECTED})`
        : `${DATE_EXPECTED}, got ${describeValue(iss.input)}`,
  }),
  (value, ctx): Date => {
    const parsed = value instanceof Date ? value.getTime() : parseIsoInstant(value.trim());
    if (typeof parsed === 'number' && !Number.isNaN(parsed)) return new Date(parsed);
    if (typeof parsed === 'object') return parsed;
    ctx.issues.push({
      code: 'custom',
      message: typeof parsed === 'string' ? parsed : `is an Invalid Date (its time is NaN); ${DATE_EXPECTED}`,
      params: { code: ErrorCode.INVALID_DATE },
      input: value,
    });
    return value as unknown as Date; // the issue above fails the parse; this value is never seen
  },
).describe(
  'ISO 8601 date ("2024-03-15", midnight UTC) or date-time ("2024-03-15T09:30:00Z"; without an offset read as UTC)',
);

/**
 * Extra CRM-specific fields kept as they are (`custom: { industryCode: 'C13', vip: true }`).
 * @internal
 */
export const CustomFieldsSchema = optionalField(z.record(z.string(), z.unknown())).describe(
  'CRM-specific fields, kept as they are',
);
