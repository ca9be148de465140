import { describe, expect, it } from 'vitest';
import {
  capabilityProfile,
  defineScorecard,
  KpiDefinitionSchema,
  type OpenSpmError,
  scoreKpis,
  teamScores,
  WeightProfileSchema,
} from '../../src/index';
import { oneKpiCard, scoreOf } from './helpers';

// The results the TSDoc examples promise.
describe('TSDoc examples of the kpi module', () => {
  it('defineScorecard reports the level and the sum', () => {
    const card = defineScorecard({
      id: 'dual',
      name: 'Dual indicators',
      version: '2024.1',
      effectiveFrom: '2024-01-01',
      dimensions: [
        {
          id: 'process',
          name: 'Process',
          weight: 50,
          kpis: [{ id: 'qv', name: 'QV', weight: 100, target: 10 }],
        },
        {
          id: 'result',
          name: 'Result',
          weight: 50,
          kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 500000 }],
        },
      ],
    });
    try {
      defineScorecard({ ...card, dimensions: [{ ...card.dimensions[0]!, weight: 40 }, card.dimensions[1]!] });
      expect.unreachable();
    } catch (e) {
      expect((e as OpenSpmError).code).toBe('WEIGHTS_NOT_100');
      expect((e as OpenSpmError).message).toContain(
        'dimensions: the dimension weights total 90, not 100 (process 40 + result 50)',
      );
    }
  });

  it('schemas fill defaults', () => {
    const kpi = KpiDefinitionSchema.parse({
      id: 'visits',
      name: 'Visits',
      weight: 60,
      target: 60,
      metric: 'visits',
    });
    expect(kpi.curve).toEqual({ kind: 'ratio' });
    expect(kpi.missing).toBe('exclude');
    expect(kpi.metric).toEqual({ name: 'visits' });
    expect(
      WeightProfileSchema.parse({
        id: 'new-hire',
        when: { tenureMonths: { max: 6 } },
        dimensionWeights: { process: 50, result: 35, quality: 15 },
      }).id,
    ).toBe('new-hire');
  });

  it('teamScores: hq 96.67, east 100.00, west 90.00; by signed amount east 104.00', () => {
    const result = scoreKpis(
      {
        scorecard: oneKpiCard({ kind: 'ratio' }, 'higher', 100),
        reps: [
          { id: 'a', teamId: 'east' },
          { id: 'b', teamId: 'east' },
          { id: 'c', teamId: 'west' },
        ],
        values: { a: { k: 120 }, b: { k: 80 }, c: { k: 90 } },
      },
      { asOf: '2024-03-31' },
    );
    const teams = [
      { id: 'hq', name: 'HQ' },
      { id: 'east', name: 'East', parentId: 'hq' },
      { id: 'west', name: 'West', parentId: 'hq' },
    ];
    expect(teamScores(result, { teams }).teams.map((t) => `${t.teamId} ${t.display}`)).toEqual([
      'hq 96.67',
      'east 100.00',
      'west 90.00',
    ]);
    expect(teamScores(result, { teams, weighting: { kpi: 'k' } }).teams[1]!.display).toBe('104.00');
  });

  it('capabilityProfile: a is +30 on visits and −30 on revenue against the team median', () => {
    const result = scoreKpis(
      {
        scorecard: {
          id: 'sc',
          name: 'S',
          version: 1,
          effectiveFrom: '2024-01-01',
          dimensions: [
            {
              id: 'd',
              name: 'D',
              weight: 100,
              kpis: [
                { id: 'visits', name: 'Visits', weight: 50, target: 100 },
                { id: 'revenue', name: 'Revenue', weight: 50, target: 100 },
              ],
            },
          ],
        },
        reps: [
          { id: 'a', teamId: 't' },
          { id: 'b', teamId: 't' },
          { id: 'c', teamId: 't' },
        ],
        values: {
          a: { visits: 130, revenue: 70 },
          b: { visits: 100, revenue: 100 },
          c: { visits: 95, revenue: 105 },
        },
      },
      { asOf: '2024-03-31' },
    );
    const a = capabilityProfile(result, { threshold: 15 }).reps[0]!;
    expect(a.strengths.map((g) => `${g.kpiId} +${g.gap}`)).toEqual(['visits +30']);
    expect(a.weaknesses.map((g) => `${g.kpiId} ${g.gap}`)).toEqual(['revenue -30']);
  });

  it('closer-is-better bands read the distance from the target', () => {
    const card = oneKpiCard(
      {
        kind: 'bands',
        bands: [
          { from: 0.5, score: 100 },
          { from: 2, score: 50 },
        ],
      },
      'closer',
      10,
    );
    expect([10.5, 9, 12, 12.5].map((v) => scoreOf(card, v))).toEqual(['100.00', '50.00', '50.00', '0.00']);
  });
});
