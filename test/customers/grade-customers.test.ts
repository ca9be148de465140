import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DealInput,
  type GradeCustomersInput,
  type GradeCustomersOptions,
  gradeCustomers,
  type OpenSpmError,
} from '../../src/index';

const pipelines = [
  {
    id: 'p1',
    name: 'New business',
    stages: [
      { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const, probability: 0.1 },
      { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
      { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const },
    ],
  },
];

const won = (id: string, accountId: string, amount: string, closedAt: string): DealInput => ({
  id,
  pipelineId: 'p1',
  ownerId: 'rep-1',
  accountId,
  stageId: 'won',
  amount: { amount, currency: 'CNY' },
  createdAt: '2022-01-01',
  closedAt,
});

function sample(): GradeCustomersInput {
  return {
    accounts: [
      { id: 'a1', name: 'Huaxin', grade: 'B', ownerId: 'rep-1' },
      { id: 'a2', name: 'Kunlun', grade: 'B', ownerId: 'rep-1' },
      { id: 'a3', name: 'Tianyu', grade: 'C', ownerId: 'rep-2' },
      { id: 'a4', name: 'Hengtai', ownerId: 'rep-2' },
    ],
    pipelines,
    deals: [
      won('D1', 'a1', '900000.00', '2024-12-20'),
      won('D2', 'a1', '300000.00', '2024-10-01'),
      won('D3', 'a2', '150000.00', '2024-06-01'),
      won('D4', 'a3', '20000.00', '2023-06-01'), // outside the window: recency only
      { ...won('D5', 'a3', '50000.00', '2024-12-01'), stageId: 'lost' },
    ],
    activities: [
      { id: 'x1', type: 'visit', repId: 'rep-1', accountId: 'a1', at: '2024-12-28' },
      { id: 'x2', type: 'call', repId: 'rep-1', dealId: 'D3', at: '2024-11-01' },
    ],
  };
}

describe('gradeCustomers', () => {
  it('grades from revenue, frequency, recency and engagement with fixed thresholds, explaining each factor', () => {
    const r = gradeCustomers(sample(), {
      asOf: '2024-12-31',
      factors: {
        revenue: { weight: 4, method: 'fixed', thresholds: ['100000', '500000', '1000000'] },
        frequency: { weight: 2, method: 'fixed', thresholds: [1, 2, 4] },
        recency: { weight: 2, method: 'fixed', thresholds: [365, 90, 30] },
        engagement: { weight: 2, method: 'fixed', thresholds: [90, 30, 7] },
      },
    });
    expect(r.window).toEqual({ start: '2024-01-02', end: '2025-01-01' });
    expect(r.currency).toBe('CNY');
    const a1 = r.accounts[0]!;
    expect(a1.factors.revenue).toMatchObject({ value: '1200000.00', points: 4, maxPoints: 4, score: 100 });
    expect(a1.factors.frequency).toMatchObject({ value: 2, points: 3 });
    expect(a1.factors.recency).toMatchObject({ value: 11, points: 4 });
    expect(a1.factors.engagement).toMatchObject({ value: 3, points: 4 });
    expect(a1.factors.revenue.thresholds[0]).toEqual({ points: 2, rule: 'at-least', value: '100000.00' });
    expect(a1.factors.recency.thresholds[2]).toEqual({ points: 4, rule: 'at-most', value: 30 });
    expect(a1.factors.potential.weight).toBe(0);
    // (100·4 + 66.67·2 + 100·2 + 100·2) / 10
    expect(a1.score).toBe(93.33);
    expect(a1).toMatchObject({ grade: 'A', previousGrade: 'B', change: 'upgraded', steps: 1 });
    expect(a1.reasons[0]).toMatch(/^score 93.33 of 100/);
    const a2 = r.accounts[1]!;
    expect(a2.factors.engagement.value).toBe(60); // activity on its deal touches the account
    const a3 = r.accounts[2]!;
    expect(a3.factors.revenue.value).toBe('0.00');
    expect(a3.factors.recency.value).toBe(579);
    const a4 = r.accounts[3]!;
    expect(a4).toMatchObject({ grade: 'D', previousGrade: null, change: 'new', score: 0 });
    expect(a4.factors.recency).toMatchObject({ value: null, points: 1, display: 'no won deal yet' });
    expect(r.distribution.map((d) => d.count)).toEqual([1, 0, 1, 2]);
    expect(r.distribution[0]?.share).toBe(0.25);
    expect(r.changes).toEqual({ upgraded: 1, downgraded: 2, unchanged: 0, new: 1 });
  });

  it('uses quantiles by default: ties share a level, non-buyers earn the lowest', () => {
    const accounts = Array.from({ length: 10 }, (_, i) => ({ id: `a${i}`, name: `Customer ${i}` }));
    const deals = accounts.slice(0, 8).map((a, i) => won(`D${i}`, a.id, `${(i + 1) * 10000}`, '2024-06-01'));
    const r = gradeCustomers({ accounts, pipelines, deals }, { asOf: '2024-12-31' });
    const points = r.accounts.map((a) => a.factors.revenue.points);
    expect(points).toEqual([1, 1, 2, 3, 3, 4, 5, 5, 1, 1]);
    expect(r.accounts.map((a) => a.factors.frequency.points)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 1, 1]);
    expect(r.thresholds.revenue[0]).toEqual({ points: 2, rule: 'at-least', value: '30000.00' });
    expect(r.scales.revenue).toEqual({ method: 'quantile', maxPoints: 5, ranked: 8 });
    expect(r.scales.recency.ranked).toBe(8);
    expect(r.scales.engagement.ranked).toBe(0);
  });

  it('takes labels, their number and potential from options, and explains moves against a previous grading', () => {
    const input = sample();
    input.accounts = input.accounts.map((a, i) => ({ ...a, custom: { employees: [5000, 200, 40, 10][i] } }));
    const options: GradeCustomersOptions = {
      asOf: '2024-12-31',
      grades: [
        { label: 'Key', minScore: 60 },
        { label: 'Grow', minScore: 30 },
        { label: 'Keep', minScore: 0 },
      ],
      potentialField: 'employees',
      factors: { potential: { weight: 5, method: 'fixed', thresholds: [50, 500, 2000] } },
    };
    const first = gradeCustomers(input, options);
    expect(first.weights).toEqual({ revenue: 3, frequency: 2, recency: 2, potential: 5, engagement: 2 });
    expect(first.accounts.map((a) => a.factors.potential.points)).toEqual([4, 2, 1, 1]);
    expect(first.distribution.map((d) => d.grade)).toEqual(['Key', 'Grow', 'Keep']);
    expect(first.accounts.every((a) => a.change === 'new')).toBe(true); // stored A–D grades are not these labels
    const later = gradeCustomers(
      {
        ...input,
        deals: input.deals!.filter((d) => d.id !== 'D1' && d.id !== 'D2'),
        previous: first.accounts,
      },
      options,
    );
    const a1 = later.accounts[0]!;
    expect(a1.change).toBe('downgraded');
    expect(a1.reasons.some((r) => r.startsWith('revenue '))).toBe(true);
    expect(a1.reasons.some((r) => r.startsWith('recency '))).toBe(true);
  });

  it('rejects bad options with codes and paths', () => {
    const fail = (options: unknown, input: unknown = sample()) => {
      try {
        gradeCustomers(input as GradeCustomersInput, options as GradeCustomersOptions);
      } catch (e) {
        return e as OpenSpmError;
      }
      throw new Error('expected an error');
    };
    const cut = fail({
      asOf: '2024-12-31',
      grades: [
        { label: 'A', minScore: 50 },
        { label: 'B', minScore: 10 },
      ],
    });
    expect(cut.code).toBe('INVALID_INPUT');
    expect(cut.message).toContain('must have minScore 0');
    const order = fail({
      asOf: '2024-12-31',
      grades: [
        { label: 'A', minScore: 10 },
        { label: 'B', minScore: 40 },
        { label: 'C', minScore: 0 },
      ],
    });
    expect(order.path).toEqual(['options', 'grades', 1, 'minScore']);
    const zero = fail({
      asOf: '2024-12-31',
      factors: {
        revenue: { weight: 0 },
        frequency: { weight: 0 },
        recency: { weight: 0 },
        engagement: { weight: 0 },
      },
    });
    expect(zero.code).toBe('INVALID_WEIGHTS');
    const fixed = fail({
      asOf: '2024-12-31',
      factors: { recency: { method: 'fixed', thresholds: [30, 90] } },
    });
    expect(fixed.path).toEqual(['options', 'factors', 'recency', 'thresholds', 1]);
    const noThresholds = fail({ asOf: '2024-12-31', factors: { revenue: { method: 'fixed' } } });
    expect(noThresholds.path).toEqual(['options', 'factors', 'revenue', 'thresholds']);
    const input = sample();
    input.deals!.push({
      ...won('D9', 'a2', '10.00', '2024-12-01'),
      amount: { amount: '10', currency: 'USD' },
    });
    expect(fail({ asOf: '2024-12-31' }, input).code).toBe('CURRENCY_MISMATCH');
    const stage = sample();
    stage.deals![0] = { ...stage.deals![0]!, stageId: 'nope' };
    expect(fail({ asOf: '2024-12-31' }, stage).code).toBe('UNKNOWN_REFERENCE');
  });

  it('never mutates its input', () => {
    const input = sample();
    const copy = structuredClone(input);
    gradeCustomers(input, { asOf: '2024-12-31' });
    expect(input).toEqual(copy);
  });
});

