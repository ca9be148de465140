import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../src/index';
import { checkPlanProperties, expectPayout, PlanAssertionError, planScenario } from '../../src/testing/index';

const plan: PlanInput = {
  id: 'ae',
  version: 3,
  name: 'Account executives 2024',
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  metrics: [{ id: 'csat', name: 'Customer satisfaction' }],
  draw: { amount: 1000, recoverable: true },
  components: [
    {
      id: 'commission',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.05' },
          { from: 1, to: '1.5', rate: '0.08' },
          { from: '1.5', rate: '0.12' },
        ],
      },
      modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
      cap: { amount: 30000, per: 'period' },
    },
    { id: 'target', type: 'bonus', attainmentPeriod: 'quarter', target: 1, amount: 3000 },
  ],
};

describe('planScenario and expectPayout', () => {
  const result = planScenario(plan)
    .payee('li', { quotas: { 'FY2024-Q1': 100000 } })
    .metric('li', '2024-01', 'csat', 90)
    .metric('li', '2024-02', 'csat', 90)
    .deal('D-1', 60000, '2024-01-10', 'li')
    .deal('D-2', 50000, '2024-02-10', 'li')
    .run();

  it('builds a scenario in a few lines and runs to the last event', () => {
    expect(result.statements.map((s) => s.period.key)).toEqual(['2024-01', '2024-02']);
    expectPayout(result, { payee: 'li', period: '2024-01', payable: 3000 });
    expectPayout(result, {
      payee: 'li',
      period: '2024-02',
      payable: '5800.00',
      lines: ['earning 2800.00', 'bonus 3000.00'],
    });
  });

  it('prints the statement and a diff on failure', () => {
    let error: unknown;
    try {
      expectPayout(result, { payee: 'li', period: '2024-02', payable: 5000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanAssertionError);
    const e = error as PlanAssertionError;
    expect(e.message).toContain('Statement li · 2024-02');
    expect(e.message).toContain('target: attainment 110% ≥ target 100%');
    expect(e.actual).toContain('payable: 5800');
    expect(e.expected).toContain('payable: 5000');
    expect(e.showDiff).toBe(true);
  });

  it('names the statements there are when the one asked for is missing', () => {
    expect(() => expectPayout(result, { payee: 'wang', period: '2024-02', payable: 0 })).toThrow(
      /no statement for payee "wang" in 2024-02; statements: li 2024-01, li 2024-02/,
    );
  });
});

describe('checkPlanProperties', () => {
  it('passes for a sound plan', () => {
    checkPlanProperties(fc, plan, { quota: 100000, metrics: { csat: 85 }, numRuns: 15, seed: 42 });
  });

  it('catches a plan that pays less for more', () => {
    const decreasing: PlanInput = {
      ...plan,
      draw: undefined,
      components: [
        {
          id: 'c',
          type: 'commission',
          attainmentPeriod: 'quarter',
          rates: {
            type: 'tiered',
            on: 'attainment',
            mode: 'retroactive',
            tiers: [
              { from: 0, to: 1, rate: '0.10' },
              { from: 1, rate: '0.02' },
            ],
          },
        },
      ],
    };
    expect(() =>
      checkPlanProperties(fc, decreasing, { quota: 100000, maxDeal: 80000, numRuns: 60, seed: 1 }, [
        'monotonic',
      ]),
    ).toThrow(/lowered the payout/);
    checkPlanProperties(fc, decreasing, { monotonic: false, numRuns: 5, seed: 1 });
  });

  it('catches variable pay at zero sales only when there is some', () => {
    const bonusAtZero: PlanInput = {
      ...plan,
      draw: undefined,
      components: [{ id: 'b', type: 'bonus', target: 0, amount: 100 }],
    };
    checkPlanProperties(fc, bonusAtZero, { numRuns: 5 }, ['zero-sales']);
  });
});
