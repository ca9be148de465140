import type { Period } from '../period/index';
import type { FunnelGroupKey, FunnelMode, ReentryPolicy, ReopenPolicy, SkippedStagePolicy } from './options';

/**
 * The definitions a funnel was computed with, as plain data: every choice the caller made or the default
 * that applied. Two aggregates merge only when their definitions are the same (periods aside).
 *
 * @example
 * ```ts
 * import type { FunnelDefinition } from 'openspm';
 * const definition: FunnelDefinition = {
 *   pipelineId: 'sales', asOf: '2024-12-31', mode: 'cohort', cohortStage: 'lead', skippedStages: 'impute',
 *   reentry: 'first', reopened: 'continue', basis: 'count', days: 'calendar', zone: 'UTC',
 *   groupBy: null, cycleFromStage: null, noHistory: 'current-stage',
 * };
 * ```
 */
export interface FunnelDefinition {
  /** The pipeline analysed. */
  readonly pipelineId: string;
  /** The analysis day; stage changes after it are ignored. */
  readonly asOf: string;
  /** `'cohort'` or `'period'`. */
  readonly mode: FunnelMode;
  /** The stage whose entry defines the cohort; the funnel's first row. */
  readonly cohortStage: string;
  /** The skipped-stage policy. */
  readonly skippedStages: SkippedStagePolicy;
  /** Which stay of a re-entered stage counts as its time in stage. */
  readonly reentry: ReentryPolicy;
  /** What a reopened deal does. */
  readonly reopened: ReopenPolicy;
  /** The headline basis. */
  readonly basis: 'count' | 'value';
  /** Calendar or working days. */
  readonly days: 'calendar' | 'working';
  /** The time zone placing instants on days. */
  readonly zone: string;
  /** The grouping: a built-in key, `'custom'` for a function, or `null`. */
  readonly groupBy: FunnelGroupKey | 'custom' | null;
  /** The stage the second sales cycle is measured from, or `null`. */
  readonly cycleFromStage: string | null;
  /** What a deal without stage history does. */
  readonly noHistory: 'current-stage' | 'exclude';
  /** With a reporting currency: how deal values were converted, in words (absent otherwise). */
  readonly conversion?: string;
}

/**
 * One row of a funnel: an open stage, or the final "won" row.
 *
 * @example
 * ```ts
 * import type { FunnelStageInfo } from 'openspm';
 * const row: FunnelStageInfo = { id: 'proposal', name: 'Proposal', kind: 'open', probability: 0.5 };
 * ```
 */
export interface FunnelStageInfo {
  /** Stage id (for the won row, the id of the pipeline's first won stage). */
  readonly id: string;
  /** Stage name. */
  readonly name: string;
  /** `'open'` for a funnel stage, `'won'` for the final row. */
  readonly kind: 'open' | 'won';
  /** The stage's configured win probability, or `null` when none is configured. */
  readonly probability: number | null;
}

/**
 * The mergeable counts behind a funnel for one group of deals. Arrays are indexed by row (see
 * {@link FunnelAggregate.stages}); money is in integer minor units of the aggregate's currency; durations
 * are day histograms. Merging adds every number.
 *
 * @example
 * ```ts
 * import { aggregateFunnel, type FunnelGroupAggregate } from 'openspm';
 * const aggregate = aggregateFunnel(
 *   { pipeline: { id: 'p', name: 'P', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' } ] },
 *     stageChanges: [{ dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-01-01' }] },
 *   { asOf: '2024-12-31' },
 * );
 * const overall: FunnelGroupAggregate = aggregate.overall;
 * overall.entered; //=> [1, 0]
 * ```
 */
export interface FunnelGroupAggregate {
  /** Journeys counted as entering each row (per the skipped-stage policy and mode). */
  readonly entered: number[];
  /** Of those, journeys that moved on to a later stage. */
  readonly movedOn: number[];
  /** Of those, journeys lost with this row as their furthest stage. */
  readonly lost: number[];
  /** Of those, journeys still open at `asOf` with this row as their furthest stage. */
  readonly open: number[];
  /** Of those, journeys that left the funnel by skipping the next stage (only under `'strict'`). */
  readonly skippedOut: number[];
  /** Cohort journeys that reached this row or a later one (the numerator of cumulative conversion). */
  readonly reached: number[];
  /** Journeys lost while sitting in this stage (where the loss happened, which after a backward move can be before the furthest stage). */
  readonly lostWhileIn: number[];
  /** Counted journeys that entered this stage more than once. */
  readonly reentries: number[];
  /** Backward moves out of this stage (to an earlier open stage). */
  readonly backwardMoves: number[];
  /** Counted journeys whose entry into this stage was imputed (`'impute'` only). */
  readonly imputed: number[];
  /** Value (minor units) of the entered journeys. */
  readonly enteredValue: number[];
  /** Value of the journeys that moved on. */
  readonly movedOnValue: number[];
  /** Value of the journeys lost at this row (lost deals at their amount before loss). */
  readonly lostValue: number[];
  /** Value of the journeys still open at this row. */
  readonly openValue: number[];
  /** Value of the journeys that skipped out. */
  readonly skippedOutValue: number[];
  /** Value of the cohort journeys that reached this row or later. */
  readonly reachedValue: number[];
  /** Per row, a day histogram of time in stage (completed stays only). */
  readonly timeInStage: number[][];
  /** Journeys in scope (cohort journeys; in period mode those closed in the period or open at `asOf`). */
  readonly journeys: number;
  /** Of those, won. */
  readonly won: number;
  /** Of those, lost. */
  readonly lostDeals: number;
  /** Of those, still open at `asOf`. */
  readonly openDeals: number;
  /** Value of the won journeys (minor units). */
  readonly wonValue: number;
  /** Value of the lost journeys, at their amount before loss (minor units). */
  readonly lostDealsValue: number;
  /** Value of the open journeys (minor units). */
  readonly openDealsValue: number;
  /** Day histogram of the sales cycle, creation (journey start) to won. */
  readonly salesCycle: number[];
  /** Day histogram of the cycle from the first entry into `cycleFromStage` to won (empty without it). */
  readonly stageCycle: number[];
}

