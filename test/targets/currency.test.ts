import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decomposeTarget,
  ErrorCode,
  Money,
  reconcileTargets,
  replanTarget,
  splitTarget,
  targetMatrix,
} from '../../src/index';
import { cny, errorOf } from './helpers';

const usd = (amount: string) => ({ amount, currency: 'USD' });
const rates24 = [
  { from: 'USD', to: 'CNY', rate: '7.10', effectiveDate: '2024-01-01' },
  { from: 'USD', to: 'CNY', rate: '7.20', effectiveDate: '2024-07-01' },
];
const rates25 = [
  { from: 'USD', to: 'CNY', rate: '7.00', effectiveDate: '2024-12-01' },
  { from: 'USD', to: 'CNY', rate: '7.30', effectiveDate: '2025-01-15' },
  { from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2025-02-01' },
];
const fixed = (rate: string) => ({ kind: 'fixed' as const, rates: [{ from: 'USD', to: 'CNY', rate }] });

describe('decomposeTarget with history in several currencies', () => {
  const history = {
    level: 'quarter' as const,
    years: [
      {
        period: 'FY2024',
        actuals: [
          { date: '2024-02-10', amount: cny('7100.00') },
          { date: '2024-05-10', amount: usd('1000.00') },
          { date: '2024-08-10', amount: cny('3550.00') },
          { date: '2024-08-20', amount: usd('500.00') },
          { date: '2024-11-10', amount: usd('100.00') },
        ],
      },
    ],
  };
  const input = { total: cny('100000.00'), period: 'FY2025' };

  it('stays an error without currency options', () => {
    const e = errorOf(() => decomposeTarget(input, { levels: ['quarter'], method: 'history', history }));
    expect(e.code).toBe(ErrorCode.CURRENCY_MISMATCH);
    expect(e.path).toEqual(['history', 'years', 0, 'actuals', 1, 'amount']);
  });

  it('converts each actual at the rate on its date before it becomes a weight', () => {
    const r = decomposeTarget(input, { levels: ['quarter'], method: 'history', history, rates: rates24 });
    // Q1 7100.00, Q2 1000 × 7.10 = 7100.00, Q3 3550.00 + 500 × 7.20 = 7150.00, Q4 100 × 7.20 = 720.00
    expect(r.leaves.map((p) => p.amount.toString())).toEqual([
      '32170.37 CNY',
      '32170.36 CNY',
      '32396.92 CNY',
      '3262.35 CNY',
    ]);
    expect(r.total.toString()).toBe('100000.00 CNY');
    expect(r.conversions?.map((c) => [c.path.join('.'), c.original.toString(), c.amount.toString()])).toEqual(
      [
        ['history.years.0.actuals.1.amount', '1000.00 USD', '7100.00 CNY'],
        ['history.years.0.actuals.3.amount', '500.00 USD', '3600.00 CNY'],
        ['history.years.0.actuals.4.amount', '100.00 USD', '720.00 CNY'],
      ],
    );
    expect(r.conversions?.[1]?.rate.text).toBe(
      'USD→CNY 7.2: the rate effective 2024-07-01, the latest on or before 2024-08-20',
    );
    expect(r.conversions?.[1]?.rounding).toEqual({ mode: 'half-even', minorUnits: 2 });
    expect(r.explain.notes).toContain(
      '3 amount(s) converted to CNY (USD→CNY), each rounded half-even to 2 decimals; see conversions',
    );
  });

  it('uses a fixed plan rate or the average of the quarter when asked', () => {
    const plan = decomposeTarget(input, {
      levels: ['quarter'],
      method: 'history',
      history,
      conversion: fixed('7.00'),
    });
    // 7100 : 7000 : 7050 : 700 of 21850
    expect(plan.leaves.map((p) => p.amount.toString())).toEqual([
      '32494.28 CNY',
      '32036.61 CNY',
      '32265.45 CNY',
      '3203.66 CNY',
    ]);
    const avg = decomposeTarget(input, {
      levels: ['quarter'],
      method: 'history',
      history,
      rates: rates24,
      conversion: 'period-average',
    });
    // Every quarter of 2024 has one rate throughout: the same as on the dates.
    expect(avg.leaves.map((p) => p.amount.toString())[2]).toBe('32396.92 CNY');
    expect(avg.conversions?.[0]?.rate.periodKey).toBe('FY2024-Q2');
  });

  it('keeps the parts in the total currency and names a missing rate', () => {
    expect(
      errorOf(() =>
        decomposeTarget(input, {
          levels: ['quarter'],
          method: 'history',
          history,
          rates: rates24,
          reportingCurrency: 'USD',
        }),
      ).code,
    ).toBe(ErrorCode.CURRENCY_MISMATCH);
    const e = errorOf(() =>
      decomposeTarget(input, { levels: ['quarter'], method: 'history', history, rates: rates24.slice(1) }),
    );
    expect(e.code).toBe(ErrorCode.MISSING_EXCHANGE_RATE);
    expect(e.message).toMatch(
      /^history\.years\.0\.actuals\.1\.amount: no USD→CNY exchange rate effective on or before 2024-05-10/,
    );
    expect(e.path).toEqual(['history', 'years', 0, 'actuals', 1, 'amount']);
  });
});

describe('splitTarget with history in several currencies', () => {
  const input = {
    total: cny('300000.00'),
    members: [
      { id: 'sh', history: cny('1400.00') },
      { id: 'sg', history: usd('300.00') },
    ],
  };

  it('stays an error without currency options', () => {
    expect(errorOf(() => splitTarget(input, { method: 'history', period: '2025-01' })).code).toBe(
      ErrorCode.CURRENCY_MISMATCH,
    );
  });

  it('converts at the rate on the period first day by default', () => {
    const r = splitTarget(input, { method: 'history', period: '2025-01', rates: rates25 });
    // 300 USD × 7.00 = 2100.00 CNY: weights 1400 : 2100
    expect(r.parts.map((p) => `${p.id} ${p.amount} ${p.baseWeight}`)).toEqual([
      'sh 120000.00 CNY 1400',
      'sg 180000.00 CNY 2100',
    ]);
    expect(r.conversions).toHaveLength(1);
    expect(r.conversions?.[0]?.text).toBe(
      '300.00 USD × 7 = 2100 CNY, rounded half-even to 2 decimals: 2100.00 CNY (USD→CNY 7: the rate effective 2024-12-01, the latest on or before 2025-01-01)',
    );
  });

  it('converts at the period average or a fixed plan rate', () => {
    const avg = splitTarget(input, {
      method: 'history',
      period: '2025-01',
      rates: rates25,
      conversion: 'period-average',
    });
    // (14 × 7.00 + 17 × 7.30) ÷ 31 = 7.164516129; 300 × it = 2149.3548387 → 2149.35
    expect(avg.conversions?.[0]?.rate.rate.toString()).toBe('7.164516129');
    expect(avg.parts.map((p) => p.amount.toString())).toEqual(['118331.53 CNY', '181668.47 CNY']);
    const plan = splitTarget(input, { method: 'history', conversion: fixed('7.00') });
    expect(plan.parts.map((p) => p.amount.toString())).toEqual(['120000.00 CNY', '180000.00 CNY']);
  });

  it('needs a period or a policy, and leaves locks unconverted', () => {
    const e = errorOf(() => splitTarget(input, { method: 'history', rates: rates25 }));
    expect(e.code).toBe(ErrorCode.INVALID_INPUT);
    expect(e.path).toEqual(['conversion']);
    const locked = errorOf(() =>
      splitTarget(
        { total: cny('100.00'), members: [{ id: 'a', locked: usd('1.00') }, { id: 'b' }] },
        { rates: rates25, period: '2025-01' },
      ),
    );
    expect(locked.code).toBe(ErrorCode.CURRENCY_MISMATCH);
    expect(locked.message).toMatch(/not converted/);
  });

  it('converts the history of sub-team members too', () => {
    const r = splitTarget(
      {
        total: cny('1000.00'),
        members: [
          { id: 'cn', history: cny('700.00') },
          {
            id: 'sea',
            members: [
              { id: 'sg', history: usd('20.00') },
              { id: 'my', history: usd('10.00') },
            ],
          },
        ],
      },
      { method: 'history', conversion: fixed('10') },
    );
    expect(r.parts.map((p) => p.amount.toString())).toEqual(['700.00 CNY', '300.00 CNY']);
    expect(r.parts[1]!.members?.map((p) => p.amount.toString())).toEqual(['200.00 CNY', '100.00 CNY']);
    expect(r.conversions?.map((c) => c.path.join('.'))).toEqual([
      'members.1.members.0.history',
      'members.1.members.1.history',
    ]);
  });
});

describe('targetMatrix with totals in several currencies', () => {
  it('converts period totals at the period first day; cells stay exact', () => {
    const m = targetMatrix(
      {
        periods: [
          { period: '2025-01', amount: cny('100.00') },
          { period: '2025-02', amount: usd('20.00') },
        ],
        reps: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
      },
      { rates: rates25 },
    );
    // February: 20 USD × 7.25 = 145.00 CNY
    expect(m.periods.map((p) => p.total.toString())).toEqual(['100.00 CNY', '145.00 CNY']);
    expect(m.cells).toEqual([
      [3334, 4834],
      [3333, 4833],
      [3333, 4833],
    ]);
    expect(m.reps.map((r) => r.total.toString())).toEqual(['81.68 CNY', '81.66 CNY', '81.66 CNY']);
    expect(m.total.toString()).toBe('245.00 CNY');
    expect(m.conversions?.[0]?.rate.text).toBe(
      'USD→CNY 7.25: the rate effective 2025-02-01, the latest on or before 2025-02-01',
    );
  });

  it('reports in a declared currency', () => {
    const m = targetMatrix(
      {
        periods: [
          { period: '2025-01', amount: cny('700.00') },
          { period: '2025-02', amount: usd('100.00') },
        ],
        reps: [{ id: 'a' }, { id: 'b' }],
      },
      { reportingCurrency: 'USD', conversion: fixed('7.00') },
    );
    // CNY→USD: the inverse of the plan rate, 1 ÷ 7 = 0.1428571429; 700 × it = 100.00000003 → 100.00
    expect(m.currency).toBe('USD');
    expect(m.periods.map((p) => p.total.toString())).toEqual(['100.00 USD', '100.00 USD']);
    expect(m.conversions?.[0]?.rate.inverse).toBe(true);
  });

  it('fits converted rep totals to the period totals by largest remainder', () => {
    const m = targetMatrix(
      {
        periods: [
          { period: '2025-01', amount: cny('100.00') },
          { period: '2025-02', amount: cny('100.00') },
        ],
        reps: [
          { id: 'a', total: usd('14.29') },
          { id: 'b', total: usd('14.28') },
        ],
      },
      { conversion: fixed('7.00') },
    );
    // 100.03 + 99.96 = 199.99: the 200.00 is re-apportioned 10003 : 9996 → 100.04 / 99.96
    expect(m.reps.map((r) => r.total.toString())).toEqual(['100.04 CNY', '99.96 CNY']);
    expect(m.conversions?.map((c) => c.amount.toString())).toEqual(['100.03 CNY', '99.96 CNY']);
    expect(m.explain.conversion).toMatch(/0\.01 CNY less than the period totals.*1 minor unit\(s\) moved/);
    expect(m.cells.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10004, 9996]);
  });

  it('refuses converted rep totals that are more than rounding away', () => {
    const e = errorOf(() =>
      targetMatrix(
        {
          periods: [{ period: '2025-01', amount: cny('100.00') }],
          reps: [{ id: 'a', total: usd('10.00') }],
        },
        { conversion: fixed('7.00') },
      ),
    );
    expect(e.code).toBe(ErrorCode.INFEASIBLE_TARGET);
  });

  it('stays an error without currency options and names a missing rate', () => {
    const input = {
      periods: [
        { period: '2025-01', amount: cny('100.00') },
        { period: '2025-02', amount: usd('20.00') },
      ],
      reps: [{ id: 'a' }],
    };
    expect(errorOf(() => targetMatrix(input)).code).toBe(ErrorCode.CURRENCY_MISMATCH);
    const e = errorOf(() =>
      targetMatrix(input, { rates: [{ from: 'USD', to: 'CNY', rate: '7', effectiveDate: '2025-02-02' }] }),
    );
    expect(e.code).toBe(ErrorCode.MISSING_EXCHANGE_RATE);
    expect(e.message).toMatch(
      /^periods\.1\.amount: no USD→CNY exchange rate effective on or before 2025-02-01/,
    );
  });
});

