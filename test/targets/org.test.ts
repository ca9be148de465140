import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../src/index';
import { cny, errorOf } from './helpers';

const amounts = (r: ReturnType<typeof splitTarget>) =>
  r.parts.map((p) => p.amount.toString().replace(' CNY', ''));
const ramp = { table: [25, 50, 75, 100] };

describe('splitTarget: worked examples', () => {
  it('300,000 over three reps, the third in ramp month 2 (50%) → 120,000 / 120,000 / 60,000', () => {
    const r = splitTarget(
      { total: cny('300000'), members: [{ id: 'a' }, { id: 'b' }, { id: 'c', rampMonth: 2 }] },
      { ramp },
    );
    expect(amounts(r)).toEqual(['120000.00', '120000.00', '60000.00']);
    expect(r.parts.map((p) => p.rampFactor)).toEqual(['1.000000', '1.000000', '0.500000']);
  });

  it('99.99 split 75/25 → 74.99 / 25.00 (largest remainder, not list order)', () => {
    const r = splitTarget(
      {
        total: cny('99.99'),
        members: [
          { id: 'a', weight: 75 },
          { id: 'b', weight: 25 },
        ],
      },
      { method: 'weights' },
    );
    expect(amounts(r)).toEqual(['74.99', '25.00']);
    expect(r.parts.map((p) => p.roundedUp)).toEqual([false, true]);
  });
});

describe('splitTarget: ramp, mid-month rule and leavers', () => {
  const split = (member: object, period = '2025-03') =>
    splitTarget({ total: cny('200'), members: [{ id: 'vet' }, { id: 'new', ...member }] }, { period, ramp });

  it('joining before the 16th counts the hire month as tenure month 1', () => {
    expect(split({ hireDate: '2025-02-15' }).parts[1]!.rampFactor).toBe('0.500000');
  });

  it('joining on the 16th or later counts from the next month', () => {
    expect(split({ hireDate: '2025-02-16' }).parts[1]!.rampFactor).toBe('0.250000');
    expect(split({ hireDate: '2025-03-20' }).parts[1]!.rampFactor).toBe('0.000000');
  });

  it('the mid-month day is configurable', () => {
    const r = splitTarget(
      { total: cny('200'), members: [{ id: 'vet' }, { id: 'new', hireDate: '2025-02-10' }] },
      { period: '2025-03', ramp: { table: [25, 50, 75, 100], midMonthDay: 10 } },
    );
    expect(r.parts[1]!.rampFactor).toBe('0.250000');
  });

  it('weighs the months of a quarter by their days', () => {
    // Tenure months 1, 2, 3 in Jan (31 d), Feb (28 d), Mar (31 d): (31×25 + 28×50 + 31×75) / 90 / 100 = 0.5
    const r = split({ hireDate: '2025-01-02' }, 'FY2025-Q1');
    expect(r.parts[1]!.rampFactor).toBe('0.500000');
    expect(split({ hireDate: '2025-01-20' }, 'FY2025-Q1').parts[1]!.rampFactor).toBe('0.250000');
    expect(r.parts[0]!.amount.plus(r.parts[1]!.amount).toString()).toBe('200.00 CNY');
  });

  it('leavers count nothing after their end month (the end month counts when on or after the 16th)', () => {
    expect(split({ endDate: '2025-02-28' }, 'FY2025-Q1').parts[1]!.rampFactor).toBe('0.655556');
    expect(split({ endDate: '2025-03-10' }).parts[1]!.rampFactor).toBe('0.000000');
    expect(split({ endDate: '2025-03-20' }).parts[1]!.rampFactor).toBe('1.000000');
  });

  it('hire dates need a period', () => {
    const e = errorOf(() => splitTarget({ total: cny('1'), members: [{ id: 'a', hireDate: '2025-01-01' }] }));
    expect(e.path).toEqual(['members', 0, 'hireDate']);
  });
});

