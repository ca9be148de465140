import { dayNumber, fromDayNumber, previousPeriod, subPeriods } from '../../period/index';
import { pct, round } from '../stats';
import { dealTeam, type RuleImpl, teamChain, wonAt } from './shared';

/**
 * Hockey stick: in the last complete period (the one before the current `periodKind` period), the share of won
 * amount closed in its final month (final 7 days for a month or shorter) above `maxShare`, for subjects with at
 * least `minDeals` won deals. @internal
 */
export const hockeyStick: RuleImpl = {
  name: 'hockeyStick',
  run(ctx) {
    const cfg = ctx.rule('hockeyStick');
    const maxShare = cfg.maxShare ?? 0.5;
    const minDeals = cfg.minDeals ?? 10;
    const subjects = new Set(cfg.subjects ?? ['company', 'team', 'rep']);
    if (ctx.periodKind === 'day' || ctx.periodKind === 'week') {
      ctx.note(
        'hockeyStick',
        'NOT_APPLICABLE',
        '*',
        `periodKind ${ctx.periodKind} is too short for a final-part share`,
      );
      return;
    }
    const period = previousPeriod(ctx.period, ctx.calendar);
    const start = dayNumber(period.start);
    const end = dayNumber(period.end);
    const byMonth = ctx.periodKind !== 'month';
    const finalStart = byMonth ? dayNumber(subPeriods(period, 'month', ctx.calendar).at(-1)!.start) : end - 7;
    const [part, partZh] = byMonth ? ['month', '个月'] : ['week', '周'];
    const total = new Map<string, number>();
    const final = new Map<string, number>();
    const count = new Map<string, number>();
    const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      const t = wonAt(ctx, i);
      if (t === null) continue;
      const day = ctx.dayOf(t);
      if (day < start || day >= end) continue;
      const minor = ctx.dealMinor(i);
      const keys: string[] = [];
      if (subjects.has('company')) keys.push('company:*');
      if (subjects.has('rep')) keys.push(`rep:${deals[i]!.ownerId}`);
      if (subjects.has('team'))
        for (const team of teamChain(ctx, dealTeam(ctx, i))) keys.push(`team:${team}`);
      for (const k of keys) {
        add(total, k, minor);
        add(count, k, 1);
        if (day >= finalStart) add(final, k, minor);
      }
    }
    let small = 0;
    for (const k of [...total.keys()].sort()) {
      const n = count.get(k)!;
      if (n < minDeals) {
        small++;
        continue;
      }
      const sum = total.get(k)!;
      if (sum <= 0) continue;
      const f = final.get(k) ?? 0;
      const share = f / sum;
      if (!(share > maxShare)) continue;
      const [kind, id] = k.split(/:(.*)/s) as ['company' | 'team' | 'rep', string];
      const name =
        kind === 'company' ? 'Company' : kind === 'rep' ? ctx.repName(id) : (ctx.teams.get(id)?.name ?? id);
      ctx.emit('hockeyStick', {
        code: 'HOCKEY_STICK',
        subject: { kind, id, name, ...(kind === 'rep' ? { ownerId: id } : {}) },
        period,
        episode: '',
        evidence: {
          metric: `share of won amount in the final ${part}`,
          value: round(share),
          comparison: '>',
          threshold: maxShare,
          thresholdSource: cfg.maxShare === undefined ? 'default' : 'option',
          thresholdNote: 'maxShare of the rule',
          sampleSize: n,
          details: {
            wonDeals: n,
            total: ctx.money(sum),
            final: ctx.money(f),
            finalFrom: fromDayNumber(finalStart),
          },
        },
        params: {
          name,
          share: pct(share),
          period: period.key,
          final: ctx.money(f),
          total: ctx.money(sum),
          part,
          partZh,
          threshold: pct(maxShare),
        },
      });
    }
    if (small > 0)
      ctx.note(
        'hockeyStick',
        'SAMPLE_TOO_SMALL',
        '*',
        `${small} subjects won fewer than ${minDeals} deals in ${period.key}: not judged`,
      );
  },
};
