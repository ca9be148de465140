import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalQuantile,
  permutationPValue,
  ranks,
  seededRandom,
  spearman,
  spearmanInterval,
  theilSen,
} from '../../src/review/stats';

const sample = fc
  .integer({ min: 3, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: n, maxLength: n }),
    ),
  );

describe('review statistics', () => {
  it('ranks average ties and sum to n(n+1)/2', () => {
    expect([...ranks([10, 20, 20, 5])]).toEqual([2, 3.5, 3.5, 1]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const sum = [...ranks(xs)].reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo((xs.length * (xs.length + 1)) / 2, 9);
      }),
    );
  });

  it('Spearman lies in [-1, 1] and is null for a constant side', () => {
    fc.assert(
      fc.property(sample, ([x, y]) => {
        const r = spearman(x, y);
        if (r !== null) {
          expect(r).toBeGreaterThanOrEqual(-1);
          expect(r).toBeLessThanOrEqual(1);
        }
      }),
    );
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('Spearman is invariant under strictly increasing transforms, and flips under decreasing ones', () => {
    fc.assert(
      fc.property(sample, ([x, y]) => {
        const r = spearman(x, y);
        const up = spearman(
          x.map((v) => v ** 3 + 2 * v),
          y.map((v) => Math.exp(v / 500)),
        );
        const down = spearman(
          x.map((v) => -v),
          y,
        );
        if (r === null) return;
        expect(up).toBeCloseTo(r, 9);
        expect(down).toBeCloseTo(-r, 9);
      }),
    );
  });

  it('a perfectly monotone relation has rho 1', () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBe(1);
  });

  it('Theil–Sen slope of an exact line is the line’s slope, with a zero-width interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.uniqueArray(fc.integer({ min: -200, max: 200 }), { minLength: 3, maxLength: 40 }),
        (slope, intercept, xs) => {
          const fit = theilSen(
            xs,
            xs.map((x) => slope * x + intercept),
            0.95,
          )!;
          expect(fit.slope).toBeCloseTo(slope, 9);
          expect(fit.intercept).toBeCloseTo(intercept, 6);
          expect(fit.lower).toBeCloseTo(slope, 9);
          expect(fit.upper).toBeCloseTo(slope, 9);
        },
      ),
    );
  });

  it('Theil–Sen resists an outlier', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const y = x.map((v) => 2 * v);
    y[9] = 1000;
    expect(theilSen(x, y, 0.95)!.slope).toBe(2);
  });

  it('the Spearman interval contains rho and stays in (-1, 1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.99, max: 0.99, noNaN: true }),
        fc.integer({ min: 4, max: 5000 }),
        (r, n) => {
          const [lo, hi] = spearmanInterval(r, n, 0.95)!;
          expect(lo).toBeLessThanOrEqual(r + 1e-12);
          expect(hi).toBeGreaterThanOrEqual(r - 1e-12);
          expect(lo).toBeGreaterThan(-1);
          expect(hi).toBeLessThan(1);
        },
      ),
    );
    expect(spearmanInterval(0.5, 3, 0.95)).toBeNull();
  });

  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });

  it('the permutation p-value is reproducible with a seed and in (0, 1]', () => {
    const random = seededRandom(5);
    const x = Array.from({ length: 40 }, () => random());
    const y = x.map((v) => v + random());
    const a = permutationPValue(x, y, 199, 1)!;
    const b = permutationPValue(x, y, 199, 1)!;
    expect(a).toEqual(b);
    expect(a.pValue).toBeGreaterThan(0);
    expect(a.pValue).toBeLessThanOrEqual(1);
    expect(a.pValue).toBeLessThan(0.05);
    const noise = Array.from({ length: 40 }, () => random());
    expect(permutationPValue(x, noise, 199, 1)!.pValue).toBeGreaterThan(0.01);
  });

  it('the seeded generator is deterministic and in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    for (let i = 0; i < 100; i++) {
      const u = a();
      expect(u).toBe(b());
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});
