import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DecomposeTargetOptions,
  decomposeTarget,
  Money,
  replanTarget,
  splitTarget,
  type TargetLevel,
  targetMatrix,
  targetVariance,
} from '../../src/index';

const minorMoney = (minor: number) => Money.fromMinor(minor, 'CNY');
const totalArb = fc.integer({ min: 0, max: 10_000_000_000 });

const levelSets: TargetLevel[][] = [
  ['quarter'],
  ['month'],
  ['quarter', 'month'],
  ['quarter', 'month', 'week'],
  ['half', 'week'],
];
const methodArb: fc.Arbitrary<(levels: TargetLevel[]) => DecomposeTargetOptions> = fc.oneof(
  fc.constantFrom(
    () => ({ method: 'even' as const }),
    () => ({ method: 'workingDays' as const }),
    () => ({ method: 'calendarDays' as const }),
  ),
  fc
    .array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 })
    .filter((xs) => xs.some((x) => x > 0))
    .map((indexes) => () => ({
      method: 'seasonality' as const,
      seasonality: { level: 'month' as const, indexes },
    })),
  fc
    .tuple(
      fc.array(fc.integer({ min: -1000, max: 1_000_000 }), { minLength: 12, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 0, maxLength: 12 }),
      fc.integer({ min: 0, max: 100 }),
    )
    .map(([a, b, w]) => {
      const actuals = (year: number, xs: number[]) =>
        xs.map((x, i) => ({ date: `${year}-${String(i + 1).padStart(2, '0')}-28`, amount: minorMoney(x) }));
      return () => ({
        method: 'history' as const,
        history: {
          level: 'month' as const,
          years: [
            { period: 'FY2024', weight: w, actuals: actuals(2024, a) },
            { period: 'FY2023', weight: 100 - w, actuals: actuals(2023, b) },
          ],
          fallback: 'workingDays' as const,
        },
      });
    }),
  fc
    .array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 })
    .filter((xs) => xs.some((x) => x > 0))
    .map((xs) => {
      const sum = xs.reduce((a, b) => a + b, 0);
      const percents = xs.map((x) => ((x * 100) / sum).toFixed(6));
      return () => ({
        method: 'distribution' as const,
        distribution: { level: 'quarter' as const, percents, tolerance: '0.0001' },
      });
    }),
);

