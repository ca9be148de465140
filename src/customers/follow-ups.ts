import { z } from 'zod';
import { parseOrThrow } from '../errors';
import {
  ACTIVITY_TYPES,
  type Account,
  type AccountInput,
  AccountSchema,
  type ActivityInput,
  ActivitySchema,
  type ActivityType,
  type Deal,
  type DealInput,
  DealSchema,
  type PipelineInput,
  PipelineSchema,
} from '../model/index';
import {
  type CalendarDate,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fromDayNumber,
  type Period,
  PeriodSchema,
  periodContaining,
} from '../period/index';
import {
  accountsById,
  CalendarArg,
  checkDealStages,
  checkUniqueIds,
  collectTouches,
  DateArg,
  ratio4,
  stageKinds,
  type Touches,
  WorkCalendar,
} from './shared';

const days = z.int().min(1, 'a cadence is a whole number of days, 1 or more');

const CadenceSchema = z
  .strictObject({
    grades: z.record(z.string(), days).default({ A: 7, B: 14, C: 30, D: 60 }),
    ungraded: days.default(30),
    stages: z.record(z.string(), z.union([days, z.record(z.string(), days)])).default({}),
  })
  .default({ grades: { A: 7, B: 14, C: 30, D: 60 }, ungraded: 30, stages: {} });

const CommonOptions = {
  asOf: DateArg,
  cadence: CadenceSchema,
  calendar: CalendarArg.optional(),
  grades: z.record(z.string(), z.string()).optional(),
  include: z.array(z.enum(['accounts', 'deals'])).default(['accounts', 'deals']),
  activityTypes: z.array(z.enum(ACTIVITY_TYPES)).optional(),
  repIds: z.array(z.union([z.string(), z.int()]).transform(String)).optional(),
};

const FollowUpPlanOptionsSchema = z.strictObject({
  ...CommonOptions,
  horizon: z.enum(['day', 'week']).default('week'),
});

const FollowUpTimelinessOptionsSchema = z.strictObject({
  ...CommonOptions,
  period: PeriodSchema,
  includeWindows: z.boolean().default(false),
});

const FollowUpInputSchema = z.object({
  accounts: z.array(AccountSchema).default([]),
  deals: z.array(DealSchema).default([]),
  pipelines: z.array(PipelineSchema).default([]),
  activities: z.array(ActivitySchema).default([]),
});

/**
 * How often each customer and deal should be contacted, in calendar days. `grades` maps a grade label to
 * days (default A 7, B 14, C 30, D 60); `ungraded` is for customers without a grade (default 30); `stages`
 * overrides the cadence of open deals in a stage, with one number or a number per grade.
 *
 * @example
 * ```ts
 * import type { FollowUpCadence } from 'openspm';
 * const cadence: FollowUpCadence = {
 *   grades: { A: 7, B: 14, C: 30, D: 60 },
 *   stages: { negotiation: 3, proposal: { A: 3, B: 5 } },
 * };
 * ```
 */
export interface FollowUpCadence {
  /** Days between contacts per grade label (default A 7, B 14, C 30, D 60). */
  grades?: Record<string, number>;
  /** Days for customers without a grade (default 30). */
  ungraded?: number;
  /** Per stage id: days for open deals in that stage, or days per grade; overrides `grades` for deals. */
  stages?: Record<string, number | Record<string, number>>;
}

/**
 * What {@link followUpPlan} and {@link followUpTimeliness} read: accounts (grade and owner), deals (open
 * deals are followed up too), their pipelines, and activities. A whole `Dataset` fits.
 *
 * @example
 * ```ts
 * import type { FollowUpInput } from 'openspm';
 * const input: FollowUpInput = {
 *   accounts: [{ id: 'acct-1', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' }],
 *   activities: [{ id: 'act-1', type: 'visit', repId: 'rep-1', accountId: 'acct-1', at: '2024-11-25' }],
 * };
 * ```
 */
export interface FollowUpInput {
  /** Customer accounts: `grade` sets the cadence, `ownerId` who follows up. */
  accounts?: AccountInput[];
  /** Deals: open ones are followed up by their owner. */
  deals?: DealInput[];
  /** Pipelines of the deals, to know which are open. */
  pipelines?: PipelineInput[];
  /** Activities: each is a contact with its account and deal. */
  activities?: ActivityInput[];
}

