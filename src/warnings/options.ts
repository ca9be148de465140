import { z } from 'zod';
import { parseOrThrow } from '../errors';
import {
  ACCOUNT_GRADES,
  ACTIVITY_TYPES,
  type AccountGrade,
  type ActivityType,
  DateTimeSchema,
  IdSchema,
} from '../model/index';
import { type Money, MoneySchema } from '../money/index';
import type { CalendarPeriodKind, FiscalCalendar, FiscalCalendarOptions } from '../period/index';
import { WARNING_SEVERITIES, type WarningRule, type WarningSeverity } from './types';

/**
 * What every rule accepts: switch it off, or change its severity.
 *
 * @example
 * ```ts
 * import type { RuleOptions } from 'openspm';
 * const off: RuleOptions = { enabled: false };
 * const louder: RuleOptions = { severity: 'critical' };
 * ```
 */
export interface RuleOptions {
  /** Run the rule (default `true`). */
  enabled?: boolean;
  /** Severity of its warnings, replacing the rule's defaults. */
  severity?: WarningSeverity;
}

/**
 * A threshold in days for one stage, or for every stage of a pipeline (`stageId` left out), or for one stage id in
 * every pipeline (`pipelineId` left out). The most specific match wins.
 *
 * @example
 * ```ts
 * import type { StageDaysThreshold } from 'openspm';
 * const t: StageDaysThreshold = { pipelineId: 'renewals', stageId: 'proposal', days: 10 };
 * ```
 */
export interface StageDaysThreshold {
  /** The pipeline; any pipeline when left out. */
  pipelineId?: string | number;
  /** The stage; any stage of the pipeline when left out. */
  stageId?: string | number;
  /** The threshold in whole days (a deal warns when strictly above it). */
  days: number;
}

/**
 * A target for {@link detectAnomalies}' pace and coverage rules: an amount to win in a period, for a rep, a team
 * (with its sub-teams) or the whole company.
 *
 * @example
 * ```ts
 * import type { AnomalyTarget } from 'openspm';
 * const target: AnomalyTarget = { subject: 'rep', id: 'rep-1', period: 'FY2024-Q4', amount: { amount: '600000', currency: 'CNY' } };
 * ```
 */
export interface AnomalyTarget {
  /** Whose target it is. */
  subject: 'rep' | 'team' | 'company';
  /** The rep or team id (not needed for the company). */
  id?: string | number;
  /** The period key (`'FY2024-Q4'`, `'2024-11'`); only targets of the current period (`periodKind`) are used. */
  period: string;
  /** The amount to win, in the dataset's currency. */
  amount: Money | { amount: string | number; currency: string };
}

/**
 * A change of a deal's expected close date, from the CRM's field history. The deal model keeps only the current
 * date; give this history to judge slipped close dates.
 *
 * @example
 * ```ts
 * import type { CloseDateChange } from 'openspm';
 * const change: CloseDateChange = { dealId: 'D-17', at: '2024-06-20', from: '2024-06-30', to: '2024-07-31' };
 * ```
 */
export interface CloseDateChange {
  /** The deal. */
  dealId: string | number;
  /** When the change was made. */
  at: string | Date;
  /** The expected close date before the change (absent when it was first set). */
  from?: string | Date | null;
  /** The expected close date after it. */
  to: string | Date;
}

/**
 * A change of a deal's amount, from the CRM's field history. The deal model keeps only the current amount; give
 * this history to judge decreased amounts.
 *
 * @example
 * ```ts
 * import type { AmountChange } from 'openspm';
 * const change: AmountChange = {
 *   dealId: 'D-17',
 *   at: '2024-06-20',
 *   from: { amount: '120000', currency: 'CNY' },
 *   to: { amount: '80000', currency: 'CNY' },
 * };
 * ```
 */
export interface AmountChange {
  /** The deal. */
  dealId: string | number;
  /** When the change was made. */
  at: string | Date;
  /** The amount before. */
  from: Money | { amount: string | number; currency: string };
  /** The amount after. */
  to: Money | { amount: string | number; currency: string };
}

