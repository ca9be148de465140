import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversionLog, RateCacheImpl } from '../../src/currency/cache';
import {
  type ConversionPolicy,
  convert,
  Money,
  OpenSpmError,
  parsePeriodKey,
  type RateCacheOptions,
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

describe('rateCache fast paths: identical to convert (properties)', () => {
  const day = fc
    .integer({ min: -20, max: 200 })
    .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  // Close dates as text (the common case, looked up without re-checking the policy on a miss), instants, and
  // junk: every kind of miss and hit, and every error.
  const policy: fc.Arbitrary<ConversionPolicy> = fc.oneof(
    { weight: 5, arbitrary: day.map((date) => ({ kind: 'on-date' as const, date })) },
    day.map((date) => ({ kind: 'on-date' as const, date: new Date(`${date}T23:30:00+08:00`) })),
    fc
      .constantFrom('2024-02-30', '2024-3-01', ' 2024-03-01', '', 'soon', '2024-03-01T10:00:00Z')
      .map((date) => ({ kind: 'on-date' as const, date })),
    fc.constant({ kind: 'on-date', date: new Date(Number.NaN) } as ConversionPolicy),
    fc.constant({ kind: 'on-date', date: 20240301 } as unknown as ConversionPolicy),
    fc.constantFrom('2024-01', '2024-02', '2024-03', 'FY2024-Q1', '2023-12').map((k) => ({
      kind: 'period-average' as const,
      period: parsePeriodKey(k),
    })),
    fc.constant({ kind: 'period-average', period: null } as unknown as ConversionPolicy),
    fc
      .constantFrom(
        [
          { from: 'USD', to: 'CNY', rate: '7' },
          { from: 'CNY', to: 'JPY', rate: '20' },
        ],
        [{ from: 'EUR', to: 'CNY', rate: '7.9' }],
        [{ from: 'USD', to: 'CNY', rate: '-1' }],
      )
      .map((r) => ({ kind: 'fixed' as const, rates: r })),
    fc.constant({ kind: 'spot' } as unknown as ConversionPolicy),
  );
  const money = fc.oneof(
    fc
      .tuple(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.constantFrom('USD', 'JPY', 'EUR', 'CNY', 'GBP'),
      )
      .map(([minor, currency]) => Money.fromMinor(minor, currency)),
    // more decimals than the currency has
    fc
      .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom('USD', 'JPY'))
      .map(([n, currency]) => Money.of(`${n}e-5`, currency)),
  );
  const options = fc.record({
    rounding: fc.constantFrom('half-even' as const, 'half-up' as const, 'down' as const, 'ceiling' as const),
    minorUnits: fc.option(fc.constantFrom(0, 2, 4), { nil: undefined }),
    rateDecimals: fc.option(fc.constantFrom(0, 4, 12), { nil: undefined }),
  });
  const to = fc.constantFrom('CNY', 'JPY');
  const error = (e: unknown) => {
    const x = e as OpenSpmError;
    return { error: x.message, code: x.code, path: x.path, type: x.constructor.name };
  };
  const outcome = <T>(f: () => T, view: (r: T) => unknown) => {
    try {
      return view(f());
    } catch (e) {
      return error(e);
    }
  };
  /** The options of convert for the cache's options (undefined ones left out, as a caller would). */
  const convertOptions = (o: { rounding: string; minorUnits?: number; rateDecimals?: number }) => ({
    rounding: o.rounding,
    ...(o.minorUnits === undefined ? {} : { minorUnits: o.minorUnits }),
    ...(o.rateDecimals === undefined ? {} : { rateDecimals: o.rateDecimals }),
  });

  it('convert, convertAmount and the amounts and sentences logged: those of convert, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(money, policy), { minLength: 1, maxLength: 40 }),
        options,
        to,
        fc.boolean(),
        (items, o, target, keep) => {
          const opts = { rates, ...convertOptions(o) } as RateCacheOptions;
          const full = rateCache(target, opts);
          const bare = rateCache(target, opts);
          const cache = new RateCacheImpl(target, opts);
          const log = new ConversionLog(target, keep);
          // the log as analytics filled it before: convert's result, recorded under the cache's key
          const keys = new RateCacheImpl(target, opts);
          const reference = new ConversionLog(target, keep);
          items.forEach(([m, p], i) => {
            const ref = () =>
              convert(m, target, { rates, policy: p, ...convertOptions(o) } as Parameters<typeof convert>[2]);
            const expected = outcome(ref, (r) => r);
            // the whole result, the rate object included
            expect(
              outcome(
                () => full.convert(m, p),
                (r) => r,
              ),
            ).toEqual(expected);
            expect(
              JSON.stringify(
                outcome(
                  () => full.convert(m, p),
                  (r) => r,
                ),
              ),
            ).toBe(JSON.stringify(expected));
            // the amount alone
            expect(
              outcome(
                () => bare.convertAmount(m, p),
                (a) => a,
              ),
            ).toEqual(outcome(ref, (r) => r.amount));
            // the amount logged (and its sentence, when kept)
            expect(
              outcome(
                () => log.convert(cache, m, p, 'deal', `d${i}`, ['deals', i]),
                (a) => a,
              ),
            ).toEqual(outcome(ref, (r) => r.amount));
            try {
              const r = ref();
              reference.record(r, keys.convertKeyed(m, p).key, 'deal', `d${i}`, ['deals', i]);
            } catch {
              // not recorded: the log throws too (checked above)
            }
          });
          expect(log.used()).toEqual(reference.used());
          expect(JSON.stringify(log.used())).toBe(JSON.stringify(reference.used()));
          expect(log.keys).toEqual(reference.keys);
          expect(bare.size).toBe(full.size);
          expect(cache.size).toBe(full.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a missing rate is not cached by any path; a cached rate object is shared', () => {
    const cache = rateCache('CNY', { rates });
    const on = (date: string): ConversionPolicy => ({ kind: 'on-date', date });
    for (let i = 0; i < 2; i++) {
      expect(() => cache.convertAmount(Money.of('1.00', 'GBP'), on('2024-03-01'))).toThrow(
        /no GBP→CNY exchange rate effective on or before 2024-03-01/,
      );
    }
    expect(cache.size).toBe(0);
    expect(cache.convertAmount(Money.of('33.33', 'USD'), on('2024-03-10')).toString()).toBe('241.64 CNY');
    expect(cache.size).toBe(1);
    const a = cache.convert(Money.of('1.00', 'USD'), on('2024-03-10'));
    const b = cache.convert(Money.of('2.00', 'USD'), on('2024-03-10'));
    expect(b.rate).toBe(a.rate);
    expect(cache.size).toBe(1);
  });
});
