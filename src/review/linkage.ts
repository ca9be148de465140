import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import type { CustomMetric } from '../kpi/index';
import type { Dataset } from '../model/index';
import {
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
  PeriodSchema,
  subPeriods,
} from '../period/index';
import {
  checkMetrics,
  proposalsMetric,
  REVIEW_METRICS,
  type ReviewMetric,
  repMetricValues,
  resolveZone,
} from './metrics';
import { CommonSchema, DatasetShape, scopeReps } from './review-period';
import { permutationPValue, round, seededRandom, spearman, spearmanInterval, theilSen } from './stats';

const THEIL_SEN_MAX = 2000;

/**
 * One row of a rep × period panel: a rep's metric values in one period.
 *
 * @example
 * ```ts
 * import type { LinkagePanelRow } from 'openspm';
 * const row: LinkagePanelRow = { repId: 'rep-1', period: '2024-03', values: { visits: 14, signedAmount: 182000 } };
 * ```
 */
export interface LinkagePanelRow {
  /** Rep id. */
  repId: string;
  /** Period key; periods are ordered by `options.periods`, else by key (`2024-03` < `2024-04`). */
  period: string;
  /** Metric values; `null` or absent = not available. */
  values: Record<string, number | null | undefined>;
}

/**
 * What {@link processResultLinkage} analyses: a dataset (the panel is then built with the KPI metrics, one
 * period of `options.grain` at a time) or a ready panel.
 *
 * @example
 * ```ts
 * import type { ProcessResultLinkageInput } from 'openspm';
 * const input: ProcessResultLinkageInput = {
 *   panel: [{ repId: 'rep-1', period: '2024-01', values: { visits: 12, signedAmount: 150000 } }],
 * };
 * ```
 */
export interface ProcessResultLinkageInput {
  /** The dataset to build the panel from (needs `options.period` and `options.asOf`). */
  dataset?: Dataset;
  /** A ready panel (rep × period values), used instead of a dataset. */
  panel?: readonly LinkagePanelRow[];
}

/**
 * Options for {@link processResultLinkage}.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, type ProcessResultLinkageOptions } from 'openspm';
 * const options: ProcessResultLinkageOptions = {
 *   asOf: '2024-12-31', period: parsePeriodKey('FY2024'), grain: 'month', lag: 1, seed: 42,
 * };
 * ```
 */
export interface ProcessResultLinkageOptions {
  /** Evaluation date, `YYYY-MM-DD` (required with a dataset). */
  asOf?: string;
  /** The whole span cut into panel periods (required with a dataset). */
  period?: Period;
  /** Panel period: `'month'` (default) or `'week'`. */
  grain?: 'month' | 'week';
  /** Only the reps of this team (with its sub-teams); default every rep. */
  teamId?: string;
  /** Metric definitions (default {@link REVIEW_METRICS}). */
  metrics?: readonly ReviewMetric[];
  /** Custom KPI metrics by name. */
  customMetrics?: Record<string, CustomMetric>;
  /** Stage counted by `'proposals'` (default `'proposal'`). */
  proposalStage?: string;
  /** Time zone (default: the calendar's zone, else `'UTC'`). */
  zone?: string;
  /** Fiscal calendar for cutting the span. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Process metric ids (default: the process metrics of `metrics`, or of the panel's columns). */
  process?: readonly string[];
  /** Result metric ids (default: the result metrics of `metrics`). */
  result?: readonly string[];
  /** The result metric the ranking and the weight suggestion use (default: the first of `result`). */
  primaryResult?: string;
  /** Order of the panel's periods (default: sorted keys). */
  periods?: readonly string[];
  /** Periods between process and result: 1 = visits this month vs revenue next month (default 0). */
  lag?: number;
  /**
   * `'within-period'` (default): each value is compared with the same period's average over reps, so a
   * trend that lifts everyone (season, growth) is taken out; `'none'`: raw values.
   */
  adjust?: 'within-period' | 'none';
  /** Fewest rep-period pairs for any claim (default 30). */
  minPairs?: number;
  /** Fewest reps for any claim (default 5). */
  minReps?: number;
  /** Fewest periods for any claim (default 3). */
  minPeriods?: number;
  /** Confidence of the intervals, and 1 − the significance level (default 0.95). */
  confidence?: number;
  /** Shuffles of the permutation test (default 999). */
  permutations?: number;
  /** Seed of the permutation test's generator (default 1): the same seed gives the same p-value. */
  seed?: number;
}

