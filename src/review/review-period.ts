import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { type Rate, stageConversion } from '../funnel/index';
import type { CustomMetric } from '../kpi/index';
import type { Dataset } from '../model/index';
import { type Money, toDecimal } from '../money/index';
import {
  addDays,
  type CalendarDate,
  CalendarDateSchema,
  compareCalendarDates,
  customPeriod,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
  PeriodSchema,
  parsePeriodKey,
  periodContaining,
  previousPeriod,
  toCalendarDate,
} from '../period/index';
import { type Achievement, type RepPeriodTarget, targetVariance } from '../targets/index';
import { type AnomalyWarning, detectAnomalies, type WarningSeverity } from '../warnings/index';
import { formatChange, formatNumber, formatShare, formatValue } from './format';
import {
  type CombinedValue,
  checkMetrics,
  combine,
  datasetReps,
  proposalsMetric,
  REVIEW_METRICS,
  type ReviewMetric,
  repMetricValues,
  resolveZone,
} from './metrics';
import { round } from './stats';

/**
 * What {@link reviewPeriod} reviews: the CRM dataset (from `validateDataset`) and, optionally, rep targets
 * per period for attainment.
 *
 * @example
 * ```ts
 * import type { ReviewPeriodInput } from 'openspm';
 * import { generateSampleData } from 'openspm/testing';
 * const input: ReviewPeriodInput = {
 *   dataset: generateSampleData({ seed: 1 }),
 *   targets: [{ repId: 'rep-1', period: '2024-06', amount: { amount: '300000', currency: 'CNY' } }],
 * };
 * ```
 */
export interface ReviewPeriodInput {
  /** The dataset. */
  dataset: Dataset;
  /** Rep targets per period (as for `targetVariance`); attainment is reported for the periods they cover. */
  targets?: readonly RepPeriodTarget[];
}

/**
 * Options for {@link reviewPeriod}.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, type ReviewPeriodOptions } from 'openspm';
 * const options: ReviewPeriodOptions = {
 *   asOf: '2024-07-05', period: parsePeriodKey('2024-06'), compareWith: 'last-year', teamId: 'team-1',
 * };
 * ```
 */
export interface ReviewPeriodOptions {
  /** The evaluation date, `YYYY-MM-DD` (deals are followed to it; warnings are judged no later than it). */
  asOf: string;
  /** The period reviewed. */
  period: Period;
  /**
   * What to compare with: `'previous'` (default; the period before), `'last-year'` (the same period a year
   * earlier; for weeks, 52 weeks earlier) or any `Period`.
   */
  compareWith?: 'previous' | 'last-year' | Period;
  /** Review one team (with its sub-teams). Leave both `teamId` and `repId` out to review every rep. */
  teamId?: string;
  /** Review one rep. */
  repId?: string;
  /** The metrics to show (default {@link REVIEW_METRICS}). */
  metrics?: readonly ReviewMetric[];
  /** Custom KPI metrics by name, for `metrics` that name them. */
  customMetrics?: Record<string, CustomMetric>;
  /** The pipeline whose funnel is compared (default: the first). */
  pipelineId?: string;
  /** The stage counted by the `'proposals'` metric (default `'proposal'`). */
  proposalStage?: string;
  /** Time zone placing instants on days (default: the calendar's zone, else `'UTC'`). */
  zone?: string;
  /** Fiscal calendar for periods and targets. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** How many movers to list per metric and among stages (default 3). */
  movers?: number;
  /** Include the warnings raised in each period (default `true`; runs `detectAnomalies` twice). */
  warnings?: boolean;
}

/**
 * One side of a comparison: the value and what produced it.
 *
 * @example
 * ```ts
 * import type { ReviewFigure } from 'openspm';
 * const winRate: ReviewFigure = { value: 25, numerator: 3, denominator: 12, reps: 4, reason: null, display: '25%' };
 * ```
 */
