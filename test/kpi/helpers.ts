import { type Curve, type KpiDirection, type ScorecardInput, scoreKpis } from '../../src/index';

/** A one-dimension, one-KPI scorecard, to score single values on a curve. */
export function oneKpiCard(
  curve: Curve | Record<string, unknown>,
  direction: KpiDirection = 'higher',
  target?: number,
): ScorecardInput {
  return {
    id: 'one',
    name: 'One KPI',
    version: 1,
    effectiveFrom: '2024-01-01',
    dimensions: [
      {
        id: 'd',
        name: 'D',
        weight: 100,
        kpis: [
          {
            id: 'k',
            name: 'K',
            weight: 100,
            direction,
            curve: curve as Curve,
            ...(target === undefined ? {} : { target }),
          },
        ],
      },
    ],
  };
}

/** The displayed score of one value on a one-KPI card. */
export function scoreOf(card: ScorecardInput, value: number | null, target?: number): string {
  const result = scoreKpis(
    {
      scorecard: card,
      reps: ['r'],
      values: { r: { k: value } },
      ...(target === undefined ? {} : { targets: { r: { k: target } } }),
    },
    { asOf: '2024-06-30' },
  );
  return result.reps[0]!.kpis[0]!.display;
}
