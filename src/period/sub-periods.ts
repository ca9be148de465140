import { ErrorCode } from '../errors';
import { type CalendarDate, formatDay } from './calendar-date';
import { type FiscalCalendar, type FiscalCalendarOptions, resolveCalendar } from './fiscal-calendar';
import {
  type CalendarPeriodKind,
  checkKind,
  checkPeriod,
  dayOfArg,
  type Period,
  rawPeriodAt,
  toPeriod,
} from './period';
import { fail } from './shared';

/**
 * The periods of `kind` that cover `period` exactly, in order, with no gap and no overlap: the first
 * starts at `period.start`, each ends where the next starts, the last ends at `period.end`. A child that
 * crosses the parent's boundary is cut to it and marked `partial: true`, keeping the whole child's key;
 * this is how an ISO week split by a month end is shared between the two months. Months, halves and
 * quarters of a fiscal year of the same calendar are never partial.
 *
 * @param period - the period to divide (any kind, including custom and partial periods).
 * @param kind - `'year'`, `'half'`, `'quarter'`, `'month'`, `'week'` or `'day'`.
 * @param calendar - the fiscal calendar for fiscal kinds; default: fiscal year = calendar year.
 * @throws OpenSpmError `INVALID_PERIOD` for a malformed period (path `['period', …]`) or an unknown
 *   kind (path `['kind']`).
 * @example
 * ```ts
 * import { parsePeriodKey, subPeriods } from 'openspm';
 * subPeriods(parsePeriodKey('FY2024-Q1'), 'month').map((p) => p.key); //=> ['2024-01', '2024-02', '2024-03']
 * subPeriods(parsePeriodKey('2024-02'), 'week');
 * //=> [
 * //   { kind: 'week', key: '2024-W05', start: '2024-02-01', end: '2024-02-05', partial: true },
 * //   { kind: 'week', key: '2024-W06', start: '2024-02-05', end: '2024-02-12' },
 * //   { kind: 'week', key: '2024-W07', start: '2024-02-12', end: '2024-02-19' },
 * //   { kind: 'week', key: '2024-W08', start: '2024-02-19', end: '2024-02-26' },
 * //   { kind: 'week', key: '2024-W09', start: '2024-02-26', end: '2024-03-01', partial: true },
 * // ]
 * ```
 */
export function subPeriods(
  period: Period,
  kind: CalendarPeriodKind,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): Period[] {
  const cc = resolveCalendar(calendar);
  const [start, end] = checkPeriod(period, ['period']);
  const k = checkKind(kind, ['kind']);
  const out: Period[] = [];
  for (let cursor = start; cursor < end; ) {
    const raw = rawPeriodAt(k, cursor, cc);
    const partial = raw.start < start || raw.end > end;
    if (raw.start < start) raw.start = start;
    if (raw.end > end) raw.end = end;
    out.push(toPeriod(raw, ['period'], partial));
    cursor = raw.end;
  }
  return out;
}

/**
 * Every whole period of `kind` that overlaps the range from `from` (included) to `to` (excluded), in
 * order. Unlike {@link subPeriods} the periods are not cut: the first may start before `from` and the
 * last may end after `to`. An empty range (`from` = `to`) gives an empty list. A `Date` is first placed
 * on a day in the calendar's `zone`.
 *
 * @param kind - `'year'`, `'half'`, `'quarter'`, `'month'`, `'week'` or `'day'`.
 * @param from - the first day of the range, `'YYYY-MM-DD'` or a `Date`.
 * @param to - the day after the range (excluded), `'YYYY-MM-DD'` or a `Date`; not before `from`.
 * @param calendar - the fiscal calendar; default: fiscal year = calendar year, zone UTC.
 * @throws OpenSpmError `INVALID_PERIOD` for an unknown kind (path `['kind']`) or `to` before `from`
 *   (path `['to']`); `INVALID_DATE` for a bad date.
 * @example
 * ```ts
 * import { eachPeriod, fiscalCalendar } from 'openspm';
 * eachPeriod('month', '2024-01-15', '2024-03-01').map((p) => p.key); //=> ['2024-01', '2024-02']
 * eachPeriod('quarter', '2024-01-01', '2025-01-01', fiscalCalendar({ fiscalYearStartMonth: 4 })).map((p) => p.key);
 * //=> ['FY2023-Q4', 'FY2024-Q1', 'FY2024-Q2', 'FY2024-Q3']
 * ```
 */
export function eachPeriod(
  kind: CalendarPeriodKind,
  from: CalendarDate | Date,
  to: CalendarDate | Date,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): Period[] {
  const cc = resolveCalendar(calendar);
  const k = checkKind(kind, ['kind']);
  const start = dayOfArg(from, cc, ['from']);
  const end = dayOfArg(to, cc, ['to']);
  if (end < start) {
    fail(
      ErrorCode.INVALID_PERIOD,
      ['to'],
      `must not be before from (${formatDay(start)}), got ${formatDay(end)}; the range runs from "from" (included) to "to" (excluded)`,
    );
  }
  const out: Period[] = [];
  for (let cursor = start; cursor < end; ) {
    const raw = rawPeriodAt(k, cursor, cc);
    out.push(toPeriod(raw, ['to']));
    cursor = raw.end;
  }
  return out;
}
