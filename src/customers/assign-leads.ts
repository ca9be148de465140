import { z } from 'zod';
import { ErrorCode, issue, type OpenSpmIssue, parseOrThrow, throwIssues } from '../errors';
import { type AccountInput, AccountSchema, IdSchema } from '../model/index';
import { Decimal } from '../money/index';
import { type CalendarDate, CalendarDateSchema, dayNumber } from '../period/index';
import { checkUniqueIds, DateArg, optionalText, ratio4 } from './shared';

/**
 * The lead attributes territory and skill rules look at.
 *
 * @example
 * ```ts
 * import { LEAD_ATTRIBUTES } from 'openspm';
 * LEAD_ATTRIBUTES; //=> ['region', 'product', 'grade']
 * ```
 */
export const LEAD_ATTRIBUTES = ['region', 'product', 'grade'] as const;

/**
 * One of {@link LEAD_ATTRIBUTES}.
 *
 * @example
 * ```ts
 * import type { LeadAttribute } from 'openspm';
 * const attribute: LeadAttribute = 'region';
 * ```
 */
export type LeadAttribute = (typeof LEAD_ATTRIBUTES)[number];

const stringList = z.array(z.string().min(1)).optional();

const LeadSchema = z.object({
  id: IdSchema,
  region: optionalText,
  product: optionalText,
  grade: optionalText,
  source: optionalText,
  accountId: IdSchema.nullish().transform((v) => v ?? undefined),
});

const AssigneeSchema = z.object({
  id: IdSchema,
  name: optionalText,
  active: z.boolean().default(true),
  regions: stringList,
  products: stringList,
  grades: stringList,
  openLoad: z.int().min(0, 'openLoad must be 0 or more').default(0),
  capacity: z.number().finite().positive('capacity must be a positive number').optional(),
  dailyCap: z.int().min(0, 'dailyCap must be 0 or more').optional(),
  assignedToday: z.int().min(0, 'assignedToday must be 0 or more').default(0),
  hireDate: CalendarDateSchema.optional(),
});

const RuleSchema = z.strictObject({
  name: z.string().min(1),
  when: z.strictObject({
    region: stringList,
    product: stringList,
    grade: stringList,
    source: stringList,
  }),
  repIds: z.array(IdSchema).min(1, 'a rule needs at least one rep'),
});

const RampStepSchema = z.strictObject({
  days: z.int().min(1, 'days must be 1 or more'),
  factor: z.number().finite().min(0, 'factor must be 0 to 1').max(1, 'factor must be 0 to 1'),
});

const AssignLeadsInputSchema = z.object({
  leads: z.array(LeadSchema),
  reps: z.array(AssigneeSchema).min(1, 'give at least one rep to assign leads to'),
  cursor: IdSchema.nullish().transform((v) => v ?? null),
  accounts: z.array(AccountSchema).optional(),
});

const AssignLeadsOptionsSchema = z.strictObject({
  policy: z.enum(['round-robin', 'weighted']).default('round-robin'),
  asOf: DateArg,
  dailyCap: z.int().min(0).optional(),
  defaultCapacity: z.number().finite().positive().optional(),
  match: z.array(z.enum(LEAD_ATTRIBUTES)).default([...LEAD_ATTRIBUTES]),
  rules: z.array(RuleSchema).default([]),
  ramp: z.array(RampStepSchema).default([
    { days: 30, factor: 0.5 },
    { days: 90, factor: 0.75 },
  ]),
  overflow: z.enum(['leave-unassigned', 'relax-rules', 'pool']).default('leave-unassigned'),
});

/**
 * A new lead to assign. `region`, `product` and `grade` (the account's grade) are what territory and skill
 * rules look at; `source` can be matched by explicit rules.
 *
 * @example
 * ```ts
 * import type { LeadInput } from 'openspm';
 * const lead: LeadInput = { id: 'L-1001', region: 'East', product: 'CRM Suite', grade: 'A', source: 'inbound' };
 * ```
 */
