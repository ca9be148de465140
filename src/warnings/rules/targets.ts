import { dayNumber } from '../../period/index';
import type { Context } from '../context';
import { dealTeam, teamChain, wonAt } from './shared';

/** A target of the current period, resolved, with what was won towards it and the open pipeline closing in it. @internal */
export interface TargetProgress {
  readonly kind: 'rep' | 'team' | 'company';
  readonly id: string;
  readonly name: string;
  /** Target, won to date and open pipeline closing in the period, in integer minor units. */
  readonly target: number;
  readonly won: number;
  readonly pipeline: number;
  readonly wonDeals: number;
  readonly openDeals: number;
}

/**
 * The current period's targets with won-to-date (deals won from the period start to asOf) and the open pipeline
 * whose expected close date falls in the period. Team figures include sub-teams. Cached on the context. @internal
 */
export function targetProgress(ctx: Context, rule: 'pace' | 'coverageGap'): TargetProgress[] | null {
  const cache = ctx as unknown as { _targets?: TargetProgress[] | null };
  if (cache._targets !== undefined) return cache._targets;
  const all = ctx.options.targets ?? [];
  const targets = all.filter((t) => t.period === ctx.period.key);
  if (targets.length === 0) {
    ctx.note(
      rule,
      'INPUT_MISSING',
      '*',
      all.length === 0
        ? 'no targets given'
        : `no target for the current period ${ctx.period.key} (targets are for ${[...new Set(all.map((t) => t.period))].join(', ')})`,
    );
    cache._targets = null;
    return null;
  }
  const key = (kind: string, id: string) => `${kind}:${id}`;
  const won = new Map<string, number>();
  const wonDeals = new Map<string, number>();
  const pipe = new Map<string, number>();
  const openDeals = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const start = dayNumber(ctx.period.start);
  const end = dayNumber(ctx.period.end);
  const deals = ctx.data.deals;
  for (let i = 0; i < deals.length; i++) {
    const deal = deals[i]!;
    const w = wonAt(ctx, i);
    let inWon = false;
    let inPipe = false;
    if (w !== null) {
      const day = ctx.dayOf(w);
      inWon = day >= start && day < end;
    } else if (ctx.openAt[i] && deal.expectedCloseDate) {
      const day = ctx.dayOf(deal.expectedCloseDate.getTime());
      inPipe = day >= start && day < end;
    }
    if (!inWon && !inPipe) continue;
    const minor = ctx.dealMinor(i);
    const keys = [
      key('company', '*'),
      key('rep', deal.ownerId),
      ...teamChain(ctx, dealTeam(ctx, i)).map((t) => key('team', t)),
    ];
    for (const k of keys) {
      if (inWon) {
        add(won, k, minor);
        add(wonDeals, k, 1);
      } else {
        add(pipe, k, minor);
        add(openDeals, k, 1);
      }
    }
  }
  const out: TargetProgress[] = [];
  for (const t of targets) {
    if (ctx.currency && t.amount.currency !== ctx.currency) {
      ctx.note(
        rule,
        'NOT_APPLICABLE',
        `${t.subject}:${t.id ?? '*'}`,
        `target in ${t.amount.currency}, dataset in ${ctx.currency}`,
      );
      continue;
    }
    const id = t.subject === 'company' ? '*' : t.id!;
    const k = key(t.subject, id);
    const name =
      t.subject === 'company'
        ? 'Company'
        : t.subject === 'rep'
          ? ctx.repName(id)
          : (ctx.teams.get(id)?.name ?? id);
    out.push({
      kind: t.subject,
      id,
      name,
      target: ctx.minor(t.amount),
      won: won.get(k) ?? 0,
      pipeline: pipe.get(k) ?? 0,
      wonDeals: wonDeals.get(k) ?? 0,
      openDeals: openDeals.get(k) ?? 0,
    });
  }
  cache._targets = out;
  return out;
}
