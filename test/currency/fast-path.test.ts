// The analytics convert through the rate cache without building a result object (and, where no explanation
// is kept, without a sentence): each amount, sentence and total must be exactly what `convert` gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConversionLog, RateCacheImpl } from '../../src/currency/cache';
import {
  aggregateFunnel,
  type CalculateIncentivesInput,
  type ConversionPolicy,
  type ConvertResult,
  calculateIncentives,
  convert,
  Money,
  OpenSpmError,
  type PlanInput,
  parsePeriodKey,
  type RoundingMode,
  scoreKpis,
  stageConversion,
  validateDataset,
} from '../../src/index';

const rates = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' },
  { from: 'USD', to: 'CNY', rate: '7.1234', effectiveDate: '2024-03-15' },
  { from: 'EUR', to: 'CNY', rate: '7.8123', effectiveDate: '2023-12-01' },
  { from: 'EUR', to: 'CNY', rate: '7.9', effectiveDate: '2024-02-10' },
  { from: 'CNY', to: 'JPY', rate: '20.37', effectiveDate: '2023-12-01' },
];
const dayText = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const minorArb = fc.integer({ min: 0, max: 100_000_000 });
const error = (e: unknown) => ({ message: (e as OpenSpmError).message, code: (e as OpenSpmError).code });

