import { describe, expect, it } from 'vitest';
import { OpenSpmError, stageConversion } from '../../src/index';

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
