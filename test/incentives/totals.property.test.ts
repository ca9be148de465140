import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculateIncentives, calculatePayoutTotals, Decimal, type PlanInput } from '../../src/index';

// An all-Decimal reference: every line summed as a Decimal, the marginal tiers written out by hand.
function reference(
  lines: { payee: number; cents: number }[],
  payees: number,
  quotas: number[],
  csat: number[],
  bounds: number[],
  rates: string[],
  cap: string,
): string[] {
  const totals = Array.from({ length: payees }, () => new Decimal(0));
  for (const l of lines) totals[l.payee] = totals[l.payee]!.plus(new Decimal(l.cents).dividedBy(100));
  return totals.map((x, p) => {
    const q = new Decimal(quotas[p]!).dividedBy(100);
    let earned = new Decimal(0);
    for (let i = 0; i < rates.length; i++) {
      const lo = q.times(bounds[i]!);
      const hi = i + 1 < bounds.length ? q.times(bounds[i + 1]!) : null;
      const top = hi === null ? x : Decimal.min(x, hi);
      if (top.gt(lo)) earned = earned.plus(top.minus(lo).times(rates[i]!));
    }
    const gated = earned.times(csat[p]! >= 80 ? 1 : '0.5');
    const capped = Decimal.min(gated, cap);
    return capped.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
  });
}

const arbCase = fc.record({
  payees: fc.integer({ min: 1, max: 5 }),
  lines: fc.array(
    fc.record({ payee: fc.integer({ min: 0, max: 4 }), cents: fc.integer({ min: 0, max: 5_000_000 }) }),
    {
      maxLength: 30,
    },
  ),
  quotas: fc.array(fc.integer({ min: 1, max: 20_000_000 }), { minLength: 5, maxLength: 5 }),
  csat: fc.array(fc.integer({ min: 50, max: 100 }), { minLength: 5, maxLength: 5 }),
  rates: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 5, maxLength: 5 }),
  cap: fc.integer({ min: 0, max: 3_000_000 }),
  mode: fc.constantFrom('half-even', 'half-up', 'half-down', 'down', 'up', 'floor', 'ceiling'),
  schedule: fc.constantFrom('marginal', 'retroactive'),
  threshold: fc.constantFrom(null, '0.3', '0.75'),
  upper: fc.boolean(),
});

const BOUNDS = [0, 0.5, 0.8, 1, 1.2];

function planOf(
  rates: string[],
  cap: string,
  mode: string,
  schedule: 'marginal' | 'retroactive' = 'marginal',
  threshold: string | null = null,
  upper = false,
): PlanInput {
  return {
    id: 'bench',
    version: 1,
    currency: 'CNY',
    effective: { from: '2024-01-01' },
    rounding: { mode: mode as 'half-even', stage: 'total' },
    boundary: upper ? 'upper' : 'lower',
    metrics: [{ id: 'csat' }],
    components: [
      {
        id: 'commission',
        type: 'commission',
        rates: {
          type: 'tiered',
          on: 'attainment',
          mode: schedule,
          tiers: BOUNDS.map((b, i) => ({
            from: b,
            ...(i + 1 < BOUNDS.length ? { to: BOUNDS[i + 1] } : {}),
            rate: rates[i]!,
          })),
        },
        ...(threshold ? { threshold: { at: threshold, retroactive: schedule === 'marginal' } } : {}),
        modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
        cap: { amount: cap, per: 'period' },
      },
    ],
  };
}

describe('calculatePayoutTotals (integer minor units) equals an all-Decimal reference and calculateIncentives', () => {
  it('5-tier marginal or retroactive plan, threshold, gate and cap, any rounding mode, rounded once per total', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const lines = c.lines.filter((l) => l.payee < c.payees);
        const rates = c.rates.map((r) => new Decimal(r).dividedBy(10000).toString());
        const cap = new Decimal(c.cap).dividedBy(100).toString();
        const plan = planOf(rates, cap, c.mode, c.schedule as 'marginal', c.threshold, c.upper);
        const ids = Array.from({ length: c.payees }, (_, i) => `p${i}`);
        const totals = calculatePayoutTotals({
          plan,
          payees: ids,
          payee: lines.map((l) => l.payee),
          amountMinor: lines.map((l) => l.cents),
          quotaMinor: c.quotas.slice(0, c.payees),
          metrics: { csat: c.csat.slice(0, c.payees) },
        });
        const fast = totals.payees.map((p) => p.payout.amount.toFixed(2));
        if (c.mode === 'half-even' && c.schedule === 'marginal' && c.threshold === null) {
          expect(fast).toEqual(reference(lines, c.payees, c.quotas, c.csat, BOUNDS, rates, cap));
        }
        const full = calculateIncentives(
          {
            plans: [plan],
            assignments: ids.map((id) => ({ payeeId: id, planId: 'bench', from: '2024-01-01' })),
            deals: lines.map((l, i) => ({
              id: `D${i}`,
              amount: { amount: new Decimal(l.cents).dividedBy(100).toFixed(2), currency: 'CNY' },
              date: '2024-01-15',
              payeeId: `p${l.payee}`,
            })),
            quotas: ids.map((id, p) => ({
              payeeId: id,
              period: '2024-01',
              amount: { amount: new Decimal(c.quotas[p]!).dividedBy(100).toFixed(2), currency: 'CNY' },
            })),
            metrics: ids.map((id, p) => ({
              payeeId: id,
              period: '2024-01',
              metric: 'csat',
              value: c.csat[p]!,
            })),
          },
          { from: '2024-01-01', to: '2024-02-01' },
        );
        expect(full.statements.map((s) => s.totals.payable.amount.toFixed(2))).toEqual(fast);
      }),
      {
        numRuns: 60,
        // Found by fast-check: a cap split over three lines must still sum to the cap exactly ('down' rounding).
        examples: [
          [
            {
              payees: 1,
              lines: [
                { payee: 0, cents: 2147712 },
                { payee: 0, cents: 822312 },
                { payee: 0, cents: 1463002 },
              ],
              quotas: [8866052, 1, 1, 1, 1],
              csat: [50, 50, 50, 50, 50],
              rates: [1, 0, 0, 0, 0],
              cap: 7,
              mode: 'down',
              schedule: 'marginal',
              threshold: null,
              upper: false,
            },
          ],
        ],
      },
    );
  });

  it('rejects plans the volume path cannot compute exactly, and bad lines', () => {
    const plan = planOf(['0.01', '0.02', '0.03', '0.04', '0.05'], '100', 'half-even');
    expect(() =>
      calculatePayoutTotals({
        plan: { ...plan, rounding: { stage: 'line' } },
        payees: ['a'],
        payee: [0],
        amountMinor: [1],
      }),
    ).toThrow(/per "total"/);
    expect(() =>
      calculatePayoutTotals({
        plan,
        payees: ['a'],
        payee: [3],
        amountMinor: [1],
        quotaMinor: [1],
        metrics: { csat: [90] },
      }),
    ).toThrow(/not an index/);
    expect(() =>
      calculatePayoutTotals({
        plan,
        payees: ['a'],
        payee: [0],
        amountMinor: [1.5],
        quotaMinor: [1],
        metrics: { csat: [90] },
      }),
    ).toThrow(/whole number of minor units/);
    expect(() =>
      calculatePayoutTotals({ plan, payees: ['a'], payee: [0], amountMinor: [100], quotaMinor: [100] }),
    ).toThrow(/needs metric "csat"/);
  });
});
