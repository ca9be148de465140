import type { Deal, Rep, Stage } from '../model/index';
import { Decimal, Money } from '../money/index';
import { customPeriod, toCalendarDate, workingDays } from '../period/index';
import type { PeriodCloseContext, PeriodCloseStep } from './period-close';
import type { JsonValue, ResultInput } from './records';
import { funnelStep } from './steps/funnel';
import { incentivesStep } from './steps/incentives';
import { kpiScoreStep } from './steps/kpi';
import { StepMoney } from './steps/shared';
import { targetVarianceStep } from './steps/targets';
import { warningStep } from './steps/warnings';

type Dec = InstanceType<typeof Decimal>;

const money = (amount: Dec, currency: string) => Money.of(amount, currency);
const ratio = (numerator: Dec, denominator: Dec): JsonValue =>
  denominator.isZero()
    ? { numerator: numerator.toString(), denominator: '0', ratio: null, reason: 'denominator is zero' }
    : {
        numerator: numerator.toString(),
        denominator: denominator.toString(),
        ratio: numerator.dividedBy(denominator).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString(),
        rounding: 'half-up to 6 decimals',
      };

/**
 * The open pipeline at the cutoff (end of period, or asOf if earlier): per pipeline and stage, the open
 * deals, their amount, and the weighted amount (amount × stage probability, rounded half-up to the
 * currency's minor unit once per stage). A deal's stage at the cutoff comes from its stage history. With a
 * reporting currency, each open deal is converted at the rate on the cutoff's day before the sums.
 *
 * @example
 * ```ts
 * import { pipelineSnapshotStep } from 'openspm';
 * pipelineSnapshotStep.writes; //=> ['pipeline-snapshot']
 * ```
 */
export const pipelineSnapshotStep: PeriodCloseStep = {
  name: 'pipeline-snapshot',
  reads: ['pipelines', 'deals', 'stageChanges'],
  writes: ['pipeline-snapshot'],
  async run(ctx) {
    const cut = ctx.cutoff.getTime();
    const atCut = new Date(cut + 1);
    // Each deal's last stage change at or before the cutoff: memory grows with deals, not with history.
    const last = new Map<string, string>();
    for await (const page of ctx.read('stageChanges', { to: atCut })) {
      for (const c of page) last.set(c.dealId, c.toStageId);
    }
    const pipelines = await ctx.collect('pipelines', 'all');
    const stages = new Map<string, Map<string, Stage>>(
      pipelines.map((p) => [p.id, new Map(p.stages.map((s) => [s.id, s]))]),
    );
    const cells = new Map<string, { pipelineId: string; stage: Stage; count: number; amount: Dec }>();
    const conv = new StepMoney(ctx);
    const cutDay = toCalendarDate(ctx.cutoff, ctx.calendar.zone);
    let unplaced = 0;
    for await (const page of ctx.read('deals', { from: atCut, to: atCut })) {
      for (const deal of page) {
        if (deal.closedAt && deal.closedAt.getTime() <= cut) continue;
        const stageId = last.get(deal.id) ?? (deal.closedAt ? undefined : deal.stageId);
        const stage = stageId === undefined ? undefined : stages.get(deal.pipelineId)?.get(stageId);
        if (stage?.kind !== 'open') {
          unplaced++;
          continue;
        }
        // Open at the cutoff: converted at the rate on the cutoff's day (as the funnel does while open).
        const value = conv.in(deal.amount, cutDay, `deal "${deal.id}"`, 'deal', deal.id);
        const id = `${deal.pipelineId}\u0000${stage.id}`;
        let cell = cells.get(id);
        if (!cell) {
          cell = { pipelineId: deal.pipelineId, stage, count: 0, amount: new Decimal(0) };
          cells.set(id, cell);
        }
        cell.count++;
        cell.amount = cell.amount.plus(value.amount);
      }
    }
    const currency = conv.runCurrency;
    const results: ResultInput[] = [];
    let openDeals = 0;
    for (const p of pipelines) {
      for (const stage of p.stages) {
        if (stage.kind !== 'open') continue;
        const cell = cells.get(`${p.id}\u0000${stage.id}`);
        const c = currency ?? p.currency;
        if (!c) continue;
        const amount = money(cell?.amount ?? new Decimal(0), c);
        const probability = stage.probability ?? 0;
        const weighted = amount.times(probability).round('half-up');
        openDeals += cell?.count ?? 0;
        results.push({
          kind: 'pipeline-snapshot',
          key: `${ctx.period.key}|${p.id}|${stage.id}`,
          periodKey: ctx.period.key,
          subjectId: stage.id,
          amount,
          payload: {
            pipelineId: p.id,
            stageId: stage.id,
            stageName: stage.name,
            at: ctx.cutoff.toISOString(),
            deals: cell?.count ?? 0,
            amount: amount.toJSON(),
            probability,
            weighted: {
              ...weighted.toJSON(),
              rounding: 'amount × probability, half-up to the minor unit, once per stage',
            },
          },
        });
      }
    }
    const conversions = conv.summary();
    return {
      results,
      summary: {
        openDeals,
        stages: results.length,
        dealsWithoutKnownStage: unplaced,
        ...(conversions === undefined ? {} : { conversions }),
      },
    };
  },
};

