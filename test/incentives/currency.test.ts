import { describe, expect, it } from 'vitest';
import {
  type CalculateIncentivesInput,
  calculateIncentives,
  calculatePayoutTotals,
  formatStatement,
  OpenSpmError,
  type PlanInput,
  rateTable,
} from '../../src/index';

const USD = (amount: string) => ({ amount, currency: 'USD' });
const CNY = (amount: string) => ({ amount, currency: 'CNY' });
const flat = [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.05' } }];

/** A CNY plan paying 5% flat, with USD deals converted at the plan's fixed rate. */
function cnPlan(extra: Partial<PlanInput> = {}): PlanInput {
  return {
    id: 'cn',
    version: 1,
    currency: 'CNY',
    effective: { from: '2024-01-01' },
    exchange: { policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.1034' }] },
    components: flat,
    ...extra,
  };
}
const usPlan: PlanInput = {
  id: 'us',
  version: 1,
  currency: 'USD',
  effective: { from: '2024-01-01' },
  components: flat,
};

function errorOf(fn: () => unknown): OpenSpmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpenSpmError) return error;
    throw error;
  }
  throw new Error('expected an OpenSpmError');
}

const on = (planId: string, ...payees: string[]) =>
  payees.map((payeeId) => ({ payeeId, planId, from: '2024-01-01' }));
const january = { from: '2024-01-01', to: '2024-02-01' };
const split6040 = (a: string, b: string) => [
  { payeeId: a, percent: 60 },
  { payeeId: b, percent: 40 },
];

