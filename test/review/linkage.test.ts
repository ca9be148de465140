import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LinkagePanelRow, OpenSpmError, parsePeriodKey, processResultLinkage } from '../../src/index';
import { generateSampleData, SeededRandom } from '../../src/testing/index';

const SLOPE = 5000; // planted: each extra visit brings 5,000 of revenue

function normal(r: SeededRandom): number {
  // Box–Muller on the seeded generator.
  const u = Math.max(r.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.next());
}

/**
 * A panel where visits drive revenue (slope 5,000, same period or `lag` periods later) and calls do not;
 * everything (visits, calls, revenue) rises with time, so a naive correlation would credit calls too.
 */
function plantedPanel(seed: number, reps = 30, months = 12, lag = 0): LinkagePanelRow[] {
  const r = new SeededRandom(seed);
  const keys = Array.from({ length: months }, (_, m) => `2024-${String(m + 1).padStart(2, '0')}`);
  const rows: LinkagePanelRow[] = [];
  for (let i = 0; i < reps; i++) {
    const base = 10 + r.int(0, 10);
    const visits = keys.map((_, t) => Math.max(0, Math.round(base + 1.5 * t + 3 * normal(r))));
    const calls = keys.map((_, t) => Math.max(0, Math.round(40 + 4 * t + 8 * normal(r))));
    keys.forEach((key, t) => {
      const driver = t - lag >= 0 ? visits[t - lag]! : base;
      const revenue = Math.max(0, Math.round(SLOPE * driver + 8000 * t + 15000 * normal(r)));
      rows.push({
        repId: `rep-${i + 1}`,
        period: key,
        values: { visits: visits[t]!, calls: calls[t]!, revenue },
      });
    });
  }
  return rows;
}

const options = { process: ['visits', 'calls'], result: ['revenue'], permutations: 499 };

