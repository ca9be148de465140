import type { FunnelReport, StageConversionResult } from '../funnel/index';
import type { ScoreKpisResult, TeamScoresResult } from '../kpi/index';
import type { Dataset } from '../model/index';
import type { Money } from '../money/index';
import type { SplitTargetResult, TargetMatrixColumn, TargetMatrixResult } from '../targets/index';
import type { AnomalyWarning } from '../warnings/index';
import type { AccessScope } from './scope';

interface Checker {
  rep(id: string | null | undefined): boolean;
  team(id: string | null | undefined): boolean;
}

function checker(scope: AccessScope): Checker {
  if (scope.all) return { rep: () => true, team: () => true };
  const reps = new Set(scope.repIds);
  const teams = new Set(scope.teamIds);
  return {
    rep: (id) => id != null && reps.has(String(id)),
    team: (id) => id != null && teams.has(String(id)),
  };
}

/**
 * How {@link filterByScope} finds whose a record is. Each accessor returns an id, or `null`/`undefined` when the
 * record has none.
 *
 * @example
 * ```ts
 * import type { FilterByScopeOptions } from 'openspm';
 * const options: FilterByScopeOptions<{ payeeId: string }> = { repId: (s) => s.payeeId };
 * ```
 */
export interface FilterByScopeOptions<T> {
  /** The person the record belongs to; default the record's `repId`, else `ownerId`, else `payeeId`. */
  repId?: (item: T) => string | null | undefined;
  /** The team it was credited to; default the record's `teamId`. */
  teamId?: (item: T) => string | null | undefined;
}

