import { DAY } from '../context';
import { pct, round } from '../stats';
import { cadenceOf, followUpTimes, type RuleImpl } from './shared';

/**
 * Follow-up timeliness (跟进及时率) per rep: each follow-up on a graded account makes the next one due a cadence
 * later. Of the follow-ups that fell due in the last `lookbackDays`, the share done by their due date; credited to
 * the account owner. Warns below `minRate` with at least `minSample` due. @internal
 */
export const followUpTimeliness: RuleImpl = {
  name: 'followUpTimeliness',
  run(ctx) {
    const cfg = ctx.rule('followUpTimeliness');
    const lookback = cfg.lookbackDays ?? 90;
    const minRate = cfg.minRate ?? 0.8;
    const minSample = cfg.minSample ?? 10;
    const from = ctx.asOfMs - lookback * DAY;
    const times = followUpTimes(ctx);
    const due = new Map<string, number>();
    const onTime = new Map<string, number>();
    for (const account of ctx.data.accounts) {
      const cadence = cadenceOf(ctx, account.grade);
      const owner = account.ownerId;
      const list = times.get(account.id);
      if (cadence === undefined || owner === undefined || !list) continue;
      let n = 0;
      let x = 0;
      for (let k = 0; k < list.length; k++) {
        const dueAt = list[k]! + cadence * DAY;
        if (dueAt <= from || dueAt > ctx.asOfMs) continue;
        n++;
        const next = list[k + 1];
        if (next !== undefined && next <= dueAt) x++;
      }
      if (n === 0) continue;
      due.set(owner, (due.get(owner) ?? 0) + n);
      onTime.set(owner, (onTime.get(owner) ?? 0) + x);
    }
    const reps = [...due.keys()].sort();
    for (const rep of reps) {
      const n = due.get(rep)!;
      const x = onTime.get(rep) ?? 0;
      if (n < minSample) {
        ctx.note(
          'followUpTimeliness',
          'SAMPLE_TOO_SMALL',
          rep,
          `${ctx.repName(rep)}: ${n} follow-ups due in the last ${lookback} days, fewer than the minimum ${minSample}`,
          { sampleSize: n, minSample },
        );
        continue;
      }
      const rate = x / n;
      if (!(rate < minRate)) continue;
      ctx.emit('followUpTimeliness', {
        code: 'FOLLOW_UP_TIMELINESS_LOW',
        subject: { kind: 'rep', id: rep, name: ctx.repName(rep), ownerId: rep },
        period: null,
        episode: ctx.dateText(ctx.asOfMs).slice(0, 7), // at most one per rep and month
        evidence: {
          metric: 'share of follow-ups on time',
          value: round(rate),
          comparison: '<',
          threshold: minRate,
          thresholdSource: cfg.minRate === undefined ? 'default' : 'option',
          thresholdNote: 'minimum follow-up timeliness',
          sampleSize: n,
          details: { onTime: x, due: n, lookbackDays: lookback },
        },
        params: { rep: ctx.repName(rep), onTime: x, due: n, rate: pct(rate), threshold: pct(minRate) },
      });
    }
  },
};
