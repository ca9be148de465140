import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarPeriodKind,
  customPeriod,
  dayNumber,
  fiscalCalendar,
  fiscalYear,
  fromDayNumber,
  nextPeriod,
  type Period,
  PeriodSchema,
  parsePeriodKey,
  periodContaining,
  periodContains,
  periodDays,
  previousPeriod,
  subPeriods,
} from '../../src/period';
import { expectError } from './helpers';

const april = fiscalCalendar({ fiscalYearStartMonth: 4 });
const aprilEnd = fiscalCalendar({ fiscalYearStartMonth: 4, fiscalYearNaming: 'end' });
const KINDS: CalendarPeriodKind[] = ['year', 'half', 'quarter', 'month', 'week', 'day'];

const anyCalendar = fc
  .record({
    fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
    fiscalYearNaming: fc.constantFrom('start' as const, 'end' as const),
  })
  .map((options) => fiscalCalendar(options));
// 0002-01-01 … 9998-12-31, so every period containing the day stays inside 0001 … 9999.
const anyDate = fc.integer({ min: dayNumber('0002-01-01'), max: dayNumber('9998-12-31') }).map(fromDayNumber);
// Two years further in, so the periods before and after stay inside the supported dates too.
const innerDate = fc
  .integer({ min: dayNumber('0004-01-01'), max: dayNumber('9996-12-31') })
  .map(fromDayNumber);

describe('fiscalYear', () => {
  it('is the calendar year by default', () => {
    expect(fiscalYear(2024)).toEqual({ kind: 'year', key: 'FY2024', start: '2024-01-01', end: '2025-01-01' });
    expect(periodDays(fiscalYear(2024))).toBe(366);
    expect(periodDays(fiscalYear(2023))).toBe(365);
  });

  it('starts in the fiscal start month, named by its start year', () => {
    expect(fiscalYear(2024, april)).toEqual({
      kind: 'year',
      key: 'FY2024',
      start: '2024-04-01',
      end: '2025-04-01',
    });
  });

  it('or named by its end year', () => {
    expect(fiscalYear(2024, aprilEnd)).toEqual({
      kind: 'year',
      key: 'FY2024',
      start: '2023-04-01',
      end: '2024-04-01',
    });
    expect(fiscalYear(2025, aprilEnd).start).toBe('2024-04-01');
  });

  it('ignores the naming when the fiscal year starts in January', () => {
    expect(fiscalYear(2024, { fiscalYearNaming: 'end' })).toEqual(fiscalYear(2024));
  });

  it('handles a fiscal year starting in December', () => {
    expect(fiscalYear(2024, { fiscalYearStartMonth: 12 })).toMatchObject({
      start: '2024-12-01',
      end: '2025-12-01',
    });
    expect(fiscalYear(2024, { fiscalYearStartMonth: 12, fiscalYearNaming: 'end' })).toMatchObject({
      start: '2023-12-01',
      end: '2024-12-01',
    });
  });

  it('rejects years that are not whole numbers from 1 to 9999, or run past 9999-12-31', () => {
    for (const bad of [0, 10000, 2024.5, Number.NaN, '2024' as unknown as number]) {
      expectError(() => fiscalYear(bad), 'INVALID_PERIOD', ['year']);
    }
    const error = expectError(() => fiscalYear(9999), 'INVALID_PERIOD', ['year']);
    expect(error.message).toContain('FY9999 would run outside the supported dates');
    expect(fiscalYear(9998).end).toBe('9999-01-01');
    expectError(() => fiscalYear(1, aprilEnd), 'INVALID_PERIOD', ['year']);
  });
});