// Property tests required by the issue: deterministic, and more revenue never lowers the grade.
const accountArb = fc.record({
  deals: fc.array(
    fc.record({ amount: fc.integer({ min: 0, max: 2_000_000 }), daysAgo: fc.integer({ min: 0, max: 500 }) }),
    { maxLength: 4 },
  ),
  touchDaysAgo: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  potential: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
});

type AccountSpec = typeof accountArb extends fc.Arbitrary<infer T> ? T : never;

function dataset(accounts: AccountSpec[]): GradeCustomersInput {
  const base = Date.UTC(2024, 11, 31);
  const day = (ago: number) => new Date(base - ago * 86_400_000).toISOString().slice(0, 10);
  const potentialScores: Record<string, number> = {};
  accounts.forEach((a, i) => {
    if (a.potential !== undefined) potentialScores[`a${i}`] = a.potential;
  });
  return {
    accounts: accounts.map((_, i) => ({ id: `a${i}`, name: `Customer ${i}`, grade: 'C' })),
    pipelines,
    deals: accounts.flatMap((a, i) =>
      a.deals.map((d, j) => won(`D${i}-${j}`, `a${i}`, (d.amount / 100).toFixed(2), day(d.daysAgo))),
    ),
    activities: accounts.flatMap((a, i) =>
      a.touchDaysAgo === undefined
        ? []
        : [
            {
              id: `x${i}`,
              type: 'call' as const,
              repId: 'rep-1',
              accountId: `a${i}`,
              at: day(a.touchDaysAgo),
            },
          ],
    ),
    potentialScores,
  };
}

