import { z } from 'zod';
import { ErrorCode, type IssuePath } from '../errors';
import {
  type CalendarDate,
  CalendarDateSchema,
  civilFromDays,
  dayOrNaN,
  daysFromCivil,
  formatDay,
  isoWeekOfDay,
  MAX_DAY,
  MIN_DAY,
  toDay,
  weekdayOfDay,
} from './calendar-date';
import {
  type CompiledCalendar,
  describeCalendar,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  resolveCalendar,
} from './fiscal-calendar';
import { describeValue, fail, isDate, pad2, pad4, parseWith } from './shared';
import { dayOfDate } from './time-zone';

/**
 * What a period is: a fiscal `'year'`, `'half'` or `'quarter'`, a calendar `'month'`, an ISO `'week'`
 * (Monday to Sunday), a `'day'`, or a `'custom'` range of days.
 *
 * @example
 * ```ts
 * import type { PeriodKind } from 'openspm';
 * const kind: PeriodKind = 'quarter';
 * ```
 */
export type PeriodKind = 'year' | 'half' | 'quarter' | 'month' | 'week' | 'day' | 'custom';

/**
 * The kinds a calendar divides time into: every {@link PeriodKind} except `'custom'`.
 *
 * @example
 * ```ts
 * import type { CalendarPeriodKind } from 'openspm';
 * const kind: CalendarPeriodKind = 'week';
 * ```
 */
export type CalendarPeriodKind = Exclude<PeriodKind, 'custom'>;

/**
 * A span of whole days, from `start` (included) to `end` (excluded), with a key that names it.
 * Keys: `FY2024` (fiscal year), `FY2024-H1` (fiscal half), `FY2024-Q3` (fiscal quarter), `2024-03`
 * (calendar month), `2024-W05` (ISO week), `2024-03-15` (day), `2024-01-01..2024-02-15` (custom range,
 * end excluded). See {@link parsePeriodKey}.
 *
 * @example
 * ```ts
 * import type { Period } from 'openspm';
 * const q1: Period = { kind: 'quarter', key: 'FY2024-Q1', start: '2024-01-01', end: '2024-04-01' };
 * ```
 */
export interface Period {
  /** What the period is. */
  readonly kind: PeriodKind;
  /** Its name, unique for its kind in one calendar; parts of a split period share the whole's key. */
  readonly key: string;
  /** The first day of the period. */
  readonly start: CalendarDate;
  /** The day after the last day of the period (excluded), so `end` of one period is `start` of the next. */
  readonly end: CalendarDate;
  /**
   * `true` when this is only the part of the period named by `key` that lies inside a larger period it
   * was cut to (an ISO week split at a month end by {@link subPeriods}); absent otherwise.
   */
  readonly partial?: boolean;
}

/** @internal */
export const PERIOD_KINDS: readonly PeriodKind[] = [
  'year',
  'half',
  'quarter',
  'month',
  'week',
  'day',
  'custom',
];
const KIND_SET: ReadonlySet<unknown> = new Set(PERIOD_KINDS);

/**
 * The zod schema of a {@link Period}, for periods read from JSON, a spreadsheet or a database. It checks
 * the kind, that `start` and `end` are real dates and that `end` comes after `start`; it does not check
 * that `key` matches the dates (the functions that need a key check it against their calendar).
 *
 * @example
 * ```ts
 * import { PeriodSchema } from 'openspm';
 * PeriodSchema.safeParse({ kind: 'month', key: '2024-03', start: '2024-03-01', end: '2024-04-01' }).success; //=> true
 * PeriodSchema.safeParse({ kind: 'month', key: '2024-03', start: '2024-03-01', end: '2024-03-01' }).success; //=> false
 * ```
 */
