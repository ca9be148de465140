import { ErrorCode, type IssuePath } from '../errors';
import type { Decimal, DecimalInput } from '../money/index';
import {
  type CalendarDate,
  dayNumber,
  type FiscalCalendar,
  type Period,
  periodDays,
  subPeriods,
  toCalendarDate,
} from '../period/index';
import { fail, readWeight, scaleToIntegers } from './shared';

/**
 * A ramp for new hires: the percent of a full target by month of tenure, and the mid-month rule.
 *
 * @example
 * ```ts
 * import type { RampRule } from 'openspm';
 * const ramp: RampRule = { table: [25, 50, 75, 100], midMonthDay: 16 };
 * ```
 */
export interface RampRule {
  /** Percent of a full target in tenure month 1, 2, …; each 0 to 100. Months after the table count 100. */
  readonly table: readonly DecimalInput[];
  /**
   * Joining on this day of the month or later counts from the next month (default 16: joining on the
   * 16th starts tenure month 1 the month after). Leaving on this day or later still counts the month.
   */
  readonly midMonthDay?: number;
}

/** Who is ramped: hire and end dates, or the tenure month at the start of the period. */
export interface RampSubject {
  readonly hireDate?: CalendarDate | Date;
  readonly endDate?: CalendarDate | Date;
  readonly rampMonth?: number;
}

/** A ramp rule read once: percents as integers on one scale (100 % = `full`). @internal */
export interface CompiledRamp {
  readonly table: readonly bigint[];
  readonly full: bigint;
  readonly midMonthDay: number;
  readonly shown: readonly string[];
}

/** Reads and checks a ramp rule. @internal */
export function compileRamp(rule: RampRule | undefined, path: IssuePath): CompiledRamp {
  if (rule === undefined) return { table: [], full: 100n, midMonthDay: 16, shown: [] };
  if (rule === null || typeof rule !== 'object' || !Array.isArray(rule.table)) {
    fail(ErrorCode.INVALID_INPUT, path, 'expected { table: [25, 50, 75, 100], midMonthDay?: 16 }');
  }
  const values: Decimal[] = rule.table.map((v, i) => {
    const d = readWeight(v, [...path, 'table', i], 'ramp percent');
    if (d.greaterThan(100)) {
      fail(ErrorCode.INVALID_INPUT, [...path, 'table', i], `a ramp percent must be from 0 to 100, got ${d}`);
    }
    return d;
  });
  const mid = rule.midMonthDay ?? 16;
  if (!Number.isInteger(mid) || mid < 1 || mid > 31) {
    fail(
      ErrorCode.INVALID_INPUT,
      [...path, 'midMonthDay'],
      `must be a whole day of the month from 1 to 31, got ${mid}`,
    );
  }
  const scaled = scaleToIntegers([...values, readWeight(100, path)]);
  return {
    table: scaled.slice(0, -1),
    full: scaled[scaled.length - 1]!,
    midMonthDay: mid,
    shown: values.map(String),
  };
}

function monthIndex(date: CalendarDate): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/**
 * The ramp percent (on the compiled scale) of a subject in each month piece of `months`.
 * Tenure month 1 is the hire month, or the next month when hired on or after `midMonthDay`. @internal
 */
export function monthlyPercents(
  subject: RampSubject,
  ramp: CompiledRamp,
  months: readonly Period[],
  path: IssuePath,
  zone = 'UTC',
): bigint[] {
  const hire = asDate(subject.hireDate, zone, [...path, 'hireDate']);
  const end = asDate(subject.endDate, zone, [...path, 'endDate']);
  const first = months[0] ? monthIndex(months[0].start) : 0;
  let countFrom: number | null = null;
  if (subject.rampMonth !== undefined) {
    if (!Number.isInteger(subject.rampMonth) || subject.rampMonth < 1) {
      fail(
        ErrorCode.INVALID_INPUT,
        [...path, 'rampMonth'],
        `must be a whole month of tenure from 1, got ${subject.rampMonth}`,
      );
    }
    countFrom = first - (subject.rampMonth - 1);
  } else if (hire !== undefined) {
    const day = Number(hire.slice(8, 10));
    countFrom = monthIndex(hire) + (day >= ramp.midMonthDay ? 1 : 0);
  }
  let lastMonth: number | null = null;
  if (end !== undefined) {
    const day = Number(end.slice(8, 10));
    lastMonth = monthIndex(end) - (day >= ramp.midMonthDay ? 0 : 1);
  }
  return months.map((m) => {
    const mi = monthIndex(m.start);
    if (lastMonth !== null && mi > lastMonth) return 0n;
    if (countFrom === null) return ramp.full;
    const tenure = mi - countFrom + 1;
    if (tenure < 1) return 0n;
    return tenure <= ramp.table.length ? ramp.table[tenure - 1]! : ramp.full;
  });
}

/** A hire or end date as a calendar day: a `Date` (from the Rep model) is placed in the calendar's zone. */
function asDate(date: unknown, zone: string, path: IssuePath): CalendarDate | undefined {
  if (date === undefined) return undefined;
  if (date instanceof Date) {
    try {
      return toCalendarDate(date, zone);
    } catch {
      return fail(ErrorCode.INVALID_DATE, path, 'is not a valid Date');
    }
  }
  try {
    dayNumber(date as CalendarDate);
    return date as CalendarDate;
  } catch {
    return fail(ErrorCode.INVALID_DATE, path, `expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
}

/** Month pieces of a period with their day counts, for ramp factors. @internal */
export function monthPieces(period: Period, calendar: FiscalCalendar): { months: Period[]; days: bigint[] } {
  const months = subPeriods(period, 'month', calendar);
  return { months, days: months.map((m) => BigInt(periodDays(m))) };
}
