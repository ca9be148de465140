import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AccessOrg,
  type AccessScope,
  canSeeRep,
  canSeeTeam,
  filterByScope,
  OpenSpmError,
  scopeDataset,
  scopeFor,
  scopeScores,
  scopeSplitTarget,
  scopeStageConversion,
  scopeTargetMatrix,
  scopeTeamScores,
  scopeWarnings,
  scoreKpis,
  splitTarget,
  stageConversion,
  targetMatrix,
  teamScores,
  validateDataset,
} from '../../src/index';
import type { AnomalyWarning } from '../../src/warnings/index';

const person = (id: string, teamId: string, role = 'rep') => ({
  id,
  name: id,
  teamId,
  hireDate: '2020-01-01',
  role: role as 'rep',
});

// hq ─ east (wang) ─ east-1 (li, zhao)
//    └ west (chen) ─ solo (qian: a team of one)
const org: AccessOrg = {
  teams: [
    { id: 'hq', name: 'HQ' },
    { id: 'east', name: 'East', parentId: 'hq', managerId: 'wang' },
    { id: 'east-1', name: 'East 1', parentId: 'east' },
    { id: 'west', name: 'West', parentId: 'hq', managerId: 'chen' },
    { id: 'solo', name: 'Solo', parentId: 'west' },
  ],
  reps: [
    person('boss', 'hq', 'director'),
    person('wang', 'east', 'manager'),
    person('chen', 'west', 'manager'),
    person('li', 'east-1'),
    person('zhao', 'east-1'),
    person('qian', 'solo'),
    person('sun', 'west'),
  ],
};
const asOf = '2024-07-01';
const REPS = ['li', 'zhao', 'qian', 'sun'];

describe('scopeFor', () => {
  it('gives a rep only themselves and no team', () => {
    const s = scopeFor('li', org, { asOf });
    expect(s).toMatchObject({ all: false, role: 'rep', repIds: ['li'], teamIds: [] });
  });

  it('gives a manager their team, sub-teams and the people in them', () => {
    const s = scopeFor('wang', org, { asOf });
    expect(s.teamIds).toEqual(['east', 'east-1']);
    expect(s.repIds).toEqual(['li', 'wang', 'zhao']);
    expect(s.managedTeamIds).toEqual(['east']);
  });

  it('gives a director the subtree of their own team, and an admin everything', () => {
    const d = scopeFor('boss', org, { asOf });
    expect(d.teamIds).toEqual(['east', 'east-1', 'hq', 'solo', 'west']);
    expect(d.repIds).toHaveLength(7);
    expect(scopeFor({ id: 'it', role: 'admin' }, org, { asOf }).all).toBe(true);
  });

  it('rejects an unknown viewer and a cyclic tree', () => {
    expect(() => scopeFor('nobody', org, { asOf })).toThrow(OpenSpmError);
    try {
      scopeFor('nobody', org, { asOf });
    } catch (e) {
      expect((e as OpenSpmError).code).toBe('UNKNOWN_REFERENCE');
    }
    const cyclic = {
      teams: [
        { id: 'a', name: 'A', parentId: 'b', managerId: 'm' },
        { id: 'b', name: 'B', parentId: 'a' },
      ],
      reps: [person('m', 'a', 'manager')],
    };
    expect(() => scopeFor('m', cyclic, { asOf })).toThrow(/own ancestor/);
  });

  it('takes the old team away from a manager on the day they move', () => {
    const moved: AccessOrg = {
      ...org,
      managerAssignments: [
        { teamId: 'east', managerId: 'wang', from: '2020-01-01', to: '2024-07-01' },
        { teamId: 'west', managerId: 'wang', from: '2024-07-01' },
        { teamId: 'west', managerId: 'chen', from: '2020-01-01', to: '2024-07-01' },
      ],
    };
    const before = scopeFor('wang', moved, { asOf: '2024-06-30T23:59:59Z' });
    expect(before.teamIds).toEqual(['east', 'east-1']);
    const after = scopeFor('wang', moved, { asOf: '2024-07-01' });
    expect(after.teamIds).toEqual(['solo', 'west']);
    expect(after.repIds).not.toContain('li');
    expect(after.repIds).toEqual(['chen', 'qian', 'sun', 'wang']);
    // east has assignment records and none covers the day: chen's Team.managerId does not apply to west either.
    expect(scopeFor('chen', moved, { asOf: '2024-07-01' }).teamIds).toEqual([]);
  });

  it('follows a person moving between teams by their memberships', () => {
    const moved: AccessOrg = {
      ...org,
      memberships: [
        { repId: 'li', teamId: 'east-1', from: '2020-01-01', to: '2024-07-01' },
        { repId: 'li', teamId: 'west', from: '2024-07-01' },
      ],
    };
    expect(scopeFor('wang', moved, { asOf: '2024-06-30' }).repIds).toContain('li');
    expect(scopeFor('wang', moved, { asOf: '2024-07-01' }).repIds).not.toContain('li');
    expect(scopeFor('chen', moved, { asOf: '2024-07-01' }).repIds).toContain('li');
  });
});

