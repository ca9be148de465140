import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { allocateMinor, Decimal, type DecimalInput, toDecimal } from '../money/index';
import type { ScoreKpisResult } from './score';

/**
 * One score to rank: an id and a score (`null` = not scored, left unranked).
 *
 * @example
 * ```ts
 * import type { ScoredItem } from 'openspm';
 * const item: ScoredItem = { id: 'rep-1', score: '101.75' };
 * ```
 */
export interface ScoredItem {
  /** Who or what is scored. */
  id: string;
  /** The score; `null` when there is none. */
  score: DecimalInput | null;
}

/**
 * Scores to rank: a list of {@link ScoredItem}s, or a {@link ScoreKpisResult} (its reps' totals).
 *
 * @example
 * ```ts
 * import type { RankInput } from 'openspm';
 * const input: RankInput = [{ id: 'a', score: 90 }, { id: 'b', score: 95 }];
 * ```
 */
export type RankInput = readonly ScoredItem[] | ScoreKpisResult;

function items(input: RankInput, path: string): { id: string; score: Decimal | null; index: number }[] {
  const list: readonly ScoredItem[] =
    'reps' in input
      ? input.reps.map((r) => ({ id: r.repId, score: r.total }))
      : (input as readonly ScoredItem[]);
  if (!Array.isArray(list))
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `${path}: expected a list of { id, score } or a scoreKpis result`,
      {
        path: [path],
      },
    );
  return list.map((item, index) => {
    if (item === null || typeof item !== 'object' || typeof item.id !== 'string')
      throw new OpenSpmError(ErrorCode.INVALID_INPUT, `${path}[${index}]: expected { id, score }`, {
        path: [path, index],
      });
    return {
      id: item.id,
      score:
        item.score === null || item.score === undefined
          ? null
          : toDecimal(item.score, { path: [path, index, 'score'] }),
      index,
    };
  });
}

/** Best first; equal scores keep input order. */
function sortBest(list: { score: Decimal | null; index: number }[], order: 'desc' | 'asc') {
  return list
    .filter((x) => x.score !== null)
    .sort(
      (a, b) =>
        (order === 'desc' ? b.score!.comparedTo(a.score!) : a.score!.comparedTo(b.score!)) ||
        a.index - b.index,
    );
}

/**
 * Options for {@link rankScores}.
 *
 * @example
 * ```ts
 * import type { RankScoresOptions } from 'openspm';
 * const options: RankScoresOptions = { ties: 'dense', order: 'desc' };
 * ```
 */
export interface RankScoresOptions {
  /** `'competition'` (default; 1, 2, 2, 4) or `'dense'` (1, 2, 2, 3). */
  ties?: 'competition' | 'dense';
  /** `'desc'` (default: highest score ranks 1) or `'asc'` (lowest ranks 1). */
  order?: 'desc' | 'asc';
}

/**
 * What {@link rankScores} returns: every item in input order with its rank and percentile.
 *
 * @example
 * ```ts
 * import type { RankScoresResult } from 'openspm';
 * const first = (r: RankScoresResult) => r.ranked.find((x) => x.rank === 1)?.id;
 * ```
 */
export interface RankScoresResult {
  /** In input order. */
  readonly ranked: readonly {
    /** The id. */
    readonly id: string;
    /** The score. */
    readonly score: Decimal | null;
    /** Rank (1 = best); `null` without a score. */
    readonly rank: number | null;
    /** (items below + ½ × others tied) ÷ (n − 1) × 100; `null` without a score or when alone. */
    readonly percentile: Decimal | null;
  }[];
  /** How many items had a score. */
  readonly scored: number;
  /** The tie rule used. */
  readonly ties: 'competition' | 'dense';
}

const RankOptionsSchema = z
  .object({ ties: z.enum(['competition', 'dense']).optional(), order: z.enum(['desc', 'asc']).optional() })
  .strict();

/**
 * Ranks scores with ties handled: `'competition'` ranking (1, 2, 2, 4: tied items share the best rank and
 * the next rank skips; the default) or `'dense'` (1, 2, 2, 3). Also gives each item its percentile:
 * the share of the others it beats, ties counting half.
 *
 * @example
 * ```ts
 * import { rankScores } from 'openspm';
 * const scores = [{ id: 'a', score: 90 }, { id: 'b', score: 95 }, { id: 'c', score: 90 }, { id: 'd', score: 80 }];
 * rankScores(scores).ranked.map((r) => r.rank); //=> [2, 1, 2, 4]
 * rankScores(scores, { ties: 'dense' }).ranked.map((r) => r.rank); //=> [2, 1, 2, 3]
 * rankScores(scores).ranked[1].percentile?.toString(); //=> '100'
 * ```
 */
export function rankScores(input: RankInput, options: RankScoresOptions = {}): RankScoresResult {
  const opts = parseOrThrow(RankOptionsSchema, options, 'options', ['options']);
  const ties = opts.ties ?? 'competition';
  const list = items(input, 'input');
  const sorted = sortBest(list, opts.order ?? 'desc');
  const rank = new Map<number, number>();
  const percentile = new Map<number, Decimal>();
  const n = sorted.length;
  let dense = 0;
  let r = 0;
  while (r < n) {
    let e = r + 1;
    while (e < n && sorted[e]!.score!.equals(sorted[r]!.score!)) e++;
    dense++;
    for (let q = r; q < e; q++) {
      const idx = sorted[q]!.index;
      rank.set(idx, ties === 'dense' ? dense : r + 1);
      if (n > 1)
        percentile.set(
          idx,
          new Decimal(n - e)
            .plus(new Decimal(e - r - 1).dividedBy(2))
            .dividedBy(n - 1)
            .times(100),
        );
    }
    r = e;
  }
  return {
    ranked: list.map((x) => ({
      id: x.id,
      score: x.score,
      rank: rank.get(x.index) ?? null,
      percentile: percentile.get(x.index) ?? null,
    })),
    scored: n,
    ties,
  };
}