/**
 * Options of each rule; every field has a default (see docs/warnings.md for the statistic behind each).
 *
 * @example
 * ```ts
 * import type { WarningRulesOptions } from 'openspm';
 * const rules: WarningRulesOptions = {
 *   stalledInStage: { threshold: 'configured', stages: [{ stageId: 'proposal', days: 14 }] },
 *   conversionDrop: { confidence: 0.99, minSample: 30 },
 *   dataQuality: { enabled: false },
 * };
 * ```
 */
export interface WarningRulesOptions {
  /**
   * Stalled in stage. `threshold: 'learned'` (default) uses the `percentile` (default 0.9) of whole days spent in
   * the stage by won deals when at least `minSample` (default 30) such visits exist, else the configured days;
   * `'configured'` uses only configured days: `stages` overrides, then the stage's `slaDays`, then `defaultDays`.
   */
  stalledInStage?: RuleOptions & {
    threshold?: 'learned' | 'configured';
    percentile?: number;
    minSample?: number;
    defaultDays?: number;
    stages?: StageDaysThreshold[];
  };
  /** No activity (rotting): days since the last activity (or entry into the stage) above `stages` overrides, the stage's `rottingDays`, or `defaultDays` (14). */
  noActivity?: RuleOptions & { defaultDays?: number; stages?: StageDaysThreshold[] };
  /** Overdue follow-up per account by grade cadence (`cadenceDays` at the top level). */
  followUpOverdue?: RuleOptions;
  /** Share of follow-ups done on time per rep over `lookbackDays` (90); warns below `minRate` (0.8) with at least `minSample` (10) follow-ups due. */
  followUpTimeliness?: RuleOptions & { lookbackDays?: number; minRate?: number; minSample?: number };
  /** Expected close date passed on an open deal by more than `graceDays` (0). */
  closeDateOverdue?: RuleOptions & { graceDays?: number };
  /** Close date pushed later at least `maxPushes` (2) times, or out of the current period (`outOfPeriod`, default true). Needs `closeDateChanges`. */
  closeDateSlipped?: RuleOptions & { maxPushes?: number; outOfPeriod?: boolean };
  /** Amount lowered by more than `minDecrease` (0.1 = 10%) within `lookbackDays` (30). Needs `amountChanges`. */
  amountDecreased?: RuleOptions & { minDecrease?: number; lookbackDays?: number };
  /** A backward stage move in the last `lookbackDays` (30). */
  stageRegression?: RuleOptions & { lookbackDays?: number };
  /** A forward move over at least `minSkipped` (1) open stages in the last `lookbackDays` (30); entry into the pipeline past its first stage only with `includeEntry`. */
  stageSkipped?: RuleOptions & { lookbackDays?: number; minSkipped?: number; includeEntry?: boolean };
  /**
   * Conversion drop: per open stage, the share of deals leaving it that moved forward, this `periodKind` (default
   * `'month'`, to `asOf`) against the `baselinePeriods` (3) before; one-sided two-proportion test at `confidence`
   * (0.95), with at least `minSample` (20) exits on each side and a drop of at least `minDrop` (0) in rate.
   */
  conversionDrop?: RuleOptions & {
    periodKind?: CalendarPeriodKind;
    baselinePeriods?: number;
    confidence?: number;
    minSample?: number;
    minDrop?: number;
  };
  /**
   * Performance decline: the last complete ISO week of each rep's and team's `metrics` ('activities', 'wonAmount')
   * against the median ± `k` (3) × 1.4826 × MAD of the `baselineWeeks` (12) before, with at least `minWeeks` (8).
   * Dips warn; spikes are reported as info unless `spikes` is false.
   */
  performanceDecline?: RuleOptions & {
    metrics?: ('activities' | 'wonAmount')[];
    subjects?: ('rep' | 'team')[];
    baselineWeeks?: number;
    minWeeks?: number;
    k?: number;
    spikes?: boolean;
  };
  /** Pace: won to date projected at the current run rate below `tolerance` (1) × target, once `minElapsed` (0.2) of the period has passed. Needs `targets`. */
  pace?: RuleOptions & { tolerance?: number; minElapsed?: number };
  /** Coverage gap: open pipeline with a close date in the current period below `multiple` (3) × the remaining target. Needs `targets`. */
  coverageGap?: RuleOptions & { multiple?: number };
  /** Hockey stick: share of the previous period's won amount in its final month (final week for a month) above `maxShare` (0.5), with at least `minDeals` (10) won deals. */
  hockeyStick?: RuleOptions & {
    maxShare?: number;
    minDeals?: number;
    subjects?: ('company' | 'team' | 'rep')[];
  };
  /** Churn risk: days since an account's last activity or order above `gapMultiple` (2) × its median gap (with at least `minGaps` (4) gaps), else above `cadenceMultiple` (2) × its grade's cadence. */
  churnRisk?: RuleOptions & { gapMultiple?: number; minGaps?: number; cadenceMultiple?: number };
  /** Data quality: bulk late logging (`minBulk` (5) activities logged the same day over `lateDays` (3) after they happened, read from `activity.custom[loggedAtField]`, default `'loggedAt'`), deals without a current owner or amount, contradictory events. */
  dataQuality?: RuleOptions & { lateDays?: number; minBulk?: number; loggedAtField?: string };
}

