import { describe, expect, it } from 'vitest';
import { calculateIncentives, Decimal, type PlanInput } from '../../src/index';
import { isSheetError, sheetFunctions } from '../../src/sheets/index';

const { COMMISSION } = sheetFunctions;

const plan: PlanInput = {
  id: 'ae',
  version: 3,
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  payPeriod: 'month',
  components: [
    {
      id: 'commission',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.05' },
          { from: 1, rate: '0.08' },
        ],
      },
    },
  ],
};
const json = JSON.stringify(plan);
const sales = [
  ['Rep', 'Amount', 'Date', 'Deal'],
  ['Li', 80000, '2024-01-15', 'D-1'],
  ['Wang', 50000, 45323, 'D-2'], // 2024-02-01 as an Excel serial
  ['Li', 40000.5, '2024-02-28', 'D-3'],
];
const quotas = [
  ['Rep', 'Quota', 'Period'],
  ['Li', 100000, 'FY2024-Q1'],
  ['Wang', 100000, 'FY2024-Q1'],
];

describe('SPM.COMMISSION', () => {
  it('pays each rep what calculateIncentives pays, with credited sales, attainment and the plan version', () => {
    const direct = calculateIncentives(
      {
        plans: [plan],
        assignments: ['Li', 'Wang'].map((payeeId) => ({ payeeId, planId: 'ae', from: '2024-01-01' })),
        deals: [
          { id: 'D-1', amount: { amount: '80000', currency: 'CNY' }, date: '2024-01-15', payeeId: 'Li' },
          { id: 'D-2', amount: { amount: '50000', currency: 'CNY' }, date: '2024-02-01', payeeId: 'Wang' },
          { id: 'D-3', amount: { amount: '40000.50', currency: 'CNY' }, date: '2024-02-28', payeeId: 'Li' },
        ],
        quotas: quotas.slice(1).map(([payeeId, amount, period]) => ({
          payeeId: String(payeeId),
          period: String(period),
          amount: { amount: String(amount), currency: 'CNY' },
        })),
      },
      { from: '2024-01-15', to: '2024-02-29' },
    );
    const payout = (rep: string) =>
      direct.statements
        .filter((s) => s.payeeId === rep)
        .reduce((sum, s) => sum + Math.round(Number(s.totals.payable.amount) * 100), 0) / 100;
    expect(COMMISSION(json, sales, quotas)).toEqual([
      ['Rep', 'Credited', 'Attainment', 'Payout', 'Plan version'],
      ['Li', 120000.5, 1.200005, payout('Li'), 'ae v3'],
      ['Wang', 50000, 0.5, payout('Wang'), 'ae v3'],
    ]);
    expect(payout('Li')).toBe(6600.04);
  });

  it('takes the plan split over cells, quotas without a period, and sales without a header', () => {
    const cells = [
      [json.slice(0, 40), json.slice(40, 90)],
      [json.slice(90), ''],
    ];
    const noHeader = sales.slice(1).map((row) => row.slice(0, 3));
    expect(
      COMMISSION(cells, noHeader, [
        ['Li', 100000],
        ['Wang', 100000],
      ]),
    ).toEqual(COMMISSION(json, sales, quotas));
    // Without quotas a plan on attainment cannot pay: the error says which quota is missing.
    const cell = COMMISSION(json, sales)[0]?.[0];
    expect(isSheetError(cell) && cell.message).toContain('quota for FY2024-Q1 is missing');
  });

  it('pays a flat plan without quotas, and leaves attainment out', () => {
    const flat = JSON.stringify({
      ...plan,
      components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.03' } }],
    });
    expect(COMMISSION(flat, sales)).toEqual([
      ['Rep', 'Credited', 'Payout', 'Plan version'],
      ['Li', 120000.5, 3600.02, 'ae v3'],
      ['Wang', 50000, 1500, 'ae v3'],
    ]);
  });

  it('reports the bad row or the bad plan field as a spreadsheet error', () => {
    const bad = (rows: unknown[][]) =>
      COMMISSION(json, [sales[0] as unknown[], ...rows] as never, quotas)[0]![0];
    expect(bad([['Li', 'lots', '2024-01-02']])).toEqual({
      error: '#VALUE!',
      message: 'sales row 2 (amount): expected a number, got "lots"',
    });
    expect(
      bad([
        ['Li', 100, '2024-01-02'],
        ['Li', -5, '2024-01-03'],
      ]),
    ).toMatchObject({
      error: '#NUM!',
      message: expect.stringContaining('sales row 3 (amount)'),
    });
    expect(bad([['Li', 100, '2024-02-30']])).toMatchObject({
      error: '#VALUE!',
      message: expect.stringContaining('sales row 2 (date)'),
    });
    expect(bad([['', 100, '2024-01-02']])).toEqual({
      error: '#VALUE!',
      message: 'sales row 2: the rep is empty',
    });
    expect(
      bad([
        ['Li', 100, '2024-01-02', 'D-1'],
        ['Wang', 5, '2024-01-02', 'D-1'],
      ]),
    ).toMatchObject({
      message: 'sales row 3: deal "D-1" is also on sales row 2',
    });
    expect(COMMISSION('{"id": "ae"', sales)[0]![0]).toMatchObject({
      error: '#VALUE!',
      message: expect.stringContaining('plan: not valid JSON'),
    });
    const tooHigh = JSON.stringify({
      ...plan,
      components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: 5 } }],
    });
    expect(COMMISSION(tooHigh, sales)[0]![0]).toMatchObject({
      error: '#VALUE!',
      message: expect.stringContaining('plan: components[0].rates.rate'),
    });
  });

  describe('sales in other currencies', () => {
    const flatPlan = (exchange: unknown) =>
      JSON.stringify({
        ...plan,
        exchange,
        components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.03' } }],
      });
    const mixed = [
      ['Rep', 'Amount', 'Date', 'Deal', 'Currency'],
      ['Li', 80000, '2024-01-15', 'D-1', 'CNY'],
      ['Li', 1000, '2024-01-20', 'D-2', 'USD'],
      ['Wang', 2500.5, '2024-02-05', 'D-3', 'usd'],
      ['Wang', 10000, '2024-02-06', 'D-4', ''], // empty: the plan's currency
    ];
    const rates = [
      ['From', 'To', 'Rate', 'Date'],
      ['USD', 'CNY', 7.1, '2024-01-01'],
      ['USD', 'CNY', '7.2', '2024-02-01'],
    ];

    it('converts each foreign sale by the plan exchange at its date, and pays what calculateIncentives pays', () => {
      const text = flatPlan({ policy: 'transaction-date' });
      const direct = calculateIncentives(
        {
          plans: [JSON.parse(text)],
          assignments: ['Li', 'Wang'].map((payeeId) => ({ payeeId, planId: 'ae', from: '2024-01-01' })),
          deals: [
            { id: 'D-1', amount: { amount: '80000', currency: 'CNY' }, date: '2024-01-15', payeeId: 'Li' },
            { id: 'D-2', amount: { amount: '1000', currency: 'USD' }, date: '2024-01-20', payeeId: 'Li' },
            {
              id: 'D-3',
              amount: { amount: '2500.50', currency: 'USD' },
              date: '2024-02-05',
              payeeId: 'Wang',
            },
            { id: 'D-4', amount: { amount: '10000', currency: 'CNY' }, date: '2024-02-06', payeeId: 'Wang' },
          ],
        },
        {
          from: '2024-01-15',
          to: '2024-02-07',
          rates: [
            { from: 'USD', to: 'CNY', rate: '7.1', effectiveDate: '2024-01-01' },
            { from: 'USD', to: 'CNY', rate: '7.2', effectiveDate: '2024-02-01' },
          ],
        },
      );
      const payout = (rep: string) =>
        direct.statements
          .filter((s) => s.payeeId === rep)
          .reduce((sum, s) => sum.plus(s.totals.payable.amount), new Decimal(0))
          .toNumber();
      // credited in CNY: 80000 + 1000 × 7.1; 2500.50 × 7.2 + 10000
      expect(COMMISSION(text, mixed, undefined, undefined, undefined, undefined, rates)).toEqual([
        ['Rep', 'Credited', 'Payout', 'Plan version'],
        ['Li', 87100, payout('Li'), 'ae v3'],
        ['Wang', 28003.6, payout('Wang'), 'ae v3'],
      ]);
      expect(payout('Li')).toBe(2613);
    });

    it('uses a plan’s fixed rates without a rates range', () => {
      const text = flatPlan({ policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7' }] });
      expect(COMMISSION(text, mixed)).toEqual([
        ['Rep', 'Credited', 'Payout', 'Plan version'],
        ['Li', 87000, 2610, 'ae v3'],
        ['Wang', 27503.5, 825.1, 'ae v3'], // 825.105 rounded half-even, as the plan says
      ]);
    });

    it('says which row cannot be converted: no exchange on the plan, no rates, a missing rate, a bad code', () => {
      const first = (r: unknown) => (r as unknown[][])[0]![0];
      expect(first(COMMISSION(flatPlan(undefined), mixed))).toMatchObject({
        message: expect.stringMatching(/sales row 3.*USD/),
      });
      expect(first(COMMISSION(flatPlan({ policy: 'transaction-date' }), mixed))).toMatchObject({
        message: expect.stringContaining('no rate table was given'),
      });
      const late = [rates[0]!, ['USD', 'CNY', 7.2, '2024-02-01']];
      expect(
        first(
          COMMISSION(
            flatPlan({ policy: 'transaction-date' }),
            mixed,
            undefined,
            undefined,
            undefined,
            undefined,
            late,
          ),
        ),
      ).toMatchObject({ message: expect.stringMatching(/USD.*CNY.*2024-01-20|2024-01-20.*USD/) });
      const badCode = [mixed[0]!, ['Li', 5, '2024-01-15', 'D-9', 'dollars']];
      expect(first(COMMISSION(flatPlan({ policy: 'transaction-date' }), badCode))).toEqual({
        error: '#VALUE!',
        message: 'sales row 2 (currency): expected a currency code such as CNY or USD, got "dollars"',
      });
    });
  });
});
