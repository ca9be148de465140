// One typical call of every sheet function with its expected result: the bundle, Apps Script and browser
// tests call each of them. A test fails when a registered function has no sample here.
import type { SheetArg, SheetFunctionName, SheetResult } from '../../src/sheets/index';

export const SAMPLES: Record<SheetFunctionName, { args: SheetArg[]; expected: SheetResult }> = {
  TARGETSPLIT: { args: [100, [[1], [1], [1]]], expected: [[33.34], [33.33], [33.33]] },
  TARGETCALENDAR: {
    args: [12000000, '2024-01-01', '2024-12-31', 'quarter', [['2024-10-01'], ['2024-10-02']]],
    expected: [
      ['Period', 'First day', 'Last day', 'Working days', 'Target'],
      ['FY2024-Q1', '2024-01-01', '2024-03-31', 65, 3000000],
      ['FY2024-Q2', '2024-04-01', '2024-06-30', 65, 3000000],
      ['FY2024-Q3', '2024-07-01', '2024-09-30', 66, 3046153.85],
      ['FY2024-Q4', '2024-10-01', '2024-12-31', 64, 2953846.15],
    ],
  },
  TIEREDCOMMISSION: {
    args: [
      [[150000], [50000]],
      [
        ['From', 'Rate'],
        [0, 0.03],
        [100000, 0.05],
      ],
    ],
    expected: [[5500], [1500]],
  },
  WORKINGDAYS: { args: ['2024-10-01', '2024-10-31', [['2024-10-01'], ['2024-10-02']]], expected: [[21]] },
  ADDWORKINGDAYS: {
    args: [[['2024-09-27'], ['2024-03-15']], 2, [['2024-10-01']], [['2024-09-29']]],
    expected: [['2024-09-30'], ['2024-03-19']],
  },
  PERIODKEY: {
    args: [[['2024-05-20'], ['2024-03-15']], 'quarter', 4],
    expected: [['FY2024-Q1'], ['FY2023-Q4']],
  },
  ISODATE: { args: [[['2024-03-15']]], expected: [['2024-03-15']] },
  COMMISSION: {
    args: [
      JSON.stringify({
        id: 'ae',
        version: 2,
        currency: 'CNY',
        effective: { from: '2024-01-01' },
        payPeriod: 'quarter',
        components: [
          {
            id: 'commission',
            type: 'commission',
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
      }),
      [
        ['Rep', 'Amount', 'Date', 'Deal'],
        ['Li', 80000, '2024-01-15', 'D-1'],
        ['Wang', 50000, '2024-02-01', 'D-2'],
        ['Li', 40000, '2024-02-28', 'D-3'],
      ],
      [
        ['Rep', 'Quota'],
        ['Li', 100000],
        ['Wang', 100000],
      ],
    ],
    expected: [
      ['Rep', 'Credited', 'Attainment', 'Payout', 'Plan version'],
      ['Li', 120000, 1.2, 6600, 'ae v2'],
      ['Wang', 50000, 0.5, 2500, 'ae v2'],
    ],
  },
};