/**
 * Options shared by {@link followUpPlan} and {@link followUpTimeliness}.
 *
 * @example
 * ```ts
 * import type { FollowUpOptionsBase } from 'openspm';
 * const base: FollowUpOptionsBase = { asOf: '2024-12-02', cadence: { grades: { A: 7, B: 14, C: 30 } }, include: ['accounts'] };
 * ```
 */
export interface FollowUpOptionsBase {
  /** Today, `'YYYY-MM-DD'`: activities after it are not seen. */
  asOf: CalendarDate;
  /** Cadence by grade and stage (default A 7, B 14, C 30, D 60 days; ungraded 30). */
  cadence?: FollowUpCadence;
  /** The working-day calendar: due dates falling on days off move to the next working day; its zone places instants on days. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Grades per account id that override `account.grade` (e.g. from `gradeCustomers`). */
  grades?: Record<string, string>;
  /** What is followed up: `'accounts'`, `'deals'` (open ones), or both (default). */
  include?: ('accounts' | 'deals')[];
  /** Activity types that count as a contact (default all). */
  activityTypes?: ActivityType[];
  /** Only these reps (default all owners). */
  repIds?: (string | number)[];
}

/**
 * Options for {@link followUpPlan}.
 *
 * @example
 * ```ts
 * import type { FollowUpPlanOptions } from 'openspm';
 * const options: FollowUpPlanOptions = { asOf: '2024-12-02', horizon: 'week', repIds: ['rep-1'] };
 * ```
 */
export interface FollowUpPlanOptions extends FollowUpOptionsBase {
  /** `'day'`: due up to `asOf`; `'week'` (default): due up to the end of `asOf`'s ISO week. Overdue items are always listed. */
  horizon?: 'day' | 'week';
}

/**
 * One customer or deal to contact: who, why, and how overdue.
 *
 * @example
 * ```ts
 * import type { FollowUpItem } from 'openspm';
 * const item: FollowUpItem = {
 *   repId: 'rep-1', kind: 'account', accountId: 'acct-1', name: 'Huaxin', grade: 'A', cadenceDays: 7,
 *   cadenceSource: 'grade', lastContact: '2024-11-22', lastContactType: 'visit', dueDate: '2024-11-29',
 *   status: 'overdue', overdueWorkingDays: 1, priority: 1,
 *   reason: 'A customer Huaxin: last contact 2024-11-22 (visit), every 7 days → due 2024-11-29; 1 working day overdue',
 * };
 * ```
 */
export interface FollowUpItem {
  /** The rep who should follow up (the owner). */
  repId: string;
  /** A customer account or an open deal. */
  kind: 'account' | 'deal';
  /** The account, if known. */
  accountId?: string;
  /** The deal, for `kind: 'deal'`. */
  dealId?: string;
  /** The deal's stage, for `kind: 'deal'`. */
  stageId?: string;
  /** Account name, or the deal id for deals without an account. */
  name: string;
  /** The grade used for the cadence, or `null` when ungraded. */
  grade: string | null;
  /** The cadence in days. */
  cadenceDays: number;
  /** Where the cadence came from: the grade, the deal's stage, or the ungraded default. */
  cadenceSource: 'grade' | 'stage' | 'ungraded';
  /** Day of the last contact; `null` when never contacted (for deals, the creation day counts as contact). */
  lastContact: CalendarDate | null;
  /** Type of the last contact (`'created'` for a deal never contacted since creation). */
  lastContactType: string | null;
  /** The day the next contact is due: last contact + cadence, moved to the next working day. `asOf` when never contacted. */
  dueDate: CalendarDate;
  /** `'overdue'` (due before `asOf`), `'due'` (due on `asOf`) or `'upcoming'` (later in the horizon). */
  status: 'overdue' | 'due' | 'upcoming';
  /** Working days from the due date up to (not including) `asOf`; 0 unless overdue. */
  overdueWorkingDays: number;
  /** Rank within the rep's list, 1 first. */
  priority: number;
  /** Why it is on the list, in words. */
  reason: string;
}