describe('properties', () => {
  it('decomposeTarget: every level sums exactly to its parent, nothing negative, deterministic', () => {
    fc.assert(
      fc.property(
        totalArb,
        fc.constantFrom(...levelSets),
        methodArb,
        fc.constantFrom('finest' as const, 'nested' as const),
        (total, levels, method, rounding) => {
          const options = { ...method(levels), levels, rounding };
          // Monthly indexes need weeks cut at month ends; quarterly percents need periods inside quarters.
          if ((options.method === 'seasonality' || options.method === 'history') && !levels.includes('month'))
            return;
          if (options.method === 'distribution' && levels.includes('half')) return;
          const input = { total: minorMoney(total), period: 'FY2025' };
          const r = decomposeTarget(input, options);
          const again = decomposeTarget(input, options);
          expect(JSON.stringify(again)).toBe(JSON.stringify(r));
          for (const level of r.byLevel) {
            expect(Money.sum(level.parts.map((p) => p.amount)).equals(r.total)).toBe(true);
            for (const p of level.parts) expect(p.amount.isNegative()).toBe(false);
          }
          for (let li = 1; li < r.byLevel.length; li++) {
            const upper = r.byLevel[li - 1]!.parts;
            const sums = upper.map(() => Money.zero('CNY'));
            for (const p of r.byLevel[li]!.parts) sums[p.parent!] = sums[p.parent!]!.plus(p.amount);
            upper.forEach((u, i) => {
              expect(sums[i]!.equals(u.amount)).toBe(true);
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('splitTarget: parts sum to the total, locks kept exactly, bounds held, nothing negative, deterministic', () => {
    const memberArb = fc.record({
      weight: fc.integer({ min: 0, max: 1000 }),
      lock: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      rampMonth: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      max: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.array(memberArb, { minLength: 1, maxLength: 8 }),
        (total, ms) => {
          const members = ms.map((m, i) => ({
            id: `r${i}`,
            weight: m.weight,
            ...(m.lock !== undefined ? { locked: minorMoney(m.lock) } : {}),
            ...(m.rampMonth !== undefined ? { rampMonth: m.rampMonth } : {}),
            ...(m.max !== undefined ? { max: minorMoney(m.max) } : {}),
          }));
          const input = { total: minorMoney(total), members };
          const options = { method: 'weights' as const, ramp: { table: [25, 50, 75, 100] } };
          let r: ReturnType<typeof splitTarget>;
          try {
            r = splitTarget(input, options);
          } catch (error) {
            // Infeasible combinations must be reported with a stable code, never a crash.
            expect(['INFEASIBLE_TARGET', 'INVALID_WEIGHTS']).toContain((error as { code: string }).code);
            return;
          }
          expect(JSON.stringify(splitTarget(input, options))).toBe(JSON.stringify(r));
          expect(Money.sum(r.parts.map((p) => p.amount)).equals(r.total)).toBe(true);
          r.parts.forEach((p, i) => {
            expect(p.amount.isNegative()).toBe(false);
            const m = members[i]!;
            if (m.locked) expect(p.amount.equals(m.locked)).toBe(true);
            else if (m.max) expect(p.amount.lessThanOrEqual(m.max)).toBe(true);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('targetMatrix: rows and columns exact both ways, nothing negative, deterministic', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.record({
            weight: fc.integer({ min: 1, max: 50 }),
            rampMonth: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
          }),
          {
            minLength: 1,
            maxLength: 7,
          },
        ),
        fc.boolean(),
        (cols, reps, fixed) => {
          const total = cols.reduce((a, b) => a + b, 0);
          const periods = cols.map((c, j) => ({
            period: `2025-${String(j + 1).padStart(2, '0')}`,
            amount: minorMoney(c),
          }));
          const weights = reps.map((r) => r.weight);
          // Fixed rep totals by weight (every rep is active in every month here, so any totals are feasible).
          const totals = Money.fromMinor(total, 'CNY').allocate(weights);
          const input = {
            periods,
            reps: reps.map((r, i) => ({
              id: `r${i}`,
              weight: r.weight,
              ...(r.rampMonth !== undefined ? { rampMonth: r.rampMonth } : {}),
              ...(fixed ? { total: totals[i]! } : {}),
            })),
          };
          const options = { ramp: { table: [50, 75, 100] } };
          const m = targetMatrix(input, options);
          expect(JSON.stringify(targetMatrix(input, options))).toBe(JSON.stringify(m));
          const colSums = cols.map((_, j) => m.cells.reduce((a, row) => a + row[j]!, 0));
          expect(colSums).toEqual(cols);
          const rowSums = m.cells.map((row) => row.reduce((a, b) => a + b, 0));
          expect(rowSums).toEqual(m.reps.map((r) => Number(r.total.toMinor())));
          if (fixed) expect(rowSums).toEqual(totals.map((t) => Number(t.toMinor())));
          for (const row of m.cells) for (const c of row) expect(c).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('targetVariance: split credits sum exactly to each deal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (amount, raw) => {
          const sum = raw.reduce((a, b) => a + b, 0);
          const pcts = raw.map((x) => Math.floor((x * 100) / sum));
          pcts[0]! += 100 - pcts.reduce((a, b) => a + b, 0);
          const r = targetVariance({
            targets: [{ repId: 'r0', period: '2025-01', amount: minorMoney(1) }],
            achievements: [
              {
                date: '2025-01-10',
                amount: minorMoney(amount),
                splits: pcts.map((percent, i) => ({ repId: `r${i}`, percent })),
              },
            ],
          });
          expect(Money.sum(r.credits.map((c) => c.amount)).equals(minorMoney(amount))).toBe(true);
        },
      ),
    );
  });

  it('replanTarget: without a cap the new plan still totals the original', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.constantFrom('2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01'),
        (targets, q1Actual, asOf) => {
          const r = replanTarget(
            {
              periods: targets.map((t, j) => ({
                period: `FY2025-Q${j + 1}`,
                target: minorMoney(t),
                actual: minorMoney(j === 0 ? q1Actual : 0),
              })),
            },
            { asOf },
          );
          const planned = Money.sum(r.periods.map((p) => p.newTarget));
          if (r.achieved.lessThanOrEqual(r.total) && r.periods.some((p) => p.status === 'open')) {
            expect(planned.equals(r.total)).toBe(true);
          }
          for (const p of r.periods) if (p.status === 'open') expect(p.newTarget.isNegative()).toBe(false);
        },
      ),
    );
  });
});

describe('properties: equal to the Money.allocate reference', () => {
  it('weights at the finest level give exactly Money.allocate of those weights', () => {
    fc.assert(
      fc.property(
        totalArb,
        fc
          .array(fc.integer({ min: 0, max: 10_000 }), { minLength: 12, maxLength: 12 })
          .filter((xs) => xs.some((x) => x > 0)),
        (total, indexes) => {
          const money = minorMoney(total);
          const r = decomposeTarget(
            { total: money, period: 'FY2025' },
            { levels: ['quarter', 'month'], method: 'seasonality', seasonality: { level: 'month', indexes } },
          );
          expect(r.leaves.map((p) => p.amount.toString())).toEqual(money.allocate(indexes).map(String));
          const days = decomposeTarget(
            { total: money, period: 'FY2025' },
            { levels: ['month'], method: 'workingDays' },
          );
          const wd = [23, 20, 21, 22, 22, 21, 23, 21, 22, 23, 20, 23];
          expect(days.leaves.map((p) => p.amount.toString())).toEqual(money.allocate(wd).map(String));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('history shares blended over years equal the exact fractions (Decimal reference)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc
          .array(fc.integer({ min: 0, max: 500_000 }), { minLength: 4, maxLength: 4 })
          .filter((xs) => xs.some((x) => x > 0)),
        fc
          .array(fc.integer({ min: 0, max: 500_000 }), { minLength: 4, maxLength: 4 })
          .filter((xs) => xs.some((x) => x > 0)),
        fc.integer({ min: 1, max: 99 }),
        (total, a, b, wa) => {
          const actuals = (year: number, xs: number[]) =>
            xs.map((x, q) => ({
              date: `${year}-${String(q * 3 + 1).padStart(2, '0')}-05`,
              amount: minorMoney(x),
            }));
          const r = decomposeTarget(
            { total: minorMoney(total), period: 'FY2025' },
            {
              levels: ['quarter'],
              method: 'history',
              history: {
                level: 'quarter',
                years: [
                  { period: 'FY2024', weight: wa, actuals: actuals(2024, a) },
                  { period: 'FY2023', weight: 100 - wa, actuals: actuals(2023, b) },
                ],
              },
            },
          );
          // Exact blended share of quarter q: (wa × a_q / Σa + (100 − wa) × b_q / Σb) / 100, as a fraction.
          const sa = BigInt(a.reduce((x, y) => x + y, 0));
          const sb = BigInt(b.reduce((x, y) => x + y, 0));
          const weights = a.map(
            (x, q) => BigInt(wa) * BigInt(x) * sb + BigInt(100 - wa) * BigInt(b[q]!) * sa,
          );
          expect(r.leaves.map((p) => p.amount.toString())).toEqual(
            minorMoney(total).allocate(weights).map(String),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('targetMatrix per period: each column is Money.allocate of the week target by weight × ramp', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 9 }),
        (amount, weights) => {
          const m = targetMatrix(
            {
              periods: [{ period: '2025-03', amount: minorMoney(amount) }],
              reps: weights.map((weight, i) => ({
                id: `r${i}`,
                weight,
                ...(i === 0 ? { rampMonth: 2 } : {}),
              })),
            },
            { ramp: { table: [25, 50] } },
          );
          const seeds = weights.map((w, i) => (i === 0 ? w * 50 : w * 100));
          expect(m.cells.map((row) => row[0]!)).toEqual(
            minorMoney(amount)
              .allocate(seeds)
              .map((p) => Number(p.toMinor())),
          );
        },
      ),
    );
  });
});
