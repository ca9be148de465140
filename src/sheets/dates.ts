import { OpenSpmError } from '../errors';
import { type CalendarDate, dayNumber, fromDayNumber, parseCalendarDate } from '../period/index';
import { describeCell, isEmptyCell } from './cells';
import { problem } from './errors';

/**
 * How a spreadsheet numbers its days, for date cells that arrive as serial numbers:
 * - `'excel1900'` (Excel's default on Windows and the web): 1 = 1900-01-01. Excel counts a
 *   1900-02-29 that never existed (serial 60, kept for Lotus 1-2-3 compatibility), so from serial 61
 *   (1900-03-01) on, serial N is 1899-12-30 + N days; serials 1–59 are 1899-12-31 + N days; serial 60 is
 *   refused, and 0 (Excel's "1900-01-00") and negative serials do not exist.
 * - `'excel1904'` (old Mac workbooks, "Use 1904 date system"): 0 = 1904-01-01.
 * - `'sheets'` (Google Sheets): 0 = 1899-12-30, with no leap-year bug, and negative serials for earlier days.
 *
 * From 1900-03-01 on, `'excel1900'` and `'sheets'` give the same date for the same serial.
 * A fraction (a time of day) is dropped: the serial's day is the day the time falls on.
 *
 * @example
 * ```ts
 * import { dateFromSerial, type DateSystem } from 'openspm/sheets';
 * const system: DateSystem = 'sheets';
 * dateFromSerial(45366, system); //=> '2024-03-15'
 * ```
 */
export type DateSystem = 'excel1900' | 'excel1904' | 'sheets';

/**
 * Every {@link DateSystem}.
 *
 * @example
 * ```ts
 * import { DATE_SYSTEMS } from 'openspm/sheets';
 * DATE_SYSTEMS; //=> ['excel1900', 'excel1904', 'sheets']
 * ```
 */
export const DATE_SYSTEMS: readonly DateSystem[] = ['excel1900', 'excel1904', 'sheets'];

const DAY_1899_12_30 = dayNumber('1899-12-30');
const DAY_1899_12_31 = dayNumber('1899-12-31');
const DAY_1904_01_01 = dayNumber('1904-01-01');
const MIN_DAY = dayNumber('0001-01-01');
const MAX_DAY = dayNumber('9999-12-31');

function fail(message: string): never {
  throw new OpenSpmError('INVALID_DATE', message, { path: ['serial'] });
}

/**
 * The calendar date of a spreadsheet serial number in a {@link DateSystem} (default `'excel1900'`).
 *
 * @param serial - the cell's number; a fraction (time of day) is dropped.
 * @param system - the date system the number comes from.
 * @throws OpenSpmError `INVALID_DATE` (path `['serial']`) for a serial that names no day: Excel's
 *   1900-02-29 (serial 60), 0 or below in Excel's systems, or beyond 9999-12-31.
 * @example
 * ```ts
 * import { dateFromSerial } from 'openspm/sheets';
 * dateFromSerial(45366); //=> '2024-03-15'
 * dateFromSerial(1); //=> '1900-01-01'
 * dateFromSerial(61); //=> '1900-03-01'
 * dateFromSerial(59, 'sheets'); //=> '1900-02-27' (Google Sheets has no 1900-02-29)
 * dateFromSerial(0, 'excel1904'); //=> '1904-01-01'
 * dateFromSerial(45366.75); //=> '2024-03-15' (18:00 that day)
 * ```
 */
export function dateFromSerial(serial: number, system: DateSystem = 'excel1900'): CalendarDate {
  if (typeof serial !== 'number' || !Number.isFinite(serial)) {
    fail(`a date serial must be a finite number, got ${describeCell(serial)}`);
  }
  const whole = Math.floor(serial);
  let day: number;
  if (system === 'excel1900') {
    if (whole === 60) {
      fail(
        'serial 60 is 1900-02-29 in Excel, a day that did not exist (Excel keeps it for Lotus 1-2-3 compatibility); use 59 (1900-02-28) or 61 (1900-03-01)',
      );
    }
    if (whole < 1) fail(`Excel date serials start at 1 (1900-01-01), got ${serial}`);
    day = whole < 60 ? DAY_1899_12_31 + whole : DAY_1899_12_30 + whole;
  } else if (system === 'excel1904') {
    if (whole < 0) fail(`Excel 1904 date serials start at 0 (1904-01-01), got ${serial}`);
    day = DAY_1904_01_01 + whole;
  } else if (system === 'sheets') {
    day = DAY_1899_12_30 + whole;
  } else {
    throw new OpenSpmError(
      'INVALID_INPUT',
      `dateSystem must be one of ${DATE_SYSTEMS.join(', ')}, got ${describeCell(system)}`,
      { path: ['system'] },
    );
  }
  if (day < MIN_DAY || day > MAX_DAY) fail(`serial ${serial} is outside 0001-01-01 … 9999-12-31`);
  return fromDayNumber(day);
}

