import { describe, expect, it } from 'vitest';
import {
  type CalculateIncentivesInput,
  calculateIncentives,
  formatStatement,
  type IncentiveStatement,
  type PlanInput,
} from '../../src/index';

const CNY = (amount: string | number) => ({ amount: String(amount), currency: 'CNY' });
type Components = PlanInput['components'];

function plan(components: Components, extra: Partial<PlanInput> = {}): PlanInput {
  return { id: 'p', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, components, ...extra };
}

function run(
  input: Partial<CalculateIncentivesInput> & Pick<CalculateIncentivesInput, 'plans'>,
  to = '2025-01-01',
) {
  return calculateIncentives(
    { assignments: [{ payeeId: 'li', planId: 'p', from: '2024-01-01' }], ...input },
    { from: '2024-01-01', to },
  );
}

const find = (r: { statements: IncentiveStatement[] }, period: string, payee = 'li') =>
  r.statements.find((s) => s.period.key === period && s.payeeId === payee)!;
const pay = (r: { statements: IncentiveStatement[] }, period: string, payee = 'li') =>
  find(r, period, payee).totals.payable.toString();
const deal = (id: string, amount: number | string, date: string, payeeId = 'li') => ({
  id,
  amount: CNY(amount),
  date,
  payeeId,
});

describe('rate schedules', () => {
  const tiers = [
    { from: 0, to: '0.5', rate: '0.02' },
    { from: '0.5', to: 1, rate: '0.05' },
    { from: 1, rate: '0.10' },
  ];
  const quotas = [{ payeeId: 'li', period: 'FY2024-Q1', amount: CNY(100000) }];
  const tiered = (mode: 'hybrid' | 'retroactive', boundary?: 'lower' | 'upper') =>
    plan(
      [
        {
          id: 'c',
          type: 'commission',
          rates: { type: 'tiered', on: 'attainment', mode, tiers, ...(boundary ? { boundary } : {}) },
        },
      ],
      { payPeriod: 'quarter' },
    );

  it('hybrid: retroactive up to quota, marginal above', () => {
    const at80 = run(
      { plans: [tiered('hybrid')], quotas, deals: [deal('D', 80000, '2024-02-01')] },
      '2024-04-01',
    );
    expect(pay(at80, 'FY2024-Q1')).toBe('4000.00 CNY'); // 5% on all 80,000
    const at100 = run(
      { plans: [tiered('hybrid')], quotas, deals: [deal('D', 100000, '2024-02-01')] },
      '2024-04-01',
    );
    expect(pay(at100, 'FY2024-Q1')).toBe('5000.00 CNY');
    const at120 = run(
      { plans: [tiered('hybrid')], quotas, deals: [deal('D', 120000, '2024-02-01')] },
      '2024-04-01',
    );
    expect(pay(at120, 'FY2024-Q1')).toBe('7000.00 CNY'); // 5% × 100,000 + 10% × 20,000
  });

  it('boundary convention: a boundary value belongs to the tier starting there unless the plan says upper', () => {
    const lower = run(
      { plans: [tiered('retroactive')], quotas, deals: [deal('D', 100000, '2024-02-01')] },
      '2024-04-01',
    );
    expect(pay(lower, 'FY2024-Q1')).toBe('10000.00 CNY');
    const upper = run(
      { plans: [tiered('retroactive', 'upper')], quotas, deals: [deal('D', 100000, '2024-02-01')] },
      '2024-04-01',
    );
    expect(pay(upper, 'FY2024-Q1')).toBe('5000.00 CNY');
  });

  it('retroactive catch-up is paid on the deal that crosses the boundary', () => {
    const r = run(
      {
        plans: [tiered('retroactive')],
        quotas,
        deals: [deal('A', 40000, '2024-01-10'), deal('B', 20000, '2024-02-10')],
      },
      '2024-04-01',
    );
    const lines = find(r, 'FY2024-Q1').lines;
    expect(lines.map((l) => l.amount.toString())).toEqual(['800.00 CNY', '2200.00 CNY']); // 2% × 40k; 5% × 60k − 800
    expect(pay(r, 'FY2024-Q1')).toBe('3000.00 CNY');
  });

  it('linear curve: rate interpolated between points', () => {
    const p = plan(
      [
        {
          id: 'c',
          type: 'commission',
          rates: {
            type: 'curve',
            on: 'attainment',
            points: [
              { at: '0.5', rate: '0.02' },
              { at: 1, rate: '0.06' },
              { at: '1.5', rate: '0.10' },
            ],
          },
        },
      ],
      { payPeriod: 'quarter' },
    );
    const r = run({ plans: [p], quotas, deals: [deal('D', 75000, '2024-02-01')] }, '2024-04-01');
    expect(pay(r, 'FY2024-Q1')).toBe('3000.00 CNY'); // 4% × 75,000
  });

  it('non-retroactive threshold pays only above it', () => {
    const p = plan(
      [
        {
          id: 'c',
          type: 'commission',
          rates: { type: 'flat', rate: '0.1' },
          threshold: { at: '0.7', retroactive: false },
        },
      ],
      { payPeriod: 'quarter' },
    );
    const r = run({ plans: [p], quotas, deals: [deal('D', 90000, '2024-02-01')] }, '2024-04-01');
    expect(pay(r, 'FY2024-Q1')).toBe('2000.00 CNY');
  });
});

