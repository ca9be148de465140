import { ErrorCode, OpenSpmError } from '../errors';
import type { Activity, ActivityType, Dataset, Deal, Payment, StageChange } from '../model/index';
import { dayNumber, type Period, toCalendarDate } from '../period/index';

/**
 * What a metric returns for one rep: the value (or `null` when it does not apply, with the reason) and the
 * figures that produced it, so a rep can check it.
 *
 * @example
 * ```ts
 * import type { MetricResult } from 'openspm';
 * const winRate: MetricResult = { value: 25, numerator: 3, denominator: 12, sampleSize: 12 };
 * const none: MetricResult = { value: null, reason: 'no deal closed in the period' };
 * ```
 */
export interface MetricResult {
  /** The KPI value; `null` when not applicable (a zero denominator, nothing to average). */
  value: number | null;
  /** Numerator of a rate or average, when it is one. */
  numerator?: number;
  /** Denominator of a rate or average, when it is one. */
  denominator?: number;
  /** How many records the value is based on. */
  sampleSize?: number;
  /** Why the value is `null`, or a note on how it was computed. */
  reason?: string;
}

/**
 * What a metric function receives: the dataset, the rep, the period and the KPI's `params`, plus the
 * dataset's records already grouped by rep.
 *
 * @example
 * ```ts
 * import type { MetricContext, MetricResult } from 'openspm';
 * const demos = (ctx: MetricContext): MetricResult => {
 *   const n = ctx.activities.filter((a) => a.type === 'demo' && ctx.inPeriod(a.at)).length;
 *   return { value: n, sampleSize: n };
 * };
 * ```
 */
export interface MetricContext {
  /** The dataset being scored. */
  dataset: Dataset;
  /** The rep being scored. */
  repId: string;
  /** The period scored. */
  period: Period;
  /** The KPI's `metric.params` (empty object when none). */
  params: Record<string, unknown>;
  /** The rep's deals (as owner). */
  deals: readonly Deal[];
  /** The rep's activities. */
  activities: readonly Activity[];
  /** Payments on the rep's deals. */
  payments: readonly Payment[];
  /** Whether an instant falls in the period (placed on a day in `options.zone`). */
  inPeriod(at: Date): boolean;
  /** The day number of an instant in `options.zone`. */
  dayOf(at: Date): number;
}

/**
 * A custom metric: a plain function registered by name in `options.metrics` (no `eval`). Return a number,
 * `null` (not applicable) or a {@link MetricResult}.
 *
 * @example
 * ```ts
 * import type { CustomMetric } from 'openspm';
 * const demos: CustomMetric = (ctx) => ctx.activities.filter((a) => a.type === 'demo' && ctx.inPeriod(a.at)).length;
 * ```
 */
export type CustomMetric = (context: MetricContext) => number | null | MetricResult;

/**
 * The names of the built-in metrics, computed from a {@link Dataset} for a period:
 * - `activityCount` (`params.types`, `params.qualityOnly`, `params.per: 'period' | 'week'`), and the shortcuts
 *   `visits`, `calls`, `followUps`, `qualityVisits` (visits marked `quality`);
 * - `newAccounts`: accounts whose first deal (any owner) was created in the period by this rep;
 * - `dealsCreated`: deals created in the period;
 * - `stageConversion` (`params.stageId`), `proposalConversion` (stage `'proposal'`), `quoteConversion`
 *   (stage `'quote'`): percent of deals that entered the stage in the period and are now won;
 * - `winRate`: percent won of deals closed (won or lost) in the period;
 * - `signedAmount`: amount of deals won in the period (major units, e.g. yuan);
 * - `collectedAmount`: payments collected in the period on the rep's deals;
 * - `collectionRate`: percent of the amount of deals won in the period collected by the period end;
 * - `avgCycleDays`: average days from creation to win of deals won in the period;
 * - `followUpTimeliness` (`params.windowDays`, default 7; `params.types`): percent of the rep's activities in
 *   the period that came within `windowDays` of the previous touch on the same deal (or its creation).
 *
 * Rates are percentages (93 for 93 %). A customer satisfaction or NPS score is supplied per rep: leave the
 * KPI's `metric` out and pass the value in `input.values`.
 *
 * @example
 * ```ts
 * import { BUILT_IN_METRICS } from 'openspm';
 * BUILT_IN_METRICS.includes('winRate'); //=> true
 * ```
 */
