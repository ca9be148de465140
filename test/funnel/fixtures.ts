import { Money, type StageChangeInput } from '../../src/index';

/** Lead → Qualified → Proposal → Negotiation → Won / Lost. */
export const pipeline = {
  id: 'p',
  name: 'New business',
  currency: 'CNY',
  stages: [
    { id: 'A', name: 'Lead', order: 0, kind: 'open' as const, probability: 0.1 },
    { id: 'B', name: 'Qualified', order: 1, kind: 'open' as const, probability: 0.3 },
    { id: 'C', name: 'Proposal', order: 2, kind: 'open' as const, probability: 0.5 },
    { id: 'D', name: 'Negotiation', order: 3, kind: 'open' as const, probability: 0.8 },
    { id: 'won', name: 'Won', order: 4, kind: 'won' as const },
    { id: 'lost', name: 'Lost', order: 5, kind: 'lost' as const },
  ],
};

/** A deal's path as [stage, 'MM-DD'] pairs in 2024; the first is its entry. */
export function path(dealId: string, steps: [string, string][]): StageChangeInput[] {
  return steps.map(([to, day], i) => ({
    dealId,
    fromStageId: i === 0 ? null : steps[i - 1]![0],
    toStageId: to,
    at: `2024-${day}`,
  }));
}

/** d1 straight through but skips D; d2 skips B and is lost; d3 skips C and is won; d4 starts at B, still open. */
export const skipped = [
  ...path('d1', [
    ['A', '01-01'],
    ['B', '01-03'],
    ['C', '01-06'],
    ['won', '01-10'],
  ]),
  ...path('d2', [
    ['A', '01-01'],
    ['C', '01-04'],
    ['lost', '01-08'],
  ]),
  ...path('d3', [
    ['A', '01-02'],
    ['B', '01-05'],
    ['D', '01-09'],
    ['won', '01-12'],
  ]),
  ...path('d4', [
    ['B', '01-03'],
    ['C', '01-07'],
  ]),
];

export function deal(id: string, stageId: string, amount: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    pipelineId: 'p',
    ownerId: 'u1',
    stageId,
    amount: Money.of(amount, 'CNY'),
    createdAt: new Date('2024-01-01T00:00:00Z'),
    ...extra,
  };
}
