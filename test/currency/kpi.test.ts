import { describe, expect, it } from 'vitest';
import { parsePeriodKey, scoreKpis, validateDataset } from '../../src/index';

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