const card = {
  id: 'sc',
  name: 'S',
  version: 1,
  effectiveFrom: '2024-01-01',
  dimensions: [
    { id: 'd', name: 'D', weight: 100, kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 100 }] },
  ],
};
const scored = scoreKpis(
  {
    scorecard: card,
    reps: REPS.map((id) => ({
      id,
      teamId: (org.reps as { id: string; teamId: string }[]).find((r) => r.id === id)!.teamId,
    })),
    values: { li: { signed: 120 }, zhao: { signed: 80 }, qian: { signed: 95 }, sun: { signed: 60 } },
  } as never,
  { asOf },
);
const teamsResult = teamScores(scored, { teams: org.teams as never });

const pipeline = {
  id: 'p',
  name: 'P',
  stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const }],
};
const dealOf = (id: string, ownerId: string, teamId: string) => ({
  id,
  pipelineId: 'p',
  ownerId,
  teamId,
  amount: { amount: '100', currency: 'CNY' },
  createdAt: '2024-01-01',
  stageId: 'lead',
});
const dataset = validateDataset({
  pipelines: [pipeline],
  deals: [
    dealOf('d1', 'li', 'east-1'),
    dealOf('d2', 'zhao', 'east-1'),
    dealOf('d3', 'qian', 'solo'),
    dealOf('d4', 'sun', 'west'),
  ],
  payments: [{ id: 'pay', dealId: 'd3', amount: { amount: '50', currency: 'CNY' }, at: '2024-02-01' }],
  teams: org.teams as never,
  reps: org.reps as never,
});

function everythingVisibleTo(scope: AccessScope): Set<string> {
  const seen = new Set<string>();
  for (const r of scopeScores(scored, scope).reps) seen.add(`score:${r.repId}`);
  for (const t of scopeTeamScores(teamsResult, scope).teams) seen.add(`team:${t.teamId}`);
  const byOwner = stageConversion(
    { pipeline, deals: dataset.deals, stageChanges: [] },
    { asOf: '2024-12-31', groupBy: 'owner' },
  );
  for (const g of scopeStageConversion(byOwner, scope, { groupBy: 'owner' }).groups)
    seen.add(`funnel:${g.key}`);
  const byTeam = stageConversion(
    { pipeline, deals: dataset.deals, stageChanges: [] },
    { asOf: '2024-12-31', groupBy: 'team' },
  );
  for (const g of scopeStageConversion(byTeam, scope, { groupBy: 'team' }).groups) seen.add(`fteam:${g.key}`);
  const statements = REPS.map((payeeId) => ({ payeeId, total: '1' }));
  for (const s of filterByScope(statements, scope)) seen.add(`statement:${s.payeeId}`);
  for (const d of scopeDataset(dataset, scope).deals) seen.add(`deal:${d.ownerId}`);
  return seen;
}

