import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Curve,
  Decimal,
  type KpiDirection,
  rankScores,
  type ScorecardInput,
  scoreKpis,
} from '../../src/index';
import { oneKpiCard } from './helpers';

/** A decimal with up to 4 places, as a JS number (how CRMs send values). */
const decimalValue = fc
  .integer({ min: 0, max: 5_000_000 })
  .chain((n) => fc.integer({ min: 0, max: 4 }).map((dp) => Number((n / 10 ** dp).toFixed(dp))));
const positive = decimalValue.filter((v) => v >= 1);
/** Values of 1 or more and targets from 10 to 500,000 keep uncapped ratios below the 90,000,000-point limit. */
const targetValue = decimalValue.filter((v) => v >= 10 && v <= 500_000);

const curves: fc.Arbitrary<Curve> = fc.oneof(
  fc.constant<Curve>({ kind: 'ratio' }),
  fc.integer({ min: 100, max: 200 }).map((cap): Curve => ({ kind: 'capped-ratio', cap })),
  fc.tuple(fc.integer({ min: 50, max: 95 }), fc.integer({ min: 105, max: 150 }), fc.boolean()).map(
    ([threshold, stretch, cliff]): Curve => ({
      kind: 'piecewise',
      basis: 'attainment',
      threshold,
      target: 100,
      stretch,
      scores: { threshold: 50, target: 100, stretch: 150 },
      belowThreshold: cliff ? 'zero' : 'linear',
    }),
  ),
  fc.constant<Curve>({
    kind: 'bands',
    basis: 'attainment',
    bands: [
      { from: 0, score: 0 },
      { from: 80, score: 60 },
      { from: 100, score: 100 },
      { from: 120, score: 130 },
    ],
  }),
  fc.constant<Curve>({ kind: 'binary', scoreMet: 100, scoreMissed: 0, tolerance: 0 }),
);

function score(curve: Curve, direction: KpiDirection, value: number, target: number): Decimal {
  const r = scoreKpis(
    { scorecard: oneKpiCard(curve, direction, target), reps: ['r'], values: { r: { k: value } } },
    { asOf: '2024-01-31' },
  );
  return r.reps[0]!.kpis[0]!.score!;
}

/** Reference: everything in decimals, independently of the double fast path. */
function referenceScore(curve: Curve, direction: 'higher' | 'lower', value: number, target: number): Decimal {
  const v = new Decimal(String(value));
  const t = new Decimal(String(target));
  const a = direction === 'higher' ? v.times(100).dividedBy(t) : t.times(100).dividedBy(v);
  let s: Decimal;
  switch (curve.kind) {
    case 'ratio':
      s = a;
      break;
    case 'capped-ratio':
      s = Decimal.min(a, curve.cap);
      break;
    case 'piecewise': {
      const { threshold: x0, stretch, scores } = curve;
      const x2 = stretch!;
      if (a.gte(x2)) s = new Decimal(scores.stretch);
      else if (a.gte(100))
        s = new Decimal(scores.target).plus(
          a
            .minus(100)
            .times(scores.stretch - scores.target)
            .dividedBy(x2 - 100),
        );
      else {
        const line = new Decimal(scores.threshold).plus(
          a
            .minus(x0)
            .times(scores.target - scores.threshold)
            .dividedBy(100 - x0),
        );
        s = a.gte(x0) ? line : curve.belowThreshold === 'zero' ? new Decimal(0) : Decimal.max(0, line);
      }
      break;
    }
    case 'bands': {
      const band = [...curve.bands].reverse().find((b) => a.gte(b.from));
      s = new Decimal(band ? band.score : 0);
      break;
    }
    case 'binary':
      s = new Decimal((direction === 'higher' ? v.gte(t) : v.lte(t)) ? curve.scoreMet : curve.scoreMissed);
      break;
  }
  return s.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
}

