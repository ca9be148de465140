import type { ConversionPolicy } from '../currency/index';
import { ErrorCode, type IssuePath } from '../errors';
import { Decimal, type DecimalInput, Money, type MoneyInput } from '../money/index';
import type { CalendarDate, FiscalCalendar, FiscalCalendarOptions, Period } from '../period/index';
import {
  type Converter,
  conversionNote,
  converter,
  type TargetConversion,
  type TargetCurrencyOptions,
  type When,
} from './currency';
import { type CompiledRamp, compileRamp, monthlyPercents, monthPieces, type RampRule } from './ramp';
import { checkShape } from './schemas';
import {
  apportion,
  fail,
  ratioString,
  readCalendar,
  readMoney,
  readPeriod,
  readWeight,
  scaleToIntegers,
} from './shared';

/**
 * How a team total is split over its members: `'equal'` (headcount), `'history'` (share of past
 * results), `'capacity'` or `'weights'` (custom).
 *
 * @example
 * ```ts
 * import type { OrgSplitMethod } from 'openspm';
 * const method: OrgSplitMethod = 'history';
 * ```
 */
export type OrgSplitMethod = 'equal' | 'history' | 'capacity' | 'weights';

/**
 * A rep or a sub-team receiving part of a target. A member with `members` is a sub-team: its weight is
 * the sum of its members' (unless it has its own), and its part is split again over its members.
 *
 * @example
 * ```ts
 * import type { TargetMember } from 'openspm';
 * const newHire: TargetMember = { id: 'u7', hireDate: '2025-02-03', max: { amount: '50000', currency: 'CNY' } };
 * ```
 */
export interface TargetMember {
  /** The rep's or team's id. */
  readonly id: string;
  /** A name to show. */
  readonly name?: string;
  /** Custom weight (method `'weights'`). */
  readonly weight?: DecimalInput;
  /** Capacity (method `'capacity'`): selling hours, accounts, territory potential. */
  readonly capacity?: DecimalInput;
  /**
   * Past results (method `'history'`): in the target's currency, or in another one when currency options
   * are given (converted into the target's currency before it becomes a weight).
   */
  readonly history?: Money | MoneyInput;
  /**
   * Hire date (`'YYYY-MM-DD'`, or a `Date` from the Rep model, placed in the calendar's zone): the ramp
   * and the mid-month rule apply from it (needs `options.period`).
   */
  readonly hireDate?: CalendarDate | Date;
  /** Last day: months after it count 0 (the month itself counts when on or after the mid-month day). */
  readonly endDate?: CalendarDate | Date;
  /** Tenure month at the start of the period (1 = first month), instead of `hireDate`. */
  readonly rampMonth?: number;
  /** A manager's override: this member gets exactly this, and the rest is re-spread over the others. */
  readonly locked?: Money | MoneyInput;
  /** The least this member may get. */
  readonly min?: Money | MoneyInput;
  /** The most this member may get. */
  readonly max?: Money | MoneyInput;
  /** Members of a sub-team. */
  readonly members?: readonly TargetMember[];
}

/**
 * What to split: a team total and its members.
 *
 * @example
 * ```ts
 * import type { SplitTargetInput } from 'openspm';
 * const input: SplitTargetInput = { total: { amount: '300000', currency: 'CNY' }, members: [{ id: 'a' }, { id: 'b' }] };
 * ```
 */
export interface SplitTargetInput {
  /** The team's target, in whole minor units. */
  readonly total: Money | MoneyInput;
  /** Reps and sub-teams. */
  readonly members: readonly TargetMember[];
}

/**
 * Options of {@link splitTarget}.
 *
 * @example
 * ```ts
 * import type { SplitTargetOptions } from 'openspm';
 * const options: SplitTargetOptions = { method: 'equal', period: '2025-03', ramp: { table: [25, 50, 75, 100] } };
 * ```
 */