export interface LeadInput {
  /** Lead id. */
  id: string | number;
  /** Sales region of the lead. */
  region?: string | null;
  /** Product the lead asks about. */
  product?: string | null;
  /** Grade of the lead's account, if known. */
  grade?: string | null;
  /** Lead source (`'inbound'`, `'event'`…). */
  source?: string | null;
  /** The account, if the lead belongs to a known customer. */
  accountId?: string | number | null;
}

/**
 * A rep who can receive leads, with what assignment needs to know: coverage (absent = covers everything),
 * current open load, capacity, daily cap, leads already received today, and hire date (for ramp).
 *
 * @example
 * ```ts
 * import type { LeadAssignee } from 'openspm';
 * const rep: LeadAssignee = {
 *   id: 'rep-1', regions: ['East'], products: ['CRM Suite'], openLoad: 12, capacity: 30,
 *   dailyCap: 5, assignedToday: 1, hireDate: '2024-11-01',
 * };
 * ```
 */
export interface LeadAssignee {
  /** Rep id. */
  id: string | number;
  /** Name shown to people. */
  name?: string | null;
  /** Whether the rep takes leads now (default true): false for leave, holidays, leavers. */
  active?: boolean;
  /** Regions the rep covers; absent covers every region. */
  regions?: string[];
  /** Products the rep sells; absent covers every product. */
  products?: string[];
  /** Account grades the rep handles; absent handles every grade. */
  grades?: string[];
  /** Open deals and leads the rep works now (default 0). */
  openLoad?: number;
  /** How many open items the rep can work at full ramp; needed by the `'weighted'` policy. */
  capacity?: number;
  /** Most leads the rep may receive per day; overrides the `dailyCap` option. */
  dailyCap?: number;
  /** Leads the rep already received today (default 0). */
  assignedToday?: number;
  /** Hire date, `'YYYY-MM-DD'`: new hires get a ramped share of their capacity. */
  hireDate?: CalendarDate;
}

/**
 * An explicit routing rule: leads matching every listed attribute go only to `repIds` (A-grade leads to key
 * account managers, `'event'` leads to the event team). The first matching rule wins.
 *
 * @example
 * ```ts
 * import type { AssignmentRule } from 'openspm';
 * const rule: AssignmentRule = { name: 'key accounts', when: { grade: ['A'] }, repIds: ['rep-1', 'rep-4'] };
 * ```
 */
export interface AssignmentRule {
  /** Name shown in the reason of each lead it routes. */
  name: string;
  /** Conditions; each listed attribute must be one of the given values. */
  when: {
    /** Lead regions that match. */
    region?: string[];
    /** Lead products that match. */
    product?: string[];
    /** Account grades that match. */
    grade?: string[];
    /** Lead sources that match. */
    source?: string[];
  };
  /** The reps who may receive matching leads. */
  repIds: (string | number)[];
}

/**
 * A ramp step: during the first `days` after the hire date a rep's capacity is multiplied by `factor`.
 *
 * @example
 * ```ts
 * import type { RampStep } from 'openspm';
 * const ramp: RampStep[] = [{ days: 30, factor: 0.25 }, { days: 90, factor: 0.5 }];
 * ```
 */
export interface RampStep {
  /** Days since hire during which this step applies (steps are read in order; the first that fits wins). */
  days: number;
  /** Share of capacity, 0 to 1. */
  factor: number;
}

/**
 * What {@link assignLeads} assigns: the batch of leads (in arrival order), the reps (in their stable queue
 * order) and the saved round-robin cursor (the id of the rep who received the last lead, or `null`).
 *
 * @example
 * ```ts
 * import type { AssignLeadsInput } from 'openspm';
 * const input: AssignLeadsInput = { leads: [{ id: 'L-1' }], reps: [{ id: 'rep-1' }, { id: 'rep-2' }], cursor: 'rep-1' };
 * ```
 */
export interface AssignLeadsInput {
  /** The leads, in the order they arrived. */
  leads: LeadInput[];
  /** The reps, in the queue's stable order. */
  reps: LeadAssignee[];
  /** The rep who received the last lead of the previous batch; `null` or absent starts at the first rep. */
  cursor?: string | number | null;
  /** Known accounts: a lead with an `accountId` but no `region` or `grade` takes the account's. */
  accounts?: AccountInput[];
}

