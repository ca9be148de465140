import { ErrorCode } from '../errors';
import { dayOrNaN, explainDate, fromDayNumber, isoWeekOneStart, isoWeeksInYear } from './calendar-date';
import {
  type CompiledCalendar,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  resolveCalendar,
} from './fiscal-calendar';
import { fiscalPart, monthStart, type Period, type RawPeriod, toPeriod } from './period';
import { describeValue, fail } from './shared';

const ACCEPTED =
  'accepted keys are FY2024 (fiscal year), FY2024-H1 or -H2 (fiscal half), FY2024-Q1 to -Q4 (fiscal quarter), ' +
  '2024, 2024-H1 and 2024-Q3 (the same, when the fiscal year is the calendar year), 2024-03 (month), 2024-W05 (ISO week), 2024-03-15 (day) and 2024-01-01..2024-02-16 (custom range, end excluded)';

const FISCAL = /^FY(\d{4})(?:-([HQ])(\d+))?$/;
const CALENDAR_YEAR_PART = /^(\d{4})(?:-([HQ])(\d+))?$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CUSTOM = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/**
 * The period a key names; the inverse of {@link Period.key}. Fiscal keys (`FY2024`, `FY2024-H1`,
 * `FY2024-Q3`) are read with the calendar's fiscal start month and naming. Letters may be in either
 * case and surrounding spaces are ignored; the returned key is in canonical form.
 *
 * | key                      | period                                  |
 * | ------------------------ | --------------------------------------- |
 * | `FY2024`                 | fiscal year                             |
 * | `FY2024-H1`, `FY2024-H2` | fiscal half                             |
 * | `FY2024-Q1` … `FY2024-Q4`| fiscal quarter                          |
 * | `2024`, `2024-H1`, `2024-Q3` | the same, when the fiscal year is the calendar year |
 * | `2024-03`                | calendar month                          |
 * | `2024-W05`               | ISO week (of ISO week-year 2024)        |
 * | `2024-03-15`             | day                                     |
 * | `2024-01-01..2024-02-16` | custom range, end excluded              |
 *
 * @param key - the key to read.
 * @param calendar - the fiscal calendar for fiscal keys; default: fiscal year = calendar year.
 * Calendar-year keys (`2024-Q3`) are read as the fiscal ones (`FY2024-Q3`, the canonical key) only when the
 * fiscal year starts in January; with another start month they are ambiguous, and the error gives both the
 * fiscal key and the calendar range to write instead.
 *
 * @throws OpenSpmError `INVALID_PERIOD` (path `['key']`) when the key is not one of the forms above or
 *   names a period that does not exist (`FY2024-Q5`, `2024-13`, `2021-W53`, `2023-02-29`); the message
 *   lists the accepted forms.
 * @example
 * ```ts
 * import { fiscalCalendar, parsePeriodKey } from 'openspm';
 * parsePeriodKey('FY2024-Q3');
 * //=> { kind: 'quarter', key: 'FY2024-Q3', start: '2024-07-01', end: '2024-10-01' }
 * parsePeriodKey('FY2024-Q3', fiscalCalendar({ fiscalYearStartMonth: 4 }));
 * //=> { kind: 'quarter', key: 'FY2024-Q3', start: '2024-10-01', end: '2025-01-01' }
 * parsePeriodKey('2024-Q3').key; //=> 'FY2024-Q3'
 * parsePeriodKey('2025-W01');
 * //=> { kind: 'week', key: '2025-W01', start: '2024-12-30', end: '2025-01-06' }
 * parsePeriodKey('2024-01-01..2024-02-16').kind; //=> 'custom'
 * ```
 */