export const PeriodSchema: z.ZodType<Period> = z
  .object(
    {
      kind: z.enum(PERIOD_KINDS as [PeriodKind, ...PeriodKind[]], {
        error: (iss) => `must be one of ${PERIOD_KINDS.join(', ')}, got ${describeValue(iss.input)}`,
      }),
      key: z
        .string({
          error: (iss) =>
            `expected the period's key as text such as "FY2024-Q1", got ${describeValue(iss.input)}`,
        })
        .min(1, { error: 'must not be empty' }),
      start: CalendarDateSchema,
      end: CalendarDateSchema,
      partial: z
        .boolean({ error: (iss) => `must be true, false or absent, got ${describeValue(iss.input)}` })
        .optional(),
    },
    {
      error: (iss) =>
        `expected a period object with kind, key, start and end, got ${describeValue(iss.input)}`,
    },
  )
  .refine((p) => !(dayOrNaN(p.end) <= dayOrNaN(p.start)), {
    path: ['end'],
    error: (iss) => {
      const p = iss.input as Period;
      return `must be after start (${p.start}), got ${p.end}; a period includes its start and excludes its end`;
    },
    params: { code: ErrorCode.INVALID_PERIOD },
  });

/** A period as day numbers, before formatting. @internal */
export interface RawPeriod {
  kind: PeriodKind;
  key: string;
  start: number;
  end: number;
}

/** Checks a period argument (fast path first), returning its start and end day numbers. @internal */
export function checkPeriod(value: unknown, path: IssuePath): [start: number, end: number] {
  if (typeof value === 'object' && value !== null) {
    const p = value as Period;
    const start = dayOrNaN(p.start);
    const end = dayOrNaN(p.end);
    if (
      start < end &&
      KIND_SET.has(p.kind) &&
      typeof p.key === 'string' &&
      p.key !== '' &&
      (p.partial === undefined || typeof p.partial === 'boolean')
    ) {
      return [start, end];
    }
  }
  parseWith(PeriodSchema, value, 'period', path, ErrorCode.INVALID_PERIOD);
  return fail(ErrorCode.INVALID_PERIOD, path, 'is not a valid period');
}

/** Checks a kind argument. @internal */
export function checkKind(kind: unknown, path: IssuePath): CalendarPeriodKind {
  if (kind === 'custom') {
    fail(
      ErrorCode.INVALID_PERIOD,
      path,
      '"custom" periods have no fixed length; make one with customPeriod(start, end), or use one of year, half, quarter, month, week, day',
    );
  }
  if (!KIND_SET.has(kind)) {
    fail(
      ErrorCode.INVALID_PERIOD,
      path,
      `must be one of year, half, quarter, month, week, day, got ${describeValue(kind)}`,
    );
  }
  return kind as CalendarPeriodKind;
}

/** Day number of a date argument: text is read strictly, a Date is placed in the calendar's zone. @internal */
export function dayOfArg(value: unknown, cc: CompiledCalendar, path: IssuePath): number {
  return isDate(value) ? dayOfDate(value, cc.rules, path) : toDay(value, path);
}

/** Day number of the first day of a month index (year * 12 + month − 1): months become integer steps. @internal */
export function monthStart(index: number): number {
  return daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
}

function fiscalName(cc: CompiledCalendar, fyStartIndex: number): number {
  const startYear = Math.floor(fyStartIndex / 12);
  return cc.namedByEnd ? startYear + 1 : startYear;
}

/** Month index of the first month of fiscal year `name`. @internal */
export function fiscalYearStartIndex(cc: CompiledCalendar, name: number): number {
  return (cc.namedByEnd ? name - 1 : name) * 12 + cc.startMonth - 1;
}

/** Fiscal year `name` split into `parts` equal runs of months; part `index` (0-based) as a raw period. @internal */
export function fiscalPart(
  cc: CompiledCalendar,
  name: number,
  kind: 'year' | 'half' | 'quarter',
  index: number,
) {
  const months = kind === 'year' ? 12 : kind === 'half' ? 6 : 3;
  const first = fiscalYearStartIndex(cc, name) + index * months;
  const key =
    kind === 'year' ? `FY${pad4(name)}` : `FY${pad4(name)}-${kind === 'half' ? 'H' : 'Q'}${index + 1}`;
  return { kind, key, start: monthStart(first), end: monthStart(first + months) };
}