/**
 * One rep's follow-up list.
 *
 * @example
 * ```ts
 * import type { RepFollowUps } from 'openspm';
 * const list: RepFollowUps = { repId: 'rep-1', items: [], overdue: 0, due: 0, upcoming: 0 };
 * ```
 */
export interface RepFollowUps {
  /** Rep id. */
  repId: string;
  /** Items by priority. */
  items: FollowUpItem[];
  /** How many are overdue. */
  overdue: number;
  /** How many are due on `asOf`. */
  due: number;
  /** How many fall due later in the horizon. */
  upcoming: number;
}

/**
 * The result of {@link followUpPlan}.
 *
 * @example
 * ```ts
 * import type { FollowUpPlanResult } from 'openspm';
 * const overdueCount = (r: FollowUpPlanResult) => r.reps.reduce((n, rep) => n + rep.overdue, 0);
 * ```
 */
export interface FollowUpPlanResult {
  /** Today. */
  asOf: CalendarDate;
  /** The horizon: `start` (= `asOf`) included, `end` excluded. */
  horizon: {
    /** `'day'` or `'week'`. */
    kind: 'day' | 'week';
    /** `asOf`. */
    start: CalendarDate;
    /** The day after the horizon's last day. */
    end: CalendarDate;
  };
  /** The cadence used. */
  cadence: Required<FollowUpCadence>;
  /** One list per rep with anything due, by rep id. */
  reps: RepFollowUps[];
  /** Items of accounts and deals without an owner, which no rep list holds. */
  unowned: number;
}

/**
 * Options for {@link followUpTimeliness}.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, type FollowUpTimelinessOptions } from 'openspm';
 * const options: FollowUpTimelinessOptions = { asOf: '2024-12-31', period: parsePeriodKey('2024-11') };
 * ```
 */
export interface FollowUpTimelinessOptions extends FollowUpOptionsBase {
  /** The period measured: follow-ups whose due date falls in it. */
  period: Period;
  /** Return every follow-up window as evidence (default false). */
  includeWindows?: boolean;
}

/**
 * One follow-up window: a contact, the day the next one was due, and what happened.
 *
 * @example
 * ```ts
 * import type { FollowUpWindow } from 'openspm';
 * const w: FollowUpWindow = {
 *   repId: 'rep-1', kind: 'account', id: 'acct-1', contact: '2024-11-01', dueDate: '2024-11-08',
 *   nextContact: '2024-11-07', outcome: 'on-time',
 * };
 * ```
 */
export interface FollowUpWindow {
  /** Rep credited. */
  repId: string;
  /** Account or deal window. */
  kind: 'account' | 'deal';
  /** The account or deal id. */
  id: string;
  /** The contact that opened the window. */
  contact: CalendarDate;
  /** When the next contact was due. */
  dueDate: CalendarDate;
  /** The next contact, or `null` when none yet. */
  nextContact: CalendarDate | null;
  /** `'on-time'` (next contact by the due date), `'late'` (after it), `'missed'` (none by `asOf`). */
  outcome: 'on-time' | 'late' | 'missed';
}

/**
 * Follow-up timeliness (跟进及时率) of one rep: follow-ups due in the period and how many were done in time.
 * Usable as a KPI metric (`rate`) or a warning rule (`missed`).
 *
 * @example
 * ```ts
 * import type { RepTimeliness } from 'openspm';
 * const t: RepTimeliness = { repId: 'rep-1', due: 20, onTime: 17, late: 2, missed: 1, pending: 3, rate: 0.85 };
 * ```
 */
export interface RepTimeliness {
  /** Rep id. */
  repId: string;
  /** Follow-ups due in the period whose outcome is known: `onTime + late + missed` (the denominator). */
  due: number;
  /** Done by the due date (the numerator). */
  onTime: number;
  /** Done after the due date. */
  late: number;
  /** Not done by `asOf`, due date passed. */
  missed: number;
  /** Due in the period but not yet passed on `asOf` and not done: left out of the rate. */
  pending: number;
  /** `onTime / due` rounded half-up to 4 decimals; `null` when nothing was due (see `reason`). */
  rate: number | null;
  /** Why `rate` is `null`, when it is. */
  reason?: string;
}