/**
 * The evidence linking one process metric with one result metric.
 *
 * @example
 * ```ts
 * import type { LinkagePair } from 'openspm';
 * const text = (p: LinkagePair) => `${p.process} → ${p.result}: ${p.verdict} (n=${p.pairs})`;
 * ```
 */
export interface LinkagePair {
  /** Process metric id. */
  readonly process: string;
  /** Result metric id. */
  readonly result: string;
  /** Lag in periods. */
  readonly lag: number;
  /** Rep-period pairs with both values. */
  readonly pairs: number;
  /** Distinct reps among them. */
  readonly reps: number;
  /** Distinct periods among them. */
  readonly periods: number;
  /**
   * Spearman's rank correlation (−1 … 1) with its interval (Fisher z, Bonett–Wright error) and two-sided
   * permutation p-value; `null` when no claim is made or a side does not vary.
   */
  readonly spearman: {
    /** The correlation. */
    readonly rho: number;
    /** Lower end of the interval. */
    readonly lower: number;
    /** Upper end of the interval. */
    readonly upper: number;
    /** Two-sided permutation p-value, (shuffles at least as extreme + 1) ÷ (shuffles + 1). */
    readonly pValue: number;
    /** Shuffles made. */
    readonly permutations: number;
    /** Seed of the shuffles. */
    readonly seed: number;
  } | null;
  /**
   * Theil–Sen slope: extra result per extra unit of process (median of all pairwise slopes) with Sen's
   * interval; `null` when no claim is made or the process does not vary.
   */
  readonly slope: {
    /** Result units per process unit. */
    readonly perUnit: number;
    /** Lower end of the interval. */
    readonly lower: number;
    /** Upper end of the interval. */
    readonly upper: number;
    /** Pairwise slopes the median was taken of. */
    readonly pairwiseSlopes: number;
  } | null;
  /**
   * Leave-one-rep-out check (run when the full sample shows evidence): the rep whose removal weakens the
   * correlation most, and whether the evidence survives without them.
   */
  readonly leaveOneOut: {
    /** The most influential rep. */
    readonly repId: string;
    /** ρ without that rep. */
    readonly rho: number | null;
    /** Interval without that rep. */
    readonly lower: number | null;
    /** Upper end without that rep. */
    readonly upper: number | null;
    /** `true` when every leave-one-rep-out interval still excludes 0 on the same side. */
    readonly robust: boolean;
  } | null;
  /**
   * `'insufficient-data'` (below a minimum: no claim), `'no-evidence'` (interval includes 0 or p ≥ α),
   * `'positive'` / `'negative'` (interval excludes 0, p < α and robust to leaving any rep out) or
   * `'fragile'` (evidence that disappears without one rep).
   */
  readonly verdict: 'insufficient-data' | 'no-evidence' | 'positive' | 'negative' | 'fragile';
  /** The guards that applied, in words. */
  readonly guards: readonly string[];
  /** One sentence a manager reads. */
  readonly explanation: string;
  /** The same sentence in Simplified Chinese (same template, same figures). */
  readonly explanationZh: string;
}

/**
 * One process metric in the ranking by evidence against the primary result.
 *
 * @example
 * ```ts
 * import type { LinkageRankItem } from 'openspm';
 * const line = (r: LinkageRankItem) => `${r.rank}. ${r.process} (${r.verdict}, ρ=${r.rho ?? 'n/a'})`;
 * ```
 */
export interface LinkageRankItem {
  /** 1 = strongest evidence. */
  readonly rank: number;
  /** Process metric id. */
  readonly process: string;
  /** The verdict against the primary result. */
  readonly verdict: LinkagePair['verdict'];
  /** Spearman ρ, when computed. */
  readonly rho: number | null;
  /** Permutation p-value, when computed. */
  readonly pValue: number | null;
  /** Theil–Sen slope, when computed. */
  readonly slope: number | null;
}

/**
 * A weight split for the KPI scorecard's process dimension derived from the evidence. A suggestion only:
 * openspm never applies it to a scorecard.
 *
 * @example
 * ```ts
 * import type { SuggestedProcessWeights } from 'openspm';
 * const show = (s: SuggestedProcessWeights) => s.weights.map((w) => `${w.process} ${w.weight}%`).join(', ');
 * ```
 */