/** The period of `kind` containing day `n`, as day numbers. @internal */
export function rawPeriodAt(kind: CalendarPeriodKind, n: number, cc: CompiledCalendar): RawPeriod {
  switch (kind) {
    case 'day':
      return { kind, key: formatDay(n), start: n, end: n + 1 };
    case 'week': {
      const start = n - weekdayOfDay(n) + 1;
      const { year, week } = isoWeekOfDay(n);
      return { kind, key: `${pad4(year)}-W${pad2(week)}`, start, end: start + 7 };
    }
    case 'month': {
      const [y, m] = civilFromDays(n);
      const index = y * 12 + m - 1;
      return { kind, key: `${pad4(y)}-${pad2(m)}`, start: monthStart(index), end: monthStart(index + 1) };
    }
    default: {
      const [y, m] = civilFromDays(n);
      const index = y * 12 + m - 1;
      const intoYear = (m - cc.startMonth + 12) % 12;
      const fyStart = index - intoYear;
      const name = fiscalName(cc, fyStart);
      const part = kind === 'year' ? 0 : Math.floor(intoYear / (kind === 'half' ? 6 : 3));
      return fiscalPart(cc, name, kind, part);
    }
  }
}

/** Formats a raw period, failing with INVALID_PERIOD when it leaves 0001-01-01 … 9999-12-31. @internal */
export function toPeriod(raw: RawPeriod, path: IssuePath, partial = false): Period {
  if (raw.start < MIN_DAY || raw.end > MAX_DAY) {
    fail(
      ErrorCode.INVALID_PERIOD,
      path,
      `${raw.key} would run outside the supported dates (periods must start on or after 0001-01-01 and end by 9999-12-31)`,
    );
  }
  const period: { -readonly [K in keyof Period]: Period[K] } = {
    kind: raw.kind,
    key: raw.key,
    start: formatDay(raw.start),
    end: formatDay(raw.end),
  };
  if (partial) period.partial = true;
  return period;
}

/**
 * The fiscal year named `year` in a calendar. With the default calendar it is the calendar year; with a
 * fiscal year starting in April it runs from 1 April, and `fiscalYearNaming` decides whether the year
 * starting 2024-04-01 is FY2024 (`'start'`, default) or FY2025 (`'end'`).
 *
 * @param year - the fiscal year's name, a whole number (2024 for FY2024).
 * @param calendar - the fiscal calendar; default: fiscal year = calendar year.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['year']`) when `year` is not a whole number or the year
 *   falls outside 0001-01-01 … 9999-12-31; `INVALID_CALENDAR` for a bad calendar.
 * @example
 * ```ts
 * import { fiscalCalendar, fiscalYear } from 'openspm';
 * fiscalYear(2024);
 * //=> { kind: 'year', key: 'FY2024', start: '2024-01-01', end: '2025-01-01' }
 * fiscalYear(2024, fiscalCalendar({ fiscalYearStartMonth: 4 }));
 * //=> { kind: 'year', key: 'FY2024', start: '2024-04-01', end: '2025-04-01' }
 * fiscalYear(2024, fiscalCalendar({ fiscalYearStartMonth: 4, fiscalYearNaming: 'end' }));
 * //=> { kind: 'year', key: 'FY2024', start: '2023-04-01', end: '2024-04-01' }
 * ```
 */
export function fiscalYear(year: number, calendar?: FiscalCalendar | FiscalCalendarOptions): Period {
  const cc = resolveCalendar(calendar);
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9999) {
    fail(
      ErrorCode.INVALID_PERIOD,
      ['year'],
      `must be a whole number from 1 to 9999, got ${describeValue(year)}`,
    );
  }
  return toPeriod(fiscalPart(cc, year, 'year', 0), ['year']);
}

/**
 * The period of a kind that contains a date: its fiscal year, half or quarter, its calendar month, its
 * ISO week (Monday to Sunday, named by ISO week-year) or the day itself. A `Date` is first placed on a
 * day in the calendar's `zone`.
 *
 * @param kind - `'year'`, `'half'`, `'quarter'`, `'month'`, `'week'` or `'day'`.
 * @param date - a date `'YYYY-MM-DD'` or a `Date` instant.
 * @param calendar - the fiscal calendar; default: fiscal year = calendar year, zone UTC.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['kind']`) for an unknown kind or `'custom'`;
 *   `INVALID_DATE` (path `['date']`) for a bad date; `INVALID_CALENDAR` for a bad calendar.
 * @example
 * ```ts
 * import { fiscalCalendar, periodContaining } from 'openspm';
 * periodContaining('quarter', '2024-05-20');
 * //=> { kind: 'quarter', key: 'FY2024-Q2', start: '2024-04-01', end: '2024-07-01' }
 * periodContaining('quarter', '2024-05-20', fiscalCalendar({ fiscalYearStartMonth: 4 }));
 * //=> { kind: 'quarter', key: 'FY2024-Q1', start: '2024-04-01', end: '2024-07-01' }
 * periodContaining('week', '2024-12-30');
 * //=> { kind: 'week', key: '2025-W01', start: '2024-12-30', end: '2025-01-06' }
 * periodContaining('day', new Date('2024-03-31T23:30:00Z'), fiscalCalendar({ zone: 'Asia/Shanghai' }));
 * //=> { kind: 'day', key: '2024-04-01', start: '2024-04-01', end: '2024-04-02' }
 * ```
 */