describe('security: a rep never sees another rep', () => {
  it.each(REPS)('%s sees only their own score, statement, deals and funnel', (rep) => {
    const scope = scopeFor(rep, org, { asOf });
    const seen = everythingVisibleTo(scope);
    for (const item of seen) expect(item.endsWith(`:${rep}`)).toBe(true);
    expect(seen.has(`score:${rep}`)).toBe(true);
    expect(seen.has(`statement:${rep}`)).toBe(true);
  });

  it('hides the team score of a team of one from everybody below its manager', () => {
    // solo holds only qian: its aggregate is qian's score.
    expect(teamsResult.teams.find((t) => t.teamId === 'solo')!.display).toBe('95.00');
    for (const viewer of ['li', 'zhao', 'sun', 'qian', 'wang']) {
      const teams = scopeTeamScores(teamsResult, scopeFor(viewer, org, { asOf })).teams;
      expect(teams.map((t) => t.teamId)).not.toContain('solo');
    }
    expect(scopeTeamScores(teamsResult, scopeFor('chen', org, { asOf })).teams.map((t) => t.teamId)).toEqual([
      'west',
      'solo',
    ]);
  });

  it('withholds totals a rep could subtract their own part from', () => {
    const m = targetMatrix({
      periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }],
      reps: [{ id: 'li' }, { id: 'zhao' }],
    });
    const mine = scopeTargetMatrix(m, scopeFor('li', org, { asOf }));
    expect(mine.reps.map((r) => r.id)).toEqual(['li']);
    expect(mine.cells).toEqual([[50000]]);
    expect(mine.total).toBeNull();
    expect(mine.periods[0]!.total).toBeNull();
    const all = scopeTargetMatrix(m, scopeFor('wang', org, { asOf }));
    expect(all.total?.toString()).toBe('1000.00 CNY');
    const split = splitTarget({
      total: { amount: '300', currency: 'CNY' },
      members: [{ id: 'li' }, { id: 'zhao' }],
    });
    const part = scopeSplitTarget(split, scopeFor('zhao', org, { asOf }));
    expect(part.parts.map((p) => p.id)).toEqual(['zhao']);
    expect(part.total).toBeNull();
  });

  it('keeps warnings about own deals, hides stage and company warnings', () => {
    const w = (kind: string, id: string, ownerId?: string) =>
      ({ id: `${kind}-${id}`, subject: { kind, id, name: id, ownerId } }) as unknown as AnomalyWarning;
    const warnings = [
      w('deal', 'd1', 'li'),
      w('deal', 'd2', 'zhao'),
      w('rep', 'zhao'),
      w('team', 'east-1'),
      w('stage', 'lead'),
      w('company', '*'),
    ];
    expect(scopeWarnings(warnings, scopeFor('li', org, { asOf })).map((x) => x.id)).toEqual(['deal-d1']);
    expect(scopeWarnings(warnings, scopeFor('wang', org, { asOf })).map((x) => x.id)).toEqual([
      'deal-d1',
      'deal-d2',
      'rep-zhao',
      'team-east-1',
    ]);
    expect(scopeWarnings(warnings, scopeFor({ id: 'it', role: 'admin' }, org, { asOf }))).toHaveLength(6);
  });

  it('cuts a dataset to a valid dataset of the viewer', () => {
    const mine = scopeDataset(dataset, scopeFor('qian', org, { asOf }));
    expect(mine.deals.map((d) => d.id)).toEqual(['d3']);
    expect(mine.payments).toHaveLength(1);
    expect(mine.reps.map((r) => r.id)).toEqual(['qian']);
    expect(() => validateDataset(mine as never)).not.toThrow();
    expect(scopeDataset(dataset, scopeFor('li', org, { asOf })).payments).toEqual([]);
  });

  it('never changes its input', () => {
    const before = JSON.stringify(scored);
    scopeScores(scored, scopeFor('li', org, { asOf }));
    expect(JSON.stringify(scored)).toBe(before);
  });
});

describe('properties', () => {
  const flatOrg = (n: number): AccessOrg => ({
    teams: [{ id: 't', name: 'T', managerId: 'm' }],
    reps: [person('m', 't', 'manager'), ...Array.from({ length: n }, (_, i) => person(`r${i}`, 't'))],
  });

  it('the union of all reps’ scopes equals the manager’s people for a flat team', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), (n) => {
        const o = flatOrg(n);
        const union = new Set<string>(['m']);
        for (let i = 0; i < n; i++) for (const id of scopeFor(`r${i}`, o, { asOf }).repIds) union.add(id);
        expect([...union].sort()).toEqual(scopeFor('m', o, { asOf }).repIds);
      }),
    );
  });

  it('filtering never widens visibility, and filtering twice changes nothing', () => {
    const viewers = ['li', 'zhao', 'qian', 'sun', 'wang', 'chen', 'boss'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            payeeId: fc.constantFrom(...REPS, 'wang', 'ghost'),
            teamId: fc.option(fc.constantFrom('east', 'east-1', 'west', 'solo', 'hq', 'nowhere'), {
              nil: undefined,
            }),
          }),
        ),
        fc.constantFrom(...viewers),
        (rows, viewer) => {
          const scope = scopeFor(viewer, org, { asOf });
          const kept = filterByScope(rows, scope);
          for (const r of kept) expect(canSeeRep(scope, r.payeeId) || canSeeTeam(scope, r.teamId)).toBe(true);
          expect(kept.every((r) => rows.includes(r))).toBe(true);
          expect(filterByScope(kept, scope)).toEqual(kept);
          if (scope.role === 'rep') expect(kept.every((r) => r.payeeId === viewer)).toBe(true);
        },
      ),
    );
  });
});

describe('funnel data quality', () => {
  it('is withheld from a scope that is not tenant-wide', () => {
    const pipeline = {
      id: 'p',
      name: 'P',
      stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const }],
    };
    const r = stageConversion(
      { pipeline, deals: [], stageChanges: [] },
      { asOf: '2024-12-31', groupBy: 'owner' },
    );
    expect(
      scopeStageConversion(r, scopeFor('li', org, { asOf }), { groupBy: 'owner' }).dataQuality,
    ).toBeNull();
    expect(
      scopeStageConversion(r, scopeFor({ id: 'it', role: 'admin' }, org, { asOf }), { groupBy: 'owner' })
        .dataQuality,
    ).toEqual(r.dataQuality);
  });
});
