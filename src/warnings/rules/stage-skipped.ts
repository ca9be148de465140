import { DAY } from '../context';
import type { RuleImpl } from './shared';

/**
 * Stage skipped: a forward move in the last `lookbackDays` over at least `minSkipped` open stages (to a later
 * open stage, or to won before the last open stage). A deal entering the pipeline past its first open stage
 * counts only with `includeEntry`. Moves to lost never count. @internal
 */
export const stageSkipped: RuleImpl = {
  name: 'stageSkipped',
  run(ctx) {
    const cfg = ctx.rule('stageSkipped');
    const lookback = cfg.lookbackDays ?? 30;
    const minSkipped = cfg.minSkipped ?? 1;
    const includeEntry = cfg.includeEntry ?? false;
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
        if (t <= since) continue;
        if (ch.fromStageId === null && !includeEntry) continue;
        const from = ch.fromStageId === null ? null : info.stages.get(ch.fromStageId);
        const to = info.stages.get(ch.toStageId);
        if (from === undefined || !to || to.kind === 'lost') continue;
        if (from && from.kind !== 'open') continue;
        const lowest = from ? from.order : Number.NEGATIVE_INFINITY;
        const between = (s: { order: number }) =>
          s.order > lowest && (to.kind === 'won' || s.order < to.order);
        let count = 0;
        for (const s of info.open) if (between(s)) count++;
        if (!(count >= minSkipped)) continue;
        const skipped = info.open.filter(between);
        const date = ctx.dateText(t);
        ctx.emit('stageSkipped', {
          code: 'STAGE_SKIPPED',
          subject: { ...ctx.dealSubject(i), stageId: to.id },
          episode: String(t),
          evidence: {
            metric: 'open stages skipped',
            value: skipped.length,
            comparison: '>=',
            threshold: minSkipped,
            thresholdSource: cfg.minSkipped === undefined ? 'default' : 'option',
            thresholdNote: 'minSkipped of the rule',
            details: {
              from: from ? from.id : null,
              to: to.id,
              skipped: skipped.map((s) => s.id).join(', '),
              movedAt: new Date(t).toISOString(),
            },
          },
          params: {
            deal: deals[i]!.id,
            from: from ? from.name : '-',
            to: to.name,
            date,
            skipped: skipped.length,
            names: skipped.map((s) => s.name).join(', '),
          },
        });
      }
    }
  },
};