/**
 * What was read and what was set aside or inferred: so a number can be trusted, or the data fixed.
 *
 * @example
 * ```ts
 * import type { FunnelDataQuality } from 'openspm';
 * const quality: FunnelDataQuality = {
 *   stageChanges: 10, ignoredAfterAsOf: 0, ignoredOtherPipeline: 0, dealsWithoutHistory: 1,
 *   dealsExcluded: 0, historyStartsMidway: 0, inconsistentMoves: 0, repeatedStage: 0, reopened: 0,
 *   backwardMoves: 1, lateEntriesExcluded: 0, journeys: 4,
 * };
 * ```
 */
export interface FunnelDataQuality {
  /** Stage changes read. */
  readonly stageChanges: number;
  /** Stage changes after `asOf`, ignored. */
  readonly ignoredAfterAsOf: number;
  /** Stage changes of deals of another pipeline, ignored. */
  readonly ignoredOtherPipeline: number;
  /** Deals with no stage change whose history was inferred from their current stage (`noHistory: 'current-stage'`). */
  readonly dealsWithoutHistory: number;
  /** Deals with no stage change left out (`noHistory: 'exclude'`, or created after `asOf`). */
  readonly dealsExcluded: number;
  /** Deals whose first recorded change leaves a stage (history starts mid-way); they are taken to have been in that stage since creation. */
  readonly historyStartsMidway: number;
  /** Changes whose `fromStageId` is not the stage the deal was in; the deal is moved to `toStageId` anyway. */
  readonly inconsistentMoves: number;
  /** Changes to the stage the deal was already in; ignored. */
  readonly repeatedStage: number;
  /** Closed deals moved back to an open stage. */
  readonly reopened: number;
  /** Moves to an earlier open stage. */
  readonly backwardMoves: number;
  /** Journeys left out under `'strict'` because they started after the funnel's first row. */
  readonly lateEntriesExcluded: number;
  /** Journeys followed (a deal has more than one when reopened under `'new-entry'`). */
  readonly journeys: number;
}

/**
 * The mergeable state of a funnel: plain data (JSON-safe) from {@link aggregateFunnel}. Compute one per shard
 * (tenant, month, database partition) and combine them with {@link mergeFunnelAggregates}; the merged aggregate
 * summarises (with {@link summarizeFunnel}) to exactly the result of computing everything at once, provided
 * the shards hold disjoint deals, or the same deals over disjoint periods.
 *
 * @example
 * ```ts
 * import { aggregateFunnel, mergeFunnelAggregates, summarizeFunnel } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const } ] };
 * const a = aggregateFunnel({ pipeline, stageChanges: [
 *   { dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *   { dealId: 'd1', fromStageId: 'lead', toStageId: 'won', at: '2024-01-05' }] }, { asOf: '2024-12-31' });
 * const b = aggregateFunnel({ pipeline, stageChanges: [
 *   { dealId: 'd2', fromStageId: null, toStageId: 'lead', at: '2024-02-01' }] }, { asOf: '2024-12-31' });
 * summarizeFunnel(mergeFunnelAggregates([a, b])).overall.stages[0].conversion.nextStep.text; //=> '50.0% (1/2)'
 * ```
 */
export interface FunnelAggregate {
  /** Always `'openspm.funnel-aggregate'`. */
  readonly kind: 'openspm.funnel-aggregate';
  /** Format version, 1. */
  readonly version: 1;
  /** The definitions used. */
  readonly definition: FunnelDefinition;
  /** The periods covered (several after merging periods); `null` for all time up to `asOf`. */
  readonly periods: Period[] | null;
  /** The rows: the open stages from the cohort stage on, then the won row. */
  readonly stages: FunnelStageInfo[];
  /** The currency of the values, or `null` when no deal amounts were given. */
  readonly currency: string | null;
  /** Minor units of that currency (2 for CNY). */
  readonly minorUnits: number;
  /** Whether deal amounts were known (values are zero otherwise). */
  readonly hasValues: boolean;
  /** All deals together. */
  readonly overall: FunnelGroupAggregate;
  /** Per group key (empty without `groupBy`). */
  readonly groups: Record<string, FunnelGroupAggregate>;
  /** What was read, ignored or inferred. */
  readonly dataQuality: FunnelDataQuality;
  /**
   * With a reporting currency: the deal values converted, per rate (and per deal with
   * `conversionDetail: 'per-deal'`); absent otherwise.
   */
  readonly conversions?: FunnelConversions;
}

