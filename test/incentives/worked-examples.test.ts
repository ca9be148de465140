import { describe, expect, it } from 'vitest';
import { type CalculateIncentivesInput, calculateIncentives, type PlanInput } from '../../src/index';

const CNY = (amount: string | number) => ({ amount: String(amount), currency: 'CNY' });

function plan(components: PlanInput['components'], extra: Partial<PlanInput> = {}): PlanInput {
  return { id: 'p', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, components, ...extra };
}

function run(
  input: Omit<CalculateIncentivesInput, 'assignments'> & Partial<CalculateIncentivesInput>,
  to = '2025-01-01',
) {
  return calculateIncentives(
    { assignments: [{ payeeId: 'li', planId: 'p', from: '2024-01-01' }], ...input },
    { from: '2024-01-01', to },
  );
}

const payable = (r: ReturnType<typeof run>, period: string, payee = 'li') =>
  r.statements.find((s) => s.period.key === period && s.payeeId === payee)!.totals.payable.toString();

const threeTiers = (mode: 'marginal' | 'retroactive') =>
  plan(
    [
      {
        id: 'commission',
        type: 'commission',
        rates: {
          type: 'tiered',
          on: 'attainment',
          mode,
          tiers: [
            { from: 0, to: 1, rate: '0.10' },
            { from: 1, to: '1.2', rate: '0.15' },
            { from: '1.2', rate: '0.20' },
          ],
        },
      },
    ],
    { payPeriod: 'quarter' },
  );

const quarterQuota = [{ payeeId: 'li', period: 'FY2024-Q1', amount: CNY('100000') }];