export interface ReviewFigure {
  /** The value (a percent is 0–100; amounts in major units); `null` when not applicable. */
  readonly value: number | null;
  /** Numerator of a rate (summed over reps), else `null`. */
  readonly numerator: number | null;
  /** Denominator of a rate (summed over reps), else `null`. */
  readonly denominator: number | null;
  /** How many reps contributed a value. */
  readonly reps: number;
  /** Why `value` is `null`. */
  readonly reason: string | null;
  /** The value as people read it. */
  readonly display: string;
}

/**
 * A change between the comparison period and the period reviewed.
 *
 * @example
 * ```ts
 * import type { ReviewChange } from 'openspm';
 * const c: ReviewChange = { absolute: 6, percent: 12, reason: null };
 * ```
 */
export interface ReviewChange {
  /** Current − previous (percentage points for a percent metric); `null` when either is missing. */
  readonly absolute: number | null;
  /** (Current − previous) ÷ |previous| × 100, rounded to 4 decimals; `null` when previous is 0 or missing. */
  readonly percent: number | null;
  /** Why a change is `null`. */
  readonly reason: string | null;
}

/**
 * One metric in the review: both periods side by side with the change.
 *
 * @example
 * ```ts
 * import type { ReviewMetricRow } from 'openspm';
 * const line = (r: ReviewMetricRow) => `${r.name}: ${r.previous.display} → ${r.current.display}`;
 * ```
 */
export interface ReviewMetricRow {
  /** Metric id. */
  readonly metricId: string;
  /** Metric name. */
  readonly name: string;
  /** Process or result. */
  readonly kind: 'process' | 'result';
  /** Unit. */
  readonly unit: ReviewMetric['unit'];
  /** The period reviewed. */
  readonly current: ReviewFigure;
  /** The comparison period. */
  readonly previous: ReviewFigure;
  /** The change. */
  readonly change: ReviewChange;
}

/**
 * Stage-to-next-stage conversion of one funnel row in both periods (period-mode funnel: deals that entered
 * the stage in the period, and how many of them moved on by `asOf`).
 *
 * @example
 * ```ts
 * import type { ReviewStageRow } from 'openspm';
 * const text = (s: ReviewStageRow) => `${s.fromName} → ${s.toName}: ${s.current.text}`;
 * ```
 */
export interface ReviewStageRow {
  /** Stage id. */
  readonly stageId: string;
  /** Stage name. */
  readonly fromName: string;
  /** The next row's name. */
  readonly toName: string;
  /** Next-step conversion in the period reviewed (from `stageConversion`). */
  readonly current: Rate;
  /** Next-step conversion in the comparison period. */
  readonly previous: Rate;
  /** Change in percentage points (current − previous rate × 100); `null` when either is not applicable. */
  readonly changePoints: number | null;
}

/**
 * A rep whose metric moved most between the periods.
 *
 * @example
 * ```ts
 * import type { RepMover } from 'openspm';
 * const text = (m: RepMover) => `${m.name} ${m.metricId} ${m.previous} → ${m.current}`;
 * ```
 */
export interface RepMover {
  /** Rep id. */
  readonly repId: string;
  /** Rep name. */
  readonly name: string;
  /** The metric. */
  readonly metricId: string;
  /** Previous value. */
  readonly previous: number;
  /** Current value. */
  readonly current: number;
  /** Current − previous. */
  readonly change: number;
  /** Percent change; `null` when previous is 0. */
  readonly changePercent: number | null;
}

/**
 * Target attainment of the reviewed reps in one period, from `targetVariance`.
 *
 * @example
 * ```ts
 * import type { ReviewAttainment } from 'openspm';
 * const pct = (a: ReviewAttainment) => `${a.attainmentPercent}%`; // '87.5%'
 * ```
 */
export interface ReviewAttainment {
  /** The period key. */
  readonly key: string;
  /** Sum of the reps' targets. */
  readonly target: Money | null;
  /** Won amount credited in the period. */
  readonly achieved: Money | null;
  /** Achieved ÷ target as `targetVariance` gives it (`'0.8750'`); `null` without a target. */
  readonly attainment: string | null;
  /** The same in percent (`87.5`); `null` without a target. */
  readonly attainmentPercent: number | null;
  /** How many reps had a target. */
  readonly reps: number;
  /** Why attainment is missing. */
  readonly reason: string | null;
}