describe('splitTarget: methods, locks and bounds', () => {
  it('history and capacity', () => {
    const h = splitTarget(
      {
        total: cny('1000'),
        members: [
          { id: 'a', history: cny('300') },
          { id: 'b', history: cny('100') },
        ],
      },
      { method: 'history' },
    );
    expect(amounts(h)).toEqual(['750.00', '250.00']);
    const c = splitTarget(
      {
        total: cny('1000'),
        members: [
          { id: 'a', capacity: 3 },
          { id: 'b', capacity: '1.5' },
        ],
      },
      { method: 'capacity' },
    );
    expect(amounts(c)).toEqual(['666.67', '333.33']);
  });

  it('keeps a locked override exactly and re-spreads the rest', () => {
    const r = splitTarget({
      total: cny('100000'),
      members: [{ id: 'a' }, { id: 'b', locked: cny('50000.01') }, { id: 'c' }],
    });
    expect(amounts(r)).toEqual(['25000.00', '50000.01', '24999.99']);
    expect(r.explain.respread.toString()).toBe('49999.99 CNY');
  });

  it('holds members at their max and min and re-spreads', () => {
    const r = splitTarget({
      total: cny('300'),
      members: [{ id: 'a', max: cny('50') }, { id: 'b', min: cny('200') }, { id: 'c' }],
    });
    expect(amounts(r)).toEqual(['50.00', '200.00', '50.00']);
    expect(r.parts.map((p) => p.bound)).toEqual(['max', 'min', null]);
  });

  it('splits sub-teams again over their members', () => {
    const r = splitTarget({
      total: cny('900'),
      members: [{ id: 'east', members: [{ id: 'u1' }, { id: 'u2' }] }, { id: 'u3' }],
    });
    expect(amounts(r)).toEqual(['600.00', '300.00']);
    expect(r.parts[0]!.members!.map((p) => p.amount.toString())).toEqual(['300.00 CNY', '300.00 CNY']);
  });
});

describe('splitTarget: bad input', () => {
  it('weights all zero', () => {
    const e = errorOf(() =>
      splitTarget(
        {
          total: cny('1'),
          members: [
            { id: 'a', weight: 0 },
            { id: 'b', weight: 0 },
          ],
        },
        { method: 'weights' },
      ),
    );
    expect(e.code).toBe('INVALID_WEIGHTS');
  });

  it('ramp tables out of range', () => {
    const e = errorOf(() =>
      splitTarget({ total: cny('1'), members: [{ id: 'a' }] }, { ramp: { table: [50, 120] } }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['ramp', 'table', 1]);
    expect(
      errorOf(() => splitTarget({ total: cny('1'), members: [{ id: 'a' }] }, { ramp: { table: [-5] } })).code,
    ).toBe('INVALID_WEIGHTS');
  });

  it('locks above the total, impossible bounds', () => {
    expect(
      errorOf(() =>
        splitTarget({ total: cny('100'), members: [{ id: 'a', locked: cny('101') }, { id: 'b' }] }),
      ).code,
    ).toBe('INFEASIBLE_TARGET');
    expect(
      errorOf(() =>
        splitTarget({
          total: cny('100'),
          members: [
            { id: 'a', min: cny('60') },
            { id: 'b', min: cny('60') },
          ],
        }),
      ).code,
    ).toBe('INFEASIBLE_TARGET');
    expect(
      errorOf(() =>
        splitTarget({
          total: cny('100'),
          members: [
            { id: 'a', max: cny('40') },
            { id: 'b', max: cny('40') },
          ],
        }),
      ).code,
    ).toBe('INFEASIBLE_TARGET');
  });

  it('negative totals, duplicate ids, missing weights', () => {
    expect(errorOf(() => splitTarget({ total: cny('-1'), members: [{ id: 'a' }] })).code).toBe(
      'INVALID_INPUT',
    );
    expect(errorOf(() => splitTarget({ total: cny('1'), members: [{ id: 'a' }, { id: 'a' }] })).code).toBe(
      'DUPLICATE_ID',
    );
    expect(
      errorOf(() => splitTarget({ total: cny('1'), members: [{ id: 'a' }] }, { method: 'weights' })).path,
    ).toEqual(['members', 0, 'weight']);
  });
});

describe('splitTarget: the Rep model', () => {
  it('accepts hire dates as Date values, placed in the calendar zone', () => {
    // 2025-02-15T20:00Z is already the 16th in Shanghai: tenure starts in March.
    const r = splitTarget(
      {
        total: cny('200'),
        members: [{ id: 'vet' }, { id: 'new', hireDate: new Date('2025-02-15T20:00:00Z') }],
      },
      { period: '2025-03', ramp, calendar: { zone: 'Asia/Shanghai' } },
    );
    expect(r.parts[1]!.rampFactor).toBe('0.250000');
  });

  it('rejects misspelt options and wrong shapes with every problem listed', () => {
    const e = errorOf(() =>
      splitTarget({ total: cny('1'), members: [{ id: 'a' }] }, { methd: 'equal' } as unknown as object),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('unknown field "methd"');
    const shape = errorOf(() => splitTarget({ total: '100', members: [{ name: 'x' }] } as never));
    expect(shape.issues.map((i) => i.path)).toEqual([['total'], ['members', 0, 'id']]);
  });
});
