// Placing instants (Date values, date-times with an offset) on calendar days in an IANA time zone.
// Intl.DateTimeFormat is the only source of zone rules: it exists in browsers, Node, Deno, Bun and Google
// Apps Script, so nothing here is host-specific. One formatter per zone is created and kept.
import { ErrorCode, type IssuePath } from '../errors';
import {
  type CalendarDate,
  dayOrNaN,
  daysFromCivil,
  explainDate,
  formatDay,
  MAX_DAY,
  MIN_DAY,
} from './calendar-date';
import { describeValue, fail, isDate } from './shared';

const MS_PER_DAY = 86_400_000;

interface ZoneRules {
  /** Undefined when the zone is UTC: then a day is plain division, no Intl call. */
  readonly format: Intl.DateTimeFormat | undefined;
}

// Keyed by the zone name as given; an unknown name is remembered as null so it is not retried.
const zones = new Map<string, ZoneRules | null>();

function zoneRules(zone: string): ZoneRules | null {
  let rules = zones.get(zone);
  if (rules !== undefined) return rules;
  if (zone === 'UTC') {
    rules = { format: undefined };
  } else {
    try {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      });
      rules = { format: format.resolvedOptions().timeZone === 'UTC' ? undefined : format };
    } catch {
      rules = null;
    }
  }
  zones.set(zone, rules);
  return rules;
}

/** Whether the JavaScript engine knows `zone` as a time zone name. @internal */
export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone !== '' && zoneRules(zone) !== null;
}

/** Says why `zone` is not usable, for a person. @internal */
export function explainZone(zone: unknown): string {
  return `${describeValue(zone)} is not a time zone name; expected an IANA name such as "UTC", "Asia/Shanghai" or "America/New_York"`;
}

/** Checks `zone`, failing with INVALID_CALENDAR at `path`. @internal */
export function checkZone(zone: unknown, path: IssuePath): ZoneRules {
  const rules = typeof zone === 'string' && zone !== '' ? zoneRules(zone) : null;
  if (rules === null) return fail(ErrorCode.INVALID_CALENDAR, path, explainZone(zone));
  return rules;
}

// Only instants that can land on 0001-01-01 … 9999-12-31 in some zone (offsets stay within ±1 day).
const MIN_MS = (MIN_DAY - 1) * MS_PER_DAY;
const MAX_MS = (MAX_DAY + 2) * MS_PER_DAY;

/** Day number of the instant `ms` (epoch milliseconds) in a checked zone. @internal */
export function dayOfInstant(ms: number, rules: ZoneRules, path: IssuePath): number {
  if (!(ms >= MIN_MS && ms < MAX_MS)) {
    fail(ErrorCode.INVALID_DATE, path, `${describeValue(new Date(ms))} is outside the supported range`);
  }
  let n: number;
  if (rules.format === undefined) {
    n = Math.floor(ms / MS_PER_DAY);
  } else {
    let y = 0;
    let m = 0;
    let d = 0;
    for (const part of rules.format.formatToParts(ms)) {
      if (part.type === 'year') y = Number(part.value);
      else if (part.type === 'month') m = Number(part.value);
      else if (part.type === 'day') d = Number(part.value);
    }
    n = daysFromCivil(y, m, d);
  }
  if (n < MIN_DAY || n > MAX_DAY) {
    fail(
      ErrorCode.INVALID_DATE,
      path,
      `${describeValue(new Date(ms))} falls outside 0001-01-01 … 9999-12-31`,
    );
  }
  return n;
}

/** Day number of a Date in a zone (already checked), with errors at `path`. @internal */
export function dayOfDate(value: Date, rules: ZoneRules, path: IssuePath): number {
  const ms = value.getTime();
  if (Number.isNaN(ms))
    fail(ErrorCode.INVALID_DATE, path, 'expected a valid Date, got an invalid Date (its time is NaN)');
  return dayOfInstant(ms, rules, path);
}

/**
 * The calendar day an instant falls on in a time zone. The same instant can be a different day in
 * different zones: a deal closed at 2024-03-31T23:30:00Z closed on 2024-04-01 in Shanghai.
 *
 * @param instant - a JavaScript `Date` (an instant; its host time zone plays no part).
 * @param zone - an IANA time zone name; default `'UTC'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['instant']`) for an invalid Date or one outside years
 *   1–9999; `INVALID_CALENDAR` (path `['zone']`) for an unknown zone.
 * @example
 * ```ts
 * import { toCalendarDate } from 'openspm';
 * const closedAt = new Date('2024-03-31T23:30:00Z');
 * toCalendarDate(closedAt); //=> '2024-03-31'
 * toCalendarDate(closedAt, 'Asia/Shanghai'); //=> '2024-04-01'
 * toCalendarDate(closedAt, 'America/New_York'); //=> '2024-03-31'
 * ```
 */