/**
 * The serial number of a date in a {@link DateSystem} (default `'excel1900'`): the inverse of
 * {@link dateFromSerial}, for writing dates back as numbers a cell can format.
 *
 * @param date - the date, `'YYYY-MM-DD'`.
 * @param system - the date system to number it in.
 * @throws OpenSpmError `INVALID_DATE` for a date that is not real, or one the system cannot number
 *   (before 1900-01-01 in `'excel1900'`, before 1904-01-01 in `'excel1904'`).
 * @example
 * ```ts
 * import { serialFromDate } from 'openspm/sheets';
 * serialFromDate('2024-03-15'); //=> 45366
 * serialFromDate('1900-02-28'); //=> 59
 * serialFromDate('1900-02-28', 'sheets'); //=> 60
 * serialFromDate('2024-03-15', 'excel1904'); //=> 43904
 * ```
 */
export function serialFromDate(date: CalendarDate, system: DateSystem = 'excel1900'): number {
  const day = dayNumber(date);
  if (system === 'excel1900') {
    if (day <= DAY_1899_12_31) fail(`Excel's 1900 date system starts at 1900-01-01, got ${date}`);
    return day < DAY_1899_12_31 + 60 ? day - DAY_1899_12_31 : day - DAY_1899_12_30;
  }
  if (system === 'excel1904') {
    if (day < DAY_1904_01_01) fail(`Excel's 1904 date system starts at 1904-01-01, got ${date}`);
    return day - DAY_1904_01_01;
  }
  if (system === 'sheets') return day - DAY_1899_12_30;
  throw new OpenSpmError('INVALID_INPUT', `dateSystem must be one of ${DATE_SYSTEMS.join(', ')}`, {
    path: ['system'],
  });
}

/**
 * Options for {@link readSheetDate}: how the host passes dates.
 *
 * @example
 * ```ts
 * import { readSheetDate, type ReadSheetDateOptions } from 'openspm/sheets';
 * const options: ReadSheetDateOptions = { dateSystem: 'sheets', timeZone: 'Asia/Shanghai' };
 * readSheetDate(45366, options); //=> '2024-03-15'
 * ```
 */
export interface ReadSheetDateOptions {
  /** The date system of serial numbers; default `'excel1900'`. */
  dateSystem?: DateSystem;
  /**
   * The IANA time zone that places a `Date` or an ISO date-time with an offset on a day; default `'UTC'`.
   * Google Apps Script passes date cells as `Date`s at midnight in the spreadsheet's time zone, so its
   * wrappers pass that zone here.
   */
  timeZone?: string;
}

/**
 * Reads a date cell, whatever form it arrives in: a serial number (in `options.dateSystem`), ISO text
 * (`'2024-03-15'`, or a date-time such as `'2024-03-15T09:30:00+08:00'`, placed in `options.timeZone`),
 * or a `Date` (placed in `options.timeZone`).
 *
 * @param value - the cell.
 * @param options - the date system and time zone.
 * @throws OpenSpmError `INVALID_DATE` when the cell is empty, is not a date, or names a day that does not exist.
 * @example
 * ```ts
 * import { readSheetDate } from 'openspm/sheets';
 * readSheetDate(45366); //=> '2024-03-15'
 * readSheetDate('2024-03-15'); //=> '2024-03-15'
 * readSheetDate(new Date('2024-03-14T16:00:00Z'), { timeZone: 'Asia/Shanghai' }); //=> '2024-03-15'
 * ```
 */
export function readSheetDate(value: unknown, options: ReadSheetDateOptions = {}): CalendarDate {
  if (typeof value === 'number') return dateFromSerial(value, options.dateSystem ?? 'excel1900');
  if (isEmptyCell(value)) throw new OpenSpmError('INVALID_DATE', 'expected a date, got an empty cell');
  if (typeof value === 'string' || Object.prototype.toString.call(value) === '[object Date]') {
    return parseCalendarDate(value as string | Date, options.timeZone ?? 'UTC');
  }
  throw new OpenSpmError(
    'INVALID_DATE',
    `expected a date (a date cell, a serial number or text such as 2024-03-15), got ${describeCell(value)}`,
  );
}

/** Reads a date cell inside a sheet function, failing with `#VALUE!`/`#NUM!` naming `where`. @internal */
export function cellDate(value: unknown, where: string, options: ReadSheetDateOptions): CalendarDate {
  try {
    return readSheetDate(value, options);
  } catch (error) {
    if (!(error instanceof OpenSpmError)) throw error;
    // Issue messages begin with the internal path ("input: …", "serial: …"); the cell is named by `where`.
    const text = (error.issues[0]?.message ?? error.message).replace(/^(input|serial|system): /, '');
    const code = typeof value === 'number' ? '#NUM!' : '#VALUE!';
    return problem(code, `${where}: ${text}`);
  }
}
