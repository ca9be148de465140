import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money';
import {
  callSheetFunction,
  isSheetError,
  type SheetCell,
  type SheetValue,
  sheetFunctions,
} from '../../src/sheets/index';

const { FUNNEL, KPISCORE, TARGETDECOMPOSE, WARNINGS } = sheetFunctions;

const STAGES = [['Stage'], ['Lead'], ['Proposal'], ['Won'], ['Lost']];
const DEALS = [
  ['Deal', 'Owner', 'Amount', 'Created', 'Stage', 'Closed'],
  ['D1', 'li', 1000, '2024-01-02', 'Won', '2024-02-01'],
  ['D2', 'li', 2000, '2024-01-03', 'Lost', '2024-01-20'],
  ['D3', 'wang', 3000, '2024-01-05', 'Proposal', ''],
];
const CHANGES = [
  ['Deal', 'To', 'Date'],
  ['D1', 'Lead', '2024-01-02'],
  ['D1', 'Proposal', '2024-01-10'],
  ['D1', 'Won', '2024-02-01'],
  ['D2', 'Lead', '2024-01-03'],
  ['D2', 'Lost', '2024-01-20'],
  ['D3', 'Lead', '2024-01-05'],
  ['D3', 'Proposal', '2024-01-15'],
];

const errorOf = (cell: SheetValue | undefined) => (isSheetError(cell) ? cell : undefined);