describe('deals in other currencies: the worked example', () => {
  // 1234.57 USD × 7.1034 = 8769.644538 CNY → 8769.64 CNY, rounded once; then split 60/40 by largest remainder:
  // 876964 fen × 60% = 526178.4, × 40% = 350785.6 → 526178 + 350785 = 876963, the one fen left goes to the larger
  // remainder (0.6) → 5261.78 / 3507.86 CNY (converting each part alone would give 5261.77 / 3507.87).
  const input: CalculateIncentivesInput = {
    plans: [cnPlan()],
    assignments: on('cn', 'li', 'wang'),
    deals: [{ id: 'D-1', amount: USD('1234.57'), date: '2024-01-20', credits: split6040('li', 'wang') }],
  };

  it('converts the whole deal once, then splits it', () => {
    const { statements, credits } = calculateIncentives(input, january);
    const li = statements.find((s) => s.payeeId === 'li')!;
    const wang = statements.find((s) => s.payeeId === 'wang')!;
    expect(li.currency).toBe('CNY');
    const line = li.lines[0]!;
    expect(line.credited!.toString()).toBe('5261.78 CNY');
    expect(line.original!.toString()).toBe('740.74 USD');
    expect(line.conversion).toMatchObject({ exact: '8769.644538', rate: '7.1034', policy: 'fixed' });
    expect(line.conversion!.original.toString()).toBe('1234.57 USD');
    expect(line.conversion!.converted.toString()).toBe('8769.64 CNY');
    expect(line.conversion!.rateText).toBe('USD→CNY 7.1034: the fixed plan rate');
    expect(line.explanation).toBe(
      'deal "D-1" credited 5261.78 CNY (revenue 60%; 740.74 USD before conversion: the deal\'s 1234.57 USD × 7.1034 = 8769.644538 CNY, rounded half-even to 2 decimals: 8769.64 CNY (USD→CNY 7.1034: the fixed plan rate), then split); measure 0 → 5261.78; c (flat rate) earns 263.089 = 5% effective',
    );
    expect(line.amount.toString()).toBe('263.09 CNY');
    expect(li.totals.payable.toString()).toBe('263.09 CNY');
    expect(wang.lines[0]!.credited!.toString()).toBe('3507.86 CNY');
    expect(wang.lines[0]!.original!.toString()).toBe('493.83 USD');
    expect(wang.totals.payable.toString()).toBe('175.39 CNY');
    // The credit records keep the original amount and carry the converted credit.
    expect(credits.map((c) => `${c.payeeId} ${c.amount} → ${c.converted?.[0]?.amount}`)).toEqual([
      'li 740.74 USD → 5261.78 CNY',
      'wang 493.83 USD → 3507.86 CNY',
    ]);
    expect(credits[0]!.converted![0]!.plans).toEqual([{ id: 'cn', version: 1 }]);
  });

  it('prints the original amount and the rate', () => {
    const li = calculateIncentives(input, january).statements.find((s) => s.payeeId === 'li')!;
    const text = formatStatement(li);
    expect(text).toContain('263.09 CNY [original 740.74 USD, USD→CNY 7.1034]  deal "D-1"');
  });

  it('a deal split between a CNY payee and a USD payee converts only for the CNY plan', () => {
    const { statements, credits } = calculateIncentives(
      {
        plans: [cnPlan(), usPlan],
        assignments: [...on('cn', 'li'), ...on('us', 'sam')],
        deals: [{ id: 'D-1', amount: USD('1234.57'), date: '2024-01-20', credits: split6040('li', 'sam') }],
      },
      january,
    );
    const li = statements.find((s) => s.payeeId === 'li')!;
    const sam = statements.find((s) => s.payeeId === 'sam')!;
    expect(li.lines[0]!.credited!.toString()).toBe('5261.78 CNY');
    expect(sam.currency).toBe('USD');
    expect(sam.lines[0]!.credited!.toString()).toBe('493.83 USD');
    expect(sam.lines[0]!.original).toBeUndefined();
    expect(sam.lines[0]!.conversion).toBeUndefined();
    expect(sam.totals.payable.toString()).toBe('24.69 USD');
    expect(credits[1]!.converted).toBeUndefined();
  });

  it('a USD payee and a CNY payee on CNY deals: each plan converts the whole deal into its currency', () => {
    const usFixed: PlanInput = {
      ...usPlan,
      exchange: { policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.1034' }] },
    };
    const { statements } = calculateIncentives(
      {
        plans: [cnPlan(), usFixed],
        assignments: [...on('cn', 'li'), ...on('us', 'sam')],
        deals: [{ id: 'D-2', amount: CNY('10000.00'), date: '2024-01-20', credits: split6040('li', 'sam') }],
      },
      january,
    );
    const sam = statements.find((s) => s.payeeId === 'sam')!;
    // CNY→USD is the inverse of the plan's USD→CNY rate: 1 ÷ 7.1034 = 0.1407776558 (10 decimals, half-even);
    // 10000.00 CNY × 0.1407776558 = 1407.776558 → 1407.78 USD; 40% → 563.112 → 563.11 USD.
    expect(sam.lines[0]!.conversion!.converted.toString()).toBe('1407.78 USD');
    expect(sam.lines[0]!.credited!.toString()).toBe('563.11 USD');
    expect(sam.lines[0]!.original!.toString()).toBe('4000.00 CNY');
    expect(sam.lines[0]!.conversion!.rateText).toContain('inverse of the USD→CNY rate');
  });
});

describe('date-based policies', () => {
  const rates = [
    { from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01' },
    { from: 'USD', to: 'CNY', rate: '7.2001', effectiveDate: '2024-04-01' },
  ];

  it('transaction-date: a deal at its booking date, a payment at its payment date', () => {
    const plan = cnPlan({
      exchange: { policy: 'transaction-date' },
      components: [
        { id: 'book', type: 'commission', rates: { type: 'flat', rate: '0.05' } },
        { id: 'cash', type: 'commission', measure: 'collections', rates: { type: 'flat', rate: '0.01' } },
      ],
    });
    const { statements } = calculateIncentives(
      {
        plans: [plan],
        assignments: on('cn', 'li'),
        deals: [{ id: 'D-1', amount: USD('1234.56'), date: '2024-03-29', payeeId: 'li' }],
        payments: [{ id: 'P-1', dealId: 'D-1', amount: USD('1000.00'), date: '2024-04-02' }],
      },
      { from: '2024-03-01', to: '2024-05-01', rates: rateTable(rates) },
    );
    const march = statements.find((s) => s.period.key === '2024-03')!;
    const april = statements.find((s) => s.period.key === '2024-04')!;
    // 1234.56 × 7.1034 = 8769.573504 → 8769.57 CNY × 5% = 438.4785 → 438.48
    expect(march.lines[0]!.credited!.toString()).toBe('8769.57 CNY');
    expect(march.lines[0]!.conversion!.rateText).toBe(
      'USD→CNY 7.1034: the rate effective 2024-03-01, the latest on or before 2024-03-29',
    );
    expect(march.totals.payable.toString()).toBe('438.48 CNY');
    // 1000.00 × 7.2001 = 7200.10 CNY × 1% = 72.001 → 72.00
    const cash = april.lines.find((l) => l.componentId === 'cash')!;
    expect(cash.transactionId).toBe('P-1');
    expect(cash.credited!.toString()).toBe('7200.10 CNY');
    expect(cash.original!.toString()).toBe('1000.00 USD');
    expect(cash.explanation).toContain("the payment's 1000.00 USD × 7.2001");
    expect(april.totals.payable.toString()).toBe('72.00 CNY');
  });

  it('period-average: the day-weighted average over the pay period, with the declared rounding', () => {
    const plan = cnPlan({ exchange: { policy: 'period-average', rounding: 'up' } });
    const { statements } = calculateIncentives(
      {
        plans: [plan],
        assignments: on('cn', 'li'),
        deals: [{ id: 'D-1', amount: USD('100.00'), date: '2024-01-25', payeeId: 'li' }],
      },
      {
        ...january,
        rates: [
          { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
          { from: 'USD', to: 'CNY', rate: '7.30', effectiveDate: '2024-01-21' },
        ],
      },
    );
    const line = statements[0]!.lines[0]!;
    // 20 days at 7.00 and 11 at 7.30 → 7.1064516129; × 100.00 = 710.64516129 → rounded up: 710.65
    expect(line.conversion!.rate).toBe('7.1064516129');
    expect(line.conversion!.policy).toBe('period-average');
    expect(line.conversion!.text).toContain('rounded up to 2 decimals: 710.65 CNY');
    expect(line.credited!.toString()).toBe('710.65 CNY');
  });

  it('a missing rate is MISSING_EXCHANGE_RATE naming the pair, the date and the deal', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan({ exchange: { policy: 'transaction-date' } })],
          assignments: on('cn', 'li'),
          deals: [{ id: 'D-9', amount: USD('10.00'), date: '2024-02-10', payeeId: 'li' }],
        },
        { from: '2024-01-01', to: '2024-04-01', rates },
      ),
    );
    expect(e.code).toBe('MISSING_EXCHANGE_RATE');
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.path).toEqual(['deals', 0, 'amount']);
    expect(e.message).toMatch(/deals\[0\] \(deal "D-9", 10\.00 USD booked 2024-02-10\)/);
    expect(e.message).toMatch(/no USD→CNY exchange rate effective on or before 2024-02-10/);
  });

  it('a fixed plan without the pair is MISSING_EXCHANGE_RATE naming the pair, the date and the payment', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [
            cnPlan({
              components: [
                { id: 'c', type: 'commission', measure: 'collections', rates: { type: 'flat', rate: '0.1' } },
              ],
            }),
          ],
          assignments: on('cn', 'li'),
          deals: [
            { id: 'D-1', amount: { amount: '50.00', currency: 'EUR' }, date: '2024-01-05', payeeId: 'li' },
          ],
          payments: [
            { id: 'P-1', dealId: 'D-1', amount: { amount: '50.00', currency: 'EUR' }, date: '2024-01-09' },
          ],
        },
        january,
      ),
    );
    expect(e.code).toBe('MISSING_EXCHANGE_RATE');
    expect(e.issues[0]!.path).toEqual(['payments', 0, 'amount']);
    expect(e.message).toMatch(
      /payments\[0\] \(payment "P-1" on deal "D-1", 50\.00 EUR collected 2024-01-09\)/,
    );
    expect(e.message).toMatch(/no EUR→CNY exchange rate among the fixed plan rates/);
  });

  it('a date-based plan without the rates option is CURRENCY_MISMATCH saying to pass rates', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan({ exchange: { policy: 'transaction-date' } })],
          assignments: on('cn', 'li'),
          deals: [{ id: 'D-9', amount: USD('10.00'), date: '2024-01-10', payeeId: 'li' }],
        },
        january,
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(/pass the rates option/);
  });
});

