import { median } from '../stats';
import type { ThresholdSource } from '../types';
import { cadenceOf, type RuleImpl, wonAt } from './shared';

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
    const events = new Map<string, number[]>();
    const push = (account: string | undefined, t: number) => {
      if (account === undefined || t > ctx.asOfMs) return;
      let list = events.get(account);
      if (!list) {
        list = [];
        events.set(account, list);
      }
      list.push(t);
    };
    const deals = ctx.data.deals;
    for (const act of ctx.data.activities) {
      let account = act.accountId;
      if (account === undefined && act.dealId !== undefined) {
        const d = ctx.dealIndex.get(act.dealId);
        account = d === undefined ? undefined : deals[d]!.accountId;
      }
      push(account, act.at.getTime());
    }
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
      const list = events.get(account.id);
      if (!list || list.length === 0) continue;
      const days = [...new Set(list.map((t) => ctx.dayOf(t)))].sort((a, b) => a - b);
      const gaps: number[] = [];
      for (let k = 1; k < days.length; k++) gaps.push(days[k]! - days[k - 1]!);
      let last = list[0]!;
      for (const t of list) if (t > last) last = t;
      let threshold: number;
      let source: ThresholdSource;
      let note: string;
      let noteZh: string;
      const cadence = cadenceOf(ctx, account.grade);
      if (gaps.length >= minGaps && !(cadence !== undefined && cadence > gapMultiple * median(gaps)!)) {
        const med = median(gaps)!;
        threshold = gapMultiple * med;
        source = 'learned';
        note = `${gapMultiple} × its median gap of ${med} days over ${gaps.length} gaps`;
        noteZh = `其历史间隔中位数 ${med} 天的 ${gapMultiple} 倍`;
      } else if (gaps.length >= minGaps && cadence !== undefined) {
        // A customer seen more often than its grade asks is not at risk before its grade's cadence has passed.
        threshold = cadence;
        source = 'grade cadence';
        note = `the ${cadence}-day cadence of grade ${account.grade}, above ${gapMultiple} × its median gap of ${median(gaps)} days`;
        noteZh = `${account.grade} 类客户跟进周期 ${cadence} 天（高于其历史间隔中位数 ${median(gaps)} 天的 ${gapMultiple} 倍）`;
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
