import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateMinor, Decimal, Money, type OpenSpmError } from '../../src/index';

/** Reference: exact rational shares with Decimal, largest remainder, ties to the lower index. */
function reference(total: bigint, weights: readonly number[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const abs = total < 0n ? -total : total;
  const shares = weights.map((w) => new Decimal(abs.toString()).times(w).dividedBy(sum));
  const floors = shares.map((s) => BigInt(s.floor().toFixed(0)));
  let left = abs - floors.reduce((a, b) => a + b, 0n);
  const order = shares
    .map((s, i) => ({ i, r: s.minus(s.floor()) }))
    .sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (const { i } of order) {
    if (left === 0n) break;
    floors[i]! += 1n;
    left -= 1n;
  }
  return total < 0n ? floors.map((f) => -f) : floors;
}

const weightsArb = fc
  .array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 40 })
  .filter((ws) => ws.some((w) => w > 0));

describe('allocateMinor', () => {
  it('splits with largest remainder, earlier index winning ties', () => {
    expect(allocateMinor(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateMinor(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateMinor(7, [0, 1, 1, 0])).toEqual([0, 4, 3, 0]);
    expect(allocateMinor(1000n, ['50', '30', '20'])).toEqual([500n, 300n, 200n]);
    expect(allocateMinor(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateMinor(0, [1, 2])).toEqual([0, 0]);
  });

  it('rejects bad weights with a clear error', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as OpenSpmError).code;
      }
      return 'no error';
    };
    expect(codeOf(() => allocateMinor(100, []))).toBe('INVALID_WEIGHTS');
    expect(codeOf(() => allocateMinor(100, [0, 0]))).toBe('INVALID_WEIGHTS');
    expect(codeOf(() => allocateMinor(100, [1, -1]))).toBe('INVALID_WEIGHTS');
    expect(codeOf(() => allocateMinor(100, [1, Number.NaN]))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => allocateMinor(1.5, [1, 1]))).toBe('NOT_IN_MINOR_UNITS');
  });

  it('property: parts sum exactly to the whole, are never negative, and match the reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), weightsArb, (total, weights) => {
        const parts = allocateMinor(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts.every((p) => p >= 0)).toBe(true);
        expect(parts.map(BigInt)).toEqual(reference(BigInt(total), weights));
      }),
    );
  });

  it('property: number and bigint paths agree, and decimal weights equal their scaled integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), weightsArb, (total, weights) => {
        const big = allocateMinor(total, weights);
        expect(big.reduce((a, b) => a + b, 0n)).toBe(total);
        expect(big).toEqual(reference(total, weights));
        const asPercent = allocateMinor(
          total,
          weights.map((w) => new Decimal(w).dividedBy(1000).toString()),
        );
        expect(asPercent).toEqual(big);
      }),
    );
  });

  it('property: deterministic and within one unit of the exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), weightsArb, (total, weights) => {
        const a = allocateMinor(total, weights);
        expect(allocateMinor(total, [...weights])).toEqual(a);
        const sum = weights.reduce((x, y) => x + y, 0);
        a.forEach((part, i) => {
          const exact = new Decimal(total).times(weights[i]!).dividedBy(sum);
          expect(exact.minus(part).abs().lessThan(1)).toBe(true);
        });
      }),
    );
  });

  it('handles a million parts', () => {
    const weights = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1000);
    const parts = allocateMinor(123_456_789_01, weights);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(123_456_789_01);
  });
});

describe('Money.allocate', () => {
  it('splits money in minor units and keeps the currency', () => {
    expect(Money.of('100.00', 'CNY').allocate([1, 1, 1]).map(String)).toEqual([
      '33.34 CNY',
      '33.33 CNY',
      '33.33 CNY',
    ]);
    expect(Money.of('1000', 'JPY').allocate([1, 2]).map(String)).toEqual(['333 JPY', '667 JPY']);
    expect(Money.of('100', 'CNY').allocate([1, 2], { minorUnits: 0 }).map(String)).toEqual([
      '33.00 CNY',
      '67.00 CNY',
    ]);
  });

  it('refuses an amount finer than the minor unit', () => {
    expect(() => Money.of('10.005', 'CNY').allocate([1, 1])).toThrow(/round it first/);
  });

  it('property: parts sum to the whole for any amount and weights', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), weightsArb, (minor, weights) => {
        const whole = Money.fromMinor(minor, 'USD');
        const parts = whole.allocate(weights);
        expect(Money.sum(parts, 'USD').equals(whole)).toBe(true);
      }),
    );
  });
});
