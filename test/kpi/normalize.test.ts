import { describe, expect, it } from 'vitest';
import { oneKpiCard, scoreOf } from './helpers';

describe('normalisation curves', () => {
  const piecewise = oneKpiCard({
    kind: 'piecewise',
    threshold: 90,
    target: 100,
    stretch: 120,
    scores: { threshold: 50, target: 100, stretch: 150 },
  });

  it('threshold 90 / target 100 / stretch 120 scoring 50/100/150: 85 → 0 (cliff), 90 → 50, 95 → 50 + 50 × 5/10 = 75, 110 → 100 + 50 × 10/20 = 125, 130 → 150 (capped)', () => {
    expect([85, 90, 95, 110, 130].map((v) => scoreOf(piecewise, v))).toEqual([
      '0.00',
      '50.00',
      '75.00',
      '125.00',
      '150.00',
    ]);
  });

  it('without a cliff, the threshold line continues down to 0: 85 → 50 − 50 × 5/10 = 25, 70 → 0', () => {
    const card = oneKpiCard({
      kind: 'piecewise',
      threshold: 90,
      target: 100,
      stretch: 120,
      belowThreshold: 'linear',
    });
    expect(scoreOf(card, 85)).toBe('25.00');
    expect(scoreOf(card, 70)).toBe('0.00');
  });

  it('lower-is-better complaint rate, threshold 5% / target 3% / stretch 2%: 4% → 50 + 50 × 1/2 = 75, 3% → 100, 2.5% → 100 + 50 × 0.5/1 = 125', () => {
    const card = oneKpiCard({ kind: 'piecewise', threshold: 5, target: 3, stretch: 2 }, 'lower');
    expect([4, 3, 2.5].map((v) => scoreOf(card, v))).toEqual(['75.00', '100.00', '125.00']);
    expect(scoreOf(card, 6)).toBe('0.00');
    expect(scoreOf(card, 1)).toBe('150.00');
  });

  it('piecewise on attainment reads the points in percent of each rep’s own target: 95 of 100 → 75, 190 of 200 → 75', () => {
    const card = oneKpiCard({ kind: 'piecewise', basis: 'attainment', threshold: 90, stretch: 120 });
    expect(scoreOf(card, 95, 100)).toBe('75.00');
    expect(scoreOf(card, 190, 200)).toBe('75.00');
  });

  it('ratio: value ÷ target × 100; lower-is-better target ÷ value × 100; closer 100 × (1 − |v − t| ÷ t)', () => {
    expect(scoreOf(oneKpiCard({ kind: 'ratio' }, 'higher', 60), 52)).toBe('86.67');
    expect(scoreOf(oneKpiCard({ kind: 'ratio' }, 'higher', 60), 90)).toBe('150.00');
    expect(scoreOf(oneKpiCard({ kind: 'ratio' }, 'lower', 30), 40)).toBe('75.00'); // 30/40
    expect(scoreOf(oneKpiCard({ kind: 'ratio' }, 'closer', 10), 12)).toBe('80.00'); // 1 − 2/10
    expect(scoreOf(oneKpiCard({ kind: 'ratio' }, 'closer', 10), 25)).toBe('0.00');
  });

  it('capped ratio never passes the cap: 130/100 capped at 120 → 120', () => {
    expect(scoreOf(oneKpiCard({ kind: 'capped-ratio', cap: 120 }, 'higher', 100), 130)).toBe('120.00');
  });

  it('bands: the higher band applies at the boundary', () => {
    const bands = oneKpiCard({
      kind: 'bands',
      bands: [
        { from: 0, score: 0 },
        { from: 10, score: 60 },
        { from: 20, score: 100 },
      ],
    });
    expect([9.99, 10, 19, 20, 35].map((v) => scoreOf(bands, v))).toEqual([
      '0.00',
      '60.00',
      '60.00',
      '100.00',
      '100.00',
    ]);
    const lower = oneKpiCard(
      {
        kind: 'bands',
        bands: [
          { from: 60, score: 50 },
          { from: 45, score: 100 },
        ],
      },
      'lower',
    );
    expect([70, 60, 50, 45, 30].map((v) => scoreOf(lower, v))).toEqual([
      '0.00',
      '50.00',
      '50.00',
      '100.00',
      '100.00',
    ]);
  });

  it('binary: met or not (lower: at most the target; closer: within the tolerance)', () => {
    expect(scoreOf(oneKpiCard({ kind: 'binary' }, 'higher', 10), 10)).toBe('100.00');
    expect(scoreOf(oneKpiCard({ kind: 'binary' }, 'higher', 10), 9.99)).toBe('0.00');
    expect(scoreOf(oneKpiCard({ kind: 'binary' }, 'lower', 3), 3)).toBe('100.00');
    expect(scoreOf(oneKpiCard({ kind: 'binary', tolerance: 0.5 }, 'closer', 3), 3.5)).toBe('100.00');
    expect(scoreOf(oneKpiCard({ kind: 'binary', tolerance: 0.5 }, 'closer', 3), 3.51)).toBe('0.00');
  });

  it('closer-is-better piecewise peaks at the target: deviation 1 of threshold deviation 2 → 75', () => {
    const card = oneKpiCard({ kind: 'piecewise', threshold: 8, target: 10 }, 'closer');
    expect([10, 9, 11, 8, 12, 7].map((v) => scoreOf(card, v))).toEqual([
      '100.00',
      '75.00',
      '75.00',
      '50.00',
      '50.00',
      '0.00',
    ]);
  });
});
