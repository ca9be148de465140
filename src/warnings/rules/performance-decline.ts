import { fromDayNumber, periodContaining } from '../../period/index';
import type { Context } from '../context';
import { mad, meanAbsoluteDeviation, median, round } from '../stats';
import { dealTeam, type RuleImpl, teamChain, weekOfDay, weekStartDay, wonAt } from './shared';

type Metric = 'activities' | 'wonAmount';

const METRIC_TEXT: Record<Metric, [string, string]> = {
  activities: ['activities', '活动数'],
  wonAmount: ['won amount', '成交额'],
};

/**
 * Weekly series by subject for weeks [first, last]: subject key (`rep:id`, `team:id`) → counts (activities) or
 * minor units (won). Each rep's keys (itself and its teams up the tree) are resolved once, not per row.
 */
function weeklySeries(ctx: Context, metric: Metric, first: number, last: number, teams: boolean) {
  const len = last - first + 1;
  const out = new Map<string, Float64Array>();
  const targets = new Map<string, Float64Array[]>();
  const seriesOf = (key: string) => {
    let s = out.get(key);
    if (!s) {
      s = new Float64Array(len);
      out.set(key, s);
    }
    return s;
  };
  const targetsOf = (repId: string, teamId: string | undefined) => {
    const cacheKey = `${repId}|${teamId ?? ''}`;
    let t = targets.get(cacheKey);
    if (!t) {
      t = [seriesOf(`rep:${repId}`)];
      if (teams) for (const team of teamChain(ctx, teamId)) t.push(seriesOf(`team:${team}`));
      targets.set(cacheKey, t);
    }
    return t;
  };
  if (metric === 'activities') {
    const acts = ctx.data.activities;
    const byRep = new Map<string, Float64Array[]>();
    let lastRep: string | undefined;
    let list: Float64Array[] | undefined;
    for (let k = 0; k < acts.length; k++) {
      const t = ctx.activityAt[k]!;
      if (t > ctx.asOfMs) continue;
      const week = weekOfDay(ctx.dayOf(t));
      if (week < first || week > last) continue;
      const repId = acts[k]!.repId;
      if (repId !== lastRep) {
        lastRep = repId;
        list = byRep.get(repId);
        if (!list) {
          list = targetsOf(repId, ctx.reps.get(repId)?.teamId);
          byRep.set(repId, list);
        }
      }
      for (const s of list!) s[week - first]! += 1;
    }
  } else {
    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      const t = wonAt(ctx, i);
      if (t === null) continue;
      const week = weekOfDay(ctx.dayOf(t));
      if (week < first || week > last) continue;
      const minor = ctx.dealMinor(i);
      for (const s of targetsOf(deals[i]!.ownerId, dealTeam(ctx, i))) s[week - first]! += minor;
    }
  }
  return out;
}

/**
 * Performance decline: each rep's and team's value in the last complete week against a robust band of its own
 * previous `baselineWeeks` weeks: median ± k × 1.4826 × MAD (1.2533 × mean absolute deviation when the MAD is 0).
 * Weeks before a rep was hired are not part of their baseline; a team's series includes its sub-teams. @internal
 */