/**
 * A rate a funnel used, as plain data (a `RateUsed` with its decimals as text).
 *
 * @example
 * ```ts
 * import type { FunnelRateUsed } from 'openspm';
 * const rate: FunnelRateUsed = {
 *   from: 'USD', to: 'CNY', rate: '7.25', policy: 'on-date', date: '2024-03-10', periodKey: null,
 *   rates: [{ from: 'USD', to: 'CNY', rate: '7.25', effectiveDate: '2024-03-01' }], inverse: false,
 *   rateDecimals: null, text: 'USD→CNY 7.25: the rate effective 2024-03-01, the latest on or before 2024-03-10',
 * };
 * ```
 */
export interface FunnelRateUsed {
  /** The currency converted from. */
  readonly from: string;
  /** The currency converted to (the reporting currency). */
  readonly to: string;
  /** The rate applied, exact decimal text. */
  readonly rate: string;
  /** The policy (see `RateUsed.policy`). */
  readonly policy: 'on-date' | 'period-average' | 'fixed' | 'same-currency';
  /** The day asked (`on-date`) or the period's first day; else `null`. */
  readonly date: string | null;
  /** The period key (`period-average`); else `null`. */
  readonly periodKey: string | null;
  /** The table rates it came from. */
  readonly rates: readonly {
    /** From. */
    readonly from: string;
    /** To. */
    readonly to: string;
    /** The rate, exact decimal text. */
    readonly rate: string;
    /** The first day it applies. */
    readonly effectiveDate: string;
    /** Where it came from, when given. */
    readonly source?: string;
  }[];
  /** Whether the opposite pair's rate was inverted. */
  readonly inverse: boolean;
  /** Decimals the rate was rounded to, or `null`. */
  readonly rateDecimals: number | null;
  /** In one sentence. */
  readonly text: string;
}

/**
 * The deal values converted at one rate (one pair and day asked, one period, or the plan rate): how many and
 * their totals. Merging adds them.
 *
 * @example
 * ```ts
 * import type { FunnelRateUsage } from 'openspm';
 * const total = (u: FunnelRateUsage) => `${u.count} deals: ${u.original} ${u.rate.from} → ${u.amount} ${u.rate.to}`;
 * ```
 */
export interface FunnelRateUsage {
  /** Identifies the rate: pair, policy and day or period. */
  readonly key: string;
  /** The rate. */
  readonly rate: FunnelRateUsed;
  /** Amounts converted at it. */
  readonly count: number;
  /** Their total as given (exact decimal text, in `rate.from`). */
  readonly original: string;
  /** Their total after conversion: the sum of the rounded amounts (decimal text, in `rate.to`). */
  readonly amount: string;
}

/**
 * One deal value converted, as plain data; its rate is the {@link FunnelRateUsage} with the same `key`.
 *
 * @example
 * ```ts
 * import type { FunnelConvertedAmount } from 'openspm';
 * const c: FunnelConvertedAmount = { source: 'deal', id: 'd2', path: ['deals', 1, 'amount'],
 *   original: '100.00', amount: '725.00', key: 'USD>CNY|on-date|2024-03-10' };
 * ```
 */
export interface FunnelConvertedAmount {
  /** A deal's value, or a lost deal's amount before loss (`amountsBeforeLoss`). */
  readonly source: 'deal' | 'amount-before-loss';
  /** The deal id. */
  readonly id: string;
  /** Where it is in the input. */
  readonly path: readonly (string | number)[];
  /** The amount as given (decimal text, in the rate's `from`). */
  readonly original: string;
  /** Converted and rounded (decimal text, in the reporting currency). */
  readonly amount: string;
  /** The key of its rate in {@link FunnelConversions.rates}. */
  readonly key: string;
}

/**
 * How a funnel's deal values were converted to its reporting currency: one row per rate used (bounded by
 * the currencies × the days asked, whatever the number of deals) and, with `conversionDetail: 'per-deal'`,
 * one row per converted deal. Deals already in the reporting currency are not listed.
 *
 * Merging: rows of the same rate add their counts and totals; per-deal rows are keyed by deal, so a deal in two
 * shards (the same deals over disjoint periods) is listed once and the per-rate rows are recounted from them.
 * The per-deal list is kept only when every shard has one.
 *
 * @example
 * ```ts
 * import type { FunnelConversions } from 'openspm';
 * const none: FunnelConversions = { currency: 'CNY', rates: [], amounts: null };
 * ```
 */
export interface FunnelConversions {
  /** The reporting currency. */
  readonly currency: string;
  /** Per rate used, sorted by key (pair, then day or period). */
  readonly rates: readonly FunnelRateUsage[];
  /** Per converted deal value, or `null` when not kept. */
  readonly amounts: readonly FunnelConvertedAmount[] | null;
}