describe('funnel values converted without a result object: those of convert (property)', () => {
  const pipeline = {
    id: 'p',
    name: 'P',
    stages: [
      { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
      { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
      { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const },
    ],
  };
  const dealArb = fc.record({
    minor: minorArb,
    currency: fc.constantFrom('CNY', 'USD', 'EUR', 'JPY'),
    created: fc.integer({ min: 0, max: 100 }),
    closed: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    lost: fc.boolean(),
  });
  const policyArb = fc.oneof(
    fc.constant('close-date' as const),
    fc.constant('created-date' as const),
    fc.constant({ kind: 'fixed' as const, rates: [{ from: 'CNY', to: 'USD', rate: '0.14' }] }),
    fc.constantFrom('2024-02', '2024-03', 'FY2024-Q2').map((k) => ({
      kind: 'period-average' as const,
      period: parsePeriodKey(k),
    })),
    fc.constantFrom('2024-03-20', '2023-11-30').map((date) => ({ kind: 'on-date' as const, date })),
  );
  const asOf = '2024-12-31';

  it('each per-deal row, each rate row, the totals and every value, or the same error', () => {
    fc.assert(
      fc.property(
        fc.array(dealArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), minorArb, fc.constantFrom('CNY', 'USD', 'EUR')), { maxLength: 4 }),
        policyArb,
        fc.constantFrom('per-deal' as const, 'summary' as const),
        (ds, before, policy, detail) => {
          const deals = ds.map((d, i) => ({
            id: `d${i}`,
            pipelineId: 'p',
            ownerId: 'r',
            amount: Money.fromMinor(d.minor, d.currency),
            createdAt: new Date(`${dayText(d.created)}T09:00:00Z`),
            stageId: d.closed === undefined ? 'lead' : d.lost ? 'lost' : 'won',
            ...(d.closed === undefined ? {} : { closedAt: new Date(`${dayText(d.closed)}T16:00:00Z`) }),
          }));
          // amounts before loss of some deals, converted at asOf (they have no date of their own)
          const amountsBeforeLoss: Record<string, Money> = {};
          for (const [k, minor, currency] of before)
            amountsBeforeLoss[`d${k % ds.length}`] = Money.fromMinor(minor, currency);
          // the reference: each foreign amount through convert
          const failures: { message: string; code: string }[] = [];
          const reference = (m: Money, day: string | undefined, path: string) => {
            if (m.currency === 'CNY') return null;
            const p: ConversionPolicy =
              typeof policy === 'object' ? policy : { kind: 'on-date', date: day ?? asOf };
            try {
              return convert(m, 'CNY', { rates, policy: p, rounding: 'half-even' });
            } catch (e) {
              failures.push({ ...error(e), message: `${path}: ${error(e).message}` });
              return null;
            }
          };
          const dealRef = deals.map((d, i) =>
            reference(
              d.amount,
              policy === 'created-date'
                ? dayText(ds[i]!.created)
                : ds[i]!.closed === undefined
                  ? undefined
                  : dayText(ds[i]!.closed!),
              `deals.${i}.amount`,
            ),
          );
          const lossRef = Object.entries(amountsBeforeLoss).map(([id, m]) =>
            reference(m, undefined, `amountsBeforeLoss.${id}`),
          );
          const input = { pipeline, deals, stageChanges: [], amountsBeforeLoss };
          const options = {
            asOf,
            reportingCurrency: 'CNY',
            rates,
            conversion: policy,
            conversionDetail: detail,
          };
          let r: ReturnType<typeof stageConversion>;
          try {
            r = stageConversion(input, options);
          } catch (e) {
            expect(failures).toContainEqual(error(e));
            return;
          }
          expect(failures).toEqual([]);
          const c = r.conversions!;
          const all = [...dealRef, ...lossRef].filter((x) => x !== null);
          expect(c.count).toBe(all.length);
          const row = (x: ConvertResult, source: string, id: string, path: unknown[]) => ({
            source,
            id,
            path,
            original: x.original,
            amount: x.amount,
            rate: x.rate,
            text: x.text,
          });
          if (detail === 'per-deal') {
            expect(c.amounts!.filter((a) => a.source === 'deal')).toEqual(
              dealRef.flatMap((x, i) => (x ? [row(x, 'deal', `d${i}`, ['deals', i, 'amount'])] : [])),
            );
            expect(c.amounts!.filter((a) => a.source === 'amount-before-loss')).toEqual(
              Object.keys(amountsBeforeLoss).flatMap((id, k) =>
                lossRef[k] ? [row(lossRef[k]!, 'amount-before-loss', id, ['amountsBeforeLoss', id])] : [],
              ),
            );
            // the aggregate's plain rows: decimal text as convert gives it
            const plain = aggregateFunnel(input, options).conversions!.amounts!;
            expect(plain.map((a) => [a.original, a.amount])).toEqual(
              c.amounts!.map((a) => [a.original.amount.toString(), a.amount.amount.toString()]),
            );
          } else expect(c.amounts).toBeNull();
          // one row per rate, with the totals of the amounts converted at it
          const byText = new Map<string, { count: number; amount: string }>();
          for (const x of all) {
            const u = byText.get(x.rate.text) ?? { count: 0, amount: '0' };
            u.count++;
            u.amount = x.amount.amount.plus(u.amount).toString();
            byText.set(x.rate.text, u);
          }
          expect(
            new Map(
              c.byRate.map((u) => [u.rate.text, { count: u.count, amount: u.amount.amount.toString() }]),
            ),
          ).toEqual(byText);
          // every figure is that of the funnel on the amounts converted beforehand
          const pre = stageConversion(
            {
              pipeline,
              deals: deals.map((d, i) => (dealRef[i] ? { ...d, amount: dealRef[i]!.amount } : d)),
              stageChanges: [],
              amountsBeforeLoss: Object.fromEntries(
                Object.entries(amountsBeforeLoss).map(([id, m], k) => [id, lossRef[k]?.amount ?? m]),
              ),
            },
            { asOf },
          );
          expect(r.overall).toEqual(pre.overall);
          // per-deal detail changes no other figure
          const other = stageConversion(input, {
            ...options,
            conversionDetail: detail === 'per-deal' ? 'summary' : 'per-deal',
          });
          expect(other.overall).toEqual(r.overall);
          expect(other.conversions!.byRate).toEqual(c.byRate);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps the errors of a value too large to add up exactly', () => {
    const deals = [
      {
        id: 'big',
        pipelineId: 'p',
        ownerId: 'r',
        amount: Money.of('9000000000000000.00', 'USD'),
        createdAt: new Date('2024-01-05T09:00:00Z'),
        stageId: 'lead',
      },
    ];
    expect(() =>
      stageConversion(
        { pipeline, deals, stageChanges: [] },
        { asOf, reportingCurrency: 'CNY', rates, conversion: 'created-date' },
      ),
    ).toThrow('deals.0.amount: 63000000000000000.00 CNY is too large to sum exactly');
  });
});

describe('KPI amounts converted through the log: those of convert (property)', () => {
  const pipeline = {
    id: 'p',
    name: 'P',
    stages: [
      { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
      { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
    ],
  };
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

  it('every converted deal and payment listed with convert’s amount, rate and sentence; the same totals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minor: minorArb,
            currency: fc.constantFrom('CNY', 'USD', 'EUR'),
            day: fc.integer({ min: 1, max: 31 }),
            paid: fc.option(fc.integer({ min: 1, max: 31 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        (ds) => {
          const date = (d: number) => `2024-03-${String(d).padStart(2, '0')}`;
          const money = (d: (typeof ds)[number]) => Money.fromMinor(d.minor, d.currency).amount.toFixed();
          const data = validateDataset(
            {
              pipelines: [pipeline],
              deals: ds.map((d, i) => ({
                id: `d${i}`,
                pipelineId: 'p',
                ownerId: 'li',
                amount: { amount: money(d), currency: d.currency },
                createdAt: '2024-01-01',
                stageId: 'won',
                closedAt: date(d.day),
              })),
              payments: ds.flatMap((d, i) =>
                d.paid === undefined
                  ? []
                  : [
                      {
                        id: `p${i}`,
                        dealId: `d${i}`,
                        amount: { amount: money(d), currency: d.currency },
                        at: date(d.paid),
                      },
                    ],
              ),
            },
            { reportingCurrency: 'CNY', rates },
          );
          const r = scoreKpis(
            { scorecard, dataset: data, reps: ['li'] },
            { asOf: '2024-03-31', period: parsePeriodKey('2024-03'), reportingCurrency: 'CNY', rates },
          );
          // the reference: convert's result, logged as before
          const keys = new RateCacheImpl('CNY', { rates });
          const log = new ConversionLog('CNY', true);
          const add = (m: Money, day: string, source: 'deal' | 'payment', id: string, path: unknown[]) => {
            if (m.currency === 'CNY') return;
            const policy: ConversionPolicy = { kind: 'on-date', date: day };
            const x = convert(m, 'CNY', { rates, policy, rounding: 'half-even' });
            log.record(x, keys.convertKeyed(m, policy).key, source, id, ['dataset', ...(path as string[])]);
          };
          data.deals.forEach((d, i) => {
            add(d.amount, date(ds[i]!.day), 'deal', d.id, ['deals', i, 'amount']);
          });
          data.payments.forEach((p, i) => {
            add(p.amount, date(ds[Number(p.id.slice(1))]!.paid!), 'payment', p.id, ['payments', i, 'amount']);
          });
          expect(r.conversions).toEqual(log.used());
          expect(JSON.stringify(r.conversions)).toBe(JSON.stringify(log.used()));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('incentive credits converted through a rate cache: those of convert (property)', () => {
  const planOf = (exchange: PlanInput['exchange']): PlanInput => ({
    id: 'cn',
    version: 1,
    currency: 'CNY',
    effective: { from: '2024-01-01' },
    payPeriod: 'month',
    exchange,
    components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.07' } }],
  });
  const exchangeArb = fc
    .tuple(
      fc.constantFrom('transaction-date' as const, 'period-average' as const, 'fixed' as const),
      fc.option(fc.constantFrom<RoundingMode>('half-even', 'half-up', 'down', 'ceiling'), { nil: undefined }),
    )
    .map(
      ([policy, rounding]): NonNullable<PlanInput['exchange']> => ({
        policy,
        ...(policy === 'fixed'
          ? {
              rates: [
                { from: 'USD', to: 'CNY', rate: '7.1' },
                { from: 'CNY', to: 'EUR', rate: '0.127' },
                { from: 'JPY', to: 'CNY', rate: '0.0491' },
              ],
            }
          : {}),
        ...(rounding === undefined ? {} : { rounding }),
      }),
    );

  it('each converted credit states convert’s amount, exact product, rate and sentence', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minor: minorArb,
            currency: fc.constantFrom('CNY', 'USD', 'EUR', 'JPY'),
            day: fc.integer({ min: 0, max: 89 }),
            payee: fc.constantFrom('a', 'b'),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        exchangeArb,
        (ds, exchange) => {
          const input: CalculateIncentivesInput = {
            plans: [planOf(exchange)],
            assignments: ['a', 'b'].map((payeeId) => ({ payeeId, planId: 'cn', from: '2024-01-01' })),
            deals: ds.map((d, i) => ({
              id: `D${i}`,
              amount: { amount: Money.fromMinor(d.minor, d.currency).amount.toFixed(), currency: d.currency },
              date: dayText(d.day),
              payeeId: d.payee,
            })),
          };
          const { credits } = calculateIncentives(input, { from: '2024-01-01', to: '2024-04-01', rates });
          credits.forEach((credit, i) => {
            const d = ds[i]!;
            if (d.currency === 'CNY') {
              expect(credit.converted).toBeUndefined();
              return;
            }
            const policy: ConversionPolicy =
              exchange.policy === 'fixed'
                ? { kind: 'fixed', rates: exchange.rates! }
                : exchange.policy === 'transaction-date'
                  ? { kind: 'on-date', date: dayText(d.day) }
                  : { kind: 'period-average', period: parsePeriodKey(dayText(d.day).slice(0, 7)) };
            const x = convert(credit.amount, 'CNY', {
              rates,
              policy,
              rounding: exchange.rounding ?? 'half-even',
            });
            expect(credit.converted).toHaveLength(1);
            const c = credit.converted![0]!;
            expect(c.amount).toEqual(x.amount); // one credit: the whole deal
            expect(c.conversion).toEqual({
              original: x.original,
              converted: x.amount,
              exact: x.exact.toFixed(),
              rate: x.rate.rate.toString(),
              policy: x.rate.policy,
              rateText: x.rate.text,
              text: x.text,
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a missing rate is still reported per deal, with the pair and the date', () => {
    const input: CalculateIncentivesInput = {
      plans: [planOf({ policy: 'transaction-date' })],
      assignments: [{ payeeId: 'a', planId: 'cn', from: '2024-01-01' }],
      deals: [
        { id: 'D1', amount: { amount: '10.00', currency: 'GBP' }, date: '2024-01-10', payeeId: 'a' },
        { id: 'D2', amount: { amount: '20.00', currency: 'GBP' }, date: '2024-01-10', payeeId: 'a' },
      ],
    };
    let issues: readonly { path: readonly (string | number)[]; message: string }[] = [];
    try {
      calculateIncentives(input, { from: '2024-01-01', to: '2024-02-01', rates });
    } catch (e) {
      expect(e).toBeInstanceOf(OpenSpmError);
      issues = (e as OpenSpmError).issues;
    }
    expect(issues.map((x) => x.path.join('.'))).toEqual(['deals.0.amount', 'deals.1.amount']);
    expect(issues[1]!.message).toMatch(/no GBP→CNY exchange rate effective on or before 2024-01-10/);
  });
});