/**
 * Options for {@link forcedDistribution}.
 *
 * @example
 * ```ts
 * import type { ForcedDistributionOptions } from 'openspm';
 * const options: ForcedDistributionOptions = {
 *   buckets: [{ label: 'top', share: 20 }, { label: 'middle', share: 70 }, { label: 'bottom', share: 10 }],
 * };
 * ```
 */
export interface ForcedDistributionOptions {
  /** Buckets from best to worst, with their share in percent (total 100). */
  buckets: readonly {
    /** Bucket label. */
    label: string;
    /** Share of the group in percent. */
    share: number;
  }[];
  /** Below this many scored items a warning says the group is too small to force (default 25). */
  minGroupSize?: number;
}

/**
 * What {@link forcedDistribution} returns: bucket sizes (largest remainder), who is in each, and warnings.
 *
 * @example
 * ```ts
 * import type { ForcedDistributionResult } from 'openspm';
 * const sizes = (r: ForcedDistributionResult) => r.buckets.map((b) => b.size);
 * ```
 */
export interface ForcedDistributionResult {
  /** Best bucket first. */
  readonly buckets: readonly {
    /** Bucket label. */
    readonly label: string;
    /** Its share in percent. */
    readonly share: number;
    /** Exact share × group size, before apportionment. */
    readonly quota: Decimal;
    /** Its size: whole items, by largest remainder; the sizes sum to the group size. */
    readonly size: number;
    /** The ids in it, best first. */
    readonly ids: readonly string[];
  }[];
  /** The label of each scored id, in input order (unscored ids are left out). */
  readonly assignments: readonly {
    /** The id. */
    readonly id: string;
    /** Its bucket's label. */
    readonly label: string;
  }[];
  /** The number of scored items distributed. */
  readonly groupSize: number;
  /** Why the distribution should be read with care: a small group, ties split across a boundary. */
  readonly warnings: readonly string[];
}

const ForcedSchema = z
  .object({
    buckets: z
      .array(z.object({ label: z.string().min(1), share: z.number().min(0).max(100) }).strict())
      .min(1, 'at least one bucket is needed'),
    minGroupSize: z.number().int().min(1).optional(),
  })
  .strict();

/**
 * Forced distribution (强制分布, e.g. 20/70/10): ranks the scores, sizes each bucket by largest-remainder
 * apportionment of the group size over the shares (ties to the earlier bucket, so the sizes always sum to
 * the group size), and fills the buckets best first; equal scores keep input order. Warns when the group
 * is smaller than `minGroupSize` (default 25) and when tied scores straddle a bucket boundary.
 *
 * @example
 * ```ts
 * import { forcedDistribution } from 'openspm';
 * const scores = Array.from({ length: 12 }, (_, i) => ({ id: `rep-${i + 1}`, score: 100 - i }));
 * const result = forcedDistribution(scores, {
 *   buckets: [{ label: 'top', share: 20 }, { label: 'middle', share: 70 }, { label: 'bottom', share: 10 }],
 * });
 * result.buckets.map((b) => b.size); //=> [3, 8, 1] (quotas 2.4, 8.4, 1.2)
 * result.warnings[0]; //=> 'only 12 scored, fewer than 25: a forced distribution on a group this small is mostly noise'
 * ```
 */
export function forcedDistribution(
  input: RankInput,
  options: ForcedDistributionOptions,
): ForcedDistributionResult {
  const opts = parseOrThrow(ForcedSchema, options, 'options', ['options']);
  const shareSum = opts.buckets.reduce((s, b) => s.plus(toDecimal(b.share)), new Decimal(0));
  if (!shareSum.equals(100))
    throw new OpenSpmError(
      ErrorCode.WEIGHTS_NOT_100,
      `options.buckets: the shares total ${shareSum}, not 100 (${opts.buckets.map((b) => `${b.label} ${b.share}`).join(' + ')})`,
      { path: ['options', 'buckets'] },
    );
  const sorted = sortBest(items(input, 'input'), 'desc');
  const n = sorted.length;
  const all = items(input, 'input');
  const sizes = allocateMinor(
    n,
    opts.buckets.map((b) => String(b.share)),
  );
  const warnings: string[] = [];
  const min = opts.minGroupSize ?? 25;
  if (n < min)
    warnings.push(
      `only ${n} scored, fewer than ${min}: a forced distribution on a group this small is mostly noise`,
    );
  const buckets: { label: string; share: number; quota: Decimal; size: number; ids: string[] }[] = [];
  const label = new Map<number, string>();
  let at = 0;
  opts.buckets.forEach((b, k) => {
    const size = sizes[k]!;
    const ids: string[] = [];
    for (let q = at; q < at + size; q++) {
      ids.push(all[sorted[q]!.index]!.id);
      label.set(sorted[q]!.index, b.label);
    }
    at += size;
    if (at > 0 && at < n && sorted[at - 1]!.score!.equals(sorted[at]!.score!))
      warnings.push(
        `a tie at score ${sorted[at]!.score} is split between "${b.label}" and "${opts.buckets[k + 1]?.label}" (input order decided)`,
      );
    buckets.push({
      label: b.label,
      share: b.share,
      quota: toDecimal(b.share).times(n).dividedBy(100),
      size,
      ids,
    });
  });
  return {
    buckets,
    assignments: all.filter((x) => label.has(x.index)).map((x) => ({ id: x.id, label: label.get(x.index)! })),
    groupSize: n,
    warnings,
  };
}
