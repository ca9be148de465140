import { ErrorCode } from '../errors';
import { type CalendarDate, dayToDate, formatDay, MAX_DAY, MIN_DAY, weekdayOfDay } from './calendar-date';
import {
  type CompiledCalendar,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  resolveCalendar,
} from './fiscal-calendar';
import { checkPeriod, dayOfArg, type Period } from './period';
import { describeValue, fail } from './shared';

/** Whether day number `n` is worked: holidays first, then make-up days, then the weekend. @internal */
export function isWorkingDayNumber(n: number, cc: CompiledCalendar): boolean {
  if (cc.holidays.has(n)) return false;
  if (cc.workdays.has(n)) return true;
  return (cc.weekendMask & (1 << weekdayOfDay(n))) === 0;
}

/** How many values of a sorted array lie in [start, end). */
function countInRange(sorted: Int32Array, start: number, end: number): number {
  return lowerBound(sorted, end) - lowerBound(sorted, start);
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days in [start, end) in O(log holidays): whole weeks by arithmetic, then the lists. @internal */
export function countWorkingDays(start: number, end: number, cc: CompiledCalendar): number {
  const length = end - start;
  const weeks = Math.floor(length / 7);
  let count = weeks * cc.workingPerWeek;
  let wd = weekdayOfDay(start);
  for (let i = weeks * 7; i < length; i++) {
    if ((cc.weekendMask & (1 << wd)) === 0) count++;
    wd = wd === 7 ? 1 : wd + 1;
  }
  return (
    count - countInRange(cc.holidaysOffWorkingDays, start, end) + countInRange(cc.workdaysSorted, start, end)
  );
}

/**
 * Whether a day is worked in a calendar. A holiday is never worked; a make-up working day (`workdays`)
 * always is; any other day is worked unless its weekday is in `weekend`. A `Date` is first placed on a
 * day in the calendar's `zone`.
 *
 * @param date - a date `'YYYY-MM-DD'` or a `Date` instant.
 * @param calendar - the fiscal calendar; default: Saturday and Sunday off, no holidays, zone UTC.
 * @throws OpenSpmError `INVALID_DATE` (path `['date']`) for a bad date; `INVALID_CALENDAR` for a bad calendar.
 * @example
 * ```ts
 * import { fiscalCalendar, isWorkingDay } from 'openspm';
 * const cn = fiscalCalendar({ holidays: ['2024-10-01'], workdays: ['2024-09-29'] });
 * isWorkingDay('2024-10-01', cn); //=> false (holiday, a Tuesday)
 * isWorkingDay('2024-09-29', cn); //=> true (make-up day, a Sunday)
 * isWorkingDay('2024-09-28', cn); //=> false (Saturday)
 * ```
 */
export function isWorkingDay(
  date: CalendarDate | Date,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): boolean {
  const cc = resolveCalendar(calendar);
  return isWorkingDayNumber(dayOfArg(date, cc, ['date']), cc);
}

/**
 * How many working days a period has (see {@link isWorkingDay}). Counts whole weeks by arithmetic and
 * looks holidays up by binary search, so it stays fast for long periods and long holiday lists.
 *
 * @param period - the period.
 * @param calendar - the fiscal calendar; default: Saturday and Sunday off, no holidays.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period; `INVALID_CALENDAR`
 *   for a bad calendar.
 * @example
 * ```ts
 * import { fiscalCalendar, parsePeriodKey, workingDays } from 'openspm';
 * workingDays(parsePeriodKey('2024-10')); //=> 23
 * const cn = fiscalCalendar({
 *   holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
 *   workdays: ['2024-10-12'],
 * });
 * workingDays(parsePeriodKey('2024-10'), cn); //=> 19
 * ```
 */
export function workingDays(period: Period, calendar?: FiscalCalendar | FiscalCalendarOptions): number {
  const cc = resolveCalendar(calendar);
  const [start, end] = checkPeriod(period, ['period']);
  return countWorkingDays(start, end, cc);
}

/**
 * The working days of a period, in order (see {@link isWorkingDay}).
 *
 * @param period - the period.
 * @param calendar - the fiscal calendar; default: Saturday and Sunday off, no holidays.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period; `INVALID_CALENDAR`
 *   for a bad calendar.
 * @example
 * ```ts
 * import { customPeriod, fiscalCalendar, workingDaysList } from 'openspm';
 * const cn = fiscalCalendar({ holidays: ['2024-10-01'], workdays: ['2024-09-29'] });
 * workingDaysList(customPeriod('2024-09-27', '2024-10-03'), cn);
 * //=> ['2024-09-27', '2024-09-29', '2024-09-30', '2024-10-02']
 * ```
 */
export function workingDaysList(
  period: Period,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): CalendarDate[] {
  const cc = resolveCalendar(calendar);
  const [start, end] = checkPeriod(period, ['period']);
  const out: CalendarDate[] = [];
  for (let n = start; n < end; n++) if (isWorkingDayNumber(n, cc)) out.push(formatDay(n));
  return out;
}

/**
 * The day `days` working days after `date` (before it when negative), counting only working days (see
 * {@link isWorkingDay}); `date` itself is not counted, and `days` = 0 returns `date` unchanged. Use it for
 * due dates such as "follow up within 3 working days".
 *
 * @param date - the day to count from, `'YYYY-MM-DD'` or a `Date` (placed in the calendar's zone).
 * @param days - a whole number of working days, may be negative.
 * @param calendar - the fiscal calendar; default: Saturday and Sunday off, no holidays, zone UTC.
 * @throws OpenSpmError `INVALID_DATE` for a bad date or a result outside 0001-01-01 … 9999-12-31;
 *   `INVALID_INPUT` (path `['days']`) when `days` is not a whole number.
 * @example
 * ```ts
 * import { addWorkingDays, fiscalCalendar } from 'openspm';
 * addWorkingDays('2024-03-15', 1); //=> '2024-03-18' (Friday → Monday)
 * addWorkingDays('2024-03-18', -1); //=> '2024-03-15'
 * const cn = fiscalCalendar({ holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'], workdays: ['2024-09-29'] });
 * addWorkingDays('2024-09-27', 2, cn); //=> '2024-09-30' (the make-up Sunday counts)
 * ```
 */
export function addWorkingDays(
  date: CalendarDate | Date,
  days: number,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): CalendarDate {
  const cc = resolveCalendar(calendar);
  const from = dayOfArg(date, cc, ['date']);
  if (typeof days !== 'number' || !Number.isSafeInteger(days)) {
    fail(ErrorCode.INVALID_INPUT, ['days'], `must be a whole number, got ${describeValue(days)}`);
  }
  // Day by day: due dates are days or weeks away, and the walk stops at the edge of the supported range.
  const step = days < 0 ? -1 : 1;
  let n = from;
  for (let left = Math.abs(days); left > 0 && n >= MIN_DAY && n <= MAX_DAY; ) {
    n += step;
    if (isWorkingDayNumber(n, cc)) left--;
  }
  return dayToDate(n, ['days'], `${days} working days from ${formatDay(from)}`);
}
