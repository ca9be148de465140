import { z } from 'zod';
import { type ConversionPolicy, type ExchangeRateInput, type RateTable, rateTable } from '../currency/index';
import { ErrorCode, parseOrThrow } from '../errors';
import type { Deal } from '../model/index';
import { CurrencyCodeSchema, IdSchema } from '../model/index';
import {
  CalendarDateSchema,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fiscalCalendar,
  type Period,
  PeriodSchema,
} from '../period/index';

/**
 * How a funnel chooses its deals: `'cohort'` follows the deals that entered the first stage (or
 * `cohortStage`) in the period to `asOf`; `'period'` counts, at each stage, the deals that entered that stage
 * in the period (HubSpot's "date entered stage" reports, Sightfull's period view), also followed to `asOf`.
 *
 * @example
 * ```ts
 * import type { FunnelMode } from 'openspm';
 * const mode: FunnelMode = 'cohort';
 * ```
 */
export type FunnelMode = 'cohort' | 'period';

/**
 * What a deal that jumps over a stage counts as: `'strict'` (it leaves the funnel at the last stage it reached
 * in order), `'impute'` (it is counted as having passed through the skipped stages; moving to a lost stage
 * never imputes anything) or `'progression'` (a stage counts only where the deal really was, and reaching any
 * later stage counts as moving on).
 *
 * @example
 * ```ts
 * import type { SkippedStagePolicy } from 'openspm';
 * const policy: SkippedStagePolicy = 'impute';
 * ```
 */
export type SkippedStagePolicy = 'strict' | 'impute' | 'progression';

/**
 * Which stay counts as a deal's time in a stage it entered more than once: the `'first'` stay, the `'last'`
 * one, or the `'cumulative'` time over all stays.
 *
 * @example
 * ```ts
 * import type { ReentryPolicy } from 'openspm';
 * const reentry: ReentryPolicy = 'cumulative';
 * ```
 */
export type ReentryPolicy = 'first' | 'last' | 'cumulative';

/**
 * What a closed deal that is moved back to an open stage does: `'continue'` its old journey (the close is
 * undone and counted in `dataQuality.reopened`), or start a `'new-entry'` (the old journey keeps its outcome,
 * and the reopened deal enters the funnel again as a new journey).
 *
 * @example
 * ```ts
 * import type { ReopenPolicy } from 'openspm';
 * const reopened: ReopenPolicy = 'new-entry';
 * ```
 */
export type ReopenPolicy = 'continue' | 'new-entry';

/**
 * Built-in grouping keys: the deal's `ownerId`, `teamId`, `pipelineId`, `source` or `product`.
 *
 * @example
 * ```ts
 * import type { FunnelGroupKey } from 'openspm';
 * const by: FunnelGroupKey = 'team';
 * ```
 */
export type FunnelGroupKey = 'owner' | 'team' | 'pipeline' | 'source' | 'product';

/**
 * Options for {@link stageConversion} (and {@link aggregateFunnel}, {@link winRate}, {@link salesCycle},
 * {@link salesVelocity}). Only `asOf` is required; every other definition has a default, and the result's
 * `definition` states what was used.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, type StageConversionOptions } from 'openspm';
 * const options: StageConversionOptions = {
 *   asOf: '2024-12-31',
 *   period: parsePeriodKey('FY2024-Q3'),
 *   mode: 'cohort',
 *   skippedStages: 'impute',
 *   groupBy: 'team',
 * };
 * ```
 */
export interface StageConversionOptions {
  /** The day the analysis is run for (`'YYYY-MM-DD'`, included): later stage changes are ignored. Required. */
  asOf: string;
  /** Only deals that entered (see `mode`) in this period; default: all time up to `asOf`. */
  period?: Period;
  /** `'cohort'` (default) or `'period'`; see {@link FunnelMode}. */
  mode?: FunnelMode;
  /** The stage whose entry defines the cohort and the first row of the funnel; default the first open stage. */
  cohortStage?: string | number;
  /** Skipped-stage policy; default `'impute'`. See {@link SkippedStagePolicy}. */
  skippedStages?: SkippedStagePolicy;
  /** Which stay is a re-entered stage's time in stage; default `'first'`. See {@link ReentryPolicy}. */
  reentry?: ReentryPolicy;
  /** What a reopened deal does; default `'continue'`. See {@link ReopenPolicy}. */
  reopened?: ReopenPolicy;
  /** The headline basis, `'count'` (default) or `'value'` (deal amounts); both are always reported. */
  basis?: 'count' | 'value';
  /** Durations in `'calendar'` days (default) or `'working'` days of `calendar`. */
  days?: 'calendar' | 'working';
  /** The calendar: its time zone places instants on days, its holidays and weekend count working days. Default UTC, Saturday and Sunday off. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Also report per group: a built-in key or a function of the deal returning the group's name. Needs `deals`. */
  groupBy?: FunnelGroupKey | ((deal: Deal) => string);
  /** Also measure the sales cycle from the first entry into this stage to won (`salesCycle.fromStage`). */
  cycleFromStage?: string | number;
  /** A deal without any stage change: `'current-stage'` (default) infers it entered at creation (and closed at `closedAt`); `'exclude'` leaves it out. */
  noHistory?: 'current-stage' | 'exclude';
  /**
   * Convert deal values in other currencies to this one (with `rates` and `conversion`); without it, deals in
   * different currencies are a `CURRENCY_MISMATCH` error. Each converted amount is rounded half-even to the
   * reporting currency's minor unit; `definition.conversion` states the rule.
   */
  reportingCurrency?: string;
  /** The exchange rates for `reportingCurrency` (from `rateTable`, or the rate list). */
  rates?: RateTable | readonly ExchangeRateInput[];
  /**
   * Which rate converts a deal: `'close-date'` (default; the rate on the day the deal closed, or on `asOf` while
   * open), `'created-date'`, or any {@link ConversionPolicy} (a period average, fixed plan rates).
   */
  conversion?: 'close-date' | 'created-date' | ConversionPolicy;
  /**
   * With `reportingCurrency`: the rates used are always listed with their counts and totals
   * (`conversions.byRate`, a few rows per currency and day); `'per-deal'` also lists every converted deal
   * value with its rate (`conversions.amounts`; memory grows with the number of foreign-currency deals).
   * Default `'summary'`.
   */
  conversionDetail?: 'summary' | 'per-deal';
}

