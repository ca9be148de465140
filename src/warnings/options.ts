import { z } from 'zod';
import { reportingCurrencyFields } from '../_lib/currency-options';
import type { ConversionPolicy, ExchangeRateInput, RateTable } from '../currency/index';
import { parseOrThrow } from '../errors';
import {
  ACCOUNT_GRADES,
  ACTIVITY_TYPES,
  type AccountGrade,
  type ActivityType,
  DateTimeSchema,
  IdSchema,
} from '../model/index';
import { type Money, type MoneyInput, MoneySchema } from '../money/index';
import type { CalendarPeriodKind, FiscalCalendar, FiscalCalendarOptions } from '../period/index';
import {
  WARNING_CODES,
  WARNING_SEVERITIES,
  type WarningCode,
  type WarningRule,
  type WarningSeverity,
} from './types';

/**
 * What every rule accepts: switch it off, or change its severity.
 *
 * @example
 * ```ts
 * import type { RuleOptions } from 'openspm';
 * const off: RuleOptions = { enabled: false };
 * const louder: RuleOptions = { severity: 'critical' };
 * const perCode: RuleOptions = { severity: { PERFORMANCE_DIP: 'critical', PERFORMANCE_SPIKE: 'info' } };
 * ```
 */
export interface RuleOptions {
  /** Run the rule (default `true`). */
  enabled?: boolean;
  /** Severity of its warnings, replacing the catalogue's defaults: one for all its codes, or one per code. */
  severity?: WarningSeverity | Partial<Record<WarningCode, WarningSeverity>>;
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
  amount: Money | MoneyInput;
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
  from: Money | MoneyInput;
  /** The amount after. */
  to: Money | MoneyInput;
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
  /** Stalled in stage: days since an open deal entered its stage above the stage's threshold. */
  stalledInStage?: RuleOptions & {
    /** `'learned'` (default): the percentile of won deals' days in the stage, else configured; `'configured'`: only configured days. */
    threshold?: 'learned' | 'configured';
    /** The percentile learned, 0 to 1 (default 0.9). */
    percentile?: number;
    /** Visits of won deals needed to learn a threshold (default 30); below it the configured days are used. */
    minSample?: number;
    /** Days for stages with neither an override nor `slaDays` (default: such stages are not judged). */
    defaultDays?: number;
    /** Days per pipeline and stage, before the stage's `slaDays`. */
    stages?: StageDaysThreshold[];
  };
  /** No activity (rotting): days since the last activity or the entry into the stage, whichever is later. */
  noActivity?: RuleOptions & {
    /** Days for stages with neither an override nor `rottingDays` (default 14). */
    defaultDays?: number;
    /** Days per pipeline and stage, before the stage's `rottingDays`. */
    stages?: StageDaysThreshold[];
  };
  /** Overdue follow-up per account by its grade's cadence (`cadenceDays` at the top level). */
  followUpOverdue?: RuleOptions;
  /** Follow-up timeliness (跟进及时率) per rep: the share of follow-ups that fell due and were done by their due date. */
  followUpTimeliness?: RuleOptions & {
    /** The window of due dates judged, in days before asOf (default 90). */
    lookbackDays?: number;
    /** Warn below this share (default 0.8). */
    minRate?: number;
    /** Follow-ups due needed to judge a rep (default 10). */
    minSample?: number;
  };
  /** Close date overdue: an open deal's expected close date has passed. */
  closeDateOverdue?: RuleOptions & {
    /** Whole days allowed after the expected close date (default 0). */
    graceDays?: number;
  };
  /** Close date slipped (needs `closeDateChanges`). */
  closeDateSlipped?: RuleOptions & {
    /** Warn when the close date was pushed later at least this many times (default 2). */
    maxPushes?: number;
    /** Also warn when a change in the current period pushed the date out of it (default true). */
    outOfPeriod?: boolean;
  };
  /** Amount decreased (needs `amountChanges`). */
  amountDecreased?: RuleOptions & {
    /** Warn when the amount fell by more than this share of the earlier amount (default 0.1). */
    minDecrease?: number;
    /** The window of changes judged, in days before asOf (default 30). */
    lookbackDays?: number;
  };
  /** Stage regression: a backward move. */
  stageRegression?: RuleOptions & {
    /** The window of moves judged, in days before asOf (default 30). */
    lookbackDays?: number;
  };
  /** Stage skipped: a forward move over one or more open stages. */
  stageSkipped?: RuleOptions & {
    /** The window of moves judged, in days before asOf (default 30). */
    lookbackDays?: number;
    /** Warn when at least this many open stages were skipped (default 1). */
    minSkipped?: number;
    /** Also judge a deal entering the pipeline past its first open stage (default false). */
    includeEntry?: boolean;
  };
  /** Conversion drop: a stage's forward share this period against its trailing baseline, by a two-proportion test. */
  conversionDrop?: RuleOptions & {
    /** The period judged, to asOf (default `'month'`). */
    periodKind?: CalendarPeriodKind;
    /** Whole periods before it that form the baseline (default 3). */
    baselinePeriods?: number;
    /** Confidence of the one-sided test: warn when p < 1 − confidence (default 0.95). */
    confidence?: number;
    /** Exits needed on each side to test (default 20). */
    minSample?: number;
    /** Smallest drop in rate worth a warning, 0 to 1 (default 0). */
    minDrop?: number;
  };
  /** Performance decline: the last complete week against a robust band of the subject's own recent weeks. */
  performanceDecline?: RuleOptions & {
    /** The weekly series judged (default both `'activities'` and `'wonAmount'`). */
    metrics?: ('activities' | 'wonAmount')[];
    /** Who is judged (default both `'rep'` and `'team'`). */
    subjects?: ('rep' | 'team')[];
    /** Weeks of baseline (default 12). */
    baselineWeeks?: number;
    /** Baseline weeks needed to judge (default 8; a new hire has fewer). */
    minWeeks?: number;
    /** Band half-width in robust standard deviations (default 3). */
    k?: number;
    /** Report spikes above the band as well as dips (default true). */
    spikes?: boolean;
  };
  /** Pace (needs `targets`): won to date projected at the current run rate below the target. */
  pace?: RuleOptions & {
    /** Warn when the projection is below this multiple of the target (default 1). */
    tolerance?: number;
    /** Share of the period that must have passed before projecting (default 0.2). */
    minElapsed?: number;
  };
  /** Coverage gap (needs `targets`): open pipeline closing in the period against the remaining target. */
  coverageGap?: RuleOptions & {
    /** Required pipeline as a multiple of the remaining target (default 3). */
    multiple?: number;
  };
  /** Hockey stick: share of the previous period's bookings in its final month (final week for a month). */
  hockeyStick?: RuleOptions & {
    /** Warn above this share (default 0.5). */
    maxShare?: number;
    /** Won deals needed to judge a subject (default 10). */
    minDeals?: number;
    /** Who is judged (default company, teams and reps). */
    subjects?: ('company' | 'team' | 'rep')[];
  };
  /** Churn risk: an account silent for longer than its own usual interval or its grade's cadence. */
  churnRisk?: RuleOptions & {
    /** Multiple of the account's median gap between event days (default 2). */
    gapMultiple?: number;
    /** Gaps needed to learn the account's own interval (default 4). */
    minGaps?: number;
    /** Multiple of the grade's cadence when the account has too few gaps (default 2). */
    cadenceMultiple?: number;
  };
  /** Data quality: late bulk logging, deals without a current owner or an amount, contradictory events. */
  dataQuality?: RuleOptions & {
    /** An activity logged more than this many days after it happened is late (default 3). */
    lateDays?: number;
    /** Late activities one rep logs on one day that make a bulk (default 5). */
    minBulk?: number;
    /** The field of `activity.custom` holding when it was logged (default `'loggedAt'`). */
    loggedAtField?: string;
  };
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
  /**
   * Convert deal and payment amounts to this currency before the rules compare and add them (with `rates` and
   * `conversion`), and the current period's targets in another currency at the period's first day. Without it,
   * a dataset in several currencies is a `CURRENCY_MISMATCH`: amounts are never added across currencies.
   */
  reportingCurrency?: string;
  /** The exchange rates for `reportingCurrency` (from `rateTable`, or the rate list). */
  rates?: RateTable | readonly ExchangeRateInput[];
  /**
   * Which rate converts an amount: `'close-date'` (default; a deal's close date, `asOf` while open, a payment's
   * date), or any {@link ConversionPolicy}. Each amount is rounded half-even to the reporting currency's minor unit.
   */
  conversion?: 'close-date' | ConversionPolicy;
}

const severity = z.enum(WARNING_SEVERITIES);
const base = {
  enabled: z.boolean().optional(),
  severity: z
    .union([
      severity,
      z.partialRecord(z.enum(Object.keys(WARNING_CODES) as [WarningCode, ...WarningCode[]]), severity),
    ])
    .optional(),
};
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
    ...reportingCurrencyFields,
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