export function parsePeriodKey(key: string, calendar?: FiscalCalendar | FiscalCalendarOptions): Period {
  const cc = resolveCalendar(calendar);
  if (typeof key !== 'string') {
    fail(
      ErrorCode.INVALID_PERIOD,
      ['key'],
      `expected a period key as text, got ${describeValue(key)}; ${ACCEPTED}`,
    );
  }
  const text = key.trim().toUpperCase();
  const bad = (why: string): never =>
    fail(
      ErrorCode.INVALID_PERIOD,
      ['key'],
      `${describeValue(key)} is not a valid period key: ${why}; ${ACCEPTED}`,
    );
  const raw = readKey(text, cc, bad);
  if (raw === undefined) return bad('it matches none of the forms');
  return toPeriod(raw, ['key']);
}

function readKey(text: string, cc: CompiledCalendar, bad: (why: string) => never): RawPeriod | undefined {
  const checkYear = (year: number): number => (year >= 1 ? year : bad('the year must be 0001 to 9999'));
  const fiscal = FISCAL.exec(text);
  if (fiscal) {
    const name = checkYear(Number(fiscal[1]));
    const part = fiscal[2];
    const digits = fiscal[3] ?? '';
    const index = Number(digits);
    if (part === undefined) return fiscalPart(cc, name, 'year', 0);
    if (part === 'H') {
      if (digits.length !== 1 || index < 1 || index > 2) bad('a fiscal half is H1 or H2');
      return fiscalPart(cc, name, 'half', index - 1);
    }
    if (digits.length !== 1 || index < 1 || index > 4) bad('a fiscal quarter is Q1 to Q4');
    return fiscalPart(cc, name, 'quarter', index - 1);
  }
  const calendarPart = CALENDAR_YEAR_PART.exec(text);
  if (calendarPart) {
    // 2024, 2024-H1, 2024-Q3: the calendar year's parts, read as the fiscal ones when the fiscal year is the
    // calendar year; otherwise ambiguous, and the message gives both spellings
    const fiscalKey = `FY${text}`;
    const raw = readKey(fiscalKey, cc, bad); // checks the half or quarter number
    if (cc.startMonth === 1) return raw;
    const [, year = '', part, digits = ''] = calendarPart;
    const size = part === 'H' ? 6 : part === 'Q' ? 3 : 12;
    const what = part === 'H' ? 'half' : part === 'Q' ? 'quarter' : 'year';
    const first = Number(year) * 12 + (Number(digits || 1) - 1) * size;
    const calendarRange = `${fromDayNumber(monthStart(first))}..${fromDayNumber(monthStart(first + size))}`;
    return bad(
      `with a fiscal year that does not start in January, a calendar-year key is ambiguous; write ${fiscalKey} for the fiscal ${what} or ${calendarRange} for the calendar ${what}`,
    );
  }
  const month = MONTH.exec(text);
  if (month) {
    const y = checkYear(Number(month[1]));
    const m = Number(month[2]);
    if (m < 1 || m > 12) bad('the month must be 01 to 12');
    const index = y * 12 + m - 1;
    return { kind: 'month', key: text, start: monthStart(index), end: monthStart(index + 1) };
  }
  const week = WEEK.exec(text);
  if (week) {
    const y = checkYear(Number(week[1]));
    const w = Number(week[2]);
    const weeks = isoWeeksInYear(y);
    if (w < 1 || w > weeks) bad(`ISO week-year ${y} has weeks W01 to W${weeks}`);
    const start = isoWeekOneStart(y) + (w - 1) * 7;
    return { kind: 'week', key: text, start, end: start + 7 };
  }
  if (DAY.test(text)) {
    const n = dayOrNaN(text);
    if (Number.isNaN(n)) bad(explainDate(text));
    return { kind: 'day', key: text, start: n, end: n + 1 };
  }
  const custom = CUSTOM.exec(text);
  if (custom) {
    const [, from = '', to = ''] = custom;
    const start = dayOrNaN(from);
    const end = dayOrNaN(to);
    if (Number.isNaN(start)) bad(`the start ${explainDate(from)}`);
    if (Number.isNaN(end)) bad(`the end ${explainDate(to)}`);
    if (end <= start) bad('the end (excluded) must come after the start');
    return { kind: 'custom', key: text, start, end };
  }
  return undefined;
}