describe('replanTarget with actuals in several currencies', () => {
  const input = {
    periods: [
      { period: '2025-01', target: cny('100000'), actual: usd('10000') },
      { period: '2025-02', target: usd('14000') },
      { period: '2025-03', target: cny('100000') },
    ],
  };

  it('stays an error without currency options', () => {
    expect(errorOf(() => replanTarget(input, { asOf: '2025-02-01' })).code).toBe(ErrorCode.CURRENCY_MISMATCH);
  });

  it('converts targets and actuals at the rate on each period first day', () => {
    const r = replanTarget(input, { asOf: '2025-02-01', rates: rates25 });
    // January's actual 10000 USD × 7.00 = 70000.00; February's target 14000 USD × 7.25 = 101500.00.
    // 301500.00 − 70000.00 = 231500.00 over 101500 : 100000.
    expect(r.periods.map((p) => `${p.key} ${p.target} ${p.actual} ${p.newTarget}`)).toEqual([
      '2025-01 100000.00 CNY 70000.00 CNY 70000.00 CNY',
      '2025-02 101500.00 CNY 0.00 CNY 116611.66 CNY',
      '2025-03 100000.00 CNY 0.00 CNY 114888.34 CNY',
    ]);
    expect(r.total.toString()).toBe('301500.00 CNY');
    expect(r.conversions?.map((c) => c.path.join('.'))).toEqual(['periods.0.actual', 'periods.1.target']);
    expect(r.conversions?.[0]?.original.toString()).toBe('10000.00 USD');
  });

  it('converts into a declared currency with a fixed rate', () => {
    const r = replanTarget(input, { asOf: '2025-02-01', reportingCurrency: 'USD', conversion: fixed('8') });
    // CNY→USD 0.125: 100000 CNY = 12500.00 USD; 39000 − 10000 = 29000 over 14000 : 12500
    expect(r.periods.map((p) => p.newTarget.toString())).toEqual([
      '10000.00 USD',
      '15320.75 USD',
      '13679.25 USD',
    ]);
  });
});