const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
  z.enum(values, {
    error: (iss) =>
      `expected one of ${values.map((v) => `"${v}"`).join(', ')}, got ${JSON.stringify(iss.input) ?? 'nothing'}`,
  });

const OptionsSchema = z.strictObject(
  {
    asOf: CalendarDateSchema,
    period: PeriodSchema.optional(),
    mode: oneOf(['cohort', 'period']).default('cohort'),
    cohortStage: IdSchema.optional(),
    skippedStages: oneOf(['strict', 'impute', 'progression']).default('impute'),
    reentry: oneOf(['first', 'last', 'cumulative']).default('first'),
    reopened: oneOf(['continue', 'new-entry']).default('continue'),
    basis: oneOf(['count', 'value']).default('count'),
    days: oneOf(['calendar', 'working']).default('calendar'),
    calendar: z
      .custom<FiscalCalendar | FiscalCalendarOptions>(
        (v) => typeof v === 'object' && v !== null,
        'expected a calendar from fiscalCalendar() or calendar options such as { zone: "Asia/Shanghai" }',
      )
      .optional(),
    groupBy: z
      .union([
        oneOf(['owner', 'team', 'pipeline', 'source', 'product']),
        z.custom<(deal: Deal) => string>((v) => typeof v === 'function'),
      ])
      .optional(),
    cycleFromStage: IdSchema.optional(),
    noHistory: oneOf(['current-stage', 'exclude']).default('current-stage'),
    reportingCurrency: CurrencyCodeSchema.optional(),
    rates: z
      .custom<RateTable | readonly ExchangeRateInput[]>((v) => typeof v === 'object' && v !== null)
      .optional(),
    conversion: z
      .union([
        oneOf(['close-date', 'created-date']),
        z.custom<ConversionPolicy>((v) => typeof v === 'object' && v !== null),
      ])
      .optional(),
    conversionDetail: oneOf(['summary', 'per-deal']).default('summary'),
  },
  { error: () => 'expected options such as { asOf: "2024-12-31" }' },
);

/** Options after validation and defaults. @internal */
export interface ResolvedOptions {
  asOf: string;
  period: Period | undefined;
  mode: FunnelMode;
  cohortStage: string | undefined;
  skippedStages: SkippedStagePolicy;
  reentry: ReentryPolicy;
  reopened: ReopenPolicy;
  basis: 'count' | 'value';
  days: 'calendar' | 'working';
  calendar: FiscalCalendar;
  groupBy: FunnelGroupKey | ((deal: Deal) => string) | undefined;
  cycleFromStage: string | undefined;
  noHistory: 'current-stage' | 'exclude';
  conversion:
    | {
        reportingCurrency: string;
        rates: RateTable;
        policy: 'close-date' | 'created-date' | ConversionPolicy;
        perDeal: boolean;
      }
    | undefined;
}

/** @internal */
export function resolveOptions(options: unknown): ResolvedOptions {
  const o = parseOrThrow(OptionsSchema, options, 'funnel options', [], ErrorCode.INVALID_INPUT);
  const calendar = fiscalCalendar((o.calendar ?? {}) as FiscalCalendarOptions);
  return {
    asOf: o.asOf,
    period: o.period,
    mode: o.mode,
    cohortStage: o.cohortStage,
    skippedStages: o.skippedStages,
    reentry: o.reentry,
    reopened: o.reopened,
    basis: o.basis,
    days: o.days,
    calendar,
    groupBy: o.groupBy,
    cycleFromStage: o.cycleFromStage,
    noHistory: o.noHistory,
    conversion:
      o.reportingCurrency === undefined
        ? undefined
        : {
            reportingCurrency: o.reportingCurrency,
            rates: rateTable(o.rates ?? []),
            policy: o.conversion ?? 'close-date',
            perDeal: o.conversionDetail === 'per-deal',
          },
  };
}
