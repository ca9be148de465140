import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { PlanInput } from '../../src/index';
import { checkPlanProperties } from '../../src/testing/index';

// The kit's invariants, run against one plan of each shape: payout never decreases when a won deal is
// added, caps are never exceeded, zero sales pay only fixed components, splits conserve the credited total,
// a clawback reverses exactly what was paid.
const base = { version: 1, currency: 'CNY', effective: { from: '2024-01-01' } } as const;
const tiers = [
  { from: 0, to: '0.5', rate: '0.03' },
  { from: '0.5', to: 1, rate: '0.06' },
  { from: 1, rate: '0.09' },
];

const plans: PlanInput[] = [
  {
    ...base,
    id: 'marginal-per-deal',
    components: [
      {
        id: 'c',
        type: 'commission',
        attainmentPeriod: 'quarter',
        rates: { type: 'tiered', on: 'attainment', mode: 'marginal-per-deal', tiers },
        cap: { amount: 4000, per: 'period' },
      },
    ],
  },
  {
    ...base,
    id: 'retroactive-threshold-total-rounding',
    rounding: { mode: 'half-up', stage: 'total' },
    components: [
      {
        id: 'c',
        type: 'commission',
        attainmentPeriod: 'quarter',
        rates: { type: 'tiered', on: 'attainment', mode: 'retroactive', tiers },
        threshold: { at: '0.3' },
        cap: { amount: 20000, per: 'attainment-period' },
      },
    ],
  },
  {
    ...base,
    id: 'hybrid-on-collection-with-spif',
    draw: { amount: 500, recoverable: true, recoverFrom: 'above-draw' },
    components: [
      {
        id: 'c',
        type: 'commission',
        attainmentPeriod: 'quarter',
        rates: { type: 'tiered', on: 'attainment', mode: 'hybrid', tiers },
        eligibility: {
          on: 'schedule',
          installments: [
            { afterDays: 0, share: '0.4' },
            { afterDays: 30, share: '0.6' },
          ],
        },
      },
      { id: 'spif', type: 'spif', window: { from: '2024-02-01', to: '2024-03-01' }, perDeal: 200 },
    ],
  },
];

describe('plan invariants (fast-check)', () => {
  for (const plan of plans) {
    it(plan.id, () => {
      checkPlanProperties(fc, plan, { quota: 100000, maxDeal: 40000, numRuns: 12, seed: 7 });
    });
  }
});
