// Civil-date math on integer day numbers (days since 1970-01-01), after Howard Hinnant's
// days_from_civil / civil_from_days (http://howardhinnant.github.io/date_algorithms.html).
// Nothing here reads the clock or the host's time zone, so results are the same on every machine.
import { z } from 'zod';
import { ErrorCode, type ErrorCodeValue, type IssuePath } from '../errors';
import { describeValue, fail, isDate, MONTH_NAMES, pad2, pad4 } from './shared';

/**
 * A day on the calendar, written `'YYYY-MM-DD'` (ISO 8601): no time of day, no time zone.
 * openspm handles dates from `0001-01-01` to `9999-12-31`. Such strings sort and compare correctly as
 * plain text, survive JSON and spreadsheets unchanged, and mean the same day on every machine.
 *
 * @example
 * ```ts
 * import type { CalendarDate } from 'openspm';
 * const closeDate: CalendarDate = '2024-03-15';
 * ```
 */
export type CalendarDate = string;

/**
 * ISO week number and ISO week-numbering year, as returned by {@link isoWeek}.
 *
 * @example
 * ```ts
 * import { isoWeek, type IsoWeek } from 'openspm';
 * const week: IsoWeek = isoWeek('2024-12-30');
 * `${week.year}-W${String(week.week).padStart(2, '0')}`; //=> '2025-W01'
 * ```
 */
export interface IsoWeek {
  /** The ISO week-numbering year; differs from the calendar year for a few days around 1 January. */
  readonly year: number;
  /** The week number, 1 to 52 or 53; week 1 is the week (Monday to Sunday) that contains 4 January. */
  readonly week: number;
}

/** Day number of 0001-01-01, the first date openspm handles. @internal */
export const MIN_DAY = -719162;
/** Day number of 9999-12-31, the last date openspm handles. @internal */
export const MAX_DAY = 2932896;

const RANGE_TEXT = 'dates run from 0001-01-01 to 9999-12-31';

/** @internal */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** @internal */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any integers; month 1–12). @internal */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400; // [0, 399]
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1; // [0, 365]
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // [0, 146096]
  return era * 146097 + doe - 719468;
}

/** Year, month (1–12) and day of a day number. @internal */
export function civilFromDays(n: number): [year: number, month: number, day: number] {
  const z0 = n + 719468;
  const era = Math.floor(z0 / 146097);
  const doe = z0 - era * 146097; // [0, 146096]
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365]
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], March-based
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Formats a day number as `YYYY-MM-DD` without range checks. @internal */
export function formatDay(n: number): CalendarDate {
  const [y, m, d] = civilFromDays(n);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). @internal */
