import { describe, expect, it } from 'vitest';
import { decomposeTarget, splitTarget, targetMatrix } from '../../src/index';
import { cny, errorOf } from './helpers';

const rowSums = (cells: readonly (readonly number[])[]) => cells.map((r) => r.reduce((a, b) => a + b, 0));
const colSums = (cells: readonly (readonly number[])[]) =>
  cells[0]!.map((_, j) => cells.reduce((a, r) => a + r[j]!, 0));

describe('targetMatrix', () => {
  it('per period: each period split over the reps active in it, ramp included', () => {
    const m = targetMatrix(
      {
        periods: [
          { period: '2025-01', amount: cny('100.00') },
          { period: '2025-02', amount: cny('100.00') },
        ],
        reps: [{ id: 'a' }, { id: 'b' }, { id: 'c', hireDate: '2025-01-05' }],
      },
      { ramp: { table: [50, 100] } },
    );
    expect(m.cells).toEqual([
      [4000, 3334],
      [4000, 3333],
      [2000, 3333],
    ]);
    expect(m.reps.map((r) => r.total.toString())).toEqual(['73.34 CNY', '73.33 CNY', '53.33 CNY']);
    expect(m.explain.mode).toBe('per-period');
  });

  it('fixed totals: rows equal the rep totals and columns the period totals, exactly', () => {
    const year = decomposeTarget(
      { total: cny('1200000.00'), period: 'FY2025' },
      { levels: ['month'], method: 'workingDays' },
    );
    const split = splitTarget(
      {
        total: cny('1200000.00'),
        members: [{ id: 'a', locked: cny('500000') }, { id: 'b' }, { id: 'c', hireDate: '2025-03-03' }],
      },
      { period: 'FY2025', ramp: { table: [25, 50, 75, 100] } },
    );
    const m = targetMatrix(
      {
        periods: year.leaves,
        reps: split.parts.map((p, i) => ({
          id: p.id,
          total: p.amount,
          ...(i === 2 ? { hireDate: '2025-03-03' } : {}),
        })),
      },
      { ramp: { table: [25, 50, 75, 100] } },
    );
    expect(m.explain.mode).toBe('fixed-totals');
    expect(rowSums(m.cells)).toEqual(split.parts.map((p) => Number(p.amount.toMinor())));
    expect(colSums(m.cells)).toEqual(year.leaves.map((p) => Number(p.amount.toMinor())));
    // The new hire has nothing before joining and ramps up after.
    expect(m.cells[2]!.slice(0, 2)).toEqual([0, 0]);
    expect(m.cells[2]![2]!).toBeLessThan(m.cells[2]![5]!);
    for (const row of m.cells) for (const c of row) expect(c).toBeGreaterThanOrEqual(0);
  });

  it('fixed totals with uniform weights: each cell is r × c / T rounded down or up', () => {
    const reps = ['7', '11', '13', '0', '19.99'].map((t, i) => ({ id: `r${i}`, total: cny(t) }));
    const periods = ['3.33', '20', '0.01', '27.65'].map((a, j) => ({
      period: `2025-0${j + 1}`,
      amount: cny(a),
    }));
    const m = targetMatrix({ periods, reps });
    const T = 5099;
    const r = [700, 1100, 1300, 0, 1999];
    const c = [333, 2000, 1, 2765];
    m.cells.forEach((row, i) => {
      row.forEach((v, j) => {
        const exact = (r[i]! * c[j]!) / T;
        expect(v === Math.floor(exact) || v === Math.ceil(exact)).toBe(true);
      });
    });
    expect(rowSums(m.cells)).toEqual(r);
    expect(colSums(m.cells)).toEqual(c);
  });

  it('rejects totals that do not add up, and periods nobody can carry', () => {
    expect(
      errorOf(() =>
        targetMatrix({
          periods: [{ period: '2025-01', amount: cny('10') }],
          reps: [{ id: 'a', total: cny('9') }],
        }),
      ).code,
    ).toBe('INFEASIBLE_TARGET');
    expect(
      errorOf(() =>
        targetMatrix({
          periods: [{ period: '2025-01', amount: cny('10') }],
          reps: [{ id: 'a', hireDate: '2025-03-01' }],
        }),
      ).code,
    ).toBe('INFEASIBLE_TARGET');
    expect(
      errorOf(() =>
        targetMatrix({
          periods: [{ period: '2025-01', amount: cny('10') }],
          reps: [{ id: 'a', total: cny('10') }, { id: 'b' }],
        }),
      ).code,
    ).toBe('INVALID_INPUT');
  });

  it('a rep total its active periods cannot carry', () => {
    const e = errorOf(() =>
      targetMatrix({
        periods: [
          { period: '2025-01', amount: cny('10') },
          { period: '2025-02', amount: cny('10') },
        ],
        reps: [
          { id: 'a', total: cny('15'), endDate: '2025-01-31' },
          { id: 'b', total: cny('5') },
        ],
      }),
    );
    expect(e.code).toBe('INFEASIBLE_TARGET');
  });
});

describe('inputs are not mutated', () => {
  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === 'object' && !Object.isFrozen(value)) {
      for (const v of Object.values(value)) deepFreeze(v);
      Object.freeze(value);
    }
    return value;
  };

  it('splitTarget and targetMatrix work on deeply frozen input', () => {
    const members = deepFreeze([
      { id: 'a', locked: cny('10') },
      { id: 'b', hireDate: '2025-01-20' },
      { id: 't', members: [{ id: 'c' }, { id: 'd' }] },
    ]);
    const split = splitTarget(
      deepFreeze({ total: cny('100'), members }),
      deepFreeze({ period: 'FY2025-Q1', ramp: { table: [50, 100] } }),
    );
    expect(split.parts.map((p) => p.amount.toString())).toEqual(['10.00 CNY', '18.00 CNY', '72.00 CNY']);
    const m = targetMatrix(
      deepFreeze({
        periods: [
          { period: '2025-01', amount: cny('50') },
          { period: '2025-02', amount: cny('50') },
        ],
        reps: [{ id: 'a' }, { id: 'b', hireDate: '2025-01-20' }],
      }),
      deepFreeze({ ramp: { table: [50, 100] } }),
    );
    expect(m.cells).toEqual([
      [5000, 3333],
      [0, 1667],
    ]);
  });
});