/**
 * Options for {@link assignLeads}.
 *
 * @example
 * ```ts
 * import type { AssignLeadsOptions } from 'openspm';
 * const options: AssignLeadsOptions = {
 *   asOf: '2024-12-02', policy: 'weighted', dailyCap: 8, defaultCapacity: 30, overflow: 'relax-rules',
 *   rules: [{ name: 'key accounts', when: { grade: ['A'] }, repIds: ['rep-1'] }],
 * };
 * ```
 */
export interface AssignLeadsOptions {
  /** `'round-robin'` (default): next eligible rep after the cursor. `'weighted'`: the eligible rep with the lowest load over ramped capacity. */
  policy?: 'round-robin' | 'weighted';
  /** The assignment day, `'YYYY-MM-DD'` (for ramp by tenure). */
  asOf: CalendarDate;
  /** Daily cap for reps without their own `dailyCap`; absent means no cap. */
  dailyCap?: number;
  /** Capacity for reps without their own (`'weighted'` needs one or the other). */
  defaultCapacity?: number;
  /** Lead attributes a rep's coverage must match (default all: region, product, grade). */
  match?: LeadAttribute[];
  /** Explicit routing rules, first match wins (default none). */
  rules?: AssignmentRule[];
  /** Ramp for new hires under `'weighted'` (default: 50% for 30 days, 75% until day 90). */
  ramp?: RampStep[];
  /**
   * What happens when no eligible rep is left for a lead: `'leave-unassigned'` (default) keeps it for the
   * next batch; `'relax-rules'` retries among all active reps ignoring coverage and rules (caps still hold);
   * `'pool'` puts it in the shared pool (公海) for anyone to claim.
   */
  overflow?: 'leave-unassigned' | 'relax-rules' | 'pool';
}

/**
 * The outcome for one lead: who got it (or `null`), how, and why.
 *
 * @example
 * ```ts
 * import type { LeadAssignment } from 'openspm';
 * const a: LeadAssignment = { leadId: 'L-1', repId: 'rep-2', status: 'assigned', reason: 'round-robin: next after rep-1' };
 * ```
 */
export interface LeadAssignment {
  /** Lead id. */
  leadId: string;
  /** The rep who received it, or `null` when unassigned or pooled. */
  repId: string | null;
  /** `'assigned'` normally; `'overflow'` when assigned by relaxing rules; `'pooled'` or `'unassigned'` otherwise. */
  status: 'assigned' | 'overflow' | 'pooled' | 'unassigned';
  /** Why, in words a sales-ops person can check. */
  reason: string;
  /** The explicit rule that routed it, if any. */
  rule?: string;
}

/**
 * One rep's load before and after the batch, with the limits that applied.
 *
 * @example
 * ```ts
 * import type { RepLoad } from 'openspm';
 * const load: RepLoad = {
 *   repId: 'rep-1', active: true, before: 12, assigned: 3, after: 15, assignedTodayBefore: 1, assignedTodayAfter: 4,
 *   dailyCap: 5, capacity: 30, rampFactor: 1, effectiveCapacity: 30, tenureDays: 400,
 * };
 * ```
 */
export interface RepLoad {
  /** Rep id. */
  repId: string;
  /** Whether the rep took leads. */
  active: boolean;
  /** Open load before the batch. */
  before: number;
  /** Leads assigned in this batch. */
  assigned: number;
  /** Open load after the batch. */
  after: number;
  /** Leads received today before the batch. */
  assignedTodayBefore: number;
  /** Leads received today after the batch; never above `dailyCap`. */
  assignedTodayAfter: number;
  /** The daily cap that applied, or `null` for none. */
  dailyCap: number | null;
  /** Capacity at full ramp, or `null` when none was given. */
  capacity: number | null;
  /** Ramp factor from tenure (1 for reps past the ramp or without a hire date). */
  rampFactor: number;
  /** `capacity × rampFactor`, or `null` without capacity. */
  effectiveCapacity: number | null;
  /** Days since hire on `asOf`, or `null` without a hire date. */
  tenureDays: number | null;
}

