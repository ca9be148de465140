import { describe, expect, it } from 'vitest';
import { OpenSpmError } from '../../src/errors';
import { FiscalCalendarSchema, fiscalCalendar, fiscalYear, periodContaining } from '../../src/period';
import { expectError } from './helpers';

describe('fiscalCalendar', () => {
  it('fills defaults', () => {
    expect(fiscalCalendar()).toEqual({
      fiscalYearStartMonth: 1,
      fiscalYearNaming: 'start',
      weekend: [6, 7],
      holidays: [],
      workdays: [],
      zone: 'UTC',
    });
    expect(fiscalCalendar({})).toEqual(fiscalCalendar());
  });

  it('keeps the options given, sorting lists and dropping duplicates', () => {
    const calendar = fiscalCalendar({
      fiscalYearStartMonth: 4,
      fiscalYearNaming: 'end',
      weekend: [7, 6, 7],
      holidays: ['2024-10-02', '2024-10-01', '2024-10-02'],
      workdays: ['2024-10-12', '2024-09-29'],
      zone: 'Asia/Shanghai',
    });
    expect(calendar).toEqual({
      fiscalYearStartMonth: 4,
      fiscalYearNaming: 'end',
      weekend: [6, 7],
      holidays: ['2024-10-01', '2024-10-02'],
      workdays: ['2024-09-29', '2024-10-12'],
      zone: 'Asia/Shanghai',
    });
  });

  it('returns a frozen calendar and leaves the options untouched', () => {
    const options = { weekend: [7, 6], holidays: ['2024-10-02', '2024-10-01'] };
    const calendar = fiscalCalendar(options);
    expect(options).toEqual({ weekend: [7, 6], holidays: ['2024-10-02', '2024-10-01'] });
    expect(Object.isFrozen(calendar)).toBe(true);
    expect(Object.isFrozen(calendar.weekend)).toBe(true);
    expect(Object.isFrozen(calendar.holidays)).toBe(true);
    expect(Object.isFrozen(calendar.workdays)).toBe(true);
  });

  it('accepts an empty weekend (every day worked unless a holiday)', () => {
    expect(fiscalCalendar({ weekend: [] }).weekend).toEqual([]);
  });

  it('accepts its own output', () => {
    const calendar = fiscalCalendar({ fiscalYearStartMonth: 7, holidays: ['2024-12-25'] });
    expect(fiscalCalendar(calendar)).toEqual(calendar);
  });

  it('reports a bad start month in the words of the brief', () => {
    const error = expectError(() => fiscalCalendar({ fiscalYearStartMonth: 13 }), 'INVALID_CALENDAR', [
      'fiscalYearStartMonth',
    ]);
    expect(error.issues).toEqual([
      {
        code: 'INVALID_CALENDAR',
        path: ['fiscalYearStartMonth'],
        message: 'fiscalYearStartMonth: must be a whole number from 1 (January) to 12 (December), got 13',
      },
    ]);
    expect(error.message).toBe(
      'Invalid calendar: 1 problem found\n  - fiscalYearStartMonth: must be a whole number from 1 (January) to 12 (December), got 13',
    );
  });

  it.each([
    [{ fiscalYearStartMonth: 0 }, ['fiscalYearStartMonth'], 'got 0'],
    [{ fiscalYearStartMonth: 4.5 }, ['fiscalYearStartMonth'], 'got 4.5'],
    [{ fiscalYearStartMonth: '4' }, ['fiscalYearStartMonth'], 'got "4"'],
    [{ fiscalYearStartMonth: Number.NaN }, ['fiscalYearStartMonth'], 'got NaN'],
    [{ fiscalYearNaming: 'middle' }, ['fiscalYearNaming'], 'must be "start" or "end", got "middle"'],
    [{ weekend: [0, 6] }, ['weekend', 0], 'must be a whole number from 1 (Monday) to 7 (Sunday), got 0'],
    [{ weekend: 'sat' }, ['weekend'], 'expected a list of ISO weekdays such as [6, 7]'],
    [{ weekend: [1, 2, 3, 4, 5, 6, 7] }, ['weekend'], 'cannot hold all seven days'],
    [{ holidays: '2024-10-01' }, ['holidays'], 'expected a list of holidays as YYYY-MM-DD text'],
    [{ holidays: [45000] }, ['holidays', 0], 'got 45000'],
    [{ zone: 'Beijing' }, ['zone'], '"Beijing" is not a time zone name'],
    [{ zone: 5 }, ['zone'], '5 is not a time zone name'],
    [{ fiscalYearStart: 4 }, [], 'unknown field "fiscalYearStart"; a calendar has fiscalYearStartMonth'],
  ])('rejects %j as INVALID_CALENDAR', (options, path, text) => {
    const error = expectError(() => fiscalCalendar(options as never), 'INVALID_CALENDAR', path);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.code).toBe('INVALID_CALENDAR');
    expect(error.issues[0]!.message).toContain(text);
  });

  it('rejects something that is not an object', () => {
    const error = expectError(() => fiscalCalendar('April' as never), 'INVALID_CALENDAR', []);
    expect(error.issues[0]!.message).toBe(
      'expected calendar options as an object such as { fiscalYearStartMonth: 4 }, got "April"',
    );
    expectError(() => fiscalCalendar(null as never), 'INVALID_CALENDAR', []);
  });

  it('reports a holiday that does not exist with an INVALID_DATE issue', () => {
    const error = expectError(
      () => fiscalCalendar({ holidays: ['2024-10-01', '2023-02-29'] }),
      'INVALID_CALENDAR',
      ['holidays', 1],
    );
    expect(error.issues).toEqual([
      {
        code: 'INVALID_DATE',
        path: ['holidays', 1],
        message: 'holidays[1]: "2023-02-29" does not exist: February 2023 has 28 days',
      },
    ]);
  });

  it('rejects a day that is both a holiday and a make-up working day', () => {
    const error = expectError(
      () => fiscalCalendar({ holidays: ['2024-09-29'], workdays: ['2024-09-29'] }),
      'INVALID_CALENDAR',
      ['workdays', 0],
    );
    expect(error.issues[0]!.message).toBe(
      'workdays[0]: 2024-09-29 is also listed in holidays; a day is either a holiday or a make-up working day, not both',
    );
  });

  it('rejects a make-up working day that is not on the weekend (most likely a typo)', () => {
    const error = expectError(() => fiscalCalendar({ workdays: ['2024-09-30'] }), 'INVALID_CALENDAR', [
      'workdays',
      0,
    ]);
    expect(error.issues[0]!.message).toBe(
      'workdays[0]: 2024-09-30 is a Monday, already a working day (weekend: Saturday, Sunday); list only weekend days that are worked',
    );
    // With a Friday–Saturday weekend, a Friday can be a make-up day and a Sunday cannot.
    expect(fiscalCalendar({ weekend: [5, 6], workdays: ['2024-09-27'] }).workdays).toEqual(['2024-09-27']);
    expectError(() => fiscalCalendar({ weekend: [5, 6], workdays: ['2024-09-29'] }), 'INVALID_CALENDAR', [
      'workdays',
      0,
    ]);
  });

  it('lists every problem at once', () => {
    const error = expectError(
      () =>
        fiscalCalendar({
          fiscalYearStartMonth: 13,
          fiscalYearNaming: 'x',
          weekend: [8],
          holidays: ['2023-02-29'],
          zone: 'Nowhere',
          extra: true,
        } as never),
      'INVALID_CALENDAR',
      ['fiscalYearStartMonth'],
    );
    expect(error.issues.map((i) => [i.code, i.path])).toEqual([
      ['INVALID_CALENDAR', ['fiscalYearStartMonth']],
      ['INVALID_CALENDAR', ['fiscalYearNaming']],
      ['INVALID_CALENDAR', ['weekend', 0]],
      ['INVALID_DATE', ['holidays', 0]],
      ['INVALID_CALENDAR', ['zone']],
      ['INVALID_CALENDAR', []],
    ]);
    expect(error.message).toMatch(/^Invalid calendar: 6 problems found\n/);
    expect(error.message).toContain('…and 1 more (see error.issues)');
  });
});