describe('modifiers', () => {
  const gated = plan(
    [
      {
        id: 'c',
        type: 'commission',
        rates: { type: 'flat', rate: '0.1' },
        modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
      },
    ],
    { metrics: [{ id: 'csat' }] },
  );

  it('gate: customer satisfaction below 80 halves the payout, and the line says why', () => {
    const r = run(
      {
        plans: [gated],
        deals: [deal('D', 10000, '2024-01-10'), deal('E', 10000, '2024-02-10')],
        metrics: [
          { payeeId: 'li', period: '2024-01', metric: 'csat', value: 72 },
          { payeeId: 'li', period: '2024-02', metric: 'csat', value: 85 },
        ],
      },
      '2024-03-01',
    );
    expect(pay(r, '2024-01')).toBe('500.00 CNY');
    expect(find(r, '2024-01').lines[0]!.modifiers![0]).toMatchObject({
      metric: 'csat',
      value: '72',
      multiplier: '0.5',
    });
    expect(pay(r, '2024-02')).toBe('1000.00 CNY');
  });

  it('a missing metric is an error naming payee, period and metric', () => {
    expect(() => run({ plans: [gated], deals: [deal('D', 10000, '2024-01-10')] }, '2024-02-01')).toThrow(
      /payee "li", 2024-01.*needs metric "csat"/,
    );
  });

  it('multiplier table maps a KPI score', () => {
    const p = plan(
      [
        {
          id: 'c',
          type: 'commission',
          rates: { type: 'flat', rate: '0.1' },
          modifiers: [
            {
              type: 'multiplier',
              metric: 'kpi',
              table: [
                { from: 0, multiplier: '0.8' },
                { from: 60, multiplier: 1 },
                { from: 90, multiplier: '1.2' },
              ],
            },
          ],
        },
      ],
      { metrics: [{ id: 'kpi' }] },
    );
    const r = run(
      {
        plans: [p],
        deals: [deal('D', 10000, '2024-01-10'), deal('E', 10000, '2024-02-10')],
        metrics: [
          { payeeId: 'li', period: '2024-01', metric: 'kpi', value: 55 },
          { payeeId: 'li', period: '2024-02', metric: 'kpi', value: 95 },
        ],
      },
      '2024-03-01',
    );
    expect(pay(r, '2024-01')).toBe('800.00 CNY');
    expect(pay(r, '2024-02')).toBe('1200.00 CNY');
  });

  it('target bonus (达标奖) and step bonus (超标奖), paid in the month they are reached', () => {
    const p = plan([
      {
        id: 'bonus',
        type: 'bonus',
        attainmentPeriod: 'quarter',
        target: 1,
        amount: 5000,
        steps: { every: '0.1', amount: 1000, max: 3 },
      },
    ]);
    const r = run(
      {
        plans: [p],
        quotas: [{ payeeId: 'li', period: 'FY2024-Q1', amount: CNY(100000) }],
        deals: [
          deal('A', 60000, '2024-01-10'),
          deal('B', 50000, '2024-02-10'),
          deal('C', 30000, '2024-03-10'),
        ],
      },
      '2024-04-01',
    );
    expect([pay(r, '2024-01'), pay(r, '2024-02'), pay(r, '2024-03')]).toEqual([
      '0.00 CNY',
      '6000.00 CNY',
      '2000.00 CNY',
    ]);
  });

  it('SPIF: a bonus per deal for a product in a window, shared by credit split', () => {
    const p = plan([
      {
        id: 'spif',
        type: 'spif',
        products: ['Enterprise Suite'],
        window: { from: '2024-03-01', to: '2024-04-01' },
        perDeal: 500,
      },
    ]);
    const r = calculateIncentives(
      {
        plans: [p],
        assignments: ['li', 'wang'].map((payeeId) => ({ payeeId, planId: 'p', from: '2024-01-01' })),
        deals: [
          {
            id: 'D',
            amount: CNY(180000),
            date: '2024-03-05',
            product: 'Enterprise Suite',
            credits: [
              { payeeId: 'li', percent: 60 },
              { payeeId: 'wang', percent: 40 },
            ],
          },
          { id: 'E', amount: CNY(6000), date: '2024-03-06', product: 'CRM Starter', payeeId: 'li' },
          { id: 'F', amount: CNY(180000), date: '2024-04-05', product: 'Enterprise Suite', payeeId: 'li' },
        ],
      },
      { from: '2024-03-01', to: '2024-05-01' },
    );
    expect(pay(r, '2024-03', 'li')).toBe('300.00 CNY');
    expect(pay(r, '2024-03', 'wang')).toBe('200.00 CNY');
    expect(pay(r, '2024-04', 'li')).toBe('0.00 CNY');
  });

  it('cap per attainment period carries over the months of the quarter', () => {
    const p = plan([
      {
        id: 'c',
        type: 'commission',
        attainmentPeriod: 'quarter',
        rates: { type: 'flat', rate: '0.1' },
        cap: { amount: 1500, per: 'attainment-period' },
      },
    ]);
    const r = run(
      { plans: [p], deals: [deal('A', 10000, '2024-01-10'), deal('B', 10000, '2024-02-10')] },
      '2024-03-01',
    );
    expect([pay(r, '2024-01'), pay(r, '2024-02')]).toEqual(['1000.00 CNY', '500.00 CNY']);
  });
});

