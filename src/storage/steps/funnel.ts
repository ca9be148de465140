import { findBottlenecks, type StageConversionResult, stageConversion } from '../../funnel/index';
import type { PeriodCloseStep } from '../period-close';
import type { ResultInput } from '../records';
import { collectDataset, conversionsSummary, cutoffDay, moduleCurrencyOptions } from './shared';

/**
 * The funnel of each pipeline for the period (`funnel-stage`, one per pipeline and stage row): entered,
 * moved on, lost, open, next-step and cumulative conversion (count and value), time in stage; judged
 * against the pipeline's whole history to the cutoff, with the worst bottleneck flagged on its stage.
 * A `funnel-summary` per pipeline carries deals, win rate, sales cycle and the bottlenecks found.
 * Rows count deals by their stage entries in the period (`mode: 'period'`), followed to the cutoff.
 * The run's `reportingCurrency`, `rates` and `conversion` are passed to `stageConversion`; each summary then
 * carries a bounded `conversions` account.
 *
 * @example
 * ```ts
 * import { funnelStep } from 'openspm';
 * funnelStep.writes; //=> ['funnel-stage', 'funnel-summary']
 * ```
 */
export const funnelStep: PeriodCloseStep = {
  name: 'funnel',
  reads: ['pipelines', 'deals', 'stageChanges'],
  writes: ['funnel-stage', 'funnel-summary'],
  async run(ctx) {
    const data = await collectDataset(ctx);
    const asOf = cutoffDay(ctx);
    const currency = moduleCurrencyOptions(ctx);
    const results: ResultInput[] = [];
    let judged = 0;
    let converted: { amounts: number; pipelines: number } | undefined;
    for (const pipeline of data.pipelines) {
      const deals = data.deals.filter((d) => d.pipelineId === pipeline.id);
      if (deals.length === 0) continue;
      const ids = new Set(deals.map((d) => d.id));
      const input = {
        pipeline,
        deals,
        stageChanges: (data.stageChanges ?? []).filter((c) => ids.has(c.dealId)),
      };
      const current: StageConversionResult = stageConversion(input, {
        asOf,
        mode: 'period',
        period: ctx.period,
        calendar: ctx.calendar,
        ...currency,
      });
      const baseline = stageConversion(input, { asOf, mode: 'period', calendar: ctx.calendar, ...currency });
      const found = findBottlenecks(current, { baseline });
      judged++;
      const report = current.overall;
      report.stages.forEach((row, index) => {
        const flagged = found.bottlenecks.filter((b) => b.stageId === row.id);
        results.push({
          kind: 'funnel-stage',
          key: `${ctx.period.key}|${pipeline.id}|${row.id}`,
          periodKey: ctx.period.key,
          subjectId: row.id,
          payload: {
            pipelineId: pipeline.id,
            pipelineName: pipeline.name,
            order: index,
            ...row,
            bottleneck: found.top?.stageId === row.id,
            bottlenecks: flagged,
          },
        });
      });
      results.push({
        kind: 'funnel-summary',
        key: `${ctx.period.key}|${pipeline.id}`,
        periodKey: ctx.period.key,
        subjectId: pipeline.id,
        payload: {
          pipelineId: pipeline.id,
          pipelineName: pipeline.name,
          asOf,
          definition: current.definition,
          deals: report.deals,
          values: report.values,
          winRate: report.winRate,
          salesCycle: report.salesCycle,
          averageDealSize: report.averageDealSize,
          top: found.top,
          bottlenecks: found.bottlenecks,
          notJudged: found.notJudged,
          minSample: found.minSample,
          baseline: 'the same pipeline over all its history up to the cutoff',
          ...(current.conversions ? { conversions: conversionsSummary(current.conversions) } : {}),
        },
      });
      if (current.conversions) {
        converted ??= { amounts: 0, pipelines: 0 };
        converted.amounts += current.conversions.count;
        converted.pipelines++;
      }
    }
    return {
      results,
      summary: {
        pipelines: judged,
        rows: results.length - judged,
        ...(currency.reportingCurrency === undefined
          ? {}
          : {
              conversions: {
                currency: currency.reportingCurrency,
                amounts: converted?.amounts ?? 0,
                note: 'deal values of the period converted; per pipeline and rate in each funnel-summary (conversions)',
              },
            }),
      },
    };
  },
};