export interface SplitTargetOptions extends TargetCurrencyOptions {
  /** How to weigh members; default `'equal'`. */
  readonly method?: OrgSplitMethod;
  /** The period the target covers: ramp and leavers are weighed month by month (by days) inside it. */
  readonly period?: Period | string;
  /** The ramp for new hires; without it a new hire counts fully from their first counted month. */
  readonly ramp?: RampRule;
  /** The fiscal calendar for period keys; default: calendar year. */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Only to say so: the parts stay in the total's currency, so a `reportingCurrency` must be it. */
  readonly reportingCurrency?: string;
  /**
   * Which rate converts a member's `history` in another currency: `'on-date'` (default; the rate on the first
   * day of `period`), `'period-average'` (the average over `period`), or any `ConversionPolicy` (fixed plan
   * rates; last year's average). A history has no date of its own: without `period`, give a policy object.
   */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * One member's part of a split target.
 *
 * @example
 * ```ts
 * import { splitTarget } from 'openspm';
 * const r = splitTarget({ total: { amount: '99.99', currency: 'CNY' }, members: [{ id: 'a', weight: 75 }, { id: 'b', weight: 25 }] }, { method: 'weights' });
 * r.parts.map((p) => p.amount.toString()); //=> ['74.99 CNY', '25.00 CNY']
 * r.parts[1].roundedUp; //=> true
 * ```
 */
export interface TargetMemberPart {
  /** The member's id. */
  readonly id: string;
  /** The member's name, when given. */
  readonly name?: string;
  /** The part. */
  readonly amount: Money;
  /** `amount` ÷ total, 6 decimals (`null` when the total is 0). */
  readonly share: string | null;
  /** The weight from the method (1 for equal, history amount, capacity, custom weight). */
  readonly baseWeight: string;
  /** The ramp factor over the period, 0 to 1, 6 decimals (1 without a ramp). */
  readonly rampFactor: string;
  /** The weight used: base weight × ramp factor, on a common integer scale. */
  readonly effectiveWeight: string;
  /** `true` for a manager's locked amount, kept exactly. */
  readonly locked: boolean;
  /** `'min'` or `'max'` when the member was held at a bound, else `null`. */
  readonly bound: 'min' | 'max' | null;
  /** `true` when it got one minor unit above its floor share in the final apportionment. */
  readonly roundedUp: boolean;
  /** A sub-team's split over its members. */
  readonly members?: readonly TargetMemberPart[];
}

/**
 * How a split was made.
 *
 * @example
 * ```ts
 * import type { SplitTargetExplanation } from 'openspm';
 * const e: Partial<SplitTargetExplanation> = { rule: 'largest remainder, ties to the earlier member' };
 * ```
 */
export interface SplitTargetExplanation {
  /** The method. */
  readonly method: OrgSplitMethod;
  /** The rounding rule. */
  readonly rule: string;
  /** Total of locked parts, kept exactly. */
  readonly locked: Money;
  /** What was re-spread over the members not locked. */
  readonly respread: Money;
  /** How many times the split was redone after holding members at a min or max. */
  readonly rounds: number;
  /** Ramp percents by tenure month, as given. */
  readonly ramp: readonly string[];
  /** One sentence saying what was done. */
  readonly text: string;
}

/**
 * The result of {@link splitTarget}.
 *
 * @example
 * ```ts
 * import { splitTarget } from 'openspm';
 * const r = splitTarget({ total: { amount: '300000', currency: 'CNY' }, members: [{ id: 'a' }, { id: 'b' }, { id: 'c', rampMonth: 2 }] }, { ramp: { table: [25, 50, 75, 100] } });
 * r.parts.map((p) => p.amount.toString()); //=> ['120000.00 CNY', '120000.00 CNY', '60000.00 CNY']
 * ```
 */
export interface SplitTargetResult {
  /** The total split. */
  readonly total: Money;
  /** One part per member, in input order; they sum exactly to the total. */
  readonly parts: readonly TargetMemberPart[];
  /** How it was done. */
  readonly explain: SplitTargetExplanation;
  /** Histories converted into the total's currency (only when some were; see {@link TargetConversion}). */
  readonly conversions?: readonly TargetConversion[];
}

const METHODS: readonly OrgSplitMethod[] = ['equal', 'history', 'capacity', 'weights'];

interface Context {
  method: OrgSplitMethod;
  ramp: CompiledRamp;
  months: Period[] | null;
  days: bigint[];
  currency: string;
  minorUnits: number;
  zone: string;
  cv: Converter;
  when: () => When;
}

/** Base weight (decimal) and ramp-weighted effective weight (exact integer numerator) of a member. */
function memberWeights(
  m: TargetMember,
  ctx: Context,
  path: IssuePath,
): { base: Decimal; factor: Decimal; effective: Decimal } {
  let base: Decimal;
  const rampDen = ctx.ramp.full * (ctx.months ? ctx.days.reduce((a, b) => a + b, 0n) : 1n);
  if (
    Array.isArray(m.members) &&
    m.weight === undefined &&
    m.capacity === undefined &&
    m.history === undefined
  ) {
    // A sub-team weighs what its members weigh (headcount for equal), ramp included.
    const parts = m.members.map((sub, i) => memberWeights(sub, ctx, [...path, 'members', i]));
    const baseSum = parts.reduce((a, p) => a.plus(p.base), new Decimal(0));
    const effective = parts.reduce((a, p) => a.plus(p.effective), new Decimal(0));
    const factor = baseSum.isZero() ? new Decimal(0) : effective.dividedBy(baseSum.times(rampDen.toString()));
    return { base: baseSum, factor, effective };
  }
  switch (ctx.method) {
    case 'equal':
      base = new Decimal(1);
      break;
    case 'weights':
      if (m.weight === undefined)
        fail(
          ErrorCode.INVALID_WEIGHTS,
          [...path, 'weight'],
          `member "${m.id}" has no weight (method "weights")`,
        );
      base = readWeight(m.weight, [...path, 'weight']);
      break;
    case 'capacity':
      if (m.capacity === undefined)
        fail(
          ErrorCode.INVALID_WEIGHTS,
          [...path, 'capacity'],
          `member "${m.id}" has no capacity (method "capacity")`,
        );
      base = readWeight(m.capacity, [...path, 'capacity'], 'capacity');
      break;
    case 'history': {
      if (m.history === undefined)
        fail(
          ErrorCode.INVALID_WEIGHTS,
          [...path, 'history'],
          `member "${m.id}" has no history (method "history")`,
        );
      let h = readMoney(m.history, [...path, 'history'], 'history');
      h = ctx.cv.convert(h, ctx.currency, ctx.minorUnits, ctx.when, [...path, 'history']);
      if (h.currency !== ctx.currency) {
        fail(
          ErrorCode.CURRENCY_MISMATCH,
          [...path, 'history'],
          `is in ${h.currency}, the target in ${ctx.currency}`,
        );
      }
      base = h.isNegative() ? new Decimal(0) : h.amount;
      break;
    }
  }
  let rampNum: bigint;
  if (ctx.months === null) {
    if (m.hireDate !== undefined || m.endDate !== undefined) {
      fail(
        ErrorCode.INVALID_INPUT,
        [...path, m.hireDate !== undefined ? 'hireDate' : 'endDate'],
        'needs options.period to weigh the months the member is active',
      );
    }
    rampNum =
      m.rampMonth === undefined
        ? ctx.ramp.full
        : monthlyPercents(
            { rampMonth: m.rampMonth },
            ctx.ramp,
            [{ kind: 'month', key: 'x', start: '2000-01-01', end: '2000-02-01' }],
            path,
          )[0]!;
  } else {
    const pcts = monthlyPercents(m, ctx.ramp, ctx.months, path, ctx.zone);
    rampNum = 0n;
    pcts.forEach((p, i) => {
      rampNum += p * ctx.days[i]!;
    });
  }
  return {
    base,
    factor: new Decimal(rampNum.toString()).dividedBy(rampDen.toString()),
    effective: base.times(rampNum.toString()),
  };
}

function optMinor(v: unknown, path: IssuePath, ctx: Context, what: string): bigint | null {
  if (v === undefined) return null;
  const m = readMoney(v, path, what);
  if (m.currency !== ctx.currency)
    fail(
      ErrorCode.CURRENCY_MISMATCH,
      path,
      `is in ${m.currency}, the target in ${ctx.currency}${ctx.cv.on ? `; a ${what} is part of the target and is not converted: give it in ${ctx.currency}` : ''}`,
    );
  const minor = m.toMinor(ctx.minorUnits);
  if (minor < 0n) fail(ErrorCode.INVALID_INPUT, path, `${what} cannot be negative, got ${m}`);
  return minor;
}

function fmt(minor: bigint, ctx: Context): string {
  return Money.fromMinor(minor, ctx.currency, ctx.minorUnits).toString();
}

function splitLevel(
  total: bigint,
  members: readonly TargetMember[],
  ctx: Context,
  path: IssuePath,
): { parts: TargetMemberPart[]; locked: bigint; respread: bigint; rounds: number } {
  if (!Array.isArray(members) || members.length === 0) {
    fail(ErrorCode.INVALID_INPUT, [...path, 'members'], 'expected at least one member');
  }
  const ids = new Set<string>();
  const info = members.map((m, i) => {
    const p: IssuePath = [...path, 'members', i];
    if (m === null || typeof m !== 'object' || typeof m.id !== 'string' || m.id === '') {
      fail(ErrorCode.INVALID_INPUT, [...p, 'id'], 'every member needs an id');
    }
    if (ids.has(m.id)) fail(ErrorCode.DUPLICATE_ID, [...p, 'id'], `member "${m.id}" is listed twice`);
    ids.add(m.id);
    const w = memberWeights(m, ctx, p);
    const locked = optMinor(m.locked, [...p, 'locked'], ctx, 'locked amount');
    const min = optMinor(m.min, [...p, 'min'], ctx, 'minimum');
    const max = optMinor(m.max, [...p, 'max'], ctx, 'maximum');
    if (min !== null && max !== null && min > max) {
      fail(
        ErrorCode.INFEASIBLE_TARGET,
        [...p, 'min'],
        `member "${m.id}": minimum ${fmt(min, ctx)} is above maximum ${fmt(max, ctx)}`,
      );
    }
    return { m, w, locked, min, max, path: p };
  });
  const effective = scaleToIntegers(info.map((x) => x.w.effective));
  const amounts: bigint[] = info.map((x) => x.locked ?? 0n);
  const lockedSum = info.reduce((a, x) => a + (x.locked ?? 0n), 0n);
  const respread = total - lockedSum;
  if (respread < 0n) {
    fail(
      ErrorCode.INFEASIBLE_TARGET,
      [...path, 'members'],
      `locked amounts total ${fmt(lockedSum, ctx)}, more than the ${fmt(total, ctx)} to split; lower a lock or raise the total`,
    );
  }
  const free = info.map((x, i) => (x.locked === null ? i : -1)).filter((i) => i >= 0);
  const minSum = free.reduce((a, i) => a + (info[i]!.min ?? 0n), 0n);
  if (minSum > respread) {
    fail(
      ErrorCode.INFEASIBLE_TARGET,
      [...path, 'members'],
      `minimums total ${fmt(minSum, ctx)}, more than the ${fmt(respread, ctx)} left after locks`,
    );
  }
  if (free.length > 0 && free.every((i) => info[i]!.max !== null)) {
    const maxSum = free.reduce((a, i) => a + info[i]!.max!, 0n);
    if (maxSum < respread) {
      fail(
        ErrorCode.INFEASIBLE_TARGET,
        [...path, 'members'],
        `maximums total ${fmt(maxSum, ctx)}, less than the ${fmt(respread, ctx)} to split`,
      );
    }
  }
  if (free.length === 0 && respread !== 0n) {
    fail(
      ErrorCode.INFEASIBLE_TARGET,
      [...path, 'members'],
      `every member is locked, but locks total ${fmt(lockedSum, ctx)}, not ${fmt(total, ctx)}`,
    );
  }
  const bound: ('min' | 'max' | null)[] = info.map(() => null);
  let roundedUp = new Set<number>();
  let rounds = 0;
  for (;;) {
    const active = free.filter((i) => bound[i] === null);
    const held = free.reduce((a, i) => (bound[i] !== null ? a + amounts[i]! : a), 0n);
    const left = respread - held;
    if (active.length === 0) {
      if (left !== 0n)
        fail(
          ErrorCode.INFEASIBLE_TARGET,
          [...path, 'members'],
          `members held at their bounds leave ${fmt(left, ctx)} unplaced`,
        );
      break;
    }
    const weights = active.map((i) => effective[i]!);
    if (weights.every((w) => w === 0n)) {
      if (left === 0n) {
        for (const i of active) amounts[i] = 0n;
        roundedUp = new Set();
        break;
      }
      fail(
        ErrorCode.INVALID_WEIGHTS,
        [...path, 'members'],
        `all weights are zero (nobody active or weighted in the period), but ${fmt(left, ctx)} is to be split`,
      );
    }
    const split = apportion(left, weights, [...path, 'members']);
    active.forEach((i, k) => {
      amounts[i] = split.parts[k]!;
    });
    roundedUp = new Set(split.roundedUp.map((k) => active[k]!));
    const over = active.filter((i) => info[i]!.max !== null && amounts[i]! > info[i]!.max!);
    const under =
      over.length > 0 ? [] : active.filter((i) => info[i]!.min !== null && amounts[i]! < info[i]!.min!);
    if (over.length === 0 && under.length === 0) break;
    rounds++;
    for (const i of over) {
      bound[i] = 'max';
      amounts[i] = info[i]!.max!;
    }
    for (const i of under) {
      bound[i] = 'min';
      amounts[i] = info[i]!.min!;
    }
  }
  const parts = info.map((x, i): TargetMemberPart => {
    const sub = Array.isArray(x.m.members) ? splitLevel(amounts[i]!, x.m.members, ctx, x.path) : null;
    return {
      id: x.m.id,
      ...(x.m.name !== undefined ? { name: x.m.name } : {}),
      amount: Money.fromMinor(amounts[i]!, ctx.currency, ctx.minorUnits),
      share: ratioString(amounts[i]!, total),
      baseWeight: x.w.base.toString(),
      rampFactor: x.w.factor.toFixed(6),
      effectiveWeight: effective[i]!.toString(),
      locked: x.locked !== null,
      bound: bound[i]!,
      roundedUp: roundedUp.has(i),
      ...(sub ? { members: sub.parts } : {}),
    };
  });
  return { parts, locked: lockedSum, respread, rounds };
}

/**
 * Splits a team total over reps and sub-teams by `'equal'` (headcount), `'history'`, `'capacity'` or
 * custom `'weights'`, with a ramp for new hires, leavers, per-member minimums and maximums and locked
 * amounts. Parts sum exactly to the total at the minor unit.
 *
 * Each member's weight is its base weight × its ramp factor over the period (months weighed by their
 * days; tenure month 1 is the hire month, or the next month when hired on or after the mid-month day;
 * a leaver's months after leaving count 0). Locked members get exactly their amount; the rest is split
 * over the others by largest remainder (ties to the earlier member). A member above its maximum or below
 * its minimum is held at that bound and the rest re-spread, until none is out of bounds. Sub-teams are
 * split again over their members the same way.
 *
 * @param input - the total and the members.
 * @param options - method, period, ramp, calendar, currency options.
 * @throws OpenSpmError `INVALID_WEIGHTS` (all weights zero, negative or missing weight),
 *   `INFEASIBLE_TARGET` (locks above the total, minimums above or maximums below what is left), `INVALID_INPUT`
 *   (ramp percents outside 0–100, a negative total), `DUPLICATE_ID`, `CURRENCY_MISMATCH` (a history in another
 *   currency without currency options; a lock or bound in another currency), `MISSING_EXCHANGE_RATE`.
 * @example
 * ```ts
 * import { splitTarget } from 'openspm';
 * const r = splitTarget(
 *   { total: { amount: '300000', currency: 'CNY' }, members: [{ id: 'a' }, { id: 'b' }, { id: 'c', hireDate: '2025-02-03' }] },
 *   { period: '2025-03', ramp: { table: [25, 50, 75, 100] } },
 * );
 * r.parts.map((p) => `${p.id} ${p.amount} ×${p.rampFactor}`);
 * //=> ['a 120000.00 CNY ×1.000000', 'b 120000.00 CNY ×1.000000', 'c 60000.00 CNY ×0.500000']
 *
 * const locked = splitTarget(
 *   { total: { amount: '300000', currency: 'CNY' }, members: [{ id: 'a', locked: { amount: '150000', currency: 'CNY' } }, { id: 'b' }, { id: 'c' }] },
 * );
 * locked.parts.map((p) => p.amount.toString()); //=> ['150000.00 CNY', '75000.00 CNY', '75000.00 CNY']
 * ```
 */
export function splitTarget(input: SplitTargetInput, options: SplitTargetOptions = {}): SplitTargetResult {
  checkShape('splitTarget', input, options);
  if (input === null || typeof input !== 'object')
    fail(ErrorCode.INVALID_INPUT, [], 'expected { total, members }');
  const calendar = readCalendar(options.calendar);
  const total = readMoney(input.total, ['total'], 'total');
  const minor = total.toMinor();
  if (minor < 0n) fail(ErrorCode.INVALID_INPUT, ['total'], `cannot be negative, got ${total}`);
  const method = options.method ?? 'equal';
  if (!METHODS.includes(method)) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['method'],
      `must be one of ${METHODS.join(', ')}, got ${JSON.stringify(method)}`,
    );
  }
  const ramp = compileRamp(options.ramp, ['ramp']);
  let months: Period[] | null = null;
  let days: bigint[] = [];
  let period: Period | null = null;
  if (options.period !== undefined) {
    period = readPeriod(options.period, calendar, ['period']);
    const pieces = monthPieces(period, calendar);
    months = pieces.months;
    days = pieces.days;
  }
  if (options.reportingCurrency !== undefined && options.reportingCurrency !== total.currency) {
    fail(
      ErrorCode.CURRENCY_MISMATCH,
      ['reportingCurrency'],
      `is ${options.reportingCurrency}, but the parts stay in the total's currency (${total.currency}); leave it out, or convert the total first`,
    );
  }
  const cv = converter(options);
  const when = (): When => {
    if (period === null) {
      fail(
        ErrorCode.INVALID_INPUT,
        ['conversion'],
        'a history has no date: give options.period (the rate on its first day is used) or a conversion policy such as fixed plan rates',
      );
    }
    return { date: period.start, period };
  };
  const ctx: Context = {
    method,
    ramp,
    months,
    days,
    currency: total.currency,
    minorUnits: total.minorUnits,
    zone: calendar.zone,
    cv,
    when,
  };
  const level = splitLevel(minor, input.members, ctx, []);
  const lockedMoney = Money.fromMinor(level.locked, total.currency, total.minorUnits);
  const respread = Money.fromMinor(level.respread, total.currency, total.minorUnits);
  const up = level.parts.filter((p) => p.roundedUp).map((p) => p.id);
  const converted = conversionNote(cv.list, total.currency);
  return {
    total,
    parts: level.parts,
    explain: {
      method,
      rule: 'largest remainder, ties to the earlier member',
      locked: lockedMoney,
      respread,
      rounds: level.rounds,
      ramp: ramp.shown,
      text: `${total} split over ${level.parts.length} members by ${method}${ramp.shown.length ? ` with ramp ${ramp.shown.join('/')}%` : ''}: ${lockedMoney} locked, ${respread} re-spread by weight${level.rounds ? ` (${level.rounds} round(s) holding members at min/max)` : ''}; ${up.length ? `${up.join(', ')} got one minor unit from the remainder` : 'no rounding needed'}.${converted === null ? '' : ` ${converted}.`}`,
    },
    ...(cv.list.length > 0 ? { conversions: cv.list } : {}),
  };
}