/**
 * The warnings raised for the reviewed reps at the end of one period.
 *
 * @example
 * ```ts
 * import type { ReviewWarnings } from 'openspm';
 * const total = (w: ReviewWarnings) => w.total;
 * ```
 */
export interface ReviewWarnings {
  /** The day the warnings were judged (the period's last day, or `asOf` if earlier). */
  readonly asOf: string;
  /** Number of warnings. */
  readonly total: number;
  /** Per severity. */
  readonly bySeverity: Readonly<Record<WarningSeverity, number>>;
  /** Per warning code. */
  readonly byCode: Readonly<Record<string, number>>;
  /** The warnings themselves (with evidence and bilingual messages). */
  readonly warnings: readonly AnomalyWarning[];
}

/**
 * One sentence of the summary, in English and Simplified Chinese, with the figures it was built from.
 *
 * @example
 * ```ts
 * import type { SummaryLine } from 'openspm';
 * const show = (l: SummaryLine) => `${l.en}\n${l.zh}`;
 * ```
 */
export interface SummaryLine {
  /** Which template produced it (`'metric'`, `'stage'`, `'attainment'`, `'warnings'`). */
  readonly template: 'metric' | 'stage' | 'attainment' | 'warnings';
  /** The sentence in English. */
  readonly en: string;
  /** The sentence in Simplified Chinese. */
  readonly zh: string;
  /** The figures filled into the template. */
  readonly figures: Readonly<Record<string, string | number | null>>;
}

/**
 * What {@link reviewPeriod} returns: plain data with the numbers behind every statement.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, reviewPeriod } from 'openspm';
 * import { generateSampleData } from 'openspm/testing';
 * const review = reviewPeriod({ dataset: generateSampleData({ seed: 1 }) }, { asOf: '2024-12-31', period: parsePeriodKey('2024-06') });
 * review.comparison.key; //=> '2024-05'
 * review.summary[0].en; //=> 'Won amount rose 61.4% from 834,688.57 to 1,347,099.69.'
 * ```
 */
export interface ReviewPeriodResult {
  /** What was reviewed: `'all'`, a team or a rep. */
  readonly scope: {
    /** The kind of scope. */
    readonly kind: 'all' | 'team' | 'rep';
    /** The team or rep id; `null` for all. */
    readonly id: string | null;
    /** The reps covered. */
    readonly repIds: readonly string[];
  };
  /** The period reviewed. */
  readonly period: Period;
  /** The comparison period. */
  readonly comparison: Period;
  /** How the comparison period was chosen. */
  readonly compareWith: 'previous' | 'last-year' | 'custom';
  /** The evaluation date. */
  readonly asOf: string;
  /** Every metric side by side (process first, then result, in the order given). */
  readonly metrics: readonly ReviewMetricRow[];
  /** Target attainment in both periods; `null` when no targets were given. */
  readonly attainment: {
    /** The period reviewed. */
    readonly current: ReviewAttainment;
    /** The comparison period. */
    readonly previous: ReviewAttainment;
    /** Change in percentage points; `null` when either attainment is missing. */
    readonly changePoints: number | null;
  } | null;
  /** Stage-to-next-stage conversion per open stage, both periods. */
  readonly funnel: {
    /** The pipeline. */
    readonly pipelineId: string;
    /** One row per open stage. */
    readonly stages: readonly ReviewStageRow[];
  };
  /** The biggest movers. */
  readonly movers: {
    /** Per metric, the reps with the largest absolute change (largest first); empty for a one-rep review. */
    readonly reps: readonly RepMover[];
    /** The stages whose conversion moved most (in percentage points). */
    readonly stages: readonly ReviewStageRow[];
  };
  /** Warnings raised in each period; `null` when `options.warnings` is `false`. */
  readonly warnings: {
    /** At the end of the period reviewed. */
    readonly current: ReviewWarnings;
    /** At the end of the comparison period. */
    readonly previous: ReviewWarnings;
  } | null;
  /** A short summary built from fixed templates, in English and Simplified Chinese. */
  readonly summary: readonly SummaryLine[];
}

const MetricSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nameZh: z.string().optional(),
  kind: z.enum(['process', 'result']),
  unit: z.enum(['count', 'percent', 'amount', 'days']),
  metric: z.string().min(1),
  params: z.record(z.string(), z.unknown()).optional(),
  direction: z.enum(['higher', 'lower']).optional(),
});

/** @internal */
export const CommonSchema = {
  asOf: CalendarDateSchema,
  teamId: z.string().min(1).optional(),
  repId: z.string().min(1).optional(),
  metrics: z.array(MetricSchema).min(1, 'list at least one metric').optional(),
  customMetrics: z
    .record(
      z.string(),
      z.custom<CustomMetric>((v) => typeof v === 'function'),
    )
    .optional(),
  proposalStage: z.string().min(1).default('proposal'),
  zone: z.string().min(1).optional(),
  calendar: z
    .custom<FiscalCalendar | FiscalCalendarOptions>((v) => typeof v === 'object' && v !== null)
    .optional(),
};

const OptionsSchema = z.object({
  ...CommonSchema,
  period: PeriodSchema,
  compareWith: z.union([z.enum(['previous', 'last-year']), PeriodSchema]).default('previous'),
  pipelineId: z.string().min(1).optional(),
  movers: z.number().int().min(0).max(100).default(3),
  warnings: z.boolean().default(true),
});

/** @internal */
export const DatasetShape = z.object(
  {
    pipelines: z.array(z.object({ id: z.string() }).passthrough()).min(1, 'the dataset has no pipeline'),
    deals: z.array(z.unknown()),
  },
  { error: () => 'expected a dataset from validateDataset (pipelines, deals, activities…)' },
);

/** The reps in scope (a team with its sub-teams, one rep, or everyone). @internal */
export function scopeReps(
  dataset: Dataset,
  teamId: string | undefined,
  repId: string | undefined,
): {
  kind: 'all' | 'team' | 'rep';
  id: string | null;
  reps: { id: string; name: string; teamId: string | null }[];
} {
  const all = datasetReps(dataset);
  if (teamId !== undefined && repId !== undefined) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'give teamId or repId, not both', { path: ['teamId'] });
  }
  if (repId !== undefined) {
    const rep =
      all.find((r) => r.id === repId) ??
      (dataset.deals.some((d) => d.ownerId === repId) ? { id: repId, name: repId, teamId: null } : undefined);
    if (!rep) {
      throw new OpenSpmError(ErrorCode.UNKNOWN_REFERENCE, `rep "${repId}" is not a rep of the dataset`, {
        path: ['repId'],
      });
    }
    return { kind: 'rep', id: repId, reps: [rep] };
  }
  if (teamId !== undefined) {
    const teams = dataset.teams ?? [];
    if (!teams.some((t) => t.id === teamId)) {
      throw new OpenSpmError(ErrorCode.UNKNOWN_REFERENCE, `team "${teamId}" is not a team of the dataset`, {
        path: ['teamId'],
      });
    }
    const inScope = new Set([teamId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of teams) {
        if (t.parentId !== undefined && inScope.has(t.parentId) && !inScope.has(t.id)) {
          inScope.add(t.id);
          grew = true;
        }
      }
    }
    return { kind: 'team', id: teamId, reps: all.filter((r) => r.teamId !== null && inScope.has(r.teamId)) };
  }
  return { kind: 'all', id: null, reps: all };
}

function lastYear(period: Period, calendar: FiscalCalendar | FiscalCalendarOptions | undefined): Period {
  const back = (d: CalendarDate) => {
    if (period.kind === 'week') return addDays(d, -364);
    const [y, m, day] = d.split('-');
    const dd = m === '02' && day === '29' ? '28' : day;
    return `${String(Number(y) - 1).padStart(4, '0')}-${m}-${dd}`;
  };
  if (period.kind === 'custom') return customPeriod(back(period.start), back(period.end), calendar);
  return periodContaining(period.kind, back(period.start), calendar);
}