/**
 * The result of {@link followUpTimeliness}: per rep and for the whole team.
 *
 * @example
 * ```ts
 * import type { FollowUpTimelinessResult } from 'openspm';
 * const worst = (r: FollowUpTimelinessResult) => [...r.reps].sort((a, b) => (a.rate ?? 1) - (b.rate ?? 1))[0];
 * ```
 */
export interface FollowUpTimelinessResult {
  /** The period measured. */
  period: Period;
  /** The day outcomes were read. */
  asOf: CalendarDate;
  /** Per rep, by rep id. */
  reps: RepTimeliness[];
  /** All reps together (`repId` `'*'`). */
  total: RepTimeliness;
  /** Every window, when `includeWindows` was set. */
  windows?: FollowUpWindow[];
}

type CommonParsed = z.output<typeof FollowUpPlanOptionsSchema>;

interface Target {
  repId: string;
  kind: 'account' | 'deal';
  id: string;
  accountId?: string;
  dealId?: string;
  stageId?: string;
  name: string;
  grade: string | null;
  cadence: number;
  cadenceSource: FollowUpItem['cadenceSource'];
  /** Contact days, ascending (for deals, starting with the creation day). */
  contacts: number[];
  lastType: string | null;
  amountMinor: bigint;
  /** Last day a window may fall due (deals: the day they closed); Infinity when open-ended. */
  until: number;
}

/** Builds everything that is followed up, with its owner, cadence and contact history. */
function targets(
  data: z.output<typeof FollowUpInputSchema>,
  opts: Omit<CommonParsed, 'horizon'>,
  cal: WorkCalendar,
  asOfDay: number,
  openOnly: boolean,
): { list: Target[]; unowned: number; touches: Touches } {
  checkUniqueIds(data.accounts, 'accounts', 'follow-up input', 'account');
  const kinds = stageKinds(data.pipelines);
  if (opts.include.includes('deals')) checkDealStages(data.deals, kinds, 'follow-up input');
  const types = opts.activityTypes ? new Set<string>(opts.activityTypes) : undefined;
  const touches = collectTouches(data.activities, data.deals, asOfDay, cal, types);
  const accounts = accountsById(data.accounts);
  const repFilter = opts.repIds ? new Set(opts.repIds) : undefined;
  const gradeOf = (a: Account | undefined): string | null =>
    a === undefined ? null : (opts.grades?.[a.id] ?? a.grade ?? null);
  const gradeCadence = (grade: string | null): [number, FollowUpItem['cadenceSource']] => {
    const d = grade === null ? undefined : opts.cadence.grades[grade];
    return d === undefined ? [opts.cadence.ungraded, 'ungraded'] : [d, 'grade'];
  };
  const list: Target[] = [];
  let unowned = 0;
  if (opts.include.includes('accounts')) {
    for (const a of data.accounts) {
      if (a.ownerId === undefined) {
        unowned++;
        continue;
      }
      if (repFilter && !repFilter.has(a.ownerId)) continue;
      const grade = gradeOf(a);
      const [cadence, cadenceSource] = gradeCadence(grade);
      list.push({
        repId: a.ownerId,
        kind: 'account',
        id: a.id,
        accountId: a.id,
        name: a.name,
        grade,
        cadence,
        cadenceSource,
        contacts: touches.accountDays.get(a.id) ?? [],
        lastType: touches.account.get(a.id)?.type ?? null,
        amountMinor: 0n,
        until: Number.POSITIVE_INFINITY,
      });
    }
  }
  if (opts.include.includes('deals')) {
    for (const d of data.deals) {
      const kind = kinds.get(`${d.pipelineId}\u0000${d.stageId}`);
      const created = cal.dayOf(d.createdAt);
      if (created > asOfDay) continue;
      const closedDay = d.closedAt ? cal.dayOf(d.closedAt) : undefined;
      const openNow = kind === 'open' && (closedDay === undefined || closedDay > asOfDay);
      if (openOnly && !openNow) continue;
      if (repFilter && !repFilter.has(d.ownerId)) continue;
      const account = d.accountId === undefined ? undefined : accounts.get(d.accountId);
      const grade = gradeOf(account);
      let [cadence, cadenceSource] = gradeCadence(grade);
      const stage = opts.cadence.stages[d.stageId];
      if (stage !== undefined) {
        const byGrade = typeof stage === 'number' ? stage : grade === null ? undefined : stage[grade];
        if (byGrade !== undefined) [cadence, cadenceSource] = [byGrade, 'stage'];
      }
      const activity = touches.dealDays.get(d.id) ?? [];
      const contacts = activity[0] === created ? activity : [created, ...activity.filter((x) => x > created)];
      const lastActivity = touches.deal.get(d.id);
      list.push({
        repId: d.ownerId,
        kind: 'deal',
        id: d.id,
        dealId: d.id,
        stageId: d.stageId,
        ...(d.accountId === undefined ? {} : { accountId: d.accountId }),
        name: account ? `${account.name} · ${d.id}` : d.id,
        grade,
        cadence,
        cadenceSource,
        contacts,
        lastType: lastActivity && lastActivity.day >= created ? lastActivity.type : 'created',
        amountMinor: amountMinor(d),
        until: openNow ? Number.POSITIVE_INFINITY : (closedDay ?? Number.POSITIVE_INFINITY),
      });
    }
  }
  return { list, unowned, touches };
}

