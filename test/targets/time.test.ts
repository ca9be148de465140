import { describe, expect, it } from 'vitest';
import { decomposeTarget, fiscalCalendar, Money } from '../../src/index';
import { cny, errorOf } from './helpers';

const amounts = (parts: readonly { amount: Money }[]) =>
  parts.map((p) => p.amount.toString().replace(' CNY', ''));
const sum = (parts: readonly { amount: Money }[]) => Money.sum(parts.map((p) => p.amount)).toString();

describe('decomposeTarget: worked examples', () => {
  it('100,000.00 over 12 even months: months 1-4 = 8,333.34, months 5-12 = 8,333.33', () => {
    const r = decomposeTarget({ total: cny('100000.00'), period: 'FY2025' }, { levels: ['month'] });
    expect(amounts(r.leaves)).toEqual([...Array(4).fill('8333.34'), ...Array(8).fill('8333.33')]);
    expect(r.explain.roundedUp).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
  });

  it('1,200,000.00 over 2025 months by Mon-Fri working days', () => {
    const r = decomposeTarget(
      { total: cny('1200000.00'), period: 'FY2025' },
      { levels: ['quarter', 'month'], method: 'workingDays', calendar: fiscalCalendar() },
    );
    expect(r.explain.weights.map((w) => w.weight)).toEqual([
      '23',
      '20',
      '21',
      '22',
      '22',
      '21',
      '23',
      '21',
      '22',
      '23',
      '20',
      '23',
    ]);
    const months = amounts(r.leaves);
    expect(months[0]).toBe('105747.13');
    expect(months[1]).toBe('91954.02');
    // 22 working days: April and May win the tie for the last unit, September loses it.
    expect(months[3]).toBe('101149.43');
    expect(months[4]).toBe('101149.43');
    expect(months[8]).toBe('101149.42');
    expect(sum(r.leaves)).toBe('1200000.00 CNY');
    expect(r.byLevel[0]!.parts[0]!.amount.toString()).toBe('294252.87 CNY');
  });

  it('seasonality indexes are normalised by their own sum (never 1,205,000)', () => {
    const indexes = [80, 85, 95, 100, 100, 95, 90, 95, 105, 110, 120, 130];
    const naive = indexes.reduce((a, i) => a + (1200000 / 12) * (i / 100), 0);
    expect(naive).toBe(1205000);
    const r = decomposeTarget(
      { total: cny('1200000.00'), period: 'FY2025' },
      { levels: ['quarter', 'month'], method: 'seasonality', seasonality: { level: 'month', indexes } },
    );
    expect(sum(r.leaves)).toBe('1200000.00 CNY');
    expect(sum(r.byLevel[0]!.parts)).toBe('1200000.00 CNY');
    expect(r.leaves[11]!.amount.toString()).toBe('129460.58 CNY');
  });
});