function change(metric: ReviewMetric, cur: CombinedValue, prev: CombinedValue): ReviewChange {
  if (cur.value === null || prev.value === null) {
    return { absolute: null, percent: null, reason: 'a value is missing in one of the periods' };
  }
  const absolute = round(cur.value - prev.value, metric.unit === 'amount' ? 2 : 4);
  if (prev.value === 0) return { absolute, percent: null, reason: 'the previous value is 0' };
  return {
    absolute,
    percent: round(((cur.value - prev.value) / Math.abs(prev.value)) * 100, 4),
    reason: null,
  };
}

function figure(metric: ReviewMetric, v: CombinedValue): ReviewFigure {
  return { ...v, display: formatValue(metric, v.value) };
}

function countWarnings(asOf: string, warnings: AnomalyWarning[]): ReviewWarnings {
  const bySeverity: Record<WarningSeverity, number> = { critical: 0, warning: 0, info: 0 };
  const byCode: Record<string, number> = {};
  for (const w of warnings) {
    bySeverity[w.severity]++;
    byCode[w.code] = (byCode[w.code] ?? 0) + 1;
  }
  return { asOf, total: warnings.length, bySeverity, byCode, warnings };
}

/**
 * Period-over-period review (复盘) of a team or a rep: every process and result metric side by side with the
 * change, target attainment, stage conversion per stage, the biggest movers among reps and stages, the
 * warnings raised, and a short templated summary in English and Simplified Chinese. Metrics come from the
 * KPI module's metrics, conversion from `stageConversion` (period mode), attainment from `targetVariance`,
 * warnings from `detectAnomalies` — nothing is recomputed differently here.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, reviewPeriod } from 'openspm';
 * import { generateSampleData } from 'openspm/testing';
 * const dataset = generateSampleData({ seed: 7 });
 * const review = reviewPeriod({ dataset }, { asOf: '2024-12-31', period: parsePeriodKey('FY2024-Q3'), teamId: 'team-1' });
 * review.comparison.key; //=> 'FY2024-Q2'
 * review.metrics.find((m) => m.metricId === 'visits')?.change.percent; //=> -15.9091
 * review.summary[0].en; //=> 'Won amount rose 189.2% from 126,393.49 to 365,535.86.'
 * review.summary[0].zh; //=> '签约金额从126,393.49升至365,535.86（+189.2%）。'
 * ```
 */