describe('FiscalCalendarSchema', () => {
  it('parses and fills defaults', () => {
    expect(FiscalCalendarSchema.parse({ fiscalYearStartMonth: 4 })).toEqual({
      fiscalYearStartMonth: 4,
      fiscalYearNaming: 'start',
      weekend: [6, 7],
      holidays: [],
      workdays: [],
      zone: 'UTC',
    });
    expect(FiscalCalendarSchema.safeParse({ fiscalYearStartMonth: 13 }).success).toBe(false);
    expect(FiscalCalendarSchema.safeParse({ zone: 'Nowhere' }).success).toBe(false);
  });
});

describe('calendars passed as plain objects', () => {
  it('are checked on use, with paths under "calendar"', () => {
    expect(fiscalYear(2024, { fiscalYearStartMonth: 4 }).start).toBe('2024-04-01');
    const error = expectError(() => fiscalYear(2024, { fiscalYearStartMonth: 13 }), 'INVALID_CALENDAR', [
      'calendar',
      'fiscalYearStartMonth',
    ]);
    expect(error.issues[0]!.message).toBe(
      'calendar.fiscalYearStartMonth: must be a whole number from 1 (January) to 12 (December), got 13',
    );
    expectError(() => periodContaining('day', '2024-01-01', { zone: 'Nowhere' }), 'INVALID_CALENDAR', [
      'calendar',
      'zone',
    ]);
  });

  it('are read again on every call (a changed plain object is not served from a cache)', () => {
    const options = { fiscalYearStartMonth: 4 };
    expect(fiscalYear(2024, options).start).toBe('2024-04-01');
    options.fiscalYearStartMonth = 7;
    expect(fiscalYear(2024, options).start).toBe('2024-07-01');
  });

  it('throw OpenSpmError, never a ZodError', () => {
    expect(() => fiscalYear(2024, { weekend: [9] })).toThrow(OpenSpmError);
  });
});
