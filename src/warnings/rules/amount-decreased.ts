import { DAY } from '../context';
import { pct, round } from '../stats';
import type { RuleImpl } from './shared';

/**
 * Amount decreased, from the amount history the caller gives (`amountChanges`; the deal model keeps only the
 * current amount): an open deal whose amount fell by more than `minDecrease` (a share of the earlier amount)
 * between the first and last change in the last `lookbackDays`. @internal
 */
export const amountDecreased: RuleImpl = {
  name: 'amountDecreased',
  run(ctx) {
    const cfg = ctx.rule('amountDecreased');
    const history = ctx.options.amountChanges;
    if (!history) {
      ctx.note(
        'amountDecreased',
        'INPUT_MISSING',
        '*',
        'no amountChanges given: the deal model keeps only the current amount, so decreases cannot be seen',
      );
      return;
    }
    const minDecrease = cfg.minDecrease ?? 0.1;
    const lookback = cfg.lookbackDays ?? 30;
    const from = ctx.asOfMs - lookback * DAY;
    const byDeal = new Map<number, typeof history>();
    for (const ch of history) {
      const t = ch.at.getTime();
      if (t > ctx.asOfMs || t <= from) continue;
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
      list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.to.compare(b.to));
      const deal = ctx.data.deals[i]!;
      const before = list[0]!.from;
      const after = list[list.length - 1]!.to;
      if (before.currency !== after.currency) {
        ctx.note(
          'amountDecreased',
          'NOT_APPLICABLE',
          deal.id,
          `amount history of ${deal.id} mixes currencies`,
        );
        continue;
      }
      if (!before.isPositive()) continue; // no share of zero
      const decrease = before.minus(after);
      const share = decrease.ratio(before).toNumber();
      if (!(share > minDecrease)) continue;
      ctx.emit('amountDecreased', {
        code: 'AMOUNT_DECREASED',
        subject: ctx.dealSubject(i),
        episode: String(list[list.length - 1]!.at.getTime()),
        evidence: {
          metric: 'share of the amount removed',
          value: round(share),
          comparison: '>',
          threshold: minDecrease,
          thresholdSource: cfg.minDecrease === undefined ? 'default' : 'option',
          thresholdNote: 'minDecrease of the rule',
          sampleSize: list.length,
          details: {
            from: before.toString(),
            to: after.toString(),
            decrease: decrease.toString(),
            lookbackDays: lookback,
          },
        },
        params: {
          deal: deal.id,
          from: before.toString(),
          to: after.toString(),
          decrease: pct(share),
          lookback,
        },
      });
    }
  },
};