function amountMinor(d: Deal): bigint {
  return d.amount.toMinor();
}

function cadenceOut(c: CommonParsed['cadence']): Required<FollowUpCadence> {
  return { grades: { ...c.grades }, ungraded: c.ungraded, stages: { ...c.stages } };
}

/**
 * The follow-up plan (跟进计划自动提醒): for each rep, the customers and open deals to contact today or this
 * week — who, why (grade or stage cadence, last contact) and how overdue in working days — sorted by
 * priority. A contact is due `cadence` days after the last one (for a deal, its creation counts as one),
 * moved to the next working day of the calendar when it falls on a day off. Customers never contacted are
 * due on `asOf`.
 *
 * Priority: overdue before due today before later; then better grades first (in the order of
 * `cadence.grades`, ungraded last); then more working days overdue; then earlier due date; then larger
 * deals; then id.
 *
 * @throws OpenSpmError `INVALID_INPUT` for malformed input or options; `UNKNOWN_REFERENCE` when a deal's
 *   stage is not in its pipeline; `DUPLICATE_ID` for two accounts with one id.
 * @example
 * ```ts
 * import { followUpPlan } from 'openspm';
 * const plan = followUpPlan(
 *   {
 *     accounts: [
 *       { id: 'acct-1', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' },
 *       { id: 'acct-2', name: 'Kunlun', grade: 'C', ownerId: 'rep-1' },
 *     ],
 *     activities: [
 *       { id: 'act-1', type: 'visit', repId: 'rep-1', accountId: 'acct-1', at: '2024-11-22' },
 *       { id: 'act-2', type: 'call', repId: 'rep-1', accountId: 'acct-2', at: '2024-11-20' },
 *     ],
 *   },
 *   { asOf: '2024-12-02', include: ['accounts'] },
 * );
 * plan.reps[0]!.items.map((i) => [i.name, i.dueDate, i.status, i.overdueWorkingDays]);
 * //=> [['Huaxin', '2024-11-29', 'overdue', 1]]
 * ```
 */
