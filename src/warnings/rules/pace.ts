import { dayNumber } from '../../period/index';
import { pct, round } from '../stats';
import type { RuleImpl } from './shared';
import { targetProgress } from './targets';

/**
 * Pace: won to date, projected to the period end at the current run rate (won × period days ÷ elapsed days),
 * below `tolerance` × target. Judged once at least `minElapsed` of the period has passed. @internal
 */
export const pace: RuleImpl = {
  name: 'pace',
  run(ctx) {
    const cfg = ctx.rule('pace');
    const progress = targetProgress(ctx, 'pace');
    if (!progress) return;
    const tolerance = cfg.tolerance ?? 1;
    const minElapsed = cfg.minElapsed ?? 0.2;
    const start = dayNumber(ctx.period.start);
    const total = dayNumber(ctx.period.end) - start;
    const elapsed = Math.min(total, ctx.dayOf(ctx.asOfMs) - start + 1); // asOf's day counts as elapsed
    if (elapsed / total < minElapsed) {
      ctx.note(
        'pace',
        'SAMPLE_TOO_SMALL',
        '*',
        `${elapsed} of ${total} days of ${ctx.period.key} elapsed, less than minElapsed ${minElapsed}: too early to project`,
        { sampleSize: elapsed, minSample: Math.ceil(minElapsed * total) },
      );
      return;
    }
    for (const p of progress) {
      if (p.target <= 0) continue;
      const projected = Math.round((p.won * total) / elapsed);
      const needed = tolerance * p.target;
      if (!(projected < needed)) continue;
      const remainingDays = total - elapsed;
      const gap = Math.max(0, p.target - p.won);
      // Per day left, counting today when the period ends today.
      const perDay = Math.ceil(gap / Math.max(1, remainingDays));
      ctx.emit('pace', {
        code: 'PACE_BEHIND',
        subject: { kind: p.kind, id: p.id, name: p.name, ...(p.kind === 'rep' ? { ownerId: p.id } : {}) },
        period: ctx.period,
        episode: '',
        evidence: {
          metric: 'won amount projected to the period end',
          value: ctx.money(projected),
          comparison: '<',
          threshold: ctx.money(Math.round(needed)),
          thresholdSource: 'target',
          thresholdNote: `${tolerance} × target ${ctx.money(p.target)} for ${ctx.period.key}`,
          sampleSize: p.wonDeals,
          details: {
            wonToDate: ctx.money(p.won),
            target: ctx.money(p.target),
            attainment: round(p.won / p.target),
            projectedAttainment: round(projected / p.target),
            elapsedDays: elapsed,
            periodDays: total,
            neededPerDay: ctx.money(perDay),
          },
        },
        params: {
          name: p.name,
          won: ctx.money(p.won),
          target: ctx.money(p.target),
          period: ctx.period.key,
          projected: ctx.money(projected),
          attainment: pct(projected / p.target),
          needed: ctx.money(perDay),
        },
      });
    }
  },
};
