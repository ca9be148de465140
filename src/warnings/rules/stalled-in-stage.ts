import type { Context } from '../context';
import { DAY } from '../context';
import { DayHistogram } from '../stats';
import type { ThresholdSource } from '../types';
import { type RuleImpl, stageOverride } from './shared';

interface Resolved {
  days: number;
  source: ThresholdSource;
  note: string;
  noteZh: string;
  sampleSize?: number;
}

/**
 * Whole days each completed visit of an open stage lasted, for deals won at asOf, by `pipeline/stage`. A visit
 * ends at the deal's next change; a history that starts with a move out of a stage counts the time from creation.
 * Belongs in the funnel module (time in stage) once it lands.
 */
function wonDwellHistograms(ctx: Context): Map<string, DayHistogram> {
  const out = new Map<string, DayHistogram>();
  const byPipeline = new Map<string, Map<string, DayHistogram>>();
  const changes = ctx.data.stageChanges;
  const deals = ctx.data.deals;
  for (let i = 0; i < deals.length; i++) {
    const a = ctx.changeStart[i]!;
    const b = ctx.changeStart[i + 1]!;
    if (b === a) continue;
    const deal = deals[i]!;
    const info = ctx.pipelines.get(deal.pipelineId);
    const stage = ctx.stageAt[i];
    if (!info || !stage || info.stages.get(stage)?.kind !== 'won') continue;
    let hists = byPipeline.get(deal.pipelineId);
    if (!hists) {
      hists = new Map();
      byPipeline.set(deal.pipelineId, hists);
    }
    const byStage = hists;
    const add = (stageId: string, from: number, to: number) => {
      if (info.stages.get(stageId)?.kind !== 'open') return;
      let h = byStage.get(stageId);
      if (!h) {
        h = new DayHistogram();
        byStage.set(stageId, h);
        out.set(`${deal.pipelineId}/${stageId}`, h);
      }
      h.add(Math.floor((to - from) / DAY));
    };
    const first = changes[ctx.changeOrder[a]!]!;
    if (first.fromStageId !== null)
      add(first.fromStageId, deal.createdAt.getTime(), ctx.changeAt[ctx.changeOrder[a]!]!);
    for (let k = a; k < b - 1; k++) {
      const c = ctx.changeOrder[k]!;
      add(changes[c]!.toStageId, ctx.changeAt[c]!, ctx.changeAt[ctx.changeOrder[k + 1]!]!);
    }
  }
  return out;
}

/** Stalled in stage: days since an open deal entered its stage above the stage's threshold. @internal */
export const stalledInStage: RuleImpl = {
  name: 'stalledInStage',
  run(ctx) {
    const cfg = ctx.rule('stalledInStage');
    const learned = (cfg.threshold ?? 'learned') === 'learned';
    const p = cfg.percentile ?? 0.9;
    const pName = `p${Math.round(p * 1000) / 10}`;
    const minSample = cfg.minSample ?? 30;
    const hists = learned ? wonDwellHistograms(ctx) : new Map<string, DayHistogram>();
    const resolved = new Map<string, Resolved | null>();

    const resolve = (pipelineId: string, stageId: string): Resolved | null => {
      const key = `${pipelineId}/${stageId}`;
      const cached = resolved.get(key);
      if (cached !== undefined) return cached;
      const stage = ctx.pipelines.get(pipelineId)?.stages.get(stageId);
      const name = stage?.name ?? stageId;
      let r: Resolved | null = null;
      const h = hists.get(key);
      const n = h?.n ?? 0;
      if (learned && h && n >= minSample) {
        const days = h.percentile(p)!;
        r = {
          days,
          source: 'learned',
          note: `${pName} of whole days in "${name}" over ${n} visits of won deals`,
          noteZh: `赢单商机在该阶段停留天数的 ${pName}，样本 ${n}`,
          sampleSize: n,
        };
      } else {
        const override = stageOverride(cfg.stages, pipelineId, stageId);
        if (override !== undefined)
          r = { days: override, source: 'option', note: 'configured for the stage', noteZh: '配置的阈值' };
        else if (stage?.slaDays !== undefined)
          r = {
            days: stage.slaDays,
            source: 'stage.slaDays',
            note: "the stage's slaDays",
            noteZh: '阶段 SLA 天数',
          };
        else if (cfg.defaultDays !== undefined)
          r = {
            days: cfg.defaultDays,
            source: 'default',
            note: 'defaultDays of the rule',
            noteZh: '规则默认天数',
          };
        if (learned) {
          ctx.note(
            'stalledInStage',
            'THRESHOLD_FALLBACK',
            key,
            `"${name}": ${n} won-deal visits, fewer than the minimum ${minSample} to learn a ${pName}; ${
              r ? `using ${r.note} (${r.days} days)` : 'no configured threshold either, so not judged'
            }`,
            { sampleSize: n, minSample },
          );
        } else if (!r) {
          ctx.note('stalledInStage', 'NOT_APPLICABLE', key, `"${name}": no threshold configured, not judged`);
        }
      }
      resolved.set(key, r);
      return r;
    };

    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      if (!ctx.openAt[i]) continue;
      const stageId = ctx.stageAt[i];
      if (!stageId) continue;
      const deal = deals[i]!;
      const r = resolve(deal.pipelineId, stageId);
      if (!r) continue;
      const entered = ctx.enteredAt[i]!;
      const days = ctx.daysSince(entered);
      if (!(days > r.days)) continue;
      ctx.emit('stalledInStage', {
        code: 'STALLED_IN_STAGE',
        subject: ctx.dealSubject(i),
        episode: String(entered),
        evidence: {
          metric: 'days in stage',
          value: days,
          comparison: '>',
          threshold: r.days,
          thresholdSource: r.source,
          thresholdNote: r.note,
          ...(r.sampleSize !== undefined ? { sampleSize: r.sampleSize } : {}),
          details: { enteredStageAt: new Date(entered).toISOString() },
        },
        params: {
          deal: deal.id,
          stage: ctx.stageName(deal.pipelineId, stageId),
          days,
          threshold: r.days,
          source: r.note,
          sourceZh: r.noteZh,
        },
      });
    }
  },
};