export interface SuggestedProcessWeights {
  /** Always `'suggestion'`. */
  readonly kind: 'suggestion';
  /** Always `false`: nothing was changed in any scorecard. */
  readonly applied: false;
  /** The label to show beside it. */
  readonly label: string;
  /** How the weights were derived. */
  readonly basis: string;
  /** Whole-percent weights totalling 100 (largest remainder, ties to the higher-ranked metric); empty when none. */
  readonly weights: readonly {
    /** Process metric id. */
    readonly process: string;
    /** Weight in percent. */
    readonly weight: number;
    /** The ρ it is proportional to. */
    readonly rho: number;
  }[];
  /** Why there is no split, when `weights` is empty. */
  readonly reason: string | null;
}

/**
 * What {@link processResultLinkage} returns.
 *
 * @example
 * ```ts
 * import type { ProcessResultLinkageResult } from 'openspm';
 * const top = (r: ProcessResultLinkageResult) => r.ranking[0]?.process;
 * ```
 */
export interface ProcessResultLinkageResult {
  /** The panel analysed (built from the dataset, or the one given). */
  readonly panel: readonly LinkagePanelRow[];
  /** Panel periods in order. */
  readonly periods: readonly string[];
  /** Every process × result pair. */
  readonly pairs: readonly LinkagePair[];
  /** The result metric the ranking uses. */
  readonly primaryResult: string;
  /** Process metrics ranked by evidence against the primary result. */
  readonly ranking: readonly LinkageRankItem[];
  /** A suggested weight split for the process dimension; never applied. */
  readonly suggestedWeights: SuggestedProcessWeights;
  /** The settings used. */
  readonly settings: {
    /** Lag in periods. */
    readonly lag: number;
    /** Adjustment. */
    readonly adjust: 'within-period' | 'none';
    /** Minimum pairs. */
    readonly minPairs: number;
    /** Minimum reps. */
    readonly minReps: number;
    /** Minimum periods. */
    readonly minPeriods: number;
    /** Confidence. */
    readonly confidence: number;
    /** Shuffles. */
    readonly permutations: number;
    /** Seed. */
    readonly seed: number;
  };
}

const PanelSchema = z.array(
  z.object({
    repId: z.string().min(1),
    period: z.string().min(1),
    values: z.record(z.string(), z.number().finite().nullable().optional()),
  }),
);

const OptionsSchema = z.object({
  ...CommonSchema,
  repId: z.undefined({ error: 'a linkage compares reps: give teamId, or nothing for every rep' }).optional(),
  asOf: CommonSchema.asOf.optional(),
  period: PeriodSchema.optional(),
  grain: z.enum(['month', 'week']).default('month'),
  process: z.array(z.string().min(1)).min(1).optional(),
  result: z.array(z.string().min(1)).min(1).optional(),
  primaryResult: z.string().min(1).optional(),
  periods: z.array(z.string().min(1)).optional(),
  lag: z.number().int().min(0).max(24).default(0),
  adjust: z.enum(['within-period', 'none']).default('within-period'),
  minPairs: z.number().int().min(4).default(30),
  minReps: z.number().int().min(2).default(5),
  minPeriods: z.number().int().min(1).default(3),
  confidence: z.number().gt(0.5).lt(1).default(0.95),
  permutations: z.number().int().min(99).max(100000).default(999),
  seed: z.number().int().default(1),
});

function buildPanel(
  dataset: Dataset,
  opts: z.output<typeof OptionsSchema>,
  metrics: readonly ReviewMetric[],
): { panel: LinkagePanelRow[]; periods: string[] } {
  if (!opts.period || !opts.asOf) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'with a dataset, give options.period (the span) and options.asOf',
      {
        path: [opts.period ? 'asOf' : 'period'],
      },
    );
  }
  const scope = scopeReps(dataset, opts.teamId, undefined);
  const repIds = scope.reps.map((r) => r.id);
  const custom = { proposals: proposalsMetric(dataset, opts.proposalStage), ...opts.customMetrics };
  checkMetrics(metrics, custom);
  const zone = resolveZone(opts.zone, opts.calendar);
  const parts = subPeriods(opts.period, opts.grain, opts.calendar);
  const panel: LinkagePanelRow[] = [];
  const periods: string[] = [];
  for (const p of parts) {
    const key = p.partial ? `${p.key}@${p.start}` : p.key;
    periods.push(key);
    const values = repMetricValues(dataset, repIds, p, metrics, opts.asOf, zone, custom);
    for (const r of repIds) {
      const row: Record<string, number | null> = {};
      for (const m of metrics) row[m.id] = values.get(r)?.get(m.id)?.value ?? null;
      panel.push({ repId: r, period: key, values: row });
    }
  }
  return { panel, periods };
}

