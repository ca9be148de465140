import { DAY } from '../context';
import type { RuleImpl } from './shared';

/**
 * Stage regression: a move in the last `lookbackDays` to an open stage of lower order than the stage left
 * (including a closed deal reopened). One warning per move. @internal
 */
export const stageRegression: RuleImpl = {
  name: 'stageRegression',
  run(ctx) {
    const cfg = ctx.rule('stageRegression');
    const lookback = cfg.lookbackDays ?? 30;
    const since = ctx.asOfMs - lookback * DAY;
    const changes = ctx.data.stageChanges;
    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      const b = ctx.changeStart[i + 1]!;
      const info = ctx.pipelines.get(deals[i]!.pipelineId);
      if (!info) continue;
      for (let k = ctx.changeStart[i]!; k < b; k++) {
        const c = ctx.changeOrder[k]!;
        const t = ctx.changeAt[c]!;
        if (t <= since) continue;
        const ch = changes[c]!;
        if (t <= since || ch.fromStageId === null) continue;
        const from = info.stages.get(ch.fromStageId);
        const to = info.stages.get(ch.toStageId);
        if (!from || !to || to.kind !== 'open' || !(to.order < from.order)) continue;
        const date = ctx.dateText(t);
        ctx.emit('stageRegression', {
          code: 'STAGE_REGRESSION',
          subject: { ...ctx.dealSubject(i), stageId: to.id },
          episode: String(t),
          evidence: {
            metric: 'stage order after the move',
            value: to.order,
            comparison: '<',
            threshold: from.order,
            thresholdSource: 'default',
            thresholdNote: 'order of the stage left',
            details: { from: from.id, to: to.id, movedAt: new Date(t).toISOString(), lookbackDays: lookback },
          },
          params: { deal: deals[i]!.id, from: from.name, to: to.name, date },
        });
      }
    }
  },
};