/**
 * Max/min of a load measure across active reps.
 *
 * @example
 * ```ts
 * import type { FairnessMeasure } from 'openspm';
 * const f: FairnessMeasure = { basis: 'assigned', max: 4, min: 3, ratio: 1.3333, maxRepId: 'rep-1', minRepId: 'rep-3' };
 * ```
 */
export interface FairnessMeasure {
  /** What is compared: leads `assigned` in the batch, open `load` after it, or `utilisation` (load over effective capacity). */
  basis: 'assigned' | 'load' | 'utilisation';
  /** Highest value (utilisation rounded half-up to 4 decimals). */
  max: number;
  /** Lowest value. */
  min: number;
  /** `max / min` rounded half-up to 4 decimals; `null` when `min` is 0 (see `reason`). 1 is perfectly even. */
  ratio: number | null;
  /** Rep with the highest value (first in queue order on ties). */
  maxRepId: string;
  /** Rep with the lowest value. */
  minRepId: string;
  /** Why `ratio` is `null`, when it is. */
  reason?: string;
}

/**
 * The result of {@link assignLeads}.
 *
 * @example
 * ```ts
 * import type { AssignLeadsResult } from 'openspm';
 * const save = (r: AssignLeadsResult) => ({ cursor: r.cursor, unassigned: r.unassigned });
 * ```
 */
export interface AssignLeadsResult {
  /** The policy used. */
  policy: 'round-robin' | 'weighted';
  /** One entry per lead, in input order. */
  assignments: LeadAssignment[];
  /** The cursor to save for the next batch: the last rep who received a lead (unchanged when none did). */
  cursor: string | null;
  /** Whether the saved cursor named a rep in the list (when not, the queue started at the first rep). */
  cursorFound: boolean;
  /** Every rep's load before and after, in queue order. */
  loads: RepLoad[];
  /** Fairness across active reps; `utilisation` under the weighted policy; `null` with no active rep. */
  fairness: {
    /** Leads assigned in this batch. */
    assigned: FairnessMeasure;
    /** Open load after the batch. */
    load: FairnessMeasure;
    /** Load over effective capacity after the batch (weighted policy only). */
    utilisation?: FairnessMeasure;
  } | null;
  /** Leads assigned (including overflow), pooled and left unassigned. */
  assigned: number;
  /** Leads put in the shared pool. */
  pooled: number;
  /** Leads left unassigned. */
  unassigned: number;
}

type Lead = z.output<typeof LeadSchema>;
type Assignee = z.output<typeof AssigneeSchema>;

interface RepState {
  rep: Assignee;
  index: number;
  cap: number | null;
  capacity: Decimal | null;
  effective: Decimal | null;
  ramp: number;
  tenure: number | null;
  assigned: number;
}

/**
 * Assigns a batch of new leads to reps (线索自动分配), deterministically: the same leads, reps, cursor and
 * options always give the same result. First an explicit rule (first match) or the reps' coverage of the
 * lead's region, product and grade decides who may take a lead; then inactive reps, reps at their daily cap
 * and (weighted policy) reps at their ramped capacity drop out; then the policy picks:
 *
 * - `'round-robin'`: the next eligible rep after the cursor in the queue's stable order. With no other rule,
 *   n leads over k reps give batch loads that differ by at most one.
 * - `'weighted'`: the eligible rep whose load after taking the lead, over capacity × ramp factor, is lowest
 *   (ties in queue order after the cursor). New hires have a smaller ramped capacity, so they get fewer.
 *
 * A lead with an `accountId` but no region or grade takes them from `input.accounts` when given. A lead no
 * one may take goes to the overflow rule. Every lead comes back exactly once, assigned or not,
 * with its reason; the result carries the new cursor, each rep's load before and after, and fairness
 * (max/min) across active reps.
 *
 * @throws OpenSpmError `INVALID_INPUT` for malformed input or options, or `'weighted'` without a capacity
 *   for an active rep; `DUPLICATE_ID` for two reps or leads with one id; `UNKNOWN_REFERENCE` when a rule
 *   names an unknown rep.
 * @example
 * ```ts
 * import { assignLeads } from 'openspm';
 * const result = assignLeads(
 *   {
 *     leads: [{ id: 'L-1', region: 'East' }, { id: 'L-2', region: 'North' }, { id: 'L-3', region: 'East' }],
 *     reps: [{ id: 'rep-1', regions: ['East'] }, { id: 'rep-2' }, { id: 'rep-3', regions: ['East'], dailyCap: 0 }],
 *     cursor: 'rep-1',
 *   },
 *   { asOf: '2024-12-02' },
 * );
 * result.assignments.map((a) => a.repId); //=> ['rep-2', 'rep-2', 'rep-1']
 * result.cursor; //=> 'rep-1'
 * result.fairness?.assigned.ratio; //=> null (rep-3 got none)
 * ```
 */