export const BUILT_IN_METRICS = [
  'activityCount',
  'visits',
  'calls',
  'followUps',
  'qualityVisits',
  'newAccounts',
  'dealsCreated',
  'stageConversion',
  'proposalConversion',
  'quoteConversion',
  'winRate',
  'signedAmount',
  'collectedAmount',
  'collectionRate',
  'avgCycleDays',
  'followUpTimeliness',
] as const;

/** Records of a dataset grouped once per scoring run. @internal */
export interface DatasetIndex {
  dataset: Dataset;
  dealsByOwner: Map<string, Deal[]>;
  activitiesByRep: Map<string, Activity[]>;
  paymentsByDeal: Map<string, Payment[]>;
  changesByDeal: Map<string, StageChange[]>;
  stageKind: Map<string, string>;
  firstDealDayByAccount: Map<string, { day: number; dealId: string }>;
  minorFactor: number;
  dayOf(at: Date): number;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** @internal */
export function indexDataset(dataset: Dataset, zone: string): DatasetIndex {
  const dayOf =
    zone === 'UTC'
      ? (at: Date) => Math.floor(at.getTime() / 86_400_000)
      : (at: Date) => dayNumber(toCalendarDate(at, zone));
  const dealsByOwner = new Map<string, Deal[]>();
  const activitiesByRep = new Map<string, Activity[]>();
  const paymentsByDeal = new Map<string, Payment[]>();
  const changesByDeal = new Map<string, StageChange[]>();
  const stageKind = new Map<string, string>();
  const firstDealDayByAccount = new Map<string, { day: number; dealId: string }>();
  for (const p of dataset.pipelines) for (const s of p.stages) stageKind.set(`${p.id}\u0000${s.id}`, s.kind);
  for (const d of dataset.deals) {
    push(dealsByOwner, d.ownerId, d);
    if (d.accountId) {
      const day = dayOf(d.createdAt);
      const seen = firstDealDayByAccount.get(d.accountId);
      if (!seen || day < seen.day) firstDealDayByAccount.set(d.accountId, { day, dealId: d.id });
    }
  }
  for (const a of dataset.activities) push(activitiesByRep, a.repId, a);
  for (const p of dataset.payments) push(paymentsByDeal, p.dealId, p);
  for (const c of dataset.stageChanges) push(changesByDeal, c.dealId, c);
  const currency = dataset.currency ?? dataset.deals[0]?.amount.currency;
  const minorUnits = currency ? (dataset.deals[0]?.amount.minorUnits ?? 2) : 2;
  return {
    dataset,
    dealsByOwner,
    activitiesByRep,
    paymentsByDeal,
    changesByDeal,
    stageKind,
    firstDealDayByAccount,
    minorFactor: 10 ** minorUnits,
    dayOf,
  };
}

type Builtin = (ctx: MetricContext, ix: DatasetIndex, start: number, end: number) => MetricResult;

const rate = (numerator: number, denominator: number, none: string): MetricResult =>
  denominator === 0
    ? { value: null, numerator, denominator, sampleSize: 0, reason: none }
    : { value: (numerator * 100) / denominator, numerator, denominator, sampleSize: denominator };

function kindOf(ix: DatasetIndex, deal: Deal): string | undefined {
  return ix.stageKind.get(`${deal.pipelineId}\u0000${deal.stageId}`);
}

function minor(ix: DatasetIndex, m: { amount: { toFixed(dp: number): string } }): number {
  return Math.round(Number(m.amount.toFixed(Math.round(Math.log10(ix.minorFactor)))) * ix.minorFactor);
}

function typesParam(params: Record<string, unknown>, fallback?: ActivityType[]): Set<string> | undefined {
  const t = params.types ?? fallback;
  if (t === undefined) return undefined;
  if (!Array.isArray(t) || t.some((x) => typeof x !== 'string'))
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'metric params.types must be a list of activity types', {
      path: ['params', 'types'],
    });
  return new Set(t as string[]);
}

