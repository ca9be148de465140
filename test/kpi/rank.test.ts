import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capabilityProfile,
  forcedDistribution,
  rankScores,
  type ScorecardInput,
  scoreKpis,
  teamScores,
} from '../../src/index';

const buckets = [
  { label: 'top', share: 20 },
  { label: 'middle', share: 70 },
  { label: 'bottom', share: 10 },
];

describe('rankScores', () => {
  it('competition ranks 1, 2, 2, 4 and dense 1, 2, 2, 3; unscored items unranked', () => {
    const scores = [
      { id: 'a', score: 90 },
      { id: 'b', score: '95' },
      { id: 'c', score: 90 },
      { id: 'd', score: 80 },
      { id: 'e', score: null },
    ];
    expect(rankScores(scores).ranked.map((r) => r.rank)).toEqual([2, 1, 2, 4, null]);
    expect(rankScores(scores, { ties: 'dense' }).ranked.map((r) => r.rank)).toEqual([2, 1, 2, 3, null]);
    expect(rankScores(scores, { order: 'asc' }).ranked.map((r) => r.rank)).toEqual([2, 4, 2, 1, null]);
    // a: 1 below + ½ × 1 tied, of 3 others → 50
    expect(rankScores(scores).ranked.map((r) => r.percentile?.toString() ?? null)).toEqual([
      '50',
      '100',
      '50',
      '0',
      null,
    ]);
  });
});

describe('forcedDistribution', () => {
  it('20/70/10 of 12: quotas 2.4/8.4/1.2 → 2, 8, 1 plus the one left to the larger remainder, tie to the earlier bucket → 3/8/1, with a small-group warning', () => {
    const scores = Array.from({ length: 12 }, (_, i) => ({ id: `r${i + 1}`, score: 100 - i }));
    const r = forcedDistribution(scores, { buckets });
    expect(r.buckets.map((b) => b.size)).toEqual([3, 8, 1]);
    expect(r.buckets.map((b) => b.quota.toString())).toEqual(['2.4', '8.4', '1.2']);
    expect(r.buckets[0]!.ids).toEqual(['r1', 'r2', 'r3']);
    expect(r.buckets[2]!.ids).toEqual(['r12']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/only 12 scored, fewer than 25/);
  });

  it('30 reps: 6/21/3, no warning; a tie across a boundary is reported', () => {
    const scores = Array.from({ length: 30 }, (_, i) => ({
      id: `r${i}`,
      score: i === 6 ? 100 - 5 : 100 - i,
    }));
    const r = forcedDistribution(scores, { buckets });
    expect(r.buckets.map((b) => b.size)).toEqual([6, 21, 3]);
    expect(r.warnings).toEqual([
      'a tie at score 95 is split between "top" and "middle" (input order decided)',
    ]);
  });

  it('rejects shares that do not total 100', () => {
    expect(() => forcedDistribution([], { buckets: [{ label: 'a', share: 50 }] })).toThrowError(
      expect.objectContaining({ code: 'WEIGHTS_NOT_100' }),
    );
  });

  it('property: bucket sizes sum to the group size and each is within 1 of its quota', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }),
        fc
          .array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 })
          .filter((xs) => xs.some((x) => x > 0)),
        (scores, raw) => {
          // Shares scaled to total exactly 100 (last one takes the rest).
          const sum = raw.reduce((a, b) => a + b, 0);
          const shares = raw.map((x) => Math.floor((x * 100) / sum));
          shares[shares.length - 1]! += 100 - shares.reduce((a, b) => a + b, 0);
          const r = forcedDistribution(
            scores.map((s, i) => ({ id: `r${i}`, score: s })),
            { buckets: shares.map((share, k) => ({ label: `b${k}`, share })) },
          );
          expect(r.buckets.reduce((a, b) => a + b.size, 0)).toBe(scores.length);
          expect(r.assignments).toHaveLength(scores.length);
          for (const b of r.buckets) expect(Math.abs(b.size - b.quota.toNumber())).toBeLessThan(1);
        },
      ),
    );
  });
});

