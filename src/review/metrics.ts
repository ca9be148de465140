import { ErrorCode, OpenSpmError } from '../errors';
import {
  BUILT_IN_METRICS,
  type CustomMetric,
  type MetricContext,
  type MetricResult,
  type ScorecardInput,
  scoreKpis,
} from '../kpi/index';
import type { Dataset } from '../model/index';
import { toDecimal } from '../money/index';
import type { Period } from '../period/index';

/**
 * A metric a review or linkage looks at: a KPI metric (built-in, `'proposals'`, or one of your custom
 * metrics) labelled as process or result, with its unit.
 *
 * @example
 * ```ts
 * import type { ReviewMetric } from 'openspm';
 * const demos: ReviewMetric = { id: 'demos', name: 'Demos', kind: 'process', unit: 'count', metric: 'demos' };
 * ```
 */
export interface ReviewMetric {
  /** Id used in results (`'visits'`). */
  id: string;
  /** Name shown to people (`'Visits'`). */
  name: string;
  /** Name in Simplified Chinese for the summary; defaults to `name`. */
  nameZh?: string;
  /** `'process'` (what reps do) or `'result'` (what it yields). */
  kind: 'process' | 'result';
  /**
   * `'count'` and `'amount'` add up over reps; `'percent'` is recomputed for a team from the reps'
   * numerators and denominators; `'days'` is averaged the same way.
   */
  unit: 'count' | 'percent' | 'amount' | 'days';
  /**
   * The KPI metric that computes it per rep and period: a name from `BUILT_IN_METRICS`, `'proposals'`
   * (deals the rep moved into the proposal stage in the period) or a key of `options.customMetrics`.
   */
  metric: string;
  /** The metric's params, as in a scorecard KPI (`{ types: ['visit'], qualityOnly: true }`). */
  params?: Record<string, unknown>;
  /** Which way is good (default `'higher'`; `'lower'` for cycle days). */
  direction?: 'higher' | 'lower';
}

/**
 * The metrics a review and a linkage look at by default. Process: visits, quality visits, calls,
 * follow-ups, follow-up timeliness, proposals, deals created. Result: signed (won) amount, new accounts,
 * collected amount, win rate.
 *
 * @example
 * ```ts
 * import { REVIEW_METRICS } from 'openspm';
 * REVIEW_METRICS.filter((m) => m.kind === 'result').map((m) => m.id);
 * //=> ['signedAmount', 'newAccounts', 'collectedAmount', 'winRate']
 * ```
 */
export const REVIEW_METRICS: readonly ReviewMetric[] = [
  { id: 'visits', name: 'Visits', nameZh: '拜访量', kind: 'process', unit: 'count', metric: 'visits' },
  {
    id: 'qualityVisits',
    name: 'Quality visits',
    nameZh: '有效拜访',
    kind: 'process',
    unit: 'count',
    metric: 'qualityVisits',
  },
  { id: 'calls', name: 'Calls', nameZh: '电话量', kind: 'process', unit: 'count', metric: 'calls' },
  {
    id: 'followUps',
    name: 'Follow-ups',
    nameZh: '跟进次数',
    kind: 'process',
    unit: 'count',
    metric: 'followUps',
  },
  {
    id: 'followUpTimeliness',
    name: 'Follow-up timeliness',
    nameZh: '跟进及时率',
    kind: 'process',
    unit: 'percent',
    metric: 'followUpTimeliness',
  },
  {
    id: 'proposals',
    name: 'Proposals',
    nameZh: '方案数',
    kind: 'process',
    unit: 'count',
    metric: 'proposals',
  },
  {
    id: 'dealsCreated',
    name: 'Deals created',
    nameZh: '新建商机',
    kind: 'process',
    unit: 'count',
    metric: 'dealsCreated',
  },
  {
    id: 'signedAmount',
    name: 'Won amount',
    nameZh: '签约金额',
    kind: 'result',
    unit: 'amount',
    metric: 'signedAmount',
  },
  {
    id: 'newAccounts',
    name: 'New accounts',
    nameZh: '新客户数',
    kind: 'result',
    unit: 'count',
    metric: 'newAccounts',
  },
  {
    id: 'collectedAmount',
    name: 'Collected amount',
    nameZh: '回款金额',
    kind: 'result',
    unit: 'amount',
    metric: 'collectedAmount',
  },
  { id: 'winRate', name: 'Win rate', nameZh: '赢单率', kind: 'result', unit: 'percent', metric: 'winRate' },
];

/** One metric value of one rep in one period, with the KPI module's evidence. @internal */
export interface RepMetricValue {
  value: number | null;
  numerator?: number;
  denominator?: number;
  sampleSize?: number;
  reason?: string;
}

/** The reps of a dataset: people with role `'rep'`, else the deal owners and activity reps. @internal */
export function datasetReps(dataset: Dataset): { id: string; name: string; teamId: string | null }[] {
  const people = (dataset.reps ?? []).filter((r) => r.role === 'rep');
  if (people.length > 0) return people.map((r) => ({ id: r.id, name: r.name, teamId: r.teamId }));
  const ids = new Set<string>();
  for (const d of dataset.deals) ids.add(d.ownerId);
  for (const a of dataset.activities ?? []) ids.add(a.repId);
  return [...ids].sort().map((id) => ({ id, name: id, teamId: null }));
}