export function reviewPeriod(input: ReviewPeriodInput, options: ReviewPeriodOptions): ReviewPeriodResult {
  if (input === null || typeof input !== 'object') {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'expected { dataset, targets? }');
  }
  parseOrThrow(DatasetShape, input.dataset, 'dataset', ['dataset']);
  const dataset = input.dataset;
  const opts = parseOrThrow(OptionsSchema, options, 'review options');
  const calendar = opts.calendar;
  const period = opts.period;
  let compareWith: ReviewPeriodResult['compareWith'];
  let comparison: Period;
  if (opts.compareWith === 'previous') {
    compareWith = 'previous';
    comparison = previousPeriod(period, calendar);
  } else if (opts.compareWith === 'last-year') {
    compareWith = 'last-year';
    comparison = lastYear(period, calendar);
  } else {
    compareWith = 'custom';
    comparison = opts.compareWith;
  }
  const scope = scopeReps(dataset, opts.teamId, opts.repId);
  const repIds = scope.reps.map((r) => r.id);
  const repName = new Map(scope.reps.map((r) => [r.id, r.name]));
  const metrics = (opts.metrics ?? REVIEW_METRICS) as readonly ReviewMetric[];
  const custom = { proposals: proposalsMetric(dataset, opts.proposalStage), ...opts.customMetrics };
  checkMetrics(metrics, custom);
  const zone = resolveZone(opts.zone, calendar);

  // Metrics per rep (KPI module), combined over the scope.
  const cur = repMetricValues(dataset, repIds, period, metrics, opts.asOf, zone, custom);
  const prev = repMetricValues(dataset, repIds, comparison, metrics, opts.asOf, zone, custom);
  const ordered = [
    ...metrics.filter((m) => m.kind === 'process'),
    ...metrics.filter((m) => m.kind === 'result'),
  ];
  const rows: ReviewMetricRow[] = ordered.map((m) => {
    const c = combine(
      m,
      repIds.map((r) => cur.get(r)?.get(m.id) ?? { value: null }),
    );
    const p = combine(
      m,
      repIds.map((r) => prev.get(r)?.get(m.id) ?? { value: null }),
    );
    return {
      metricId: m.id,
      name: m.name,
      kind: m.kind,
      unit: m.unit,
      current: figure(m, c),
      previous: figure(m, p),
      change: change(m, c, p),
    };
  });

  // Rep movers per metric.
  const repMovers: RepMover[] = [];
  if (repIds.length > 1 && opts.movers > 0) {
    for (const m of ordered) {
      const list: RepMover[] = [];
      for (const r of repIds) {
        const a = prev.get(r)?.get(m.id)?.value ?? null;
        const b = cur.get(r)?.get(m.id)?.value ?? null;
        if (a === null || b === null || a === b) continue;
        list.push({
          repId: r,
          name: repName.get(r) ?? r,
          metricId: m.id,
          previous: a,
          current: b,
          change: round(b - a, 4),
          changePercent: a === 0 ? null : round(((b - a) / Math.abs(a)) * 100, 4),
        });
      }
      list.sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || (x.repId < y.repId ? -1 : 1));
      repMovers.push(...list.slice(0, opts.movers));
    }
  }

  // Funnel: period mode over the scope's deals, both periods.
  const pipeline = opts.pipelineId
    ? dataset.pipelines.find((p) => p.id === opts.pipelineId)
    : dataset.pipelines[0];
  if (!pipeline) {
    throw new OpenSpmError(
      ErrorCode.UNKNOWN_REFERENCE,
      `pipeline "${opts.pipelineId}" is not in the dataset`,
      {
        path: ['pipelineId'],
      },
    );
  }
  const inScope = new Set(repIds);
  const deals = dataset.deals.filter(
    (d) => d.pipelineId === pipeline.id && (scope.kind === 'all' || inScope.has(d.ownerId)),
  );
  const dealIds = new Set(deals.map((d) => d.id));
  const stageChanges = (dataset.stageChanges ?? []).filter((c) => dealIds.has(c.dealId));
  const funnelOptions = { asOf: opts.asOf, mode: 'period' as const, ...(calendar ? { calendar } : {}) };
  const fCur = stageConversion({ pipeline, stageChanges, deals }, { ...funnelOptions, period }).overall
    .stages;
  const fPrev = stageConversion({ pipeline, stageChanges, deals }, { ...funnelOptions, period: comparison })
    .overall.stages;
  const stages: ReviewStageRow[] = [];
  for (let i = 0; i < fCur.length - 1; i++) {
    const s = fCur[i]!;
    if (s.kind !== 'open') continue;
    const a = fPrev[i]!.conversion.nextStep;
    const b = s.conversion.nextStep;
    stages.push({
      stageId: s.id,
      fromName: s.name,
      toName: fCur[i + 1]!.name,
      current: b,
      previous: a,
      changePoints: a.rate === null || b.rate === null ? null : round((b.rate - a.rate) * 100, 4),
    });
  }
  const stageMovers = stages
    .filter((s) => s.changePoints !== null && s.changePoints !== 0)
    .sort((x, y) => Math.abs(y.changePoints!) - Math.abs(x.changePoints!))
    .slice(0, opts.movers);

  // Attainment from targetVariance.
  let attainment: ReviewPeriodResult['attainment'] = null;
  if (input.targets && input.targets.length > 0) {
    const wonStages = new Set(
      dataset.pipelines.flatMap((p) => p.stages.filter((s) => s.kind === 'won').map((s) => s.id)),
    );
    const achievements: Achievement[] = [];
    for (const d of dataset.deals) {
      if (!inScope.has(d.ownerId) || !wonStages.has(d.stageId) || !d.closedAt) continue;
      achievements.push({
        id: d.id,
        date: toCalendarDate(d.closedAt, zone),
        amount: d.amount,
        repId: d.ownerId,
      });
    }
    const one = (p: Period): ReviewAttainment => {
      const targets = input.targets!.filter((t) => {
        if (!inScope.has(t.repId)) return false;
        const tp = typeof t.period === 'string' ? parsePeriodKey(t.period, calendar) : t.period;
        return tp.start === p.start && tp.end === p.end;
      });
      if (targets.length === 0) {
        return {
          key: p.key,
          target: null,
          achieved: null,
          attainment: null,
          attainmentPercent: null,
          reps: 0,
          reason: `no target for ${p.key}`,
        };
      }
      const v = targetVariance({ targets, achievements }, calendar ? { calendar } : {});
      return {
        key: p.key,
        target: v.total.target,
        achieved: v.total.achieved,
        attainment: v.total.attainment,
        attainmentPercent:
          v.total.attainment === null ? null : toDecimal(v.total.attainment).times(100).toNumber(),
        reps: new Set(targets.map((t) => t.repId)).size,
        reason: v.total.reason,
      };
    };
    const a = one(period);
    const b = one(comparison);
    attainment = {
      current: a,
      previous: b,
      changePoints:
        a.attainmentPercent === null || b.attainmentPercent === null
          ? null
          : round(a.attainmentPercent - b.attainmentPercent, 4),
    };
  }

  // Warnings at the end of each period.
  let warnings: ReviewPeriodResult['warnings'] = null;
  if (opts.warnings) {
    const judge = (p: Period): ReviewWarnings => {
      const last = addDays(p.end, -1);
      const at = compareCalendarDates(last, opts.asOf) <= 0 ? last : opts.asOf;
      const kind = p.kind === 'custom' || p.kind === 'day' ? 'month' : p.kind;
      const result = detectAnomalies(dataset, {
        asOf: at,
        periodKind: kind,
        ...(calendar ? { calendar } : {}),
      });
      const mine = result.warnings.filter((w) => {
        if (scope.kind === 'all') return true;
        if (w.subject.ownerId !== undefined) return inScope.has(w.subject.ownerId);
        if (w.subject.kind === 'rep') return inScope.has(w.subject.id);
        if (w.subject.kind === 'team') return scope.kind === 'team' && w.subject.id === scope.id;
        return false;
      });
      return countWarnings(at, mine);
    };
    warnings = { current: judge(period), previous: judge(comparison) };
  }

  const summary = buildSummary(metrics, rows, stageMovers, attainment, warnings);
  return {
    scope: { kind: scope.kind, id: scope.id, repIds },
    period,
    comparison,
    compareWith,
    asOf: opts.asOf,
    metrics: rows,
    attainment,
    funnel: { pipelineId: pipeline.id, stages },
    movers: { reps: repMovers, stages: stageMovers },
    warnings,
    summary,
  };
}

