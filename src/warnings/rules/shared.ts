import type { Context } from '../context';
import { DAY } from '../context';
import type { WarningRule } from '../types';

/** A rule: its name and what it does with the indexed dataset. @internal */
export interface RuleImpl {
  readonly name: WarningRule;
  run(ctx: Context): void;
}

/** The most specific configured threshold for a stage: pipeline and stage, then stage, then pipeline. @internal */
export function stageOverride(
  list:
    | readonly { pipelineId?: string | undefined; stageId?: string | undefined; days: number }[]
    | undefined,
  pipelineId: string,
  stageId: string,
): number | undefined {
  if (!list) return undefined;
  let best: number | undefined;
  let bestRank = -1;
  for (const t of list) {
    if (t.pipelineId !== undefined && t.pipelineId !== pipelineId) continue;
    if (t.stageId !== undefined && t.stageId !== stageId) continue;
    const rank = (t.stageId !== undefined ? 2 : 0) + (t.pipelineId !== undefined ? 1 : 0);
    if (rank > bestRank) {
      bestRank = rank;
      best = t.days;
    }
  }
  return best;
}

/** When a deal was won, if it was won at asOf: its `closedAt`, else when it entered the won stage. @internal */
export function wonAt(ctx: Context, i: number): number | null {
  const stage = ctx.stageAt[i];
  if (stage === null || stage === undefined) return null;
  const deal = ctx.data.deals[i]!;
  if (ctx.pipelines.get(deal.pipelineId)?.stages.get(stage)?.kind !== 'won') return null;
  const closed = deal.closedAt?.getTime();
  return closed !== undefined && closed <= ctx.asOfMs ? closed : ctx.enteredAt[i]!;
}

/** The team a deal is credited to: its `teamId`, else its owner's team. @internal */
export function dealTeam(ctx: Context, i: number): string | undefined {
  const deal = ctx.data.deals[i]!;
  return deal.teamId ?? ctx.reps.get(deal.ownerId)?.teamId;
}

/** A team and the teams above it (a parent team's figures include its sub-teams). @internal */
export function teamChain(ctx: Context, teamId: string | undefined): string[] {
  const chain: string[] = [];
  let t = teamId;
  const seen = new Set<string>();
  while (t !== undefined && !seen.has(t)) {
    seen.add(t);
    chain.push(t);
    t = ctx.teams.get(t)?.parentId;
  }
  return chain;
}

/** The Monday-based week number of a day number (day 0, 1970-01-01, was a Thursday). @internal */
export function weekOfDay(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** The first day (a Monday) of a week number. @internal */
export function weekStartDay(week: number): number {
  return week * 7 - 3;
}

/** ISO text of an instant's date in the calendar's zone. @internal */
export function isoDay(ctx: Context, ms: number): string {
  return ctx.dateText(ms);
}

/** Milliseconds in `days` days. @internal */
export function daysMs(days: number): number {
  return days * DAY;
}

/** The default follow-up cadence in days per account grade. @internal */
export const DEFAULT_CADENCE = { A: 7, B: 14, C: 30, D: 60 } as const;

/** The cadence of a grade from the options or the defaults. @internal */
export function cadenceOf(ctx: Context, grade: string | undefined): number | undefined {
  if (grade === undefined) return undefined;
  const configured = ctx.options.cadenceDays?.[grade as keyof typeof DEFAULT_CADENCE];
  return configured ?? DEFAULT_CADENCE[grade as keyof typeof DEFAULT_CADENCE];
}

/**
 * Sorted times of activities at or before asOf per account of `data.accounts` (on the account or one of its
 * deals), filtered by type: one typed array cut into per-account views (a counting sort; nothing per row on the heap).
 */
function activityTimes(ctx: Context, types: ReadonlySet<string> | null): Map<string, Float64Array> {
  const acts = ctx.data.activities;
  const accounts = ctx.data.accounts;
  const keep = (k: number) =>
    ctx.activityAccount[k]! >= 0 && ctx.activityAt[k]! <= ctx.asOfMs && (!types || types.has(acts[k]!.type));
  const start = new Int32Array(accounts.length + 1);
  for (let k = 0; k < acts.length; k++) if (keep(k)) start[ctx.activityAccount[k]! + 1]!++;
  for (let a = 0; a < accounts.length; a++) start[a + 1]! += start[a]!;
  const times = new Float64Array(start[accounts.length]!);
  const fill = start.slice(0, accounts.length);
  for (let k = 0; k < acts.length; k++)
    if (keep(k)) times[fill[ctx.activityAccount[k]!]!++] = ctx.activityAt[k]!;
  const out = new Map<string, Float64Array>();
  for (let a = 0; a < accounts.length; a++) {
    if (start[a + 1] === start[a]) continue;
    const view = times.subarray(start[a]!, start[a + 1]!);
    view.sort();
    out.set(accounts[a]!.id, view);
  }
  return out;
}

const cache = new WeakMap<
  Context,
  { all?: Map<string, Float64Array>; followUps?: Map<string, Float64Array> }
>();

/** Every activity time per account at or before asOf, sorted; cached per run. Do not modify the lists. @internal */
export function accountActivityTimes(ctx: Context): Map<string, Float64Array> {
  let c = cache.get(ctx);
  if (!c) {
    c = {};
    cache.set(ctx, c);
  }
  c.all ??= activityTimes(ctx, null);
  return c.all;
}

/**
 * Follow-up times per account at or before asOf, sorted: activities of the follow-up types (`followUpTypes`, default
 * all) on the account or on one of its deals. Cached per run. @internal
 */
export function followUpTimes(ctx: Context): Map<string, Float64Array> {
  const types = ctx.options.followUpTypes;
  if (!types) return accountActivityTimes(ctx);
  let c = cache.get(ctx);
  if (!c) {
    c = {};
    cache.set(ctx, c);
  }
  c.followUps ??= activityTimes(ctx, new Set<string>(types));
  return c.followUps;
}