function activityCount(types?: ActivityType[], quality?: boolean): Builtin {
  return (ctx, _ix, start, end) => {
    const wanted = typesParam(ctx.params, types);
    const qualityOnly = quality ?? ctx.params.qualityOnly === true;
    let n = 0;
    for (const a of ctx.activities) {
      if (wanted && !wanted.has(a.type)) continue;
      if (qualityOnly && a.quality !== true) continue;
      const day = ctx.dayOf(a.at);
      if (day >= start && day < end) n++;
    }
    if (ctx.params.per === 'week') {
      const days = end - start;
      return {
        value: (n * 7) / days,
        numerator: n,
        denominator: days / 7,
        sampleSize: n,
        reason: 'per week: count × 7 ÷ days in period',
      };
    }
    return { value: n, sampleSize: n };
  };
}

function stageConversion(defaultStage?: string): Builtin {
  return (ctx, ix, start, end) => {
    const stageId = (ctx.params.stageId as string | undefined) ?? defaultStage;
    if (typeof stageId !== 'string')
      throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'stageConversion needs params.stageId', {
        path: ['params', 'stageId'],
      });
    let entered = 0;
    let won = 0;
    for (const d of ctx.deals) {
      const changes = ix.changesByDeal.get(d.id) ?? [];
      const hit = changes.some((c) => {
        if (c.toStageId !== stageId) return false;
        const day = ctx.dayOf(c.at);
        return day >= start && day < end;
      });
      if (!hit) continue;
      entered++;
      if (kindOf(ix, d) === 'won') won++;
    }
    return rate(won, entered, `no deal entered stage "${stageId}" in the period`);
  };
}

const wonInPeriod = (ctx: MetricContext, ix: DatasetIndex, start: number, end: number): Deal[] =>
  ctx.deals.filter((d) => {
    if (!d.closedAt || kindOf(ix, d) !== 'won') return false;
    const day = ctx.dayOf(d.closedAt);
    return day >= start && day < end;
  });

const BUILTINS: Record<(typeof BUILT_IN_METRICS)[number], Builtin> = {
  activityCount: activityCount(),
  visits: activityCount(['visit']),
  calls: activityCount(['call']),
  followUps: activityCount(['follow_up']),
  qualityVisits: activityCount(['visit'], true),
  newAccounts(ctx, ix, start, end) {
    const seen = new Set<string>();
    for (const d of ctx.deals) {
      if (!d.accountId || seen.has(d.accountId)) continue;
      const first = ix.firstDealDayByAccount.get(d.accountId);
      if (first && first.dealId === d.id && first.day >= start && first.day < end) seen.add(d.accountId);
    }
    return { value: seen.size, sampleSize: seen.size };
  },
  dealsCreated(ctx, _ix, start, end) {
    let n = 0;
    for (const d of ctx.deals) {
      const day = ctx.dayOf(d.createdAt);
      if (day >= start && day < end) n++;
    }
    return { value: n, sampleSize: n };
  },
  stageConversion: stageConversion(),
  proposalConversion: stageConversion('proposal'),
  quoteConversion: stageConversion('quote'),
  winRate(ctx, ix, start, end) {
    let won = 0;
    let closed = 0;
    for (const d of ctx.deals) {
      if (!d.closedAt) continue;
      const day = ctx.dayOf(d.closedAt);
      if (day < start || day >= end) continue;
      const kind = kindOf(ix, d);
      if (kind === 'won') won++;
      if (kind === 'won' || kind === 'lost') closed++;
    }
    return rate(won, closed, 'no deal closed in the period');
  },
  signedAmount(ctx, ix, start, end) {
    const won = wonInPeriod(ctx, ix, start, end);
    const sum = won.reduce((s, d) => s + minor(ix, d.amount), 0);
    return { value: sum / ix.minorFactor, sampleSize: won.length };
  },
  collectedAmount(ctx, ix, start, end) {
    let sum = 0;
    let n = 0;
    for (const p of ctx.payments) {
      const day = ctx.dayOf(p.at);
      if (day < start || day >= end) continue;
      sum += minor(ix, p.amount);
      n++;
    }
    return { value: sum / ix.minorFactor, sampleSize: n };
  },
  collectionRate(ctx, ix, start, end) {
    const won = wonInPeriod(ctx, ix, start, end);
    let signed = 0;
    let paid = 0;
    for (const d of won) {
      signed += minor(ix, d.amount);
      for (const p of ix.paymentsByDeal.get(d.id) ?? [])
        if (ctx.dayOf(p.at) < end) paid += minor(ix, p.amount);
    }
    const r = rate(paid, signed, 'no deal won in the period, nothing to collect');
    return {
      ...r,
      numerator: paid / ix.minorFactor,
      denominator: signed / ix.minorFactor,
      sampleSize: won.length,
    };
  },
  avgCycleDays(ctx, ix, start, end) {
    const won = wonInPeriod(ctx, ix, start, end);
    if (won.length === 0) return { value: null, sampleSize: 0, reason: 'no deal won in the period' };
    const days = won.reduce((s, d) => s + (ctx.dayOf(d.closedAt!) - ctx.dayOf(d.createdAt)), 0);
    return { value: days / won.length, numerator: days, denominator: won.length, sampleSize: won.length };
  },
  followUpTimeliness(ctx, _ix, start, end) {
    const window = ctx.params.windowDays ?? 7;
    if (typeof window !== 'number' || !(window >= 0))
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        'followUpTimeliness params.windowDays must be 0 or more',
        {
          path: ['params', 'windowDays'],
        },
      );
    const wanted = typesParam(ctx.params);
    const created = new Map(ctx.deals.map((d) => [d.id, ctx.dayOf(d.createdAt)]));
    const byDeal = new Map<string, number[]>();
    for (const a of ctx.activities) {
      if (!a.dealId || !created.has(a.dealId)) continue;
      if (wanted && !wanted.has(a.type)) continue;
      push(byDeal, a.dealId, ctx.dayOf(a.at));
    }
    let timely = 0;
    let total = 0;
    for (const [dealId, days] of byDeal) {
      days.sort((a, b) => a - b);
      let previous = created.get(dealId)!;
      for (const day of days) {
        if (day >= start && day < end) {
          total++;
          if (day - previous <= window) timely++;
        }
        previous = day;
      }
    }
    return rate(timely, total, 'no follow-up on the rep’s deals in the period');
  },
};

