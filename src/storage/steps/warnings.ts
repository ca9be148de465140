import type { CalendarPeriodKind } from '../../period/index';
import { type AnomalyTarget, detectAnomalies } from '../../warnings/index';
import type { PeriodCloseStep } from '../period-close';
import type { ResultInput } from '../records';
import { collectDataset } from './shared';

/**
 * The anomaly warnings at the cutoff (`warning`, one per warning, keyed by its stable id): stalled
 * deals, overdue follow-ups, targets at risk and the other rules of `detectAnomalies`, each with its
 * severity, evidence and message in English and Chinese. The period's stored company, team and rep
 * `won-amount` targets feed the target rules.
 *
 * @example
 * ```ts
 * import { warningStep } from 'openspm';
 * warningStep.writes; //=> ['warning']
 * ```
 */
export const warningStep: PeriodCloseStep = {
  name: 'warnings',
  reads: [
    'pipelines',
    'deals',
    'stageChanges',
    'activities',
    'payments',
    'accounts',
    'reps',
    'teams',
    'targets',
  ],
  writes: ['warning'],
  async run(ctx) {
    const dataset = await collectDataset(ctx);
    if (dataset.deals.length === 0) return { results: [], summary: { warnings: 0 } };
    const targets: AnomalyTarget[] = (await ctx.collect('targets'))
      .filter((t) => t.period.key === ctx.period.key && t.metric === 'won-amount')
      .map((t) => ({
        subject: t.scope.type,
        ...(t.scope.id === undefined ? {} : { id: t.scope.id }),
        period: t.period.key,
        amount: t.amount,
      }));
    const kind = ctx.period.kind;
    const periodKind: CalendarPeriodKind = kind === 'custom' || kind === 'day' ? 'month' : kind;
    const result = detectAnomalies(dataset, {
      asOf: ctx.cutoff,
      calendar: ctx.calendar,
      periodKind,
      ...(targets.length > 0 ? { targets } : {}),
    });
    const results: ResultInput[] = result.warnings.map((w) => ({
      kind: 'warning',
      key: `${ctx.period.key}|${w.id}`,
      periodKey: ctx.period.key,
      subjectId: w.subject.id ?? undefined,
      payload: { ...w },
    }));
    return {
      results,
      summary: { warnings: results.length, ...result.counts, notJudged: result.diagnostics.length },
    };
  },
};