describe('team pool', () => {
  const pool = (divide: 'equal' | 'share' | 'score') =>
    plan(
      [
        {
          id: 'pool',
          type: 'pool',
          name: 'Team pool',
          attainmentPeriod: 'quarter',
          amount: 9000,
          minAttainment: 1,
          divide,
          ...(divide === 'score' ? { scoreMetric: 'kpi' } : {}),
        },
      ],
      { metrics: [{ id: 'kpi' }] },
    );
  const team = (divide: 'equal' | 'share' | 'score') =>
    calculateIncentives(
      {
        plans: [pool(divide)],
        assignments: ['a', 'b', 'c'].map((payeeId) => ({ payeeId, planId: 'p', from: '2024-01-01' })),
        payees: ['a', 'b', 'c'].map((id) => ({ id, teamId: 'east' })),
        quotas: ['a', 'b', 'c'].map((payeeId) => ({ payeeId, period: 'FY2024-Q1', amount: CNY(100000) })),
        metrics: [
          { payeeId: 'a', period: 'FY2024-Q1', metric: 'kpi', value: 90 },
          { payeeId: 'b', period: 'FY2024-Q1', metric: 'kpi', value: 60 },
          { payeeId: 'c', period: 'FY2024-Q1', metric: 'kpi', value: 99 },
        ],
        deals: [
          deal('A', 100000, '2024-01-10', 'a'),
          deal('B', 200000, '2024-02-10', 'b'),
          deal('C', 99999, '2024-03-10', 'c'),
        ],
      },
      { from: '2024-01-01', to: '2024-04-01' },
    );
  const march = (r: ReturnType<typeof team>) => ['a', 'b', 'c'].map((p) => pay(r, '2024-03', p));

  it('divides equally among the payees who reached target, paid at the end of the pool period', () => {
    const r = team('equal');
    expect(march(r)).toEqual(['4500.00 CNY', '4500.00 CNY', '0.00 CNY']);
    expect(pay(r, '2024-02', 'b')).toBe('0.00 CNY');
    expect(find(r, '2024-03', 'a').lines[0]!.explanation).toMatch(/2 of 3 reached 100% attainment/);
  });

  it('divides by share of measure or by score, largest remainder', () => {
    expect(march(team('share'))).toEqual(['3000.00 CNY', '6000.00 CNY', '0.00 CNY']);
    expect(march(team('score'))).toEqual(['5400.00 CNY', '3600.00 CNY', '0.00 CNY']);
  });
});