/** Runs a named metric for one rep. @internal */
export function runMetric(
  name: string,
  params: Record<string, unknown>,
  repId: string,
  ix: DatasetIndex,
  period: Period,
  start: number,
  end: number,
  custom: Record<string, CustomMetric> | undefined,
): MetricResult {
  const deals = ix.dealsByOwner.get(repId) ?? [];
  const payments: Payment[] = [];
  for (const d of deals) {
    const list = ix.paymentsByDeal.get(d.id);
    if (list) payments.push(...list);
  }
  const ctx: MetricContext = {
    dataset: ix.dataset,
    repId,
    period,
    params,
    deals,
    activities: ix.activitiesByRep.get(repId) ?? [],
    payments,
    inPeriod: (at) => {
      const day = ix.dayOf(at);
      return day >= start && day < end;
    },
    dayOf: ix.dayOf,
  };
  const fn = custom?.[name];
  if (fn) {
    let out: ReturnType<CustomMetric>;
    try {
      out = fn(ctx);
    } catch (error) {
      if (error instanceof OpenSpmError) throw error;
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `custom metric "${name}" failed for rep "${repId}": ${error instanceof Error ? error.message : String(error)}`,
        { path: ['metrics', name], cause: error },
      );
    }
    if (out !== null && typeof out !== 'number' && (typeof out !== 'object' || !('value' in out)))
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `custom metric "${name}" returned ${typeof out} for rep "${repId}"; return a number, null or { value, … }`,
        { path: ['metrics', name] },
      );
    const result: MetricResult = typeof out === 'number' || out === null ? { value: out } : out;
    if (result.value !== null && !Number.isFinite(result.value))
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `custom metric "${name}" returned ${result.value} for rep "${repId}"; return a finite number or null`,
        { path: ['metrics', name] },
      );
    return result;
  }
  const builtin = (BUILTINS as Record<string, Builtin>)[name];
  if (!builtin)
    throw new OpenSpmError(
      ErrorCode.UNKNOWN_METRIC,
      `no metric "${name}": use one of ${BUILT_IN_METRICS.join(', ')}, or register it in options.metrics`,
      { path: ['metrics', name] },
    );
  return builtin(ctx, ix, start, end);
}

/** @internal */
export function isKnownMetric(name: string, custom: Record<string, CustomMetric> | undefined): boolean {
  return custom?.[name] !== undefined || Object.hasOwn(BUILTINS, name);
}
