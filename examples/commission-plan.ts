// A complete commission plan as data, run over a quarter of deals, with every statement printed.
// "Reward for reaching target, more for exceeding it", paid monthly, gated by customer satisfaction.
import { calculateIncentives, formatStatement, type PlanInput, validatePlan } from 'openspm';

/** The account-executive plan, version 2, as a sales-ops team would keep it in JSON. */
export const aePlan: PlanInput = {
  id: 'ae-2024',
  version: 2,
  name: 'Account executives 2024',
  currency: 'CNY',
  effective: { from: '2024-01-01', to: '2025-01-01' },
  payPeriod: 'month',
  rounding: { mode: 'half-even', stage: 'line' },
  boundary: 'lower',
  metrics: [{ id: 'csat', name: 'Customer satisfaction (0–100)' }],
  draw: { amount: 3000, recoverable: true, recoverFrom: 'all' },
  components: [
    {
      id: 'commission',
      name: 'Commission on collected deals',
      type: 'commission',
      attainmentPeriod: 'quarter', // monthly pay at quarter-to-date attainment
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.05' },
          { from: 1, to: '1.5', rate: '0.08' },
          { from: '1.5', rate: '0.12' },
        ],
      },
      threshold: { on: 'attainment', at: '0.3', retroactive: true },
      modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
      cap: { amount: 50000, per: 'period' },
      eligibility: { on: 'collection' },
      clawback: { mode: 'full', windowDays: 180, reduceAttainment: false },
    },
    {
      id: 'target-bonus',
      name: 'Target bonus (达标奖) and steps (超标奖)',
      type: 'bonus',
      attainmentPeriod: 'quarter',
      target: 1,
      amount: 5000,
      steps: { every: '0.1', amount: 1000, max: 5 },
    },
    {
      id: 'suite-spif',
      name: 'Enterprise Suite SPIF',
      type: 'spif',
      products: ['Enterprise Suite'],
      window: { from: '2024-02-01', to: '2024-04-01' },
      perDeal: 2000,
    },
  ],
};

const CNY = (amount: string) => ({ amount, currency: 'CNY' });

export function main(): void {
  const plan = validatePlan(aePlan); // throws INVALID_PLAN naming component and field if the JSON is wrong
  const result = calculateIncentives(
    {
      plans: [plan],
      assignments: [
        { payeeId: 'li', planId: 'ae-2024', from: '2024-01-01' },
        { payeeId: 'zhang', planId: 'ae-2024', from: '2024-02-16' }, // joins mid-February: prorated
      ],
      payees: [
        { id: 'li', name: 'Li Wei' },
        { id: 'zhang', name: 'Zhang Min', start: '2024-02-16' },
      ],
      quotas: [
        { payeeId: 'li', period: 'FY2024-Q1', amount: CNY('300000.00') },
        { payeeId: 'zhang', period: 'FY2024-Q1', amount: CNY('150000.00') },
      ],
      metrics: ['2024-01', '2024-02', '2024-03'].flatMap((period) => [
        { payeeId: 'li', period, metric: 'csat', value: period === '2024-02' ? 72 : 91 },
        { payeeId: 'zhang', period, metric: 'csat', value: 88 },
      ]),
      deals: [
        {
          id: 'D-101',
          amount: CNY('120000.00'),
          date: '2024-01-18',
          product: 'CRM Professional',
          payeeId: 'li',
        },
        {
          id: 'D-102',
          amount: CNY('180000.00'),
          date: '2024-02-19',
          product: 'Enterprise Suite',
          credits: [
            { payeeId: 'li', percent: 60 },
            { payeeId: 'zhang', percent: 40 },
          ],
        },
        {
          id: 'D-103',
          amount: CNY('96000.00'),
          date: '2024-03-12',
          product: 'CRM Professional',
          payeeId: 'li',
        },
        {
          id: 'D-104',
          amount: CNY('36000.00'),
          date: '2024-03-20',
          product: 'Analytics Add-on',
          payeeId: 'zhang',
        },
      ],
      payments: [
        { id: 'P-1', dealId: 'D-101', amount: CNY('60000.00'), date: '2024-01-30' },
        { id: 'P-2', dealId: 'D-101', amount: CNY('60000.00'), date: '2024-02-28' },
        { id: 'P-3', dealId: 'D-102', amount: CNY('180000.00'), date: '2024-02-20' },
        { id: 'P-4', dealId: 'D-103', amount: CNY('48000.00'), date: '2024-03-29' },
        { id: 'P-5', dealId: 'D-104', amount: CNY('36000.00'), date: '2024-03-25' },
      ],
      cancellations: [{ dealId: 'D-104', date: '2024-03-28' }],
    },
    { from: '2024-01-01', to: '2024-04-01' },
  );

  console.log(
    `Plan ${plan.id} v${plan.version}: ${result.credits.length} credits, ${result.statements.length} statements\n`,
  );
  for (const statement of result.statements) console.log(`${formatStatement(statement)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
