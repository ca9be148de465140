import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { Decimal } from '../money/index';
import type { ScoreKpisResult } from './score';

/**
 * Options for {@link capabilityProfile}.
 *
 * @example
 * ```ts
 * import type { CapabilityProfileOptions } from 'openspm';
 * const options: CapabilityProfileOptions = { threshold: 15, compareWith: 'team' };
 * ```
 */
export interface CapabilityProfileOptions {
  /** How far (in points) above or below the median a KPI score must be to count (default 10). */
  threshold?: number;
  /** Compare with the rep's `'team'` (default) or with `'all'` reps scored. */
  compareWith?: 'team' | 'all';
}

/**
 * One KPI where a rep stands out. See {@link capabilityProfile}.
 *
 * @example
 * ```ts
 * import type { CapabilityGap } from 'openspm';
 * const say = (g: CapabilityGap) => `${g.name}: ${g.score} vs median ${g.median} (${g.gap})`;
 * ```
 */
export interface CapabilityGap {
  /** KPI id. */
  readonly kpiId: string;
  /** KPI name. */
  readonly name: string;
  /** The rep's normalised score. */
  readonly score: Decimal;
  /** The median normalised score of the comparison group (the rep included). */
  readonly median: Decimal;
  /** score − median, in points. */
  readonly gap: Decimal;
  /** How many reps of the group have a score on this KPI. */
  readonly sampleSize: number;
}

/**
 * What {@link capabilityProfile} returns: per rep (input order), strengths and weaknesses.
 *
 * @example
 * ```ts
 * import type { CapabilityProfileResult } from 'openspm';
 * const coachingList = (r: CapabilityProfileResult) => r.reps.filter((p) => p.weaknesses.length > 0);
 * ```
 */
export interface CapabilityProfileResult {
  /** One per rep. */
  readonly reps: readonly {
    /** Rep id. */
    readonly repId: string;
    /** Team id. */
    readonly teamId: string | null;
    /** KPIs at least `threshold` above the median, largest gap first. */
    readonly strengths: readonly CapabilityGap[];
    /** KPIs at least `threshold` below the median, largest gap first. */
    readonly weaknesses: readonly CapabilityGap[];
  }[];
  /** The threshold used, in points. */
  readonly threshold: Decimal;
  /** The comparison group. */
  readonly compareWith: 'team' | 'all';
}

const CapabilitySchema = z
  .object({
    threshold: z.number().min(0).optional(),
    compareWith: z.enum(['team', 'all']).optional(),
  })
  .strict();

function median(sorted: readonly Decimal[]): Decimal {
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : sorted[m - 1]!.plus(sorted[m]!).dividedBy(2);
}

/**
 * The capability profile (能力画像) of each rep: strengths and weaknesses are the KPIs where the rep's
 * normalised score is at least `threshold` points above or below the median of the team (or of all reps),
 * each with the gap, sorted by the size of the gap — the input a manager needs for coaching. Excluded KPIs
 * are ignored; a KPI scored by the missing-value policy as 0 counts as 0.
 *
 * @example
 * ```ts
 * import { capabilityProfile, scoreKpis } from 'openspm';
 * const result = scoreKpis(
 *   {
 *     scorecard: { id: 'sc', name: 'S', version: 1, effectiveFrom: '2024-01-01', dimensions: [
 *       { id: 'd', name: 'D', weight: 100, kpis: [
 *         { id: 'visits', name: 'Visits', weight: 50, target: 100 },
 *         { id: 'revenue', name: 'Revenue', weight: 50, target: 100 },
 *       ] },
 *     ] },
 *     reps: [{ id: 'a', teamId: 't' }, { id: 'b', teamId: 't' }, { id: 'c', teamId: 't' }],
 *     values: { a: { visits: 130, revenue: 70 }, b: { visits: 100, revenue: 100 }, c: { visits: 95, revenue: 105 } },
 *   },
 *   { asOf: '2024-03-31' },
 * );
 * const a = capabilityProfile(result, { threshold: 15 }).reps[0];
 * a.strengths.map((g) => `${g.kpiId} +${g.gap}`); //=> ['visits +30']
 * a.weaknesses.map((g) => `${g.kpiId} ${g.gap}`); //=> ['revenue -30']
 * ```
 */
export function capabilityProfile(
  result: ScoreKpisResult,
  options: CapabilityProfileOptions = {},
): CapabilityProfileResult {
  const opts = parseOrThrow(CapabilitySchema, options, 'options', ['options']);
  if (!result || !Array.isArray(result.reps))
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'capabilityProfile needs the result of scoreKpis', {
      path: ['result'],
    });
  const threshold = new Decimal(opts.threshold ?? 10);
  const compareWith = opts.compareWith ?? 'team';
  const groupOf = (teamId: string | null) => (compareWith === 'all' ? '' : (teamId ?? '\u0000none'));
  const scores = new Map<string, Map<string, Decimal[]>>();
  for (const rep of result.reps) {
    const g = groupOf(rep.teamId);
    let byKpi = scores.get(g);
    if (!byKpi) {
      byKpi = new Map();
      scores.set(g, byKpi);
    }
    for (const line of rep.kpis) {
      if (line.score === null) continue;
      const list = byKpi.get(line.kpiId);
      if (list) list.push(line.score);
      else byKpi.set(line.kpiId, [line.score]);
    }
  }
  const medians = new Map<string, Map<string, { median: Decimal; n: number }>>();
  for (const [g, byKpi] of scores) {
    const m = new Map<string, { median: Decimal; n: number }>();
    for (const [kpiId, list] of byKpi) {
      list.sort((a, b) => a.comparedTo(b));
      m.set(kpiId, { median: median(list), n: list.length });
    }
    medians.set(g, m);
  }
  return {
    reps: result.reps.map((rep) => {
      const m = medians.get(groupOf(rep.teamId))!;
      const strengths: CapabilityGap[] = [];
      const weaknesses: CapabilityGap[] = [];
      for (const line of rep.kpis) {
        if (line.score === null) continue;
        const { median: med, n } = m.get(line.kpiId)!;
        const gap = line.score.minus(med);
        const entry = {
          kpiId: line.kpiId,
          name: line.name,
          score: line.score,
          median: med,
          gap,
          sampleSize: n,
        };
        if (n > 1 && gap.greaterThanOrEqualTo(threshold) && !gap.isZero()) strengths.push(entry);
        else if (n > 1 && gap.negated().greaterThanOrEqualTo(threshold) && !gap.isZero())
          weaknesses.push(entry);
      }
      strengths.sort((x, y) => y.gap.comparedTo(x.gap));
      weaknesses.sort((x, y) => x.gap.comparedTo(y.gap));
      return { repId: rep.repId, teamId: rep.teamId, strengths, weaknesses };
    }),
    threshold,
    compareWith,
  };
}
