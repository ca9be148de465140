import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, Money, parsePeriodKey, scoreKpis, validateDataset } from '../../src/index';

const pipeline = {
  id: 'p',
  name: 'P',
  stages: [
    { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
    { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
  ],
};
const won = (id: string, amount: string, currency: string, closedAt: string) => ({
  id,
  pipelineId: 'p',
  ownerId: 'li',
  amount: { amount, currency },
  createdAt: '2024-01-01',
  stageId: 'won',
  closedAt,
});
const rates = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' },
];
const dataset = validateDataset(
  {
    pipelines: [pipeline],
    deals: [won('d1', '1000.00', 'CNY', '2024-03-05'), won('d2', '100.00', 'USD', '2024-03-10')],
  },
  { reportingCurrency: 'CNY', rates },
);
const scorecard = {
  id: 'sc',
  name: 'S',
  version: 1,
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'd',
      name: 'D',
      weight: 100,
      kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 2000, metric: 'signedAmount' }],
    },
  ],
};
const base = { asOf: '2024-03-31', period: parsePeriodKey('2024-03') };

describe('KPI amounts in a reporting currency', () => {
  it('refuses to add amounts across currencies without one', () => {
    expect(() => scoreKpis({ scorecard, dataset, reps: ['li'] }, base)).toThrow(/CNY and USD/);
  });

  it('converts at the close date before adding', () => {
    const r = scoreKpis({ scorecard, dataset, reps: ['li'] }, { ...base, reportingCurrency: 'CNY', rates });
    expect(r.reps[0]!.kpis[0]!.value).toBe(1725);
    const fixed = scoreKpis(
      { scorecard, dataset, reps: ['li'] },
      {
        ...base,
        reportingCurrency: 'CNY',
        conversion: { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7' }] },
      },
    );
    expect(fixed.reps[0]!.kpis[0]!.value).toBe(1700);
  });
});

describe('the conversions behind KPI amounts', () => {
  const withPayments = validateDataset(
    {
      pipelines: [pipeline],
      deals: [
        won('d1', '1000.00', 'CNY', '2024-03-05'),
        won('d2', '100.00', 'USD', '2024-03-10'),
        won('d3', '33.33', 'USD', '2024-02-20'),
      ],
      payments: [
        { id: 'pay-1', dealId: 'd2', amount: { amount: '50.00', currency: 'USD' }, at: '2024-03-20' },
        { id: 'pay-2', dealId: 'd1', amount: { amount: '400.00', currency: 'CNY' }, at: '2024-03-21' },
      ],
    },
    { reportingCurrency: 'CNY', rates },
  );
  const card = {
    ...scorecard,
    dimensions: [
      {
        id: 'd',
        name: 'D',
        weight: 100,
        kpis: [
          { id: 'signed', name: 'Signed', weight: 50, target: 2000, metric: 'signedAmount' },
          { id: 'collected', name: 'Collected', weight: 50, target: 500, metric: 'collectedAmount' },
        ],
      },
    ],
  };

  it('lists each deal and payment converted, with its rate, and per rate a count and totals', () => {
    const r = scoreKpis(
      { scorecard: card, dataset: withPayments, reps: ['li'] },
      { ...base, reportingCurrency: 'CNY', rates },
    );
    const c = r.conversions!;
    expect(
      c.amounts!.map((a) => [a.source, a.id, a.path.join('.'), `${a.original}`, `${a.amount}`, a.rate.date]),
    ).toEqual([
      ['deal', 'd2', 'dataset.deals.1.amount', '100.00 USD', '725.00 CNY', '2024-03-10'],
      ['deal', 'd3', 'dataset.deals.2.amount', '33.33 USD', '233.31 CNY', '2024-02-20'],
      ['payment', 'pay-1', 'dataset.payments.0.amount', '50.00 USD', '362.50 CNY', '2024-03-20'],
    ]);
    // 33.33 × 7.00 = 233.31 (the rate effective 2024-01-01, the latest on or before 2024-02-20)
    expect(c.amounts![1]!.rate.text).toBe(
      'USD→CNY 7: the rate effective 2024-01-01, the latest on or before 2024-02-20',
    );
    expect(c.byRate.map((u) => [u.rate.date, u.count, `${u.amount}`])).toEqual([
      ['2024-02-20', 1, '233.31 CNY'],
      ['2024-03-10', 1, '725.00 CNY'],
      ['2024-03-20', 1, '362.50 CNY'],
    ]);
    expect(c.total.toString()).toBe('1320.81 CNY');
    // the figures: signed in March 1000.00 + 725.00 (d3 closed in February); collected 400.00 + 362.50
    expect(r.reps[0]!.kpis.map((k) => k.value)).toEqual([1725, 762.5]);
  });

  it('has no list without a reporting currency, and an empty one when nothing is foreign', () => {
    const cny = validateDataset({
      pipelines: [pipeline],
      deals: [won('d1', '1000.00', 'CNY', '2024-03-05')],
    });
    const plain = scoreKpis({ scorecard, dataset: cny, reps: ['li'] }, base);
    expect('conversions' in plain).toBe(false);
    const r = scoreKpis(
      { scorecard, dataset: cny, reps: ['li'] },
      { ...base, reportingCurrency: 'CNY', rates },
    );
    expect(r.conversions).toMatchObject({ count: 0, byRate: [], amounts: [] });
    expect(r.reps[0]!.kpis[0]!.value).toBe(plain.reps[0]!.kpis[0]!.value);
  });

  it('Σ converted + Σ already in CNY = the signed amount (property)', () => {
    const arb = fc.array(
      fc.record({
        minor: fc.integer({ min: 0, max: 10_000_000 }),
        currency: fc.constantFrom('CNY', 'USD'),
        day: fc.integer({ min: 1, max: 31 }),
      }),
      { minLength: 1, maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (ds) => {
        const data = validateDataset(
          {
            pipelines: [pipeline],
            deals: ds.map((d, i) =>
              won(
                `d${i}`,
                Money.fromMinor(d.minor, d.currency).amount.toFixed(2),
                d.currency,
                `2024-03-${String(d.day).padStart(2, '0')}`,
              ),
            ),
          },
          { reportingCurrency: 'CNY', rates },
        );
        const r = scoreKpis(
          { scorecard, dataset: data, reps: ['li'] },
          { ...base, reportingCurrency: 'CNY', rates },
        );
        const c = r.conversions!;
        const native = ds
          .filter((d) => d.currency === 'CNY')
          .reduce((s, d) => s.plus(new Decimal(d.minor).dividedBy(100)), new Decimal(0));
        expect(native.plus(c.total.amount).toNumber()).toBe(r.reps[0]!.kpis[0]!.value);
        const perRate = c.byRate.reduce((s, u) => s.plus(u.amount.amount), new Decimal(0));
        const perAmount = c.amounts!.reduce((s, a) => s.plus(a.amount.amount), new Decimal(0));
        expect(perRate.eq(c.total.amount) && perAmount.eq(c.total.amount)).toBe(true);
        expect(c.count).toBe(ds.filter((d) => d.currency === 'USD').length);
      }),
      { numRuns: 60 },
    );
  });
});
