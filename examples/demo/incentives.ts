import {
  calculateIncentives,
  type Dataset,
  type FiscalCalendar,
  formatStatement,
  Money,
  type PlanInput,
  toCalendarDate,
} from 'openspm';
import { grouped, printTable } from './table';

/** The demo team's plan (also stored for the period close): monthly pay at quarter-to-date attainment, paid on collection, gated by satisfaction. */
export const demoPlan: PlanInput = {
  id: 'sales-2024',
  version: 1,
  name: 'Sales team 2024',
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  metrics: [{ id: 'csat', name: 'Customer satisfaction' }],
  components: [
    {
      id: 'commission',
      name: 'Commission',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: '0.5', rate: '0.03' },
          { from: '0.5', to: 1, rate: '0.05' },
          { from: 1, rate: '0.08' },
        ],
      },
      modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
      cap: { amount: 30000, per: 'period' },
      eligibility: { on: 'collection' },
    },
    { id: 'target-bonus', name: 'Target bonus', type: 'bonus', attainmentPeriod: 'quarter', amount: 3000 },
  ],
};

/** Statements for every rep of the sample team in a quarter; one printed in full. */
export function printIncentiveStatements(
  data: Dataset,
  calendar: FiscalCalendar,
  quarter: 1 | 2 | 3 | 4,
): void {
  const currency = data.currency ?? 'CNY';
  const reps = data.reps.filter((r) => r.role === 'rep');
  const day = (d: Date) => toCalendarDate(d, calendar.zone);
  const months = [1, 2, 3].map((m) => `2024-${String((quarter - 1) * 3 + m).padStart(2, '0')}`);
  // Quota: 120,000 a quarter per rep; satisfaction from the CRM's survey (here: a fixed spread across reps).
  const result = calculateIncentives(
    {
      plans: [demoPlan],
      assignments: reps.map((r) => ({ payeeId: r.id, planId: demoPlan.id, from: '2024-01-01' })),
      payees: reps.map((r) => ({ id: r.id, name: r.name })),
      deals: data.deals
        .filter((d) => d.stageId === 'won' && d.closedAt)
        .map((d) => ({
          id: d.id,
          amount: d.amount,
          date: day(d.closedAt!),
          payeeId: d.ownerId,
          ...(d.product ? { product: d.product } : {}),
        })),
      payments: data.payments.map((p) => ({ id: p.id, dealId: p.dealId, amount: p.amount, date: day(p.at) })),
      quotas: reps.flatMap((r) =>
        [1, 2, 3, 4].map((q) => ({
          payeeId: r.id,
          period: `FY2024-Q${q}`,
          amount: Money.of('120000', currency),
        })),
      ),
      metrics: reps.flatMap((r, i) =>
        Array.from({ length: 12 }, (_, m) => ({
          payeeId: r.id,
          period: `2024-${String(m + 1).padStart(2, '0')}`,
          metric: 'csat',
          value: 70 + ((i * 7 + m * 3) % 30),
        })),
      ),
    },
    {
      from: `2024-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`,
      to: quarter === 4 ? '2025-01-01' : `2024-${String(quarter * 3 + 1).padStart(2, '0')}-01`,
    },
  );
  const rows = reps.map((r) => {
    const mine = result.statements.filter((s) => s.payeeId === r.id);
    const total = Money.sum(
      mine.map((s) => s.totals.payable),
      currency,
    );
    const last = mine[mine.length - 1];
    const att = last?.attainment.find((a) => a.componentId === 'commission')?.attainment;
    return [
      r.name,
      ...months.map((m) =>
        grouped(mine.find((s) => s.period.key === m)?.totals.payable ?? Money.zero(currency)),
      ),
      att === null || att === undefined ? 'n/a' : `${(Number(att) * 100).toFixed(1)}%`,
      grouped(total),
    ];
  });
  printTable(
    `Incentive statements FY2024-Q${quarter}: plan ${demoPlan.id} v${demoPlan.version}, monthly pay at quarter-to-date attainment, paid on collection`,
    ['rep', ...months.map((m) => `${m} ${currency}`), 'Q attainment', `total ${currency}`],
    rows,
  );
  const top = [...result.statements].sort(
    (a, b) => b.totals.payable.compare(a.totals.payable) || (a.payeeId < b.payeeId ? -1 : 1),
  )[0];
  if (top) console.log(`\nThe largest statement of the quarter, in full:\n${formatStatement(top)}`);
}