describe('decomposeTarget: levels and weeks', () => {
  it('splits once to weeks, cuts weeks at month ends, and rolls up exactly', () => {
    const r = decomposeTarget(
      { total: cny('1000000.00'), period: 'FY2024' },
      { levels: ['quarter', 'month', 'week'], method: 'workingDays' },
    );
    const [quarters, months, weeks] = r.byLevel;
    const feb = months!.parts.findIndex((p) => p.key === '2024-02');
    const inFeb = weeks!.parts.filter((w) => w.parent === feb);
    expect(inFeb.map((w) => w.key)).toEqual(['2024-W05', '2024-W06', '2024-W07', '2024-W08', '2024-W09']);
    expect(inFeb[0]!.period).toMatchObject({ start: '2024-02-01', end: '2024-02-05', partial: true });
    for (const [upper, lower] of [
      [quarters!, months!],
      [months!, weeks!],
    ] as const) {
      upper.parts.forEach((u, i) => {
        const kids = lower.parts.filter((l) => l.parent === i);
        expect(Money.sum(kids.map((k) => k.amount)).equals(u.amount)).toBe(true);
      });
    }
    expect(sum(weeks!.parts)).toBe('1000000.00 CNY');
  });

  it('even over weeks shares a cut week by its days', () => {
    const r = decomposeTarget({ total: cny('700.00'), period: '2024-02' }, { levels: ['week'] });
    // Five pieces: 4 + 7 + 7 + 7 + 4 days of ISO weeks W05..W09 inside February.
    expect(amounts(r.leaves)).toEqual(['96.55', '168.97', '168.97', '168.96', '96.55']);
    expect(r.explain.weights.map((w) => w.weight)).toEqual(['0.571429', '1', '1', '1', '0.571429']);
  });

  it('uses holidays from the calendar', () => {
    const calendar = fiscalCalendar({ holidays: ['2025-01-01'] });
    const r = decomposeTarget(
      { total: cny('1000'), period: 'FY2025-Q1' },
      { levels: ['month'], method: 'workingDays', calendar },
    );
    expect(r.explain.weights.map((w) => w.weight)).toEqual(['22', '20', '21']);
  });

  it('calendar days and fiscal years starting in April', () => {
    const calendar = fiscalCalendar({ fiscalYearStartMonth: 4 });
    const r = decomposeTarget(
      { total: cny('365'), period: 'FY2025' },
      { levels: ['quarter'], method: 'calendarDays', calendar },
    );
    expect(r.leaves.map((p) => p.key)).toEqual(['FY2025-Q1', 'FY2025-Q2', 'FY2025-Q3', 'FY2025-Q4']);
    expect(amounts(r.leaves)).toEqual(['91.00', '92.00', '92.00', '90.00']);
  });

  it('a distribution per quarter is shared over months by working days', () => {
    const r = decomposeTarget(
      { total: cny('1000000'), period: 'FY2025' },
      {
        levels: ['quarter', 'month'],
        method: 'distribution',
        distribution: {
          level: 'quarter',
          percents: { 'FY2025-Q1': 20, 'FY2025-Q2': 25, 'FY2025-Q3': 25, 'FY2025-Q4': 30 },
        },
      },
    );
    // Split once at the months: Q2 and Q4 land a cent away from their own exact shares, and say so.
    expect(amounts(r.byLevel[0]!.parts)).toEqual(['200000.00', '250000.01', '250000.00', '299999.99']);
    expect(r.explain.within).toBe('workingDays');
    expect(amounts(r.leaves).slice(0, 3)).toEqual(['71875.00', '62500.00', '65625.00']);
    expect(sum(r.leaves)).toBe('1000000.00 CNY');
  });

  it('rounding "nested" keeps each quarter at its exact percent', () => {
    const r = decomposeTarget(
      { total: cny('1000000'), period: 'FY2025' },
      {
        levels: ['quarter', 'month'],
        method: 'distribution',
        rounding: 'nested',
        distribution: { level: 'quarter', percents: [20, 25, 25, 30] },
      },
    );
    expect(amounts(r.byLevel[0]!.parts)).toEqual(['200000.00', '250000.00', '250000.00', '300000.00']);
    r.byLevel[0]!.parts.forEach((q, i) => {
      const months = r.leaves.filter((m) => m.parent === i);
      expect(Money.sum(months.map((m) => m.amount)).equals(q.amount)).toBe(true);
    });
    expect(r.explain.rule).toContain('level by level');
  });
});

describe('decomposeTarget: distribution checks', () => {
  const split = (percents: unknown, extra: object = {}) =>
    decomposeTarget(
      { total: cny('1000'), period: 'FY2025' },
      {
        levels: ['quarter'],
        method: 'distribution',
        distribution: { level: 'quarter', percents: percents as number[], ...extra },
      },
    );

  it('rejects percents not totalling 100', () => {
    const e = errorOf(() => split([25, 25, 25, 24]));
    expect(e.code).toBe('INVALID_DISTRIBUTION');
    expect(e.message).toContain('total 99');
  });

  it('accepts them within the tolerance, normalised', () => {
    const r = split([25, 25, 25, '24.99'], { tolerance: '0.01' });
    expect(sum(r.leaves)).toBe('1000.00 CNY');
    expect(r.explain.notes[0]).toContain('normalised');
  });

  it('rejects missing periods unless allowed', () => {
    expect(errorOf(() => split({ 'FY2025-Q1': 50, 'FY2025-Q2': 50 })).code).toBe('INVALID_DISTRIBUTION');
    const r = split({ 'FY2025-Q1': 50, 'FY2025-Q2': 50 }, { allowMissing: true });
    expect(amounts(r.leaves)).toEqual(['500.00', '500.00', '0.00', '0.00']);
  });

  it('rejects periods outside the fiscal year', () => {
    const e = errorOf(() => split({ 'FY2025-Q1': 50, 'FY2026-Q1': 50 }, { allowMissing: true }));
    expect(e.code).toBe('INVALID_DISTRIBUTION');
    expect(e.path).toEqual(['distribution', 'percents', 'FY2026-Q1']);
    expect(e.message).toContain('not a period of FY2025');
  });
});