interface RepTotals {
  won: number;
  wonAmount: Dec;
  lost: number;
  collected: number;
  collectedAmount: Dec;
}

/**
 * Won, lost and collected in the period, per deal owner and for the company: won and lost deals by
 * their close date (a deal in a won stage counts as won), collected by payment date, each day placed in
 * the calendar's zone, nothing after asOf; win rate = won ÷ (won + lost), `null` with a reason when no
 * deal closed. With a reporting currency, won deals convert at their close date and payments at their
 * date (each rounded once), and the summary lists the rates used (`conversions`).
 *
 * @example
 * ```ts
 * import { periodTotalsStep } from 'openspm';
 * periodTotalsStep.reads; //=> ['pipelines', 'deals', 'payments']
 * ```
 */
export const periodTotalsStep: PeriodCloseStep = {
  name: 'period-totals',
  reads: ['pipelines', 'deals', 'payments'],
  writes: ['period-total'],
  async run(ctx) {
    const kinds = new Map<string, string>();
    for (const p of await ctx.collect('pipelines', 'all'))
      for (const s of p.stages) kinds.set(`${p.id}\u0000${s.id}`, s.kind);
    const totals = new Map<string, RepTotals>();
    const of = (rep: string) => {
      let t = totals.get(rep);
      if (!t) {
        t = { won: 0, wonAmount: new Decimal(0), lost: 0, collected: 0, collectedAmount: new Decimal(0) };
        totals.set(rep, t);
      }
      return t;
    };
    const conv = new StepMoney(ctx);
    const unattributed: RepTotals = {
      won: 0,
      wonAmount: new Decimal(0),
      lost: 0,
      collected: 0,
      collectedAmount: new Decimal(0),
    };
    // Payments of the period may be on deals closed long ago: the owner map covers every deal.
    const owner = new Map<string, string>();
    for await (const page of ctx.read('deals', 'all')) {
      for (const deal of page as Deal[]) {
        owner.set(deal.id, deal.ownerId);
        if (!deal.closedAt || !ctx.inPeriod(deal.closedAt)) continue;
        const kind = kinds.get(`${deal.pipelineId}\u0000${deal.stageId}`);
        const t = of(deal.ownerId);
        if (kind === 'won') {
          const value = conv.in(deal.amount, deal.closedAt, `deal "${deal.id}"`, 'deal', deal.id);
          t.won++;
          t.wonAmount = t.wonAmount.plus(value.amount);
        } else if (kind === 'lost') t.lost++;
      }
    }
    for await (const page of ctx.read('payments')) {
      for (const p of page) {
        if (!ctx.inPeriod(p.at)) continue;
        const value = conv.in(p.amount, p.at, `payment "${p.id}"`, 'payment', p.id);
        const rep = owner.get(p.dealId);
        // A payment on a deal the CRM no longer has counts for the company, not for a made-up rep.
        const t = rep === undefined ? unattributed : of(rep);
        t.collected++;
        t.collectedAmount = t.collectedAmount.plus(value.amount);
      }
    }
    const company = {
      won: 0,
      wonAmount: new Decimal(0),
      lost: 0,
      collected: 0,
      collectedAmount: new Decimal(0),
    };
    for (const t of [...totals.values(), unattributed]) {
      company.won += t.won;
      company.wonAmount = company.wonAmount.plus(t.wonAmount);
      company.lost += t.lost;
      company.collected += t.collected;
      company.collectedAmount = company.collectedAmount.plus(t.collectedAmount);
    }
    const c = conv.runCurrency ?? 'XXX';
    const result = (subject: string | undefined, t: RepTotals): ResultInput => ({
      kind: 'period-total',
      key: subject === undefined ? `${ctx.period.key}|company` : `${ctx.period.key}|rep|${subject}`,
      periodKey: ctx.period.key,
      subjectId: subject,
      amount: money(t.wonAmount, c),
      payload: {
        scope: subject === undefined ? 'company' : 'rep',
        repId: subject ?? null,
        won: { deals: t.won, amount: money(t.wonAmount, c).toJSON() },
        lost: { deals: t.lost },
        collected: { payments: t.collected, amount: money(t.collectedAmount, c).toJSON() },
        winRate: ratio(new Decimal(t.won), new Decimal(t.won + t.lost)),
      },
    });
    const reps = [...totals.keys()].sort();
    const results = [result(undefined, company), ...reps.map((r) => result(r, totals.get(r) as RepTotals))];
    const conversions = conv.summary();
    return {
      results,
      summary: {
        currency: c,
        won: company.won,
        wonAmount: money(company.wonAmount, c).toString(),
        lost: company.lost,
        collectedAmount: money(company.collectedAmount, c).toString(),
        reps: reps.length,
        paymentsOnUnknownDeals: unattributed.collected,
        ...(conversions === undefined ? {} : { conversions }),
      },
    };
  },
};

