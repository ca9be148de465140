import type { RuleImpl } from './shared';

/** Close date overdue: an open deal's expected close date is more than `graceDays` whole days in the past. @internal */
export const closeDateOverdue: RuleImpl = {
  name: 'closeDateOverdue',
  run(ctx) {
    const grace = ctx.rule('closeDateOverdue').graceDays ?? 0;
    const deals = ctx.data.deals;
    for (let i = 0; i < deals.length; i++) {
      if (!ctx.openAt[i]) continue;
      const deal = deals[i]!;
      const expected = deal.expectedCloseDate?.getTime();
      if (expected === undefined) continue;
      const days = ctx.daysSince(expected);
      if (!(days > grace)) continue;
      const date = ctx.dateText(expected);
      ctx.emit('closeDateOverdue', {
        code: 'CLOSE_DATE_OVERDUE',
        subject: ctx.dealSubject(i),
        episode: String(expected),
        evidence: {
          metric: 'days past expected close date',
          value: days,
          comparison: '>',
          threshold: grace,
          thresholdSource: ctx.rule('closeDateOverdue').graceDays === undefined ? 'default' : 'option',
          thresholdNote: 'grace days after the expected close date',
          details: { expectedCloseDate: date },
        },
        params: { deal: deal.id, date, days },
      });
    }
  },
};