export function followUpPlan(input: FollowUpInput, options: FollowUpPlanOptions): FollowUpPlanResult {
  const data = parseOrThrow(FollowUpInputSchema, input, 'follow-up input');
  const opts = parseOrThrow(FollowUpPlanOptionsSchema, options, 'follow-up plan options', ['options']);
  const cal = new WorkCalendar(opts.calendar);
  const asOfDay = dayNumber(opts.asOf);
  const endDay =
    opts.horizon === 'day' ? asOfDay + 1 : dayNumber(periodContaining('week', opts.asOf, cal.calendar).end);
  const { list, unowned } = targets(data, opts, cal, asOfDay, true);
  const gradeRank = new Map(Object.keys(opts.cadence.grades).map((g, i) => [g, i]));
  const ungradedRank = gradeRank.size;

  type Row = FollowUpItem & { _due: number; _grade: number; _amount: bigint; _id: string };
  const byRep = new Map<string, Row[]>();
  for (const t of list) {
    const last = t.contacts.length ? t.contacts[t.contacts.length - 1]! : null;
    const due = last === null ? asOfDay : cal.rollForward(last + t.cadence);
    if (due >= endDay) continue;
    const status: FollowUpItem['status'] = due < asOfDay ? 'overdue' : due === asOfDay ? 'due' : 'upcoming';
    const overdue = status === 'overdue' ? cal.between(due, asOfDay) : 0;
    const dueText = fromDayNumber(due);
    const what =
      t.kind === 'account'
        ? `${t.grade ?? 'ungraded'} customer ${t.name}`
        : `deal ${t.id} in stage ${t.stageId}${t.grade ? ` (${t.grade} customer)` : ''}`;
    const every =
      t.cadenceSource === 'stage'
        ? `stage ${t.stageId} cadence every ${t.cadence} days`
        : `every ${t.cadence} days`;
    const reason =
      last === null
        ? `${what}: never contacted; ${every}, due now`
        : `${what}: last contact ${fromDayNumber(last)} (${t.lastType}), ${every} → due ${dueText}` +
          (status === 'overdue'
            ? `; ${overdue} working day${overdue === 1 ? '' : 's'} overdue`
            : status === 'due'
              ? '; due today'
              : '');
    const row: Row = {
      repId: t.repId,
      kind: t.kind,
      ...(t.accountId === undefined ? {} : { accountId: t.accountId }),
      ...(t.dealId === undefined ? {} : { dealId: t.dealId, stageId: t.stageId! }),
      name: t.name,
      grade: t.grade,
      cadenceDays: t.cadence,
      cadenceSource: t.cadenceSource,
      lastContact: last === null ? null : fromDayNumber(last),
      lastContactType: last === null ? null : t.lastType,
      dueDate: dueText,
      status,
      overdueWorkingDays: overdue,
      priority: 0,
      reason,
      _due: due,
      _grade: t.grade === null ? ungradedRank : (gradeRank.get(t.grade) ?? ungradedRank),
      _amount: t.amountMinor,
      _id: `${t.kind === 'account' ? 1 : 0}:${t.id}`,
    };
    let rows = byRep.get(t.repId);
    if (!rows) {
      rows = [];
      byRep.set(t.repId, rows);
    }
    rows.push(row);
  }
  const statusRank = { overdue: 0, due: 1, upcoming: 2 } as const;
  const reps: RepFollowUps[] = [...byRep.keys()].sort().map((repId) => {
    const rows = byRep.get(repId)!;
    rows.sort(
      (a, b) =>
        statusRank[a.status] - statusRank[b.status] ||
        a._grade - b._grade ||
        b.overdueWorkingDays - a.overdueWorkingDays ||
        a._due - b._due ||
        (a._amount > b._amount ? -1 : a._amount < b._amount ? 1 : 0) ||
        (a._id < b._id ? -1 : a._id > b._id ? 1 : 0),
    );
    const items = rows.map(({ _due, _grade, _amount, _id, ...item }, i) => ({ ...item, priority: i + 1 }));
    return {
      repId,
      items,
      overdue: items.filter((i) => i.status === 'overdue').length,
      due: items.filter((i) => i.status === 'due').length,
      upcoming: items.filter((i) => i.status === 'upcoming').length,
    };
  });
  return {
    asOf: opts.asOf,
    horizon: { kind: opts.horizon, start: opts.asOf, end: fromDayNumber(endDay) },
    cadence: cadenceOut(opts.cadence),
    reps,
    unowned,
  };
}