export function assignLeads(input: AssignLeadsInput, options: AssignLeadsOptions): AssignLeadsResult {
  const data = parseOrThrow(AssignLeadsInputSchema, input, 'lead assignment input');
  const opts = parseOrThrow(AssignLeadsOptionsSchema, options, 'lead assignment options', ['options']);
  checkUniqueIds(data.reps, 'reps', 'lead assignment input', 'rep');
  checkUniqueIds(data.leads, 'leads', 'lead assignment input', 'lead');
  const repIndex = new Map(data.reps.map((r, i) => [r.id, i]));
  checkRules(opts.rules, repIndex);
  const asOfDay = dayNumber(opts.asOf);
  const weighted = opts.policy === 'weighted';

  const problems: OpenSpmIssue[] = [];
  const states: RepState[] = data.reps.map((rep, index) => {
    const tenure = rep.hireDate === undefined ? null : asOfDay - dayNumber(rep.hireDate);
    const step = tenure === null ? undefined : opts.ramp.find((s) => tenure < s.days);
    const ramp = step === undefined ? 1 : step.factor;
    const cap = rep.dailyCap ?? opts.dailyCap ?? null;
    const capacityNumber = rep.capacity ?? opts.defaultCapacity;
    if (weighted && rep.active && capacityNumber === undefined) {
      problems.push(
        issue(
          ErrorCode.INVALID_INPUT,
          ['reps', index, 'capacity'],
          `rep "${rep.id}" has no capacity; the weighted policy needs each active rep's capacity (or options.defaultCapacity)`,
        ),
      );
    }
    const capacity = capacityNumber === undefined ? null : new Decimal(capacityNumber);
    return {
      rep,
      index,
      cap,
      capacity,
      effective: capacity === null ? null : capacity.times(ramp),
      ramp,
      tenure,
      assigned: 0,
    };
  });
  if (problems.length) throwIssues(ErrorCode.INVALID_INPUT, 'Invalid lead assignment input', problems);

  const k = states.length;
  const cursorIndex = data.cursor === null ? undefined : repIndex.get(data.cursor);
  const cursorFound = data.cursor === null || cursorIndex !== undefined;
  let last = cursorIndex ?? -1; // the queue continues after `last`
  let cursor: string | null = cursorIndex === undefined ? null : data.cursor;

  const load = (s: RepState) => s.rep.openLoad + s.assigned;
  const underCap = (s: RepState) => s.cap === null || s.rep.assignedToday + s.assigned < s.cap;
  const underCapacity = (s: RepState) => !weighted || s.effective?.greaterThanOrEqualTo(load(s) + 1) === true;

  /** Picks a rep among `pool` (indexes) or returns null; queue order starts after `last`. */
  const pick = (candidates: RepState[]): RepState | null => {
    const pool = new Set(candidates);
    let best: RepState | null = null;
    for (let step = 1; step <= k; step++) {
      const s = states[(last + step) % k]!;
      if (!pool.has(s)) continue;
      if (!weighted) return s;
      // Lowest (load + 1) / effective capacity; strict comparison keeps the earliest in queue order on ties.
      if (
        best === null ||
        new Decimal(load(s) + 1)
          .times(best.effective!)
          .lessThan(new Decimal(load(best) + 1).times(s.effective!))
      )
        best = s;
    }
    return best;
  };

  const assignments: LeadAssignment[] = [];
  let assigned = 0;
  let pooled = 0;
  let unassigned = 0;
  const accounts = new Map((data.accounts ?? []).map((a) => [a.id, a]));
  for (const given of data.leads) {
    const account = given.accountId === undefined ? undefined : accounts.get(given.accountId);
    const lead: Lead = account
      ? { ...given, region: given.region ?? account.region, grade: given.grade ?? account.grade }
      : given;
    const rule = opts.rules.find((r) => ruleMatches(r, lead));
    const routed = rule ? states.filter((s) => rule.repIds.includes(s.rep.id)) : states;
    const covering = routed.filter((s) => covers(s.rep, lead, opts.match));
    const active = covering.filter((s) => s.rep.active);
    const capped = active.filter(underCap);
    const open = capped.filter(underCapacity);
    let chosen = pick(open);
    let status: LeadAssignment['status'] = 'assigned';
    let why = '';
    if (chosen === null) {
      why = explainNone(
        lead,
        rule?.name,
        routed.length,
        covering.length,
        active.length,
        capped.length,
        weighted,
      );
      if (opts.overflow === 'relax-rules') {
        chosen = pick(states.filter((s) => s.rep.active && underCap(s) && underCapacity(s)));
        if (chosen) status = 'overflow';
      }
    }
    if (chosen) {
      const previous = last >= 0 ? states[last]!.rep.id : null;
      chosen.assigned++;
      last = chosen.index;
      cursor = chosen.rep.id;
      assigned++;
      const how = weighted
        ? `weighted: lowest load over ramped capacity (${load(chosen)}/${chosen.effective!.toString()} after this lead${chosen.ramp < 1 ? `, ramp ${chosen.ramp}` : ''})`
        : `round-robin: next eligible after ${previous ?? 'the start of the queue'}`;
      const scope =
        status === 'overflow'
          ? `overflow (${why}); rules relaxed`
          : rule
            ? `rule "${rule.name}"`
            : describeCoverage(lead, opts.match);
      assignments.push({
        leadId: lead.id,
        repId: chosen.rep.id,
        status,
        reason: `${scope}; ${how}`,
        ...(rule && status !== 'overflow' ? { rule: rule.name } : {}),
      });
    } else if (opts.overflow === 'pool') {
      pooled++;
      assignments.push({
        leadId: lead.id,
        repId: null,
        status: 'pooled',
        reason: `${why}; sent to the shared pool`,
        ...(rule ? { rule: rule.name } : {}),
      });
    } else {
      unassigned++;
      assignments.push({
        leadId: lead.id,
        repId: null,
        status: 'unassigned',
        reason:
          opts.overflow === 'relax-rules' ? `${why}; no active rep has room even with rules relaxed` : why,
        ...(rule ? { rule: rule.name } : {}),
      });
    }
  }

  const loads: RepLoad[] = states.map((s) => ({
    repId: s.rep.id,
    active: s.rep.active,
    before: s.rep.openLoad,
    assigned: s.assigned,
    after: load(s),
    assignedTodayBefore: s.rep.assignedToday,
    assignedTodayAfter: s.rep.assignedToday + s.assigned,
    dailyCap: s.cap,
    capacity: s.capacity === null ? null : s.capacity.toNumber(),
    rampFactor: s.ramp,
    effectiveCapacity: s.effective === null ? null : s.effective.toNumber(),
    tenureDays: s.tenure,
  }));

  const activeStates = states.filter((s) => s.rep.active);
  const fairness =
    activeStates.length === 0
      ? null
      : {
          assigned: measure('assigned', activeStates, (s) => new Decimal(s.assigned)),
          load: measure('load', activeStates, (s) => new Decimal(load(s))),
          ...(weighted
            ? {
                utilisation: measure('utilisation', activeStates, (s) =>
                  s.effective === null || s.effective.isZero()
                    ? new Decimal(0)
                    : new Decimal(load(s)).dividedBy(s.effective),
                ),
              }
            : {}),
        };

  return {
    policy: opts.policy,
    assignments,
    cursor,
    cursorFound,
    loads,
    fairness,
    assigned,
    pooled,
    unassigned,
  };
}