describe('scoreKpis properties', () => {
  it('scores are monotone in the value: never lower for a higher value on higher-is-better KPIs, the reverse for lower-is-better', () => {
    fc.assert(
      fc.property(curves, targetValue, positive, positive, (curve, target, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(score(curve, 'higher', lo, target).lte(score(curve, 'higher', hi, target))).toBe(true);
        expect(score(curve, 'lower', lo, target).gte(score(curve, 'lower', hi, target))).toBe(true);
      }),
    );
  });

  it('value-basis piecewise curves are monotone too (lower-is-better mirrored)', () => {
    const higher: Curve = {
      kind: 'piecewise',
      basis: 'value',
      threshold: 90,
      target: 100,
      stretch: 120,
      scores: { threshold: 50, target: 100, stretch: 150 },
      belowThreshold: 'zero',
    };
    const lower: Curve = {
      kind: 'piecewise',
      basis: 'value',
      threshold: 5,
      target: 3,
      stretch: 2,
      scores: { threshold: 50, target: 100, stretch: 150 },
      belowThreshold: 'linear',
    };
    fc.assert(
      fc.property(decimalValue, decimalValue, (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        expect(score(higher, 'higher', lo / 1000, 1).lte(score(higher, 'higher', hi / 1000, 1))).toBe(true);
        expect(score(lower, 'lower', lo / 100000, 1).gte(score(lower, 'lower', hi / 100000, 1))).toBe(true);
      }),
    );
  });

  it('the fast path (doubles, integer micro-points) equals an all-Decimal reference, KPI by KPI and in the total', () => {
    const kpi = fc.record({
      curve: curves,
      direction: fc.constantFrom<'higher' | 'lower'>('higher', 'lower'),
      value: positive,
      target: targetValue,
    });
    fc.assert(
      fc.property(
        fc.array(kpi, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 100 }),
        (kpis, first) => {
          // Two dimensions: first and 100 − first; KPI weights inside each split by largest remainder.
          const split = (n: number) =>
            Array.from({ length: n }, (_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
          const half = Math.ceil(kpis.length / 2);
          const groups = [kpis.slice(0, half), kpis.slice(half)].filter((g) => g.length > 0);
          const dimWeights = groups.length === 1 ? [100] : [first, 100 - first];
          const card: ScorecardInput = {
            id: 'p',
            name: 'P',
            version: 1,
            effectiveFrom: '2024-01-01',
            dimensions: groups.map((g, d) => ({
              id: `d${d}`,
              name: `D${d}`,
              weight: dimWeights[d]!,
              kpis: g.map((k, j) => ({
                id: `k${d}-${j}`,
                name: 'K',
                weight: split(g.length)[j]!,
                direction: k.direction,
                target: k.target,
                curve: k.curve,
              })),
            })),
          };
          const values: Record<string, number> = {};
          groups.forEach((g, d) => {
            g.forEach((k, j) => {
              values[`k${d}-${j}`] = k.value;
            });
          });
          const rep = scoreKpis({ scorecard: card, values: { r: values } }, { asOf: '2024-01-31' }).reps[0]!;
          let total = new Decimal(0);
          let at = 0;
          groups.forEach((g, d) => {
            g.forEach((k, j) => {
              const expected = referenceScore(k.curve, k.direction, k.value, k.target);
              expect(rep.kpis[at]!.score!.toString()).toBe(expected.toString());
              total = total.plus(expected.times(dimWeights[d]!).times(split(g.length)[j]!).dividedBy(10_000));
              at++;
            });
          });
          expect(rep.total!.toString()).toBe(total.toString());
        },
      ),
    );
  });

  it('re-normalising on missing KPIs keeps the total effective weight at exactly 100, and the total equals Σ effective weight × score ÷ 100', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ weight: fc.integer({ min: 1, max: 100 }), value: fc.option(positive, { nil: null }) }),
          { minLength: 2, maxLength: 9 },
        ),
        fc.integer({ min: 1, max: 99 }),
        (kpis, first) => {
          const half = Math.ceil(kpis.length / 2);
          const groups = [kpis.slice(0, half), kpis.slice(half)];
          const norm = (g: typeof kpis) => {
            const sum = g.reduce((a, b) => a + b.weight, 0);
            const ws = g.map((k) => Math.floor((k.weight * 100) / sum));
            ws[0]! += 100 - ws.reduce((a, b) => a + b, 0);
            return ws;
          };
          const card: ScorecardInput = {
            id: 'p',
            name: 'P',
            version: 1,
            effectiveFrom: '2024-01-01',
            dimensions: groups.map((g, d) => ({
              id: `d${d}`,
              name: `D${d}`,
              weight: d === 0 ? first : 100 - first,
              kpis: g.map((_, j) => ({ id: `k${d}-${j}`, name: 'K', weight: norm(g)[j]!, target: 1000 })),
            })),
          };
          const values: Record<string, number | null> = {};
          groups.forEach((g, d) => {
            g.forEach((k, j) => {
              values[`k${d}-${j}`] = k.value;
            });
          });
          const rep = scoreKpis({ scorecard: card, values: { r: values } }, { asOf: '2024-01-31' }).reps[0]!;
          if (kpis.every((k) => k.value === null)) {
            expect(rep.total).toBeNull();
            return;
          }
          const weight = rep.kpis.reduce((s, k) => s.plus(k.effectiveWeight), new Decimal(0));
          expect(weight.toString()).toBe('100');
          for (const k of rep.kpis)
            if (k.status === 'excluded') expect(k.effectiveWeight.isZero()).toBe(true);
          const total = rep.kpis.reduce((s, k) => s.plus(k.contribution), new Decimal(0));
          expect(total.toString()).toBe(rep.total!.toString());
          expect(rep.dimensions.reduce((s, d) => s.plus(d.effectiveWeight), new Decimal(0)).toString()).toBe(
            '100',
          );
        },
      ),
    );
  });

  it('ranks from the fast sort equal rankScores on the exact totals (competition and dense), ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }), { maxLength: 60 }),
        fc.constantFrom<'competition' | 'dense'>('competition', 'dense'),
        (raw, ties) => {
          const reps = raw.map((_, i) => ({ id: `r${i}`, teamId: `t${i % 3}` }));
          const values: Record<string, Record<string, number | null>> = {};
          raw.forEach((v, i) => {
            values[`r${i}`] = { k: v === null ? null : v / 4 };
          });
          const card = oneKpiCard({ kind: 'ratio' }, 'higher', 3);
          const result = scoreKpis({ scorecard: card, reps, values }, { asOf: '2024-01-31', ties });
          const reference = rankScores(
            result.reps.map((r) => ({ id: r.repId, score: r.total })),
            { ties },
          );
          expect(result.reps.map((r) => r.rank)).toEqual(reference.ranked.map((r) => r.rank));
        },
      ),
    );
  });
});