describe('eligibility and ledger', () => {
  const flat = (extra: Partial<Extract<Components[number], { type: 'commission' }>> = {}) =>
    plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' }, ...extra }]);

  it('schedule: half on booking, half 90 days later', () => {
    const p = flat({
      eligibility: {
        on: 'schedule',
        installments: [
          { afterDays: 0, share: '0.5' },
          { afterDays: 90, share: '0.5' },
        ],
      },
    });
    const r = run({ plans: [p], deals: [deal('D', 10000, '2024-01-10')] }, '2024-05-01');
    expect([pay(r, '2024-01'), pay(r, '2024-02'), pay(r, '2024-03'), pay(r, '2024-04')]).toEqual([
      '500.00 CNY',
      '0.00 CNY',
      '0.00 CNY',
      '500.00 CNY',
    ]);
    expect(find(r, '2024-04').lines[0]).toMatchObject({ kind: 'release', originalPeriod: '2024-01' });
  });

  it('clawback percent, pro-rated by term, outside the window', () => {
    const base = { deals: [{ ...deal('D', 5000, '2024-01-01'), termMonths: 12 }] };
    const cancel = [{ dealId: 'D', date: '2024-10-01' }];
    const percent = run({
      ...base,
      plans: [flat({ clawback: { mode: 'percent', percent: '0.5' } })],
      cancellations: cancel,
    });
    expect(pay(percent, '2024-10')).toBe('-250.00 CNY');
    const prorated = run({
      ...base,
      plans: [flat({ clawback: { mode: 'prorated' } })],
      cancellations: cancel,
    });
    expect(pay(prorated, '2024-10')).toBe('-125.68 CNY'); // 500 × 92 of 366 days left
    const window = run({ ...base, plans: [flat({ clawback: { windowDays: 180 } })], cancellations: cancel });
    expect(pay(window, '2024-10')).toBe('0.00 CNY');
  });

  it('clawback of a deal paid on collection: the paid part reversed, the held part forfeited', () => {
    const r = run(
      {
        plans: [flat({ eligibility: { on: 'collection' } })],
        deals: [deal('D', 10000, '2024-01-10')],
        payments: [{ id: 'P', dealId: 'D', amount: CNY(5000), date: '2024-01-20' }],
        cancellations: [{ dealId: 'D', date: '2024-03-03' }],
      },
      '2024-04-01',
    );
    const march = find(r, '2024-03');
    expect(march.lines.map((l) => `${l.kind} ${l.amount} held ${l.held}`)).toEqual([
      'clawback -500.00 CNY held 0.00 CNY',
      'forfeit 0.00 CNY held -500.00 CNY',
    ]);
  });

  it('proration: a payee joining mid-month gets a prorated draw', () => {
    const r = calculateIncentives(
      {
        plans: [
          plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }], {
            draw: { amount: 1500 },
          }),
        ],
        assignments: [{ payeeId: 'new', planId: 'p', from: '2024-01-16' }],
      },
      { from: '2024-01-01', to: '2024-02-01' },
    );
    expect(r.statements[0]!.proration.startsWith('0.516129')).toBe(true); // 16 of 31 days
    expect(r.statements[0]!.totals.payable.toString()).toBe('774.19 CNY');
  });

  it('true-up: late data corrects an earlier period without rewriting it', () => {
    const input = {
      plans: [flat()],
      deals: [deal('A', 5000, '2024-01-10'), deal('late', 1000, '2024-01-30'), deal('B', 2000, '2024-02-10')],
      payouts: [{ payeeId: 'li', period: '2024-01', amount: CNY(500) }],
    };
    const r = run(input, '2024-03-01');
    expect(pay(r, '2024-01')).toBe('600.00 CNY'); // recomputed, but 500 was paid
    expect(find(r, '2024-01').recordedPayout!.toString()).toBe('500.00 CNY');
    const feb = find(r, '2024-02');
    expect(feb.lines.at(-1)).toMatchObject({ kind: 'true-up' });
    expect(feb.totals.trueUp.toString()).toBe('100.00 CNY');
    expect(feb.totals.payable.toString()).toBe('300.00 CNY');
  });

  it('rounding per total: lines exact, the total rounded once, half-even, sign-symmetric', () => {
    const p = plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.00125' } }], {
      rounding: { mode: 'half-even', stage: 'total' },
    });
    const r = run(
      {
        plans: [p],
        deals: [deal('A', 10, '2024-01-10'), deal('B', 10, '2024-01-11')],
        cancellations: [{ dealId: 'A', date: '2024-02-01' }],
      },
      '2024-03-01',
    );
    const jan = find(r, '2024-01');
    expect(jan.lines.map((l) => l.amount.toString())).toEqual(['0.0125 CNY', '0.0125 CNY']);
    expect(jan.totals.payable.toString()).toBe('0.02 CNY');
    expect(jan.totals.rounding).toBe('-0.005');
    expect(pay(r, '2024-02')).toBe('-0.01 CNY');
  });
});

