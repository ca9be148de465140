import { describe, expect, it } from 'vitest';
import { targetVariance } from '../../src/index';
import { cny, errorOf } from './helpers';

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
