import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalculateIncentivesInput,
  calculateIncentives,
  Decimal,
  OpenSpmError,
  type PlanInput,
  roundDecimal,
} from '../../src/index';

const january = { from: '2024-01-01', to: '2024-02-01' };
const payees = ['a', 'b', 'c', 'd'];

/** A rate with up to 6 decimals, from 0.000001 to 99.999999. */
const rateArb = fc
  .integer({ min: 1, max: 99_999_999 })
  .map((n) => new Decimal(n).dividedBy(1_000_000).toFixed());
const minorArb = fc.integer({ min: 0, max: 2_000_000_000 });
const cents = (n: number) => new Decimal(n).dividedBy(100).toFixed(2);

/** Revenue splits (percent with up to two decimals, summing to 100) and maybe an overlay. */
const splitsArb = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([weights, overlay]) => {
    const total = weights.reduce((x, y) => x + y, 0);
    const pct = weights.map((w) => Math.floor((w * 10_000) / total));
    pct[0]! += 10_000 - pct.reduce((x, y) => x + y, 0);
    const credits = pct.map((p, i) => ({
      payeeId: payees[i]!,
      percent: new Decimal(p).dividedBy(100).toFixed(),
    }));
    return overlay
      ? [...credits, { payeeId: 'mgr', percent: '50', type: 'overlay' as const }]
      : credits.filter((c) => c.percent !== '0');
  });

