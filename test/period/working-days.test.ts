import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  customPeriod,
  dayNumber,
  fiscalCalendar,
  fiscalYear,
  fromDayNumber,
  isWorkingDay,
  parsePeriodKey,
  periodDays,
  subPeriods,
  weekday,
  workingDays,
  workingDaysList,
} from '../../src/period';
import { expectError } from './helpers';

// China 2024: National Day 1–7 October with make-up Sundays/Saturdays 29 September and 12 October;
// Spring Festival 10–17 February with make-up Sundays 4 and 18 February.
const china2024 = fiscalCalendar({
  holidays: [
    '2024-02-10',
    '2024-02-11',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-02-15',
    '2024-02-16',
    '2024-02-17',
    '2024-10-01',
    '2024-10-02',
    '2024-10-03',
    '2024-10-04',
    '2024-10-05',
    '2024-10-06',
    '2024-10-07',
  ],
  workdays: ['2024-02-04', '2024-02-18', '2024-09-29', '2024-10-12'],
  zone: 'Asia/Shanghai',
});

describe('isWorkingDay', () => {
  it('treats Saturday and Sunday as the default weekend', () => {
    expect(isWorkingDay('2024-03-15')).toBe(true); // Friday
    expect(isWorkingDay('2024-03-16')).toBe(false); // Saturday
    expect(isWorkingDay('2024-03-17')).toBe(false); // Sunday
    expect(isWorkingDay('2024-03-18')).toBe(true); // Monday
  });

  it('applies holidays and make-up working days', () => {
    expect(isWorkingDay('2024-10-01', china2024)).toBe(false); // Tuesday, holiday
    expect(isWorkingDay('2024-10-05', china2024)).toBe(false); // Saturday, holiday
    expect(isWorkingDay('2024-09-29', china2024)).toBe(true); // Sunday, make-up
    expect(isWorkingDay('2024-10-12', china2024)).toBe(true); // Saturday, make-up
    expect(isWorkingDay('2024-10-13', china2024)).toBe(false); // Sunday
    expect(isWorkingDay('2024-10-08', china2024)).toBe(true); // Tuesday
  });

  it('follows a custom weekend', () => {
    const gulf = fiscalCalendar({ weekend: [5, 6] });
    expect(isWorkingDay('2024-03-15', gulf)).toBe(false); // Friday
    expect(isWorkingDay('2024-03-17', gulf)).toBe(true); // Sunday
    const everyDay = fiscalCalendar({ weekend: [], holidays: ['2024-12-25'] });
    expect(isWorkingDay('2024-03-17', everyDay)).toBe(true);
    expect(isWorkingDay('2024-12-25', everyDay)).toBe(false);
  });

  it('places a Date in the calendar zone', () => {
    // Monday 30 September 2024, 18:00 UTC = Tuesday 1 October 02:00 in Shanghai, a holiday.
    const instant = new Date('2024-09-30T18:00:00Z');
    expect(isWorkingDay(instant, china2024)).toBe(false);
    expect(isWorkingDay(instant, { ...china2024, zone: 'UTC' })).toBe(true);
  });

  it('rejects bad dates', () => {
    expectError(() => isWorkingDay('2024-02-30'), 'INVALID_DATE', ['date']);
  });
});

