import { z } from 'zod';
import { type ConversionsUsed, type ConvertResult, convert } from '../currency/index';
import { ErrorCode, fromZodIssues, issue, OpenSpmError, type OpenSpmIssue, throwIssues } from '../errors';
import { inReportingCurrency } from '../kpi/currency';
import type { Dataset } from '../model/index';
import { Money } from '../money/index';
import { type Period, periodContaining, toCalendarDate } from '../period/index';
import { Context } from './context';
import { type DetectAnomaliesOptions, parseOptions, ruleEnabled } from './options';
import { amountDecreased } from './rules/amount-decreased';
import { churnRisk } from './rules/churn-risk';
import { closeDateOverdue } from './rules/close-date-overdue';
import { closeDateSlipped } from './rules/close-date-slipped';
import { conversionDrop } from './rules/conversion-drop';
import { coverageGap } from './rules/coverage-gap';
import { dataQuality } from './rules/data-quality';
import { followUpOverdue } from './rules/follow-up-overdue';
import { followUpTimeliness } from './rules/follow-up-timeliness';
import { hockeyStick } from './rules/hockey-stick';
import { noActivity } from './rules/no-activity';
import { pace } from './rules/pace';
import { performanceDecline } from './rules/performance-decline';
import type { RuleImpl } from './rules/shared';
import { stageRegression } from './rules/stage-regression';
import { stageSkipped } from './rules/stage-skipped';
import { stalledInStage } from './rules/stalled-in-stage';
import type { AnomalyWarning, WarningDiagnostic, WarningRule, WarningSeverity } from './types';

/** Every rule, in catalogue order. */
const RULES: readonly RuleImpl[] = [
  stalledInStage,
  noActivity,
  followUpOverdue,
  followUpTimeliness,
  closeDateOverdue,
  closeDateSlipped,
  amountDecreased,
  stageRegression,
  stageSkipped,
  conversionDrop,
  performanceDecline,
  pace,
  coverageGap,
  hockeyStick,
  churnRisk,
  dataQuality,
];

/**
 * What {@link detectAnomalies} returns: the warnings (most severe first), the diagnostics (what was not judged and
 * why), the count per severity, the rules that ran, the `asOf` and the current period.
 *
 * @example
 * ```ts
 * import { detectAnomalies, type DetectAnomaliesResult } from 'openspm';
 * const result: DetectAnomaliesResult = detectAnomalies({ pipelines: [], deals: [] }, { asOf: '2024-12-31' });
 * result.warnings; //=> []
 * result.period.key; //=> 'FY2024-Q4'
 * ```
 */
export interface DetectAnomaliesResult {
  /** The moment judged, ISO 8601. */
  readonly asOf: string;
  /** The current period of `periodKind` (targets, pace, coverage). */
  readonly period: Period;
  /** The warnings, sorted by severity (critical first), code, subject id and id. */
  readonly warnings: readonly AnomalyWarning[];
  /** What the rules looked at and did not judge, and why (samples too small, inputs missing). */
  readonly diagnostics: readonly WarningDiagnostic[];
  /** The number of warnings per severity. */
  readonly counts: Readonly<Record<WarningSeverity, number>>;
  /** The rules that ran. */
  readonly rules: readonly WarningRule[];
  /**
   * With `reportingCurrency`: every deal and payment amount converted before the rules ran, with the rate used,
   * and per rate a count and totals. `null` without a reporting currency (everything was in one currency).
   */
  readonly conversions: ConversionsUsed | null;
  /** With `reportingCurrency`: each target of the current period given in another currency, and its conversion. */
  readonly targetConversions: readonly AnomalyTargetConversion[];
}

/**
 * A target converted into the reporting currency at the first day of its period.
 *
 * @example
 * ```ts
 * import type { AnomalyTargetConversion } from 'openspm';
 * const show = (t: AnomalyTargetConversion) => `${t.subject} ${t.id ?? ''}: ${t.conversion.text}`;
 * ```
 */
