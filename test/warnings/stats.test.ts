import { describe, expect, it } from 'vitest';
import {
  DayHistogram,
  mad,
  median,
  normalCdf,
  normalQuantile,
  twoProportionLower,
  wilson,
} from '../../src/warnings/stats';

describe('warning statistics', () => {
  it('normal distribution and its inverse', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 5);
  });

  it('Wilson interval and the two-proportion test', () => {
    const [lo, hi] = wilson(5, 20, 1.959964)!;
    expect(lo).toBeCloseTo(0.1119, 4);
    expect(hi).toBeCloseTo(0.4687, 4);
    expect(wilson(0, 0, 1.96)).toBeNull();
    expect(wilson(0, 10, 1.96)![0]).toBe(0);
    expect(twoProportionLower(0, 10, 0, 10)).toBeNull(); // pooled rate 0: not applicable, never NaN
    expect(twoProportionLower(10, 10, 20, 20)).toBeNull();
    expect(twoProportionLower(1, 0, 2, 3)).toBeNull();
    const t = twoProportionLower(5, 20, 30, 40)!;
    expect(t.z).toBeCloseTo(-3.7033, 3);
    expect(t.pValue).toBeCloseTo(0.0001064, 6);
  });

  it('nearest-rank percentiles from a day histogram, median and MAD', () => {
    const h = new DayHistogram();
    expect(h.percentile(0.9)).toBeNull();
    for (const d of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) h.add(d);
    expect(h.percentile(0.9)).toBe(9);
    expect(h.percentile(0.5)).toBe(5);
    expect(h.percentile(1)).toBe(10);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(mad([1, 2, 3, 4, 100], 3)).toBe(1);
  });
});
