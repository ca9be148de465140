import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateFunnel,
  Decimal,
  type FunnelAggregate,
  Money,
  mergeFunnelAggregates,
  OpenSpmError,
  stageConversion,
  summarizeFunnel,
} from '../../src/index';

const pipeline = {
  id: 'p',
  name: 'P',
  stages: [
    { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
    { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
  ],
};
const deal = (id: string, amount: string, currency: string, closedAt?: string) => ({
  id,
  pipelineId: 'p',
  ownerId: 'r',
  amount: { amount, currency },
  createdAt: '2024-01-01',
  stageId: closedAt ? 'won' : 'lead',
  ...(closedAt ? { closedAt } : {}),
});
const deals = [
  deal('d1', '1000.00', 'CNY', '2024-02-10'),
  deal('d2', '100.00', 'USD', '2024-03-10'),
  deal('d3', '10.00', 'USD'),
];
const rates = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' },
  { from: 'USD', to: 'CNY', rate: '7.50', effectiveDate: '2024-06-01' },
];

describe('funnel values in a reporting currency', () => {
  it('stays an error without one', () => {
    expect(() => stageConversion({ pipeline, deals, stageChanges: [] }, { asOf: '2024-12-31' })).toThrow(
      OpenSpmError,
    );
  });

  it('converts each deal at its close date (asOf while open), rounded once per deal', () => {
    const r = stageConversion(
      { pipeline, deals, stageChanges: [] },
      { asOf: '2024-12-31', reportingCurrency: 'CNY', rates },
    );
    expect(r.currency).toBe('CNY');
    // 1000 + 100 × 7.25 + 10 × 7.50
    expect(r.overall.stages[0]!.value!.entered.toString()).toBe('1800.00 CNY');
    expect(r.definition.conversion).toMatch(/to CNY at the rate on each deal's close date/);
  });

  it('uses a fixed plan rate, and names the pair and date of a missing rate', () => {
    const fixed = stageConversion(
      { pipeline, deals, stageChanges: [] },
      {
        asOf: '2024-12-31',
        reportingCurrency: 'CNY',
        conversion: { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7' }] },
      },
    );
    expect(fixed.overall.stages[0]!.value!.entered.toString()).toBe('1770.00 CNY');
    expect(() =>
      stageConversion(
        { pipeline, deals, stageChanges: [] },
        { asOf: '2024-12-31', reportingCurrency: 'CNY', rates: [] },
      ),
    ).toThrow(/deals\.1\.amount: no USD→CNY exchange rate effective on or before 2024-03-10/);
  });
});

describe('the conversions behind funnel values', () => {
  const options = { asOf: '2024-12-31', reportingCurrency: 'CNY', rates };

  it('lists each rate used with its count and totals, and with per-deal detail the rate of each deal', () => {
    const input = { pipeline, deals: [...deals, deal('d4', '33.33', 'USD', '2024-03-10')], stageChanges: [] };
    const r = stageConversion(input, { ...options, conversionDetail: 'per-deal' });
    const c = r.conversions!;
    expect(c.currency).toBe('CNY');
    expect(c.count).toBe(3);
    // d2 and d4 closed on 2024-03-10: 7.25 (effective 2024-03-01); d3 is open: the rate on asOf, 7.50
    expect(
      c.byRate.map((u) => [u.rate.date, u.rate.rate.toString(), u.count, `${u.original}`, `${u.amount}`]),
    ).toEqual([
      ['2024-03-10', '7.25', 2, '133.33 USD', '966.64 CNY'],
      ['2024-12-31', '7.5', 1, '10.00 USD', '75.00 CNY'],
    ]);
    expect(c.byRate[0]!.rate.rates[0]!.effectiveDate).toBe('2024-03-01');
    expect(c.byRate[0]!.text).toBe(
      '2 amounts: 133.33 USD → 966.64 CNY at USD→CNY 7.25: the rate effective 2024-03-01, the latest on or before 2024-03-10',
    );
    expect(c.amounts!.map((a) => [a.source, a.id, a.path.join('.'), `${a.original}`, `${a.amount}`])).toEqual(
      [
        ['deal', 'd2', 'deals.1.amount', '100.00 USD', '725.00 CNY'],
        ['deal', 'd3', 'deals.2.amount', '10.00 USD', '75.00 CNY'],
        ['deal', 'd4', 'deals.3.amount', '33.33 USD', '241.64 CNY'],
      ],
    );
    // 33.33 × 7.25 = 241.6425, rounded half-even once
    expect(c.amounts![2]!.text).toBe(
      '33.33 USD × 7.25 = 241.6425 CNY, rounded half-even to 2 decimals: 241.64 CNY (USD→CNY 7.25: the rate effective 2024-03-01, the latest on or before 2024-03-10)',
    );
    expect(c.total.toString()).toBe('1041.64 CNY');
    // the figure: 1000.00 CNY as given + 1041.64 CNY converted
    expect(r.overall.stages[0]!.value!.entered.toString()).toBe('2041.64 CNY');
  });

  it('keeps only the per-rate summary by default, and states a fixed or inverted rate', () => {
    const summary = stageConversion({ pipeline, deals, stageChanges: [] }, options).conversions!;
    expect(summary.amounts).toBeNull();
    expect(summary.byRate).toHaveLength(2);
    const fixed = stageConversion(
      { pipeline, deals, stageChanges: [] },
      { ...options, conversion: { kind: 'fixed', rates: [{ from: 'CNY', to: 'USD', rate: '0.125' }] } },
    ).conversions!;
    expect(fixed.byRate).toHaveLength(1);
    expect(fixed.byRate[0]!.rate.inverse).toBe(true);
    expect(fixed.byRate[0]!.text).toBe(
      '2 amounts: 110.00 USD → 880.00 CNY at USD→CNY 8: the fixed plan rate (inverse of the CNY→USD rate, rounded half-even to 10 decimals)',
    );
  });

  it('explains an amount before loss converted at asOf', () => {
    const lost = { ...deal('d5', '0.00', 'USD', '2024-04-01'), stageId: 'lost' };
    const p = {
      ...pipeline,
      stages: [...pipeline.stages, { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const }],
    };
    const r = stageConversion(
      { pipeline: p, deals: [lost], stageChanges: [], amountsBeforeLoss: { d5: Money.of('200.00', 'USD') } },
      { ...options, conversionDetail: 'per-deal' },
    );
    const a = r.conversions!.amounts!.find((x) => x.source === 'amount-before-loss')!;
    expect([a.id, a.path.join('.'), `${a.amount}`, a.rate.date]).toEqual([
      'd5',
      'amountsBeforeLoss.d5',
      '1500.00 CNY',
      '2024-12-31',
    ]);
    expect(r.overall.values!.lost.toString()).toBe('1500.00 CNY');
  });

  it('changes nothing for single-currency data: no list without a reporting currency, an empty one with it', () => {
    const cny = [deal('a', '10.00', 'CNY'), deal('b', '20.00', 'CNY', '2024-02-01')];
    const plain = stageConversion({ pipeline, deals: cny, stageChanges: [] }, { asOf: '2024-12-31' });
    expect('conversions' in plain).toBe(false);
    expect(
      'conversions' in aggregateFunnel({ pipeline, deals: cny, stageChanges: [] }, { asOf: '2024-12-31' }),
    ).toBe(false);
    const r = stageConversion(
      { pipeline, deals: cny, stageChanges: [] },
      { ...options, conversionDetail: 'per-deal' },
    );
    expect(r.conversions).toMatchObject({ count: 0, byRate: [], amounts: [] });
    expect(r.conversions!.total.toString()).toBe('0.00 CNY');
    expect(r.overall).toEqual(plain.overall);
  });
});

describe('merging the conversions of funnel aggregates', () => {
  const options = { asOf: '2024-12-31', reportingCurrency: 'CNY', rates };
  const shard = (ds: ReturnType<typeof deal>[], detail: 'summary' | 'per-deal' = 'per-deal') =>
    aggregateFunnel({ pipeline, deals: ds, stageChanges: [] }, { ...options, conversionDetail: detail });
  const a = [deal('d2', '100.00', 'USD', '2024-03-10'), deal('d3', '10.00', 'USD')];
  const b = [deal('d4', '33.33', 'USD', '2024-03-10'), deal('d5', '1.00', 'USD', '2024-01-20')];

  it('adds the per-rate rows of disjoint shards and keeps one row per deal; JSON round trips', () => {
    const whole = shard([...a, ...b]);
    const merged = mergeFunnelAggregates([
      JSON.parse(JSON.stringify(shard(a))),
      shard(b),
    ] as FunnelAggregate[]);
    expect(merged.conversions!.rates).toEqual(whole.conversions!.rates);
    expect(new Set(merged.conversions!.amounts!.map((x) => x.id))).toEqual(new Set(['d2', 'd3', 'd4', 'd5']));
    expect(summarizeFunnel(merged).conversions!.total.toString()).toBe('1048.64 CNY');
  });

  it('lists a deal read by two shards once (the same deals over disjoint periods)', () => {
    const once = shard(a);
    const merged = mergeFunnelAggregates([once, once]);
    expect(merged.conversions).toEqual(once.conversions);
  });

  it('adds the summaries when a shard has no per-deal list, and drops the list', () => {
    const merged = mergeFunnelAggregates([shard(a), shard(b, 'summary')]);
    expect(merged.conversions!.amounts).toBeNull();
    expect(merged.conversions!.rates).toEqual(shard([...a, ...b], 'summary').conversions!.rates);
  });

  it('refuses shards converted at different rates for the same pair and day', () => {
    const other = aggregateFunnel(
      { pipeline, deals: a, stageChanges: [] },
      { ...options, rates: [{ from: 'USD', to: 'CNY', rate: '7.30', effectiveDate: '2024-01-01' }] },
    );
    expect(() => mergeFunnelAggregates([shard(a), other])).toThrow(/aggregates\[1\]: .*USD→CNY 7\.3/);
  });
});

describe('conversion summaries add up to the figures (property)', () => {
  const dealArb = fc.record({
    minor: fc.integer({ min: 0, max: 100_000_000 }),
    currency: fc.constantFrom('CNY', 'USD', 'EUR', 'JPY'),
    closed: fc.option(fc.integer({ min: 0, max: 360 }), { nil: undefined }),
  });
  const table = [
    ...rates,
    { from: 'EUR', to: 'CNY', rate: '7.8123', effectiveDate: '2023-12-01' },
    { from: 'CNY', to: 'JPY', rate: '20.37', effectiveDate: '2023-12-01' },
  ];
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

  it('Σ converted + Σ already in CNY = the value that entered the funnel; Σ per rate = Σ per deal', () => {
    fc.assert(
      fc.property(
        fc.array(dealArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 39 }),
        (ds, cut) => {
          const list = ds.map((d, i) =>
            deal(
              `d${i}`,
              Money.fromMinor(d.minor, d.currency).amount.toFixed(),
              d.currency,
              d.closed === undefined ? undefined : day(d.closed),
            ),
          );
          const o = {
            asOf: '2024-12-31',
            reportingCurrency: 'CNY',
            rates: table,
            conversionDetail: 'per-deal' as const,
          };
          const r = stageConversion({ pipeline, deals: list, stageChanges: [] }, o);
          const c = r.conversions!;
          const native = ds
            .filter((d) => d.currency === 'CNY')
            .reduce((s, d) => s.plus(Money.fromMinor(d.minor, 'CNY').amount), new Decimal(0));
          expect(Money.of(native, 'CNY').plus(c.total).toString()).toBe(
            r.overall.stages[0]!.value!.entered.toString(),
          );
          expect(c.count).toBe(ds.filter((d) => d.currency !== 'CNY').length);
          const perRate = c.byRate.reduce((s, u) => s.plus(u.amount.amount), new Decimal(0));
          const perDeal = c.amounts!.reduce((s, x) => s.plus(x.amount.amount), new Decimal(0));
          expect(perRate.toString()).toBe(c.total.amount.toString());
          expect(perDeal.toString()).toBe(c.total.amount.toString());
          for (const x of c.amounts!)
            expect(x.amount.toString()).toBe(
              x.original.amount.times(x.rate.rate).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2) +
                ' CNY',
            );
          // merging a split gives the whole's rows
          const k = Math.min(cut, list.length);
          const parts = [list.slice(0, k), list.slice(k)].filter((p) => p.length > 0);
          const merged = mergeFunnelAggregates(
            parts.map((p) => aggregateFunnel({ pipeline, deals: p, stageChanges: [] }, o)),
          );
          expect(merged.conversions!.rates).toEqual(
            aggregateFunnel({ pipeline, deals: list, stageChanges: [] }, o).conversions!.rates,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
