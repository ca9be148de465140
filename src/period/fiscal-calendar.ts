import { z } from 'zod';
import { ErrorCode, type IssuePath } from '../errors';
import { CalendarDateSchema, dayOrNaN, weekdayOfDay } from './calendar-date';
import { describeValue, MONTH_NAMES, parseWith, WEEKDAY_NAMES } from './shared';
import { checkZone, explainZone, isTimeZone } from './time-zone';

const monthError = (iss: { input?: unknown }) =>
  `must be a whole number from 1 (January) to 12 (December), got ${describeValue(iss.input)}`;
const weekdayError = (iss: { input?: unknown }) =>
  `must be a whole number from 1 (Monday) to 7 (Sunday), got ${describeValue(iss.input)}`;

const CALENDAR_FIELDS = 'fiscalYearStartMonth, fiscalYearNaming, weekend, holidays, workdays and zone';

const dateList = (what: string) =>
  z
    .array(CalendarDateSchema, {
      error: (iss) =>
        `expected a list of ${what} as YYYY-MM-DD text, e.g. ["2024-10-01"], got ${describeValue(iss.input)}`,
    })
    .readonly();

/**
 * The zod schema of a {@link FiscalCalendar}: every field is optional and has a default. Unknown fields
 * are rejected, so a misspelt option is reported instead of silently ignored. Prefer
 * {@link fiscalCalendar}, which also sorts the lists and freezes the result.
 *
 * @example
 * ```ts
 * import { FiscalCalendarSchema } from 'openspm';
 * FiscalCalendarSchema.parse({ fiscalYearStartMonth: 4 }).weekend; //=> [6, 7]
 * FiscalCalendarSchema.safeParse({ fiscalYearStartMonth: 13 }).success; //=> false
 * ```
 */
export const FiscalCalendarSchema = z
  .strictObject(
    {
      /**
       * The calendar month the fiscal year starts in, 1 (January) to 12 (December); default 1.
       * Fiscal years, halves and quarters start on the 1st of a month counted from this one.
       */
      fiscalYearStartMonth: z
        .number({ error: monthError })
        .int({ error: monthError })
        .min(1, { error: monthError })
        .max(12, { error: monthError })
        .default(1),
      /**
       * Which calendar year names the fiscal year: `'start'` (default; the year of its first day, so a year
       * starting 2024-04-01 is FY2024) or `'end'` (the year of its last day, so the same year is FY2025).
       * Makes no difference when the fiscal year starts in January.
       */
      fiscalYearNaming: z
        .literal(['start', 'end'], {
          error: (iss) => `must be "start" or "end", got ${describeValue(iss.input)}`,
        })
        .default('start'),
      /** ISO weekdays that are not working days, 1 = Monday … 7 = Sunday; default `[6, 7]`. */
      weekend: z
        .array(
          z
            .number({ error: weekdayError })
            .int({ error: weekdayError })
            .min(1, { error: weekdayError })
            .max(7, {
              error: weekdayError,
            }),
          {
            error: (iss) =>
              `expected a list of ISO weekdays such as [6, 7] (Saturday, Sunday), got ${describeValue(iss.input)}`,
          },
        )
        .readonly()
        .default([6, 7]),
      /** Days that are not worked although they are not weekend days (public holidays); default none. */
      holidays: dateList('holidays').default([]),
      /**
       * Weekend days that are worked (make-up working days, such as China's 调休); default none. Each must
       * fall on a weekend day and must not also be a holiday.
       */
      workdays: dateList('make-up working days').default([]),
      /**
       * The IANA time zone (`'Asia/Shanghai'`) in which a `Date` instant is placed on a calendar day;
       * default `'UTC'`.
       */
      zone: z
        .string({ error: (iss) => explainZone(iss.input) })
        .refine(isTimeZone, {
          error: (iss) => explainZone(iss.input),
          params: { code: ErrorCode.INVALID_CALENDAR },
        })
        .default('UTC'),
    },
    {
      error: (iss) => {
        if (iss.code === 'unrecognized_keys') {
          const plural = iss.keys.length > 1 ? 's' : '';
          return `unknown field${plural} ${iss.keys.map((k) => `"${k}"`).join(', ')}; a calendar has ${CALENDAR_FIELDS}`;
        }
        return `expected calendar options as an object such as { fiscalYearStartMonth: 4 }, got ${describeValue(iss.input)}`;
      },
    },
  )
  .superRefine((calendar, ctx) => {
    const weekend = new Set(calendar.weekend);
    if (weekend.size === 7) {
      ctx.addIssue({
        code: 'custom',
        path: ['weekend'],
        message: 'cannot hold all seven days; at least one day of the week must be a working day',
        params: { code: ErrorCode.INVALID_CALENDAR },
      });
    }
    const holidays = new Set(calendar.holidays);
    calendar.workdays.forEach((date, index) => {
      const n = dayOrNaN(date);
      if (Number.isNaN(n)) return; // already reported by the date schema
      if (holidays.has(date)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', index],
          message: `${date} is also listed in holidays; a day is either a holiday or a make-up working day, not both`,
          params: { code: ErrorCode.INVALID_CALENDAR },
        });
      } else if (!weekend.has(weekdayOfDay(n))) {
        const names = [...weekend].sort().map((w) => WEEKDAY_NAMES[w - 1]);
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', index],
          message: `${date} is a ${WEEKDAY_NAMES[weekdayOfDay(n) - 1]}, already a working day (weekend: ${names.join(', ') || 'none'}); list only weekend days that are worked`,
          params: { code: ErrorCode.INVALID_CALENDAR },
        });
      }
    });
  })
  .readonly();

