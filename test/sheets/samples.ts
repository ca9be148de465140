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
  FUNNEL: {
    args: [
      [
        ['Deal', 'Stage', 'Created', 'Amount'],
        ['D1', 'Won', '2024-01-02', 1000],
        ['D2', 'Lost', '2024-01-03', 2000],
        ['D3', 'Proposal', '2024-01-05', 3000],
      ],
      [
        ['Deal', 'To', 'Date'],
        ['D1', 'Lead', '2024-01-02'],
        ['D1', 'Proposal', '2024-01-10'],
        ['D1', 'Won', '2024-02-01'],
        ['D2', 'Lead', '2024-01-03'],
        ['D2', 'Lost', '2024-01-20'],
        ['D3', 'Lead', '2024-01-05'],
        ['D3', 'Proposal', '2024-01-15'],
      ],
      [['Stage'], ['Lead'], ['Proposal'], ['Won'], ['Lost']],
      '2024-03-31',
    ],
    expected: [
      [
        'Stage',
        'Entered',
        'Moved on',
        'Lost',
        'Open',
        'Next-step conversion',
        'Cumulative conversion',
        'Median days',
      ],
      ['Lead', 3, 2, 1, 0, 0.6666666667, 1, 10],
      ['Proposal', 2, 1, 0, 1, 0.5, 0.6666666667, 22],
      ['Won', 1, 0, 0, 0, 'n/a (won is the end of the funnel)', 0.3333333333, ''],
    ],
  },
  KPISCORE: {
    args: [
      [
        ['Rep', 'Visits', 'Revenue'],
        ['Li', 52, 1100000],
        ['Wang', 66, 900000],
      ],
      [
        ['Visits', 'Revenue'],
        [60, 1000000],
      ],
      [
        ['KPI', 'Weight', 'Curve', 'Cap', 'Threshold', 'Stretch'],
        ['Visits', 40, 'capped', 1.2],
        ['Revenue', 60, 'piecewise', '', '80%', '150%'],
      ],
    ],
    expected: [
      ['Rep', 'Total', 'Rank', 'Visits', 'Revenue'],
      ['Li', 100.67, 1, 86.67, 110],
      ['Wang', 89, 2, 110, 75],
    ],
  },
  TARGETDECOMPOSE: {
    args: [1000, 'FY2025', 'quarter', 'seasonality', [[1], [2], [3], [4]]],
    expected: [
      ['Period', 'First day', 'Last day', 'Share', 'Target'],
      ['FY2025-Q1', '2025-01-01', '2025-03-31', 0.1, 100],
      ['FY2025-Q2', '2025-04-01', '2025-06-30', 0.2, 200],
      ['FY2025-Q3', '2025-07-01', '2025-09-30', 0.3, 300],
      ['FY2025-Q4', '2025-10-01', '2025-12-31', 0.4, 400],
    ],
  },
  WARNINGS: {
    args: [
      [
        ['Deal', 'Owner', 'Amount', 'Created', 'Stage', 'Expected close'],
        ['D1', 'li', 1000, '2024-01-02', 'Proposal', '2024-03-25'],
        ['D2', 'li', 2000, '2024-01-03', 'Lead', ''],
      ],
      [
        ['Deal', 'To', 'Date'],
        ['D1', 'Lead', '2024-01-02'],
        ['D1', 'Proposal', '2024-03-10'],
        ['D2', 'Lead', '2024-03-01'],
      ],
      [
        ['Rep', 'Type', 'Deal', 'Date'],
        ['li', 'call', 'D1', '2024-03-18'],
        ['li', 'visit', 'D2', '2024-03-19'],
      ],
      '2024-03-20',
      [
        ['Stage', 'Kind', 'SLA days'],
        ['Lead', 'open', 7],
        ['Proposal', 'open', 14],
        ['Won', 'won', ''],
        ['Lost', 'lost', ''],
      ],
    ],
    expected: [
      ['Code', 'Severity', 'Subject', 'Message', 'Action'],
      [
        'STALLED_IN_STAGE',
        'warning',
        'deal D2',
        'Deal D2 has been in "Lead" for 19 days, above the threshold of 7 days (the stage\'s slaDays)',
        'Agree a concrete next step with the customer, or close the deal as lost',
      ],
    ],
  },
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
  FXCONVERT: {
    args: [
      [['Amount'], [1234.56], [100]],
      [['Currency'], ['USD'], ['CNY']],
      'CNY',
      [
        ['From', 'To', 'Rate', 'Date'],
        ['USD', 'CNY', '7.1034', '2024-03-01'],
        ['USD', 'CNY', '7.2001', '2024-04-01'],
      ],
      [['Close date'], ['2024-03-29'], ['2024-03-29']],
    ],
    expected: [['Amount (CNY)'], [8769.57], [100]],
  },
  SCOPE: {
    args: [
      'wang',
      [
        ['Id', 'Team', 'Role'],
        ['wang', 'apac', 'manager'],
        ['li', 'shanghai', 'rep'],
        ['tan', 'singapore', 'rep'],
      ],
      [
        ['Id', 'Parent', 'Manager'],
        ['apac', '', 'wang'],
        ['shanghai', 'apac', ''],
        ['singapore', 'apac', ''],
      ],
      '2024-07-01',
    ],
    expected: [['Person'], ['li'], ['tan'], ['wang']],
  },
};
