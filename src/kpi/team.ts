import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { Decimal } from '../money/index';
import type { KpiScore, ScoreKpisResult } from './score';

/**
 * Options for {@link teamScores}.
 *
 * @example
 * ```ts
 * import type { TeamScoresOptions } from 'openspm';
 * const byHeadcount: TeamScoresOptions = { teams: [{ id: 'hq', name: 'HQ' }, { id: 'east', name: 'East', parentId: 'hq' }] };
 * const bySignedAmount: TeamScoresOptions = { ...byHeadcount, weighting: { kpi: 'signed' } };
 * ```
 */
export interface TeamScoresOptions {
  /** The team tree (`parentId` links); the same shape as the dataset's teams. */
  teams: readonly {
    /** Team id. */
    id: string;
    /** Team name. */
    name: string;
    /** The team above it; absent at the top. */
    parentId?: string | undefined;
  }[];
  /**
   * `'headcount'` (default): every scored rep counts once, so a team score is the mean of its reps' totals.
   * `{ kpi: id }`: each rep counts in proportion to their raw value of that (result) KPI, e.g. signed
   * amount, so the reps who carry the result weigh more; reps without a value count 0.
   */
  weighting?:
    | 'headcount'
    | {
        /** The KPI whose raw value weights each rep. */
        kpi: string;
      };
}

/**
 * One team's score. See {@link teamScores}.
 *
 * @example
 * ```ts
 * import type { TeamScore } from 'openspm';
 * const show = (t: TeamScore) => `${t.name}: ${t.display} (${t.headcount} reps)`;
 * ```
 */
export interface TeamScore {
  /** Team id. */
  readonly teamId: string;
  /** Team name. */
  readonly name: string;
  /** Parent team id, or `null` at the top. */
  readonly parentId: string | null;
  /** Depth in the tree: 0 at the top. */
  readonly depth: number;
  /** Scored reps in the team and every team below it. */
  readonly headcount: number;
  /** Σ weight over those reps (the headcount, or the sum of the KPI values). */
  readonly weightTotal: Decimal;
  /** Σ weight × rep total ÷ Σ weight, exact; `null` when no scored rep or no weight. */
  readonly score: Decimal | null;
  /** The score rounded half-up to 2 decimals; `'—'` when `null`. */
  readonly display: string;
}

/**
 * What {@link teamScores} returns: every team, parents before children, and the reps left out.
 *
 * @example
 * ```ts
 * import type { TeamScoresResult } from 'openspm';
 * const top = (r: TeamScoresResult) => r.teams.filter((t) => t.depth === 0);
 * ```
 */
export interface TeamScoresResult {
  /** Parents before children, siblings in input order. */
  readonly teams: readonly TeamScore[];
  /** How reps were weighted. */
  readonly weighting:
    | 'headcount'
    | {
        /** The KPI whose raw value weighted each rep. */
        readonly kpi: string;
      };
  /** Scored reps whose team is not in `teams` (not counted anywhere). */
  readonly unassigned: readonly string[];
}

const TeamOptionsSchema = z
  .object({
    teams: z.array(
      z
        .object({ id: z.string().min(1), name: z.string(), parentId: z.string().optional().nullable() })
        .passthrough(),
    ),
    weighting: z.union([z.literal('headcount'), z.object({ kpi: z.string().min(1) }).strict()]).optional(),
  })
  .strict();

/**
 * Rolls rep scores up the team hierarchy. A team's score covers the reps of the team **and every team below
 * it** (computed from the reps, not as a mean of the child teams' means, so a big sub-team weighs by its
 * size). Weighted by headcount (default: the mean of the reps' totals) or by each rep's raw value of a result
 * KPI (`{ kpi: 'signed' }`). Reps without a total are left out. Throws `HIERARCHY_CYCLE` for a cyclic tree.
 *
 * @example
 * ```ts
 * import { scoreKpis, teamScores } from 'openspm';
 * const result = scoreKpis(
 *   {
 *     scorecard: { id: 'sc', name: 'S', version: 1, effectiveFrom: '2024-01-01', dimensions: [
 *       { id: 'd', name: 'D', weight: 100, kpis: [{ id: 'signed', name: 'Signed', weight: 100, target: 100 }] },
 *     ] },
 *     reps: [{ id: 'a', teamId: 'east' }, { id: 'b', teamId: 'east' }, { id: 'c', teamId: 'west' }],
 *     values: { a: { signed: 120 }, b: { signed: 80 }, c: { signed: 90 } },
 *   },
 *   { asOf: '2024-03-31' },
 * );
 * const teams = [{ id: 'hq', name: 'HQ' }, { id: 'east', name: 'East', parentId: 'hq' }, { id: 'west', name: 'West', parentId: 'hq' }];
 * teamScores(result, { teams }).teams.map((t) => `${t.teamId} ${t.display}`);
 * //=> ['hq 96.67', 'east 100.00', 'west 90.00']
 * teamScores(result, { teams, weighting: { kpi: 'signed' } }).teams[1].display; //=> '104.00'
 * ```
 */