/**
 * Follow-up timeliness (跟进及时率) per rep over a period: of the follow-ups that fell due in the period,
 * the share done by their due date. Every contact with a customer (and, for deals, the creation too) opens a
 * window that closes `cadence` days later, moved to the next working day; the window is on time when the
 * next contact comes by then, late when after, missed when none has come by `asOf`. Windows due in the
 * period but not yet past on `asOf` are `pending` and left out. A deal's windows stop when it closes.
 *
 * Ready for a KPI (`rate` with its numerator `onTime` and denominator `due`) and for a warning rule
 * (`missed`). Owners and grades are today's; the stage cadence uses each deal's current stage.
 *
 * @throws OpenSpmError `INVALID_INPUT` for malformed input or options (including the period);
 *   `UNKNOWN_REFERENCE` when a deal's stage is not in its pipeline.
 * @example
 * ```ts
 * import { followUpTimeliness, parsePeriodKey } from 'openspm';
 * const result = followUpTimeliness(
 *   {
 *     accounts: [{ id: 'acct-1', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' }],
 *     activities: ['2024-11-01', '2024-11-07', '2024-11-20', '2024-11-26'].map((at, i) => ({
 *       id: `act-${i}`, type: 'call', repId: 'rep-1', accountId: 'acct-1', at,
 *     })),
 *   },
 *   { asOf: '2024-12-31', period: parsePeriodKey('2024-11'), include: ['accounts'] },
 * );
 * result.reps[0];
 * //=> { repId: 'rep-1', due: 3, onTime: 2, late: 1, missed: 0, pending: 0, rate: 0.6667 }
 * ```
 */
export function followUpTimeliness(
  input: FollowUpInput,
  options: FollowUpTimelinessOptions,
): FollowUpTimelinessResult {
  const data = parseOrThrow(FollowUpInputSchema, input, 'follow-up input');
  const opts = parseOrThrow(FollowUpTimelinessOptionsSchema, options, 'follow-up timeliness options', [
    'options',
  ]);
  const cal = new WorkCalendar(opts.calendar);
  const asOfDay = dayNumber(opts.asOf);
  const start = dayNumber(opts.period.start);
  const end = dayNumber(opts.period.end);
  const { list } = targets(data, opts, cal, asOfDay, false);
  const byRep = new Map<string, RepTimeliness>();
  const total: RepTimeliness = { repId: '*', due: 0, onTime: 0, late: 0, missed: 0, pending: 0, rate: null };
  const windows: FollowUpWindow[] = [];
  for (const t of list) {
    let rep = byRep.get(t.repId);
    if (!rep) {
      rep = { repId: t.repId, due: 0, onTime: 0, late: 0, missed: 0, pending: 0, rate: null };
      byRep.set(t.repId, rep);
    }
    for (let i = 0; i < t.contacts.length; i++) {
      const contact = t.contacts[i]!;
      const due = cal.rollForward(contact + t.cadence);
      if (due < start || due >= end || due > t.until) continue;
      const next = t.contacts[i + 1];
      let outcome: FollowUpWindow['outcome'] | 'pending';
      if (next !== undefined) outcome = next <= due ? 'on-time' : 'late';
      else outcome = due < asOfDay ? 'missed' : 'pending';
      for (const r of [rep, total]) {
        if (outcome === 'pending') r.pending++;
        else {
          r.due++;
          if (outcome === 'on-time') r.onTime++;
          else if (outcome === 'late') r.late++;
          else r.missed++;
        }
      }
      if (opts.includeWindows && outcome !== 'pending') {
        windows.push({
          repId: t.repId,
          kind: t.kind,
          id: t.id,
          contact: fromDayNumber(contact),
          dueDate: fromDayNumber(due),
          nextContact: next === undefined ? null : fromDayNumber(next),
          outcome,
        });
      }
    }
  }
  const finish = (r: RepTimeliness): RepTimeliness => {
    if (r.due === 0) {
      const { reason: _, ...rest } = r;
      return {
        ...rest,
        rate: null,
        reason:
          r.pending > 0
            ? `no follow-up due in ${opts.period.key} has passed its due date yet (${r.pending} pending)`
            : `no follow-up fell due in ${opts.period.key}`,
      };
    }
    return { ...r, rate: ratio4(r.onTime, r.due) };
  };
  return {
    period: opts.period,
    asOf: opts.asOf,
    reps: [...byRep.keys()].sort().map((id) => finish(byRep.get(id)!)),
    total: finish(total),
    ...(opts.includeWindows ? { windows } : {}),
  };
}