/**
 * A fiscal calendar: when the fiscal year starts and how it is named, which days are worked, and the
 * time zone that places instants on days. Make one with {@link fiscalCalendar}.
 *
 * @example
 * ```ts
 * import { fiscalCalendar, type FiscalCalendar } from 'openspm';
 * const calendar: FiscalCalendar = fiscalCalendar({ fiscalYearStartMonth: 4 });
 * ```
 */
export interface FiscalCalendar extends z.output<typeof FiscalCalendarSchema> {}

/**
 * The options {@link fiscalCalendar} accepts: a {@link FiscalCalendar} whose fields are all optional.
 *
 * @example
 * ```ts
 * import type { FiscalCalendarOptions } from 'openspm';
 * const options: FiscalCalendarOptions = { fiscalYearStartMonth: 4, fiscalYearNaming: 'end', zone: 'Asia/Tokyo' };
 * ```
 */
export interface FiscalCalendarOptions extends z.input<typeof FiscalCalendarSchema> {}

/** A calendar ready for fast lookups. @internal */
export interface CompiledCalendar {
  readonly startMonth: number;
  /** The fiscal year takes the name of the calendar year it ends in (and it does not start in January). */
  readonly namedByEnd: boolean;
  /** Bit `1 << w` is set when ISO weekday `w` is a weekend day. */
  readonly weekendMask: number;
  readonly workingPerWeek: number;
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  /** Sorted day numbers of holidays that fall on days that would otherwise be worked. */
  readonly holidaysOffWorkingDays: Int32Array;
  /** Sorted day numbers of make-up working days. */
  readonly workdaysSorted: Int32Array;
  readonly rules: ReturnType<typeof checkZone>;
}

const compiled = new WeakMap<object, CompiledCalendar>();

