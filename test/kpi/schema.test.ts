import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defineScorecard,
  type OpenSpmError,
  type Scorecard,
  type ScorecardInput,
  scorecardInForce,
} from '../../src/index';

const card = (
  dimWeights: (number | string)[],
  kpiWeights: (number | string)[][] = dimWeights.map(() => [100]),
): ScorecardInput => ({
  id: 'c',
  name: 'Card',
  version: 1,
  effectiveFrom: '2024-01-01',
  dimensions: dimWeights.map((w, d) => ({
    id: `d${d}`,
    name: `D${d}`,
    weight: w,
    kpis: kpiWeights[d]!.map((kw, k) => ({ id: `k${d}-${k}`, name: `K${d}.${k}`, weight: kw, target: 1 })),
  })),
});

function errorOf(f: () => unknown): OpenSpmError {
  try {
    f();
  } catch (e) {
    return e as OpenSpmError;
  }
  throw new Error('did not throw');
}

describe('defineScorecard', () => {
  it('accepts weights totalling exactly 100 at each level, decimal strings included (33.33 + 33.33 + 33.34)', () => {
    expect(defineScorecard(card(['33.33', '33.33', '33.34'])).dimensions.map((d) => d.weight)).toEqual([
      33.33, 33.33, 33.34,
    ]);
  });

  it('names the level and the actual sum when weights do not total 100', () => {
    const e = errorOf(() => defineScorecard(card([50, 40])));
    expect(e.code).toBe('WEIGHTS_NOT_100');
    expect(e.issues[0]!.message).toBe(
      'dimensions: the dimension weights total 90, not 100 (d0 50 + d1 40); make them add up to exactly 100',
    );
    const k = errorOf(() => defineScorecard(card([50, 50], [[60, 30], [100]])));
    expect(k.issues[0]!.path).toEqual(['dimensions', 0, 'kpis']);
    expect(k.issues[0]!.message).toMatch(/KPI weights of dimension "d0" total 90, not 100/);
  });

  it('decimal weights are added exactly: 0.1 + 0.2 + 99.7 is 100', () => {
    expect(() => defineScorecard(card([50, 50], [['0.1', '0.2', '99.7'], [100]]))).not.toThrow();
    expect(errorOf(() => defineScorecard(card([50, 50], [['0.1', '0.2', '99.6'], [100]]))).code).toBe(
      'WEIGHTS_NOT_100',
    );
  });

  it('rejects more than 2 decimals, negative weights, duplicate ids, and curve points out of order', () => {
    expect(errorOf(() => defineScorecard(card(['50.005', '49.995']))).code).toBe('INVALID_INPUT');
    expect(errorOf(() => defineScorecard(card([110, -10]))).code).toBe('INVALID_INPUT');
    const dup = card([50, 50]);
    dup.dimensions[1]!.id = 'd0';
    expect(errorOf(() => defineScorecard(dup)).code).toBe('DUPLICATE_ID');
    const bad = card([100]);
    bad.dimensions[0]!.kpis[0]!.curve = { kind: 'piecewise', threshold: 100, target: 90 };
    expect(errorOf(() => defineScorecard(bad)).issues[0]!.message).toMatch(
      /threshold 100 must be below the target 90/,
    );
  });

  it('checks the minimum-weight rule on the scorecard and on every profile (process + quality ≥ 30)', () => {
    const base: ScorecardInput = {
      ...card([20, 70, 10]),
      minimumWeights: [{ dimensions: ['d0', 'd2'], atLeast: 30 }],
    };
    expect(() => defineScorecard(base)).not.toThrow();
    const e = errorOf(() =>
      defineScorecard({
        ...base,
        profiles: [
          {
            id: 'veteran',
            when: { tenureMonths: { min: 36 } },
            dimensionWeights: { d0: 10, d1: 80, d2: 10 },
          },
        ],
      }),
    );
    expect(e.code).toBe('MINIMUM_WEIGHT_NOT_MET');
    expect(e.issues[0]!.message).toMatch(
      /profile "veteran" gives d0 \+ d2 a weight of 20, below the minimum of 30/,
    );
  });

  it('checks profile weights total 100 and name every dimension', () => {
    const e = errorOf(() =>
      defineScorecard({
        ...card([50, 50]),
        profiles: [{ id: 'p', when: {}, dimensionWeights: { d0: 60, d1: 30 } }],
      }),
    );
    expect(e.code).toBe('WEIGHTS_NOT_100');
    expect(e.issues[0]!.path).toEqual(['profiles', 0, 'dimensionWeights']);
    const m = errorOf(() =>
      defineScorecard({
        ...card([50, 50]),
        profiles: [{ id: 'p', when: {}, dimensionWeights: { d0: 100 } }],
      }),
    );
    expect(m.issues[0]!.message).toMatch(/no weight for "d1"/);
  });

  it('is JSON-serialisable: a parsed scorecard parses back to itself', () => {
    const parsed = defineScorecard(card([50, 50]));
    expect(defineScorecard(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it('property: dimension weights that do not total 100 are rejected; those that do are accepted', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 1, maxLength: 6 }), (centis) => {
        const weights = centis.map((c) => (c / 100).toFixed(2));
        const total = centis.reduce((a, b) => a + b, 0);
        if (total === 10000) expect(() => defineScorecard(card(weights))).not.toThrow();
        else expect(errorOf(() => defineScorecard(card(weights))).code).toBe('WEIGHTS_NOT_100');
      }),
    );
  });
});

describe('scorecardInForce', () => {
  it('picks the latest version effective on the date', () => {
    const v1 = defineScorecard(card([100]));
    const v2: Scorecard = { ...v1, version: '2', effectiveFrom: '2024-07-01' };
    expect(scorecardInForce([v2, v1], '2024-06-30')?.version).toBe('1');
    expect(scorecardInForce([v2, v1], '2024-07-01')?.version).toBe('2');
    expect(scorecardInForce([v2, v1], '2023-01-01')).toBeNull();
  });
});