function measure(
  basis: FairnessMeasure['basis'],
  states: RepState[],
  value: (s: RepState) => Decimal,
): FairnessMeasure {
  let max = states[0]!;
  let min = states[0]!;
  let maxV = value(max);
  let minV = maxV;
  for (const s of states) {
    const v = value(s);
    if (v.greaterThan(maxV)) [max, maxV] = [s, v];
    if (v.lessThan(minV)) [min, minV] = [s, v];
  }
  const show = (d: Decimal) => d.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
  return {
    basis,
    max: show(maxV),
    min: show(minV),
    ratio: minV.isZero() ? null : ratio4(maxV, minV),
    maxRepId: max.rep.id,
    minRepId: min.rep.id,
    ...(minV.isZero()
      ? {
          reason: `rep "${min.rep.id}" has ${basis === 'utilisation' ? 'no load' : `0 ${basis === 'load' ? 'open load' : 'leads in this batch'}`}, so max/min is not defined`,
        }
      : {}),
  };
}

function ruleMatches(rule: z.output<typeof RuleSchema>, lead: Lead): boolean {
  const w = rule.when;
  const ok = (list: string[] | undefined, value: string | undefined) =>
    list === undefined || (value !== undefined && list.includes(value));
  return (
    ok(w.region, lead.region) &&
    ok(w.product, lead.product) &&
    ok(w.grade, lead.grade) &&
    ok(w.source, lead.source)
  );
}

