import { ErrorCode, OpenSpmError } from '../../errors';
import {
  type CalculateIncentivesInput,
  type CalculateIncentivesResult,
  calculateIncentives,
  type Plan,
  validatePlan,
} from '../../incentives/index';
import type { Rep, RepRole } from '../../model/index';
import { Decimal, Money } from '../../money/index';
import { type CalendarPeriodKind, periodContaining, toCalendarDate } from '../../period/index';
import type { PeriodCloseStep, PeriodCloseStepOutput } from '../period-close';
import type { JsonValue, ResultInput, StoredDocument } from '../records';
import { MAX_RATE_ROWS } from './shared';

type Dec = InstanceType<typeof Decimal>;

/**
 * Options of {@link createIncentivesStep}.
 *
 * @example
 * ```ts
 * import type { IncentivesStepOptions } from 'openspm';
 * const options: IncentivesStepOptions = {
 *   roles: ['rep', 'manager'],
 *   assign: (rep) => (rep.teamId === 'EAST' ? 'east-2024' : 'west-2024'),
 * };
 * ```
 */
export interface IncentivesStepOptions {
  /** Roles of the stored reps who are payees (default `['rep']`). */
  roles?: readonly RepRole[];
  /**
   * Which plan id(s) a payee is on, given the ids of the plans in force. Default: everyone on the one plan in
   * force; with several plan ids in force and no `assign`, the step stops with `INVALID_INPUT`.
   */
  assign?: (rep: Rep, planIds: readonly string[]) => string | readonly string[] | undefined;
  /** The target metric read as quota (default `'won-amount'`). */
  quotaMetric?: string;
}

interface PlanDoc {
  plan: Plan;
  document: { id: string; version: number; name: string };
}

const DAY = 86_400_000;
const attainmentKind = (c: Plan['components'][number]): string | undefined =>
  (c as { attainmentPeriod?: string }).attainmentPeriod;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A stored plan document as a validated plan: the document's effective range is the plan's. */
function planOf(doc: StoredDocument): Plan {
  const where = `plan document "${doc.id}" (version ${doc.version})`;
  const body = doc.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new OpenSpmError(ErrorCode.INVALID_PLAN, `${where}: the body must be a plan object`, {
      path: ['plans', doc.id, 'body'],
    });
  }
  const range =
    doc.effectiveTo === undefined
      ? { from: doc.effectiveFrom }
      : { from: doc.effectiveFrom, to: doc.effectiveTo };
  const stated = body.effective as { from?: unknown; to?: unknown } | undefined;
  if (stated !== undefined && (stated?.from !== range.from || stated?.to !== range.to)) {
    throw new OpenSpmError(
      ErrorCode.INVALID_PLAN,
      `${where}: the plan says it is effective ${String(stated?.from)} to ${String(stated?.to ?? 'open')} but the document is effective ${range.from} to ${range.to ?? 'open'}; make them agree or leave "effective" out of the body`,
      { path: ['plans', doc.id, 'body', 'effective'] },
    );
  }
  try {
    return validatePlan({ ...body, effective: range } as unknown as Plan);
  } catch (error) {
    if (!(error instanceof OpenSpmError)) throw error;
    throw new OpenSpmError(error.code, `${where}: ${error.message}`, {
      path: ['plans', doc.id, 'body', ...error.path],
      issues: error.issues.map((i) => ({ ...i, path: ['plans', doc.id, 'body', ...i.path] })),
    });
  }
}

/** Quotas: a rep's own target, else the share of the narrowest team or company target allocated this run. */
function quotasOf(targets: { scope: string; rep: string; period: string; amount: Money }[]) {
  const rank: Record<string, number> = { rep: 0, team: 1, company: 2 };
  const best = new Map<
    string,
    { rank: number; amount: Dec; currency: string; period: string; rep: string }
  >();
  for (const t of targets) {
    const key = `${t.rep}\u0000${t.period}`;
    const r = rank[t.scope] ?? 3;
    const cur = best.get(key);
    if (!cur || r < cur.rank) {
      best.set(key, {
        rank: r,
        amount: t.amount.amount,
        currency: t.amount.currency,
        period: t.period,
        rep: t.rep,
      });
    } else if (r === cur.rank) cur.amount = cur.amount.plus(t.amount.amount);
  }
  return [...best.values()].map((q) => ({
    payeeId: q.rep,
    period: q.period,
    amount: Money.of(q.amount, q.currency),
  }));
}

