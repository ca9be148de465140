import { round } from '../stats';
import type { RuleImpl } from './shared';
import { targetProgress } from './targets';

/**
 * Coverage gap: open pipeline whose expected close date is in the current period, below `multiple` × the
 * remaining target (target − won to date). No warning once the target is reached. @internal
 */
export const coverageGap: RuleImpl = {
  name: 'coverageGap',
  run(ctx) {
    const cfg = ctx.rule('coverageGap');
    const progress = targetProgress(ctx, 'coverageGap');
    if (!progress) return;
    const multiple = cfg.multiple ?? 3;
    for (const p of progress) {
      const remaining = p.target - p.won;
      if (remaining <= 0) continue;
      const required = multiple * remaining;
      if (!(p.pipeline < required)) continue;
      const coverage = p.pipeline / remaining;
      ctx.emit('coverageGap', {
        code: 'COVERAGE_GAP',
        subject: { kind: p.kind, id: p.id, name: p.name, ...(p.kind === 'rep' ? { ownerId: p.id } : {}) },
        period: ctx.period,
        episode: '',
        evidence: {
          metric: 'pipeline coverage of the remaining target',
          value: round(coverage, 4),
          comparison: '<',
          threshold: multiple,
          thresholdSource: cfg.multiple === undefined ? 'default' : 'option',
          thresholdNote: `${multiple} × remaining target`,
          sampleSize: p.openDeals,
          details: {
            openPipeline: ctx.money(p.pipeline),
            openDeals: p.openDeals,
            target: ctx.money(p.target),
            wonToDate: ctx.money(p.won),
            remainingTarget: ctx.money(remaining),
            gap: ctx.money(Math.ceil(required - p.pipeline)),
          },
        },
        params: {
          name: p.name,
          period: ctx.period.key,
          pipeline: ctx.money(p.pipeline),
          coverage: round(coverage, 2).toFixed(2),
          remaining: ctx.money(remaining),
          threshold: multiple,
          gap: ctx.money(Math.ceil(required - p.pipeline)),
        },
      });
    }
  },
};