describe('without an exchange declaration nothing changes', () => {
  it('a foreign deal stays CURRENCY_MISMATCH, with a hint, even when rates are passed', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan({ exchange: undefined })],
          assignments: on('cn', 'li'),
          deals: [{ id: 'D-7', amount: USD('10'), date: '2024-01-05', payeeId: 'li' }],
        },
        { ...january, rates: [{ from: 'USD', to: 'CNY', rate: '7.1', effectiveDate: '2024-01-01' }] },
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(
      /deal "D-7" is in USD, the plan pays in CNY; to pay it converted, declare "exchange"/,
    );
  });

  it('a foreign quota stays CURRENCY_MISMATCH', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan({ exchange: undefined })],
          assignments: on('cn', 'li'),
          quotas: [{ payeeId: 'li', period: '2024-01', amount: USD('1000') }],
          deals: [{ id: 'D-1', amount: CNY('10'), date: '2024-01-05', payeeId: 'li' }],
        },
        january,
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(/the quota for 2024-01 is in USD, the plan pays in CNY/);
  });

  it('a recorded payout in another currency is CURRENCY_MISMATCH', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan()],
          assignments: on('cn', 'li'),
          deals: [{ id: 'D-1', amount: USD('10.00'), date: '2024-01-05', payeeId: 'li' }],
          payouts: [{ payeeId: 'li', period: '2024-01', amount: USD('3.55') }],
        },
        { from: '2024-01-01', to: '2024-03-01' },
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(/the payout recorded for 2024-01 is in USD, the plan pays in CNY/);
  });
});