const optionsArb = fc.constantFrom<GradeCustomersOptions>(
  { asOf: '2024-12-31' },
  { asOf: '2024-12-31', factors: { revenue: { weight: 5, buckets: 3 }, recency: { weight: 0 } } },
  {
    asOf: '2024-12-31',
    grades: [
      { label: 'A', minScore: 60 },
      { label: 'B', minScore: 20 },
      { label: 'C', minScore: 0 },
    ],
    factors: {
      revenue: { method: 'fixed', thresholds: ['1000', '5000', '10000'] },
      potential: { weight: 1 },
    },
  },
);

describe('gradeCustomers properties', () => {
  it('is deterministic and monotone: more revenue never lowers a grade, all else equal', () => {
    fc.assert(
      fc.property(
        fc.array(accountArb, { minLength: 1, maxLength: 12 }),
        optionsArb,
        fc.nat(),
        fc.integer({ min: 1, max: 5_000_000 }),
        (accounts, options, pick, extra) => {
          const input = dataset(accounts);
          const before = gradeCustomers(input, options);
          expect(gradeCustomers(dataset(accounts), options)).toEqual(before);
          // Raise the amount of one won deal (frequency and recency unchanged).
          const deals = input.deals!;
          if (deals.length === 0) return;
          const k = pick % deals.length;
          const raised = structuredClone(input);
          const d = raised.deals![k]!;
          const amount = d.amount as { amount: string; currency: string };
          d.amount = {
            amount: ((Math.round(Number(amount.amount) * 100) + extra) / 100).toFixed(2),
            currency: 'CNY',
          };
          const after = gradeCustomers(raised, options);
          const rank = (label: string) => before.grades.findIndex((g) => g.label === label);
          const i = before.accounts.findIndex((a) => a.accountId === d.accountId);
          expect(rank(after.accounts[i]!.grade)).toBeLessThanOrEqual(rank(before.accounts[i]!.grade));
          expect(after.accounts[i]!.score).toBeGreaterThanOrEqual(before.accounts[i]!.score);
        },
      ),
      { numRuns: 60 },
    );
  });
});