/** A custom metric counting the deals a rep moved into `stageId` in the period. @internal */
export function proposalsMetric(dataset: Dataset, stageId: string): CustomMetric {
  const owner = new Map<string, string>();
  for (const d of dataset.deals) owner.set(d.id, d.ownerId);
  const byRep = new Map<string, Date[]>();
  for (const c of dataset.stageChanges ?? []) {
    if (c.toStageId !== stageId) continue;
    const rep = owner.get(c.dealId);
    if (rep === undefined) continue;
    const list = byRep.get(rep);
    if (list) list.push(c.at);
    else byRep.set(rep, [c.at]);
  }
  return (ctx: MetricContext): MetricResult => {
    let n = 0;
    for (const at of byRep.get(ctx.repId) ?? []) if (ctx.inPeriod(at)) n++;
    return { value: n, sampleSize: n };
  };
}

function weights(n: number): number[] {
  // Hundredths of a percent by largest remainder, ties to the lower index: they total exactly 100.
  const base = Math.floor(10000 / n);
  const extra = 10000 - base * n;
  return Array.from({ length: n }, (_, i) => (base + (i < extra ? 1 : 0)) / 100);
}

/**
 * Every metric for every rep in one period, computed by `scoreKpis` on a throw-away scorecard (one KPI per
 * metric) so that the values and their evidence are exactly those of the KPI module. @internal
 */
export function repMetricValues(
  dataset: Dataset,
  repIds: readonly string[],
  period: Period,
  metrics: readonly ReviewMetric[],
  asOf: string,
  zone: string,
  custom: Record<string, CustomMetric>,
): Map<string, Map<string, RepMetricValue>> {
  const out = new Map<string, Map<string, RepMetricValue>>();
  if (repIds.length === 0) return out;
  const w = weights(metrics.length);
  const scorecard: ScorecardInput = {
    id: 'openspm-review',
    name: 'Review metrics',
    version: '1',
    effectiveFrom: '1970-01-01',
    dimensions: [
      {
        id: 'review',
        name: 'Review',
        weight: 100,
        kpis: metrics.map((m, i) => ({
          id: `m${i}`,
          name: m.name,
          weight: w[i]!,
          target: 1,
          metric: m.params ? { name: m.metric, params: m.params } : m.metric,
        })),
      },
    ],
  };
  const scored = scoreKpis({ scorecard, dataset, reps: repIds }, { asOf, period, zone, metrics: custom });
  for (const rep of scored.reps) {
    const values = new Map<string, RepMetricValue>();
    rep.kpis.forEach((k, i) => {
      const ev = k.evidence;
      const v: RepMetricValue = { value: k.value };
      if (ev?.numerator !== undefined) v.numerator = ev.numerator;
      if (ev?.denominator !== undefined) v.denominator = ev.denominator;
      if (ev?.sampleSize !== undefined) v.sampleSize = ev.sampleSize;
      const reason = k.value === null ? (ev?.reason ?? k.reason ?? undefined) : undefined;
      if (reason) v.reason = reason;
      values.set(metrics[i]!.id, v);
    });
    out.set(rep.repId, values);
  }
  return out;
}

/** A metric combined over several reps. @internal */
export interface CombinedValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  reps: number;
  reason: string | null;
}

/**
 * Combine reps' values of one metric: counts and amounts are added exactly (decimal), percentages and day
 * averages are recomputed from the summed numerators and denominators. @internal
 */
export function combine(metric: ReviewMetric, values: readonly RepMetricValue[]): CombinedValue {
  if (metric.unit === 'count' || metric.unit === 'amount') {
    let sum = toDecimal(0);
    let reps = 0;
    for (const v of values) {
      if (v.value === null) continue;
      sum = sum.plus(toDecimal(v.value));
      reps++;
    }
    return { value: sum.toNumber(), numerator: null, denominator: null, reps, reason: null };
  }
  let num = 0;
  let den = 0;
  let reps = 0;
  for (const v of values) {
    if (v.numerator === undefined || v.denominator === undefined) continue;
    num += v.numerator;
    den += v.denominator;
    reps++;
  }
  if (den === 0) {
    return {
      value: null,
      numerator: num,
      denominator: den,
      reps,
      reason: `no ${metric.name.toLowerCase()} base in the period (denominator 0)`,
    };
  }
  const factor = metric.unit === 'percent' ? 100 : 1;
  const value = toDecimal(num).times(factor).dividedBy(den).toDecimalPlaces(4).toNumber();
  return { value, numerator: num, denominator: den, reps, reason: null };
}

/** Every metric must be built in, `'proposals'` or a custom metric: say which one is not, where. @internal */
export function checkMetrics(metrics: readonly ReviewMetric[], custom: Record<string, CustomMetric>): void {
  const known = new Set<string>([...BUILT_IN_METRICS, ...Object.keys(custom)]);
  metrics.forEach((m, i) => {
    if (!known.has(m.metric)) {
      throw new OpenSpmError(
        ErrorCode.UNKNOWN_METRIC,
        `metric "${m.metric}" of "${m.name}" is neither built in (${BUILT_IN_METRICS.join(', ')}), 'proposals', nor in options.customMetrics`,
        { path: ['metrics', i, 'metric'] },
      );
    }
  });
  const ids = new Set<string>();
  metrics.forEach((m, i) => {
    if (ids.has(m.id)) {
      throw new OpenSpmError(ErrorCode.DUPLICATE_ID, `metric id "${m.id}" is listed twice`, {
        path: ['metrics', i, 'id'],
      });
    }
    ids.add(m.id);
  });
}

/** The time zone: `zone` if given, else the calendar's, else UTC. @internal */
export function resolveZone(zone: string | undefined, calendar: unknown): string {
  if (zone !== undefined) return zone;
  const z = (calendar as { zone?: unknown } | undefined)?.zone;
  return typeof z === 'string' ? z : 'UTC';
}