describe('SPM.FUNNEL', () => {
  it('counts entered, moved on, lost and open per stage, with conversions and median days', () => {
    const result = FUNNEL(DEALS, CHANGES, STAGES, '2024-03-31');
    expect(result.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['Lead', 3, 2, 1, 0],
      ['Proposal', 2, 1, 0, 1],
      ['Won', 1, 0, 0, 0],
    ]);
    // Every open row: entered = moved on + lost + open.
    for (const row of result.slice(1, 3))
      expect(row[1]).toBe((row[2] as number) + (row[3] as number) + (row[4] as number));
  });

  it('reads Excel serials and keeps a serial’s time of day, so two moves on one day keep their order', () => {
    // 45296 = 2024-01-05 in Excel's 1900 system; .25 and .5 are 06:00 and 12:00.
    const changes = [
      ['Deal', 'To', 'Date'],
      ['D3', 'Proposal', 45296.5],
      ['D3', 'Lead', 45296.25],
    ];
    const deals = [DEALS[0]!, DEALS[3]!];
    const result = FUNNEL(deals, changes, STAGES, 45382);
    expect(result[1]!.slice(0, 5)).toEqual(['Lead', 1, 1, 0, 0]);
    expect(result[1]![7]).toBe(0);
  });

  it('works from stage changes alone (deals a header row only) and honours the skipped-stage policy', () => {
    const changes = [
      ['Deal', 'To', 'Date'],
      ['A', 'Lead', '2024-01-01'],
      ['A', 'Won', '2024-01-05'],
    ];
    const impute = FUNNEL([DEALS[0]!], changes, STAGES, '2024-03-31');
    expect(impute[2]!.slice(0, 5)).toEqual(['Proposal', 1, 1, 0, 0]);
    const strict = FUNNEL([DEALS[0]!], changes, STAGES, '2024-03-31', 'strict');
    expect(strict[2]!.slice(0, 2)).toEqual(['Proposal', 0]);
    expect(strict[2]![5]).toMatch(/^n\/a/);
  });

  it('reports a bad row as that row and computes the others', () => {
    const deals = [...DEALS, ['D4', 'wang', 'abc', '2024-01-05', 'Lead', '']];
    const changes = [
      ...CHANGES,
      ['D4', 'Lead', '2024-01-05'],
      ['D9', 'Lead', '2024-01-06'],
      ['D3', 'Nope', '2024-01-07'],
    ];
    const result = FUNNEL(deals, changes, STAGES, '2024-03-31');
    expect(result[1]!.slice(0, 2)).toEqual(['Lead', 3]);
    const errors = result.slice(4).map((r) => errorOf(r[0]));
    expect(errors.map((e) => e?.message)).toEqual([
      'deals row 5 (amount): expected a number, got "abc"',
      'stageChanges row 10: deal "D9" is not in deals',
      'stageChanges row 11 (to): stage "Nope" is not in stages (Lead, Proposal, Won, Lost)',
    ]);
  });

  it('keeps the deals that entered the first stage from … to (a cohort)', () => {
    const result = FUNNEL(DEALS, CHANGES, STAGES, '2024-03-31', '', '2024-01-03', '2024-01-31');
    expect(result[1]!.slice(0, 5)).toEqual(['Lead', 2, 1, 1, 0]);
    expect(FUNNEL(DEALS, CHANGES, STAGES, '2024-03-31', '', '2024-02-01', '2024-01-01')[0]![0]).toMatchObject(
      {
        error: '#NUM!',
      },
    );
  });

  it('always balances entered = moved on + lost + open, whatever the history (property)', () => {
    const stage = fc.constantFrom('Lead', 'Proposal', 'Won', 'Lost');
    const change = fc.tuple(fc.integer({ min: 1, max: 8 }), stage, fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 30 }),
        fc.constantFrom('impute', 'progression'),
        (moves, policy) => {
          const changes = [
            ['Deal', 'To', 'Date'],
            ...moves.map(([d, s, day]) => [`D${d}`, s, 45292 + day]), // 2024-01-01 + day, as Excel serials
          ];
          const result = FUNNEL([['Deal', 'Stage', 'Created']], changes, STAGES, '2024-03-31', policy);
          expect(result[0]![0]).toBe('Stage');
          for (const row of result.slice(1)) {
            expect(row.some((c) => isSheetError(c))).toBe(false);
            if (row[0] !== 'Won') {
              expect(row[1]).toBe((row[2] as number) + (row[3] as number) + (row[4] as number));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads stages with Id and Name columns (Won/Lost by name) and matches either; a deal Name column is not its stage', () => {
    const stages = [
      ['Id', 'Name'],
      ['s1', 'Lead'],
      ['s2', 'Proposal'],
      ['s3', 'Closed Won'],
      ['s4', 'Closed Lost'],
    ];
    const deals = [
      ['Deal', 'Name', 'Stage', 'Created'],
      ['D1', 'Big one', 's3', '2024-01-02'],
    ];
    const changes = [
      ['Deal', 'To', 'Date'],
      ['D1', 'Lead', '2024-01-02'],
      ['D1', 's2', '2024-01-05'],
      ['D1', 'closed won', '2024-01-09'],
    ];
    expect(FUNNEL(deals, changes, stages, '2024-03-31').map((r) => r.slice(0, 5))).toEqual([
      ['Stage', 'Entered', 'Moved on', 'Lost', 'Open'],
      ['Lead', 1, 1, 0, 0],
      ['Proposal', 1, 1, 0, 0],
      ['Closed Won', 1, 0, 0, 0],
    ]);
  });

  it('names a missing column with #N/A and an unknown policy with #VALUE!', () => {
    expect(
      FUNNEL(
        DEALS,
        [
          ['Deal', 'When'],
          ['D1', '2024-01-01'],
        ],
        STAGES,
        '2024-03-31',
      )[0]![0],
    ).toMatchObject({
      error: '#N/A',
      message: expect.stringMatching(/^stageChanges: needs a To \(stage\) column/),
    });
    expect(FUNNEL(DEALS, CHANGES, STAGES, '2024-03-31', 'sometimes')[0]![0]).toMatchObject({
      error: '#VALUE!',
    });
  });
});

describe('SPM.KPISCORE', () => {
  const values = [
    ['Rep', 'Visits', 'Follow-ups', 'Revenue', 'Collection rate', 'CSAT'],
    ['rep-1', 52, 130, 1100000, 93, 4.3],
  ];
  const targets = [
    ['Visits', 'Follow-ups', 'Revenue', 'Collection rate', 'CSAT'],
    [60, 120, 1000000, 95, 4.5],
  ];

  it('reproduces the kpi guide’s worked example (capped at 120 %: total 101.75)', () => {
    const weights = [
      ['KPI', 'Weight', 'Curve', 'Cap'],
      ['Visits', '15%', 'capped', '120%'],
      ['Follow-ups', '10%', 'capped', '120%'],
      ['Revenue', '40%', 'capped', '120%'],
      ['Collection rate', '20%', 'capped', '120%'],
      ['CSAT', '15%', 'capped', '120%'],
    ];
    expect(KPISCORE(values, targets, weights)).toEqual([
      ['Rep', 'Total', 'Rank', 'Visits', 'Follow-ups', 'Revenue', 'Collection rate', 'CSAT'],
      ['rep-1', 101.75, 1, 86.67, 108.33, 110, 97.89, 95.56],
    ]);
    expect(KPISCORE(values, targets, weights, 6)[1]![1]).toBe(101.745614);
  });

  it('scores threshold / target / stretch, lower-is-better, per-rep targets and a missing value', () => {
    const v = [
      ['Rep', 'Revenue', 'Complaints'],
      ['Li', 950000, 4],
      ['Wang', 700000, ''],
    ];
    const t = [
      ['Rep', 'Revenue', 'Complaints'],
      ['Li', 1000000, 5],
      ['Wang', 800000, 5],
    ];
    const w = [
      ['KPI', 'Weight', 'Direction', 'Curve', 'Threshold', 'Stretch'],
      ['Revenue', 70, 'higher', 'piecewise', 0.9, 1.2],
      ['Complaints', 30, 'lower', 'ratio', '', ''],
    ];
    expect(KPISCORE(v, t, w)).toEqual([
      ['Rep', 'Total', 'Rank', 'Revenue', 'Complaints'],
      // 95 % between threshold 90 (50) and target 100 (100): 75; complaints 5/4 = 125; 0.7×75 + 0.3×125.
      ['Li', 90, 1, 75, 125],
      // 87.5 % is below the threshold: 0; complaints missing, its weight re-normalised away.
      ['Wang', 0, 2, 0, 'n/a (no value)'],
    ]);
  });

  it('a total is the weighted mean of the KPI scores: between the lowest and the highest (property)', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 10000 }));
    fc.assert(
      fc.property(
        fc.tuple(pair, pair, pair),
        fc.constantFrom('ratio', 'capped', 'piecewise'),
        ([a, b, c], curve) => {
          const w = [
            ['KPI', 'Weight', 'Curve', 'Threshold', 'Stretch'],
            ['A', 20, curve, '80%', '120%'],
            ['B', 30, curve, '80%', '120%'],
            ['C', 50, curve, '80%', '120%'],
          ];
          const result = KPISCORE(
            [
              ['Rep', 'A', 'B', 'C'],
              ['x', a[0], b[0], c[0]],
            ],
            [
              ['A', 'B', 'C'],
              [a[1], b[1], c[1]],
            ],
            w,
            6,
          );
          const [, total, rank, ...scores] = result[1]!;
          expect(rank).toBe(1);
          const nums = scores as number[];
          expect(total as number).toBeGreaterThanOrEqual(Math.min(...nums) - 1e-6);
          expect(total as number).toBeLessThanOrEqual(Math.max(...nums) + 1e-6);
          if (curve === 'capped') expect(Math.max(...nums)).toBeLessThanOrEqual(120);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses weights that do not total 100 and reports a bad row as that rep’s row', () => {
    expect(KPISCORE(values, targets, [[15, 10, 40, 20, 5]])[0]![0]).toMatchObject({
      error: '#NUM!',
      message: expect.stringMatching(/^weights: the weights total 90, not 100/),
    });
    const bad = [...values, ['rep-2', 'many', 100, 900000, 90, 4.6]];
    const result = KPISCORE(bad, targets, [[15, 10, 40, 20, 15]]);
    expect(result[1]![1]).toBe(101.75);
    expect(result[2]![0]).toBe('rep-2');
    expect(errorOf(result[2]![1])?.message).toBe('values row 3 (Visits): expected a number, got "many"');
  });
});