describe('worked examples from the issue', () => {
  it('quota 100,000, sales 130,000, tiers 10/15/20%: marginal 15,000.00', () => {
    const r = run(
      {
        plans: [threeTiers('marginal')],
        quotas: quarterQuota,
        deals: [{ id: 'D1', amount: CNY(130000), date: '2024-02-01', payeeId: 'li' }],
      },
      '2024-04-01',
    );
    expect(payable(r, 'FY2024-Q1')).toBe('15000.00 CNY');
    expect(r.statements[0]!.lines[0]!.slices).toEqual([
      { tier: 1, from: '0', to: '100000', rate: '0.1', earned: '10000' },
      { tier: 2, from: '100000', to: '120000', rate: '0.15', earned: '3000' },
      { tier: 3, from: '120000', to: '130000', rate: '0.2', earned: '2000' },
    ]);
  });

  it('quota 100,000, sales 130,000: retroactive 26,000.00', () => {
    const r = run(
      {
        plans: [threeTiers('retroactive')],
        quotas: quarterQuota,
        deals: [{ id: 'D1', amount: CNY(130000), date: '2024-02-01', payeeId: 'li' }],
      },
      '2024-04-01',
    );
    expect(payable(r, 'FY2024-Q1')).toBe('26000.00 CNY');
    expect(r.statements[0]!.lines[0]!.tier).toBe(3);
  });

  it('at exactly 120,000: marginal 13,000.00', () => {
    const r = run(
      {
        plans: [threeTiers('marginal')],
        quotas: quarterQuota,
        deals: [{ id: 'D1', amount: CNY(120000), date: '2024-02-01', payeeId: 'li' }],
      },
      '2024-04-01',
    );
    expect(payable(r, 'FY2024-Q1')).toBe('13000.00 CNY');
  });

  it('marginal per deal: 145,000 accumulated, new deal 20,000 → 1,100.00 (blended 5.5%)', () => {
    const p = plan([
      {
        id: 'commission',
        type: 'commission',
        attainmentPeriod: 'year',
        rates: {
          type: 'tiered',
          on: 'amount',
          mode: 'marginal-per-deal',
          tiers: [
            { from: 0, to: 150000, rate: '0.04' },
            { from: 150000, to: 250000, rate: '0.06' },
            { from: 250000, rate: '0.08' },
          ],
        },
      },
    ]);
    const r = run(
      {
        plans: [p],
        deals: [
          { id: 'D1', amount: CNY(145000), date: '2024-01-15', payeeId: 'li' },
          { id: 'D2', amount: CNY(20000), date: '2024-02-10', payeeId: 'li' },
        ],
      },
      '2024-03-01',
    );
    const line = r.statements.find((s) => s.period.key === '2024-02')!.lines[0]!;
    expect(line.amount.toString()).toBe('1100.00 CNY');
    expect(line.rate).toBe('0.055');
    expect(line.measureBefore!.toString()).toBe('145000.00 CNY');
  });

  it('monthly pay at quarter-to-date attainment: 125 / 275 / 245 / 175, total 820', () => {
    const p = plan([
      {
        id: 'commission',
        type: 'commission',
        attainmentPeriod: 'quarter',
        rates: {
          type: 'tiered',
          on: 'attainment',
          mode: 'marginal',
          tiers: [
            { from: 0, to: '0.5', rate: '0.05' },
            { from: '0.5', to: 1, rate: '0.10' },
            { from: 1, rate: '0.15' },
          ],
        },
      },
    ]);
    const r = run(
      {
        plans: [p],
        quotas: [
          { payeeId: 'li', period: 'FY2024-Q1', amount: CNY(6000) },
          { payeeId: 'li', period: 'FY2024-Q2', amount: CNY(7000) },
        ],
        deals: [
          { id: 'jan', amount: CNY(2500), date: '2024-01-20', payeeId: 'li' },
          { id: 'feb', amount: CNY(3000), date: '2024-02-20', payeeId: 'li' },
          { id: 'mar', amount: CNY(1800), date: '2024-03-20', payeeId: 'li' },
          { id: 'apr', amount: CNY(3500), date: '2024-04-20', payeeId: 'li' },
        ],
      },
      '2024-05-01',
    );
    const paid = r.statements.map((s) => s.totals.payable.toString());
    expect(paid).toEqual(['125.00 CNY', '275.00 CNY', '245.00 CNY', '175.00 CNY']);
    const total = r.statements.reduce(
      (a, s) => a.plus(s.totals.payable),
      r.statements[0]!.totals.payable.minus(r.statements[0]!.totals.payable),
    );
    expect(total.toString()).toBe('820.00 CNY');
    expect(r.statements[2]!.attainment[0]).toMatchObject({
      period: 'FY2024-Q1',
      measure: '7300',
      quota: '6000',
    });
  });

  it('threshold: nothing below 70%, 10% on all bookings at or above: 69% pays 0, 70% pays 70,000', () => {
    const p = plan(
      [
        {
          id: 'commission',
          type: 'commission',
          rates: { type: 'flat', rate: '0.10' },
          threshold: { on: 'attainment', at: '0.7', retroactive: true },
        },
      ],
      { payPeriod: 'year' },
    );
    const quotas = [{ payeeId: 'li', period: 'FY2024', amount: CNY(1000000) }];
    const at69 = run({
      plans: [p],
      quotas,
      deals: [{ id: 'D', amount: CNY(690000), date: '2024-05-01', payeeId: 'li' }],
    });
    expect(payable(at69, 'FY2024')).toBe('0.00 CNY');
    const at70 = run({
      plans: [p],
      quotas,
      deals: [{ id: 'D', amount: CNY(700000), date: '2024-05-01', payeeId: 'li' }],
    });
    expect(payable(at70, 'FY2024')).toBe('70000.00 CNY');
  });

  it('cap: 3% of 400,000 capped at 10,000 → 10,000', () => {
    const p = plan([
      {
        id: 'commission',
        type: 'commission',
        rates: { type: 'flat', rate: '0.03' },
        cap: { amount: 10000, per: 'period' },
      },
    ]);
    const r = run(
      { plans: [p], deals: [{ id: 'D', amount: CNY(400000), date: '2024-03-05', payeeId: 'li' }] },
      '2024-04-01',
    );
    expect(payable(r, '2024-03')).toBe('10000.00 CNY');
    expect(r.statements[2]!.lines[0]!.capped).toBe('2000');
  });

  it('recoverable draw 1,500 a month: earned 500 then 3,000 → paid 1,500 then 2,000', () => {
    const p = plan([{ id: 'commission', type: 'commission', rates: { type: 'flat', rate: '0.10' } }], {
      draw: { amount: 1500, recoverable: true },
    });
    const r = run(
      {
        plans: [p],
        deals: [
          { id: 'D1', amount: CNY(5000), date: '2024-01-10', payeeId: 'li' },
          { id: 'D2', amount: CNY(30000), date: '2024-02-10', payeeId: 'li' },
        ],
      },
      '2024-03-01',
    );
    expect(r.statements.map((s) => s.totals.payable.toString())).toEqual(['1500.00 CNY', '2000.00 CNY']);
    expect(r.statements[0]!.totals.drawBalance.toString()).toBe('1000.00 CNY');
    expect(r.statements[1]!.totals.drawBalance.toString()).toBe('0.00 CNY');
  });

  it('collection: deal 10,000, collected 5,000 → 50% of its earnings payable now', () => {
    const p = plan([
      {
        id: 'commission',
        type: 'commission',
        rates: { type: 'flat', rate: '0.10' },
        eligibility: { on: 'collection' },
      },
    ]);
    const r = run(
      {
        plans: [p],
        deals: [{ id: 'D', amount: CNY(10000), date: '2024-01-10', payeeId: 'li' }],
        payments: [
          { id: 'P1', dealId: 'D', amount: CNY(5000), date: '2024-01-25' },
          { id: 'P2', dealId: 'D', amount: CNY(5000), date: '2024-02-25' },
        ],
      },
      '2024-03-01',
    );
    const jan = r.statements[0]!;
    expect(jan.lines[0]!.eligibleShare).toBe('0.5');
    expect(jan.totals.earned.toString()).toBe('1000.00 CNY');
    expect(jan.totals.payable.toString()).toBe('500.00 CNY');
    expect(jan.totals.held.toString()).toBe('500.00 CNY');
    expect(r.statements[1]!.lines[0]!.kind).toBe('release');
    expect(r.statements[1]!.totals.payable.toString()).toBe('500.00 CNY');
  });

  it('clawback: 500 paid in June, deal cancelled in August → −500 in August, June untouched', () => {
    const p = plan([{ id: 'commission', type: 'commission', rates: { type: 'flat', rate: '0.05' } }]);
    const base = { plans: [p], deals: [{ id: 'D', amount: CNY(10000), date: '2024-06-10', payeeId: 'li' }] };
    const before = run(base, '2024-09-01');
    const after = run({ ...base, cancellations: [{ dealId: 'D', date: '2024-08-15' }] }, '2024-09-01');
    expect(payable(after, '2024-06')).toBe('500.00 CNY');
    expect(JSON.stringify(after.statements.find((s) => s.period.key === '2024-06'))).toBe(
      JSON.stringify(before.statements.find((s) => s.period.key === '2024-06')),
    );
    const aug = after.statements.find((s) => s.period.key === '2024-08')!;
    expect(aug.totals.payable.toString()).toBe('-500.00 CNY');
    expect(aug.lines[0]).toMatchObject({ kind: 'clawback', dealId: 'D', originalPeriod: '2024-06' });
  });

  it('split: 15,000 split 60/40 → 9,000 / 6,000', () => {
    const p = plan([{ id: 'commission', type: 'commission', rates: { type: 'flat', rate: '0.10' } }]);
    const r = calculateIncentives(
      {
        plans: [p],
        assignments: [
          { payeeId: 'li', planId: 'p', from: '2024-01-01' },
          { payeeId: 'wang', planId: 'p', from: '2024-01-01' },
        ],
        deals: [
          {
            id: 'D',
            amount: CNY(15000),
            date: '2024-01-10',
            credits: [
              { payeeId: 'li', percent: 60 },
              { payeeId: 'wang', percent: 40 },
            ],
          },
        ],
      },
      { from: '2024-01-01', to: '2024-02-01' },
    );
    expect(r.credits.map((c) => `${c.payeeId} ${c.amount}`)).toEqual(['li 9000.00 CNY', 'wang 6000.00 CNY']);
    expect(r.statements.map((s) => s.lines[0]!.credited!.toString())).toEqual(['9000.00 CNY', '6000.00 CNY']);
  });
});