/**
 * The statement lines converted by a plan's `exchange`, per plan currency pair and rate (bounded: one row per
 * pair, policy and rate, never one per deal); `undefined` when nothing was converted.
 */
function incentiveConversions(result: CalculateIncentivesResult): JsonValue | undefined {
  const rows = new Map<string, { pair: string; policy: string; rate: string; text: string; lines: number }>();
  for (const st of result.statements) {
    for (const line of st.lines) {
      const c = line.conversion;
      if (!c) continue;
      const pair = `${c.original.currency}→${c.converted.currency}`;
      const key = `${pair}|${c.rateText}`;
      const row = rows.get(key);
      if (row) row.lines++;
      else rows.set(key, { pair, policy: c.policy, rate: c.rate, text: c.rateText, lines: 1 });
    }
  }
  if (rows.size === 0) return undefined;
  const all = [...rows.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, row]) => row);
  const kept = all.slice(0, MAX_RATE_ROWS);
  return {
    lines: all.reduce((n, r) => n + r.lines, 0),
    rates: kept,
    ratesOmitted: all.length - kept.length,
  };
}

/**
 * The incentives step of a period close, with options: see {@link incentivesStep} for what it reads and
 * writes.
 *
 * @param options - roles of payees, who is on which plan, the quota metric.
 * @example
 * ```ts
 * import { createIncentivesStep } from 'openspm';
 * const step = createIncentivesStep({ roles: ['rep', 'manager'] });
 * step.writes; //=> ['payout-statement', 'ledger-entry']
 * ```
 */