export const performanceDecline: RuleImpl = {
  name: 'performanceDecline',
  run(ctx) {
    const cfg = ctx.rule('performanceDecline');
    const metrics = cfg.metrics ?? ['activities', 'wonAmount'];
    const subjects = new Set(cfg.subjects ?? ['rep', 'team']);
    const baselineWeeks = cfg.baselineWeeks ?? 12;
    const minWeeks = Math.min(cfg.minWeeks ?? 8, baselineWeeks);
    const k = cfg.k ?? 3;
    const spikes = cfg.spikes ?? true;
    // The last complete week: the one before the week holding the first instant after asOf.
    const target = weekOfDay(ctx.dayOf(ctx.asOfMs + 1)) - 1;
    const first = target - baselineWeeks;
    const week = periodContaining('week', fromDayNumber(weekStartDay(target)));

    const candidates: {
      key: string;
      kind: 'rep' | 'team';
      id: string;
      name: string;
      from: number;
      to: number;
    }[] = [];
    if (subjects.has('rep')) {
      for (const r of ctx.data.reps) {
        if (r.role !== 'rep') continue;
        const from = weekOfDay(ctx.dayOf(r.hireDate.getTime()));
        const to = r.endDate ? weekOfDay(ctx.dayOf(r.endDate.getTime())) - 1 : target;
        if (to < target) continue; // not with us for the whole week judged
        candidates.push({ key: `rep:${r.id}`, kind: 'rep', id: r.id, name: r.name, from: from + 1, to });
      }
    }
    if (subjects.has('team')) {
      for (const t of ctx.data.teams)
        candidates.push({
          key: `team:${t.id}`,
          kind: 'team',
          id: t.id,
          name: t.name,
          from: first,
          to: target,
        });
    }
    if (candidates.length === 0) {
      ctx.note(
        'performanceDecline',
        'INPUT_MISSING',
        '*',
        'no reps or teams in the dataset: nothing to judge',
      );
      return;
    }
    for (const metric of metrics) {
      const series = weeklySeries(ctx, metric, first, target, subjects.has('team'));
      const [metricEn, metricZh] = METRIC_TEXT[metric];
      for (const c of candidates) {
        const s = series.get(c.key);
        const base: number[] = [];
        for (let w = Math.max(first, c.from); w < target; w++) base.push(s ? s[w - first]! : 0);
        if (base.length < minWeeks) {
          ctx.note(
            'performanceDecline',
            'SAMPLE_TOO_SMALL',
            `${c.key}/${metric}`,
            `${c.name}: ${base.length} baseline weeks of ${metricEn}, fewer than the minimum ${minWeeks}; not judged`,
            { sampleSize: base.length, minSample: minWeeks },
          );
          continue;
        }
        const med = median(base)!;
        let spread = 1.4826 * mad(base, med)!;
        let spreadNote = '1.4826 × MAD';
        if (spread === 0) {
          spread = 1.2533 * meanAbsoluteDeviation(base, med)!;
          spreadNote = '1.2533 × mean absolute deviation (MAD is 0)';
        }
        if (spread === 0) {
          ctx.note(
            'performanceDecline',
            'NOT_APPLICABLE',
            `${c.key}/${metric}`,
            `${c.name}: ${metricEn} was the same every baseline week, so no band can be set`,
          );
          continue;
        }
        const value = s ? s[target - first]! : 0;
        const low = med - k * spread;
        const high = med + k * spread;
        const dip = value < low;
        const spike = value > high;
        if (!dip && !(spike && spikes)) continue;
        const show = (v: number) => (metric === 'wonAmount' ? ctx.money(Math.round(v)) : String(round(v, 2)));
        ctx.emit('performanceDecline', {
          code: dip ? 'PERFORMANCE_DIP' : 'PERFORMANCE_SPIKE',
          subject: { kind: c.kind, id: c.id, name: c.name, ...(c.kind === 'rep' ? { ownerId: c.id } : {}) },
          period: week,
          episode: metric,
          evidence: {
            metric: `weekly ${metricEn}`,
            value: metric === 'wonAmount' ? ctx.money(value) : value,
            comparison: dip ? '<' : '>',
            threshold: metric === 'wonAmount' ? show(dip ? low : high) : round(dip ? low : high, 4),
            thresholdSource: 'learned',
            thresholdNote: `median ${dip ? '−' : '+'} ${k} × (${spreadNote}) of ${base.length} baseline weeks`,
            sampleSize: base.length,
            details: {
              median: metric === 'wonAmount' ? show(med) : round(med, 4),
              spread: metric === 'wonAmount' ? show(spread) : round(spread, 4),
              low: metric === 'wonAmount' ? show(low) : round(low, 4),
              high: metric === 'wonAmount' ? show(high) : round(high, 4),
              k,
              week: week.key,
            },
          },
          params: {
            name: c.name,
            metric: metricEn,
            metricZh,
            week: week.key,
            value: show(value),
            low: show(Math.max(0, low)),
            high: show(high),
            median: show(med),
          },
        });
      }
    }
  },
};