const card: ScorecardInput = {
  id: 'sc',
  name: 'S',
  version: 1,
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'process',
      name: 'Process',
      weight: 40,
      kpis: [{ id: 'visits', name: 'Visits', weight: 100, target: 100 }],
    },
    {
      id: 'result',
      name: 'Result',
      weight: 60,
      kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 100 }],
    },
  ],
};
const teams = [
  { id: 'hq', name: 'HQ' },
  { id: 'east', name: 'East', parentId: 'hq' },
  { id: 'west', name: 'West', parentId: 'hq' },
  { id: 'east-1', name: 'East 1', parentId: 'east' },
];

describe('teamScores', () => {
  const result = scoreKpis(
    {
      scorecard: card,
      reps: [
        { id: 'a', teamId: 'east' },
        { id: 'b', teamId: 'east-1' },
        { id: 'c', teamId: 'west' },
        { id: 'd', teamId: 'nowhere' },
      ],
      values: {
        a: { visits: 100, signed: 120 },
        b: { visits: 100, signed: 80 },
        c: { visits: 50, signed: 90 },
        d: { visits: 1, signed: 1 },
      },
    },
    { asOf: '2024-03-31' },
  );

  it('by headcount: a team covers its sub-teams’ reps (a 112, b 88, c 74 → east (112 + 88) / 2 = 100, hq (112 + 88 + 74) / 3 = 91.33)', () => {
    const t = teamScores(result, { teams });
    expect(t.teams.map((x) => [x.teamId, x.depth, x.headcount, x.display])).toEqual([
      ['hq', 0, 3, '91.33'],
      ['east', 1, 2, '100.00'],
      ['east-1', 2, 1, '88.00'],
      ['west', 1, 1, '74.00'],
    ]);
    expect(t.unassigned).toEqual(['d']);
  });

  it('by a result KPI value (signed): east (120 × 112 + 80 × 88) / 200 = 102.4', () => {
    const t = teamScores(result, { teams, weighting: { kpi: 'signed' } });
    expect(t.teams[1]!.score?.toString()).toBe('102.4');
    expect(t.teams[1]!.weightTotal.toString()).toBe('200');
  });

  it('rejects a cyclic tree', () => {
    expect(() =>
      teamScores(result, {
        teams: [
          { id: 'x', name: 'X', parentId: 'y' },
          { id: 'y', name: 'Y', parentId: 'x' },
        ],
      }),
    ).toThrowError(expect.objectContaining({ code: 'HIERARCHY_CYCLE' }));
  });
});

describe('capabilityProfile', () => {
  it('strengths and weaknesses against the team median, with the gap, largest first', () => {
    const result = scoreKpis(
      {
        scorecard: card,
        reps: ['a', 'b', 'c', 'd'].map((id) => ({ id, teamId: 't' })),
        values: {
          a: { visits: 140, signed: 60 },
          b: { visits: 100, signed: 100 },
          c: { visits: 95, signed: 110 },
          d: { visits: 90, signed: 95 },
        },
      },
      { asOf: '2024-03-31' },
    );
    const p = capabilityProfile(result, { threshold: 10 });
    // visits median (95 + 100) / 2 = 97.5 → a +42.5; signed median (95 + 100) / 2 = 97.5 → a −37.5
    expect(p.reps[0]!.strengths.map((g) => [g.kpiId, g.gap.toString(), g.median.toString()])).toEqual([
      ['visits', '42.5', '97.5'],
    ]);
    expect(p.reps[0]!.weaknesses.map((g) => [g.kpiId, g.gap.toString()])).toEqual([['signed', '-37.5']]);
    expect(p.reps[1]!.strengths).toEqual([]);
    expect(p.reps[2]!.strengths.map((g) => g.kpiId)).toEqual(['signed']);
  });
});