export function teamScores(result: ScoreKpisResult, options: TeamScoresOptions): TeamScoresResult {
  const opts = parseOrThrow(TeamOptionsSchema, options, 'options', ['options']);
  if (!result || !Array.isArray(result.reps))
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'teamScores needs the result of scoreKpis', {
      path: ['result'],
    });
  const weighting = opts.weighting ?? 'headcount';
  const byId = new Map(opts.teams.map((t) => [t.id, t]));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const t of opts.teams) {
    const parent = t.parentId ?? null;
    if (parent !== null && byId.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(t.id);
      else children.set(parent, [t.id]);
    } else roots.push(t.id);
  }
  // A cycle: a team that never reaches a root.
  for (const t of opts.teams) {
    const seen = new Set<string>();
    let at: string | null | undefined = t.id;
    while (at !== null && at !== undefined && byId.has(at)) {
      if (seen.has(at))
        throw new OpenSpmError(
          ErrorCode.HIERARCHY_CYCLE,
          `team "${t.id}" is its own ancestor (via ${[...seen].join(' → ')})`,
          {
            path: ['options', 'teams'],
          },
        );
      seen.add(at);
      at = byId.get(at)!.parentId;
    }
  }
  // Direct sums per team.
  const direct = new Map<string, { n: number; w: Decimal; wx: Decimal }>();
  const unassigned: string[] = [];
  for (const rep of result.reps) {
    const total = rep.total;
    if (total === null) continue;
    if (rep.teamId === null || !byId.has(rep.teamId)) {
      unassigned.push(rep.repId);
      continue;
    }
    let w: Decimal;
    if (weighting === 'headcount') w = new Decimal(1);
    else {
      const line = rep.kpis.find((k: KpiScore) => k.kpiId === weighting.kpi);
      if (!line)
        throw new OpenSpmError(
          ErrorCode.UNKNOWN_REFERENCE,
          `options.weighting.kpi: no KPI "${weighting.kpi}" in the scorecard`,
          {
            path: ['options', 'weighting', 'kpi'],
          },
        );
      w = line.value === null || line.value < 0 ? new Decimal(0) : new Decimal(line.value);
    }
    const d = direct.get(rep.teamId) ?? { n: 0, w: new Decimal(0), wx: new Decimal(0) };
    direct.set(rep.teamId, { n: d.n + 1, w: d.w.plus(w), wx: d.wx.plus(w.times(total)) });
  }
  const out: TeamScore[] = [];
  const visit = (id: string, depth: number): { n: number; w: Decimal; wx: Decimal } => {
    const team = byId.get(id)!;
    const slot = out.length;
    out.push(undefined as unknown as TeamScore);
    let acc = direct.get(id) ?? { n: 0, w: new Decimal(0), wx: new Decimal(0) };
    for (const child of children.get(id) ?? []) {
      const c = visit(child, depth + 1);
      acc = { n: acc.n + c.n, w: acc.w.plus(c.w), wx: acc.wx.plus(c.wx) };
    }
    const score = acc.w.isZero() ? null : acc.wx.dividedBy(acc.w);
    out[slot] = {
      teamId: id,
      name: team.name,
      parentId: team.parentId && byId.has(team.parentId) ? team.parentId : null,
      depth,
      headcount: acc.n,
      weightTotal: acc.w,
      score,
      display: score === null ? '—' : score.toFixed(2, Decimal.ROUND_HALF_UP),
    };
    return acc;
  };
  for (const root of roots) visit(root, 0);
  return { teams: out, weighting, unassigned };
}