export interface AnomalyTargetConversion {
  /** Whose target. */
  readonly subject: 'rep' | 'team' | 'company';
  /** The rep or team id; absent for the company. */
  readonly id?: string;
  /** The target's period key. */
  readonly period: string;
  /** The conversion: original, rate, exact product, rounded amount and its sentence. */
  readonly conversion: ConvertResult;
}

const RANK: Record<WarningSeverity, number> = { critical: 0, warning: 1, info: 2 };

const list = z.custom<unknown[]>(Array.isArray, 'expected a list (pass the result of validateDataset)');
const ShapeSchema = z.object({
  pipelines: z.array(z.object({ id: z.string(), stages: z.array(z.object({ id: z.string() })) })),
  deals: list,
  stageChanges: list.optional(),
  activities: list.optional(),
  reps: list.optional(),
  teams: list.optional(),
  accounts: list.optional(),
  payments: list.optional(),
});

/** Checks that deals are in the parsed form (dates as Date, amounts as Money) without parsing every record again. */
function checkParsed(dataset: Dataset): OpenSpmIssue[] {
  const issues: OpenSpmIssue[] = [];
  const bad = (name: string, i: number, field: string) =>
    issues.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['dataset', name, i, field],
        `expected a parsed record with ${field} as a Date; pass the dataset through validateDataset first`,
      ),
    );
  // One loop per collection with a fixed property, so each stays monomorphic over millions of rows.
  const deals = dataset.deals as readonly (Partial<Dataset['deals'][number]> | null)[];
  for (let i = 0; i < deals.length && issues.length < 12; i++)
    if (!(deals[i]?.createdAt instanceof Date)) bad('deals', i, 'createdAt');
  for (let i = 0; i < dataset.deals.length && issues.length < 12; i++) {
    if (!Money.isMoney(dataset.deals[i]?.amount))
      issues.push(
        issue(ErrorCode.INVALID_INPUT, ['dataset', 'deals', i, 'amount'], 'expected a parsed Money amount'),
      );
  }
  return issues;
}

/**
 * Runs the warning rules over a dataset at `asOf` and returns what a CRM can show, send or store: stalled and
 * rotting deals, overdue follow-ups and low follow-up timeliness, overdue and slipped close dates, decreased
 * amounts, stage regressions and skips, conversion drops, performance dips and spikes, pace and coverage against
 * targets, hockey-stick periods, churn risks and data-quality problems. See docs/warnings.md for each rule's
 * statistic, default and options.
 *
 * The dataset is the parsed form (from `validateDataset` or `DatasetSchema`; lists other than pipelines and deals may
 * be left out); its shape is checked, not each record again, so million-row datasets are not parsed twice. Events after `asOf` are ignored and each deal's stage is
 * taken at `asOf` from its history, so a past `asOf` replays what the warnings were then. Same data and options,
 * same warnings, same ids, whatever the order of the input rows.
 *
 * @param dataset - a parsed dataset.
 * @param options - `asOf` and the rules' options; see {@link DetectAnomaliesOptions}.
 * @throws OpenSpmError `INVALID_INPUT` for bad options (every issue listed) or a dataset that is not parsed.
 * @example
 * ```ts
 * import { detectAnomalies, validateDataset } from 'openspm';
 * const data = validateDataset({
 *   pipelines: [{ id: 'p1', name: 'New business', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open', slaDays: 7 },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' },
 *   ] }],
 *   deals: [{ id: 'D-1', pipelineId: 'p1', ownerId: 'u1', stageId: 'lead',
 *     amount: { amount: '50000', currency: 'CNY' }, createdAt: '2024-06-01', expectedCloseDate: '2024-06-20' }],
 * });
 * const result = detectAnomalies(data, { asOf: '2024-06-30', rules: { stalledInStage: { threshold: 'configured' } } });
 * result.warnings.map((w) => w.code);
 * //=> ['CLOSE_DATE_OVERDUE', 'DEAL_ROTTING', 'STALLED_IN_STAGE']
 * const stalled = result.warnings[2];
 * stalled.evidence.value; //=> 29
 * stalled.evidence.thresholdSource; //=> 'stage.slaDays'
 * stalled.message['zh-CN'];
 * //=> '商机 D-1 在「Lead」阶段已停留 29 天，超过阈值 7 天（阶段 SLA 天数）'
 * ```
 */
