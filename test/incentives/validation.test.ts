import { describe, expect, it } from 'vitest';
import { calculateIncentives, OpenSpmError, type PlanInput, validatePlan } from '../../src/index';

const CNY = (amount: string | number) => ({ amount: String(amount), currency: 'CNY' });

function plan(components: unknown[], extra: Partial<PlanInput> = {}): PlanInput {
  return {
    id: 'p',
    version: 1,
    currency: 'CNY',
    effective: { from: '2024-01-01' },
    components: components as PlanInput['components'],
    ...extra,
  };
}

function errorOf(fn: () => unknown): OpenSpmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpenSpmError) return error;
    throw error;
  }
  throw new Error('expected an OpenSpmError');
}

const tiered = (tiers: unknown[]) => ({
  id: 'commission',
  type: 'commission',
  rates: { type: 'tiered', mode: 'marginal', tiers },
});

describe('validatePlan', () => {
  it('fills defaults: half-even per line, lower boundary, monthly pay, booking eligibility, full clawback', () => {
    const p = validatePlan(plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }]));
    expect(p.rounding).toEqual({ mode: 'half-even', stage: 'line' });
    expect(p.boundary).toBe('lower');
    expect(p.payPeriod).toBe('month');
    const c = p.components[0]!;
    expect(c.type === 'commission' && c.eligibility).toEqual({ on: 'booking' });
    expect(c.type === 'commission' && c.clawback).toEqual({ mode: 'full', reduceAttainment: false });
  });

  it('accepts its own output again', () => {
    const p = validatePlan(plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }]));
    expect(validatePlan(p)).toEqual(p);
  });

  it('rejects a gap between tiers, naming the component and field', () => {
    const e = errorOf(() =>
      validatePlan(
        plan([
          tiered([
            { from: 0, to: 1, rate: '0.1' },
            { from: '1.2', rate: '0.2' },
          ]),
        ]),
      ),
    );
    expect(e.code).toBe('INVALID_PLAN');
    expect(e.issues[0]!.path).toEqual(['components', 0, 'rates', 'tiers', 1, 'from']);
    expect(e.message).toMatch(/a gap between tiers: tier 1 ends at 1 but tier 2 starts at 1.2/);
  });

  it('rejects overlapping tiers, an open middle tier, a closed last tier and a first tier not at 0', () => {
    const e = errorOf(() =>
      validatePlan(
        plan([
          tiered([
            { from: '0.1', to: 1, rate: '0.1' },
            { from: '0.8', rate: '0.2' },
            { from: 2, to: 3, rate: '0.3' },
          ]),
        ]),
      ),
    );
    const messages = e.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/first tier must start at 0/);
    expect(messages).toMatch(/an overlap between tiers/);
    expect(messages).toMatch(/only the last tier may be open-ended/);
    expect(messages).toMatch(/the last tier must be open-ended/);
  });

  it('rejects rates out of range', () => {
    const e = errorOf(() =>
      validatePlan(plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '1.5' } }])),
    );
    expect(e.issues[0]!.path).toEqual(['components', 0, 'rates', 'rate']);
    expect(e.issues[0]!.message).toMatch(/a rate must be from 0 to 1/);
  });

  it('rejects unknown metrics', () => {
    const e = errorOf(() =>
      validatePlan(
        plan([
          {
            id: 'c',
            type: 'commission',
            rates: { type: 'flat', rate: '0.1' },
            modifiers: [{ type: 'gate', metric: 'nps', min: 80 }],
          },
        ]),
      ),
    );
    expect(e.issues[0]!.path).toEqual(['components', 0, 'modifiers', 0, 'metric']);
    expect(e.issues[0]!.message).toMatch(
      /component "c": unknown metric "nps"; declare it in the plan's "metrics"/,
    );
  });

  it('rejects an attainment period shorter than the pay period, duplicate ids and installments not summing to 100%', () => {
    const e = errorOf(() =>
      validatePlan(
        plan(
          [
            { id: 'c', type: 'commission', attainmentPeriod: 'month', rates: { type: 'flat', rate: '0.1' } },
            {
              id: 'c',
              type: 'commission',
              rates: { type: 'flat', rate: '0.1' },
              eligibility: { on: 'schedule', installments: [{ afterDays: 0, share: '0.5' }] },
            },
          ],
          { payPeriod: 'quarter' },
        ),
      ),
    );
    const messages = e.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/attainment period \(month\) must contain whole pay periods \(quarter\)/);
    expect(messages).toMatch(/component id "c" is used twice/);
    expect(messages).toMatch(/installment shares must sum to 1/);
  });

  it('never evaluates expressions: a plan is data only, unknown fields are rejected', () => {
    const e = errorOf(() =>
      validatePlan(
        plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' }, formula: 'rate * 2' }]),
      ),
    );
    expect(e.message).toMatch(/unknown field "formula"/);
  });
});