export function weekdayOfDay(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** @internal */
export function isoWeekOfDay(n: number): IsoWeek {
  // The ISO week belongs to the year its Thursday falls in.
  const thursday = n - weekdayOfDay(n) + 4;
  const year = civilFromDays(thursday)[0];
  return { year, week: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

/** Day number of the Monday that starts ISO week 1 of `year`. @internal */
export function isoWeekOneStart(year: number): number {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - weekdayOfDay(jan4) + 1;
}

/** 52 or 53. @internal */
export function isoWeeksInYear(year: number): number {
  return isoWeekOfDay(daysFromCivil(year, 12, 28)).week;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/**
 * Day number of a strict `YYYY-MM-DD` string, or NaN when `value` is not one (wrong type or format,
 * a day that does not exist, or year 0000). Hand-written instead of a regex: it runs in hot loops.
 * @internal
 */
export function dayOrNaN(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 10) return Number.NaN;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return Number.NaN;
  const y = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const m = digit(value, 5) * 10 + digit(value, 6);
  const d = digit(value, 8) * 10 + digit(value, 9);
  if (!(y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return Number.NaN;
  return daysFromCivil(y, m, d);
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_SHAPE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/;

/** Says why `value` is not a calendar date, for a person (no path prefix). @internal */
export function explainDate(value: unknown): string {
  if (isDate(value)) {
    return `expected a date as text in the form YYYY-MM-DD (e.g. 2024-03-15), got ${describeValue(value)}; use toCalendarDate(instant, zone) to place an instant on the calendar`;
  }
  if (typeof value !== 'string') {
    return `expected a date as text in the form YYYY-MM-DD (e.g. 2024-03-15), got ${describeValue(value)}`;
  }
  if (DATE_TIME_SHAPE.test(value)) {
    return `${describeValue(value)} is a date-time, expected a date in the form YYYY-MM-DD; use parseCalendarDate(value, zone) to place a date-time on the calendar`;
  }
  const match = DATE_SHAPE.exec(value);
  if (!match) return `${describeValue(value)} is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)`;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1) return `${describeValue(value)} is out of range: ${RANGE_TEXT}`;
  if (m < 1 || m > 12) return `${describeValue(value)} does not exist: the month must be 01 to 12`;
  const dim = daysInMonth(y, m);
  if (d < 1 || d > dim) {
    return `${describeValue(value)} does not exist: ${MONTH_NAMES[m - 1]} ${y} has ${dim} days`;
  }
  return `${describeValue(value)} is not a valid date`;
}

/** Day number of `value` or an OpenSpmError (INVALID_DATE unless told) at `path`. @internal */
export function toDay(
  value: unknown,
  path: IssuePath,
  code: ErrorCodeValue = ErrorCode.INVALID_DATE,
): number {
  const n = dayOrNaN(value);
  if (!Number.isNaN(n)) return n;
  return fail(code, path, explainDate(value));
}

/** Formats a computed day number, failing with INVALID_DATE when it leaves the supported range. @internal */
export function dayToDate(n: number, path: IssuePath, what: string): CalendarDate {
  if (n < MIN_DAY || n > MAX_DAY) {
    fail(ErrorCode.INVALID_DATE, path, `${what} falls outside the supported range: ${RANGE_TEXT}`);
  }
  return formatDay(n);
}

function checkWholeNumber(value: unknown, path: IssuePath): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return fail(ErrorCode.INVALID_INPUT, path, `must be a whole number, got ${describeValue(value)}`);
}

/**
 * The zod schema of a {@link CalendarDate}: text `'YYYY-MM-DD'` naming a day that exists, from
 * `0001-01-01` to `9999-12-31`. A day that does not exist (`'2023-02-29'`) is reported with code
 * `INVALID_DATE`; a value that is not text at all with code `INVALID_INPUT`.
 *
 * @example
 * ```ts
 * import { CalendarDateSchema } from 'openspm';
 * CalendarDateSchema.safeParse('2024-02-29').success; //=> true
 * CalendarDateSchema.safeParse('2023-02-29').success; //=> false
 * ```
 */
export const CalendarDateSchema = z
  .string({ error: (iss) => explainDate(iss.input) })
  .refine((value) => !Number.isNaN(dayOrNaN(value)), {
    error: (iss) => explainDate(iss.input),
    params: { code: ErrorCode.INVALID_DATE },
  });

/**
 * Tells whether `value` is a {@link CalendarDate}: text `'YYYY-MM-DD'` naming a day that exists.
 *
 * @example
 * ```ts
 * import { isCalendarDate } from 'openspm';
 * isCalendarDate('2024-02-29'); //=> true
 * isCalendarDate('2023-02-29'); //=> false (2023 is not a leap year)
 * isCalendarDate('2024-3-1'); //=> false (write 2024-03-01)
 * ```
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  const n = dayOrNaN(value);
  return !Number.isNaN(n);
}

/**
 * The day number of a date: whole days since 1970-01-01 (negative before). Day numbers make date math
 * plain integer math; use them in hot loops and convert back with {@link fromDayNumber}.
 *
 * @param date - the date, `'YYYY-MM-DD'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['date']`) when `date` is not a real date.
 * @example
 * ```ts
 * import { dayNumber } from 'openspm';
 * dayNumber('1970-01-01'); //=> 0
 * dayNumber('2024-03-15'); //=> 19797
 * dayNumber('1969-12-31'); //=> -1
 * ```
 */
export function dayNumber(date: CalendarDate): number {
  return toDay(date, ['date']);
}

/**
 * The date of a day number (whole days since 1970-01-01); the inverse of `dayNumber(date)`.
 *
 * @param dayNumber - a whole number from -719162 (0001-01-01) to 2932896 (9999-12-31).
 * @throws OpenSpmError `INVALID_DATE` (path `['dayNumber']`) when it is not a whole number in that range.
 * @example
 * ```ts
 * import { fromDayNumber } from 'openspm';
 * fromDayNumber(0); //=> '1970-01-01'
 * fromDayNumber(19797); //=> '2024-03-15'
 * ```
 */
export function fromDayNumber(dayNumber: number): CalendarDate {
  if (
    typeof dayNumber !== 'number' ||
    !Number.isInteger(dayNumber) ||
    dayNumber < MIN_DAY ||
    dayNumber > MAX_DAY
  ) {
    fail(
      ErrorCode.INVALID_DATE,
      ['dayNumber'],
      `must be a whole number from ${MIN_DAY} (0001-01-01) to ${MAX_DAY} (9999-12-31), got ${describeValue(dayNumber)}`,
    );
  }
  return formatDay(dayNumber);
}

/**
 * The date `days` days after `date` (before it when `days` is negative). Never changes its input.
 *
 * @param date - the date to start from, `'YYYY-MM-DD'`.
 * @param days - a whole number of days, may be negative.
 * @throws OpenSpmError `INVALID_DATE` for a bad `date` or a result outside 0001-01-01 … 9999-12-31;
 *   `INVALID_INPUT` (path `['days']`) when `days` is not a whole number.
 * @example
 * ```ts
 * import { addDays } from 'openspm';
 * addDays('2024-02-28', 1); //=> '2024-02-29'
 * addDays('2024-03-01', -1); //=> '2024-02-29'
 * addDays('2023-12-25', 7); //=> '2024-01-01'
 * ```
 */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const n = toDay(date, ['date']);
  const k = checkWholeNumber(days, ['days']);
  return dayToDate(n + k, ['days'], `${date} plus ${k} days`);
}

/**
 * Whole days from `from` to `to`: `to − from`, negative when `to` is earlier. Because periods exclude
 * their end, `daysBetween(period.start, period.end)` is the number of days in the period.
 *
 * @param from - the earlier date, `'YYYY-MM-DD'`.
 * @param to - the later date, `'YYYY-MM-DD'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['from']` or `['to']`) when a date is not real.
 * @example
 * ```ts
 * import { daysBetween } from 'openspm';
 * daysBetween('2024-02-01', '2024-03-01'); //=> 29
 * daysBetween('2024-03-01', '2024-02-01'); //=> -29
 * ```
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDay(to, ['to']) - toDay(from, ['from']);
}

/**
 * The ISO weekday of a date: 1 = Monday, 2 = Tuesday, …, 7 = Sunday.
 *
 * @param date - the date, `'YYYY-MM-DD'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['date']`) when `date` is not a real date.
 * @example
 * ```ts
 * import { weekday } from 'openspm';
 * weekday('2024-03-15'); //=> 5 (a Friday)
 * weekday('2024-03-17'); //=> 7 (a Sunday)
 * ```
 */
export function weekday(date: CalendarDate): number {
  return weekdayOfDay(toDay(date, ['date']));
}

/**
 * The ISO 8601 week of a date. Weeks run Monday to Sunday; week 1 of a year is the week containing
 * 4 January, so the first days of January can belong to the previous year's last week and the last
 * days of December to the next year's week 1. Some years have 53 weeks.
 *
 * @param date - the date, `'YYYY-MM-DD'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['date']`) when `date` is not a real date.
 * @example
 * ```ts
 * import { isoWeek } from 'openspm';
 * isoWeek('2024-03-15'); //=> { year: 2024, week: 11 }
 * isoWeek('2024-12-30'); //=> { year: 2025, week: 1 }
 * isoWeek('2021-01-03'); //=> { year: 2020, week: 53 }
 * ```
 */
export function isoWeek(date: CalendarDate): IsoWeek {
  return isoWeekOfDay(toDay(date, ['date']));
}

/**
 * Compares two dates for sorting: negative when `a` is earlier, 0 when equal, positive when later.
 * Valid dates also compare correctly as plain strings; this function checks them first.
 *
 * @param a - a date, `'YYYY-MM-DD'`.
 * @param b - another date, `'YYYY-MM-DD'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['a']` or `['b']`) when a date is not real.
 * @example
 * ```ts
 * import { compareCalendarDates } from 'openspm';
 * compareCalendarDates('2024-01-31', '2024-02-01'); //=> -1
 * ['2024-03-01', '2023-12-31'].sort(compareCalendarDates); //=> ['2023-12-31', '2024-03-01']
 * ```
 */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = toDay(a, ['a']);
  const y = toDay(b, ['b']);
  return x < y ? -1 : x > y ? 1 : 0;
}
