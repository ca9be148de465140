import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendarDate, toCalendarDate } from '../../src/period';
import { expectError, MAX_DAY, MIN_DAY } from './helpers';

const HOUR = 3_600_000;
// Instants whose day exists in every zone: 0001-01-02 to 9999-12-30, UTC.
const anyInstant = fc
  .integer({ min: (MIN_DAY + 1) * 24 * HOUR, max: MAX_DAY * 24 * HOUR - 1 })
  .map((ms) => new Date(ms));

describe('toCalendarDate', () => {
  const closedAt = new Date('2024-03-31T23:30:00Z');

  it('places an instant on its day in UTC by default', () => {
    expect(toCalendarDate(closedAt)).toBe('2024-03-31');
    expect(toCalendarDate(closedAt, 'UTC')).toBe('2024-03-31');
    expect(toCalendarDate(new Date('2024-03-31T23:59:59.999Z'))).toBe('2024-03-31');
    expect(toCalendarDate(new Date('2024-04-01T00:00:00.000Z'))).toBe('2024-04-01');
    expect(toCalendarDate(new Date(-1))).toBe('1969-12-31');
  });

  it('places it in the given zone', () => {
    expect(toCalendarDate(closedAt, 'Asia/Shanghai')).toBe('2024-04-01');
    expect(toCalendarDate(closedAt, 'America/New_York')).toBe('2024-03-31');
    expect(toCalendarDate(closedAt, 'Etc/UTC')).toBe('2024-03-31');
    // +05:30: the day changes at 18:30 UTC.
    expect(toCalendarDate(new Date('2024-03-31T18:29:59Z'), 'Asia/Kolkata')).toBe('2024-03-31');
    expect(toCalendarDate(new Date('2024-03-31T18:30:00Z'), 'Asia/Kolkata')).toBe('2024-04-01');
    // +14 and −11: the same instant two days apart.
    expect(toCalendarDate(new Date('2024-01-01T10:30:00Z'), 'Pacific/Kiritimati')).toBe('2024-01-02');
    expect(toCalendarDate(new Date('2024-01-01T10:30:00Z'), 'Pacific/Pago_Pago')).toBe('2023-12-31');
  });

  it('follows daylight saving time', () => {
    // New York: EST (−5) before 2024-03-10 07:00 UTC, EDT (−4) after.
    expect(toCalendarDate(new Date('2024-03-10T04:30:00Z'), 'America/New_York')).toBe('2024-03-09');
    expect(toCalendarDate(new Date('2024-03-11T03:30:00Z'), 'America/New_York')).toBe('2024-03-10');
    expect(toCalendarDate(new Date('2024-03-11T04:30:00Z'), 'America/New_York')).toBe('2024-03-11');
    expect(toCalendarDate(new Date('2024-01-11T04:30:00Z'), 'America/New_York')).toBe('2024-01-10');
  });

  it('rejects unknown zones with INVALID_CALENDAR', () => {
    const error = expectError(() => toCalendarDate(closedAt, 'Mars/Olympus_Mons'), 'INVALID_CALENDAR', [
      'zone',
    ]);
    expect(error.message).toBe(
      'zone: "Mars/Olympus_Mons" is not a time zone name; expected an IANA name such as "UTC", "Asia/Shanghai" or "America/New_York"',
    );
    expectError(() => toCalendarDate(closedAt, ''), 'INVALID_CALENDAR', ['zone']);
    expectError(() => toCalendarDate(closedAt, 8 as unknown as string), 'INVALID_CALENDAR', ['zone']);
    // Still rejected the second time (the failure is cached, not forgotten).
    expectError(() => toCalendarDate(closedAt, 'Mars/Olympus_Mons'), 'INVALID_CALENDAR', ['zone']);
  });

  it('rejects invalid Dates and non-Dates with INVALID_DATE', () => {
    const error = expectError(() => toCalendarDate(new Date(Number.NaN)), 'INVALID_DATE', ['instant']);
    expect(error.message).toBe('instant: expected a valid Date, got an invalid Date (its time is NaN)');
    expectError(() => toCalendarDate('2024-03-15' as unknown as Date), 'INVALID_DATE', ['instant']);
    expectError(() => toCalendarDate(new Date(Date.UTC(10000, 0, 1))), 'INVALID_DATE', ['instant']);
  });

  it('does not change the Date it is given', () => {
    const instant = new Date('2024-03-31T23:30:00Z');
    toCalendarDate(instant, 'Asia/Shanghai');
    expect(instant.toISOString()).toBe('2024-03-31T23:30:00.000Z');
  });

  it('property: in UTC it is the date part of toISOString', () => {
    fc.assert(fc.property(anyInstant, (d) => toCalendarDate(d) === d.toISOString().slice(0, 10)));
  });

  it('property: in a fixed-offset zone it is the UTC date of the shifted instant', () => {
    // Etc/GMT-8 is UTC+8 all year (the sign of Etc/ zones is inverted).
    fc.assert(
      fc.property(anyInstant, (d) => {
        const shifted = new Date(d.getTime() + 8 * HOUR);
        return toCalendarDate(d, 'Etc/GMT-8') === shifted.toISOString().slice(0, 10);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseCalendarDate', () => {
  it('reads YYYY-MM-DD as is, whatever the zone', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(parseCalendarDate('2024-02-29', 'Pacific/Kiritimati')).toBe('2024-02-29');
    expect(parseCalendarDate(' 2024-02-29 ')).toBe('2024-02-29');
  });

  it('places date-times with Z or an offset in the zone', () => {
    expect(parseCalendarDate('2024-03-31T23:30:00Z')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-03-31T23:30:00Z', 'Asia/Shanghai')).toBe('2024-04-01');
    expect(parseCalendarDate('2024-03-31T23:30:00.123456Z', 'Asia/Shanghai')).toBe('2024-04-01');
    expect(parseCalendarDate('2024-04-01T01:00:00+08:00')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-04-01T01:00:00+0800')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-04-01T01:00+08')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-03-31T20:00:00-05:00')).toBe('2024-04-01');
    expect(parseCalendarDate('2024-03-31t23:30:00z', 'Asia/Shanghai')).toBe('2024-04-01');
  });

  it('takes the date of a date-time without offset (a wall-clock time)', () => {
    expect(parseCalendarDate('2024-03-31T23:30:00', 'Asia/Shanghai')).toBe('2024-03-31');
    expect(parseCalendarDate('2024-03-31 23:30', 'America/New_York')).toBe('2024-03-31');
  });

  it('places a Date in the zone', () => {
    expect(parseCalendarDate(new Date(Date.UTC(2024, 2, 15, 18)), 'Asia/Tokyo')).toBe('2024-03-16');
    expect(parseCalendarDate(new Date(Date.UTC(2024, 2, 15, 18)))).toBe('2024-03-15');
  });

  it('rejects dates and date-times that do not exist', () => {
    const leap = expectError(() => parseCalendarDate('2023-02-29'), 'INVALID_DATE', ['input']);
    expect(leap.message).toBe(
      'input: "2023-02-29" does not exist: February 2023 has 28 days, or a date-time such as 2024-03-15T09:30:00Z',
    );
    expectError(() => parseCalendarDate('2023-02-29T10:00:00Z'), 'INVALID_DATE', ['input']);
    expectError(() => parseCalendarDate('2024-03-15T24:00:00Z'), 'INVALID_DATE', ['input']);
    expectError(() => parseCalendarDate('2024-03-15T10:60:00Z'), 'INVALID_DATE', ['input']);
    expectError(() => parseCalendarDate('2024-03-15T10:00:00+24:00'), 'INVALID_DATE', ['input']);
    const shape = expectError(() => parseCalendarDate('2024-03-15T10:00:00 UTC'), 'INVALID_DATE', ['input']);
    expect(shape.message).toContain('is not a valid date-time');
    expectError(() => parseCalendarDate('15/03/2024'), 'INVALID_DATE', ['input']);
    expectError(() => parseCalendarDate(45000 as unknown as string), 'INVALID_DATE', ['input']);
    expectError(() => parseCalendarDate(new Date(Number.NaN)), 'INVALID_DATE', ['input']);
  });

  it('rejects unknown zones even for plain dates', () => {
    expectError(() => parseCalendarDate('2024-03-15', 'Asia/Shang_hai'), 'INVALID_CALENDAR', ['zone']);
  });

  it('property: a Z date-time reads as toCalendarDate of the same instant', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom('UTC', 'Asia/Shanghai', 'America/Los_Angeles'), (d, zone) => {
        return parseCalendarDate(d.toISOString(), zone) === toCalendarDate(d, zone);
      }),
      { numRuns: 300 },
    );
  });
});
