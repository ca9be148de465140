import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert, Decimal, findRate, Money, OpenSpmError, parsePeriodKey, rateTable } from '../../src/index';

const rates = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.30', effectiveDate: '2024-01-21', source: 'central parity' },
  { from: 'EUR', to: 'CNY', rate: '7.85', effectiveDate: '2024-01-01' },
];
const table = rateTable(rates);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof OpenSpmError ? e.code : 'not an OpenSpmError';
  }
  return undefined;
}

describe('findRate', () => {
  it('takes the latest rate effective on or before the date', () => {
    expect(findRate(table, 'USD', 'CNY', { kind: 'on-date', date: '2024-01-20' }).rate.toString()).toBe('7');
    const used = findRate(table, 'USD', 'CNY', { kind: 'on-date', date: '2024-01-21' });
    expect(used.rate.toString()).toBe('7.3');
    expect(used.rates[0]!.source).toBe('central parity');
    expect(
      findRate(table, 'USD', 'CNY', { kind: 'on-date', date: new Date('2024-06-01T10:00:00Z') }).date,
    ).toBe('2024-06-01');
  });

  it('averages over the period, weighting each rate by its days', () => {
    const used = findRate(table, 'USD', 'CNY', { kind: 'period-average', period: parsePeriodKey('2024-01') });
    // (20 × 7.00 + 11 × 7.30) / 31
    expect(used.rate.toString()).toBe('7.1064516129');
    expect(used.rates).toHaveLength(2);
    expect(used.rateDecimals).toBe(10);
    expect(used.text).toContain('31 days');
    const feb = findRate(table, 'USD', 'CNY', { kind: 'period-average', period: parsePeriodKey('2024-02') });
    expect(feb.rate.toString()).toBe('7.3');
  });

  it('uses fixed plan rates, and inverts the opposite pair', () => {
    const plan = { kind: 'fixed' as const, rates: [{ from: 'USD', to: 'CNY', rate: '7.00' }] };
    expect(findRate(null, 'USD', 'CNY', plan).rate.toString()).toBe('7');
    const back = findRate(null, 'CNY', 'USD', plan);
    expect(back.inverse).toBe(true);
    expect(back.rate.toString()).toBe('0.1428571429');
    expect(findRate(null, 'CNY', 'CNY', plan).policy).toBe('same-currency');
  });

  it('names the pair and the date when a rate is missing, never 1.0', () => {
    expect(codeOf(() => findRate(table, 'USD', 'CNY', { kind: 'on-date', date: '2023-12-31' }))).toBe(
      'MISSING_EXCHANGE_RATE',
    );
    expect(() => findRate(table, 'JPY', 'CNY', { kind: 'on-date', date: '2024-03-01' })).toThrow(
      /JPY→CNY.*2024-03-01/,
    );
    expect(() =>
      findRate(table, 'USD', 'CNY', { kind: 'period-average', period: parsePeriodKey('2023-12') }),
    ).toThrow(/USD→CNY.*2023-12-01/);
    expect(codeOf(() => findRate(null, 'EUR', 'USD', { kind: 'fixed', rates: [] }))).toBe(
      'MISSING_EXCHANGE_RATE',
    );
  });

  it('validates rates and refuses two rates of a pair on one day', () => {
    expect(
      codeOf(() => rateTable([{ from: 'USD', to: 'CNY', rate: '0', effectiveDate: '2024-01-01' }])),
    ).toBe('INVALID_INPUT');
    expect(
      codeOf(() => rateTable([{ from: 'USD', to: 'USD', rate: '1', effectiveDate: '2024-01-01' }])),
    ).toBe('INVALID_INPUT');
    expect(
      codeOf(() =>
        rateTable([
          { from: 'USD', to: 'CNY', rate: '7', effectiveDate: '2024-01-01' },
          { from: 'USD', to: 'CNY', rate: '7.1', effectiveDate: '2024-01-01' },
        ]),
      ),
    ).toBe('DUPLICATE_ID');
  });
});

describe('convert', () => {
  it('rounds once at the declared step and explains the rate', () => {
    const r = convert(Money.of('1234.56', 'USD'), 'CNY', {
      rates: table,
      policy: { kind: 'on-date', date: '2024-02-01' },
    });
    expect(r.exact.toString()).toBe('9012.288');
    expect(r.amount.toString()).toBe('9012.29 CNY');
    expect(r.rounding).toEqual({ mode: 'half-even', minorUnits: 2 });
    expect(r.original.toString()).toBe('1234.56 USD');
    expect(r.text).toContain('7.3');
    const down = convert(Money.of('1234.56', 'USD'), 'JPY', {
      policy: { kind: 'fixed', rates: [{ from: 'USD', to: 'JPY', rate: '151.237' }] },
      rounding: 'down',
    });
    expect(down.amount.toString()).toBe('186711 JPY');
  });

  it('rejects bad input with OpenSpmError', () => {
    expect(codeOf(() => convert(Money.of('1', 'USD'), 'usd', { policy: { kind: 'fixed', rates: [] } }))).toBe(
      'INVALID_INPUT',
    );
    expect(codeOf(() => convert(Money.of('1', 'USD'), 'CNY', { policy: { kind: 'soon' } as never }))).toBe(
      'INVALID_INPUT',
    );
    expect(codeOf(() => convert(12 as never, 'CNY', { policy: { kind: 'fixed', rates: [] } }))).toBe(
      'INVALID_INPUT',
    );
  });

  it('round-trips within the declared rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(0, 2, 3),
        fc.constantFrom(0, 2, 3),
        (minor, rateMicro, fromDecimals, toDecimals) => {
          const rate = new Decimal(rateMicro).dividedBy(10_000);
          const money = Money.fromMinor(minor, 'USD', fromDecimals);
          const policy = {
            kind: 'fixed' as const,
            rates: [{ from: 'USD', to: 'EUR', rate: rate.toString() }],
          };
          const there = convert(money, 'EUR', { policy, minorUnits: toDecimals });
          const back = convert(there.amount, 'USD', { policy, minorUnits: fromDecimals, rateDecimals: 20 });
          // Each step is off by at most half its unit; the first step's error is carried back at 1 ÷ rate, and
          // the inverse rate (20 decimals) adds at most |amount| × 10^-20 × rate more.
          const halfTo = new Decimal(10).pow(-toDecimals).dividedBy(2);
          const halfFrom = new Decimal(10).pow(-fromDecimals).dividedBy(2);
          const inverseError = there.amount.amount.abs().times(new Decimal(10).pow(-20));
          const bound = halfFrom.plus(halfTo.dividedBy(rate)).plus(inverseError);
          expect(back.amount.amount.minus(money.amount).abs().lessThanOrEqualTo(bound)).toBe(true);
        },
      ),
    );
  });
});