function field(item: unknown, name: string): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const value = (item as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Keeps the records the scope shows: those of a visible person, or credited to a visible team. A record with
 * neither is shown only to a tenant-wide scope. For payout statements, credits, ledgers, or any list a CRM keeps.
 * Never changes the input.
 *
 * @param items - the records.
 * @param scope - from {@link scopeFor}.
 * @param options - how to read a record's person and team.
 * @example
 * ```ts
 * import { filterByScope, scopeFor } from 'openspm';
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-07-01' });
 * const statements = [{ payeeId: 'li', total: '1200.00' }, { payeeId: 'zhao', total: '900.00' }];
 * filterByScope(statements, scope).map((s) => s.payeeId); //=> ['li']
 * ```
 */
export function filterByScope<T>(
  items: readonly T[],
  scope: AccessScope,
  options: FilterByScopeOptions<T> = {},
): T[] {
  const can = checker(scope);
  const repOf = options.repId ?? ((i: T) => field(i, 'repId') ?? field(i, 'ownerId') ?? field(i, 'payeeId'));
  const teamOf = options.teamId ?? ((i: T) => field(i, 'teamId'));
  return items.filter((item) => can.rep(repOf(item)) || can.team(teamOf(item)));
}

/**
 * Options for {@link scopeStageConversion}.
 *
 * @example
 * ```ts
 * import type { ScopeStageConversionOptions } from 'openspm';
 * const options: ScopeStageConversionOptions = { groupBy: 'owner' };
 * ```
 */
export interface ScopeStageConversionOptions {
  /** What the groups' keys are: `'owner'` (rep ids) or `'team'` (team ids), as passed to `stageConversion`. */
  groupBy: 'owner' | 'team';
}

/**
 * A funnel result cut to a scope: the groups the viewer may see, and the overall funnel and data-quality counts
 * only for a tenant-wide scope (they cover every deal).
 *
 * @example
 * ```ts
 * import type { ScopeStageConversionResult } from 'openspm';
 * const hidden = (r: ScopeStageConversionResult) => r.withheld.groups;
 * ```
 */
export interface ScopeStageConversionResult extends Omit<StageConversionResult, 'overall' | 'dataQuality'> {
  /** The overall funnel; `null` unless the scope is tenant-wide. */
  readonly overall: FunnelReport | null;
  /** What was read, ignored or inferred (counts over every deal); `null` unless the scope is tenant-wide. */
  readonly dataQuality: StageConversionResult['dataQuality'] | null;
  /** What was left out. */
  readonly withheld: {
    /** Groups left out. */
    readonly groups: number;
    /** Why the overall funnel was left out, or `null` when it was kept. */
    readonly overall: string | null;
  };
}

/**
 * Keeps the funnel groups a viewer may see: a rep's own group (`groupBy: 'owner'`), a manager's teams and
 * people. The overall funnel is kept only for a tenant-wide scope; for a manager, run `stageConversion` on
 * {@link scopeDataset} instead to get their own overall funnel.
 *
 * @param result - from `stageConversion` with `groupBy: 'owner'` or `'team'`.
 * @param scope - from {@link scopeFor}.
 * @param options - how the groups were keyed.
 * @example
 * ```ts
 * import { scopeFor, scopeStageConversion, stageConversion } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] };
 * const deal = (id: string, ownerId: string) => ({ id, pipelineId: 'p', ownerId, amount: { amount: '10', currency: 'CNY' }, createdAt: '2024-01-01', stageId: 'lead' });
 * const result = stageConversion({ pipeline, deals: [deal('d1', 'li'), deal('d2', 'zhao')], stageChanges: [] }, { asOf: '2024-12-31', groupBy: 'owner' });
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-12-31' });
 * const mine = scopeStageConversion(result, scope, { groupBy: 'owner' });
 * mine.groups.map((g) => g.key); //=> ['li']
 * mine.overall; //=> null
 * ```
 */
export function scopeStageConversion(
  result: StageConversionResult,
  scope: AccessScope,
  options: ScopeStageConversionOptions,
): ScopeStageConversionResult {
  const can = checker(scope);
  const visible = options.groupBy === 'team' ? can.team : can.rep;
  const groups = result.groups.filter((g) => visible(g.key));
  return {
    ...result,
    overall: scope.all ? result.overall : null,
    dataQuality: scope.all ? result.dataQuality : null,
    groups,
    withheld: {
      groups: result.groups.length - groups.length,
      overall: scope.all ? null : 'the overall funnel covers every deal; only a tenant-wide scope sees it',
    },
  };
}

/**
 * Keeps the rep scores a viewer may see (rank and team percentile stay as computed over everyone, so a rep
 * sees where they stand without seeing anyone else's figures).
 *
 * @param result - from `scoreKpis`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeFor, scopeScores, scoreKpis } from 'openspm';
 * const result = scoreKpis(
 *   {
 *     scorecard: { id: 'sc', name: 'S', version: 1, effectiveFrom: '2024-01-01', dimensions: [
 *       { id: 'd', name: 'D', weight: 100, kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 100 }] },
 *     ] },
 *     reps: [{ id: 'li' }, { id: 'zhao' }],
 *     values: { li: { signed: 120 }, zhao: { signed: 80 } },
 *   },
 *   { asOf: '2024-03-31' },
 * );
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-03-31' });
 * scopeScores(result, scope).reps.map((r) => r.repId); //=> ['li']
 * ```
 */
export function scopeScores(result: ScoreKpisResult, scope: AccessScope): ScoreKpisResult {
  const can = checker(scope);
  return { ...result, reps: result.reps.filter((r) => can.rep(r.repId)) };
}

/**
 * Keeps the team scores a viewer may see: the teams of the scope (never any team for a rep, so a team of one
 * cannot reveal its member's score), and the unassigned reps among the scope's people.
 *
 * @param result - from `teamScores`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeFor, scopeTeamScores } from 'openspm';
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-03-31' });
 * scopeTeamScores({ teams: [], weighting: 'headcount', unassigned: ['li', 'zhao'] }, scope).unassigned; //=> ['li']
 * ```
 */
export function scopeTeamScores(result: TeamScoresResult, scope: AccessScope): TeamScoresResult {
  const can = checker(scope);
  return {
    ...result,
    teams: result.teams.filter((t) => can.team(t.teamId)),
    unassigned: result.unassigned.filter((id) => can.rep(id)),
  };
}

/**
 * A target matrix cut to a scope: the visible rows with their cells; the grand and period totals only when
 * every row is visible (a total less the viewer's own row would be the others' targets).
 *
 * @example
 * ```ts
 * import type { ScopeTargetMatrixResult } from 'openspm';
 * const total = (r: ScopeTargetMatrixResult) => r.total?.toString() ?? 'withheld';
 * ```
 */
export interface ScopeTargetMatrixResult
  extends Omit<TargetMatrixResult, 'total' | 'periods' | 'reps' | 'cells'> {
  /** The grand total, or `null` when some row is withheld. */
  readonly total: Money | null;
  /** The columns; `total` is `null` when some row is withheld. */
  readonly periods: readonly (Omit<TargetMatrixColumn, 'total'> & {
    /** The period's target, or `null` when some row is withheld. */
    readonly total: Money | null;
  })[];
  /** The visible rows. */
  readonly reps: TargetMatrixResult['reps'];
  /** Their cells, aligned with `reps`. */
  readonly cells: TargetMatrixResult['cells'];
  /** Rows left out. */
  readonly withheld: number;
}

/**
 * Keeps the target rows a viewer may see (see {@link ScopeTargetMatrixResult}).
 *
 * @param result - from `targetMatrix`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeFor, scopeTargetMatrix, targetMatrix } from 'openspm';
 * const m = targetMatrix({ periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }], reps: [{ id: 'li' }, { id: 'zhao' }] });
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2025-01-01' });
 * const mine = scopeTargetMatrix(m, scope);
 * mine.reps.map((r) => r.total.toString()); //=> ['500.00 CNY']
 * mine.total; //=> null
 * ```
 */
export function scopeTargetMatrix(result: TargetMatrixResult, scope: AccessScope): ScopeTargetMatrixResult {
  const can = checker(scope);
  const keep = result.reps.map((r) => can.rep(r.id));
  const withheld = keep.filter((k) => !k).length;
  return {
    ...result,
    total: withheld === 0 ? result.total : null,
    periods: result.periods.map((p) => ({ ...p, total: withheld === 0 ? p.total : null })),
    reps: result.reps.filter((_, i) => keep[i]),
    cells: result.cells.filter((_, i) => keep[i]),
    withheld,
  };
}

/**
 * A target split cut to a scope: the visible parts (a person, or a team of the scope), and the total only when
 * every part is visible.
 *
 * @example
 * ```ts
 * import type { ScopeSplitTargetResult } from 'openspm';
 * const n = (r: ScopeSplitTargetResult) => r.parts.length;
 * ```
 */
export interface ScopeSplitTargetResult extends Omit<SplitTargetResult, 'total'> {
  /** The total split, or `null` when some part is withheld. */
  readonly total: Money | null;
  /** Parts left out. */
  readonly withheld: number;
}

/**
 * Keeps the parts of a target split a viewer may see (see {@link ScopeSplitTargetResult}). A part is a person's
 * when its id is a visible person, a team's when its id is a visible team; sub-team members are cut the same way.
 *
 * @param result - from `splitTarget`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeFor, scopeSplitTarget, splitTarget } from 'openspm';
 * const r = splitTarget({ total: { amount: '300', currency: 'CNY' }, members: [{ id: 'li' }, { id: 'zhao' }] });
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2025-01-01' });
 * scopeSplitTarget(r, scope).parts.map((p) => `${p.id} ${p.amount}`); //=> ['li 150.00 CNY']
 * ```
 */
export function scopeSplitTarget(result: SplitTargetResult, scope: AccessScope): ScopeSplitTargetResult {
  const can = checker(scope);
  type Part = SplitTargetResult['parts'][number];
  const cut = (parts: readonly Part[]): Part[] =>
    parts
      .filter((p) => can.rep(p.id) || can.team(p.id))
      .map((p) => (p.members ? { ...p, members: cut(p.members) } : p));
  const parts = cut(result.parts);
  const withheld = result.parts.length - parts.length;
  return { ...result, total: withheld === 0 ? result.total : null, parts, withheld };
}

/**
 * Keeps the warnings a viewer may see: about their own deals, accounts or themselves (by the subject's
 * `ownerId` or rep id), about a team of the scope; stage and company warnings (aggregates over everyone) only for
 * a tenant-wide scope.
 *
 * @param warnings - from `detectAnomalies(...).warnings`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeFor, scopeWarnings, type AnomalyWarning } from 'openspm';
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-07-01' });
 * const warnings = [] as AnomalyWarning[];
 * scopeWarnings(warnings, scope); //=> []
 * ```
 */
export function scopeWarnings(warnings: readonly AnomalyWarning[], scope: AccessScope): AnomalyWarning[] {
  const can = checker(scope);
  return warnings.filter((w) => {
    const s = w.subject;
    switch (s.kind) {
      case 'rep':
        return can.rep(s.id);
      case 'team':
        return can.team(s.id);
      case 'deal':
      case 'account':
        return can.rep(s.ownerId);
      default:
        return scope.all;
    }
  });
}

/**
 * Cuts a dataset to a scope at the source, so every figure computed from it is the viewer's own: deals of
 * visible people or credited to visible teams, their stage changes and payments, the visible people's
 * activities, accounts they own or that their deals are with, the visible people, and the teams these refer to
 * with their parent teams (names only, and a manager only when visible, to keep the dataset valid). Never changes the input.
 *
 * @param dataset - from `validateDataset`.
 * @param scope - from {@link scopeFor}.
 * @example
 * ```ts
 * import { scopeDataset, scopeFor, validateDataset } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] };
 * const deal = (id: string, ownerId: string) => ({ id, pipelineId: 'p', ownerId, amount: { amount: '10', currency: 'CNY' }, createdAt: '2024-01-01', stageId: 'lead' });
 * const data = validateDataset({ pipelines: [pipeline], deals: [deal('d1', 'li'), deal('d2', 'zhao')] });
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-12-31' });
 * scopeDataset(data, scope).deals.map((d) => d.id); //=> ['d1']
 * ```
 */
export function scopeDataset(dataset: Dataset, scope: AccessScope): Dataset {
  if (scope.all) return { ...dataset };
  const can = checker(scope);
  const deals = dataset.deals.filter((d) => can.rep(d.ownerId) || can.team(d.teamId));
  const dealIds = new Set(deals.map((d) => d.id));
  const reps = dataset.reps.filter((r) => can.rep(r.id));
  const accountIds = new Set(deals.map((d) => d.accountId).filter((id): id is string => id !== undefined));
  const activities = dataset.activities.filter((a) => can.rep(a.repId));
  const accounts = dataset.accounts.filter((a) => can.rep(a.ownerId) || accountIds.has(a.id));
  const teamIds = new Set(scope.teamIds);
  for (const r of reps) teamIds.add(r.teamId);
  for (const d of deals) if (d.teamId !== undefined) teamIds.add(d.teamId);
  // Their parent teams too (names only), so the tree stays whole.
  const parentOf = new Map(dataset.teams.map((t) => [t.id, t.parentId]));
  for (const id of [...teamIds]) {
    for (let p = parentOf.get(id); p !== undefined && !teamIds.has(p); p = parentOf.get(p)) teamIds.add(p);
  }
  return {
    ...dataset,
    deals,
    stageChanges: dataset.stageChanges.filter((c) => dealIds.has(c.dealId)),
    activities,
    reps,
    teams: dataset.teams
      .filter((t) => teamIds.has(t.id))
      .map((t) => {
        if (t.managerId === undefined || can.rep(t.managerId)) return t;
        const { managerId: _hidden, ...rest } = t;
        return rest;
      }),
    accounts,
    payments: dataset.payments.filter((p) => dealIds.has(p.dealId)),
  };
}
