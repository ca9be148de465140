import { describe, expect, it } from 'vitest';
import { reconcileTargets, replanTarget, targetVariance } from '../../src/index';
import { cny, errorOf } from './helpers';

const quarters = (actualQ1: string) => ({
  periods: [
    { period: 'FY2025-Q1', target: cny('100000'), actual: cny(actualQ1) },
    { period: 'FY2025-Q2', target: cny('100000') },
    { period: 'FY2025-Q3', target: cny('100000') },
    { period: 'FY2025-Q4', target: cny('100000') },
  ],
});

describe('replanTarget', () => {
  it('re-spreads the shortfall over the open periods (catch-up) and projects the run rate', () => {
    const r = replanTarget(quarters('70000'), { asOf: '2025-04-01', days: 'calendar' });
    expect(r.periods.map((p) => p.newTarget.toString())).toEqual([
      '70000.00 CNY',
      '110000.00 CNY',
      '110000.00 CNY',
      '110000.00 CNY',
    ]);
    expect(r.remaining.toString()).toBe('330000.00 CNY');
    expect(r.runRate).toMatchObject({ elapsedDays: 90, totalDays: 365, projectedAttainment: '0.7097' });
    expect(r.runRate.projection?.toString()).toBe('283888.89 CNY');
    expect(r.runRate.gap?.toString()).toBe('116111.11 CNY');
  });

  it('caps the catch-up and reports what could not be placed', () => {
    const r = replanTarget(quarters('10000'), { asOf: '2025-04-01', cap: '1.2' });
    expect(r.periods.slice(1).map((p) => p.newTarget.toString())).toEqual(Array(3).fill('120000.00 CNY'));
    expect(r.periods.slice(1).every((p) => p.capped)).toBe(true);
    expect(r.unplaced.toString()).toBe('30000.00 CNY');
  });

  it('a plan already beaten leaves nothing to do; no elapsed day gives no projection', () => {
    const ahead = replanTarget(quarters('450000'), { asOf: '2025-04-01' });
    expect(ahead.remaining.toString()).toBe('0.00 CNY');
    expect(ahead.periods[1]!.newTarget.toString()).toBe('0.00 CNY');
    const early = replanTarget(quarters('0'), { asOf: '2025-01-01' });
    expect(early.runRate.projection).toBeNull();
    expect(early.runRate.reason).toContain('no working day has elapsed');
  });

  it('rejects overlapping periods and bad dates', () => {
    expect(
      errorOf(() =>
        replanTarget(
          {
            periods: [
              { period: 'FY2025-Q1', target: cny('1') },
              { period: '2025-03', target: cny('1') },
            ],
          },
          { asOf: '2025-04-01' },
        ),
      ).code,
    ).toBe('INVALID_PERIOD');
    expect(errorOf(() => replanTarget(quarters('0'), { asOf: '2025-13-01' })).code).toBe('INVALID_DATE');
  });
});

describe('targetVariance', () => {
  const targets = [
    { repId: 'u1', period: '2025-01', amount: cny('100000') },
    { repId: 'u1', period: '2025-02', amount: cny('100000') },
    { repId: 'u2', period: '2025-01', amount: cny('0') },
    { repId: 'u2', period: '2025-02', amount: cny('50000') },
  ];

  it('variance and attainment per period and cumulatively, with split credit', () => {
    const r = targetVariance({
      targets,
      achievements: [
        {
          id: 'D-1',
          date: '2025-01-20',
          amount: cny('99.99'),
          splits: [
            { repId: 'u1', percent: 75 },
            { repId: 'u2', percent: 25 },
          ],
        },
        { id: 'D-2', date: '2025-01-21', amount: cny('80000'), repId: 'u1' },
        { id: 'D-3', date: '2025-02-03', amount: cny('130000'), repId: 'u1' },
        { id: 'D-4', date: '2025-06-03', amount: cny('1'), repId: 'u1' },
      ],
    });
    expect(r.credits.map((c) => `${c.repId} ${c.amount} ${c.key}`)).toEqual([
      'u1 74.99 CNY 2025-01',
      'u2 25.00 CNY 2025-01',
      'u1 80000.00 CNY 2025-01',
      'u1 130000.00 CNY 2025-02',
      'u1 1.00 CNY null',
    ]);
    expect(r.unplaced).toBe(1);
    const [jan, feb, u2jan] = r.rows;
    expect(jan!.variance.toString()).toBe('-19925.01 CNY');
    expect(jan!.attainment).toBe('0.8007');
    expect(feb!.attainment).toBe('1.3000');
    expect(feb!.cumulative.attainment).toBe('1.0504');
    expect(u2jan!.attainment).toBeNull();
    expect(u2jan!.reason).toContain('not applicable');
    expect(r.total.achieved.toString()).toBe('210099.99 CNY');
  });

  it('rejects splits not totalling 100 and overlapping periods', () => {
    expect(
      errorOf(() =>
        targetVariance({
          targets,
          achievements: [
            {
              date: '2025-01-20',
              amount: cny('1'),
              splits: [
                { repId: 'u1', percent: 60 },
                { repId: 'u2', percent: 30 },
              ],
            },
          ],
        }),
      ).code,
    ).toBe('INVALID_DISTRIBUTION');
    expect(
      errorOf(() =>
        targetVariance({
          targets: [...targets, { repId: 'u3', period: 'FY2025-Q1', amount: cny('1') }],
          achievements: [],
        }),
      ).code,
    ).toBe('INVALID_PERIOD');
  });
});

describe('reconcileTargets', () => {
  it('gives the gap between top-down targets and bottom-up commitments per team', () => {
    const r = reconcileTargets({
      teams: [
        { id: 'sales', target: cny('1000000') },
        { id: 'east', parentId: 'sales', target: cny('600000') },
        { id: 'west', parentId: 'sales', target: cny('350000') },
      ],
      commitments: [
        { repId: 'u1', teamId: 'east', amount: cny('350000') },
        { repId: 'u2', teamId: 'east', amount: cny('200000') },
        { repId: 'u3', teamId: 'west', amount: cny('420000') },
      ],
    });
    expect(r.teams.map((t) => `${t.id} ${t.committed} ${t.gap} ${t.status} ${t.coverage}`)).toEqual([
      'sales 970000.00 CNY 30000.00 CNY short 0.9700',
      'east 550000.00 CNY 50000.00 CNY short 0.9167',
      'west 420000.00 CNY -70000.00 CNY over 1.2000',
    ]);
    expect(r.teams[0]!.unassigned?.toString()).toBe('50000.00 CNY');
    expect(r.teams[0]!.reps).toBe(3);
    expect(r.gap.toString()).toBe('30000.00 CNY');
  });

  it('rejects unknown teams and cycles', () => {
    expect(
      errorOf(() =>
        reconcileTargets({
          teams: [{ id: 'a', target: cny('1') }],
          commitments: [{ repId: 'u', teamId: 'b', amount: cny('1') }],
        }),
      ).code,
    ).toBe('UNKNOWN_REFERENCE');
    expect(
      errorOf(() =>
        reconcileTargets({
          teams: [
            { id: 'a', parentId: 'b', target: cny('1') },
            { id: 'b', parentId: 'a', target: cny('1') },
          ],
          commitments: [],
        }),
      ).code,
    ).toBe('HIERARCHY_CYCLE');
  });
});