describe('quotas in another currency', () => {
  const tiered: PlanInput['components'] = [
    {
      id: 'c',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.05' },
          { from: 1, rate: '0.10' },
        ],
      },
    },
  ];

  it('convert at the fixed rate, shown on the attainment entry', () => {
    const { statements } = calculateIncentives(
      {
        plans: [cnPlan({ components: tiered })],
        assignments: on('cn', 'li'),
        quotas: [{ payeeId: 'li', period: 'FY2024-Q1', amount: USD('10000.00') }],
        deals: [{ id: 'D-1', amount: CNY('80000.00'), date: '2024-01-05', payeeId: 'li' }],
      },
      january,
    );
    const s = statements[0]!;
    const att = s.attainment[0]!;
    // 10000.00 USD × 7.1034 = 71034.00 CNY; 80000 / 71034 = 1.126…: 71034 × 5% + 8966 × 10% = 3551.70 + 896.60
    expect(att.quota).toBe('71034');
    expect(att.quotaConversion!.original.toString()).toBe('10000.00 USD');
    expect(att.quotaConversion!.converted.toString()).toBe('71034.00 CNY');
    expect(att.quotaConversion!.rateText).toBe('USD→CNY 7.1034: the fixed plan rate');
    expect(s.totals.payable.toString()).toBe('4448.30 CNY');
    expect(formatStatement(s)).toContain('quota 71034 (10000.00 USD at USD→CNY 7.1034)');
  });

  it('convert at the rate on the attainment period’s first day under a date-based policy', () => {
    const { statements } = calculateIncentives(
      {
        plans: [cnPlan({ components: tiered, exchange: { policy: 'transaction-date' } })],
        assignments: on('cn', 'li'),
        quotas: [{ payeeId: 'li', period: 'FY2024-Q1', amount: USD('10000.00') }],
        deals: [{ id: 'D-1', amount: CNY('80000.00'), date: '2024-02-05', payeeId: 'li' }],
      },
      {
        from: '2024-02-01',
        to: '2024-03-01',
        rates: [
          { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2023-12-15' },
          { from: 'USD', to: 'CNY', rate: '7.50', effectiveDate: '2024-01-02' },
        ],
      },
    );
    const att = statements[0]!.attainment[0]!;
    expect(att.period).toBe('FY2024-Q1');
    expect(att.quota).toBe('70000');
    expect(att.quotaConversion!.rateText).toBe(
      'USD→CNY 7: the rate effective 2023-12-15, the latest on or before 2024-01-01',
    );
  });
});

