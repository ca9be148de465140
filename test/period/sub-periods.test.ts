import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarPeriodKind,
  customPeriod,
  daysBetween,
  eachPeriod,
  fiscalCalendar,
  fiscalYear,
  fromDayNumber,
  type Period,
  parsePeriodKey,
  periodDays,
  subPeriods,
} from '../../src/period';
import { expectError } from './helpers';

const april = fiscalCalendar({ fiscalYearStartMonth: 4 });

/** Asserts that `children` cover `parent` exactly: first start, consecutive, last end. */
function expectCover(parent: Period, children: readonly Period[]): void {
  expect(children.length).toBeGreaterThan(0);
  expect(children[0]!.start).toBe(parent.start);
  expect(children.at(-1)!.end).toBe(parent.end);
  for (let i = 1; i < children.length; i++) expect(children[i]!.start).toBe(children[i - 1]!.end);
  for (const child of children) expect(child.start < child.end).toBe(true);
}

describe('subPeriods', () => {
  it('splits a quarter into its months', () => {
    expect(subPeriods(parsePeriodKey('FY2024-Q1'), 'month')).toEqual([
      { kind: 'month', key: '2024-01', start: '2024-01-01', end: '2024-02-01' },
      { kind: 'month', key: '2024-02', start: '2024-02-01', end: '2024-03-01' },
      { kind: 'month', key: '2024-03', start: '2024-03-01', end: '2024-04-01' },
    ]);
  });

  it('splits a fiscal year from April into its quarters and halves', () => {
    const fy = fiscalYear(2024, april);
    expect(subPeriods(fy, 'quarter', april).map((p) => [p.key, p.start])).toEqual([
      ['FY2024-Q1', '2024-04-01'],
      ['FY2024-Q2', '2024-07-01'],
      ['FY2024-Q3', '2024-10-01'],
      ['FY2024-Q4', '2025-01-01'],
    ]);
    expect(subPeriods(fy, 'half', april).map((p) => p.key)).toEqual(['FY2024-H1', 'FY2024-H2']);
    expect(subPeriods(fy, 'month', april).map((p) => p.key)).toEqual([
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
      '2024-08',
      '2024-09',
      '2024-10',
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
  });

  it('cuts weeks at a month boundary and marks the pieces partial', () => {
    const january = subPeriods(parsePeriodKey('2024-01'), 'week');
    expect(january.at(-1)).toEqual({
      kind: 'week',
      key: '2024-W05',
      start: '2024-01-29',
      end: '2024-02-01',
      partial: true,
    });
    const february = subPeriods(parsePeriodKey('2024-02'), 'week');
    expect(february[0]).toEqual({
      kind: 'week',
      key: '2024-W05',
      start: '2024-02-01',
      end: '2024-02-05',
      partial: true,
    });
    // The two pieces of W05 make the whole week.
    expect(periodDays(january.at(-1)!) + periodDays(february[0]!)).toBe(7);
    expect(february.filter((w) => !w.partial).map((w) => w.key)).toEqual([
      '2024-W06',
      '2024-W07',
      '2024-W08',
    ]);
  });

  it('does not mark a week partial when the month starts on a Monday and ends on a Sunday', () => {
    // February 2021 runs Monday 1 to Sunday 28.
    const weeks = subPeriods(parsePeriodKey('2021-02'), 'week');
    expect(weeks.map((w) => w.key)).toEqual(['2021-W05', '2021-W06', '2021-W07', '2021-W08']);
    expect(weeks.some((w) => w.partial)).toBe(false);
  });

  it('splits a calendar year into ISO weeks, with W01 of the next week-year cut at the end', () => {
    const weeks = subPeriods(fiscalYear(2024), 'week');
    expect(weeks).toHaveLength(53);
    expect(weeks[0]).toEqual({ kind: 'week', key: '2024-W01', start: '2024-01-01', end: '2024-01-08' });
    expect(weeks.at(-1)).toEqual({
      kind: 'week',
      key: '2025-W01',
      start: '2024-12-30',
      end: '2025-01-01',
      partial: true,
    });
  });

  it('splits custom and partial periods, and periods into days', () => {
    const campaign = customPeriod('2024-01-15', '2024-03-10');
    expect(subPeriods(campaign, 'month').map((p) => [p.key, p.start, p.end, p.partial])).toEqual([
      ['2024-01', '2024-01-15', '2024-02-01', true],
      ['2024-02', '2024-02-01', '2024-03-01', undefined],
      ['2024-03', '2024-03-01', '2024-03-10', true],
    ]);
    const days = subPeriods(parsePeriodKey('2024-02'), 'day');
    expect(days).toHaveLength(29);
    expect(days.at(-1)).toEqual({ kind: 'day', key: '2024-02-29', start: '2024-02-29', end: '2024-03-01' });
    const piece = subPeriods(parsePeriodKey('2024-02'), 'week')[0]!;
    expect(subPeriods(piece, 'day').map((d) => d.key)).toEqual([
      '2024-02-01',
      '2024-02-02',
      '2024-02-03',
      '2024-02-04',
    ]);
  });

  it('gives one partial piece when the kind is larger than the period', () => {
    expect(subPeriods(parsePeriodKey('2024-05'), 'quarter')).toEqual([
      { kind: 'quarter', key: 'FY2024-Q2', start: '2024-05-01', end: '2024-06-01', partial: true },
    ]);
    expect(subPeriods(parsePeriodKey('2024-05'), 'month')).toEqual([parsePeriodKey('2024-05')]);
  });

  it('does not change the period it divides', () => {
    const period = parsePeriodKey('2024-02');
    const copy = structuredClone(period);
    subPeriods(period, 'week');
    expect(period).toEqual(copy);
  });

  it('rejects bad periods and kinds', () => {
    expectError(() => subPeriods(parsePeriodKey('2024-02'), 'custom' as never), 'INVALID_PERIOD', ['kind']);
    expectError(() => subPeriods(parsePeriodKey('2024-02'), 'sprint' as never), 'INVALID_PERIOD', ['kind']);
    expectError(
      () => subPeriods({ kind: 'month', key: '2024-02', start: '2024-02-01', end: '2024-01-01' }, 'week'),
      'INVALID_PERIOD',
      ['period', 'end'],
    );
  });

  it('property: the halves, quarters, months, weeks and days of any fiscal year cover it exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('start' as const, 'end' as const),
        fc.integer({ min: 2, max: 9997 }),
        (fiscalYearStartMonth, fiscalYearNaming, year) => {
          const calendar = fiscalCalendar({ fiscalYearStartMonth, fiscalYearNaming });
          const fy = fiscalYear(year, calendar);
          const days = periodDays(fy);
          expect([365, 366]).toContain(days);
          const expected: Record<Exclude<CalendarPeriodKind, 'week' | 'year'>, number> = {
            half: 2,
            quarter: 4,
            month: 12,
            day: days,
          };
          for (const kind of ['half', 'quarter', 'month', 'day'] as const) {
            const parts = subPeriods(fy, kind, calendar);
            expectCover(fy, parts);
            expect(parts).toHaveLength(expected[kind]);
            expect(parts.some((p) => p.partial)).toBe(false);
          }
          const weeks = subPeriods(fy, 'week', calendar);
          expectCover(fy, weeks);
          // Only the first and last week can be cut, and every whole week has 7 days.
          weeks.forEach((w, i) => {
            if (w.partial) expect(i === 0 || i === weeks.length - 1).toBe(true);
            else expect(daysBetween(w.start, w.end)).toBe(7);
          });
          expect(weeks.reduce((sum, w) => sum + periodDays(w), 0)).toBe(days);
          // A year's quarters split into months give the year's months.
          const viaQuarters = subPeriods(fy, 'quarter', calendar).flatMap((q) =>
            subPeriods(q, 'month', calendar),
          );
          expect(viaQuarters).toEqual(subPeriods(fy, 'month', calendar));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('eachPeriod', () => {
  it('lists the whole periods overlapping a range', () => {
    expect(eachPeriod('month', '2024-01-15', '2024-03-01').map((p) => p.key)).toEqual(['2024-01', '2024-02']);
    expect(eachPeriod('month', '2024-01-15', '2024-03-02').map((p) => p.key)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
    ]);
    expect(eachPeriod('quarter', '2024-01-01', '2025-01-01', april).map((p) => p.key)).toEqual([
      'FY2023-Q4',
      'FY2024-Q1',
      'FY2024-Q2',
      'FY2024-Q3',
    ]);
    const weeks = eachPeriod('week', '2024-12-25', '2025-01-02');
    expect(weeks).toEqual([
      { kind: 'week', key: '2024-W52', start: '2024-12-23', end: '2024-12-30' },
      { kind: 'week', key: '2025-W01', start: '2024-12-30', end: '2025-01-06' },
    ]);
  });

  it('gives an empty list for an empty range and rejects a reversed one', () => {
    expect(eachPeriod('day', '2024-03-01', '2024-03-01')).toEqual([]);
    const error = expectError(() => eachPeriod('day', '2024-03-01', '2024-02-01'), 'INVALID_PERIOD', ['to']);
    expect(error.message).toBe(
      'to: must not be before from (2024-03-01), got 2024-02-01; the range runs from "from" (included) to "to" (excluded)',
    );
    expectError(() => eachPeriod('day', '2024-02-30', '2024-03-01'), 'INVALID_DATE', ['from']);
    expectError(() => eachPeriod('custom' as never, '2024-02-01', '2024-03-01'), 'INVALID_PERIOD', ['kind']);
  });

  it('places Dates in the calendar zone', () => {
    const shanghai = fiscalCalendar({ zone: 'Asia/Shanghai' });
    const days = eachPeriod(
      'day',
      new Date('2024-03-30T23:30:00Z'),
      new Date('2024-03-31T23:30:00Z'),
      shanghai,
    );
    expect(days.map((d) => d.key)).toEqual(['2024-03-31']);
  });

  it('property: the periods are contiguous and overlap the range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<CalendarPeriodKind>('year', 'half', 'quarter', 'month', 'week', 'day'),
        fc.integer({ min: 19000, max: 21000 }),
        fc.integer({ min: 1, max: 800 }),
        (fiscalYearStartMonth, kind, from, length) => {
          const calendar = fiscalCalendar({ fiscalYearStartMonth });
          const fromDate = fromDayNumber(from);
          const toDate = fromDayNumber(from + length);
          const periods = eachPeriod(kind, fromDate, toDate, calendar);
          expect(periods[0]!.start <= fromDate && fromDate < periods[0]!.end).toBe(true);
          const last = periods.at(-1)!;
          expect(last.start < toDate && toDate <= last.end).toBe(true);
          for (let i = 1; i < periods.length; i++) expect(periods[i]!.start).toBe(periods[i - 1]!.end);
        },
      ),
      { numRuns: 300 },
    );
  });
});