export function periodContaining(
  kind: CalendarPeriodKind,
  date: CalendarDate | Date,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): Period {
  const cc = resolveCalendar(calendar);
  const k = checkKind(kind, ['kind']);
  const n = dayOfArg(date, cc, ['date']);
  return toPeriod(rawPeriodAt(k, n, cc), ['date']);
}

/**
 * A custom period from `start` (included) to `end` (excluded), keyed `'start..end'`. For 1 January to
 * 15 February inclusive, pass `end` = `'2024-02-16'`.
 *
 * @param start - the first day, `'YYYY-MM-DD'` or a `Date` (placed in the calendar's zone).
 * @param end - the day after the last day, `'YYYY-MM-DD'` or a `Date`; must be after `start`.
 * @param calendar - only its `zone` matters here, for `Date` arguments; default UTC.
 * @throws OpenSpmError `INVALID_DATE` (path `['start']` / `['end']`) for a bad date; `INVALID_PERIOD`
 *   (path `['end']`) when `end` is not after `start`.
 * @example
 * ```ts
 * import { customPeriod } from 'openspm';
 * customPeriod('2024-01-01', '2024-02-16');
 * //=> { kind: 'custom', key: '2024-01-01..2024-02-16', start: '2024-01-01', end: '2024-02-16' }
 * ```
 */
export function customPeriod(
  start: CalendarDate | Date,
  end: CalendarDate | Date,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): Period {
  const cc = resolveCalendar(calendar);
  const s = dayOfArg(start, cc, ['start']);
  const e = dayOfArg(end, cc, ['end']);
  if (e <= s) {
    fail(
      ErrorCode.INVALID_PERIOD,
      ['end'],
      `must be after start (${formatDay(s)}), got ${formatDay(e)}; a period includes its start and excludes its end, so a one-day period ends the next day`,
    );
  }
  const startText = formatDay(s);
  const endText = formatDay(e);
  return { kind: 'custom', key: `${startText}..${endText}`, start: startText, end: endText };
}

/**
 * Whether a date lies in a period: `start <= date < end`. A `Date` is first placed on a day in the
 * calendar's `zone`.
 *
 * @param period - the period.
 * @param date - a date `'YYYY-MM-DD'` or a `Date` instant.
 * @param calendar - only its `zone` matters here, for a `Date`; default UTC.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period; `INVALID_DATE`
 *   (path `['date']`) for a bad date.
 * @example
 * ```ts
 * import { parsePeriodKey, periodContains } from 'openspm';
 * const march = parsePeriodKey('2024-03');
 * periodContains(march, '2024-03-31'); //=> true
 * periodContains(march, '2024-04-01'); //=> false (end is excluded)
 * ```
 */
export function periodContains(
  period: Period,
  date: CalendarDate | Date,
  calendar?: FiscalCalendar | FiscalCalendarOptions,
): boolean {
  const cc = resolveCalendar(calendar);
  const [start, end] = checkPeriod(period, ['period']);
  const n = dayOfArg(date, cc, ['date']);
  return n >= start && n < end;
}

/**
 * The number of days in a period (its end is excluded, so a month of March has 31).
 *
 * @param period - the period.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period.
 * @example
 * ```ts
 * import { fiscalYear, parsePeriodKey, periodDays } from 'openspm';
 * periodDays(parsePeriodKey('2024-02')); //=> 29
 * periodDays(fiscalYear(2023)); //=> 365
 * ```
 */
