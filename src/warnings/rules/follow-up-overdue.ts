import { DAY } from '../context';
import { cadenceOf, followUpTimes, type RuleImpl } from './shared';

/**
 * Overdue follow-up: an account's next follow-up is due its grade's cadence after the last one; warns once that
 * due date has passed (whole days since the last follow-up above the cadence). @internal
 */
export const followUpOverdue: RuleImpl = {
  name: 'followUpOverdue',
  run(ctx) {
    const times = followUpTimes(ctx);
    let noGrade = 0;
    let never = 0;
    for (const account of ctx.data.accounts) {
      const cadence = cadenceOf(ctx, account.grade);
      if (cadence === undefined) {
        noGrade++;
        continue;
      }
      const list = times.get(account.id);
      if (!list || list.length === 0) {
        never++;
        continue;
      }
      const last = list[list.length - 1]!;
      const days = ctx.daysSince(last);
      if (!(days > cadence)) continue;
      const due = ctx.dateText(last + cadence * DAY);
      ctx.emit('followUpOverdue', {
        code: 'FOLLOW_UP_OVERDUE',
        subject: {
          kind: 'account',
          id: account.id,
          name: account.name,
          ...(account.ownerId ? { ownerId: account.ownerId } : {}),
        },
        episode: String(last),
        evidence: {
          metric: 'days since last follow-up',
          value: days,
          comparison: '>',
          threshold: cadence,
          thresholdSource: 'grade cadence',
          thresholdNote: `follow-up cadence of grade ${account.grade}`,
          details: { lastFollowUpAt: new Date(last).toISOString(), dueOn: due, grade: account.grade ?? null },
        },
        params: { account: account.name, grade: account.grade ?? '-', due, days, threshold: cadence },
      });
    }
    if (noGrade > 0)
      ctx.note(
        'followUpOverdue',
        'INPUT_MISSING',
        '*',
        `${noGrade} accounts have no grade, so no cadence: not judged`,
      );
    if (never > 0)
      ctx.note(
        'followUpOverdue',
        'NOT_APPLICABLE',
        '*',
        `${never} graded accounts have no follow-up yet, so no due date: not judged`,
      );
  },
};
