import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../../src/period';
import { DATE_SYSTEMS, dateFromSerial, readSheetDate, serialFromDate } from '../../src/sheets/index';

describe('dateFromSerial', () => {
  it('reads Excel 1900 serials, including the 1900 leap-year bug', () => {
    expect(dateFromSerial(1)).toBe('1900-01-01');
    expect(dateFromSerial(59)).toBe('1900-02-28');
    expect(() => dateFromSerial(60)).toThrow(/1900-02-29 in Excel, a day that did not exist/);
    expect(dateFromSerial(61)).toBe('1900-03-01');
    expect(dateFromSerial(45366)).toBe('2024-03-15');
    expect(dateFromSerial(2958465)).toBe('9999-12-31');
    expect(() => dateFromSerial(0)).toThrow(/start at 1/);
    expect(() => dateFromSerial(2958466)).toThrow(/outside/);
  });

  it('reads Google Sheets serials (no leap-year bug, negative before 1899-12-30) and the 1904 system', () => {
    expect(dateFromSerial(0, 'sheets')).toBe('1899-12-30');
    expect(dateFromSerial(59, 'sheets')).toBe('1900-02-27');
    expect(dateFromSerial(60, 'sheets')).toBe('1900-02-28');
    expect(dateFromSerial(-1, 'sheets')).toBe('1899-12-29');
    expect(dateFromSerial(45366, 'sheets')).toBe('2024-03-15');
    expect(dateFromSerial(0, 'excel1904')).toBe('1904-01-01');
    expect(dateFromSerial(43904, 'excel1904')).toBe('2024-03-15');
  });

  it('drops the time of day, also before the epoch', () => {
    expect(dateFromSerial(45366.999)).toBe('2024-03-15');
    expect(dateFromSerial(-0.5, 'sheets')).toBe('1899-12-29');
    expect(() => dateFromSerial(Number.NaN)).toThrow(/finite/);
  });

  it('agrees with Excel 1900 and Sheets from 1900-03-01 on (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        expect(dateFromSerial(serial, 'excel1900')).toBe(dateFromSerial(serial, 'sheets'));
      }),
    );
  });

  it('is the inverse of serialFromDate in every system (property)', () => {
    const day = fc.integer({ min: dayNumber('1904-01-01'), max: dayNumber('9999-12-31') });
    fc.assert(
      fc.property(day, fc.constantFrom(...DATE_SYSTEMS), (n, system) => {
        const date = fromDayNumber(n);
        expect(dateFromSerial(serialFromDate(date, system), system)).toBe(date);
      }),
    );
  });

  it('counts one serial per day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_900_000 }), fc.integer({ min: 0, max: 50_000 }), (s, k) => {
        expect(dateFromSerial(s + k)).toBe(addDays(dateFromSerial(s), k));
      }),
    );
  });
});

describe('serialFromDate', () => {
  it('numbers dates in each system', () => {
    expect(serialFromDate('1900-01-01')).toBe(1);
    expect(serialFromDate('1900-02-28')).toBe(59);
    expect(serialFromDate('1900-03-01')).toBe(61);
    expect(serialFromDate('1900-02-28', 'sheets')).toBe(60);
    expect(() => serialFromDate('1899-12-31')).toThrow(/starts at 1900-01-01/);
    expect(() => serialFromDate('1903-12-31', 'excel1904')).toThrow(/starts at 1904-01-01/);
  });
});

describe('readSheetDate', () => {
  it('reads serials, ISO dates and date-times, and Dates in a time zone', () => {
    expect(readSheetDate(45366)).toBe('2024-03-15');
    expect(readSheetDate(' 2024-03-15 ')).toBe('2024-03-15');
    expect(readSheetDate('2024-03-31T23:30:00Z', { timeZone: 'Asia/Shanghai' })).toBe('2024-04-01');
    expect(readSheetDate(new Date('2024-03-14T16:00:00Z'), { timeZone: 'Asia/Shanghai' })).toBe('2024-03-15');
    expect(readSheetDate(new Date('2024-03-14T16:00:00Z'))).toBe('2024-03-14');
  });

  it('refuses empty cells, booleans and days that do not exist, with a reason', () => {
    expect(() => readSheetDate('')).toThrow(/empty cell/);
    expect(() => readSheetDate(true)).toThrow(/got TRUE/);
    expect(() => readSheetDate('2023-02-29')).toThrow(/February 2023 has 28 days/);
    expect(() => readSheetDate('15/03/2024')).toThrow(/YYYY-MM-DD/);
  });
});