/**
 * Options for {@link detectAnomalies}. Only `asOf` is required.
 *
 * @example
 * ```ts
 * import type { DetectAnomaliesOptions } from 'openspm';
 * const options: DetectAnomaliesOptions = {
 *   asOf: '2024-12-31',
 *   periodKind: 'quarter',
 *   targets: [{ subject: 'company', period: 'FY2024-Q4', amount: { amount: '3000000', currency: 'CNY' } }],
 *   cadenceDays: { A: 7, B: 14, C: 30 },
 *   rules: { hockeyStick: { maxShare: 0.6 } },
 * };
 * ```
 */
export interface DetectAnomaliesOptions {
  /** The moment the warnings are computed for: events after it are ignored. A `Date` or ISO text. */
  asOf: string | Date;
  /** The fiscal calendar (fiscal year start, time zone that places instants on days). Default: calendar year, UTC. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** The period of targets, pace, coverage and hockey stick (default `'quarter'`). */
  periodKind?: CalendarPeriodKind;
  /** Targets for pace and coverage. */
  targets?: AnomalyTarget[];
  /** Follow-up cadence in days per account grade (default A 7, B 14, C 30, D 60). */
  cadenceDays?: Partial<Record<AccountGrade, number>>;
  /** Activity types that count as a follow-up (default: all). */
  followUpTypes?: ActivityType[];
  /** Close-date history for the slipped rule. */
  closeDateChanges?: CloseDateChange[];
  /** Amount history for the amount-decreased rule. */
  amountChanges?: AmountChange[];
  /** Options of each rule. */
  rules?: WarningRulesOptions;
}

const severity = z.enum(WARNING_SEVERITIES);
const base = { enabled: z.boolean().optional(), severity: severity.optional() };
const days = z.number().min(0, 'must be 0 or more days').max(36_500, 'must be at most 36500 days');
const count = z.int('must be a whole number').min(1, 'must be at least 1').max(1_000_000);
const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const positive = z.number().positive('must be a positive number').max(1_000_000);
const stageDays = z.array(
  z.object({ pipelineId: IdSchema.optional(), stageId: IdSchema.optional(), days }).strict(),
);
const periodKind = z.enum(['year', 'half', 'quarter', 'month', 'week', 'day']);