describe('SPM.TARGETDECOMPOSE', () => {
  it('splits evenly, by working days with holidays, and by quarterly weights shared by working days', () => {
    expect(
      TARGETDECOMPOSE(100, 'FY2025', 'quarter')
        .slice(1)
        .map((r) => r[4]),
    ).toEqual([25, 25, 25, 25]);
    const byDays = TARGETDECOMPOSE(
      12000000,
      'FY2025-Q1',
      'month',
      'workingDays',
      [],
      [],
      [['2025-01-01'], ['2025-01-29']],
    );
    expect(byDays.slice(1).map((r) => [r[0], r[4]])).toEqual([
      ['2025-01', 4064516.13],
      ['2025-02', 3870967.74],
      ['2025-03', 4064516.13],
    ]);
    const weighted = TARGETDECOMPOSE(1200, 'FY2025-H1', 'month', '', [
      ['Period', 'Weight'],
      ['FY2025-Q1', 1],
      ['FY2025-Q2', 3],
    ]);
    expect(
      weighted
        .slice(1, 4)
        .reduce((s, r) => s.plus(r[4] as number), new Decimal(0))
        .toNumber(),
    ).toBe(300);
  });

  it('gives the guide’s examples: Spring Festival working days, and a rep × period plan by weights', () => {
    const holidays = [['2025-01-01'], ['2025-01-28'], ['2025-01-29'], ['2025-01-30'], ['2025-01-31']];
    const makeup = [['2025-01-26'], ['2025-02-08']];
    expect(
      TARGETDECOMPOSE(12000000, 'FY2025-Q1', 'month', 'workingDays', null, null, holidays, makeup),
    ).toEqual([
      ['Period', 'First day', 'Last day', 'Share', 'Target'],
      ['2025-01', '2025-01-01', '2025-01-31', 0.311475, 3737704.92],
      ['2025-02', '2025-02-01', '2025-02-28', 0.344262, 4131147.54],
      ['2025-03', '2025-03-01', '2025-03-31', 0.344262, 4131147.54],
    ]);
    const reps = [
      ['Rep', 'Weight'],
      ['Li', 2],
      ['Wang', 1],
    ];
    expect(TARGETDECOMPOSE(1000, 'FY2025', 'quarter', null, null, reps)).toEqual([
      ['Rep', 'FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4', 'Total'],
      ['Li', 166.67, 166.67, 166.67, 166.66, 666.67],
      ['Wang', 83.33, 83.33, 83.33, 83.34, 333.33],
      ['Total', 250, 250, 250, 250, 1000],
    ]);
  });

  it('uses the fiscal year start month and whole units with decimals 0', () => {
    const result = TARGETDECOMPOSE(10, 'FY2025', 'quarter', 'even', '', '', '', '', '', 4, 0);
    expect(result.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['FY2025-Q1', '2025-04-01', 3],
      ['FY2025-Q2', '2025-07-01', 3],
      ['FY2025-Q3', '2025-10-01', 2],
      ['FY2025-Q4', '2026-01-01', 2],
    ]);
  });

  it('parts always sum exactly to the total (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 })
          .filter((w) => w.some((x) => x > 0)),
        fc.integer({ min: 0, max: 4 }),
        (minor, weights, decimals) => {
          const total = new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(decimals));
          const result = TARGETDECOMPOSE(
            total.toFixed(),
            'FY2024',
            'month',
            'seasonality',
            weights.map((w) => [w]),
            '',
            '',
            '',
            '',
            '',
            decimals,
          );
          const sum = result.slice(1).reduce((s, r) => s.plus(new Decimal(r[4] as number)), new Decimal(0));
          expect(sum.equals(total)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lays out a rep × period plan that sums exactly both ways (property)', () => {
    const cents = (x: SheetValue | undefined) => new Decimal(x as number).times(100).toNumber();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 ** 9 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 6 }),
        (minor, weights) => {
          const total = new Decimal(minor).dividedBy(100).toFixed();
          const reps = [['Rep', 'Weight'], ...weights.map((w, i) => [`r${i}`, w])];
          const result = TARGETDECOMPOSE(total, 'FY2024', 'quarter', '', '', reps);
          expect(result[0]).toEqual(['Rep', 'FY2024-Q1', 'FY2024-Q2', 'FY2024-Q3', 'FY2024-Q4', 'Total']);
          const body = result.slice(1);
          for (const row of body) {
            expect(row.slice(1, 5).reduce((s: number, c) => s + cents(c), 0)).toBe(cents(row[5]));
          }
          for (let j = 1; j <= 5; j++) {
            const reps = body.slice(0, -1).reduce((s, r) => s + cents(r[j]), 0);
            expect(reps).toBe(cents(body[body.length - 1]![j]));
          }
          expect(cents(body[body.length - 1]![5])).toBe(minor);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps fixed rep targets, which must add up to the total', () => {
    const reps = [
      ['Rep', 'Target'],
      ['Li', 600],
      ['Wang', 400],
    ];
    expect(TARGETDECOMPOSE(1000, 'FY2025', 'quarter', '', '', reps)).toEqual([
      ['Rep', 'FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4', 'Total'],
      ['Li', 150, 150, 150, 150, 600],
      ['Wang', 100, 100, 100, 100, 400],
      ['Total', 250, 250, 250, 250, 1000],
    ]);
    expect(TARGETDECOMPOSE(900.5, 'FY2025', 'quarter', '', '', reps)[0]![0]).toEqual({
      error: '#VALUE!',
      message: 'reps: the rep targets total 1000, not the total 900.5',
    });
  });

  it('names the weights argument when their count is wrong, and refuses an unknown period', () => {
    expect(
      errorOf(TARGETDECOMPOSE(1200, 'FY2025', 'month', 'seasonality', [[1], [2]])[0]![0])?.message,
    ).toMatch(/^weights: expected 12 indexes/);
    expect(TARGETDECOMPOSE(1200, 'next year')[0]![0]).toMatchObject({ error: '#VALUE!' });
  });
});