export function periodDays(period: Period): number {
  const [start, end] = checkPeriod(period, ['period']);
  return end - start;
}

/**
 * The whole period a (possibly partial) period belongs to, checked against the calendar. @internal
 */
export function wholePeriod(period: Period, cc: CompiledCalendar, path: IssuePath): RawPeriod {
  const [start, end] = checkPeriod(period, path);
  if (period.kind === 'custom') return { kind: 'custom', key: period.key, start, end };
  const whole = rawPeriodAt(period.kind, start, cc);
  const fits = period.partial ? end <= whole.end : start === whole.start && end === whole.end;
  if (whole.key !== period.key || !fits) {
    const inCalendar = period.kind === 'year' || period.kind === 'half' || period.kind === 'quarter';
    fail(
      ErrorCode.INVALID_PERIOD,
      path,
      `${period.key} (${period.start} to ${period.end}) is not a ${period.kind}${period.partial ? ' part' : ''} of ${
        inCalendar
          ? `this calendar (${describeCalendar(cc)}); pass the calendar the period was made with`
          : 'the calendar'
      }; in it, the ${period.kind} containing ${period.start} is ${whole.key} (${formatDay(whole.start)} to ${formatDay(whole.end)})`,
    );
  }
  return whole;
}

/**
 * The period of the same kind that follows. For a partial period (a week cut at a month end) it is the
 * whole period after the one it is part of; for a custom period it is the next range of the same length.
 *
 * @param period - the period; a year, half or quarter must belong to `calendar`.
 * @param calendar - the fiscal calendar the period was made with; default: fiscal year = calendar year.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period, or one whose key
 *   and dates do not match the calendar.
 * @example
 * ```ts
 * import { customPeriod, nextPeriod, parsePeriodKey } from 'openspm';
 * nextPeriod(parsePeriodKey('FY2024-Q4')).key; //=> 'FY2025-Q1'
 * nextPeriod(parsePeriodKey('2020-W53')).key; //=> '2021-W01'
 * nextPeriod(customPeriod('2024-01-01', '2024-01-11')).key; //=> '2024-01-11..2024-01-21'
 * ```
 */
export function nextPeriod(period: Period, calendar?: FiscalCalendar | FiscalCalendarOptions): Period {
  const cc = resolveCalendar(calendar);
  const whole = wholePeriod(period, cc, ['period']);
  if (whole.kind === 'custom') return shiftedCustom(whole, whole.end - whole.start);
  return toPeriod(rawPeriodAt(whole.kind, whole.end, cc), ['period']);
}

/**
 * The period of the same kind that comes before. For a partial period it is the whole period before the
 * one it is part of; for a custom period it is the previous range of the same length.
 *
 * @param period - the period; a year, half or quarter must belong to `calendar`.
 * @param calendar - the fiscal calendar the period was made with; default: fiscal year = calendar year.
 * @throws OpenSpmError `INVALID_PERIOD` (path `['period', …]`) for a malformed period, or one whose key
 *   and dates do not match the calendar.
 * @example
 * ```ts
 * import { fiscalCalendar, parsePeriodKey, previousPeriod } from 'openspm';
 * previousPeriod(parsePeriodKey('2024-01')).key; //=> '2023-12'
 * const fy = fiscalCalendar({ fiscalYearStartMonth: 4 });
 * previousPeriod(parsePeriodKey('FY2024-H1', fy), fy);
 * //=> { kind: 'half', key: 'FY2023-H2', start: '2023-10-01', end: '2024-04-01' }
 * ```
 */
export function previousPeriod(period: Period, calendar?: FiscalCalendar | FiscalCalendarOptions): Period {
  const cc = resolveCalendar(calendar);
  const whole = wholePeriod(period, cc, ['period']);
  if (whole.kind === 'custom') return shiftedCustom(whole, -(whole.end - whole.start));
  return toPeriod(rawPeriodAt(whole.kind, whole.start - 1, cc), ['period']);
}

function shiftedCustom(whole: RawPeriod, by: number): Period {
  const start = whole.start + by;
  const end = whole.end + by;
  const key = `${formatDay(start)}..${formatDay(end)}`;
  return toPeriod({ kind: 'custom', key, start, end }, ['period']);
}
