import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConversionPolicy,
  convert,
  Money,
  OpenSpmError,
  parsePeriodKey,
  rateCache,
  rateTable,
} from '../../src/index';

const rates = rateTable([
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01', source: 'central parity' },
  { from: 'USD', to: 'CNY', rate: '7.1234', effectiveDate: '2024-03-15' },
  { from: 'CNY', to: 'JPY', rate: '20.5', effectiveDate: '2024-01-01' },
  { from: 'EUR', to: 'CNY', rate: '7.85', effectiveDate: '2024-02-01' },
]);

describe('rateCache', () => {
  it('looks a rate up once per pair and day and converts exactly as convert does', () => {
    const cache = rateCache('CNY', { rates });
    const on = (date: string): ConversionPolicy => ({ kind: 'on-date', date });
    const a = cache.convert(Money.of('100.00', 'USD'), on('2024-03-10'));
    const b = cache.convert(Money.of('33.33', 'USD'), on('2024-03-10'));
    expect(cache.size).toBe(1);
    expect(b.rate).toBe(a.rate); // shared
    expect(b.amount.toString()).toBe('241.64 CNY');
    expect(b.text).toBe(convert(Money.of('33.33', 'USD'), 'CNY', { rates, policy: on('2024-03-10') }).text);
    cache.convert(Money.of('1.00', 'USD'), { kind: 'on-date', date: new Date('2024-03-10T23:00:00Z') });
    expect(cache.size).toBe(1); // the same UTC day
    cache.convert(Money.of('1.00', 'EUR'), on('2024-03-10'));
    expect(cache.size).toBe(2);
  });

  it('does not cache a missing rate: it names the pair and the date every time', () => {
    const cache = rateCache('CNY', { rates });
    for (let i = 0; i < 2; i++) {
      expect(() => cache.convert(Money.of('1.00', 'USD'), { kind: 'on-date', date: '2023-12-31' })).toThrow(
        /USD→CNY exchange rate effective on or before 2023-12-31/,
      );
    }
    expect(cache.size).toBe(0);
    expect(() => rateCache('cny', { rates })).toThrow(OpenSpmError);
  });

  it('gives identical results to convert, for any amount, currency, date and policy (property)', () => {
    const day = fc
      .integer({ min: 0, max: 200 })
      .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const policy: fc.Arbitrary<ConversionPolicy> = fc.oneof(
      day.map((date) => ({ kind: 'on-date' as const, date })),
      fc.constantFrom('2024-01', '2024-02', '2024-03', 'FY2024-Q1').map((k) => ({
        kind: 'period-average' as const,
        period: parsePeriodKey(k),
      })),
      fc.constant({
        kind: 'fixed' as const,
        rates: [
          { from: 'USD', to: 'CNY', rate: '7' },
          { from: 'JPY', to: 'CNY', rate: '0.049' },
          { from: 'EUR', to: 'CNY', rate: '7.9' },
        ],
      }),
    );
    const money = fc
      .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom('USD', 'JPY', 'EUR', 'CNY'))
      .map(([minor, currency]) => Money.fromMinor(minor, currency));
    const outcome = (f: () => ReturnType<typeof convert>) => {
      try {
        const r = f();
        return { amount: r.amount.toString(), exact: r.exact.toString(), rate: r.rate, text: r.text };
      } catch (e) {
        return { error: (e as OpenSpmError).message };
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(money, policy), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('half-even' as const, 'half-up' as const, 'down' as const),
        (items, rounding) => {
          const cache = rateCache('CNY', { rates, rounding });
          for (const [m, p] of items) {
            expect(outcome(() => cache.convert(m, p))).toEqual(
              outcome(() => convert(m, 'CNY', { rates, policy: p, rounding })),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