export function createIncentivesStep(options: IncentivesStepOptions = {}): PeriodCloseStep {
  const roles = new Set<string>(options.roles ?? ['rep']);
  const quotaMetric = options.quotaMetric ?? 'won-amount';
  return {
    name: 'incentives',
    reads: ['plans', 'reps', 'pipelines', 'deals', 'payments', 'targets'],
    writes: ['payout-statement', 'ledger-entry'],
    async run(ctx): Promise<PeriodCloseStepOutput> {
      const { period } = ctx;
      const zone = ctx.calendar.zone;
      const docs = (await ctx.collect('plans', 'all')).sort(byId);
      const inForce = docs.filter(
        (d) => d.effectiveFrom < period.end && (d.effectiveTo === undefined || d.effectiveTo > period.start),
      );
      if (inForce.length === 0) {
        return {
          results: [],
          summary: { plans: 0, note: `no commission plan in force in ${period.key}: nothing calculated` },
        };
      }
      // Every version of the plans in force: attainment, caps, draws and true-ups look back to the plan's start.
      const planIds = new Set(inForce.map((d) => String(planOf(d).id)));
      const used: PlanDoc[] = [];
      for (const d of docs) {
        const plan = d.body && typeof d.body === 'object' && !Array.isArray(d.body) ? d.body.id : undefined;
        if (inForce.includes(d) || (typeof plan === 'string' && planIds.has(plan))) {
          used.push({ plan: planOf(d), document: { id: d.id, version: d.version, name: d.name } });
        }
      }
      const documentOf = new Map(used.map((u) => [`${u.plan.id}\u0000${u.plan.version}`, u.document]));
      const span = new Map<string, { from: string; to: string | undefined }>();
      for (const { plan } of used) {
        const s = span.get(plan.id);
        const to = plan.effective.to;
        if (!s) span.set(plan.id, { from: plan.effective.from, to });
        else {
          if (plan.effective.from < s.from) s.from = plan.effective.from;
          s.to = s.to === undefined || to === undefined ? undefined : [to, s.to].sort()[1];
        }
      }
      const ids = [...span.keys()].sort();
      // The attainment window: from the start of the longest attainment (or pay) period containing the
      // period's first day, not before the plan starts.
      const starts: string[] = [];
      for (const { plan } of used) {
        let start = period.start;
        for (const kind of [plan.payPeriod, ...plan.components.map((c) => attainmentKind(c))]) {
          if (kind === undefined) continue;
          const s = periodContaining(kind as CalendarPeriodKind, period.start, ctx.calendar).start;
          if (s < start) start = s;
        }
        starts.push([start, span.get(plan.id)?.from as string].sort()[1] as string);
      }
      const historyStart = starts.sort()[0] as string;

      // Payees and assignments: each rep of the roles, on the plan(s) `assign` names, while employed.
      const reps = (await ctx.collect('reps', 'all')).filter((r) => roles.has(r.role)).sort(byId);
      const assignments: CalculateIncentivesInput['assignments'] = [];
      for (const rep of reps) {
        let chosen: string | readonly string[] | undefined;
        if (options.assign) chosen = options.assign(rep, ids);
        else if (ids.length === 1) chosen = ids[0];
        else {
          throw new OpenSpmError(
            ErrorCode.INVALID_INPUT,
            `${ids.length} commission plans are in force in ${period.key} (${ids.join(', ')}): pass createIncentivesStep({ assign }) to say who is on which`,
            { path: ['steps', 'incentives', 'assign'] },
          );
        }
        const hired = toCalendarDate(rep.hireDate, zone);
        const left = rep.endDate ? nextDay(toCalendarDate(rep.endDate, zone)) : undefined;
        for (const planId of chosen === undefined ? [] : typeof chosen === 'string' ? [chosen] : chosen) {
          const s = span.get(planId);
          if (!s) {
            throw new OpenSpmError(
              ErrorCode.UNKNOWN_REFERENCE,
              `assign put rep "${rep.id}" on plan "${planId}", which is not in force in ${period.key} (in force: ${ids.join(', ')})`,
              { path: ['steps', 'incentives', 'assign', rep.id] },
            );
          }
          const from = [hired, s.from].sort()[1] as string; // the later of two YYYY-MM-DD dates
          const ends = [s.to, left].filter((d): d is string => d !== undefined).sort();
          const to = ends[0];
          if (to !== undefined && to <= from) continue;
          assignments.push(
            to === undefined ? { payeeId: rep.id, planId, from } : { payeeId: rep.id, planId, from, to },
          );
        }
      }
      if (assignments.length === 0) {
        return {
          results: [],
          summary: { plans: ids.length, payees: 0, note: `no rep is on a commission plan in ${period.key}` },
        };
      }

      // Won deals from the plans' start to the cutoff, credited to their owner; payments on those deals.
      const won = new Set<string>();
      for (const p of await ctx.collect('pipelines', 'all'))
        for (const s of p.stages) if (s.kind === 'won') won.add(`${p.id}\u0000${s.id}`);
      const cut = ctx.cutoff.getTime();
      const deals: NonNullable<CalculateIncentivesInput['deals']> = [];
      for await (const page of ctx.read('deals', 'all')) {
        for (const d of page) {
          if (!d.closedAt || d.closedAt.getTime() > cut || !won.has(`${d.pipelineId}\u0000${d.stageId}`))
            continue;
          if (toCalendarDate(d.closedAt, zone) < historyStart) continue;
          deals.push({
            id: d.id,
            amount: d.amount,
            date: d.closedAt,
            payeeId: d.ownerId,
            ...(d.product === undefined ? {} : { product: d.product }),
          });
        }
      }
      const dealIds = new Set(deals.map((d) => d.id));
      const payments: NonNullable<CalculateIncentivesInput['payments']> = [];
      for await (const page of ctx.read('payments', 'all')) {
        for (const p of page) {
          if (p.at.getTime() > cut || !dealIds.has(p.dealId)) continue;
          payments.push({ id: p.id, dealId: p.dealId, amount: p.amount, date: p.at });
        }
      }

      // Quotas from stored targets of the quota metric (see docs/storage.md).
      const targets: { scope: string; rep: string; period: string; amount: Money }[] = [];
      const allocatedPeriods = new Set<string>();
      for (const r of ctx.output('target-allocation')?.results ?? []) {
        const p = r.payload as { metric?: string; repId?: string; scope?: { type?: string } };
        if (p.metric !== quotaMetric || !p.repId || !r.amount) continue;
        allocatedPeriods.add(r.periodKey);
        targets.push({
          scope: p.scope?.type ?? 'company',
          rep: p.repId,
          period: r.periodKey,
          amount: r.amount instanceof Money ? r.amount : Money.of(r.amount.amount, r.amount.currency),
        });
      }
      for (const t of await ctx.collect('targets', 'all')) {
        if (t.metric !== quotaMetric || t.scope.type !== 'rep' || allocatedPeriods.has(t.period.key))
          continue;
        targets.push({ scope: 'rep', rep: t.scope.id as string, period: t.period.key, amount: t.amount });
      }

      const input: CalculateIncentivesInput = {
        plans: used.map((u) => u.plan),
        assignments,
        payees: reps.map((r) => ({ id: r.id, name: r.name, teamId: r.teamId })),
        deals,
        payments,
        quotas: quotasOf(targets),
      };
      // The run's rates: plans whose exchange is 'transaction-date' or 'period-average' convert with them (to
      // the plan's currency); plans with fixed rates or without exchange do not read them.
      const result: CalculateIncentivesResult = calculateIncentives(input, {
        from: period.start,
        to: period.end,
        calendar: ctx.calendar,
        ...(ctx.rates === undefined ? {} : { rates: ctx.rates }),
      });

      const results: ResultInput[] = [];
      let payable: Dec = new Decimal(0);
      let currency = '';
      const payees = new Set<string>();
      for (const st of result.statements) {
        const document = documentOf.get(`${st.plan.id}\u0000${st.plan.version}`) as PlanDoc['document'];
        const base = `${period.key}|${st.payeeId}|${st.period.key}|${st.plan.id}`;
        payees.add(st.payeeId);
        payable = payable.plus(st.totals.payable.amount);
        currency = st.currency;
        results.push({
          kind: 'payout-statement',
          key: base,
          periodKey: period.key,
          subjectId: st.payeeId,
          amount: st.totals.payable,
          payload: { planDocument: document, statement: st as unknown as JsonValue },
        });
        st.lines.forEach((line, i) => {
          results.push({
            kind: 'ledger-entry',
            key: `${base}|${String(i + 1).padStart(4, '0')}`,
            periodKey: period.key,
            subjectId: st.payeeId,
            amount: line.amount,
            payload: {
              payeeId: st.payeeId,
              payPeriod: st.period.key,
              plan: { ...st.plan },
              planDocument: document,
              line: i + 1,
              entry: line as unknown as JsonValue,
            },
          });
        });
      }
      const statements = results.filter((r) => r.kind === 'payout-statement').length;
      const converted = incentiveConversions(result);
      return {
        results,
        summary: {
          plans: used.map(
            (u) => `${u.plan.id} v${u.plan.version} (document ${u.document.id} v${u.document.version})`,
          ),
          payees: payees.size,
          statements,
          ledgerEntries: results.length - statements,
          payable: currency ? Money.of(payable, currency).toString() : '0',
          ...(converted === undefined ? {} : { conversions: converted }),
        },
      };
    },
  };
}

/**
 * Payout statements in a period close: reads the commission plans in force (stored documents whose body is
 * a plan, validated with `PlanSchema`; every version of those plans, since attainment, caps, draws and
 * true-ups look back to the plan's start), puts each stored rep (role `rep`) on the one plan in force
 * while employed, credits won deals to their owner and payments on them (nothing after the cutoff), takes
 * quotas from stored targets (metric `won-amount`: a rep's own target, else their share of the narrowest
 * team or company target allocated by `target-allocation`), runs `calculateIncentives` for the pay
 * periods of the closed period, and writes one `payout-statement` per payee, pay period and plan (key
 * `period|payee|pay period|plan`) and one `ledger-entry` per statement line, each recording the plan
 * document's id and version. With no plan stored it does nothing and says so. Use
 * {@link createIncentivesStep} for several plans, other roles or another quota metric. The run's `rates` are
 * passed to `calculateIncentives`, so plans whose `exchange` is `'transaction-date'` or `'period-average'` convert.
 *
 * @example
 * ```ts
 * import { incentivesStep } from 'openspm';
 * incentivesStep.writes; //=> ['payout-statement', 'ledger-entry']
 * ```
 */
export const incentivesStep: PeriodCloseStep = createIncentivesStep();
