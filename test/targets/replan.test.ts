import { describe, expect, it } from 'vitest';
import { replanTarget } from '../../src/index';
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
