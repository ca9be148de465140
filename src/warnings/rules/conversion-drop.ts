import { dayNumber, type Period, periodContaining, previousPeriod } from '../../period/index';
import { normalQuantile, pct, round, twoProportionLower, wilson } from '../stats';
import type { RuleImpl } from './shared';

/**
 * Exits from each open stage and how many moved forward (to a later open stage or to won), in the current window
 * and in the baseline window, by `pipeline/stage`. Counting exits rather than entries judges only deals whose
 * outcome at the stage is known. Belongs in the funnel module (stage conversion counts) once it lands.
 */
function exitCounts(
  ctx: Parameters<RuleImpl['run']>[0],
  curStart: number,
  baseStart: number,
): Map<string, [curExits: number, curMoved: number, baseExits: number, baseMoved: number]> {
  const out = new Map<string, [number, number, number, number]>();
  // Nested maps, so no key text is built per change.
  const byPipeline = new Map<string, Map<string, [number, number, number, number]>>();
  const changes = ctx.data.stageChanges;
  const deals = ctx.data.deals;
  for (let i = 0; i < deals.length; i++) {
    const a = ctx.changeStart[i]!;
    const b = ctx.changeStart[i + 1]!;
    if (a === b) continue;
    const deal = deals[i]!;
    const info = ctx.pipelines.get(deal.pipelineId);
    if (!info) continue;
    for (let k = a; k < b; k++) {
      const index = ctx.changeOrder[k]!;
      const day = ctx.dayOf(ctx.changeAt[index]!);
      if (day < baseStart) continue;
      const ch = changes[index]!;
      if (ch.fromStageId === null) continue;
      const from = info.stages.get(ch.fromStageId);
      const to = info.stages.get(ch.toStageId);
      if (!from || !to || from.kind !== 'open') continue;
      const moved = to.kind === 'won' || (to.kind === 'open' && to.order > from.order) ? 1 : 0;
      let byStage = byPipeline.get(deal.pipelineId);
      if (!byStage) {
        byStage = new Map();
        byPipeline.set(deal.pipelineId, byStage);
      }
      let c = byStage.get(from.id);
      if (!c) {
        c = [0, 0, 0, 0];
        byStage.set(from.id, c);
        out.set(`${deal.pipelineId}/${from.id}`, c);
      }
      if (day >= curStart) {
        c[0]++;
        c[1] += moved;
      } else {
        c[2]++;
        c[3] += moved;
      }
    }
  }
  return out;
}

/**
 * Conversion drop: per open stage, the share of exits that moved forward in the current period (to asOf) against
 * the `baselinePeriods` before it, by a one-sided two-proportion z-test at `confidence`; Wilson intervals reported.
 * @internal
 */
export const conversionDrop: RuleImpl = {
  name: 'conversionDrop',
  run(ctx) {
    const cfg = ctx.rule('conversionDrop');
    const kind = cfg.periodKind ?? 'month';
    const baselinePeriods = cfg.baselinePeriods ?? 3;
    const confidence = cfg.confidence ?? 0.95;
    const minSample = cfg.minSample ?? 20;
    const minDrop = cfg.minDrop ?? 0;
    const alpha = 1 - confidence;
    const z = normalQuantile(1 - alpha / 2);
    const current: Period = periodContaining(kind, ctx.options.asOf, ctx.calendar);
    let first = current;
    for (let k = 0; k < baselinePeriods; k++) first = previousPeriod(first, ctx.calendar);
    const curStart = dayNumber(current.start);
    const counts = exitCounts(ctx, curStart, dayNumber(first.start));
    const baseline = `${first.start}..${current.start}`;
    for (const info of ctx.pipelines.values()) {
      for (const stage of info.open) {
        const key = `${info.pipeline.id}/${stage.id}`;
        const [n1, x1, n2, x2] = counts.get(key) ?? [0, 0, 0, 0];
        if (n1 < minSample || n2 < minSample) {
          ctx.note(
            'conversionDrop',
            'SAMPLE_TOO_SMALL',
            key,
            `"${stage.name}": ${n1} exits in ${current.key} and ${n2} in the baseline ${baseline}; at least ${minSample} needed on each side, not tested`,
            { sampleSize: Math.min(n1, n2), minSample },
          );
          continue;
        }
        const test = twoProportionLower(x1, n1, x2, n2);
        if (!test) {
          ctx.note(
            'conversionDrop',
            'NOT_APPLICABLE',
            key,
            `"${stage.name}": every exit ${x1 + x2 === 0 ? 'was lost' : 'moved forward'} in both windows; the test is not defined`,
          );
          continue;
        }
        const r1 = x1 / n1;
        const r2 = x2 / n2;
        if (!(test.pValue < alpha && r2 - r1 >= minDrop && r1 < r2)) continue;
        const w1 = wilson(x1, n1, z)!;
        const w2 = wilson(x2, n2, z)!;
        ctx.emit('conversionDrop', {
          code: 'CONVERSION_DROP',
          subject: {
            kind: 'stage',
            id: key,
            name: stage.name,
            pipelineId: info.pipeline.id,
            stageId: stage.id,
          },
          period: current,
          episode: '',
          evidence: {
            metric: 'p-value of the drop (one-sided two-proportion z-test)',
            value: round(test.pValue, 6),
            comparison: '<',
            threshold: round(alpha, 6),
            thresholdSource: cfg.confidence === undefined ? 'default' : 'option',
            thresholdNote: `1 − confidence ${confidence}`,
            sampleSize: n1 + n2,
            details: {
              exits: n1,
              movedForward: x1,
              rate: round(r1),
              rateLow: round(w1[0]),
              rateHigh: round(w1[1]),
              baselineExits: n2,
              baselineMovedForward: x2,
              baselineRate: round(r2),
              baselineLow: round(w2[0]),
              baselineHigh: round(w2[1]),
              baseline,
              z: round(test.z),
              confidence,
            },
          },
          params: {
            stage: stage.name,
            rate: pct(r1),
            moved: x1,
            exits: n1,
            period: current.key,
            baseline: pct(r2),
            p: test.pValue < 0.0001 ? '< 0.0001' : round(test.pValue).toString(),
          },
        });
      }
    }
  },
};