describe('calculateIncentives input errors', () => {
  const p = plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }]);
  const base = { plans: [p], assignments: [{ payeeId: 'li', planId: 'p', from: '2024-01-01' }] };
  const options = { from: '2024-01-01', to: '2024-02-01' };

  it('revenue splits must sum to 100%, overlays may exceed it', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          ...base,
          deals: [
            {
              id: 'D-9',
              amount: CNY(1000),
              date: '2024-01-05',
              credits: [
                { payeeId: 'li', percent: 60 },
                { payeeId: 'wang', percent: 30 },
              ],
            },
          ],
        },
        options,
      ),
    );
    expect(e.code).toBe('INVALID_SPLIT');
    expect(e.issues[0]!.message).toMatch(/deals\[0\].credits: deal "D-9": revenue splits sum to 90%/);
    const ok = calculateIncentives(
      {
        ...base,
        deals: [
          {
            id: 'D',
            amount: CNY(1000),
            date: '2024-01-05',
            credits: [
              { payeeId: 'li', percent: 100 },
              { payeeId: 'mgr', percent: 100, type: 'overlay' },
            ],
          },
        ],
      },
      options,
    );
    expect(ok.credits.map((c) => `${c.payeeId} ${c.type} ${c.amount}`)).toEqual([
      'li revenue 1000.00 CNY',
      'mgr overlay 1000.00 CNY',
    ]);
  });

  it('currencies must match the plan, naming the deal', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          ...base,
          deals: [
            { id: 'D-7', amount: { amount: '10', currency: 'USD' }, date: '2024-01-05', payeeId: 'li' },
          ],
        },
        options,
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(/deal "D-7" is in USD, the plan pays in CNY/);
  });

  it('a missing quota is an error naming payee, period and component', () => {
    const att = plan([
      {
        id: 'c',
        type: 'commission',
        rates: { type: 'tiered', mode: 'marginal', tiers: [{ from: 0, rate: '0.1' }] },
      },
    ]);
    const e = errorOf(() =>
      calculateIncentives(
        { ...base, plans: [att], deals: [{ id: 'D', amount: CNY(10), date: '2024-01-05', payeeId: 'li' }] },
        options,
      ),
    );
    expect(e.code).toBe('MISSING_QUOTA');
    expect(e.message).toMatch(
      /payee "li", 2024-01, plan "p" v1: component "c" pays on attainment but the quota for 2024-01 is missing/,
    );
  });

  it('unknown deals, bad dates and amounts finer than the currency are reported together', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          ...base,
          deals: [
            { id: 'D', amount: CNY('10.005'), date: '2024-01-05', payeeId: 'li' },
            { id: 'E', amount: CNY('10'), date: '2024-02-30', payeeId: 'li' },
          ],
          payments: [{ id: 'P', dealId: 'nope', amount: CNY(1), date: '2024-01-05' }],
        },
        options,
      ),
    );
    expect(e.issues.map((i) => i.path.join('.'))).toEqual([
      'deals.0.amount',
      'deals.1.date',
      'payments.0.dealId',
    ]);
  });

  it('a plan error inside the input names the plan index', () => {
    const e = errorOf(() =>
      calculateIncentives(
        { ...base, plans: [plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: 2 } }])] },
        options,
      ),
    );
    expect(e.issues[0]!.path).toEqual(['plans', 0, 'components', 0, 'rates', 'rate']);
  });

  it('overlapping plan versions are rejected', () => {
    const v2 = { ...p, version: 2, effective: { from: '2024-06-01' } };
    const e = errorOf(() => calculateIncentives({ ...base, plans: [p, v2] }, options));
    expect(e.message).toMatch(/versions 1 and 2 are in effect at the same time/);
  });

  it('an assignment without a plan version in effect is an error; a plan ending mid-period is prorated', () => {
    const ended = { ...p, effective: { from: '2024-01-01', to: '2024-01-15' } };
    const e = errorOf(() =>
      calculateIncentives({ ...base, plans: [ended] }, { from: '2024-01-01', to: '2024-03-01' }),
    );
    expect(e.code).toBe('NO_PLAN_ASSIGNED');
    expect(e.message).toMatch(/2024-02, but no version of it is in effect from 2024-02-01 to 2024-02-29/);
    const jan = calculateIncentives({ ...base, plans: [ended] }, options).statements[0]!;
    expect(jan.proration.startsWith('0.4516')).toBe(true); // 14 of 31 days
  });

  it('a payee assigned the same plan twice for the same days is an error', () => {
    const e = errorOf(() =>
      calculateIncentives(
        { ...base, assignments: [...base.assignments, { payeeId: 'li', planId: 'p', from: '2024-01-15' }] },
        options,
      ),
    );
    expect(e.message).toMatch(/payee "li" is assigned plan "p" twice for the same days/);
  });
});