describe('periodContaining', () => {
  it('finds each kind of period around a date', () => {
    const d = '2024-05-20';
    expect(periodContaining('year', d)).toMatchObject({
      key: 'FY2024',
      start: '2024-01-01',
      end: '2025-01-01',
    });
    expect(periodContaining('half', d)).toMatchObject({
      key: 'FY2024-H1',
      start: '2024-01-01',
      end: '2024-07-01',
    });
    expect(periodContaining('quarter', d)).toMatchObject({
      key: 'FY2024-Q2',
      start: '2024-04-01',
      end: '2024-07-01',
    });
    expect(periodContaining('month', d)).toEqual({
      kind: 'month',
      key: '2024-05',
      start: '2024-05-01',
      end: '2024-06-01',
    });
    expect(periodContaining('week', d)).toEqual({
      kind: 'week',
      key: '2024-W21',
      start: '2024-05-20',
      end: '2024-05-27',
    });
    expect(periodContaining('day', d)).toEqual({
      kind: 'day',
      key: '2024-05-20',
      start: '2024-05-20',
      end: '2024-05-21',
    });
  });

  it('counts fiscal halves and quarters from the fiscal start month', () => {
    expect(periodContaining('quarter', '2024-05-20', april)).toMatchObject({
      key: 'FY2024-Q1',
      start: '2024-04-01',
      end: '2024-07-01',
    });
    expect(periodContaining('quarter', '2025-02-10', april)).toMatchObject({
      key: 'FY2024-Q4',
      start: '2025-01-01',
      end: '2025-04-01',
    });
    expect(periodContaining('half', '2025-02-10', april)).toMatchObject({
      key: 'FY2024-H2',
      start: '2024-10-01',
      end: '2025-04-01',
    });
    expect(periodContaining('quarter', '2025-02-10', aprilEnd).key).toBe('FY2025-Q4');
    expect(periodContaining('year', '2024-03-31', april).key).toBe('FY2023');
    expect(periodContaining('year', '2024-04-01', april).key).toBe('FY2024');
    expect(periodContaining('year', '2024-03-31', aprilEnd).key).toBe('FY2024');
    expect(periodContaining('year', '2024-04-01', aprilEnd).key).toBe('FY2025');
  });

  it('handles leap days and ISO week-years at year boundaries', () => {
    expect(periodContaining('month', '2024-02-29')).toMatchObject({ start: '2024-02-01', end: '2024-03-01' });
    expect(periodContaining('day', '2024-02-29').end).toBe('2024-03-01');
    expect(periodContaining('week', '2024-12-30')).toMatchObject({ key: '2025-W01', start: '2024-12-30' });
    expect(periodContaining('week', '2021-01-03')).toMatchObject({
      key: '2020-W53',
      start: '2020-12-28',
      end: '2021-01-04',
    });
    expect(periodContaining('week', '2026-12-31')).toMatchObject({ key: '2026-W53', start: '2026-12-28' });
  });

  it('places a Date in the calendar zone', () => {
    const closedAt = new Date('2024-03-31T23:30:00Z');
    expect(periodContaining('day', closedAt).key).toBe('2024-03-31');
    expect(periodContaining('day', closedAt, { zone: 'Asia/Shanghai' }).key).toBe('2024-04-01');
    // The same deal closes in a different fiscal year in Shanghai.
    const shanghai = fiscalCalendar({ fiscalYearStartMonth: 4, zone: 'Asia/Shanghai' });
    expect(periodContaining('year', closedAt, april).key).toBe('FY2023');
    expect(periodContaining('year', closedAt, shanghai).key).toBe('FY2024');
  });

  it('rejects unknown kinds, custom, and bad dates', () => {
    const custom = expectError(() => periodContaining('custom' as never, '2024-01-01'), 'INVALID_PERIOD', [
      'kind',
    ]);
    expect(custom.message).toContain('customPeriod(start, end)');
    const typo = expectError(() => periodContaining('quater' as never, '2024-01-01'), 'INVALID_PERIOD', [
      'kind',
    ]);
    expect(typo.message).toBe('kind: must be one of year, half, quarter, month, week, day, got "quater"');
    expectError(() => periodContaining('month', '2023-02-29'), 'INVALID_DATE', ['date']);
    expectError(() => periodContaining('month', new Date(Number.NaN)), 'INVALID_DATE', ['date']);
    expectError(() => periodContaining('week', '9999-12-31'), 'INVALID_PERIOD', ['date']);
  });

  it('property: the period contains the date, for every kind and calendar', () => {
    fc.assert(
      fc.property(anyCalendar, anyDate, fc.constantFrom(...KINDS), (calendar, date, kind) => {
        const period = periodContaining(kind, date, calendar);
        expect(period.kind).toBe(kind);
        expect(period.start <= date && date < period.end).toBe(true);
        expect(periodContains(period, date)).toBe(true);
        expect(period.partial).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('customPeriod', () => {
  it('keys a range by its start and excluded end', () => {
    expect(customPeriod('2024-01-01', '2024-02-16')).toEqual({
      kind: 'custom',
      key: '2024-01-01..2024-02-16',
      start: '2024-01-01',
      end: '2024-02-16',
    });
    expect(periodDays(customPeriod('2024-01-01', '2024-01-02'))).toBe(1);
  });

  it('accepts Dates, placed in the calendar zone', () => {
    const p = customPeriod(new Date('2024-03-31T23:30:00Z'), '2024-04-30', { zone: 'Asia/Shanghai' });
    expect(p.start).toBe('2024-04-01');
  });

  it('rejects an end that is not after the start', () => {
    const error = expectError(() => customPeriod('2024-02-16', '2024-02-16'), 'INVALID_PERIOD', ['end']);
    expect(error.message).toBe(
      'end: must be after start (2024-02-16), got 2024-02-16; a period includes its start and excludes its end, so a one-day period ends the next day',
    );
    expectError(() => customPeriod('2024-02-16', '2024-01-01'), 'INVALID_PERIOD', ['end']);
    expectError(() => customPeriod('2024-02-30', '2024-03-01'), 'INVALID_DATE', ['start']);
    expectError(() => customPeriod('2024-02-01', '2024-02-30'), 'INVALID_DATE', ['end']);
  });
});

describe('periodContains', () => {
  const march = parsePeriodKey('2024-03');

  it('includes the start and excludes the end', () => {
    expect(periodContains(march, '2024-03-01')).toBe(true);
    expect(periodContains(march, '2024-03-31')).toBe(true);
    expect(periodContains(march, '2024-04-01')).toBe(false);
    expect(periodContains(march, '2024-02-29')).toBe(false);
  });

  it('places a Date in the calendar zone', () => {
    const instant = new Date('2024-03-31T23:30:00Z');
    expect(periodContains(march, instant)).toBe(true);
    expect(periodContains(march, instant, { zone: 'Asia/Shanghai' })).toBe(false);
  });

  it('checks the period and the date', () => {
    expectError(() => periodContains(march, '2024-02-30'), 'INVALID_DATE', ['date']);
    const error = expectError(
      () => periodContains({ ...march, end: '2024-02-01' }, '2024-03-01'),
      'INVALID_PERIOD',
      ['period', 'end'],
    );
    expect(error.issues[0]!.message).toBe(
      'period.end: must be after start (2024-03-01), got 2024-02-01; a period includes its start and excludes its end',
    );
    expectError(
      () => periodContains({ ...march, kind: 'fortnight' } as never, '2024-03-01'),
      'INVALID_PERIOD',
      ['period', 'kind'],
    );
    expectError(() => periodContains({ ...march, start: '2024-02-30' }, '2024-03-01'), 'INVALID_PERIOD', [
      'period',
      'start',
    ]);
    expectError(() => periodContains(null as never, '2024-03-01'), 'INVALID_PERIOD', ['period']);
  });
});

describe('periodDays', () => {
  it('counts the days, end excluded', () => {
    expect(periodDays(parsePeriodKey('2024-02'))).toBe(29);
    expect(periodDays(parsePeriodKey('2023-02'))).toBe(28);
    expect(periodDays(parsePeriodKey('2024-W05'))).toBe(7);
    expect(periodDays(parsePeriodKey('FY2024-Q1'))).toBe(91);
    expect(periodDays(parsePeriodKey('FY2023-Q1'))).toBe(90);
    expect(periodDays(fiscalYear(2024, april))).toBe(365);
    expect(periodDays(fiscalYear(2023, april))).toBe(366);
  });
});

describe('nextPeriod / previousPeriod', () => {
  it('steps through fiscal periods across fiscal-year boundaries', () => {
    expect(nextPeriod(parsePeriodKey('FY2024-Q4')).key).toBe('FY2025-Q1');
    expect(nextPeriod(parsePeriodKey('FY2024-Q4', april), april)).toMatchObject({
      key: 'FY2025-Q1',
      start: '2025-04-01',
    });
    expect(previousPeriod(parsePeriodKey('FY2024-H1', april), april)).toEqual({
      kind: 'half',
      key: 'FY2023-H2',
      start: '2023-10-01',
      end: '2024-04-01',
    });
    expect(nextPeriod(fiscalYear(2024, aprilEnd), aprilEnd)).toMatchObject({
      key: 'FY2025',
      start: '2024-04-01',
    });
  });

  it('steps through months, weeks and days', () => {
    expect(nextPeriod(parsePeriodKey('2024-12')).key).toBe('2025-01');
    expect(previousPeriod(parsePeriodKey('2024-01')).key).toBe('2023-12');
    expect(nextPeriod(parsePeriodKey('2020-W53')).key).toBe('2021-W01');
    expect(previousPeriod(parsePeriodKey('2021-W01')).key).toBe('2020-W53');
    expect(nextPeriod(parsePeriodKey('2024-W52')).key).toBe('2025-W01');
    expect(nextPeriod(parsePeriodKey('2024-02-28')).key).toBe('2024-02-29');
  });

  it('moves a custom period by its own length', () => {
    const tenDays = customPeriod('2024-01-01', '2024-01-11');
    expect(nextPeriod(tenDays)).toEqual(customPeriod('2024-01-11', '2024-01-21'));
    expect(previousPeriod(tenDays)).toEqual(customPeriod('2023-12-22', '2024-01-01'));
  });

  it('goes from a partial period to the whole neighbour of the period it is part of', () => {
    const [firstWeek, , , , lastWeek] = subPeriods(parsePeriodKey('2024-02'), 'week');
    expect(firstWeek).toMatchObject({ key: '2024-W05', start: '2024-02-01', partial: true });
    expect(nextPeriod(firstWeek!)).toEqual({
      kind: 'week',
      key: '2024-W06',
      start: '2024-02-05',
      end: '2024-02-12',
    });
    expect(previousPeriod(firstWeek!)).toMatchObject({ key: '2024-W04', start: '2024-01-22' });
    expect(lastWeek).toMatchObject({ key: '2024-W09', end: '2024-03-01', partial: true });
    expect(nextPeriod(lastWeek!).key).toBe('2024-W10');
  });

  it('rejects a period of another calendar, or one whose key does not match its dates', () => {
    const error = expectError(() => nextPeriod(fiscalYear(2024, april)), 'INVALID_PERIOD', ['period']);
    expect(error.message).toBe(
      'period: FY2024 (2024-04-01 to 2025-04-01) is not a year of this calendar (fiscal year = calendar year); pass the calendar the period was made with; in it, the year containing 2024-04-01 is FY2024 (2024-01-01 to 2025-01-01)',
    );
    expectError(() => nextPeriod(fiscalYear(2024, april), aprilEnd), 'INVALID_PERIOD', ['period']);
    const wrongKey: Period = { kind: 'month', key: '2024-04', start: '2024-03-01', end: '2024-04-01' };
    expectError(() => nextPeriod(wrongKey), 'INVALID_PERIOD', ['period']);
    const wrongEnd: Period = { kind: 'month', key: '2024-03', start: '2024-03-01', end: '2024-03-15' };
    expectError(() => previousPeriod(wrongEnd), 'INVALID_PERIOD', ['period']);
    expect(nextPeriod({ ...wrongEnd, partial: true }).key).toBe('2024-04');
  });

  it('rejects stepping past the supported dates', () => {
    expectError(() => previousPeriod(parsePeriodKey('0001-01')), 'INVALID_PERIOD', ['period']);
    expectError(() => nextPeriod(parsePeriodKey('9999-11')), 'INVALID_PERIOD', ['period']);
  });

  it('property: next starts where the period ends, and previous undoes next', () => {
    fc.assert(
      fc.property(anyCalendar, innerDate, fc.constantFrom(...KINDS), (calendar, date, kind) => {
        const period = periodContaining(kind, date, calendar);
        const next = nextPeriod(period, calendar);
        expect(next.kind).toBe(kind);
        expect(next.start).toBe(period.end);
        expect(previousPeriod(next, calendar)).toEqual(period);
        expect(previousPeriod(period, calendar).end).toBe(period.start);
      }),
      { numRuns: 500 },
    );
  });
});

describe('PeriodSchema', () => {
  it('accepts periods and rejects malformed ones', () => {
    expect(PeriodSchema.parse(parsePeriodKey('2024-03'))).toEqual(parsePeriodKey('2024-03'));
    const ok = { kind: 'week', key: '2024-W05', start: '2024-02-01', end: '2024-02-05', partial: true };
    expect(PeriodSchema.safeParse(ok).success).toBe(true);
    expect(PeriodSchema.safeParse({ ...ok, end: '2024-02-01' }).success).toBe(false);
    expect(PeriodSchema.safeParse({ ...ok, kind: 'sprint' }).success).toBe(false);
    expect(PeriodSchema.safeParse({ ...ok, key: '' }).success).toBe(false);
    expect(PeriodSchema.safeParse({ ...ok, partial: 'yes' }).success).toBe(false);
  });
});
