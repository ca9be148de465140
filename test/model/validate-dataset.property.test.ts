import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/errors';
import { validateDataset } from '../../src/model/index';
import { errorOf } from './fixtures';

type Row = Record<string, unknown>;
type Input = {
  currency: string;
  pipelines: Row[];
  deals: Row[];
  stageChanges: Row[];
  activities: Row[];
  reps: Row[];
  teams: Row[];
  accounts: Row[];
  payments: Row[];
};

const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);

/** The shape of a dataset, drawn by fast-check; `build` turns it into a valid dataset input. */
const shapeArb = fc.record({
  stageCounts: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
  teamParents: fc.array(fc.nat(), { maxLength: 6 }),
  repTeams: fc.array(fc.nat(), { maxLength: 6 }),
  accountOwners: fc.array(fc.nat(), { maxLength: 4 }),
  deals: fc.array(
    fc.record({
      pipeline: fc.nat(),
      walk: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
      steps: fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 5, maxLength: 5 }),
      owner: fc.nat(),
      team: fc.option(fc.nat(), { nil: undefined }),
      account: fc.option(fc.nat(), { nil: undefined }),
      minor: fc.integer({ min: 0, max: 100_000_000 }),
      created: fc.integer({ min: 0, max: 500_000 }),
      numericId: fc.boolean(),
      payments: fc.nat({ max: 2 }),
    }),
    { maxLength: 10 },
  ),
  activities: fc.array(
    fc.record({
      deal: fc.option(fc.nat(), { nil: undefined }),
      rep: fc.nat(),
      account: fc.option(fc.nat(), { nil: undefined }),
    }),
    { maxLength: 6 },
  ),
  datesAsObjects: fc.boolean(),
});

type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

function build(shape: Shape): Input {
  const when = (ms: number) => (shape.datesAsObjects ? new Date(ms) : new Date(ms).toISOString());
  const pipelines = shape.stageCounts.map((count, p) => ({
    id: `p${p}`,
    name: `Pipeline ${p}`,
    // Listed in reverse order: the output must sort them.
    stages: Array.from({ length: count }, (_, s) => ({
      id: `s${s}`,
      name: `Stage ${s}`,
      order: s * 10,
      kind: s === count - 1 && count > 1 ? 'won' : 'open',
    })).reverse(),
  }));
  const teams = shape.teamParents.map((parent, t) => ({
    id: `t${t}`,
    name: `Team ${t}`,
    ...(t > 0 && parent % 3 !== 0 ? { parentId: `t${parent % t}` } : {}),
  }));
  const reps = shape.repTeams.map((team, r) => ({
    id: `r${r}`,
    name: `Rep ${r}`,
    teamId: teams.length > 0 ? `t${team % teams.length}` : `t${team}`,
    hireDate: '2023-01-01',
  }));
  if (teams.length > 0 && reps.length > 0) (teams[0] as Row).managerId = 'r0';
  const accounts = shape.accountOwners.map((owner, a) => ({
    id: `acct-${a}`,
    name: `Account ${a}`,
    ...(reps.length > 0 ? { ownerId: `r${owner % reps.length}` } : {}),
  }));
  const pick = (n: number, length: number, prefix: string) => `${prefix}${length > 0 ? n % length : n}`;

  const deals: Row[] = [];
  const changes: { row: Row; time: number; seq: number }[] = [];
  const payments: Row[] = [];
  shape.deals.forEach((d, i) => {
    const id = 100 + i;
    const pipeline = pipelines[d.pipeline % pipelines.length]!;
    const count = pipeline.stages.length;
    let time = START + d.created * MINUTE;
    const created = time;
    let from: string | null = null;
    d.walk.forEach((w, k) => {
      const to = `s${w % count}`;
      changes.push({
        row: { dealId: String(id), fromStageId: from, toStageId: to, at: when(time) },
        time,
        seq: changes.length,
      });
      from = to;
      time += d.steps[k]! * MINUTE;
    });
    const won = from === `s${count - 1}` && count > 1;
    deals.push({
      id: d.numericId ? id : String(id),
      pipelineId: pipeline.id,
      ownerId: pick(d.owner, reps.length, 'r'),
      ...(d.team !== undefined ? { teamId: pick(d.team, teams.length, 't') } : {}),
      ...(d.account !== undefined && accounts.length > 0
        ? { accountId: pick(d.account, accounts.length, 'acct-') }
        : {}),
      amount: { amount: (d.minor / 100).toFixed(2), currency: 'CNY' },
      createdAt: when(created),
      stageId: from,
      ...(won ? { closedAt: when(time - d.steps[d.walk.length - 1]! * MINUTE) } : {}),
    });
    for (let k = 0; k < d.payments; k++) {
      payments.push({
        id: `pay-${id}-${k}`,
        dealId: id,
        amount: { amount: '10.00', currency: 'CNY' },
        at: when(time + k),
      });
    }
  });
  // Interleave the deals' histories by time; each deal's own changes stay in order.
  changes.sort((a, b) => a.time - b.time || a.seq - b.seq);

  const activities = shape.activities.map((a, k) => ({
    id: `A-${k}`,
    type: 'call',
    repId: pick(a.rep, reps.length, 'r'),
    ...(a.deal !== undefined && deals.length > 0 ? { dealId: String(deals[a.deal % deals.length]!.id) } : {}),
    ...(a.account !== undefined && accounts.length > 0
      ? { accountId: pick(a.account, accounts.length, 'acct-') }
      : {}),
    at: when(START + k * MINUTE),
  }));

  return {
    currency: 'CNY',
    pipelines,
    deals,
    stageChanges: changes.map((c) => c.row),
    activities,
    reps,
    teams,
    accounts,
    payments,
  };
}

