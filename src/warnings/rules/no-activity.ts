import type { ThresholdSource } from '../types';
import { type RuleImpl, stageOverride } from './shared';

/**
 * Rotting (no activity): whole days since the deal was last touched — its last activity, or its move into the
 * current stage, whichever is later (a stage change counts as a touch, as in Pipedrive) — above the threshold.
 * @internal
 */
export const noActivity: RuleImpl = {
  name: 'noActivity',
  run(ctx) {
    const cfg = ctx.rule('noActivity');
    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      if (!ctx.openAt[i]) continue;
      const stageId = ctx.stageAt[i];
      if (!stageId) continue;
      const deal = deals[i]!;
      const stage = ctx.pipelines.get(deal.pipelineId)?.stages.get(stageId);
      let threshold = stageOverride(cfg.stages, deal.pipelineId, stageId);
      let source: ThresholdSource = 'option';
      if (threshold === undefined && stage?.rottingDays !== undefined) {
        threshold = stage.rottingDays;
        source = 'stage.rottingDays';
      }
      if (threshold === undefined) {
        threshold = cfg.defaultDays ?? 14;
        source = 'default';
      }
      const activity = ctx.lastActivity[i]!;
      const entered = ctx.enteredAt[i]!;
      const touched = Number.isNaN(activity) ? entered : Math.max(activity, entered);
      const days = ctx.daysSince(touched);
      if (!(days > threshold)) continue;
      ctx.emit('noActivity', {
        code: 'DEAL_ROTTING',
        subject: ctx.dealSubject(i),
        episode: String(touched),
        evidence: {
          metric: 'days without activity',
          value: days,
          comparison: '>',
          threshold,
          thresholdSource: source,
          thresholdNote:
            source === 'stage.rottingDays'
              ? "the stage's rottingDays"
              : source === 'option'
                ? 'configured for the stage'
                : 'defaultDays of the rule',
          details: {
            lastActivityAt: Number.isNaN(activity) ? null : new Date(activity).toISOString(),
            enteredStageAt: new Date(entered).toISOString(),
          },
        },
        params: { deal: deal.id, stage: ctx.stageName(deal.pipelineId, stageId), days, threshold },
      });
    }
  },
};
