import { describe, expect, it } from 'vitest';
import { targetVariance } from '../../src/index';

const rates = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2025-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.20', effectiveDate: '2025-01-15' },
];
const input = {
  targets: [{ repId: 'u1', period: '2025-01', amount: { amount: '100000', currency: 'CNY' } }],
  achievements: [
    { date: '2025-01-10', amount: { amount: '70000', currency: 'CNY' }, repId: 'u1' },
    { date: '2025-01-20', amount: { amount: '2500', currency: 'USD' }, repId: 'u1' },
  ],
};

describe('target attainment in a reporting currency', () => {
  it('stays an error without one', () => {
    expect(() => targetVariance(input)).toThrow(/USD/);
  });

  it('converts achievements at their date', () => {
    const r = targetVariance(input, { reportingCurrency: 'CNY', rates });
    // 70000 + 2500 × 7.20 = 88000
    expect(r.rows[0]!.attainment).toBe('0.8800');
    expect(r.credits.map((c) => c.amount.toString())).toEqual(['70000.00 CNY', '18000.00 CNY']);
  });

  it('uses fixed plan rates and names a missing rate', () => {
    const fixed = targetVariance(input, {
      reportingCurrency: 'CNY',
      conversion: { kind: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '8' }] },
    });
    expect(fixed.rows[0]!.attainment).toBe('0.9000');
    expect(() => targetVariance(input, { reportingCurrency: 'CNY', rates: [] })).toThrow(
      /achievements\.1\.amount: no USD→CNY exchange rate effective on or before 2025-01-20/,
    );
  });
});
