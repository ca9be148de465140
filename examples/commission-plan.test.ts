// How a sales-ops team unit-tests its plan: scenarios in a few lines, payouts checked to the cent, and the
// kit's property checks run against the plan with fast-check. Run with `npx vitest run examples`.
import fc from 'fast-check';
import { OpenSpmError, validatePlan } from 'openspm';
import { checkPlanProperties, expectPayout, planScenario } from 'openspm/testing';
import { describe, expect, it } from 'vitest';
import { aePlan } from './commission-plan';

// Li: quarter quota 300,000; customer satisfaction 90 unless a test says otherwise.
const li = () =>
  planScenario(aePlan)
    .payee('li', { name: 'Li Wei', quotas: { 'FY2024-Q1': 300000 } })
    .metric('li', '2024-01', 'csat', 90)
    .metric('li', '2024-02', 'csat', 90)
    .metric('li', '2024-03', 'csat', 90);

describe('AE plan 2024', () => {
  it('pays 5% up to quota, on what the customer has paid', () => {
    const result = li().deal('D-1', 100000, '2024-01-10', 'li').payment('D-1', 40000, '2024-01-25').run();
    expectPayout(result, { payee: 'li', period: '2024-01', payable: 3000, earned: 5000 }); // 2,000 + draw top-up 1,000
  });

  it('pays nothing below 30% attainment, then from the first yuan', () => {
    const below = li().deal('D-1', 89999, '2024-01-10', 'li').payment('D-1', 89999, '2024-01-11').run();
    expectPayout(below, {
      payee: 'li',
      period: '2024-01',
      payable: 3000,
      lines: ['earning 0.00', 'draw 3000.00'],
    });
    const at = li().deal('D-1', 90000, '2024-01-10', 'li').payment('D-1', 90000, '2024-01-11').run();
    expectPayout(at, { payee: 'li', period: '2024-01', payable: 4500 });
  });

  it('accelerates above quota and pays the target bonus with steps', () => {
    const result = li().deal('D-1', 420000, '2024-02-10', 'li').payment('D-1', 420000, '2024-02-11').run();
    // 5% × 300,000 + 8% × 120,000 = 24,600; bonus 5,000 + 4 steps × 1,000 at 140%;
    // January's 3,000 draw is recovered.
    expectPayout(result, {
      payee: 'li',
      period: '2024-02',
      payable: 30600,
      lines: ['earning 24600.00', 'bonus 9000.00', 'draw-recovery -3000.00'],
    });
  });

  it('halves the commission when customer satisfaction is below 80', () => {
    const result = li()
      .metric('li', '2024-02', 'csat', 75)
      .deal('D-1', 100000, '2024-02-10', 'li')
      .payment('D-1', 100000, '2024-02-11')
      .run();
    expectPayout(result, { payee: 'li', period: '2024-02', payable: 3000, earned: 2500 });
  });

  it('claws back a cancelled deal in the month of cancellation', () => {
    const result = li()
      .deal('D-1', 200000, '2024-01-10', 'li')
      .payment('D-1', 200000, '2024-01-11')
      .cancel('D-1', '2024-03-05')
      .run();
    expectPayout(result, { payee: 'li', period: '2024-01', payable: 10000 });
    expectPayout(result, { payee: 'li', period: '2024-03', lines: ['clawback -10000.00', 'draw 13000.00'] });
  });

  it('rejects a broken edit of the plan with the component and field named', () => {
    const broken = structuredClone(aePlan);
    const commission = broken.components[0]!;
    if (commission.type === 'commission' && commission.rates.type === 'tiered')
      commission.rates.tiers[1]!.from = '1.1';
    expect(() => validatePlan(broken)).toThrow(OpenSpmError);
    expect(() => validatePlan(broken)).toThrow(
      /components\[0\]\.rates\.tiers\[1\]\.from: a gap between tiers/,
    );
  });

  it('holds the invariants every plan should', () => {
    checkPlanProperties(fc, aePlan, {
      quota: 300000,
      metrics: { csat: 90 },
      maxDeal: 150000,
      numRuns: 10,
      seed: 2024,
    });
  });
});
