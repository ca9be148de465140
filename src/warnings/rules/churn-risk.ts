import { median } from '../stats';
import type { ThresholdSource } from '../types';
import { accountActivityTimes, cadenceOf, type RuleImpl, wonAt } from './shared';

/**
 * Churn risk: whole days since an account's last activity, order (a won deal) or payment, above `gapMultiple` ×
 * the median gap between its own distinct event days (with at least `minGaps` gaps) — but never below its grade's
 * cadence — and without enough gaps above `cadenceMultiple` × its grade's cadence. @internal
 */
export const churnRisk: RuleImpl = {
  name: 'churnRisk',
  run(ctx) {
    const cfg = ctx.rule('churnRisk');
    const gapMultiple = cfg.gapMultiple ?? 2;
    const minGaps = cfg.minGaps ?? 4;
    const cadenceMultiple = cfg.cadenceMultiple ?? 2;
    if (ctx.data.accounts.length === 0) return;
    const deals = ctx.data.deals;
    // Activities on each account (or on its deals), then its orders and payments.
    const activities = accountActivityTimes(ctx);
    const events = new Map<string, number[]>(); // orders and payments
    const push = (account: string | undefined, t: number) => {
      if (account === undefined || t > ctx.asOfMs) return;
      let list = events.get(account);
      if (!list) {
        list = [];
        events.set(account, list);
      }
      list.push(t);
    };
    for (let i = 0; i < deals.length; i++) {
      const t = wonAt(ctx, i);
      if (t !== null) push(deals[i]!.accountId, t);
    }
    for (const p of ctx.data.payments) {
      const d = ctx.dealIndex.get(p.dealId);
      if (d !== undefined) push(deals[d]!.accountId, p.at.getTime());
    }
    let unjudged = 0;
    for (const account of ctx.data.accounts) {
      const acts = activities.get(account.id);
      const other = events.get(account.id);
      const list = other ? [...(acts ?? []), ...other].sort((a, b) => a - b) : acts;
      if (!list || list.length === 0) continue;
      const gaps: number[] = [];
      let previous = ctx.dayOf(list[0]!);
      for (let k = 1; k < list.length; k++) {
        const day = ctx.dayOf(list[k]!);
        if (day !== previous) gaps.push(day - previous);
        previous = day;
      }
      const last = list[list.length - 1]!;
      const med = gaps.length >= minGaps ? median(gaps)! : Number.NaN;
      let threshold: number;
      let source: ThresholdSource;
      let note: string;
      let noteZh: string;
      const cadence = cadenceOf(ctx, account.grade);
      if (gaps.length >= minGaps && !(cadence !== undefined && cadence > gapMultiple * med)) {
        threshold = gapMultiple * med;
        source = 'learned';
        note = `${gapMultiple} × its median gap of ${med} days over ${gaps.length} gaps`;
        noteZh = `其历史间隔中位数 ${med} 天的 ${gapMultiple} 倍`;
      } else if (gaps.length >= minGaps && cadence !== undefined) {
        // A customer seen more often than its grade asks is not at risk before its grade's cadence has passed.
        threshold = cadence;
        source = 'grade cadence';
        note = `the ${cadence}-day cadence of grade ${account.grade}, above ${gapMultiple} × its median gap of ${med} days`;
        noteZh = `${account.grade} 类客户跟进周期 ${cadence} 天，高于其历史间隔中位数 ${med} 天的 ${gapMultiple} 倍`;
      } else if (cadence !== undefined) {
        threshold = cadenceMultiple * cadence;
        source = 'grade cadence';
        note = `${cadenceMultiple} × the ${cadence}-day cadence of grade ${account.grade}`;
        noteZh = `${account.grade} 类客户跟进周期 ${cadence} 天的 ${cadenceMultiple} 倍`;
      } else {
        unjudged++;
        continue;
      }
      const since = ctx.daysSince(last);
      if (!(since > threshold)) continue;
      ctx.emit('churnRisk', {
        code: 'CHURN_RISK',
        subject: {
          kind: 'account',
          id: account.id,
          name: account.name,
          ...(account.ownerId ? { ownerId: account.ownerId } : {}),
        },
        episode: String(last),
        evidence: {
          metric: 'days since last activity or order',
          value: since,
          comparison: '>',
          threshold,
          thresholdSource: source,
          thresholdNote: note,
          sampleSize: gaps.length,
          details: {
            lastEventAt: new Date(last).toISOString(),
            gaps: gaps.length,
            grade: account.grade ?? null,
          },
        },
        params: { account: account.name, days: since, threshold, source: note, sourceZh: noteZh },
      });
    }
    if (unjudged > 0)
      ctx.note(
        'churnRisk',
        'SAMPLE_TOO_SMALL',
        '*',
        `${unjudged} accounts have fewer than ${minGaps} gaps between events and no grade: not judged`,
      );
  },
};