/**
 * Activities in the period per rep: the count by type and how many were marked high-quality. Activities
 * are streamed page by page, so memory does not grow with their number.
 *
 * @example
 * ```ts
 * import { activityTotalsStep } from 'openspm';
 * activityTotalsStep.writes; //=> ['activity-total']
 * ```
 */
export const activityTotalsStep: PeriodCloseStep = {
  name: 'activity-totals',
  reads: ['activities'],
  writes: ['activity-total'],
  async run(ctx) {
    const perRep = new Map<string, { total: number; quality: number; byType: Map<string, number> }>();
    let total = 0;
    for await (const page of ctx.read('activities')) {
      for (const a of page) {
        if (!ctx.inPeriod(a.at)) continue;
        let t = perRep.get(a.repId);
        if (!t) {
          t = { total: 0, quality: 0, byType: new Map() };
          perRep.set(a.repId, t);
        }
        t.total++;
        total++;
        if (a.quality) t.quality++;
        t.byType.set(a.type, (t.byType.get(a.type) ?? 0) + 1);
      }
    }
    const reps = [...perRep.keys()].sort();
    const results: ResultInput[] = reps.map((rep) => {
      const t = perRep.get(rep) as { total: number; quality: number; byType: Map<string, number> };
      return {
        kind: 'activity-total',
        key: `${ctx.period.key}|rep|${rep}`,
        periodKey: ctx.period.key,
        subjectId: rep,
        payload: { repId: rep, total: t.total, quality: t.quality, byType: Object.fromEntries(t.byType) },
      };
    });
    return { results, summary: { activities: total, reps: reps.length } };
  },
};

function repWorkingDays(rep: Rep, ctx: PeriodCloseContext): number {
  const zone = ctx.calendar.zone;
  const hired = toCalendarDate(rep.hireDate, zone);
  const left = rep.endDate ? toCalendarDate(rep.endDate, zone) : undefined;
  const start = [hired, ctx.period.start].sort()[1] as string; // the later of two YYYY-MM-DD dates
  // endDate is the last day worked: the span ends the day after it.
  const leftEnd =
    left === undefined ? undefined : toCalendarDate(new Date(Date.parse(`${left}T00:00:00Z`) + 86_400_000));
  const end = leftEnd !== undefined && leftEnd < ctx.period.end ? leftEnd : ctx.period.end;
  return start < end ? workingDays(customPeriod(start, end), ctx.calendar) : 0;
}

/**
 * Splits each company or team target of the period over the reps (role `rep`) employed in it, weighted
 * by each rep's working days in the period (hire and leave dates clipped, the calendar's holidays
 * counted), by largest remainder so the shares sum exactly to the target; rep targets pass through. When
 * `period-totals` ran first, each share carries its progress: actual ÷ target (`null` with a reason for a
 * zero target). With a reporting currency, a target in another currency is converted on its period's first
 * day before the split (the payload keeps `targetAsStored` and the conversion sentence).
 *
 * @example
 * ```ts
 * import { targetAllocationStep } from 'openspm';
 * targetAllocationStep.reads; //=> ['targets', 'reps', 'teams']
 * ```
 */