function covers(rep: Assignee, lead: Lead, match: readonly LeadAttribute[]): boolean {
  for (const attr of match) {
    const value = lead[attr];
    const list = attr === 'region' ? rep.regions : attr === 'product' ? rep.products : rep.grades;
    if (value !== undefined && list !== undefined && !list.includes(value)) return false;
  }
  return true;
}

function describeCoverage(lead: Lead, match: readonly LeadAttribute[]): string {
  const parts = match.filter((a) => lead[a] !== undefined).map((a) => `${a} ${lead[a]}`);
  return parts.length ? `covers ${parts.join(', ')}` : 'no territory or skill restriction';
}

function explainNone(
  lead: Lead,
  rule: string | undefined,
  routed: number,
  covering: number,
  active: number,
  capped: number,
  weighted: boolean,
): string {
  const who = rule ? `rule "${rule}"` : 'the team';
  if (routed === 0) return `${who} names no rep`;
  if (covering === 0) {
    const attrs = (['region', 'product', 'grade'] as const)
      .filter((a) => lead[a] !== undefined)
      .map((a) => `${a} ${lead[a]}`);
    return `no rep ${rule ? `of ${who} ` : ''}covers ${attrs.join(', ') || 'this lead'}`;
  }
  if (active === 0) return `all ${covering} rep(s) who cover it are inactive`;
  if (capped === 0) return `all ${active} active rep(s) who cover it reached their daily cap`;
  return weighted ? `all ${capped} rep(s) who cover it are at their ramped capacity` : 'no eligible rep';
}

function checkRules(rules: z.output<typeof RuleSchema>[], repIndex: Map<string, number>): void {
  const problems: OpenSpmIssue[] = [];
  rules.forEach((r, i) => {
    r.repIds.forEach((id, j) => {
      if (!repIndex.has(id))
        problems.push(
          issue(
            ErrorCode.UNKNOWN_REFERENCE,
            ['options', 'rules', i, 'repIds', j],
            `rule "${r.name}" names rep "${id}", who is not in reps`,
          ),
        );
    });
  });
  if (problems.length) throwIssues(ErrorCode.UNKNOWN_REFERENCE, 'Invalid lead assignment options', problems);
}
