import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, Money } from '../../src/index';
import { isSheetError, sheetFunctions } from '../../src/sheets/index';

const { FXCONVERT } = sheetFunctions;

const rates = [
  ['From', 'To', 'Rate', 'Date', 'Source'],
  ['USD', 'CNY', '7.1034', '2024-03-01', 'central parity'],
  ['USD', 'CNY', '7.2001', '2024-04-01', 'central parity'],
  ['EUR', 'CNY', 7.8, 45352], // 2024-03-01 as an Excel serial
];

describe('FXCONVERT', () => {
  it('converts each amount at the latest rate on or before its date, rounded once to the target minor unit', () => {
    const out = FXCONVERT(
      [[1234.56], [100], [50], ['']],
      [['USD'], ['EUR'], ['CNY'], ['USD']],
      'CNY',
      rates,
      [['2024-03-29'], ['2024-04-15'], ['2024-04-15'], ['2024-04-15']],
    );
    // 1234.56 × 7.1034 = 8769.573504 → 8769.57; 100 EUR × 7.8 = 780; CNY stays; an empty amount stays empty.
    expect(out).toEqual([[8769.57], [780], [50], ['']]);
  });

  it('explains every figure: the rate, its date and the sentence with the exact product', () => {
    const out = FXCONVERT([[1234.56]], 'USD', 'CNY', rates, '2024-04-02', '', '', 'half-up', true);
    expect(out).toEqual([
      ['Converted', 'Rate', 'Rate date', 'Explanation'],
      [
        8888.96,
        7.2001,
        '2024-04-01',
        '1234.56 USD × 7.2001 = 8888.955456 CNY, rounded half-up to 2 decimals: 8888.96 CNY (USD→CNY 7.2001: the rate effective 2024-04-01, the latest on or before 2024-04-02)',
      ],
    ]);
  });

  it('a missing rate is an error cell naming the pair and the date, never 1.0; other rows still convert', () => {
    const out = FXCONVERT([[100], [200]], [['USD'], ['GBP']], 'CNY', rates, [['2024-02-15'], ['2024-03-15']]);
    expect(isSheetError(out[0]![0])).toBe(true);
    expect((out[0]![0] as { message: string }).message).toMatch(/USD→CNY.*2024-02-15/);
    expect(isSheetError(out[1]![0])).toBe(true);
    expect((out[1]![0] as { message: string }).message).toMatch(/GBP→CNY/);
  });

  it('fixed plan rates ignore dates and invert the opposite pair', () => {
    const out = FXCONVERT([[1000]], 'CNY', 'USD', [['USD', 'CNY', 7]], undefined, 'fixed', 4);
    expect(out).toEqual([[142.8571]]);
  });

  it('month and quarter averages weight each rate by the days it applied', () => {
    const q = FXCONVERT([[1000]], 'USD', 'CNY', rates, '2024-03-10', 'month');
    expect(q).toEqual([[7103.4]]);
    const table = [
      ['From', 'To', 'Rate', 'Date'],
      ['USD', 'CNY', '7', '2024-01-01'],
      ['USD', 'CNY', '8', '2024-02-01'],
    ];
    // Q1 2024: 31 days at 7, 60 days at 8 → (217 + 480) / 91 = 7.6593406593…
    const out = FXCONVERT([[100]], 'USD', 'CNY', table, '2024-03-31', 'quarter', 2, '', true);
    expect(out[1]![0]).toBe(765.93);
    expect(out[1]![2]).toBe('FY2024-Q1');
  });

  it('rejects bad input with a message that says what to fix', () => {
    const first = (r: unknown) => (r as { message: string }[][])[0]![0]!.message;
    expect(first(FXCONVERT([[1]], 'USD', 'yuan', rates, '2024-03-29'))).toMatch(
      /to: expected a currency code/,
    );
    expect(first(FXCONVERT([[1]], 'USD', 'CNY', rates, '2024-03-29', 'weekly'))).toMatch(/policy/);
    expect(first(FXCONVERT([[1]], 'USD', 'CNY', rates))).toMatch(/dates: required/);
    expect(first(FXCONVERT([[1]], 'USD', 'CNY', [['USD', 'CNY', -7, '2024-01-01']], '2024-03-29'))).toMatch(
      /above zero/,
    );
    expect(first(FXCONVERT([[1], [2]], [['USD'], ['USD'], ['USD']], 'CNY', rates, '2024-03-29'))).toMatch(
      /one per amount/,
    );
  });

  it('equals convert() for any amount and date (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_00 }),
        fc.integer({ min: 0, max: 90 }),
        (cents, offset) => {
          const day = new Date(Date.UTC(2024, 2, 1 + offset)).toISOString().slice(0, 10);
          const amount = Money.of((cents / 100).toFixed(2), 'USD');
          const expected = convert(amount, 'CNY', {
            rates: rates.slice(1, 3).map(([from, to, rate, effectiveDate]) => ({
              from: String(from),
              to: String(to),
              rate: String(rate),
              effectiveDate: String(effectiveDate),
            })),
            policy: { kind: 'on-date', date: day },
          });
          const out = FXCONVERT([[amount.amount.toFixed(2)]], 'USD', 'CNY', rates, day);
          expect(out[0]![0]).toBe(expected.amount.toNumber());
        },
      ),
    );
  });
});