/** Every reference field in the input that validateDataset resolves: [collection, index, field]. */
function references(input: Input): [keyof Input, number, string][] {
  const out: [keyof Input, number, string][] = [];
  const add = (collection: keyof Input, fields: string[], when = true) => {
    if (!when) return;
    (input[collection] as Row[]).forEach((row, i) => {
      for (const field of fields)
        if (row[field] !== undefined && row[field] !== null) out.push([collection, i, field]);
    });
  };
  const hasReps = input.reps.length > 0;
  const hasTeams = input.teams.length > 0;
  const hasAccounts = input.accounts.length > 0;
  add('deals', ['pipelineId', 'stageId']);
  add('deals', ['ownerId'], hasReps);
  add('deals', ['teamId'], hasTeams);
  add('deals', ['accountId'], hasAccounts);
  add('stageChanges', ['dealId', 'fromStageId', 'toStageId']);
  add('activities', ['dealId']);
  add('activities', ['repId'], hasReps);
  add('activities', ['accountId'], hasAccounts);
  add('reps', ['teamId'], hasTeams);
  add('teams', ['parentId']);
  add('teams', ['managerId'], hasReps);
  add('accounts', ['ownerId'], hasReps);
  add('payments', ['dealId']);
  return out;
}

describe('validateDataset (properties)', () => {
  it('accepts every generated valid dataset, without mutating it', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const input = build(shape);
        const before = structuredClone(input);
        const data = validateDataset(input);
        expect(input).toEqual(before);
        expect(data.deals).toHaveLength(input.deals.length);
        expect(data.stageChanges).toHaveLength(input.stageChanges.length);
        for (const pipeline of data.pipelines) {
          const orders = pipeline.stages.map((s) => s.order);
          expect(orders).toEqual([...orders].sort((a, b) => a - b));
        }
        expect(data.deals.every((d) => typeof d.id === 'string')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('turning one reference into an unknown id yields exactly one UNKNOWN_REFERENCE, at that path', () => {
    fc.assert(
      fc.property(shapeArb, fc.nat(), (shape, choice) => {
        const input = build(shape);
        const candidates = references(input);
        fc.pre(candidates.length > 0);
        const [collection, index, field] = candidates[choice % candidates.length]!;
        (input[collection] as Row[])[index]![field] = 'no-such-id';
        const error = errorOf(() => validateDataset(input));
        expect(error.code).toBe('INVALID_DATASET');
        const unknown = error.issues.filter((i) => i.code === 'UNKNOWN_REFERENCE');
        expect(unknown.map((i) => formatPath(i.path))).toEqual([formatPath([collection, index, field])]);
        expect(unknown[0]!.message).toContain('"no-such-id"');
      }),
      { numRuns: 300 },
    );
  });
});
