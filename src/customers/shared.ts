// Helpers shared by grading, lead assignment and follow-up plans. Nothing here is public.
import { z } from 'zod';
import { ErrorCode, issue, type OpenSpmIssue, throwIssues } from '../errors';
import type { Account, Activity, Deal, Pipeline } from '../model/index';
import { Decimal } from '../money/index';
import {
  CalendarDateSchema,
  customPeriod,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fiscalCalendar,
  fromDayNumber,
  isWorkingDay,
  toCalendarDate,
  workingDays,
} from '../period/index';

/** zod schema of an optional free-text attribute that reads `null` as absent. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/** A CalendarDate argument such as `asOf`. */
export const DateArg = CalendarDateSchema;

/** A calendar given as options or as a built calendar; default UTC, Saturday and Sunday off. */
export const CalendarArg = z.custom<FiscalCalendar | FiscalCalendarOptions>(
  (v) => v === undefined || (typeof v === 'object' && v !== null),
  'expected a calendar from fiscalCalendar(…) or calendar options such as { zone: "Asia/Shanghai" }',
);

/** Ratio rounded half-up to 4 decimals, as a number; the only rounding the module applies to rates. */
export function ratio4(numerator: number | Decimal, denominator: number | Decimal): number {
  return new Decimal(numerator).dividedBy(denominator).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();
}

/** A Decimal rounded half-up to 2 decimals, as a number (for scores shown to people). */
export function round2(value: Decimal): number {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

/** Working-day arithmetic on day numbers, memoised per call (calendars are compiled once). */
export class WorkCalendar {
  readonly calendar: FiscalCalendar;
  private readonly working = new Map<number, boolean>();

  constructor(options: FiscalCalendar | FiscalCalendarOptions | undefined) {
    this.calendar = fiscalCalendar((options ?? {}) as FiscalCalendarOptions);
  }

  private readonly days = new Map<number, number>();

  /**
   * The calendar day of an instant in the calendar's zone, as a day number. Memoised per 15-minute block
   * of UTC time: every zone's offset, and so every local midnight, falls on a quarter hour.
   */
  dayOf(instant: Date): number {
    const ms = instant.getTime();
    const block = Math.floor(ms / 900_000);
    let day = this.days.get(block);
    if (day === undefined) {
      day = dayNumber(toCalendarDate(instant, this.calendar.zone));
      this.days.set(block, day);
    }
    return day;
  }

  isWorking(day: number): boolean {
    let known = this.working.get(day);
    if (known === undefined) {
      known = isWorkingDay(fromDayNumber(day), this.calendar);
      this.working.set(day, known);
    }
    return known;
  }

  /** `day` when it is worked, else the next working day. */
  rollForward(day: number): number {
    let d = day;
    while (!this.isWorking(d)) d++;
    return d;
  }

  /** Working days in [from, to); 0 when `to` is not after `from`. */
  between(from: number, to: number): number {
    if (to <= from) return 0;
    return workingDays(customPeriod(fromDayNumber(from), fromDayNumber(to)), this.calendar);
  }
}

/** The stage kind of every (pipeline, stage) pair, keyed `pipelineId\u0000stageId`. */
export function stageKinds(pipelines: readonly Pipeline[]): Map<string, 'open' | 'won' | 'lost'> {
  const kinds = new Map<string, 'open' | 'won' | 'lost'>();
  for (const p of pipelines) for (const s of p.stages) kinds.set(`${p.id}\u0000${s.id}`, s.kind);
  return kinds;
}

/** Checks that every deal's stage exists in its pipeline; throws UNKNOWN_REFERENCE listing all that do not. */
export function checkDealStages(
  deals: readonly Deal[],
  kinds: Map<string, 'open' | 'won' | 'lost'>,
  what: string,
): void {
  const problems: OpenSpmIssue[] = [];
  deals.forEach((d, i) => {
    if (!kinds.has(`${d.pipelineId}\u0000${d.stageId}`)) {
      problems.push(
        issue(
          ErrorCode.UNKNOWN_REFERENCE,
          ['deals', i, 'stageId'],
          `deal "${d.id}" is in stage "${d.stageId}", which is not a stage of pipeline "${d.pipelineId}"; pass the deal's pipeline in pipelines`,
        ),
      );
    }
  });
  if (problems.length) throwIssues(ErrorCode.UNKNOWN_REFERENCE, `Invalid ${what}`, problems);
}

/** Checks that ids are unique within a list; throws DUPLICATE_ID. */
export function checkUniqueIds(
  items: readonly { id: string }[],
  field: string,
  what: string,
  noun: string,
): void {
  const seen = new Map<string, number>();
  const problems: OpenSpmIssue[] = [];
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, i);
    else
      problems.push(
        issue(
          ErrorCode.DUPLICATE_ID,
          [field, i, 'id'],
          `${noun} id "${item.id}" is used twice (${field}[${first}] and ${field}[${i}]); each ${noun} needs its own id`,
        ),
      );
  });
  if (problems.length) throwIssues(ErrorCode.DUPLICATE_ID, `Invalid ${what}`, problems);
}

/**
 * The last activity per account and per deal, on or before `asOfDay` (day numbers). An activity on a deal
 * also touches the deal's account.
 */
export interface Touches {
  account: Map<string, { day: number; type: string }>;
  deal: Map<string, { day: number; type: string }>;
  /** Every touch day per account and per deal, ascending, unique. */
  accountDays: Map<string, number[]>;
  dealDays: Map<string, number[]>;
}

export function collectTouches(
  activities: readonly Activity[],
  deals: readonly Deal[],
  asOfDay: number,
  cal: WorkCalendar,
  types: ReadonlySet<string> | undefined,
): Touches {
  const dealAccount = new Map<string, string>();
  for (const d of deals) if (d.accountId !== undefined) dealAccount.set(d.id, d.accountId);
  const account = new Map<string, { day: number; type: string }>();
  const deal = new Map<string, { day: number; type: string }>();
  const accountDays = new Map<string, number[]>();
  const dealDays = new Map<string, number[]>();
  const note = (
    last: Map<string, { day: number; type: string }>,
    all: Map<string, number[]>,
    id: string,
    day: number,
    type: string,
  ) => {
    const prev = last.get(id);
    if (!prev || day > prev.day) last.set(id, { day, type });
    let list = all.get(id);
    if (!list) {
      list = [];
      all.set(id, list);
    }
    list.push(day);
  };
  for (const a of activities) {
    if (types && !types.has(a.type)) continue;
    const day = cal.dayOf(a.at);
    if (day > asOfDay) continue;
    const accountId = a.accountId ?? (a.dealId === undefined ? undefined : dealAccount.get(a.dealId));
    if (accountId !== undefined) note(account, accountDays, accountId, day, a.type);
    if (a.dealId !== undefined) note(deal, dealDays, a.dealId, day, a.type);
  }
  const tidy = (all: Map<string, number[]>) => {
    for (const [id, list] of all)
      all.set(
        id,
        [...new Set(list)].sort((x, y) => x - y),
      );
  };
  tidy(accountDays);
  tidy(dealDays);
  return { account, deal, accountDays, dealDays };
}

/** Accounts by id. */
export function accountsById(accounts: readonly Account[]): Map<string, Account> {
  return new Map(accounts.map((a) => [a.id, a]));
}
