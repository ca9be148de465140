import { describe, expect, it } from 'vitest';
import { reconcileTargets } from '../../src/index';
import { cny, errorOf } from './helpers';

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
