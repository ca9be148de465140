import type { Money } from '../../money/index';
import { toCalendarDate } from '../../period/index';
import { type Achievement, type RepPeriodTarget, targetVariance } from '../../targets/index';
import type { PeriodCloseStep } from '../period-close';
import type { ResultInput } from '../records';
import { byId, StepMoney } from './shared';

/**
 * Target vs actual per rep and metric for the period (`target-variance`, key `period|metric|rep`): the
 * rep's allocated targets of the period (from `target-allocation`; per metric the narrowest scope that
 * reaches the rep — rep, else team, else company — summed when several) against what they
 * won (`won-amount`: won deals by close date) or collected (`collected-amount`: payments by date, credited
 * to the deal owner), with variance and attainment from `targetVariance` (`null` with a reason for a zero
 * target). Runs after `target-allocation`; other metrics are reported in the summary as not measured.
 * The run's `reportingCurrency`, `rates` and `conversion` (`'close-date'` as `'on-date'`) go to `targetVariance`.
 *
 * @example
 * ```ts
 * import { targetVarianceStep } from 'openspm';
 * targetVarianceStep.writes; //=> ['target-variance']
 * ```
 */
export const targetVarianceStep: PeriodCloseStep = {
  name: 'target-variance',
  reads: ['pipelines', 'deals', 'payments'],
  writes: ['target-variance'],
  async run(ctx) {
    const zone = ctx.calendar.zone;
    // Per metric and rep: the shares of the narrowest targets that reach the rep (rep, else team, else
    // company), summed: a team target refines the company one, it does not add to it.
    const RANK: Record<string, number> = { rep: 0, team: 1, company: 2 };
    const perMetric = new Map<string, Map<string, Money>>();
    const rankOf = new Map<string, number>();
    for (const r of ctx.output('target-allocation')?.results ?? []) {
      const p = r.payload as { metric: string; repId: string; scope: { type: string } };
      const share = r.amount as Money;
      let reps = perMetric.get(p.metric);
      if (!reps) {
        reps = new Map();
        perMetric.set(p.metric, reps);
      }
      const id = `${p.metric}\u0000${p.repId}`;
      const rank = RANK[p.scope.type] ?? 2;
      const had = rankOf.get(id);
      if (had !== undefined && had < rank) continue;
      if (had !== undefined && had > rank) reps.delete(p.repId);
      rankOf.set(id, rank);
      const sum = reps.get(p.repId);
      reps.set(p.repId, sum ? sum.plus(share) : share);
    }
    // The run's currency options; the run's 'close-date' is targetVariance's 'on-date' (an achievement at the
    // rate on its own date: a won deal's close date, a payment's date; a target on its period's first day).
    const currency =
      ctx.reportingCurrency === undefined
        ? {}
        : ({
            reportingCurrency: ctx.reportingCurrency,
            rates: ctx.rates ?? [],
            conversion:
              ctx.conversion === undefined || ctx.conversion === 'close-date' ? 'on-date' : ctx.conversion,
          } as const);
    const tally = ctx.reportingCurrency === undefined ? undefined : new StepMoney(ctx);
    const results: ResultInput[] = [];
    const notMeasured: string[] = [];
    if (perMetric.size === 0) return { results, summary: { metrics: 0, rows: 0, notMeasured } };
    const won = new Set<string>();
    for (const p of await ctx.collect('pipelines', 'all'))
      for (const s of p.stages) if (s.kind === 'won') won.add(`${p.id}\u0000${s.id}`);
    const owner = new Map<string, string>();
    const wonAchievements: Achievement[] = [];
    for await (const page of ctx.read('deals', 'all')) {
      for (const d of page) {
        owner.set(d.id, d.ownerId);
        if (!d.closedAt || !ctx.inPeriod(d.closedAt) || !won.has(`${d.pipelineId}\u0000${d.stageId}`))
          continue;
        wonAchievements.push({
          id: d.id,
          date: toCalendarDate(d.closedAt, zone),
          amount: d.amount,
          repId: d.ownerId,
        });
      }
    }
    const collected: Achievement[] = [];
    for await (const page of ctx.read('payments')) {
      for (const p of page) {
        const rep = owner.get(p.dealId);
        if (!ctx.inPeriod(p.at) || rep === undefined) continue;
        collected.push({ id: p.id, date: toCalendarDate(p.at, zone), amount: p.amount, repId: rep });
      }
    }
    for (const metric of [...perMetric.keys()].sort()) {
      const achievements =
        metric === 'won-amount' ? wonAchievements : metric === 'collected-amount' ? collected : undefined;
      if (!achievements) {
        notMeasured.push(metric);
        continue;
      }
      const reps = perMetric.get(metric) as Map<string, Money>;
      const targets: RepPeriodTarget[] = [...reps.keys()]
        .sort(byId)
        .map((repId) => ({ repId, period: ctx.period, amount: reps.get(repId) as Money }));
      const ids = new Set(reps.keys());
      const mine = achievements.filter((a) => ids.has(a.repId as string));
      const variance = targetVariance(
        { targets, achievements: mine },
        { calendar: ctx.calendar, ...currency },
      );
      // targetVariance does not list its conversions: the same rule, tallied here for the step's summary.
      if (tally) {
        for (const a of mine) {
          tally.in(
            a.amount as Money,
            a.date,
            `achievement "${a.id}"`,
            metric === 'won-amount' ? 'deal' : 'payment',
            String(a.id),
          );
        }
      }
      for (const rep of variance.reps) {
        results.push({
          kind: 'target-variance',
          key: `${ctx.period.key}|${metric}|${rep.repId}`,
          periodKey: ctx.period.key,
          subjectId: rep.repId,
          amount: rep.achieved,
          payload: {
            metric,
            repId: rep.repId,
            period: ctx.period.key,
            target: rep.target,
            achieved: rep.achieved,
            variance: rep.variance,
            attainment: rep.attainment,
            reason: rep.reason,
            definition:
              'attainment = achieved ÷ target (half-even to 4 decimals); variance = achieved − target',
            ...(ctx.reportingCurrency === undefined
              ? {}
              : {
                  conversion: `in ${ctx.reportingCurrency}: each achievement in another currency converted ${typeof currency.conversion === 'object' ? `by the run's ${currency.conversion.kind} policy` : 'at the rate on its date'}, rounded half-even to the minor unit (the rates used are in the step's summary)`,
                }),
          },
        });
      }
    }
    const conversions = tally?.summary();
    return {
      results,
      summary: {
        metrics: perMetric.size - notMeasured.length,
        rows: results.length,
        notMeasured,
        ...(conversions === undefined ? {} : { conversions }),
      },
    };
  },
};
