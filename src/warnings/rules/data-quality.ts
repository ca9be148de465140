import { DateTimeSchema } from '../../model/index';
import { fromDayNumber } from '../../period/index';
import { DAY } from '../context';
import type { RuleImpl } from './shared';

/**
 * Data quality: activities logged in bulk long after they happened (the log time is read from
 * `activity.custom[loggedAtField]`, as CRMs keep a created-at beside the activity date); open deals whose owner is
 * unknown or has left; open deals with a zero amount; deal events that contradict each other. @internal
 */
export const dataQuality: RuleImpl = {
  name: 'dataQuality',
  run(ctx) {
    const cfg = ctx.rule('dataQuality');
    const lateDays = cfg.lateDays ?? 3;
    const minBulk = cfg.minBulk ?? 5;
    const field = cfg.loggedAtField ?? 'loggedAt';
    const deals = ctx.data.deals;

    // Bulk late logging: per rep and logging day, activities logged more than lateDays after they happened.
    let withLogTime = 0;
    const bulk = new Map<string, { rep: string; day: number; count: number; worst: number }>();
    for (const k of ctx.activitiesWithCustom) {
      const act = ctx.data.activities[k]!;
      const raw = act.custom?.[field];
      if (raw === undefined || raw === null) continue;
      const parsed = DateTimeSchema.safeParse(raw);
      if (!parsed.success) continue;
      withLogTime++;
      const logged = parsed.data.getTime();
      if (logged > ctx.asOfMs) continue;
      const lateMs = logged - act.at.getTime();
      if (!(lateMs > lateDays * DAY)) continue;
      const day = ctx.dayOf(logged);
      const key = `${act.repId}|${day}`;
      const b = bulk.get(key) ?? { rep: act.repId, day, count: 0, worst: 0 };
      b.count++;
      b.worst = Math.max(b.worst, Math.floor(lateMs / DAY));
      bulk.set(key, b);
    }
    if (withLogTime === 0 && ctx.data.activities.length > 0)
      ctx.note(
        'dataQuality',
        'INPUT_MISSING',
        'activities',
        `no activity has a log time in custom.${field}: late logging cannot be judged`,
      );
    for (const b of bulk.values()) {
      if (b.count < minBulk) continue;
      const date = fromDayNumber(b.day);
      ctx.emit('dataQuality', {
        code: 'ACTIVITY_LOGGED_LATE',
        subject: { kind: 'rep', id: b.rep, name: ctx.repName(b.rep), ownerId: b.rep },
        episode: date,
        evidence: {
          metric: 'activities logged late on one day',
          value: b.count,
          comparison: '>=',
          threshold: minBulk,
          thresholdSource: cfg.minBulk === undefined ? 'default' : 'option',
          thresholdNote: `minBulk activities logged over ${lateDays} days late`,
          details: { loggedOn: date, lateDays, mostDaysLate: b.worst },
        },
        params: { rep: ctx.repName(b.rep), count: b.count, date, threshold: lateDays },
      });
    }

    // Owners and amounts of open deals.
    const knowReps = ctx.reps.size > 0;
    for (let i = 0; i < deals.length; i++) {
      if (!ctx.openAt[i]) continue;
      const deal = deals[i]!;
      const rep = ctx.reps.get(deal.ownerId);
      let reason: [string, string] | null = null;
      if (knowReps && !rep) reason = ['who is not in the list of people', ' 不在人员名单中'];
      else if (rep?.endDate && rep.endDate.getTime() <= ctx.asOfMs) {
        const left = ctx.dateText(rep.endDate.getTime());
        reason = [`who left on ${left}`, ` 已于 ${left} 离职`];
      }
      if (reason) {
        ctx.emit('dataQuality', {
          code: 'DEAL_WITHOUT_OWNER',
          subject: ctx.dealSubject(i),
          episode: deal.ownerId,
          evidence: {
            metric: 'owner is a current member of the sales organisation',
            value: rep ? 'left' : 'unknown',
            comparison: '!=',
            threshold: 'active',
            thresholdSource: 'default',
            thresholdNote: 'every open deal needs an active owner',
            details: {
              ownerId: deal.ownerId,
              ownerEndDate: rep?.endDate ? ctx.dateText(rep.endDate.getTime()) : null,
            },
          },
          params: { deal: deal.id, owner: rep?.name ?? deal.ownerId, reason: reason[0], reasonZh: reason[1] },
        });
      }
      if (deal.amount.isZero()) {
        ctx.emit('dataQuality', {
          code: 'DEAL_WITHOUT_AMOUNT',
          subject: ctx.dealSubject(i),
          episode: '',
          evidence: {
            metric: 'deal amount',
            value: deal.amount.toString(),
            comparison: '<=',
            threshold: 0,
            thresholdSource: 'default',
            thresholdNote: 'an open deal needs an amount',
            details: {},
          },
          params: { deal: deal.id, stage: ctx.stageName(deal.pipelineId, ctx.stageAt[i]) },
        });
      }
    }

    // Contradictory events: a move before the deal was created; an activity on it over a day before; a closed
    // stage without closedAt or an open stage with one (judged on the deal as exported, when asOf is after it).
    const changes = ctx.data.stageChanges;
    const firstActivity = ctx.firstActivity;
    for (let i = 0; i < deals.length; i++) {
      const deal = deals[i]!;
      const created = deal.createdAt.getTime();
      if (created > ctx.asOfMs) continue;
      const problems: [string, string, string][] = [];
      const a = ctx.changeStart[i]!;
      if (ctx.changeStart[i + 1]! > a) {
        const first = changes[ctx.changeOrder[a]!]!.at.getTime();
        if (first < created)
          problems.push([
            'moveBeforeCreated',
            `its first stage change (${new Date(first).toISOString()}) is before it was created (${new Date(created).toISOString()})`,
            `首次阶段变更（${new Date(first).toISOString()}）早于创建时间（${new Date(created).toISOString()}）`,
          ]);
      }
      const act = firstActivity[i]!;
      if (act < created - DAY)
        problems.push([
          'activityBeforeCreated',
          `an activity on ${ctx.dateText(act)} is more than a day before it was created on ${ctx.dateText(created)}`,
          `${ctx.dateText(act)} 的活动比商机创建日期 ${ctx.dateText(created)} 早一天以上`,
        ]);
      const exported = ctx.pipelines.get(deal.pipelineId)?.stages.get(deal.stageId)?.kind;
      const lastMove =
        ctx.changeStart[i + 1]! > a
          ? changes[ctx.changeOrder[ctx.changeStart[i + 1]! - 1]!]!.at.getTime()
          : created;
      const snapshotCovered =
        lastMove <= ctx.asOfMs && (deal.closedAt === undefined || deal.closedAt.getTime() <= ctx.asOfMs);
      if (snapshotCovered && exported && exported !== 'open' && deal.closedAt === undefined)
        problems.push([
          'closedWithoutDate',
          `it is ${exported} but has no closedAt`,
          `已${exported === 'won' ? '赢单' : '丢单'}但没有关闭日期`,
        ]);
      if (snapshotCovered && exported === 'open' && deal.closedAt !== undefined)
        problems.push([
          'openWithCloseDate',
          `it is in an open stage but has closedAt ${ctx.dateText(deal.closedAt.getTime())}`,
          `处于进行中阶段，却有关闭日期 ${ctx.dateText(deal.closedAt.getTime())}`,
        ]);
      for (const [kind, en, zh] of problems) {
        ctx.emit('dataQuality', {
          code: 'EVENT_OUT_OF_ORDER',
          subject: ctx.dealSubject(i),
          episode: kind,
          evidence: {
            metric: 'consistent deal events',
            value: kind,
            comparison: '!=',
            threshold: 'consistent',
            thresholdSource: 'default',
            thresholdNote: 'events must follow creation and match the stage',
            details: { problem: kind },
          },
          params: { deal: deal.id, problem: en, problemZh: zh },
        });
      }
    }
  },
};