describe('processResultLinkage on planted data', () => {
  it.each([1, 2, 3, 4, 5])('finds that visits drive revenue and calls do not (seed %i)', (seed) => {
    const result = processResultLinkage({ panel: plantedPanel(seed) }, { ...options, seed });
    const visits = result.pairs.find((p) => p.process === 'visits')!;
    const calls = result.pairs.find((p) => p.process === 'calls')!;
    expect(visits.verdict).toBe('positive');
    expect(visits.pairs).toBe(360);
    expect(visits.reps).toBe(30);
    expect(visits.spearman!.pValue).toBeLessThan(0.01);
    expect(visits.slope!.lower).toBeLessThanOrEqual(SLOPE);
    expect(visits.slope!.upper).toBeGreaterThanOrEqual(SLOPE);
    expect(visits.slope!.perUnit).toBeGreaterThan(SLOPE * 0.7);
    expect(visits.slope!.perUnit).toBeLessThan(SLOPE * 1.3);
    expect(visits.leaveOneOut!.robust).toBe(true);
    expect(visits.explanationZh).toMatch(/^拜访量与同期revenue：ρ = .*拜访量越多，revenue越多/);
    expect(['no-evidence', 'fragile']).toContain(calls.verdict);
    expect(result.ranking.map((x) => x.process)).toEqual(['visits', 'calls']);
    expect(result.suggestedWeights.weights).toEqual([
      { process: 'visits', weight: 100, rho: visits.spearman!.rho },
    ]);
    expect(result.suggestedWeights.applied).toBe(false);
    expect(result.suggestedWeights.label).toMatch(/Suggestion only/);
  });

  it('without the within-period comparison, the common trend makes calls look like a driver', () => {
    const result = processResultLinkage({ panel: plantedPanel(1) }, { ...options, adjust: 'none' });
    const calls = result.pairs.find((p) => p.process === 'calls')!;
    expect(calls.verdict).toBe('positive');
    expect(calls.guards.join(' ')).toMatch(/trend/);
  });

  it('finds a lagged effect with the matching lag and not without it', () => {
    const panel = plantedPanel(7, 30, 12, 1);
    const lagged = processResultLinkage({ panel }, { ...options, lag: 1 });
    const same = processResultLinkage({ panel }, { ...options, lag: 0 });
    const v1 = lagged.pairs.find((p) => p.process === 'visits')!;
    const v0 = same.pairs.find((p) => p.process === 'visits')!;
    expect(v1.verdict).toBe('positive');
    expect(v1.pairs).toBe(330);
    expect(v1.slope!.perUnit).toBeGreaterThan(SLOPE * 0.7);
    expect(v1.slope!.perUnit).toBeLessThan(SLOPE * 1.3);
    expect(Math.abs(v0.spearman!.rho)).toBeLessThan(v1.spearman!.rho);
  });

  it('declines to claim with too little data', () => {
    const panel = plantedPanel(1, 3, 2);
    const result = processResultLinkage({ panel }, options);
    for (const p of result.pairs) {
      expect(p.verdict).toBe('insufficient-data');
      expect(p.spearman).toBeNull();
      expect(p.slope).toBeNull();
      expect(p.guards[0]).toMatch(/no claim/);
    }
    expect(result.pairs[0]!.explanation).toMatch(
      /Not enough data.*6 rep-period pairs \(minimum 30\), 3 reps \(minimum 5\), 2 periods \(minimum 3\)/,
    );
    expect(result.pairs[0]!.explanationZh).toBe(
      '数据不足，无法判断拜访量与revenue的关系：样本6个（至少30个），销售3人（至少5人），2个周期（至少3个）。',
    );
    expect(result.suggestedWeights.weights).toEqual([]);
    expect(result.suggestedWeights.reason).toMatch(/keep the current weights/);
  });

  it('flags evidence that rests on a single rep (never claims it)', () => {
    // One star rep with far more visits and revenue every month; the other reps show no link. Whenever the
    // full sample looks significant, the leave-one-rep-out check must catch it.
    let flagged = 0;
    for (const seed of [11, 12, 13, 14, 15]) {
      const r = new SeededRandom(seed);
      const rows: LinkagePanelRow[] = [];
      for (let i = 0; i < 6; i++) {
        for (let t = 0; t < 8; t++) {
          const star = i === 0;
          rows.push({
            repId: `rep-${i}`,
            period: `2024-0${t + 1}`,
            values: {
              visits: star ? 100 + t : r.int(10, 20),
              calls: r.int(10, 20),
              revenue: star ? 10_000_000 : r.int(100_000, 200_000),
            },
          });
        }
      }
      const result = processResultLinkage({ panel: rows }, options);
      const visits = result.pairs.find((p) => p.process === 'visits')!;
      expect(visits.verdict).not.toBe('positive');
      if (visits.verdict === 'fragile') {
        flagged++;
        expect(visits.leaveOneOut!.repId).toBe('rep-0');
        expect(visits.leaveOneOut!.robust).toBe(false);
        expect(visits.explanation).toMatch(/rests on rep rep-0/);
        expect(result.suggestedWeights.weights).toEqual([]);
      }
    }
    expect(flagged).toBeGreaterThanOrEqual(3);
  });

  it('estimates the slope from a seeded sample of a large panel, and says so', () => {
    const panel = plantedPanel(4, 170, 12);
    const result = processResultLinkage({ panel }, { ...options, process: ['visits'], permutations: 99 });
    const visits = result.pairs.find((p) => p.process === 'visits')!;
    expect(visits.pairs).toBe(2040);
    expect(visits.slope!.pairwiseSlopes).toBeLessThanOrEqual((2000 * 1999) / 2);
    expect(visits.guards.join(' ')).toMatch(/seeded sample of 2000/);
    expect(visits.slope!.perUnit).toBeGreaterThan(SLOPE * 0.8);
    expect(visits.slope!.perUnit).toBeLessThan(SLOPE * 1.2);
  });

  it('a suggested split is empty or totals exactly 100, is never applied, and only uses positive metrics', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (seed, strength) => {
          const r = new SeededRandom(seed);
          const panel: LinkagePanelRow[] = [];
          for (let i = 0; i < 8; i++) {
            for (let t = 0; t < 5; t++) {
              const a = r.int(0, 20);
              const b = r.int(0, 20);
              const c = r.int(0, 20);
              panel.push({
                repId: `r${i}`,
                period: `2024-0${t + 1}`,
                values: { a, b, c, y: strength * (a + b / 2) + 10 * r.next() },
              });
            }
          }
          const result = processResultLinkage(
            { panel },
            { process: ['a', 'b', 'c'], result: ['y'], permutations: 99, seed },
          );
          const s = result.suggestedWeights;
          expect(s.applied).toBe(false);
          if (s.weights.length > 0) expect(s.weights.reduce((x, w) => x + w.weight, 0)).toBe(100);
          const positive = new Set(
            result.pairs.filter((p) => p.verdict === 'positive').map((p) => p.process),
          );
          expect(new Set(s.weights.map((w) => w.process))).toEqual(positive);
          expect(result.ranking.map((x) => x.rank)).toEqual([1, 2, 3]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic for a seed', () => {
    const panel = plantedPanel(3);
    const a = processResultLinkage({ panel }, { ...options, seed: 9 });
    const b = processResultLinkage({ panel }, { ...options, seed: 9 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('does not change its input', () => {
    const panel = plantedPanel(2, 6, 4);
    const copy = structuredClone(panel);
    processResultLinkage({ panel }, options);
    expect(panel).toEqual(copy);
  });

  it('builds the panel from a dataset with the KPI metrics', () => {
    const dataset = generateSampleData({ seed: 2, reps: 12, deals: 600 });
    const result = processResultLinkage(
      { dataset },
      {
        asOf: '2024-12-31',
        period: parsePeriodKey('FY2024-H2'),
        process: ['visits', 'calls'],
        result: ['signedAmount'],
        permutations: 199,
      },
    );
    expect(result.periods).toEqual(['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12']);
    expect(result.panel).toHaveLength(12 * 6);
    expect(result.pairs).toHaveLength(2);
    for (const p of result.pairs) expect(p.pairs).toBe(72);
    expect(result.ranking).toHaveLength(2);
  });

  it('rejects bad input with OpenSpmError', () => {
    expect(() =>
      processResultLinkage({ panel: plantedPanel(1, 5, 3) }, { ...options, process: ['demos'] }),
    ).toThrow(OpenSpmError);
    expect(() => processResultLinkage({}, options)).toThrow(/dataset.*panel/);
    expect(() => processResultLinkage({ panel: [] }, { ...options, lag: -1 })).toThrow(OpenSpmError);
    expect(() =>
      processResultLinkage({ dataset: generateSampleData({ seed: 1, deals: 10 }) }, { process: ['visits'] }),
    ).toThrow(/options.period/);
    const oneRep = { ...options, repId: 'rep-1' }; // a linkage compares reps
    expect(() => processResultLinkage({ panel: plantedPanel(1, 5, 3) }, oneRep)).toThrow(/compares reps/);
    try {
      processResultLinkage({ panel: plantedPanel(1, 5, 3) }, { ...options, primaryResult: 'cash' });
    } catch (e) {
      expect((e as OpenSpmError).code).toBe('UNKNOWN_METRIC');
    }
  });
});