function fmt(n: number, d = 2): string {
  return String(round(n, d));
}

/**
 * Which process work goes with results (过程与结果的关联)? Across a rep × period panel, each process metric
 * is set against each result metric (optionally with a lag: visits this month vs revenue next month) with
 * Spearman's rank correlation (sample size, interval, seeded permutation p-value) and a Theil–Sen slope
 * ("extra revenue per extra visit") with its interval. Guards are applied and reported: no claim below a
 * minimum sample, a leave-one-rep-out check, and a within-period comparison that removes common trends.
 * The process metrics are ranked by evidence and a weight split for the scorecard's process dimension is
 * suggested — labelled as a suggestion, never applied.
 *
 * Correlation is not causation: reps who visit more may also have better territories. The output says how
 * strong the association is and how sure we can be of it, not why.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, processResultLinkage } from 'openspm';
 * import { generateSampleData } from 'openspm/testing';
 * const linkage = processResultLinkage(
 *   { dataset: generateSampleData({ seed: 3 }) },
 *   { asOf: '2024-12-31', period: parsePeriodKey('FY2024'), result: ['signedAmount'], seed: 1 },
 * );
 * linkage.ranking.slice(0, 2).map((r) => `${r.process}: ${r.verdict}`); //=> ['calls: positive', 'proposals: positive']
 * linkage.suggestedWeights.weights[0]; //=> { process: 'calls', weight: 24, rho: 0.3265 }
 * linkage.suggestedWeights.applied; //=> false
 * ```
 */