function sortedUnique<T extends string | number>(values: readonly T[]): readonly T[] {
  return Object.freeze([...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
}

function normalize(parsed: FiscalCalendar): FiscalCalendar {
  return Object.freeze({
    fiscalYearStartMonth: parsed.fiscalYearStartMonth,
    fiscalYearNaming: parsed.fiscalYearNaming,
    weekend: sortedUnique(parsed.weekend),
    holidays: sortedUnique(parsed.holidays),
    workdays: sortedUnique(parsed.workdays),
    zone: parsed.zone,
  });
}

function compile(calendar: FiscalCalendar): CompiledCalendar {
  let weekendMask = 0;
  for (const w of calendar.weekend) weekendMask |= 1 << w;
  const holidays = new Set(calendar.holidays.map(dayOrNaN));
  const workdays = new Set(calendar.workdays.map(dayOrNaN));
  const off = [...holidays].filter((n) => (weekendMask & (1 << weekdayOfDay(n))) === 0);
  return {
    startMonth: calendar.fiscalYearStartMonth,
    namedByEnd: calendar.fiscalYearNaming === 'end' && calendar.fiscalYearStartMonth !== 1,
    weekendMask,
    workingPerWeek: 7 - new Set(calendar.weekend).size,
    holidays,
    workdays,
    holidaysOffWorkingDays: Int32Array.from(off).sort(),
    workdaysSorted: Int32Array.from(workdays).sort(),
    rules: checkZone(calendar.zone, ['zone']),
  };
}

function parseCalendar(input: unknown, basePath: IssuePath): FiscalCalendar {
  return normalize(parseWith(FiscalCalendarSchema, input, 'calendar', basePath, ErrorCode.INVALID_CALENDAR));
}

/**
 * Makes a fiscal calendar from options, checking every field and filling defaults: fiscal year from
 * January named by its start year, Saturday and Sunday off, no holidays, time zone UTC. The result is
 * frozen, with its lists sorted and duplicates removed; make it once and pass it to the period and
 * working-day functions (a plain object passed instead is checked again on every call).
 *
 * @param options - the calendar's settings; every field is optional.
 * @throws OpenSpmError `INVALID_CALENDAR` listing every problem, each with its path (for example
 *   `fiscalYearStartMonth: must be a whole number from 1 (January) to 12 (December), got 13`); a holiday
 *   or make-up day that does not exist is an issue with code `INVALID_DATE`.
 * @example
 * ```ts
 * import { fiscalCalendar } from 'openspm';
 * fiscalCalendar();
 * //=> { fiscalYearStartMonth: 1, fiscalYearNaming: 'start', weekend: [6, 7], holidays: [], workdays: [], zone: 'UTC' }
 *
 * // Fiscal year from April, named by the year it ends in (FY2025 = 2024-04-01 … 2025-03-31);
 * // National Day week off, with the make-up Sunday 2024-09-29 worked.
 * const cn = fiscalCalendar({
 *   fiscalYearStartMonth: 4,
 *   fiscalYearNaming: 'end',
 *   holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
 *   workdays: ['2024-09-29'],
 *   zone: 'Asia/Shanghai',
 * });
 * ```
 */
export function fiscalCalendar(options: FiscalCalendarOptions = {}): FiscalCalendar {
  const calendar = parseCalendar(options, []);
  compiled.set(calendar, compile(calendar));
  return calendar;
}

let defaultCalendar: CompiledCalendar | undefined;

/**
 * The compiled form of a calendar argument: the default calendar when omitted, the cached form of one
 * made by {@link fiscalCalendar}, or a plain object checked now (not cached: it could change later).
 * @internal
 */
export function resolveCalendar(input: unknown, path: IssuePath = ['calendar']): CompiledCalendar {
  if (input === undefined) {
    if (defaultCalendar === undefined) defaultCalendar = compile(parseCalendar({}, []));
    return defaultCalendar;
  }
  if (typeof input === 'object' && input !== null) {
    const known = compiled.get(input);
    if (known !== undefined) return known;
  }
  return compile(parseCalendar(input, path));
}

/** "fiscal year starting in April, named by the year it ends in", for messages. @internal */
export function describeCalendar(cc: CompiledCalendar): string {
  if (cc.startMonth === 1) return 'fiscal year = calendar year';
  const naming = cc.namedByEnd ? 'named by the year it ends in' : 'named by the year it starts in';
  return `fiscal year starting in ${MONTH_NAMES[cc.startMonth - 1]}, ${naming}`;
}
