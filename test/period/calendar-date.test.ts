import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  CalendarDateSchema,
  compareCalendarDates,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  isoWeek,
  weekday,
} from '../../src/period';
import { expectError, MAX_DAY, MIN_DAY } from './helpers';

const MS_PER_DAY = 86_400_000;
const anyDay = fc.integer({ min: MIN_DAY, max: MAX_DAY });
const anyDate = anyDay.map((n) => fromDayNumber(n));

/** ISO week by the textbook ordinal-date formula, with Date's UTC getters: an independent reference. */
function referenceIsoWeek(date: string): { year: number; week: number } {
  const d = new Date(`${date}T00:00:00Z`);
  const year = d.getUTCFullYear();
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const ordinal = Math.round((d.getTime() - jan1.getTime()) / MS_PER_DAY) + 1;
  const wd = ((d.getUTCDay() + 6) % 7) + 1;
  const week = Math.floor((ordinal - wd + 10) / 7);
  const weeksIn = (y: number) => {
    const p = (yy: number) => (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400)) % 7;
    return p(y) === 4 || p(y - 1) === 3 ? 53 : 52;
  };
  if (week < 1) return { year: year - 1, week: weeksIn(year - 1) };
  if (week > weeksIn(year)) return { year: year + 1, week: 1 };
  return { year, week };
}

describe('dayNumber / fromDayNumber', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2024-03-15')).toBe(19797);
    expect(dayNumber('2000-03-01')).toBe(11017);
    expect(dayNumber('0001-01-01')).toBe(MIN_DAY);
    expect(dayNumber('9999-12-31')).toBe(MAX_DAY);
  });

  it('converts back', () => {
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(19797)).toBe('2024-03-15');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(fromDayNumber(MIN_DAY)).toBe('0001-01-01');
    expect(fromDayNumber(MAX_DAY)).toBe('9999-12-31');
    expect(fromDayNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('rejects day numbers that are not whole or out of range', () => {
    for (const bad of [
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      MIN_DAY - 1,
      MAX_DAY + 1,
      '5' as unknown as number,
    ]) {
      expectError(() => fromDayNumber(bad), 'INVALID_DATE', ['dayNumber']);
    }
    const error = expectError(() => fromDayNumber(MAX_DAY + 1), 'INVALID_DATE', ['dayNumber']);
    expect(error.message).toBe(
      'dayNumber: must be a whole number from -719162 (0001-01-01) to 2932896 (9999-12-31), got 2932897',
    );
  });

  it('property: fromDayNumber(dayNumber(d)) === d, and dayNumber(fromDayNumber(n)) === n', () => {
    fc.assert(fc.property(anyDay, (n) => dayNumber(fromDayNumber(n)) === n));
    fc.assert(fc.property(anyDate, (d) => fromDayNumber(dayNumber(d)) === d));
  });

  it('property: agrees with Date.UTC / toISOString over years 1 to 9999', () => {
    fc.assert(
      fc.property(anyDay, (n) => {
        const iso = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
        expect(fromDayNumber(n)).toBe(iso);
        const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
        const utc = new Date(0);
        utc.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as given
        expect(utc.getTime() / MS_PER_DAY).toBe(n);
        if (y >= 100) expect(Date.UTC(y, m - 1, d) / MS_PER_DAY).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validation of CalendarDate text', () => {
  it('accepts real dates, leap days included', () => {
    for (const good of ['2024-02-29', '2000-02-29', '1600-02-29', '2023-12-31', '0001-01-01', '9999-12-31']) {
      expect(isCalendarDate(good)).toBe(true);
      expect(() => dayNumber(good)).not.toThrow();
    }
  });

  it.each([
    ['2023-02-29', 'date: "2023-02-29" does not exist: February 2023 has 28 days'],
    ['1900-02-29', 'date: "1900-02-29" does not exist: February 1900 has 28 days'],
    ['2024-04-31', 'date: "2024-04-31" does not exist: April 2024 has 30 days'],
    ['2024-01-00', 'date: "2024-01-00" does not exist: January 2024 has 31 days'],
    ['2024-13-01', 'date: "2024-13-01" does not exist: the month must be 01 to 12'],
    ['2024-00-10', 'date: "2024-00-10" does not exist: the month must be 01 to 12'],
    ['0000-06-01', 'date: "0000-06-01" is out of range: dates run from 0001-01-01 to 9999-12-31'],
    ['2024-3-1', 'date: "2024-3-1" is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)'],
    ['2024/03/01', 'date: "2024/03/01" is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)'],
    [' 2024-03-01', 'date: " 2024-03-01" is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)'],
    ['', 'date: "" is not a date in the form YYYY-MM-DD (e.g. 2024-03-15)'],
  ])('rejects %j with INVALID_DATE', (text, message) => {
    expect(isCalendarDate(text)).toBe(false);
    const error = expectError(() => dayNumber(text), 'INVALID_DATE', ['date']);
    expect(error.message).toBe(message);
  });

  it('points date-times and Dates to the functions that place them on the calendar', () => {
    const dateTime = expectError(() => dayNumber('2024-03-31T23:30:00Z'), 'INVALID_DATE', ['date']);
    expect(dateTime.message).toContain('use parseCalendarDate(value, zone)');
    const date = expectError(() => dayNumber(new Date(0) as unknown as string), 'INVALID_DATE', ['date']);
    expect(date.message).toContain('use toCalendarDate(instant, zone)');
    const number = expectError(() => dayNumber(45000 as unknown as string), 'INVALID_DATE', ['date']);
    expect(number.message).toBe(
      'date: expected a date as text in the form YYYY-MM-DD (e.g. 2024-03-15), got 45000',
    );
    expect(isCalendarDate(null)).toBe(false);
    expect(isCalendarDate(20240301)).toBe(false);
  });

  it('CalendarDateSchema reports nonexistent days as INVALID_DATE issues', () => {
    expect(CalendarDateSchema.parse('2024-02-29')).toBe('2024-02-29');
    const result = CalendarDateSchema.safeParse('2023-02-29');
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.code).toBe('custom');
    expect((issue as { params?: { code?: string } }).params?.code).toBe('INVALID_DATE');
    expect(issue.message).toBe('"2023-02-29" does not exist: February 2023 has 28 days');
    expect(CalendarDateSchema.safeParse(5).error!.issues[0]!.message).toContain('got 5');
  });
});

describe('addDays', () => {
  it('steps across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-12-25', 7)).toBe('2024-01-01');
    expect(addDays('2024-01-01', 366)).toBe('2025-01-01');
    expect(addDays('2024-03-15', 0)).toBe('2024-03-15');
    expect(addDays('1970-01-01', -719162)).toBe('0001-01-01');
  });

  it('rejects bad input and results out of range', () => {
    expectError(() => addDays('2023-02-29', 1), 'INVALID_DATE', ['date']);
    expectError(() => addDays('2024-01-01', 1.5), 'INVALID_INPUT', ['days']);
    expectError(() => addDays('2024-01-01', Number.NaN), 'INVALID_INPUT', ['days']);
    const error = expectError(() => addDays('9999-12-31', 1), 'INVALID_DATE', ['days']);
    expect(error.message).toBe(
      'days: 9999-12-31 plus 1 days falls outside the supported range: dates run from 0001-01-01 to 9999-12-31',
    );
    expectError(() => addDays('0001-01-01', -1), 'INVALID_DATE', ['days']);
  });

  it('property: daysBetween(d, addDays(d, k)) === k', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_DAY + 5000, max: MAX_DAY - 5000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (n, k) => {
          const d = fromDayNumber(n);
          return daysBetween(d, addDays(d, k)) === k;
        },
      ),
    );
  });
});

