import type { Dataset } from '../../model/index';
import { toCalendarDate } from '../../period/index';
import type { PeriodCloseContext } from '../period-close';

/**
 * The whole CRM of the tenant as a `Dataset`, for the analytics modules that take one: every record
 * known at the cutoff (history up to the cutoff; nothing after `asOf`).
 */
export async function collectDataset(ctx: PeriodCloseContext): Promise<Dataset> {
  const upTo = { to: new Date(ctx.cutoff.getTime() + 1) };
  const [pipelines, deals, stageChanges, activities, payments, accounts, reps, teams] = await Promise.all([
    ctx.collect('pipelines', 'all'),
    ctx.collect('deals', 'all'),
    ctx.collect('stageChanges', upTo),
    ctx.collect('activities', upTo),
    ctx.collect('payments', upTo),
    ctx.collect('accounts', 'all'),
    ctx.collect('reps', 'all'),
    ctx.collect('teams', 'all'),
  ]);
  const cut = ctx.cutoff.getTime();
  return {
    ...(ctx.currency ? { currency: ctx.currency } : {}),
    pipelines,
    // A deal created after the cutoff did not exist yet.
    deals: deals.filter((d) => d.createdAt.getTime() <= cut),
    stageChanges,
    activities,
    payments,
    accounts,
    reps,
    teams,
  } as Dataset;
}

/** The cutoff's calendar day in the calendar's zone (`'YYYY-MM-DD'`). */
export const cutoffDay = (ctx: PeriodCloseContext): string => toCalendarDate(ctx.cutoff, ctx.calendar.zone);

/** Compares two ids for a stable order. */
export const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
