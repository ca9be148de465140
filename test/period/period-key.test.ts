import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarPeriodKind,
  customPeriod,
  dayNumber,
  fiscalCalendar,
  fromDayNumber,
  parsePeriodKey,
  periodContaining,
} from '../../src/period';
import { expectError } from './helpers';

const april = fiscalCalendar({ fiscalYearStartMonth: 4 });
const aprilEnd = fiscalCalendar({ fiscalYearStartMonth: 4, fiscalYearNaming: 'end' });

describe('parsePeriodKey', () => {
  it('reads every kind of key', () => {
    expect(parsePeriodKey('FY2024')).toEqual({
      kind: 'year',
      key: 'FY2024',
      start: '2024-01-01',
      end: '2025-01-01',
    });
    expect(parsePeriodKey('FY2024-H2')).toEqual({
      kind: 'half',
      key: 'FY2024-H2',
      start: '2024-07-01',
      end: '2025-01-01',
    });
    expect(parsePeriodKey('FY2024-Q3')).toEqual({
      kind: 'quarter',
      key: 'FY2024-Q3',
      start: '2024-07-01',
      end: '2024-10-01',
    });
    expect(parsePeriodKey('2024-03')).toEqual({
      kind: 'month',
      key: '2024-03',
      start: '2024-03-01',
      end: '2024-04-01',
    });
    expect(parsePeriodKey('2024-12')).toEqual({
      kind: 'month',
      key: '2024-12',
      start: '2024-12-01',
      end: '2025-01-01',
    });
    expect(parsePeriodKey('2024-W05')).toEqual({
      kind: 'week',
      key: '2024-W05',
      start: '2024-01-29',
      end: '2024-02-05',
    });
    expect(parsePeriodKey('2024-03-15')).toEqual({
      kind: 'day',
      key: '2024-03-15',
      start: '2024-03-15',
      end: '2024-03-16',
    });
    expect(parsePeriodKey('2024-01-01..2024-02-16')).toEqual(customPeriod('2024-01-01', '2024-02-16'));
  });

  it('reads fiscal keys with the calendar', () => {
    expect(parsePeriodKey('FY2024', april)).toMatchObject({ start: '2024-04-01', end: '2025-04-01' });
    expect(parsePeriodKey('FY2024', aprilEnd)).toMatchObject({ start: '2023-04-01', end: '2024-04-01' });
    expect(parsePeriodKey('FY2024-Q3', april)).toMatchObject({ start: '2024-10-01', end: '2025-01-01' });
    expect(parsePeriodKey('FY2024-Q4', april)).toMatchObject({ start: '2025-01-01', end: '2025-04-01' });
    expect(parsePeriodKey('FY2024-Q4', aprilEnd)).toMatchObject({ start: '2024-01-01', end: '2024-04-01' });
    expect(parsePeriodKey('FY2024-H2', april)).toMatchObject({ start: '2024-10-01', end: '2025-04-01' });
    // Months, weeks and days do not depend on the fiscal calendar.
    expect(parsePeriodKey('2024-03', april)).toEqual(parsePeriodKey('2024-03'));
  });

  it('reads ISO weeks by week-year, including week 53', () => {
    expect(parsePeriodKey('2025-W01')).toMatchObject({ start: '2024-12-30', end: '2025-01-06' });
    expect(parsePeriodKey('2020-W53')).toMatchObject({ start: '2020-12-28', end: '2021-01-04' });
    expect(parsePeriodKey('2026-W53')).toMatchObject({ start: '2026-12-28', end: '2027-01-04' });
    expect(parsePeriodKey('2021-W01')).toMatchObject({ start: '2021-01-04' });
  });

  it('accepts lower case and surrounding spaces, returning the canonical key', () => {
    expect(parsePeriodKey(' fy2024-q3 ').key).toBe('FY2024-Q3');
    expect(parsePeriodKey('2024-w05').key).toBe('2024-W05');
  });

  it.each([
    ['FY2024-Q5', 'a fiscal quarter is Q1 to Q4'],
    ['FY2024-Q0', 'a fiscal quarter is Q1 to Q4'],
    ['FY2024-Q01', 'a fiscal quarter is Q1 to Q4'],
    ['FY2024-H3', 'a fiscal half is H1 or H2'],
    ['FY0000', 'the year must be 0001 to 9999'],
    ['2024-13', 'the month must be 01 to 12'],
    ['2024-00', 'the month must be 01 to 12'],
    ['2021-W53', 'ISO week-year 2021 has weeks W01 to W52'],
    ['2024-W00', 'ISO week-year 2024 has weeks W01 to W52'],
    ['2023-02-29', 'February 2023 has 28 days'],
    ['2024-02-01..2024-02-01', 'the end (excluded) must come after the start'],
    ['2024-02-01..2024-02-30', 'the end "2024-02-30" does not exist'],
    ['FY24', 'it matches none of the forms'],
    ['2024-Q5', 'a fiscal quarter is Q1 to Q4'],
    ['2024-W5', 'it matches none of the forms'],
    ['20245', 'it matches none of the forms'],
    ['', 'it matches none of the forms'],
  ])('rejects %j with INVALID_PERIOD, listing the accepted keys', (key, why) => {
    const error = expectError(() => parsePeriodKey(key), 'INVALID_PERIOD', ['key']);
    expect(error.message).toContain(`key: ${JSON.stringify(key)} is not a valid period key: `);
    expect(error.message).toContain(why);
    expect(error.message).toContain(
      'accepted keys are FY2024 (fiscal year), FY2024-H1 or -H2 (fiscal half), FY2024-Q1 to -Q4 (fiscal quarter), 2024, 2024-H1 and 2024-Q3 (the same, when the fiscal year is the calendar year), 2024-03 (month), 2024-W05 (ISO week), 2024-03-15 (day) and 2024-01-01..2024-02-16 (custom range, end excluded)',
    );
  });

  it('reads 2024, 2024-H1 and 2024-Q3 as the fiscal keys when the fiscal year is the calendar year', () => {
    expect(parsePeriodKey('2024-Q3')).toEqual(parsePeriodKey('FY2024-Q3'));
    expect(parsePeriodKey(' 2024-h2 ')).toEqual(parsePeriodKey('FY2024-H2'));
    expect(parsePeriodKey('2024')).toEqual({
      kind: 'year',
      key: 'FY2024',
      start: '2024-01-01',
      end: '2025-01-01',
    });
  });

  it.each([
    ['2024-Q3', 'write FY2024-Q3 for the fiscal quarter or 2024-07-01..2024-10-01 for the calendar quarter'],
    ['2024-Q4', 'write FY2024-Q4 for the fiscal quarter or 2024-10-01..2025-01-01 for the calendar quarter'],
    ['2024-H2', 'write FY2024-H2 for the fiscal half or 2024-07-01..2025-01-01 for the calendar half'],
    ['2024', 'write FY2024 for the fiscal year or 2024-01-01..2025-01-01 for the calendar year'],
  ])(
    'with a fiscal year starting in April, %j is ambiguous and the error says what to write',
    (key, hint) => {
      const error = expectError(() => parsePeriodKey(key, aprilEnd), 'INVALID_PERIOD', ['key']);
      expect(error.message).toContain('a calendar-year key is ambiguous');
      expect(error.message).toContain(hint);
    },
  );

  it('rejects keys that are not text, and periods past the supported dates', () => {
    expectError(() => parsePeriodKey(2024 as unknown as string), 'INVALID_PERIOD', ['key']);
    expectError(() => parsePeriodKey('FY9999'), 'INVALID_PERIOD', ['key']);
    expectError(() => parsePeriodKey('FY0001', aprilEnd), 'INVALID_PERIOD', ['key']);
  });

  it('property: parsePeriodKey(p.key) gives back p, for every kind and calendar', () => {
    const kinds: CalendarPeriodKind[] = ['year', 'half', 'quarter', 'month', 'week', 'day'];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('start' as const, 'end' as const),
        fc.integer({ min: dayNumber('0002-01-01'), max: dayNumber('9998-12-31') }),
        fc.constantFrom(...kinds),
        (fiscalYearStartMonth, fiscalYearNaming, n, kind) => {
          const calendar = fiscalCalendar({ fiscalYearStartMonth, fiscalYearNaming });
          const period = periodContaining(kind, fromDayNumber(n), calendar);
          expect(parsePeriodKey(period.key, calendar)).toEqual(period);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