describe('daysBetween', () => {
  it('is to − from in whole days', () => {
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2023-02-01', '2023-03-01')).toBe(28);
    expect(daysBetween('2024-03-01', '2024-02-01')).toBe(-29);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('1900-01-01', '1901-01-01')).toBe(365);
    expect(daysBetween('2000-01-01', '2001-01-01')).toBe(366);
    expect(daysBetween('2024-03-15', '2024-03-15')).toBe(0);
  });

  it('names the bad argument', () => {
    expectError(() => daysBetween('2024-02-30', '2024-03-01'), 'INVALID_DATE', ['from']);
    expectError(() => daysBetween('2024-02-01', '2024-02-30'), 'INVALID_DATE', ['to']);
  });
});

describe('weekday', () => {
  it('numbers days ISO style, Monday = 1 … Sunday = 7', () => {
    expect(weekday('2024-03-11')).toBe(1);
    expect(weekday('2024-03-15')).toBe(5);
    expect(weekday('2024-03-17')).toBe(7);
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('2000-01-01')).toBe(6);
    expect(weekday('0001-01-01')).toBe(1);
    expect(weekday('1969-12-28')).toBe(7);
  });

  it('property: agrees with getUTCDay', () => {
    fc.assert(
      fc.property(
        anyDay,
        (n) => weekday(fromDayNumber(n)) === ((new Date(n * MS_PER_DAY).getUTCDay() + 6) % 7) + 1,
      ),
    );
  });
});

describe('isoWeek', () => {
  it.each([
    ['2024-03-15', 2024, 11],
    ['2024-01-01', 2024, 1],
    ['2024-12-29', 2024, 52],
    ['2024-12-30', 2025, 1],
    ['2025-12-29', 2026, 1],
    ['2020-12-31', 2020, 53],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2026-12-31', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2015-12-31', 2015, 53],
    ['2010-01-03', 2009, 53],
    ['2008-12-29', 2009, 1],
  ])('%s is %i-W%i', (date, year, week) => {
    expect(isoWeek(date)).toEqual({ year, week });
  });

  it('property: matches the ordinal-date reference formula', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('0002-01-01'), max: dayNumber('9998-12-31') }), (n) => {
        const d = fromDayNumber(n);
        expect(isoWeek(d)).toEqual(referenceIsoWeek(d));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compareCalendarDates', () => {
  it('orders dates and works as a sort comparator', () => {
    expect(compareCalendarDates('2024-01-31', '2024-02-01')).toBe(-1);
    expect(compareCalendarDates('2024-02-01', '2024-01-31')).toBe(1);
    expect(compareCalendarDates('2024-02-01', '2024-02-01')).toBe(0);
    const dates = ['2024-03-01', '0999-12-31', '2023-12-31'];
    expect([...dates].sort(compareCalendarDates)).toEqual(['0999-12-31', '2023-12-31', '2024-03-01']);
    expect(dates).toEqual(['2024-03-01', '0999-12-31', '2023-12-31']);
  });

  it('rejects bad dates', () => {
    expectError(() => compareCalendarDates('2024-02-30', '2024-01-01'), 'INVALID_DATE', ['a']);
    expectError(() => compareCalendarDates('2024-01-01', 'tomorrow'), 'INVALID_DATE', ['b']);
  });

  it('property: agrees with plain string comparison of valid dates', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => compareCalendarDates(a, b) === (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
});