export const targetAllocationStep: PeriodCloseStep = {
  name: 'target-allocation',
  reads: ['targets', 'reps', 'teams'],
  writes: ['target-allocation'],
  async run(ctx) {
    const targets = (await ctx.collect('targets')).filter((t) => t.period.key === ctx.period.key);
    // Sorted by id, so ties of the largest remainder go the same way whatever order the adapter reads in.
    const reps = (await ctx.collect('reps'))
      .filter((r) => r.role === 'rep')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const teams = await ctx.collect('teams', 'all');
    const parent = new Map(teams.map((t) => [t.id, t.parentId]));
    const under = (teamId: string, ancestor: string) => {
      const seen = new Set<string>();
      for (let t: string | undefined = teamId; t !== undefined && !seen.has(t); t = parent.get(t)) {
        if (t === ancestor) return true;
        seen.add(t);
      }
      return false;
    };
    const actualOf = new Map<string, Record<string, { amount: string }>>();
    for (const r of ctx.output('period-totals')?.results ?? []) {
      if (r.subjectId === undefined) continue;
      const p = r.payload as {
        won: { amount: { amount: string } };
        collected: { amount: { amount: string } };
      };
      actualOf.set(String(r.subjectId), {
        'won-amount': p.won.amount,
        'collected-amount': p.collected.amount,
      });
    }
    const days = new Map(reps.map((r) => [r.id, repWorkingDays(r, ctx)]));
    // With a reporting currency, a target in another currency is converted (at the rate on its period's first
    // day, or by the run's policy) before it is split, so the shares sum exactly to the converted target.
    const conv = ctx.reportingCurrency === undefined ? undefined : new StepMoney(ctx);
    const results: ResultInput[] = [];
    let unallocated = 0;
    for (const target of [...targets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const members =
        target.scope.type === 'company'
          ? reps
          : target.scope.type === 'team'
            ? reps.filter((r) => under(r.teamId, target.scope.id as string))
            : reps.filter((r) => r.id === target.scope.id);
      const weights = members.map((r) => (target.scope.type === 'rep' ? 1 : (days.get(r.id) ?? 0)));
      const totalDays = weights.reduce((a, b) => a + b, 0);
      if (totalDays === 0) {
        unallocated++;
        continue;
      }
      const { amount, text } = conv
        ? conv.explained(
            target.amount,
            target.period.start,
            `target "${target.id}" amount`,
            'target',
            target.id,
          )
        : { amount: target.amount, text: null };
      const shares = amount.allocate(weights);
      members.forEach((rep, i) => {
        const share = shares[i] as Money;
        const actual = actualOf.get(rep.id)?.[target.metric];
        const actualAmount = actual ? new Decimal(actual.amount) : undefined;
        results.push({
          kind: 'target-allocation',
          key: `${ctx.period.key}|${target.id}|${rep.id}`,
          periodKey: ctx.period.key,
          subjectId: rep.id,
          amount: share,
          payload: {
            targetId: target.id,
            targetVersion: target.version,
            metric: target.metric,
            scope: { ...target.scope },
            repId: rep.id,
            target: amount.toJSON(),
            ...(text === null
              ? {}
              : {
                  targetAsStored: target.amount.toJSON(),
                  targetConversion: `converted before the split: ${text}`,
                }),
            weight: { workingDays: weights[i] as number, totalWorkingDays: totalDays },
            allocated: share.toJSON(),
            method: 'largest remainder over working days; shares sum exactly to the target',
            progress:
              actualAmount === undefined
                ? null
                : {
                    actual: Money.of(actualAmount, share.currency).toJSON(),
                    ...(ratio(actualAmount, share.amount) as object),
                  },
          },
        });
      });
    }
    const conversions = conv?.summary();
    return {
      results,
      summary: {
        targets: targets.length,
        allocations: results.length,
        unallocatedTargets: unallocated,
        ...(conversions === undefined ? {} : { conversions }),
      },
    };
  },
};

/**
 * The steps {@link runPeriodClose} runs by default, in order: pipeline snapshot, period totals, activity
 * totals, target allocation, target variance, funnel, KPI scores, warnings, incentives. Pass a shorter list
 * (such as the first four) to skip the analytics.
 *
 * @example
 * ```ts
 * import { defaultPeriodCloseSteps } from 'openspm';
 * defaultPeriodCloseSteps().map((s) => s.name);
 * //=> ['pipeline-snapshot', 'period-totals', 'activity-totals', 'target-allocation',
 * //    'target-variance', 'funnel', 'kpi-score', 'warnings', 'incentives']
 * ```
 */
export function defaultPeriodCloseSteps(): PeriodCloseStep[] {
  return [
    pipelineSnapshotStep,
    periodTotalsStep,
    activityTotalsStep,
    targetAllocationStep,
    targetVarianceStep,
    funnelStep,
    kpiScoreStep,
    warningStep,
    incentivesStep,
  ];
}
