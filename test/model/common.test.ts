import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CurrencyCodeSchema, DateTimeSchema, IdSchema } from '../../src/model/index';

const iso = (input: unknown) => DateTimeSchema.parse(input).toISOString();
const firstIssue = (
  schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } },
  input: unknown,
) => schema.safeParse(input).error?.issues[0] as { message: string; params?: { code?: string } } | undefined;

describe('IdSchema', () => {
  it('keeps text ids and reads numeric ids as their text form', () => {
    expect(IdSchema.parse('D-17')).toBe('D-17');
    expect(IdSchema.parse(1017)).toBe('1017');
    expect(IdSchema.parse(0)).toBe('0');
    expect(IdSchema.parse('0065g00000XyZ')).toBe('0065g00000XyZ');
  });

  it('rejects empty, blank, fractional, unsafe and non-id values with a readable message', () => {
    expect(IdSchema.safeParse('').error?.issues).toHaveLength(1);
    expect(firstIssue(IdSchema, '')?.message).toMatch(/must not be empty or blank/);
    expect(firstIssue(IdSchema, '   ')?.message).toMatch(/must not be empty or blank/);
    expect(firstIssue(IdSchema, 1.5)?.message).toMatch(/expected an id.*got 1\.5/);
    expect(firstIssue(IdSchema, 2 ** 60)?.message).toMatch(/send it as text/);
    expect(firstIssue(IdSchema, true)?.message).toMatch(/expected an id.*got true/);
    expect(firstIssue(IdSchema, undefined)?.message).toMatch(/^is required/);
    expect(IdSchema.safeParse(null).success).toBe(false);
  });
});

describe('CurrencyCodeSchema', () => {
  it('accepts three capital letters only', () => {
    expect(CurrencyCodeSchema.parse('CNY')).toBe('CNY');
    expect(CurrencyCodeSchema.safeParse('rmb').success).toBe(false);
    expect(CurrencyCodeSchema.safeParse('CNYY').success).toBe(false);
  });
});

describe('DateTimeSchema', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('reads a date only as midnight UTC', () => {
    expect(iso('2024-03-15')).toBe('2024-03-15T00:00:00.000Z');
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(iso('2000-02-29')).toBe('2000-02-29T00:00:00.000Z');
    expect(iso('0099-01-01')).toBe('0099-01-01T00:00:00.000Z');
  });

  it('reads date-times with Z or an offset exactly', () => {
    expect(iso('2024-03-15T09:30:00Z')).toBe('2024-03-15T09:30:00.000Z');
    expect(iso('2024-03-15T09:30:00+08:00')).toBe('2024-03-15T01:30:00.000Z');
    expect(iso('2024-03-15T09:30:00+0800')).toBe('2024-03-15T01:30:00.000Z');
    expect(iso('2024-03-15T09:30+08')).toBe('2024-03-15T01:30:00.000Z');
    expect(iso('2024-03-15T01:00:00-05:30')).toBe('2024-03-15T06:30:00.000Z');
    expect(iso('2024-01-01T00:30:00+01:00')).toBe('2023-12-31T23:30:00.000Z');
    expect(iso('2024-03-15T09:30:00.123456789Z')).toBe('2024-03-15T09:30:00.123Z');
    expect(iso('2024-03-15T09:30:00,5Z')).toBe('2024-03-15T09:30:00.500Z');
    expect(iso('2024-03-15t09:30:00z')).toBe('2024-03-15T09:30:00.000Z');
  });

  it('reads date-times without an offset as UTC, also with a space as SQL exports write them', () => {
    expect(iso('2024-03-15T09:30:00')).toBe('2024-03-15T09:30:00.000Z');
    expect(iso('2024-03-15T09:30')).toBe('2024-03-15T09:30:00.000Z');
    expect(iso('2024-03-15 09:30:00.25')).toBe('2024-03-15T09:30:00.250Z');
  });

  it('does not depend on the time zone of the host', () => {
    const inputs = ['2024-03-15', '2024-03-15T09:30:00', '2024-10-27 02:30', '2024-03-31T02:30:00'];
    const results = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Pacific/Chatham'].map(
      (tz) => {
        process.env.TZ = tz;
        return inputs.map(iso);
      },
    );
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0]).toEqual([
      '2024-03-15T00:00:00.000Z',
      '2024-03-15T09:30:00.000Z',
      '2024-10-27T02:30:00.000Z',
      '2024-03-31T02:30:00.000Z',
    ]);
  });

  it('copies a Date instead of returning the caller’s object', () => {
    const input = new Date('2024-03-15T09:30:00Z');
    const output = DateTimeSchema.parse(input);
    expect(output).not.toBe(input);
    expect(output.getTime()).toBe(input.getTime());
  });

  it('rejects dates that do not exist, naming the reason, with code INVALID_DATE', () => {
    const cases: [string, RegExp][] = [
      ['2023-02-30', /"2023-02-30" is not a real date: February 2023 has 28 days/],
      ['2023-02-29', /February 2023 has 28 days/],
      ['1900-02-29', /February 1900 has 28 days/],
      ['2024-04-31', /April 2024 has 30 days/],
      ['2024-13-01', /the month must be 01 to 12/],
      ['2024-00-10', /the month must be 01 to 12/],
      ['2024-03-00', /March 2024 has 31 days/],
      ['2024-03-15T24:00:00Z', /the hour must be 00 to 23/],
      ['2024-03-15T23:60:00Z', /the minute must be 00 to 59/],
      ['2024-03-15T23:59:60Z', /the second must be 00 to 59/],
      ['2024-03-15T10:00:00+24:00', /impossible UTC offset/],
    ];
    for (const [input, message] of cases) {
      const found = firstIssue(DateTimeSchema, input);
      expect(found?.message, input).toMatch(message);
      expect(found?.params?.code, input).toBe('INVALID_DATE');
    }
  });

  it('rejects other formats, naming the expected one', () => {
    for (const input of [
      'yesterday',
      '15/03/2024',
      '2024-3-15',
      '20240315',
      '2024-03-15T',
      '2024-03-15T9:30',
      '2024-03-15T09:30:00.Z',
      '2024-03-15T09:30:00+08:',
      '2024-03-15T09:30:00 +08:00',
      '2024-03-15Z',
      '',
    ]) {
      const found = firstIssue(DateTimeSchema, input);
      expect(found?.message, input).toMatch(/expected an ISO 8601 date such as "2024-03-15"/);
      expect(found?.params?.code, input).toBe('INVALID_DATE');
    }
  });

  it('rejects an Invalid Date and values that are not dates', () => {
    const invalid = firstIssue(DateTimeSchema, new Date('nope'));
    expect(invalid?.message).toMatch(/Invalid Date/);
    expect(invalid?.params?.code).toBe('INVALID_DATE');
    expect(firstIssue(DateTimeSchema, 1710460800000)?.message).toMatch(
      /expected an ISO 8601 date.*got 1710460800000/,
    );
    expect(firstIssue(DateTimeSchema, undefined)?.message).toMatch(/^is required/);
  });

  it('agrees with the built-in reading of full ISO strings (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-02T00:00:00Z'),
          max: new Date('9999-12-30T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
        (date, offset) => {
          expect(DateTimeSchema.parse(date.toISOString()).getTime()).toBe(date.getTime());
          // The same instant written in another offset.
          const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(DateTimeSchema.parse(local + zone).getTime()).toBe(date.getTime());
        },
      ),
    );
  });
});