export function processResultLinkage(
  input: ProcessResultLinkageInput,
  options: ProcessResultLinkageOptions,
): ProcessResultLinkageResult {
  if (
    input === null ||
    typeof input !== 'object' ||
    (input.dataset === undefined && input.panel === undefined)
  ) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'expected { dataset } or { panel }');
  }
  const opts = parseOrThrow(OptionsSchema, options, 'linkage options');
  const metrics = (opts.metrics ?? REVIEW_METRICS) as readonly ReviewMetric[];
  let panel: LinkagePanelRow[];
  let periods: string[];
  if (input.panel !== undefined) {
    panel = parseOrThrow(PanelSchema, input.panel, 'panel', ['panel']) as LinkagePanelRow[];
    periods = opts.periods ? [...opts.periods] : [...new Set(panel.map((r) => r.period))].sort();
  } else {
    parseOrThrow(DatasetShape, input.dataset, 'dataset', ['dataset']);
    ({ panel, periods } = buildPanel(input.dataset!, opts, metrics));
  }
  const columns = new Set(panel.flatMap((r) => Object.keys(r.values)));
  const process =
    opts.process ?? metrics.filter((m) => m.kind === 'process' && columns.has(m.id)).map((m) => m.id);
  const result =
    opts.result ?? metrics.filter((m) => m.kind === 'result' && columns.has(m.id)).map((m) => m.id);
  for (const [list, path] of [
    [process, 'process'],
    [result, 'result'],
  ] as const) {
    for (const id of list) {
      if (!columns.has(id)) {
        throw new OpenSpmError(
          ErrorCode.UNKNOWN_METRIC,
          `metric "${id}" is not in the panel (columns: ${[...columns].join(', ')})`,
          {
            path: [path],
          },
        );
      }
    }
    if (list.length === 0) {
      throw new OpenSpmError(ErrorCode.INVALID_INPUT, `no ${path} metric to analyse`, { path: [path] });
    }
  }
  const primary = opts.primaryResult ?? result[0]!;
  if (!result.includes(primary)) {
    throw new OpenSpmError(
      ErrorCode.UNKNOWN_METRIC,
      `primaryResult "${primary}" is not one of the result metrics`,
      {
        path: ['primaryResult'],
      },
    );
  }
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const names = new Map(metrics.map((m) => [m.id, m.name.toLowerCase()]));
  const namesZh = new Map(metrics.map((m) => [m.id, m.nameZh ?? m.name]));
  const cell = new Map<string, Record<string, number | null | undefined>>();
  for (const r of panel) cell.set(`${r.repId}\u0000${r.period}`, r.values);

  const pairs: LinkagePair[] = [];
  for (const pm of process) {
    for (const rm of result) {
      pairs.push(analysePair(panel, periods, periodIndex, cell, pm, rm, opts, names, namesZh));
    }
  }

  const rankOrder: Record<LinkagePair['verdict'], number> = {
    positive: 0,
    fragile: 1,
    'no-evidence': 2,
    negative: 3,
    'insufficient-data': 4,
  };
  const forPrimary = pairs.filter((p) => p.result === primary);
  const sorted = [...forPrimary].sort(
    (a, b) =>
      rankOrder[a.verdict] - rankOrder[b.verdict] ||
      (b.spearman?.rho ?? Number.NEGATIVE_INFINITY) - (a.spearman?.rho ?? Number.NEGATIVE_INFINITY) ||
      process.indexOf(a.process) - process.indexOf(b.process),
  );
  const ranking: LinkageRankItem[] = sorted.map((p, i) => ({
    rank: i + 1,
    process: p.process,
    verdict: p.verdict,
    rho: p.spearman?.rho ?? null,
    pValue: p.spearman?.pValue ?? null,
    slope: p.slope?.perUnit ?? null,
  }));

  const positive = sorted.filter((p) => p.verdict === 'positive');
  const label = 'Suggestion only — derived from the evidence below; not applied to any scorecard';
  const basis = `weights proportional to Spearman ρ against ${primary}, only for process metrics with robust positive evidence (lag ${opts.lag}, ${opts.adjust})`;
  let suggestedWeights: SuggestedProcessWeights;
  if (positive.length === 0) {
    suggestedWeights = {
      kind: 'suggestion',
      applied: false,
      label,
      basis,
      weights: [],
      reason: `no process metric showed robust positive evidence against ${primary}; keep the current weights`,
    };
  } else {
    const rhos = positive.map((p) => p.spearman!.rho);
    const total = rhos.reduce((a, b) => a + b, 0);
    const quotas = rhos.map((r) => (r / total) * 100);
    const ints = quotas.map(Math.floor);
    let left = 100 - ints.reduce((a, b) => a + b, 0);
    const order = quotas
      .map((q, i) => [q - Math.floor(q), i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of order) {
      if (left <= 0) break;
      ints[i]!++;
      left--;
    }
    suggestedWeights = {
      kind: 'suggestion',
      applied: false,
      label,
      basis,
      weights: positive.map((p, i) => ({ process: p.process, weight: ints[i]!, rho: p.spearman!.rho })),
      reason: null,
    };
  }

  return {
    panel,
    periods,
    pairs,
    primaryResult: primary,
    ranking,
    suggestedWeights,
    settings: {
      lag: opts.lag,
      adjust: opts.adjust,
      minPairs: opts.minPairs,
      minReps: opts.minReps,
      minPeriods: opts.minPeriods,
      confidence: opts.confidence,
      permutations: opts.permutations,
      seed: opts.seed,
    },
  };
}

