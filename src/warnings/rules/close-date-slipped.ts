import { dayNumber } from '../../period/index';
import type { RuleImpl } from './shared';

/**
 * Close date slipped, from the close-date history the caller gives (`closeDateChanges`; the deal model keeps only
 * the current date): an open deal whose close date was pushed later at least `maxPushes` times, or pushed from
 * inside the current period to after its end by a change made in the period. @internal
 */
export const closeDateSlipped: RuleImpl = {
  name: 'closeDateSlipped',
  run(ctx) {
    const cfg = ctx.rule('closeDateSlipped');
    const history = ctx.options.closeDateChanges;
    if (!history) {
      ctx.note(
        'closeDateSlipped',
        'INPUT_MISSING',
        '*',
        'no closeDateChanges given: the deal model keeps only the current close date, so slips cannot be seen',
      );
      return;
    }
    const maxPushes = cfg.maxPushes ?? 2;
    const outOfPeriod = cfg.outOfPeriod ?? true;
    const periodStart = dayNumber(ctx.period.start);
    const periodEnd = dayNumber(ctx.period.end);
    const byDeal = new Map<number, typeof history>();
    for (const ch of history) {
      if (ch.at.getTime() > ctx.asOfMs) continue;
      const d = ctx.dealIndex.get(ch.dealId);
      if (d === undefined || !ctx.openAt[d]) continue;
      let list = byDeal.get(d);
      if (!list) {
        list = [];
        byDeal.set(d, list);
      }
      list.push(ch);
    }
    for (const [i, list] of byDeal) {
      list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.to.getTime() - b.to.getTime());
      const deal = ctx.data.deals[i]!;
      let pushes = 0;
      for (const ch of list) {
        if (ch.from && ctx.dayOf(ch.to.getTime()) > ctx.dayOf(ch.from.getTime())) pushes++;
      }
      const current = ctx.dateText(list[list.length - 1]!.to.getTime());
      if (pushes >= maxPushes) {
        ctx.emit('closeDateSlipped', {
          code: 'CLOSE_DATE_SLIPPED',
          subject: ctx.dealSubject(i),
          episode: String(pushes),
          evidence: {
            metric: 'times the close date was pushed later',
            value: pushes,
            comparison: '>=',
            threshold: maxPushes,
            thresholdSource: cfg.maxPushes === undefined ? 'default' : 'option',
            thresholdNote: 'maxPushes of the rule',
            sampleSize: list.length,
            details: { closeDateChanges: list.length, currentCloseDate: current },
          },
          params: { deal: deal.id, pushes, date: current },
        });
      }
      if (!outOfPeriod) continue;
      for (const ch of list) {
        if (!ch.from) continue;
        const at = ctx.dayOf(ch.at.getTime());
        const from = ctx.dayOf(ch.from.getTime());
        const to = ctx.dayOf(ch.to.getTime());
        if (at < periodStart || from < periodStart || from >= periodEnd || to < periodEnd) continue;
        const fromText = ctx.dateText(ch.from.getTime());
        const toText = ctx.dateText(ch.to.getTime());
        ctx.emit('closeDateSlipped', {
          code: 'CLOSE_DATE_PUSHED_OUT',
          subject: ctx.dealSubject(i),
          period: ctx.period,
          episode: String(ch.at.getTime()),
          evidence: {
            metric: 'new close date',
            value: toText,
            comparison: '>=',
            threshold: ctx.period.end,
            thresholdSource: 'default',
            thresholdNote: `end of the current period ${ctx.period.key}`,
            details: { from: fromText, to: toText, changedAt: new Date(ch.at.getTime()).toISOString() },
          },
          params: { deal: deal.id, period: ctx.period.key, from: fromText, date: toText },
        });
      }
    }
  },
};