describe('statements', () => {
  const input = {
    plans: [
      plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }], { name: 'AE plan' }),
    ],
    payees: [{ id: 'li', name: 'Li Wei' }],
    deals: [deal('B', 2000, '2024-01-12'), deal('A', 1000, '2024-01-12')],
  };

  it('are deterministic and independent of input order', () => {
    const a = JSON.stringify(run(input, '2024-02-01').statements);
    const b = JSON.stringify(run({ ...input, deals: [...input.deals].reverse() }, '2024-02-01').statements);
    expect(a).toBe(b);
    expect(JSON.stringify(run(input, '2024-02-01'))).toBe(JSON.stringify(run(input, '2024-02-01')));
  });

  it('record the plan version and print for people', () => {
    const s = run(input, '2024-02-01').statements[0]!;
    expect(s.plan).toEqual({ id: 'p', version: 1, name: 'AE plan' });
    const text = formatStatement(s);
    expect(text).toContain('Statement Li Wei (li) · 2024-01');
    expect(text).toContain('payable: 300.00 CNY');
  });

  it('pick the plan version in effect', () => {
    const v1 = plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }], {
      effective: { from: '2024-01-01', to: '2024-02-01' },
    });
    const v2 = {
      ...plan([{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.2' } }]),
      version: 2,
      effective: { from: '2024-02-01' },
    };
    const r = run(
      { plans: [v1, v2], deals: [deal('A', 1000, '2024-01-12'), deal('B', 1000, '2024-02-12')] },
      '2024-03-01',
    );
    expect(r.statements.map((s) => `${s.plan.version} ${s.totals.payable}`)).toEqual([
      '1 100.00 CNY',
      '2 200.00 CNY',
    ]);
  });
});