function analysePair(
  panel: readonly LinkagePanelRow[],
  periods: readonly string[],
  periodIndex: ReadonlyMap<string, number>,
  cell: ReadonlyMap<string, Record<string, number | null | undefined>>,
  pm: string,
  rm: string,
  opts: z.output<typeof OptionsSchema>,
  names: ReadonlyMap<string, string>,
  namesZh: ReadonlyMap<string, string>,
): LinkagePair {
  const pz = namesZh.get(pm) ?? pm;
  const rz = namesZh.get(rm) ?? rm;
  const lag = opts.lag;
  const px = names.get(pm) ?? pm;
  const ry = names.get(rm) ?? rm;
  const xs: number[] = [];
  const ys: number[] = [];
  const repOf: string[] = [];
  const periodOf: number[] = [];
  for (const row of panel) {
    const t = periodIndex.get(row.period);
    if (t === undefined) continue;
    const x = row.values[pm];
    if (x === null || x === undefined) continue;
    const later = periods[t + lag];
    if (later === undefined) continue;
    const y = cell.get(`${row.repId}\u0000${later}`)?.[rm];
    if (y === null || y === undefined) continue;
    xs.push(x);
    ys.push(y);
    repOf.push(row.repId);
    periodOf.push(t);
  }
  const n = xs.length;
  const reps = new Set(repOf).size;
  const nPeriods = new Set(periodOf).size;
  const guards: string[] = [];
  const base = { process: pm, result: rm, lag, pairs: n, reps, periods: nPeriods };
  const short: string[] = [];
  if (n < opts.minPairs) short.push(`${n} rep-period pairs (minimum ${opts.minPairs})`);
  if (reps < opts.minReps) short.push(`${reps} reps (minimum ${opts.minReps})`);
  if (nPeriods < opts.minPeriods) short.push(`${nPeriods} periods (minimum ${opts.minPeriods})`);
  const shortZh: string[] = [];
  if (n < opts.minPairs) shortZh.push(`样本${n}个（至少${opts.minPairs}个）`);
  if (reps < opts.minReps) shortZh.push(`销售${reps}人（至少${opts.minReps}人）`);
  if (nPeriods < opts.minPeriods) shortZh.push(`${nPeriods}个周期（至少${opts.minPeriods}个）`);
  if (short.length > 0) {
    guards.push(`too little data: ${short.join(', ')}; no claim is made`);
    return {
      ...base,
      spearman: null,
      slope: null,
      leaveOneOut: null,
      verdict: 'insufficient-data',
      guards,
      explanation: `Not enough data to say how ${px} relates to ${ry}: ${short.join(', ')}.`,
      explanationZh: `数据不足，无法判断${pz}与${rz}的关系：${shortZh.join('，')}。`,
    };
  }
  // Within-period comparison: each value minus the mean of its period (over the pairs kept).
  let ax = xs;
  let ay = ys;
  if (opts.adjust === 'within-period') {
    const sumX = new Map<number, number>();
    const sumY = new Map<number, number>();
    const cnt = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t = periodOf[i]!;
      sumX.set(t, (sumX.get(t) ?? 0) + xs[i]!);
      sumY.set(t, (sumY.get(t) ?? 0) + ys[i]!);
      cnt.set(t, (cnt.get(t) ?? 0) + 1);
    }
    ax = xs.map((x, i) => x - sumX.get(periodOf[i]!)! / cnt.get(periodOf[i]!)!);
    ay = ys.map((y, i) => y - sumY.get(periodOf[i]!)! / cnt.get(periodOf[i]!)!);
    guards.push(
      'compared within period: each value against the same period’s average, so common trends cancel',
    );
  } else {
    guards.push('raw values: a trend lifting everyone over time can create a correlation on its own');
  }
  const rho = spearman(ax, ay);
  if (rho === null) {
    guards.push(`${pm} or ${rm} does not vary once compared within period`);
    return {
      ...base,
      spearman: null,
      slope: null,
      leaveOneOut: null,
      verdict: 'no-evidence',
      guards,
      explanation: `${px} or ${ry} does not vary, so nothing can be said about their link.`,
      explanationZh: `${pz}或${rz}没有变化，无法判断两者的关系。`,
    };
  }
  const interval = spearmanInterval(rho, n, opts.confidence)!;
  const perm = permutationPValue(ax, ay, opts.permutations, opts.seed)!;
  let fit: ReturnType<typeof theilSen>;
  if (n > THEIL_SEN_MAX) {
    // Every pair of 2,000 points is already 2 million slopes: estimate from a seeded sample beyond that.
    const random = seededRandom(opts.seed);
    const idx = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < THEIL_SEN_MAX; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    const pick = idx.slice(0, THEIL_SEN_MAX);
    fit = theilSen(
      pick.map((i) => ax[i]!),
      pick.map((i) => ay[i]!),
      opts.confidence,
    );
    guards.push(`slope estimated from a seeded sample of ${THEIL_SEN_MAX} of the ${n} pairs`);
  } else {
    fit = theilSen(ax, ay, opts.confidence);
  }
  const alpha = 1 - opts.confidence;
  const excludesZero = interval[0] > 0 || interval[1] < 0;
  const evidence = excludesZero && perm.pValue < alpha;
  let leaveOneOut: LinkagePair['leaveOneOut'] = null;
  let verdict: LinkagePair['verdict'] = 'no-evidence';
  if (evidence) {
    const sign = rho > 0 ? 1 : -1;
    let worst: { repId: string; rho: number | null; lower: number | null; upper: number | null } | null =
      null;
    let robust = true;
    for (const rep of [...new Set(repOf)].sort()) {
      const keep: number[] = [];
      for (let i = 0; i < n; i++) if (repOf[i] !== rep) keep.push(i);
      const r = spearman(
        keep.map((i) => ax[i]!),
        keep.map((i) => ay[i]!),
      );
      const ci = r === null ? null : spearmanInterval(r, keep.length, opts.confidence);
      const ok = r !== null && ci !== null && (sign > 0 ? ci[0] > 0 : ci[1] < 0);
      if (!ok) robust = false;
      const strength = r === null ? Number.NEGATIVE_INFINITY : sign * r;
      if (worst === null || strength < (worst.rho === null ? Number.NEGATIVE_INFINITY : sign * worst.rho)) {
        worst = {
          repId: rep,
          rho: r === null ? null : round(r, 4),
          lower: ci ? round(ci[0], 4) : null,
          upper: ci ? round(ci[1], 4) : null,
        };
      }
    }
    leaveOneOut = { ...worst!, robust };
    if (robust) {
      verdict = sign > 0 ? 'positive' : 'negative';
      guards.push('leave-one-rep-out: the evidence holds without any single rep');
    } else {
      verdict = 'fragile';
      guards.push(`leave-one-rep-out: without ${worst!.repId} the evidence disappears; no claim is made`);
    }
  }
  const spearmanOut = {
    rho: round(rho, 4),
    lower: round(interval[0], 4),
    upper: round(interval[1], 4),
    pValue: round(perm.pValue, 6),
    permutations: opts.permutations,
    seed: opts.seed,
  };
  const slopeOut = fit
    ? {
        perUnit: round(fit.slope, 4),
        lower: round(fit.lower, 4),
        upper: round(fit.upper, 4),
        pairwiseSlopes: fit.pairs,
      }
    : null;
  const pct = Math.round(opts.confidence * 100);
  const lagText = lag === 0 ? 'in the same period' : `${lag} period${lag === 1 ? '' : 's'} later`;
  const slopeText = slopeOut
    ? `; each extra unit of ${px} goes with ${fmt(slopeOut.perUnit)} more ${ry} ${lagText} (${pct}% interval ${fmt(slopeOut.lower)} to ${fmt(slopeOut.upper)})`
    : '';
  const head = `${px} vs ${ry} ${lagText}: ρ = ${fmt(rho)} (${pct}% interval ${fmt(interval[0])} to ${fmt(interval[1])}, p = ${fmt(perm.pValue, 4)}, n = ${n} pairs from ${reps} reps)`;
  const tail: Record<LinkagePair['verdict'], string> = {
    positive: `: more ${px} goes with more ${ry}${slopeText}.`,
    negative: `: more ${px} goes with less ${ry}${slopeText}.`,
    fragile: `: the link rests on rep ${leaveOneOut?.repId}; without them it is not supported, so no claim is made.`,
    'no-evidence': ': no reliable link.',
    'insufficient-data': '.',
  };
  const lagZh = lag === 0 ? '同期' : `滞后${lag}期`;
  const slopeZh = slopeOut
    ? `；${pz}每多1个单位，${lagZh}${rz}多${fmt(slopeOut.perUnit)}（${pct}%区间${fmt(slopeOut.lower)}至${fmt(slopeOut.upper)}）`
    : '';
  const headZh = `${pz}与${lagZh}${rz}：ρ = ${fmt(rho)}（${pct}%区间${fmt(interval[0])}至${fmt(interval[1])}，p = ${fmt(perm.pValue, 4)}，${reps}名销售共${n}个样本）`;
  const tailZh: Record<LinkagePair['verdict'], string> = {
    positive: `：${pz}越多，${rz}越多${slopeZh}。`,
    negative: `：${pz}越多，${rz}越少${slopeZh}。`,
    fragile: `：这一关联依赖于销售${leaveOneOut?.repId}，去掉后不再成立，因此不作结论。`,
    'no-evidence': '：没有可靠的关联。',
    'insufficient-data': '。',
  };
  return {
    ...base,
    spearman: spearmanOut,
    slope: slopeOut,
    leaveOneOut,
    verdict,
    guards,
    explanation: head + tail[verdict],
    explanationZh: headZh + tailZh[verdict],
  };
}
