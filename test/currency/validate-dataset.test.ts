import { describe, expect, it } from 'vitest';
import { type OpenSpmError, rateTable, validateDataset } from '../../src/index';

const pipeline = { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] };
const deal = (id: string, amount: string, currency: string) => ({
  id,
  pipelineId: 'p',
  ownerId: 'r',
  amount: { amount, currency },
  createdAt: '2024-01-01',
  stageId: 'lead',
});
const input = {
  pipelines: [pipeline],
  deals: [deal('d1', '100', 'CNY'), deal('d2', '20', 'USD')],
  payments: [{ id: 'pay', dealId: 'd2', amount: { amount: '10', currency: 'USD' }, at: '2024-02-01' }],
};
const rates = [{ from: 'USD', to: 'CNY', rate: '7.1', effectiveDate: '2024-01-01' }];

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    return (e as OpenSpmError).issues.map((i) => `${i.code} ${i.message}`);
  }
  return [];
}

describe('validateDataset with a reporting currency', () => {
  it('still refuses mixed currencies without one', () => {
    expect(issuesOf(() => validateDataset(input))[0]).toMatch(/^CURRENCY_MISMATCH deals\[1\]/);
  });

  it('accepts amounts with a rate to or from the reporting currency', () => {
    const data = validateDataset(input, { reportingCurrency: 'CNY', rates });
    expect(data.deals.map((d) => d.amount.toString())).toEqual(['100.00 CNY', '20.00 USD']);
    expect(data.currency).toBeUndefined();
    const inverse = validateDataset(input, { reportingCurrency: 'USD', rates: rateTable(rates) });
    expect(inverse.deals).toHaveLength(2);
    const single = validateDataset(
      { pipelines: [pipeline], deals: [deal('d1', '1', 'USD')] },
      {
        reportingCurrency: 'CNY',
        rates,
      },
    );
    expect(single.currency).toBe('USD');
  });

  it('names the currency without a rate', () => {
    const issues = issuesOf(() =>
      validateDataset(
        { ...input, deals: [...input.deals, deal('d3', '5', 'EUR')] },
        { reportingCurrency: 'CNY', rates },
      ),
    );
    expect(issues).toEqual([
      'MISSING_EXCHANGE_RATE deals[2].amount.currency: deal "d3" is in EUR, and no EUR→CNY (or CNY→EUR) exchange rate was given; add one to rates',
    ]);
  });

  it('keeps a payment in its deal’s currency', () => {
    const payments = [
      { id: 'pay', dealId: 'd2', amount: { amount: '10', currency: 'CNY' }, at: '2024-02-01' },
    ];
    expect(
      issuesOf(() => validateDataset({ ...input, payments }, { reportingCurrency: 'CNY', rates }))[0],
    ).toMatch(/^CURRENCY_MISMATCH payments\[0\]/);
  });
});