describe('workingDays / workingDaysList', () => {
  it('counts weekdays by default', () => {
    expect(workingDays(parsePeriodKey('2024-10'))).toBe(23);
    expect(workingDays(parsePeriodKey('2024-02'))).toBe(21);
    expect(workingDays(fiscalYear(2024))).toBe(262);
    expect(workingDays(parsePeriodKey('2024-W11'))).toBe(5);
    expect(workingDays(parsePeriodKey('2024-03-16'))).toBe(0);
  });

  it('takes holidays and make-up days into account', () => {
    expect(workingDays(parsePeriodKey('2024-10'), china2024)).toBe(23 - 5 + 1);
    expect(workingDays(parsePeriodKey('2024-02'), china2024)).toBe(21 - 5 + 2);
    expect(workingDays(parsePeriodKey('2024-09'), china2024)).toBe(21 + 1);
    expect(workingDaysList(customPeriod('2024-09-27', '2024-10-09'), china2024)).toEqual([
      '2024-09-27',
      '2024-09-29',
      '2024-09-30',
      '2024-10-08',
    ]);
  });

  it('splits a month target by week pieces that add up to the month', () => {
    const february = parsePeriodKey('2024-02');
    const pieces = subPeriods(february, 'week');
    expect(pieces.map((w) => workingDays(w, china2024))).toEqual([3, 5, 1, 5, 4]);
    expect(pieces.reduce((sum, w) => sum + workingDays(w, china2024), 0)).toBe(
      workingDays(february, china2024),
    );
  });

  it('rejects bad periods', () => {
    expectError(
      () => workingDays({ kind: 'month', key: '2024-02', start: '2024-02-01', end: '2024-02-01' }),
      'INVALID_PERIOD',
      ['period', 'end'],
    );
    expectError(() => workingDaysList(undefined as never), 'INVALID_PERIOD', ['period']);
  });

  it('property: matches a day-by-day count, never exceeds the days, and adds up over sub-periods', () => {
    const listedDay = fc
      .integer({ min: dayNumber('2023-06-01'), max: dayNumber('2025-06-30') })
      .map(fromDayNumber);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 3 }),
        fc.uniqueArray(listedDay, { maxLength: 40 }),
        fc.uniqueArray(listedDay, { maxLength: 20 }),
        fc.integer({ min: dayNumber('2023-01-01'), max: dayNumber('2025-12-31') }),
        fc.integer({ min: 1, max: 500 }),
        (weekend, holidays, candidates, start, length) => {
          const workdays = candidates.filter((d) => weekend.includes(weekday(d)) && !holidays.includes(d));
          const calendar = fiscalCalendar({ weekend, holidays, workdays });
          const period = customPeriod(fromDayNumber(start), fromDayNumber(start + length));
          const list = workingDaysList(period, calendar);
          let naive = 0;
          for (let d = period.start; d < period.end; d = addDays(d, 1)) {
            if (holidays.includes(d)) continue;
            if (workdays.includes(d) || !weekend.includes(weekday(d))) naive++;
          }
          expect(workingDays(period, calendar)).toBe(naive);
          expect(list).toHaveLength(naive);
          expect(list.every((d) => isWorkingDay(d, calendar))).toBe(true);
          expect(naive).toBeLessThanOrEqual(periodDays(period));
          for (const kind of ['month', 'week'] as const) {
            const sum = subPeriods(period, kind).reduce((s, p) => s + workingDays(p, calendar), 0);
            expect(sum).toBe(naive);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addWorkingDays', () => {
  it('skips weekends', () => {
    expect(addWorkingDays('2024-03-15', 1)).toBe('2024-03-18');
    expect(addWorkingDays('2024-03-15', 5)).toBe('2024-03-22');
    expect(addWorkingDays('2024-03-18', -1)).toBe('2024-03-15');
    expect(addWorkingDays('2024-03-16', 1)).toBe('2024-03-18');
    expect(addWorkingDays('2024-03-16', 0)).toBe('2024-03-16');
  });

  it('skips holidays and counts make-up days', () => {
    expect(addWorkingDays('2024-09-27', 1, china2024)).toBe('2024-09-29');
    expect(addWorkingDays('2024-09-27', 2, china2024)).toBe('2024-09-30');
    expect(addWorkingDays('2024-09-30', 1, china2024)).toBe('2024-10-08');
    expect(addWorkingDays('2024-10-08', -1, china2024)).toBe('2024-09-30');
  });

  it('places a Date in the calendar zone', () => {
    expect(addWorkingDays(new Date('2024-09-30T18:00:00Z'), 1, china2024)).toBe('2024-10-08');
  });

  it('rejects bad input and results out of range', () => {
    expectError(() => addWorkingDays('2024-03-15', 1.5), 'INVALID_INPUT', ['days']);
    expectError(() => addWorkingDays('2024-02-30', 1), 'INVALID_DATE', ['date']);
    expectError(() => addWorkingDays('9999-12-30', 5), 'INVALID_DATE', ['days']);
  });

  it('property: the result is a working day with exactly |n| working days between', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2024-01-01'), max: dayNumber('2024-12-31') }),
        fc.integer({ min: -40, max: 40 }).filter((n) => n !== 0),
        (n, days) => {
          const from = fromDayNumber(n);
          const to = addWorkingDays(from, days, china2024);
          expect(isWorkingDay(to, china2024)).toBe(true);
          const between =
            days > 0
              ? workingDays(customPeriod(addDays(from, 1), addDays(to, 1)), china2024)
              : workingDays(customPeriod(to, from), china2024);
          expect(between).toBe(Math.abs(days));
        },
      ),
      { numRuns: 300 },
    );
  });
});