export function toCalendarDate(instant: Date, zone = 'UTC'): CalendarDate {
  const rules = checkZone(zone, ['zone']);
  if (!isDate(instant))
    fail(ErrorCode.INVALID_DATE, ['instant'], `expected a Date, got ${describeValue(instant)}`);
  return formatDay(dayOfDate(instant, rules, ['instant']));
}

// YYYY-MM-DD, then T or space, hh:mm, optional :ss and fraction, optional Z or ±hh:mm / ±hhmm / ±hh.
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/**
 * Reads a date from text or a `Date`, placing instants on the calendar in `zone`:
 * - `'YYYY-MM-DD'` is taken as is (it must exist: `'2023-02-29'` is an error);
 * - a date-time with `Z` or an offset (`'2024-03-31T23:30:00Z'`, `'…+08:00'`) is an instant: its day in `zone`;
 * - a date-time without an offset (`'2024-03-31 23:30'`) is a wall-clock time already: its date part;
 * - a `Date` is an instant: its day in `zone`.
 *
 * @param input - the text or `Date` to read.
 * @param zone - an IANA time zone name for instants; default `'UTC'`.
 * @throws OpenSpmError `INVALID_DATE` (path `['input']`) when the input is not a real date or date-time;
 *   `INVALID_CALENDAR` (path `['zone']`) for an unknown zone.
 * @example
 * ```ts
 * import { parseCalendarDate } from 'openspm';
 * parseCalendarDate('2024-02-29'); //=> '2024-02-29'
 * parseCalendarDate('2024-03-31T23:30:00Z', 'Asia/Shanghai'); //=> '2024-04-01'
 * parseCalendarDate('2024-04-01T01:00:00+08:00'); //=> '2024-03-31'
 * parseCalendarDate('2024-03-31 23:30:00', 'Asia/Shanghai'); //=> '2024-03-31'
 * parseCalendarDate(new Date(Date.UTC(2024, 2, 15, 18)), 'Asia/Tokyo'); //=> '2024-03-16'
 * parseCalendarDate('2023-02-29'); // throws OpenSpmError INVALID_DATE: February 2023 has 28 days
 * ```
 */
export function parseCalendarDate(input: string | Date, zone = 'UTC'): CalendarDate {
  const rules = checkZone(zone, ['zone']);
  if (typeof input === 'string') {
    const trimmed = input.trim();
    if (trimmed.length === 10) {
      const n = dayOrNaN(trimmed);
      if (!Number.isNaN(n)) return trimmed;
    }
    const match = DATE_TIME.exec(trimmed);
    if (match) return formatDay(dayOfDateTime(match, input, rules));
    const text = explainDate(trimmed);
    return fail(
      ErrorCode.INVALID_DATE,
      ['input'],
      text.includes('is a date-time')
        ? `${describeValue(input)} is not a valid date-time; expected e.g. 2024-03-15, 2024-03-15T09:30:00Z or 2024-03-15T17:30:00+08:00`
        : `${text}, or a date-time such as 2024-03-15T09:30:00Z`,
    );
  }
  if (isDate(input)) return formatDay(dayOfDate(input, rules, ['input']));
  return fail(
    ErrorCode.INVALID_DATE,
    ['input'],
    `expected a date as text (YYYY-MM-DD or an ISO date-time) or a Date, got ${describeValue(input)}`,
  );
}

function dayOfDateTime(match: RegExpExecArray, input: string, rules: ZoneRules): number {
  const bad = (why: string): never =>
    fail(ErrorCode.INVALID_DATE, ['input'], `${describeValue(input)} is not a valid date-time: ${why}`);
  const datePart = match[1]!;
  const n = dayOrNaN(datePart);
  if (Number.isNaN(n)) return fail(ErrorCode.INVALID_DATE, ['input'], explainDate(datePart));
  const hh = Number(match[2]);
  const mi = Number(match[3]);
  const ss = match[4] === undefined ? 0 : Number(match[4]);
  if (hh > 23 || mi > 59 || ss > 59) bad('the time must be 00:00:00 to 23:59:59');
  const hasZ = match[6] !== undefined;
  const sign = match[7];
  if (!hasZ && sign === undefined) return n; // a wall-clock time: its date is the day
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const oh = Number(match[8]);
    const om = match[9] === undefined ? 0 : Number(match[9]);
    if (oh > 23 || om > 59) bad('the offset must be -23:59 to +23:59');
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = match[5] === undefined ? 0 : Math.floor(Number(`0.${match[5]}`) * 1000);
  const ms = n * MS_PER_DAY + ((hh * 60 + mi - offsetMinutes) * 60 + ss) * 1000 + fraction;
  return dayOfInstant(ms, rules, ['input']);
}