describe('decomposeTarget: history', () => {
  const actuals = (year: number, perMonth: number[]) =>
    perMonth.map((a, i) => ({
      date: `${year}-${String(i + 1).padStart(2, '0')}-10`,
      amount: cny(String(a)),
    }));

  it('blends years by weight (50% last year + 50% the year before)', () => {
    const r = decomposeTarget(
      { total: cny('1000'), period: 'FY2025' },
      {
        levels: ['quarter'],
        method: 'history',
        history: {
          level: 'quarter',
          years: [
            {
              period: 'FY2024',
              weight: 50,
              actuals: actuals(2024, [100, 0, 0, 100, 0, 0, 100, 0, 0, 100, 0, 0]),
            },
            { period: 'FY2023', weight: 50, actuals: actuals(2023, [0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0]) },
          ],
        },
      },
    );
    // shares: Q1-Q3 = 0.5 × 1/4 = 0.125, Q4 = 0.5 × 1/4 + 0.5 × 1 = 0.625
    expect(amounts(r.leaves)).toEqual(['125.00', '125.00', '125.00', '625.00']);
    expect(r.explain.weights.map((w) => w.weight)).toEqual(['0.125000', '0.125000', '0.125000', '0.625000']);
  });

  it('falls back when history is empty, and says so', () => {
    const r = decomposeTarget(
      { total: cny('1000'), period: 'FY2025' },
      {
        levels: ['quarter'],
        method: 'history',
        history: { level: 'quarter', years: [{ period: 'FY2024', actuals: [] }], fallback: 'even' },
      },
    );
    expect(amounts(r.leaves)).toEqual(['250.00', '250.00', '250.00', '250.00']);
    expect(r.explain.method).toBe('even');
    expect(r.explain.notes.join(' ')).toContain('fell back to even');
  });

  it('ignores actuals outside their year and rejects other currencies', () => {
    const r = decomposeTarget(
      { total: cny('1000'), period: 'FY2025' },
      {
        levels: ['quarter'],
        method: 'history',
        history: {
          level: 'quarter',
          years: [
            {
              period: 'FY2024',
              actuals: [...actuals(2024, [100]), { date: '2023-05-01', amount: cny('9') }],
            },
          ],
        },
      },
    );
    expect(amounts(r.leaves)).toEqual(['1000.00', '0.00', '0.00', '0.00']);
    expect(r.explain.notes.join(' ')).toContain('1 actual(s) of FY2024 dated outside it were ignored');
    const e = errorOf(() =>
      decomposeTarget(
        { total: cny('1000'), period: 'FY2025' },
        {
          method: 'history',
          history: {
            level: 'month',
            years: [
              {
                period: 'FY2024',
                actuals: [{ date: '2024-01-01', amount: { amount: '1', currency: 'USD' } }],
              },
            ],
          },
        },
      ),
    );
    expect(e.code).toBe('CURRENCY_MISMATCH');
  });
});

describe('decomposeTarget: bad input', () => {
  it('all weights zero', () => {
    const e = errorOf(() =>
      decomposeTarget(
        { total: cny('1000'), period: 'FY2025' },
        {
          levels: ['quarter'],
          method: 'seasonality',
          seasonality: { level: 'quarter', indexes: [0, 0, 0, 0] },
        },
      ),
    );
    expect(e.code).toBe('INVALID_WEIGHTS');
  });

  it('a period with no working day', () => {
    const e = errorOf(() =>
      decomposeTarget(
        { total: cny('10'), period: '2025-01-04..2025-01-06' },
        { levels: ['day'], method: 'workingDays' },
      ),
    );
    expect(e.code).toBe('INVALID_WEIGHTS');
  });

  it('negative totals unless allowed', () => {
    expect(errorOf(() => decomposeTarget({ total: cny('-100'), period: 'FY2025' })).code).toBe(
      'INVALID_INPUT',
    );
    const r = decomposeTarget(
      { total: cny('-100'), period: 'FY2025' },
      { levels: ['quarter'], allowNegative: true },
    );
    expect(amounts(r.leaves)).toEqual(['-25.00', '-25.00', '-25.00', '-25.00']);
  });

  it('levels not finer than the period, and weights finer than the finest level', () => {
    expect(
      errorOf(() => decomposeTarget({ total: cny('1'), period: 'FY2025-Q1' }, { levels: ['quarter'] })).code,
    ).toBe('INVALID_PERIOD');
    expect(
      errorOf(() => decomposeTarget({ total: cny('1'), period: 'FY2025' }, { levels: ['month', 'quarter'] }))
        .code,
    ).toBe('INVALID_PERIOD');
    const e = errorOf(() =>
      decomposeTarget(
        { total: cny('1'), period: 'FY2025' },
        { levels: ['month'], method: 'seasonality', seasonality: { level: 'week', indexes: [] } },
      ),
    );
    expect(e.path).toEqual(['seasonality', 'level']);
  });

  it('amounts finer than the minor unit', () => {
    expect(errorOf(() => decomposeTarget({ total: cny('1.005'), period: 'FY2025' })).code).toBe(
      'NOT_IN_MINOR_UNITS',
    );
  });

  it('does not mutate its input', () => {
    const input = Object.freeze({ total: Object.freeze(cny('100')), period: 'FY2025' });
    const options = Object.freeze({ levels: Object.freeze(['quarter'] as const) });
    expect(() => decomposeTarget(input, options)).not.toThrow();
  });
});
