import {
  type ActivityInput,
  type Dataset,
  type DatasetInput,
  type DealInput,
  type StageChangeInput,
  validateDataset,
} from '../../src/index';

/** A five-stage pipeline: lead (SLA 7, rotting 10) → proposal (SLA 14) → negotiation → won / lost. */
export const PIPELINE = {
  id: 'p1',
  name: 'New business',
  stages: [
    {
      id: 'lead',
      name: 'Lead',
      order: 0,
      kind: 'open' as const,
      probability: 0.1,
      slaDays: 7,
      rottingDays: 10,
    },
    { id: 'proposal', name: 'Proposal', order: 1, kind: 'open' as const, probability: 0.5, slaDays: 14 },
    { id: 'negotiation', name: 'Negotiation', order: 2, kind: 'open' as const, probability: 0.8 },
    { id: 'won', name: 'Won', order: 3, kind: 'won' as const },
    { id: 'lost', name: 'Lost', order: 4, kind: 'lost' as const },
  ],
};

export const ASOF = '2024-06-30T00:00:00Z';
const DAY = 86_400_000;

/** The ISO instant `days` days before ASOF (fractions allowed). */
export function ago(days: number): string {
  return new Date(Date.parse(ASOF) - days * DAY).toISOString();
}

/** A deal with its history: `path` is [stageId, daysAgo] pairs, the first being creation into that stage. */
export function deal(
  id: string,
  path: [string, number][],
  extra: Partial<DealInput> = {},
): { deal: DealInput; changes: StageChangeInput[] } {
  const changes: StageChangeInput[] = path.map(([stage, d], k) => ({
    dealId: id,
    fromStageId: k === 0 ? null : path[k - 1]![0],
    toStageId: stage,
    at: ago(d),
  }));
  const last = path[path.length - 1]!;
  const closed = last[0] === 'won' || last[0] === 'lost';
  return {
    deal: {
      id,
      pipelineId: 'p1',
      ownerId: 'rep-1',
      stageId: last[0],
      amount: { amount: '10000.00', currency: 'CNY' },
      createdAt: ago(path[0]![1]),
      ...(closed ? { closedAt: ago(last[1]) } : {}),
      ...extra,
    },
    changes,
  };
}

/** Builds and validates a dataset from deals (with histories) and other parts. */
export function dataset(
  deals: { deal: DealInput; changes: StageChangeInput[] }[],
  parts: Partial<DatasetInput> = {},
): Dataset {
  return validateDataset({
    currency: 'CNY',
    pipelines: [PIPELINE],
    deals: deals.map((d) => d.deal),
    stageChanges: deals.flatMap((d) => d.changes),
    reps: [
      { id: 'rep-1', name: 'Li Wei', teamId: 't1', hireDate: '2020-01-01' },
      { id: 'rep-2', name: 'Wang Fang', teamId: 't1', hireDate: '2020-01-01' },
    ],
    teams: [{ id: 't1', name: 'East region' }],
    ...parts,
  });
}

/** An activity `days` ago. */
export function activity(id: string, days: number, extra: Partial<ActivityInput> = {}): ActivityInput {
  return { id, type: 'call', repId: 'rep-1', at: ago(days), ...extra };
}