describe('reconcileTargets with teams in several currencies', () => {
  const input = {
    teams: [
      { id: 'sales', target: cny('1000000') },
      { id: 'east', parentId: 'sales', target: cny('600000') },
      { id: 'sg', parentId: 'sales', target: usd('56000') },
    ],
    commitments: [
      { repId: 'u1', teamId: 'east', amount: cny('550000') },
      { repId: 'u2', teamId: 'sg', amount: usd('50000') },
    ],
  };

  it('stays an error without currency options', () => {
    expect(errorOf(() => reconcileTargets(input)).code).toBe(ErrorCode.CURRENCY_MISMATCH);
  });

  it("converts into the parent's currency at the period first day", () => {
    const r = reconcileTargets(input, { period: '2025-01', rates: rates25 });
    // 56000 USD × 7.00 = 392000.00 CNY; 50000 USD × 7.00 = 350000.00 CNY
    expect(r.teams.map((t) => `${t.id} ${t.target} ${t.committed} ${t.gap} ${t.coverage}`)).toEqual([
      'sales 1000000.00 CNY 900000.00 CNY 100000.00 CNY 0.9000',
      'east 600000.00 CNY 550000.00 CNY 50000.00 CNY 0.9167',
      'sg 392000.00 CNY 350000.00 CNY 42000.00 CNY 0.8929',
    ]);
    expect(r.teams[0]!.unassigned?.toString()).toBe('8000.00 CNY');
    const sg = r.teams[2]!;
    expect(sg.conversions?.map((c) => `${c.original} → ${c.amount}`)).toEqual([
      '56000.00 USD → 392000.00 CNY',
      '50000.00 USD → 350000.00 CNY',
    ]);
    expect(sg.conversions?.[0]?.rate.text).toBe(
      'USD→CNY 7: the rate effective 2024-12-01, the latest on or before 2025-01-01',
    );
    expect(r.teams[0]!.conversions).toBeUndefined();
    expect(r.conversions).toHaveLength(2);
  });

  it('uses a fixed rate or a declared currency', () => {
    const plan = reconcileTargets(input, { conversion: fixed('7.10') });
    expect(plan.teams[2]!.target.toString()).toBe('397600.00 CNY');
    expect(plan.committed.toString()).toBe('905000.00 CNY');
    const inUsd = reconcileTargets(input, { reportingCurrency: 'USD', conversion: fixed('8') });
    expect(inUsd.teams.map((t) => `${t.target} ${t.committed}`)).toEqual([
      '125000.00 USD 118750.00 USD',
      '75000.00 USD 68750.00 USD',
      '56000.00 USD 50000.00 USD',
    ]);
  });

  it('needs a period for the default rate and names a missing one', () => {
    const e = errorOf(() => reconcileTargets(input, { rates: rates25 }));
    expect(e.code).toBe(ErrorCode.INVALID_INPUT);
    expect(e.path).toEqual(['period']);
    const m = errorOf(() => reconcileTargets(input, { period: '2024-11', rates: rates25 }));
    expect(m.code).toBe(ErrorCode.MISSING_EXCHANGE_RATE);
    expect(m.message).toMatch(
      /^teams\.2\.target: no USD→CNY exchange rate effective on or before 2024-11-01/,
    );
    expect(m.path).toEqual(['teams', 2, 'target']);
  });
});

