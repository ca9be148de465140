import { describe, expect, it } from 'vitest';
import { detectAnomalies, type OpenSpmError, validateDataset, WARNING_RULES } from '../../src/index';
import { deal, PIPELINE } from './fixtures';

// Three won deals this month, one of them in USD, and an open one closing this month.
const rates = [
  { from: 'USD', to: 'CNY', rate: '7', effectiveDate: '2024-05-01' },
  { from: 'USD', to: 'CNY', rate: '7.2', effectiveDate: '2024-06-01' },
];
const deals = [
  deal('W-1', [
    ['lead', 30],
    ['won', 20],
  ]),
  deal(
    'W-2',
    [
      ['lead', 30],
      ['won', 20],
    ],
    { amount: { amount: '1000.00', currency: 'USD' } },
  ),
  deal('O-1', [['lead', 30]], {
    amount: { amount: '90000.00', currency: 'CNY' },
    expectedCloseDate: '2024-06-25',
  }),
];
const data = validateDataset(
  {
    pipelines: [PIPELINE],
    deals: deals.map((d) => d.deal),
    stageChanges: deals.flatMap((d) => d.changes),
    reps: [{ id: 'rep-1', name: 'Li Wei', teamId: 't1', hireDate: '2020-01-01' }],
    teams: [{ id: 't1', name: 'East region' }],
  },
  { reportingCurrency: 'CNY', rates },
);
const only = (rule: string) =>
  Object.fromEntries(WARNING_RULES.map((r) => [r, r === rule ? {} : { enabled: false }]));
const at = { asOf: '2024-06-15T12:00:00Z', periodKind: 'month' as const };
const target = (amount: string, currency: string) => ({
  subject: 'company' as const,
  period: '2024-06',
  amount: { amount, currency },
});

const error = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as OpenSpmError;
  }
  throw new Error('expected an error');
};

describe('detectAnomalies with amounts in several currencies', () => {
  it('refuses to add amounts across currencies without a reporting currency', () => {
    const e = error(() => detectAnomalies(data, { ...at, rules: only('pace') }));
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.path).toEqual(['dataset']);
    expect(e.message).toContain('amounts are in CNY and USD');
  });

  it('converts each deal at its close-date rate, lists the conversions, and judges pace in the reporting currency', () => {
    const r = detectAnomalies(data, {
      ...at,
      reportingCurrency: 'CNY',
      rates,
      targets: [target('40000', 'CNY')],
      rules: only('pace'),
    });
    // won to date: 10000 + 1000 USD × 7.2 (closed 2024-06-10) = 17200 over 15 of 30 days → 34400 projected
    expect(r.warnings[0]!.evidence.details).toMatchObject({ wonToDate: '17200.00' });
    expect(r.warnings[0]!.evidence.value).toBe('34400.00');
    expect(r.conversions?.amounts).toHaveLength(1);
    expect(r.conversions?.amounts?.[0]).toMatchObject({ id: 'W-2', path: ['dataset', 'deals', 1, 'amount'] });
    expect(r.targetConversions).toEqual([]);
  });

  it('converts the current period’s target in another currency at the period’s first day, and says how', () => {
    const r = detectAnomalies(data, {
      ...at,
      reportingCurrency: 'CNY',
      rates,
      targets: [target('5000', 'USD'), { ...target('1', 'USD'), period: '2024-05' }],
      rules: only('pace'),
    });
    // 5000 USD × 7.2 = 36000 CNY > 34400 projected
    expect(r.warnings[0]!.evidence.threshold).toBe('36000.00');
    expect(r.targetConversions).toHaveLength(1);
    expect(r.targetConversions[0]!.conversion.text).toContain('7.2');
    expect(r.targetConversions[0]!.conversion.rate.rates[0]?.effectiveDate).toBe('2024-06-01');
  });

  it('converts the target with the given policy, as it converts the deals', () => {
    const fixed = { kind: 'fixed' as const, rates: [{ from: 'USD', to: 'CNY', rate: '7' }] };
    const r = detectAnomalies(data, {
      ...at,
      reportingCurrency: 'CNY',
      rates,
      conversion: fixed,
      targets: [target('5000', 'USD')],
      rules: only('pace'),
    });
    // 10000 + 1000 USD × 7 = 17000 won to date; the target 5000 USD × 7 = 35000
    expect(r.warnings[0]!.evidence.details).toMatchObject({ wonToDate: '17000.00' });
    expect(r.warnings[0]!.evidence.threshold).toBe('35000.00');
    expect(r.targetConversions[0]!.conversion.rate.policy).toBe('fixed');
  });

  it('names the pair, the date and the record when a rate is missing', () => {
    const late = [{ from: 'USD', to: 'CNY', rate: '7.2', effectiveDate: '2024-06-12' }];
    const e = error(() => detectAnomalies(data, { ...at, reportingCurrency: 'CNY', rates: late }));
    expect(e.code).toBe('MISSING_EXCHANGE_RATE');
    expect(e.path).toEqual(['dataset', 'deals', 1, 'amount']);
    expect(e.message).toMatch(/USD.*CNY/);
    expect(e.message).toContain('2024-06-10');
    const t = error(() =>
      detectAnomalies(data, {
        ...at,
        reportingCurrency: 'CNY',
        rates: [...rates, { from: 'EUR', to: 'CNY', rate: '8', effectiveDate: '2024-07-01' }],
        targets: [target('5000', 'EUR')],
      }),
    );
    expect(t.code).toBe('MISSING_EXCHANGE_RATE');
    expect(t.path).toEqual(['options', 'targets', 0, 'amount']);
  });

  it('rejects junk currency options with the option’s path', () => {
    const e = error(() => detectAnomalies(data, { ...at, reportingCurrency: 'yuan' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.issues[0]?.path).toEqual(['options', 'reportingCurrency']);
  });
});