function rateText(r: Rate): string {
  return r.rate === null
    ? `n/a (${r.numerator}/${r.denominator})`
    : `${formatShare(r.rate)} (${r.numerator}/${r.denominator})`;
}

function buildSummary(
  metrics: readonly ReviewMetric[],
  rows: readonly ReviewMetricRow[],
  stageMovers: readonly ReviewStageRow[],
  attainment: ReviewPeriodResult['attainment'],
  warnings: ReviewPeriodResult['warnings'],
): SummaryLine[] {
  const out: SummaryLine[] = [];
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const results = rows.filter((r) => r.kind === 'result');
  const processes = rows
    .filter((r) => r.kind === 'process' && r.change.percent !== null)
    .sort((a, b) => Math.abs(b.change.percent!) - Math.abs(a.change.percent!))
    .slice(0, 3);
  for (const r of [...results, ...processes]) {
    const m = byId.get(r.metricId)!;
    const zhName = m.nameZh ?? m.name;
    const from = r.previous.display;
    const to = r.current.display;
    const figures = {
      metric: r.metricId,
      previous: r.previous.value,
      current: r.current.value,
      changePercent: r.change.percent,
    };
    if (r.current.value === null || r.previous.value === null) continue;
    if (r.current.value === r.previous.value) {
      out.push({
        template: 'metric',
        en: `${r.name} held at ${to}.`,
        zh: `${zhName}持平，为${to}。`,
        figures,
      });
    } else if (m.unit === 'percent') {
      const up = r.current.value > r.previous.value;
      const pts = formatNumber(Math.abs(r.current.value - r.previous.value), 1, true);
      out.push({
        template: 'metric',
        en: `${r.name} ${up ? 'rose' : 'fell'} from ${from} to ${to} (${up ? '+' : '-'}${pts} points).`,
        zh: `${zhName}从${from}${up ? '升至' : '降至'}${to}（${up ? '+' : '-'}${pts}个百分点）。`,
        figures,
      });
    } else {
      const up = r.current.value > r.previous.value;
      const pct = r.change.percent === null ? '' : ` ${formatChange(r.change.percent)}`;
      out.push({
        template: 'metric',
        en: `${r.name} ${up ? 'rose' : 'fell'}${pct.replace(/^ [+-]/, ' ')} from ${from} to ${to}.`,
        zh: `${zhName}从${from}${up ? '升至' : '降至'}${to}${r.change.percent === null ? '' : `（${formatChange(r.change.percent)}）`}。`,
        figures,
      });
    }
  }
  if (attainment && attainment.current.attainmentPercent !== null) {
    const a = attainment.current;
    const prev = attainment.previous.attainmentPercent;
    const prevText = prev === null ? 'no target' : `${formatNumber(prev, 1, true)}%`;
    const prevZh = prev === null ? '无目标' : `${formatNumber(prev, 1, true)}%`;
    const pct = `${formatNumber(a.attainmentPercent!, 1, true)}%`;
    const achieved = a.achieved!.amount.toFixed(a.achieved!.minorUnits);
    const target = a.target!.amount.toFixed(a.target!.minorUnits);
    const show = (v: string) => formatNumber(Number(v), a.achieved!.minorUnits, true);
    out.push({
      template: 'attainment',
      en: `Target attainment ${pct} (${show(achieved)} of ${show(target)}); previous period ${prevText}.`,
      zh: `目标达成率${pct}（${show(achieved)}/${show(target)}），上期${prevZh}。`,
      figures: { attainmentPercent: a.attainmentPercent, achieved, target, previousPercent: prev },
    });
  }
  for (const s of stageMovers.slice(0, 2)) {
    const up = s.changePoints! > 0;
    out.push({
      template: 'stage',
      en: `${s.fromName} → ${s.toName} conversion ${up ? 'rose' : 'fell'} from ${rateText(s.previous)} to ${rateText(s.current)}.`,
      zh: `${s.fromName}→${s.toName}转化率从${rateText(s.previous)}${up ? '升至' : '降至'}${rateText(s.current)}。`,
      figures: {
        stage: s.stageId,
        previous: s.previous.rate,
        current: s.current.rate,
        previousNumerator: s.previous.numerator,
        previousDenominator: s.previous.denominator,
        currentNumerator: s.current.numerator,
        currentDenominator: s.current.denominator,
      },
    });
  }
  if (warnings) {
    const c = warnings.current;
    out.push({
      template: 'warnings',
      en: `${c.total} warning${c.total === 1 ? '' : 's'} raised (${c.bySeverity.critical} critical); previous period ${warnings.previous.total}.`,
      zh: `本期预警${c.total}条（严重${c.bySeverity.critical}条），上期${warnings.previous.total}条。`,
      figures: { current: c.total, critical: c.bySeverity.critical, previous: warnings.previous.total },
    });
  }
  return out;
}