export function detectAnomalies(
  dataset: Pick<Dataset, 'pipelines' | 'deals'> & Partial<Dataset>,
  options: DetectAnomaliesOptions,
): DetectAnomaliesResult {
  const opts = parseOptions(options);
  const shape = ShapeSchema.safeParse(dataset);
  if (!shape.success) {
    throwIssues(
      ErrorCode.INVALID_INPUT,
      'Invalid dataset for detectAnomalies (pass the result of validateDataset)',
      fromZodIssues(shape.error.issues, ['dataset']),
    );
  }
  const data: Dataset = {
    ...dataset,
    stageChanges: dataset.stageChanges ?? [],
    activities: dataset.activities ?? [],
    reps: dataset.reps ?? [],
    teams: dataset.teams ?? [],
    accounts: dataset.accounts ?? [],
    payments: dataset.payments ?? [],
  };
  const problems = checkParsed(data);
  if (problems.length > 0)
    throwIssues(ErrorCode.INVALID_INPUT, 'Invalid dataset for detectAnomalies', problems);
  // The rules add and compare amounts in one currency: convert first, or refuse a mix.
  const calendar = opts.calendar as Parameters<typeof periodContaining>[2];
  const zone = (calendar as { zone?: string } | undefined)?.zone ?? 'UTC';
  const { dataset: reported, conversions } = inReportingCurrency(
    data,
    opts,
    toCalendarDate(opts.asOf, zone),
    zone,
  );
  const targetConversions: AnomalyTargetConversion[] = [];
  let ruleOptions = opts;
  const target = opts.reportingCurrency;
  if (target !== undefined && opts.targets?.some((t) => t.amount.currency !== target)) {
    const current = periodContaining(opts.periodKind ?? 'quarter', opts.asOf, calendar);
    const targets = opts.targets.map((t, i) => {
      if (t.amount.currency === target || t.period !== current.key) return t;
      let conversion: ConvertResult;
      try {
        conversion = convert(t.amount, target, {
          rates: opts.rates ?? [],
          // as for deals: a given policy converts every amount; 'close-date' means the period's first day here
          policy:
            opts.conversion === undefined || opts.conversion === 'close-date'
              ? { kind: 'on-date', date: current.start }
              : opts.conversion,
          rounding: 'half-even',
        });
      } catch (error) {
        if (error instanceof OpenSpmError) {
          throw new OpenSpmError(error.code, `options.targets[${i}].amount: ${error.message}`, {
            path: ['options', 'targets', i, 'amount'],
            cause: error,
          });
        }
        throw error;
      }
      targetConversions.push({
        subject: t.subject,
        ...(t.id === undefined ? {} : { id: t.id }),
        period: t.period,
        conversion,
      });
      return { ...t, amount: conversion.amount };
    });
    ruleOptions = { ...opts, targets };
  }
  const ctx = new Context(reported, ruleOptions);
  // Stage changes and activities are checked as the context indexes them (one pass over millions of rows).
  if (ctx.problems.length > 0)
    throwIssues(ErrorCode.INVALID_INPUT, 'Invalid dataset for detectAnomalies', ctx.problems);
  const ran: WarningRule[] = [];
  for (const rule of RULES) {
    if (!ruleEnabled(opts.rules, rule.name)) continue;
    ran.push(rule.name);
    rule.run(ctx);
  }
  const warnings = ctx.warnings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.subject.id, b.subject.id) ||
      cmp(a.id, b.id),
  );
  const diagnostics = ctx.diagnostics.sort(
    (a, b) => cmp(a.rule, b.rule) || cmp(a.subject, b.subject) || cmp(a.message, b.message),
  );
  const counts: Record<WarningSeverity, number> = { critical: 0, warning: 0, info: 0 };
  for (const w of warnings) counts[w.severity]++;
  return {
    asOf: opts.asOf.toISOString(),
    period: ctx.period,
    warnings,
    diagnostics,
    counts,
    rules: ran,
    conversions,
    targetConversions,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