describe('clawbacks and releases of a converted deal', () => {
  it('show the original credit and the rate', () => {
    const { statements } = calculateIncentives(
      {
        plans: [cnPlan()],
        assignments: on('cn', 'li'),
        deals: [{ id: 'D-1', amount: USD('1000.00'), date: '2024-01-10', payeeId: 'li' }],
        cancellations: [{ dealId: 'D-1', date: '2024-02-03' }],
      },
      { from: '2024-01-01', to: '2024-03-01' },
    );
    const feb = statements.find((s) => s.period.key === '2024-02')!;
    const claw = feb.lines.find((l) => l.kind === 'clawback')!;
    // 1000.00 × 7.1034 = 7103.40 CNY × 5% = 355.17
    expect(claw.amount.toString()).toBe('-355.17 CNY');
    expect(claw.original!.toString()).toBe('1000.00 USD');
    expect(claw.explanation).toContain('the deal is in USD (credit 1000.00 USD, converted at USD→CNY 7.1034');
  });
});

describe('payee currency', () => {
  it('a payee whose currency is not their plan’s is CURRENCY_MISMATCH naming payee and plan', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [cnPlan()],
          assignments: on('cn', 'sam'),
          payees: [{ id: 'sam', currency: 'USD' }],
          deals: [{ id: 'D-1', amount: USD('10.00'), date: '2024-01-05', payeeId: 'sam' }],
        },
        january,
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.issues[0]!.path).toEqual(['payees', 0, 'currency']);
    expect(e.message).toMatch(/payee "sam" is paid in USD but is assigned plan "cn"/);
    expect(e.message).toMatch(/put them on a plan in USD/);
  });

  it('a payee in their plan’s currency is fine', () => {
    const r = calculateIncentives(
      {
        plans: [cnPlan()],
        assignments: on('cn', 'li'),
        payees: [{ id: 'li', currency: 'CNY' }],
        deals: [{ id: 'D-1', amount: USD('10.00'), date: '2024-01-05', payeeId: 'li' }],
      },
      january,
    );
    expect(r.statements[0]!.totals.payable.toString()).toBe('3.55 CNY');
  });
});

describe('plan validation of exchange', () => {
  it('a fixed policy needs rates; rates only for fixed; rates must involve the plan currency', () => {
    const e = errorOf(() =>
      calculateIncentives(
        {
          plans: [
            cnPlan({ exchange: { policy: 'fixed' } }),
            cnPlan({
              id: 'b',
              exchange: { policy: 'transaction-date', rates: [{ from: 'USD', to: 'CNY', rate: '7' }] },
            }),
            cnPlan({
              id: 'c',
              exchange: {
                policy: 'fixed',
                rates: [
                  { from: 'USD', to: 'EUR', rate: '0.9' },
                  { from: 'USD', to: 'CNY', rate: '7' },
                  { from: 'CNY', to: 'USD', rate: '0.14' },
                ],
              },
            }),
          ],
          assignments: on('cn', 'li'),
        },
        january,
      ),
    );
    expect(e.code).toBe('INVALID_PLAN');
    expect(e.issues.map((i) => i.path.join('.'))).toEqual([
      'plans.0.exchange.rates',
      'plans.1.exchange.rates',
      'plans.2.exchange.rates.0',
      'plans.2.exchange.rates.2',
    ]);
  });
});

describe('calculatePayoutTotals', () => {
  it('refuses lines in another currency than the plan’s', () => {
    const plan = cnPlan({ rounding: { stage: 'total' } });
    const e = errorOf(() =>
      calculatePayoutTotals({ plan, payees: ['li'], payee: [0], amountMinor: [100], currency: 'USD' }),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toMatch(/the volume path does not convert/);
    const ok = calculatePayoutTotals({
      plan,
      payees: ['li'],
      payee: [0],
      amountMinor: [10000],
      currency: 'CNY',
    });
    expect(ok.total.toString()).toBe('5.00 CNY');
  });
});