describe('SPM.WARNINGS', () => {
  const deals = [
    ['Deal', 'Owner', 'Amount', 'Created', 'Stage'],
    ['D1', 'li', 1000, '2024-01-02', 'Proposal'],
    ['D2', 'li', 0, '2024-01-03', 'Lead'],
    ['D3', 'wang', -5, '2024-01-05', 'Lead'],
  ];
  const changes = [
    ['Deal', 'To', 'Date'],
    ['D1', 'Lead', '2024-01-02'],
    ['D1', 'Proposal', '2024-02-10'],
    ['D1', 'Lead', '2024-03-01'],
    ['D1', 'Proposal', '2024-03-02'],
    ['D2', 'Lead', '2024-01-03'],
    ['D3', 'Lead', '2024-01-05'],
  ];
  const activities = [
    ['Rep', 'Type', 'Deal', 'Date'],
    ['li', 'call', 'D1', '2024-03-18'],
    ['li', 'dance', 'D1', '2024-03-18'],
  ];

  it('lists warnings with code, severity, subject, message and action; bad rows follow as errors', () => {
    const result = WARNINGS(deals, changes, activities, '2024-03-20');
    expect(result[0]).toEqual(['Code', 'Severity', 'Subject', 'Message', 'Action']);
    const codes = result
      .slice(1)
      .filter((r) => !isSheetError(r[0]))
      .map((r) => `${r[0]} ${r[2]}`);
    expect(codes).toContain('DEAL_ROTTING deal D2');
    expect(codes).toContain('DEAL_WITHOUT_AMOUNT deal D2');
    expect(codes).toContain('STAGE_REGRESSION deal D1');
    expect(codes.some((c) => c.includes('D3'))).toBe(false);
    const errors = result.filter((r) => isSheetError(r[0])).map((r) => errorOf(r[0])?.message);
    expect(errors).toEqual([
      'deals row 4 (amount): an amount cannot be negative, got -5',
      expect.stringMatching(/^activities row 3 \(type\): the type must be one of call, visit/),
    ]);
  });

  it('speaks Chinese with locale zh-CN', () => {
    const result = WARNINGS(
      deals.slice(0, 3),
      changes.slice(0, 6),
      [['Rep', 'Date']],
      '2024-03-20',
      '',
      'zh-CN',
    );
    expect(result[0]).toEqual(['代码', '级别', '对象', '说明', '建议']);
    const rotting = result.find((r) => r[0] === 'DEAL_ROTTING' && r[2] === '商机 D2')!;
    expect(rotting[1]).toBe('警告');
    expect(rotting[3]).toMatch(/商机 D2（「Lead」阶段）已 77 天无跟进活动/);
  });

  it('counts the whole as-of day and ignores later events', () => {
    const later = [
      ['Rep', 'Deal', 'Date'],
      ['li', 'D2', '2024-03-21'],
    ];
    const onTheDay = [
      ['Rep', 'Deal', 'Date'],
      ['li', 'D2', '2024-03-20 18:00'],
    ];
    const rotting = (acts: SheetCell[][]) =>
      WARNINGS(deals.slice(0, 3), changes, acts, '2024-03-20').some(
        (r) => r[0] === 'DEAL_ROTTING' && r[2] === 'deal D2',
      );
    expect(rotting(later)).toBe(true);
    expect(rotting(onTheDay)).toBe(false);
  });

  it('warns on pace and coverage from a targets range of the current period', () => {
    const d = [
      ['Deal', 'Owner', 'Amount', 'Created', 'Stage', 'Closed', 'Expected close'],
      ['W1', 'li', 5000, '2024-01-04', 'Won', '2024-02-04', ''],
      ['O1', 'li', 1000, '2024-03-01', 'Proposal', '', '2024-03-28'],
    ];
    const c = [
      ['Deal', 'To', 'Date'],
      ['W1', 'Lead', '2024-01-04'],
      ['W1', 'Won', '2024-02-04'],
      ['O1', 'Lead', '2024-03-01'],
      ['O1', 'Proposal', '2024-03-15'],
    ];
    const targets = [
      ['Rep', 'Target'],
      ['li', 100000],
      ['wang', 'lots'],
      ['', 200000],
    ];
    const result = WARNINGS(d, c, [['Rep', 'Date']], '2024-03-20', STAGES, '', targets);
    const found = result.map((r) => `${errorOf(r[0])?.message ?? r[0]} | ${r[2]}`);
    expect(found).toContain('PACE_BEHIND | rep li');
    expect(found).toContain('PACE_BEHIND | company');
    expect(found).toContain('COVERAGE_GAP | rep li');
    expect(found).toContain('targets row 3 (target): expected a number, got "lots" | ');
    expect(result.find((r) => r[0] === 'PACE_BEHIND' && r[2] === 'rep li')![3]).toBe(
      'li has won 5000.00 of a 100000.00 target in FY2024-Q1; at this pace the period ends at 5687.50 (5.7% of target)',
    );
    // In a monthly period, March has no win yet.
    const monthly = WARNINGS(d, c, [['Rep', 'Date']], '2024-03-20', STAGES, '', targets, 'month');
    expect(monthly.find((r) => r[0] === 'PACE_BEHIND' && r[2] === 'rep li')![3]).toMatch(
      /won 0\.00 of a 100000\.00 target in 2024-03/,
    );
  });

  it('never throws on garbage (a whole-call error is one cell)', () => {
    expect(callSheetFunction('WARNINGS', [[[1]], [[2]], [[3]], 'x'])[0]![0]).toMatchObject({
      error: '#VALUE!',
    });
  });
});
