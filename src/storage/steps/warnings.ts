import { inReportingCurrency } from '../../kpi/currency';
import type { CalendarPeriodKind } from '../../period/index';
import { type AnomalyTarget, detectAnomalies } from '../../warnings/index';
import type { PeriodCloseStep } from '../period-close';
import type { ResultInput } from '../records';
import { collectDataset, conversionsSummary, cutoffDay, moduleCurrencyOptions, StepMoney } from './shared';

/**
 * The anomaly warnings at the cutoff (`warning`, one per warning, keyed by its stable id): stalled
 * deals, overdue follow-ups, targets at risk and the other rules of `detectAnomalies`, each with its
 * severity, evidence and message in English and Chinese. The period's stored company, team and rep
 * `won-amount` targets feed the target rules. With a reporting currency, the dataset's deal and payment
 * amounts and the targets are converted first (as `scoreKpis` converts them): `detectAnomalies` takes one currency.
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
    const collected = await collectDataset(ctx);
    if (collected.deals.length === 0) return { results: [], summary: { warnings: 0 } };
    // detectAnomalies compares amounts in the dataset's one currency: with a reporting currency, deal and
    // payment amounts are converted first, as scoreKpis converts them (a deal at its close date, the
    // cutoff's day while open; a payment on its date), and targets at their period's first day.
    const { dataset, conversions } = inReportingCurrency(
      collected,
      moduleCurrencyOptions(ctx),
      cutoffDay(ctx),
      ctx.calendar.zone,
    );
    const conv = ctx.reportingCurrency === undefined ? undefined : new StepMoney(ctx);
    const targets: AnomalyTarget[] = (await ctx.collect('targets'))
      .filter((t) => t.period.key === ctx.period.key && t.metric === 'won-amount')
      .map((t) => ({
        subject: t.scope.type,
        ...(t.scope.id === undefined ? {} : { id: t.scope.id }),
        period: t.period.key,
        amount: conv
          ? conv.in(t.amount, t.period.start, `target "${t.id}" amount`, 'target', t.id)
          : t.amount,
      }));
    const targetConversions = conv?.summary();
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
      summary: {
        warnings: results.length,
        ...result.counts,
        notJudged: result.diagnostics.length,
        ...(conversions ? { conversions: conversionsSummary(conversions) } : {}),
        ...(targetConversions === undefined ? {} : { targetConversions }),
      },
    };
  },
};