const RulesSchema = z
  .object({
    stalledInStage: z
      .object({
        ...base,
        threshold: z.enum(['learned', 'configured']).optional(),
        percentile: z.number().gt(0, 'must be above 0').max(1, 'must be at most 1').optional(),
        minSample: count.optional(),
        defaultDays: days.optional(),
        stages: stageDays.optional(),
      })
      .strict(),
    noActivity: z.object({ ...base, defaultDays: days.optional(), stages: stageDays.optional() }).strict(),
    followUpOverdue: z.object(base).strict(),
    followUpTimeliness: z
      .object({
        ...base,
        lookbackDays: count.optional(),
        minRate: share.optional(),
        minSample: count.optional(),
      })
      .strict(),
    closeDateOverdue: z.object({ ...base, graceDays: days.optional() }).strict(),
    closeDateSlipped: z
      .object({ ...base, maxPushes: count.optional(), outOfPeriod: z.boolean().optional() })
      .strict(),
    amountDecreased: z
      .object({ ...base, minDecrease: share.optional(), lookbackDays: count.optional() })
      .strict(),
    stageRegression: z.object({ ...base, lookbackDays: count.optional() }).strict(),
    stageSkipped: z
      .object({
        ...base,
        lookbackDays: count.optional(),
        minSkipped: count.optional(),
        includeEntry: z.boolean().optional(),
      })
      .strict(),
    conversionDrop: z
      .object({
        ...base,
        periodKind: periodKind.optional(),
        baselinePeriods: count.optional(),
        confidence: z.number().gt(0.5, 'must be above 0.5').lt(1, 'must be below 1').optional(),
        minSample: count.optional(),
        minDrop: share.optional(),
      })
      .strict(),
    performanceDecline: z
      .object({
        ...base,
        metrics: z.array(z.enum(['activities', 'wonAmount'])).optional(),
        subjects: z.array(z.enum(['rep', 'team'])).optional(),
        baselineWeeks: count.optional(),
        minWeeks: count.optional(),
        k: positive.optional(),
        spikes: z.boolean().optional(),
      })
      .strict(),
    pace: z.object({ ...base, tolerance: positive.optional(), minElapsed: share.optional() }).strict(),
    coverageGap: z.object({ ...base, multiple: positive.optional() }).strict(),
    hockeyStick: z
      .object({
        ...base,
        maxShare: share.optional(),
        minDeals: count.optional(),
        subjects: z.array(z.enum(['company', 'team', 'rep'])).optional(),
      })
      .strict(),
    churnRisk: z
      .object({
        ...base,
        gapMultiple: positive.optional(),
        minGaps: count.optional(),
        cadenceMultiple: positive.optional(),
      })
      .strict(),
    dataQuality: z
      .object({
        ...base,
        lateDays: days.optional(),
        minBulk: count.optional(),
        loggedAtField: z.string().min(1).optional(),
      })
      .strict(),
  })
  .partial()
  .strict();

const OptionsSchema = z
  .object({
    asOf: DateTimeSchema,
    calendar: z.unknown().optional(),
    periodKind: periodKind.optional(),
    targets: z
      .array(
        z
          .object({
            subject: z.enum(['rep', 'team', 'company']),
            id: IdSchema.optional(),
            period: z.string().min(1, 'must be a period key such as "FY2024-Q4"'),
            amount: MoneySchema,
          })
          .strict()
          .refine((t) => t.subject === 'company' || t.id !== undefined, {
            message: 'a rep or team target needs the id of the rep or team',
            path: ['id'],
          }),
      )
      .optional(),
    cadenceDays: z.partialRecord(z.enum(ACCOUNT_GRADES), positive).optional(),
    followUpTypes: z.array(z.enum(ACTIVITY_TYPES)).optional(),
    closeDateChanges: z
      .array(
        z
          .object({
            dealId: IdSchema,
            at: DateTimeSchema,
            from: DateTimeSchema.nullish(),
            to: DateTimeSchema,
          })
          .strict(),
      )
      .optional(),
    amountChanges: z
      .array(z.object({ dealId: IdSchema, at: DateTimeSchema, from: MoneySchema, to: MoneySchema }).strict())
      .optional(),
    rules: RulesSchema.optional(),
  })
  .strict();

/** The options after validation. @internal */
export type ParsedOptions = z.output<typeof OptionsSchema>;

/** The rule options after validation. @internal */
export type ParsedRules = NonNullable<ParsedOptions['rules']>;

/** Validates the options at the boundary; throws `OpenSpmError` `INVALID_INPUT` with every issue. @internal */
export function parseOptions(options: unknown): ParsedOptions {
  return parseOrThrow(OptionsSchema, options, 'detectAnomalies options', ['options']);
}

/** Whether a rule runs. @internal */
export function ruleEnabled(rules: ParsedRules | undefined, rule: WarningRule): boolean {
  return rules?.[rule]?.enabled !== false;
}