const plan = (exchange?: PlanInput['exchange'], components?: PlanInput['components']): PlanInput => ({
  id: 'cn',
  version: 1,
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  ...(exchange ? { exchange } : {}),
  components: components ?? [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.07' } }],
});
const everyone = [...payees, 'mgr'].map((payeeId) => ({ payeeId, planId: 'cn', from: '2024-01-01' }));

describe('incentives in other currencies: properties', () => {
  it('the converted revenue parts sum exactly to the converted deal, which is the deal × rate rounded once', () => {
    fc.assert(
      fc.property(minorArb, rateArb, splitsArb, (minor, rate, credits) => {
        const { credits: out, statements } = calculateIncentives(
          {
            plans: [plan({ policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate }] })],
            assignments: everyone,
            deals: [
              { id: 'D', amount: { amount: cents(minor), currency: 'USD' }, date: '2024-01-10', credits },
            ],
          },
          january,
        );
        const expected = roundDecimal(new Decimal(cents(minor)).times(rate), 2, 'half-even');
        let sum = new Decimal(0);
        for (const c of out) {
          const conv = c.converted![0]!;
          expect(conv.conversion.converted.amount.eq(expected)).toBe(true);
          if (c.type === 'revenue') sum = sum.plus(conv.amount.amount);
        }
        expect(sum.eq(expected)).toBe(true);
        // Each statement line credits exactly the converted part of its payee.
        for (const s of statements) {
          const credit = out.find((c) => c.payeeId === s.payeeId);
          if (!credit) {
            expect(s.lines).toEqual([]);
            continue;
          }
          expect(s.lines[0]!.credited!.equals(credit.converted![0]!.amount)).toBe(true);
          expect(s.lines[0]!.original!.equals(credit.amount)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('with every amount in the plan currency, declaring an exchange changes nothing', () => {
    const exchangeArb = fc.constantFrom<NonNullable<PlanInput['exchange']>>(
      { policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.1' }] },
      { policy: 'transaction-date', rounding: 'up' },
      { policy: 'period-average' },
    );
    const dealArb = fc.record({
      minor: minorArb,
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 3 }),
      credits: splitsArb,
    });
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
            { from: 0, to: 1, rate: '0.04' },
            { from: 1, rate: '0.09' },
          ],
        },
      },
      { id: 'cash', type: 'commission', measure: 'collections', rates: { type: 'flat', rate: '0.01' } },
    ];
    fc.assert(
      fc.property(exchangeArb, fc.array(dealArb, { minLength: 1, maxLength: 6 }), (exchange, deals) => {
        const input = (p: PlanInput): CalculateIncentivesInput => ({
          plans: [p],
          assignments: everyone,
          quotas: [...payees, 'mgr'].map((payeeId) => ({
            payeeId,
            period: 'FY2024-Q1',
            amount: { amount: '5000000', currency: 'CNY' },
          })),
          deals: deals.map((d, i) => ({
            id: `D-${i}`,
            amount: { amount: cents(d.minor), currency: 'CNY' },
            date: `2024-0${d.month}-${String(d.day).padStart(2, '0')}`,
            credits: d.credits,
          })),
          payments: deals.map((d, i) => ({
            id: `P-${i}`,
            dealId: `D-${i}`,
            amount: { amount: cents(Math.floor(d.minor / 2)), currency: 'CNY' },
            date: `2024-0${d.month}-28`,
          })),
        });
        const options = { from: '2024-01-01', to: '2024-04-01' };
        const without = calculateIncentives(input(plan(undefined, tiered)), options);
        const withExchange = calculateIncentives(input(plan(exchange, tiered)), {
          ...options,
          rates: [{ from: 'USD', to: 'CNY', rate: '7.2', effectiveDate: '2023-01-01' }],
        });
        expect(JSON.stringify(withExchange)).toBe(JSON.stringify(without));
      }),
      { numRuns: 60 },
    );
  });

  it('a missing rate names the pair, the date and the deal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 28 }),
        (index, month, day) => {
          const date = `2024-0${month}-${String(day).padStart(2, '0')}`;
          const deals = Array.from({ length: 5 }, (_, i) => ({
            id: `D-${i}`,
            amount: { amount: '100.00', currency: i === index ? 'USD' : 'CNY' },
            date: i === index ? date : '2024-01-02',
            payeeId: 'a',
          }));
          let error: unknown;
          try {
            calculateIncentives(
              {
                plans: [plan({ policy: 'transaction-date' })],
                assignments: everyone,
                deals,
              },
              {
                from: '2024-01-01',
                to: '2024-07-01',
                rates: [{ from: 'USD', to: 'CNY', rate: '7.2', effectiveDate: '2024-06-01' }],
              },
            );
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(OpenSpmError);
          const e = error as OpenSpmError;
          expect(e.code).toBe('MISSING_EXCHANGE_RATE');
          expect(e.issues.map((i) => i.path)).toEqual([['deals', index, 'amount']]);
          expect(e.message).toContain(`deals[${index}] (deal "D-${index}"`);
          expect(e.message).toContain(`no USD→CNY exchange rate effective on or before ${date}`);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('under a fixed rate, the payout never decreases when a foreign deal grows', () => {
    const tiered: PlanInput['components'] = [
      {
        id: 'c',
        type: 'commission',
        rates: {
          type: 'tiered',
          on: 'amount',
          mode: 'marginal',
          tiers: [
            { from: 0, to: 10000, rate: '0.03' },
            { from: 10000, to: 50000, rate: '0.06' },
            { from: 50000, rate: '0.1' },
          ],
        },
      },
    ];
    const payable = (minor: number, rate: string, split: boolean) => {
      const { statements } = calculateIncentives(
        {
          plans: [plan({ policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate }] }, tiered)],
          assignments: everyone,
          deals: [
            {
              id: 'D',
              amount: { amount: cents(minor), currency: 'USD' },
              date: '2024-01-10',
              credits: split
                ? [
                    { payeeId: 'a', percent: 60 },
                    { payeeId: 'b', percent: 40 },
                  ]
                : [{ payeeId: 'a', percent: 100 }],
            },
          ],
        },
        january,
      );
      return statements.find((s) => s.payeeId === 'a')!.totals.payable.amount;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        rateArb,
        fc.boolean(),
        (minor, more, rate, split) => {
          expect(payable(minor + more, rate, split).gte(payable(minor, rate, split))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