// ----- properties -----

const minorArb = fc.integer({ min: 0, max: 1_000_000_000 });
const rateArb = fc.integer({ min: 1, max: 99_999 }).map((r) => (r / 1000).toFixed(3));
const currencyArb = fc.constantFrom('CNY', 'USD', 'JPY');
const money = (minor: number, currency: string) =>
  Money.fromMinor(minor, currency, currency === 'JPY' ? 0 : 2);
const tableOf = (usdCny: string, jpyCny: string) => [
  { from: 'USD', to: 'CNY', rate: usdCny, effectiveDate: '2020-01-01' },
  { from: 'JPY', to: 'CNY', rate: jpyCny, effectiveDate: '2020-01-01' },
];
const sum = (xs: readonly Money[]) => xs.reduce((a, b) => a + b.toMinor(), 0n);

describe('properties', () => {
  it('split parts sum exactly to the total after converting histories', () => {
    fc.assert(
      fc.property(
        minorArb,
        fc.array(fc.tuple(minorArb, currencyArb), { minLength: 1, maxLength: 8 }),
        rateArb,
        rateArb,
        (total, hist, r1, r2) => {
          // A tiny foreign history can round to 0.00 CNY: keep one weight that cannot.
          fc.pre(hist.some(([m]) => m >= 100_000));
          const r = splitTarget(
            {
              total: Money.fromMinor(total, 'CNY'),
              members: hist.map(([m, c], i) => ({ id: `m${i}`, history: money(m, c) })),
            },
            { method: 'history', period: '2025-01', rates: tableOf(r1, r2) },
          );
          expect(sum(r.parts.map((p) => p.amount))).toBe(BigInt(total));
          expect(r.conversions?.length ?? 0).toBe(hist.filter(([, c]) => c !== 'CNY').length);
        },
      ),
    );
  });

  it('decomposed parts sum exactly to the total after converting history', () => {
    fc.assert(
      fc.property(
        minorArb,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), minorArb, currencyArb), { maxLength: 20 }),
        rateArb,
        rateArb,
        (total, actuals, r1, r2) => {
          const r = decomposeTarget(
            { total: Money.fromMinor(total, 'CNY'), period: 'FY2025' },
            {
              levels: ['quarter', 'month'],
              method: 'history',
              history: {
                level: 'month',
                years: [
                  {
                    period: 'FY2024',
                    actuals: actuals.map(([month, m, c]) => ({
                      date: `2024-${String(month).padStart(2, '0')}-15`,
                      amount: money(m, c),
                    })),
                  },
                ],
              },
              rates: tableOf(r1, r2),
            },
          );
          for (const level of r.byLevel) expect(sum(level.parts.map((p) => p.amount))).toBe(BigInt(total));
        },
      ),
    );
  });

  it('matrix rows and columns sum exactly to the converted totals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(minorArb, currencyArb), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 6 }),
        rateArb,
        rateArb,
        (cols, reps, r1, r2) => {
          const m = targetMatrix(
            {
              periods: cols.map(([v, c], j) => ({
                period: `2025-${String(j + 1).padStart(2, '0')}`,
                amount: money(v, c),
              })),
              reps: Array.from({ length: reps }, (_, i) => ({ id: `r${i}` })),
            },
            { reportingCurrency: 'CNY', rates: tableOf(r1, r2) },
          );
          m.periods.forEach((p, j) => {
            expect(BigInt(m.cells.reduce((a, row) => a + row[j]!, 0))).toBe(p.total.toMinor());
          });
          expect(sum(m.reps.map((r) => r.total))).toBe(m.total.toMinor());
          expect(sum(m.periods.map((p) => p.total))).toBe(m.total.toMinor());
        },
      ),
    );
  });

  it('with everything already in the target currency, conversion options change nothing', () => {
    const options = { reportingCurrency: 'CNY', rates: tableOf('7.1', '0.05') };
    fc.assert(
      fc.property(
        minorArb,
        fc.array(minorArb, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (total, values, reps) => {
          fc.pre(values.some((v) => v > 0));
          const t = Money.fromMinor(total, 'CNY');
          const members = values.map((v, i) => ({ id: `m${i}`, history: Money.fromMinor(v, 'CNY') }));
          expect(
            splitTarget({ total: t, members }, { method: 'history', period: '2025-01', ...options }),
          ).toEqual(splitTarget({ total: t, members }, { method: 'history', period: '2025-01' }));
          const history = {
            level: 'month' as const,
            years: [
              {
                period: 'FY2024',
                actuals: values.map((v, i) => ({
                  date: `2024-0${i + 1}-10`,
                  amount: Money.fromMinor(v, 'CNY'),
                })),
              },
            ],
          };
          expect(
            decomposeTarget({ total: t, period: 'FY2025' }, { method: 'history', history, ...options }),
          ).toEqual(decomposeTarget({ total: t, period: 'FY2025' }, { method: 'history', history }));
          const matrixInput = {
            periods: values.map((v, j) => ({ period: `2025-0${j + 1}`, amount: Money.fromMinor(v, 'CNY') })),
            reps: Array.from({ length: reps }, (_, i) => ({ id: `r${i}` })),
          };
          expect(targetMatrix(matrixInput, options)).toEqual(targetMatrix(matrixInput));
          const plan = {
            periods: values.map((v, j) => ({
              period: `2025-0${j + 1}`,
              target: Money.fromMinor(v, 'CNY'),
              actual: Money.fromMinor(total % (v + 1), 'CNY'),
            })),
          };
          expect(replanTarget(plan, { asOf: '2025-03-01', ...options })).toEqual(
            replanTarget(plan, { asOf: '2025-03-01' }),
          );
          const teams = {
            teams: [
              { id: 'root', target: t },
              ...values.map((v, i) => ({ id: `t${i}`, parentId: 'root', target: Money.fromMinor(v, 'CNY') })),
            ],
            commitments: values.map((v, i) => ({
              repId: `u${i}`,
              teamId: `t${i}`,
              amount: Money.fromMinor(v, 'CNY'),
            })),
          };
          expect(reconcileTargets(teams, { period: '2025-01', ...options })).toEqual(reconcileTargets(teams));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a missing rate names the pair, the date and the input path', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 28 }),
        fc.constantFrom('USD', 'JPY'),
        (which, day, currency) => {
          const date = `2019-06-${String(day).padStart(2, '0')}`;
          const foreign = money(100, currency);
          const rates = tableOf('7', '0.05');
          const call = [
            () =>
              decomposeTarget(
                { total: cny('100.00'), period: 'FY2020' },
                {
                  method: 'history',
                  rates,
                  history: {
                    level: 'month',
                    years: [{ period: 'FY2019', actuals: [{ date, amount: foreign }] }],
                  },
                },
              ),
            () =>
              splitTarget(
                { total: cny('100.00'), members: [{ id: 'a', history: foreign }] },
                { method: 'history', rates, conversion: { kind: 'on-date', date } },
              ),
            () =>
              replanTarget(
                { periods: [{ period: date, target: cny('1.00'), actual: foreign }] },
                { asOf: '2019-07-01', rates },
              ),
            () =>
              reconcileTargets(
                {
                  teams: [{ id: 'a', target: cny('1.00') }],
                  commitments: [{ repId: 'u', teamId: 'a', amount: foreign }],
                },
                { rates, period: date },
              ),
          ][which]!;
          const e = errorOf(call);
          expect(e.code).toBe(ErrorCode.MISSING_EXCHANGE_RATE);
          expect(e.message).toContain(`${currency}→CNY`);
          expect(e.message).toContain(date);
          expect(e.path?.[e.path.length - 1]).toMatch(/amount|history|actual/);
          expect(e.message.startsWith(e.path!.join('.'))).toBe(true);
        },
      ),
    );
  });
});
