// The funnel engine: stage changes go into compact typed columns, are grouped by deal with a counting sort,
// and each deal's history is walked once; every count lands in per-group number arrays and every duration
// in a day histogram. Memory: ~24 bytes per stage change in the columns plus a few numbers per deal; no object
// is kept per change.
import { type CachedRate, ConversionLog, RateCacheImpl } from '../currency/cache';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import {
  type Deal,
  DealSchema,
  type Pipeline,
  PipelineSchema,
  type StageChange,
  StageChangeSchema,
} from '../model/index';
import { Decimal, Money } from '../money/index';
import { dayNumber, fromDayNumber, isWorkingDay, toCalendarDate } from '../period/index';
import type {
  FunnelAggregate,
  FunnelConvertedAmount,
  FunnelDataQuality,
  FunnelGroupAggregate,
  FunnelStageInfo,
} from './aggregate-types';
import { plainConversions } from './conversions';
import type { FunnelInput } from './input';
import type { ResolvedOptions } from './options';

const DAY_MS = 86_400_000;
const SLOT_MS = 900_000; // UTC offsets and their changes fall on quarter hours

const OPEN = 0;
const WON = 1;
const LOST = 2;

/** Day number of an instant in a zone; cached per quarter hour outside UTC. */
function dayOfInstantFn(zone: string): (ms: number) => number {
  if (zone === 'UTC') return (ms) => Math.floor(ms / DAY_MS);
  const cache = new Map<number, number>();
  return (ms) => {
    const slot = Math.floor(ms / SLOT_MS);
    let day = cache.get(slot);
    if (day === undefined) {
      day = dayNumber(toCalendarDate(new Date(slot * SLOT_MS), zone));
      cache.set(slot, day);
    }
    return day;
  };
}

/** @internal */
export function emptyGroup(rows: number): FunnelGroupAggregate {
  const z = () => new Array<number>(rows).fill(0);
  return {
    entered: z(),
    movedOn: z(),
    lost: z(),
    open: z(),
    skippedOut: z(),
    reached: z(),
    lostWhileIn: z(),
    reentries: z(),
    backwardMoves: z(),
    imputed: z(),
    enteredValue: z(),
    movedOnValue: z(),
    lostValue: z(),
    openValue: z(),
    skippedOutValue: z(),
    reachedValue: z(),
    timeInStage: Array.from({ length: rows }, () => []),
    journeys: 0,
    won: 0,
    lostDeals: 0,
    openDeals: 0,
    wonValue: 0,
    lostDealsValue: 0,
    openDealsValue: 0,
    salesCycle: [],
    stageCycle: [],
  };
}

type MutableGroup = { -readonly [K in keyof FunnelGroupAggregate]: FunnelGroupAggregate[K] };

function unknownStage(pipeline: Pipeline, id: unknown, path: (string | number)[]): never {
  const ids = pipeline.stages.map((s) => s.id).join(', ');
  throw new OpenSpmError(
    ErrorCode.UNKNOWN_REFERENCE,
    `${path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .slice(
        1,
      )}: stage ${JSON.stringify(id)} is not a stage of pipeline "${pipeline.id}" (its stages: ${ids})`,
    { path },
  );
}

/** The state of one funnel computation: feed stage changes and deals, then `finish()`. @internal */
export class FunnelEngine {
  readonly pipeline: Pipeline;
  readonly o: ResolvedOptions;
  /** open stages in order: codes 0..m-1; won m; lost m+1 */
  readonly m: number;
  readonly codeOf = new Map<string, number>();
  readonly openStages: Pipeline['stages'];
  readonly c0: number;
  readonly cycleFrom: number;
  readonly dayOf: (ms: number) => number;
  readonly asOfDay: number;
  readonly periodStart: number;
  readonly periodEnd: number;

  // deals
  readonly dealIndex = new Map<string, number>();
  dealIds: string[] = [];
  dealAmount: number[] = [];
  dealCreatedMs: number[] = [];
  dealClosedMs: number[] = [];
  dealCurrent: number[] = [];
  dealGroup: number[] = [];
  /** Deals registered from `deals` take indexes 0..known-1; deals known only by their changes come after. */
  known = 0;
  dealCount = 0;
  unknownGroup = -1;
  dealsGiven = false;
  readonly otherPipeline = new Set<string>();
  readonly groupNames: string[] = [];
  readonly groupIndex = new Map<string, number>();
  currency: string | null = null;
  minorUnits = 0;
  private scale = 1;
  /** `scale` as a Decimal, for converted amounts. */
  private scaleDecimal = new Decimal(1);
  readonly lostAmounts = new Map<string, number>();
  /** With a reporting currency: the rates, cached per pair and day, and what was converted at each. */
  private readonly rateCache: RateCacheImpl | null = null;
  readonly conversionLog: ConversionLog | null = null;
  /** With `conversionDetail: 'per-deal'`: each amount converted, in input order, as the aggregate lists it. */
  readonly convertedAmounts: FunnelConvertedAmount[] | null = null;

  // stage changes, as columns
  private cap = 1024;
  n = 0;
  private evDeal = new Int32Array(this.cap);
  private evTo = new Int16Array(this.cap);
  private evFrom = new Int16Array(this.cap);
  private evMs = new Float64Array(this.cap);
  private evDay = new Int32Array(this.cap);
  private minDay = Number.POSITIVE_INFINITY;
  private lastId = '';
  private lastDeal = -1;

  readonly quality = {
    stageChanges: 0,
    ignoredAfterAsOf: 0,
    ignoredOtherPipeline: 0,
    dealsWithoutHistory: 0,
    dealsExcluded: 0,
    historyStartsMidway: 0,
    inconsistentMoves: 0,
    repeatedStage: 0,
    reopened: 0,
    backwardMoves: 0,
    lateEntriesExcluded: 0,
    journeys: 0,
  } satisfies { -readonly [K in keyof FunnelDataQuality]: number };

  constructor(pipelineInput: FunnelInput['pipeline'], options: ResolvedOptions) {
    const pipeline = parseOrThrow(PipelineSchema, pipelineInput, 'pipeline', ['pipeline']);
    this.pipeline = pipeline;
    this.o = options;
    this.openStages = pipeline.stages.filter((s) => s.kind === 'open');
    this.m = this.openStages.length;
    if (this.m === 0) {
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `pipeline "${pipeline.id}" has no open stage; a funnel needs at least one`,
        { path: ['pipeline', 'stages'] },
      );
    }
    this.openStages.forEach((s, i) => {
      this.codeOf.set(s.id, i);
    });
    for (const s of pipeline.stages) {
      if (s.kind === 'won') this.codeOf.set(s.id, this.m);
      if (s.kind === 'lost') this.codeOf.set(s.id, this.m + 1);
    }
    this.c0 = 0;
    if (options.cohortStage !== undefined) {
      const c = this.codeOf.get(options.cohortStage);
      if (c === undefined || c >= this.m) {
        throw new OpenSpmError(
          ErrorCode.UNKNOWN_REFERENCE,
          `cohortStage: "${options.cohortStage}" is not an open stage of pipeline "${pipeline.id}" (open stages: ${this.openStages.map((s) => s.id).join(', ')})`,
          { path: ['cohortStage'] },
        );
      }
      this.c0 = c;
    }
    this.cycleFrom = -1;
    if (options.cycleFromStage !== undefined) {
      const c = this.codeOf.get(options.cycleFromStage);
      if (c === undefined || c >= this.m) {
        throw new OpenSpmError(
          ErrorCode.UNKNOWN_REFERENCE,
          `cycleFromStage: "${options.cycleFromStage}" is not an open stage of pipeline "${pipeline.id}"`,
          { path: ['cycleFromStage'] },
        );
      }
      this.cycleFrom = c;
    }
    this.dayOf = dayOfInstantFn(options.calendar.zone);
    this.asOfDay = dayNumber(options.asOf);
    this.periodStart = options.period ? dayNumber(options.period.start) : Number.NEGATIVE_INFINITY;
    this.periodEnd = options.period ? dayNumber(options.period.end) : Number.POSITIVE_INFINITY;
    if (options.conversion) {
      const c = options.conversion;
      this.setCurrency(c.reportingCurrency);
      this.rateCache = new RateCacheImpl(c.reportingCurrency, { rates: c.rates, rounding: 'half-even' });
      // The log only counts per rate; the per-deal rows are kept here as plain data (no sentence: the report
      // states each one from them, see explainConversions).
      this.conversionLog = new ConversionLog(c.reportingCurrency, false);
      if (c.perDeal) this.convertedAmounts = [];
    } else if (pipeline.currency) this.setCurrency(pipeline.currency);
  }

  /**
   * A deal value in the funnel's minor units: converted to the reporting currency first when there is one and
   * the value is in another currency (rounded half-even to its minor unit, counted in the conversion log).
   */
  private reportedMinor(
    money: Money,
    at: Date | undefined,
    path: (string | number)[],
    source: 'deal' | 'amount-before-loss',
    id: string,
  ): number {
    const c = this.o.conversion;
    if (!c || money.currency === c.reportingCurrency) return this.toMinor(money, path);
    const policy =
      typeof c.policy === 'object'
        ? c.policy
        : { kind: 'on-date' as const, date: at ? toCalendarDate(at, this.o.calendar.zone) : this.o.asOf };
    let rate: CachedRate;
    try {
      rate = this.rateCache!.lookup(money, policy);
    } catch (error) {
      if (error instanceof OpenSpmError) {
        throw new OpenSpmError(error.code, `${path.join('.')}: ${error.message}`, { path, cause: error });
      }
      throw error;
    }
    // What convert gives, without its result object and sentence: the exact product, rounded once.
    const rounded = this.rateCache!.round(money.amount.times(rate.rate.rate));
    this.conversionLog!.tally(rate.key, rate.rate, money.amount, rounded);
    this.convertedAmounts?.push({
      source,
      id,
      path,
      original: money.amount.toString(),
      amount: rounded.toString(),
      key: rate.key,
    });
    return this.minorOf(rounded, c.reportingCurrency, path);
  }

  /** The conversion rule, in words, for the definition. */
  conversionText(): string | undefined {
    const c = this.o.conversion;
    if (!c) return undefined;
    const how =
      c.policy === 'close-date'
        ? "the rate on each deal's close date (on asOf while open)"
        : c.policy === 'created-date'
          ? "the rate on each deal's creation date"
          : c.policy.kind === 'fixed'
            ? 'fixed plan rates'
            : c.policy.kind === 'period-average'
              ? `the ${c.policy.period.key} average rate`
              : `the rate on ${c.policy.date instanceof Date ? c.policy.date.toISOString() : c.policy.date}`;
    return `to ${c.reportingCurrency} at ${how}, each amount rounded half-even to ${this.minorUnits} decimals`;
  }

  private setCurrency(currency: string): void {
    this.currency = currency;
    this.minorUnits = Money.zero(currency).minorUnits;
    this.scale = 10 ** this.minorUnits;
    this.scaleDecimal = new Decimal(this.scale);
  }

  private groupOf(key: string): number {
    let g = this.groupIndex.get(key);
    if (g === undefined) {
      g = this.groupNames.length;
      this.groupNames.push(key);
      this.groupIndex.set(key, g);
    }
    return g;
  }

  toMinor(money: Money, path: (string | number)[]): number {
    if (this.currency === null) this.setCurrency(money.currency);
    if (money.currency !== this.currency) {
      throw new OpenSpmError(
        ErrorCode.CURRENCY_MISMATCH,
        `${path.join('.')}: amount is in ${money.currency} but the funnel is in ${this.currency}; convert amounts to one currency first`,
        { path },
      );
    }
    return this.minorOf(money.amount, money.currency, path);
  }

  /** An amount in the funnel's currency as a whole number of its minor units (the money stated in errors). */
  private minorOf(amount: Decimal, currency: string, path: (string | number)[]): number {
    const minor = amount.times(this.scaleDecimal);
    if (!minor.isInteger()) {
      throw new OpenSpmError(
        ErrorCode.NOT_IN_MINOR_UNITS,
        `${path.join('.')}: ${Money.of(amount, currency)} has more decimals than ${currency} minor units`,
        { path },
      );
    }
    const value = minor.toNumber();
    if (!Number.isSafeInteger(value)) {
      throw new OpenSpmError(
        ErrorCode.OUT_OF_RANGE,
        `${path.join('.')}: ${Money.of(amount, currency)} is too large to sum exactly`,
        {
          path,
        },
      );
    }
    return value;
  }

  addDeal(input: Deal | unknown, i: number): void {
    this.dealsGiven = true;
    const raw = input as Deal;
    const deal =
      raw !== null &&
      typeof raw === 'object' &&
      Money.isMoney(raw.amount) &&
      raw.createdAt instanceof Date &&
      typeof raw.id === 'string' &&
      typeof raw.stageId === 'string'
        ? raw
        : parseOrThrow(DealSchema, input, 'deal', ['deals', i]);
    if (deal.pipelineId !== this.pipeline.id) {
      this.otherPipeline.add(deal.id);
      return;
    }
    if (this.dealIndex.has(deal.id)) {
      throw new OpenSpmError(ErrorCode.DUPLICATE_ID, `deals[${i}].id: deal "${deal.id}" is listed twice`, {
        path: ['deals', i, 'id'],
      });
    }
    const current = this.codeOf.get(deal.stageId);
    if (current === undefined) unknownStage(this.pipeline, deal.stageId, ['deals', i, 'stageId']);
    const index = this.dealCount++;
    this.known = this.dealCount;
    this.dealIndex.set(deal.id, index);
    this.dealIds.push(deal.id);
    const at = this.o.conversion?.policy === 'created-date' ? deal.createdAt : deal.closedAt;
    this.dealAmount.push(this.reportedMinor(deal.amount, at, ['deals', i, 'amount'], 'deal', deal.id));
    this.dealCreatedMs.push(deal.createdAt.getTime());
    this.dealClosedMs.push(deal.closedAt ? deal.closedAt.getTime() : Number.NaN);
    this.dealCurrent.push(current);
    this.dealGroup.push(this.groupOf(this.groupKey(deal)));
  }

  private groupKey(deal: Deal): string {
    const by = this.o.groupBy;
    if (by === undefined) return '';
    if (typeof by === 'function') return String(by(deal));
    switch (by) {
      case 'owner':
        return deal.ownerId;
      case 'team':
        return deal.teamId ?? '(no team)';
      case 'pipeline':
        return deal.pipelineId;
      case 'source':
        return deal.source ?? '(no source)';
      default:
        return deal.product ?? '(no product)';
    }
  }

  setLostAmount(dealId: string, money: Money, path: (string | number)[]): void {
    this.lostAmounts.set(dealId, this.reportedMinor(money, undefined, path, 'amount-before-loss', dealId));
  }

  /** Makes room for `n` more changes at once (the input's length, when known). */
  reserve(n: number): void {
    if (this.n + n > this.cap) {
      this.cap = Math.max(1, this.n + n) / 2;
      this.grow();
    }
  }

  private grow(): void {
    this.cap = Math.ceil(this.cap * 2);
    const grow = <T extends Int32Array | Int16Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.cap);
      b.set(a);
      return b;
    };
    this.evDeal = grow(this.evDeal, (n) => new Int32Array(n));
    this.evTo = grow(this.evTo, (n) => new Int16Array(n));
    this.evFrom = grow(this.evFrom, (n) => new Int16Array(n));
    this.evMs = grow(this.evMs, (n) => new Float64Array(n));
    this.evDay = grow(this.evDay, (n) => new Int32Array(n));
  }

  private push(deal: number, from: number, to: number, ms: number, day: number): void {
    if (this.n === this.cap) this.grow();
    const k = this.n++;
    this.evDeal[k] = deal;
    this.evFrom[k] = from;
    this.evTo[k] = to;
    this.evMs[k] = ms;
    this.evDay[k] = day;
    if (day < this.minDay) this.minDay = day;
  }

  /**
   * The fast path for an array of parsed stage changes: locals instead of fields, the deal looked up once per
   * run of changes of the same deal, the stage looked up once per run of the same stage id. Anything unusual
   * (numeric ids, text dates, unknown deals or stages) goes through `addChange`, which checks and explains.
   */
  addChangeArray(changes: readonly unknown[]): void {
    this.reserve(changes.length);
    const dealIndex = this.dealIndex;
    const codeOf = this.codeOf;
    const evDeal = this.evDeal;
    const evTo = this.evTo;
    const evFrom = this.evFrom;
    const evMs = this.evMs;
    const evDay = this.evDay;
    const asOfDay = this.asOfDay;
    const utc = this.o.calendar.zone === 'UTC';
    const dayOf = this.dayOf;
    const open = !this.dealsGiven && this.otherPipeline.size === 0;
    let lastId = this.lastId;
    let lastDeal = this.lastDeal;
    const none = {}; // matches no stage id
    let lastTo: unknown = none;
    let lastToCode = -1;
    let lastFrom: unknown = none;
    let lastFromCode = -1;
    let fast = 0;
    for (let i = 0; i < changes.length; i++) {
      const c = changes[i] as StageChange;
      const id = c?.dealId;
      const at = c?.at;
      const toId = c?.toStageId;
      const fromId = c?.fromStageId;
      let deal = id === lastId ? lastDeal : dealIndex.get(id);
      if (deal === undefined && open && typeof id === 'string' && id !== '') {
        deal = this.dealCount++;
        dealIndex.set(id, deal);
        if (this.unknownGroup < 0) this.unknownGroup = this.groupOf('');
      }
      const to = toId === lastTo ? lastToCode : codeOf.get(toId);
      const from = fromId === null ? -1 : fromId === lastFrom ? lastFromCode : codeOf.get(fromId as string);
      const ms = at instanceof Date ? at.getTime() : Number.NaN;
      if (deal === undefined || to === undefined || from === undefined || Number.isNaN(ms)) {
        // the slow path: checks everything, explains any problem, and keeps the columns and counters right
        this.lastId = lastId;
        this.lastDeal = lastDeal;
        this.addChange(c, i);
        lastId = this.lastId;
        lastDeal = this.lastDeal;
        continue;
      }
      lastId = id;
      lastDeal = deal;
      lastTo = toId;
      lastToCode = to;
      if (fromId !== null) {
        lastFrom = fromId;
        lastFromCode = from;
      }
      fast++;
      const day = utc ? Math.floor(ms / DAY_MS) : dayOf(ms);
      if (day > asOfDay) {
        this.quality.ignoredAfterAsOf++;
        continue;
      }
      const k = this.n++;
      evDeal[k] = deal;
      evFrom[k] = from;
      evTo[k] = to;
      evMs[k] = ms;
      evDay[k] = day;
      if (day < this.minDay) this.minDay = day;
    }
    this.lastId = lastId;
    this.lastDeal = lastDeal;
    this.quality.stageChanges += fast;
  }

  addChange(input: StageChange | unknown, i: number): void {
    this.quality.stageChanges++;
    let c = input as StageChange;
    let dealId: unknown = c?.dealId;
    let ms = c?.at instanceof Date ? c.at.getTime() : Number.NaN;
    if (typeof dealId === 'number' && Number.isSafeInteger(dealId)) dealId = String(dealId);
    if (typeof dealId !== 'string' || dealId === '' || Number.isNaN(ms)) {
      c = parseOrThrow(StageChangeSchema, input, 'stage change', ['stageChanges', i]);
      dealId = c.dealId;
      ms = c.at.getTime();
    }
    const id = dealId as string;
    // Changes usually come grouped by deal: one map lookup per run of the same deal.
    let deal = id === this.lastId ? this.lastDeal : this.dealIndex.get(id);
    if (deal === undefined) {
      if (this.otherPipeline.has(id)) {
        this.quality.ignoredOtherPipeline++;
        return;
      }
      if (this.dealsGiven) {
        throw new OpenSpmError(
          ErrorCode.UNKNOWN_REFERENCE,
          `stageChanges[${i}].dealId: deal "${id}" is not in deals; pass every deal the changes refer to, or no deals at all`,
          { path: ['stageChanges', i, 'dealId'] },
        );
      }
      // known only by its changes: nothing to store but its index
      deal = this.dealCount++;
      this.dealIndex.set(id, deal);
      if (this.unknownGroup < 0) this.unknownGroup = this.groupOf('');
    }
    this.lastId = id;
    this.lastDeal = deal;
    const toId = c.toStageId;
    const to = this.codeOf.get(typeof toId === 'number' ? String(toId) : toId);
    if (to === undefined) unknownStage(this.pipeline, toId, ['stageChanges', i, 'toStageId']);
    const fromId = c.fromStageId;
    let from = -1;
    if (fromId !== null && fromId !== undefined) {
      const f = this.codeOf.get(typeof fromId === 'number' ? String(fromId) : fromId);
      if (f === undefined) unknownStage(this.pipeline, fromId, ['stageChanges', i, 'fromStageId']);
      from = f;
    }
    const day = this.dayOf(ms);
    if (day > this.asOfDay) {
      this.quality.ignoredAfterAsOf++;
      return;
    }
    this.push(deal, from, to, ms, day);
  }

  finish(): FunnelAggregate {
    const D = this.dealCount;
    const m = this.m;
    // Deals without history: infer from the current stage.
    const counts = new Int32Array(D + 1);
    for (let k = 0; k < this.n; k++) counts[this.evDeal[k]! + 1]!++;
    for (let d = 0; d < D; d++) {
      if (d >= this.known || counts[d + 1] !== 0) continue;
      const created = this.dealCreatedMs[d]!;
      const createdDay = this.dayOf(created);
      if (this.o.noHistory === 'exclude' || createdDay > this.asOfDay) {
        this.quality.dealsExcluded++;
        continue;
      }
      this.quality.dealsWithoutHistory++;
      const current = this.dealCurrent[d]!;
      if (current < m) {
        this.push(d, -1, current, created, createdDay);
        counts[d + 1]!++;
      } else {
        const closed = Number.isNaN(this.dealClosedMs[d]!) ? created : this.dealClosedMs[d]!;
        const closedDay = this.dayOf(closed);
        this.push(d, -1, 0, created, createdDay);
        counts[d + 1]!++;
        if (closedDay <= this.asOfDay) {
          this.push(d, 0, current, closed, closedDay);
          counts[d + 1]!++;
        }
      }
    }
    // Group the changes by deal (counting sort).
    for (let d = 0; d < D; d++) counts[d + 1]! += counts[d]!;
    const order = new Int32Array(this.n);
    const cursor = counts.slice(0, D);
    for (let k = 0; k < this.n; k++) order[cursor[this.evDeal[k]!]!++] = k;

    const walker = new Walker(this);
    for (let d = 0; d < D; d++) {
      const from = counts[d]!;
      const to = counts[d + 1]!;
      if (to > from) walker.walkDeal(d, order, from, to);
    }
    return walker.result();
  }

  /** The events' columns, for the walker. @internal */
  columns() {
    return { to: this.evTo, from: this.evFrom, ms: this.evMs, day: this.evDay, minDay: this.minDay };
  }
}

/** Working days in [a, b) from a prefix table built once over the days seen. */
class WorkingDays {
  private lo: number;
  private prefix: Int32Array;
  constructor(
    lo: number,
    hi: number,
    private readonly calendar: ResolvedOptions['calendar'],
  ) {
    this.lo = lo;
    this.prefix = new Int32Array(0);
    this.build(lo, hi);
  }
  private build(lo: number, hi: number): void {
    const prefix = new Int32Array(hi - lo + 2);
    for (let n = lo; n <= hi; n++) {
      prefix[n - lo + 1] = prefix[n - lo]! + (isWorkingDay(fromDayNumber(n), this.calendar) ? 1 : 0);
    }
    this.lo = lo;
    this.prefix = prefix;
  }
  count(a: number, b: number): number {
    if (a < this.lo || b - this.lo >= this.prefix.length) {
      this.build(Math.min(a, this.lo), Math.max(b, this.lo + this.prefix.length - 2));
    }
    return this.prefix[b - this.lo]! - this.prefix[a - this.lo]!;
  }
}

/** Walks each deal's history into journeys and counts them. */
class Walker {
  private readonly e: FunnelEngine;
  private readonly m: number;
  private readonly rows: number;
  private readonly groups: MutableGroup[] = [];
  private readonly working: WorkingDays | null;
  private readonly policy: 0 | 1 | 2; // strict, impute, progression
  private readonly reentry: 0 | 1 | 2; // first, last, cumulative
  private readonly newEntry: boolean;
  private readonly periodMode: boolean;
  private readonly cols: ReturnType<FunnelEngine['columns']>;
  private idx: number[] = [];

  // journey state, per stage code 0..m (m = won)
  private readonly actualEntry: Float64Array;
  private readonly policyEntry: Float64Array;
  private readonly strictEntry: Float64Array;
  private readonly visits: Int32Array;
  private readonly firstDur: Float64Array;
  private readonly lastDur: Float64Array;
  private readonly cumDur: Float64Array;
  private readonly openVisit: Uint8Array;
  private readonly visitStart: Float64Array;
  private readonly backward: Int32Array;
  private readonly imputed: Uint8Array;
  private cur = -1;
  private maxReached = -1;
  private maxOpen = -1;
  private frontier = -1;
  private strictStart = -1;
  private strictEnded = false;
  private progDay = Number.NaN;
  private outcome = OPEN;
  private closeDay = 0;
  private closeFrom = -1;
  private startDay = 0;
  private started = false;

  constructor(engine: FunnelEngine) {
    this.e = engine;
    this.m = engine.m;
    this.rows = engine.m - engine.c0 + 1;
    const o = engine.o;
    this.cols = engine.columns();
    this.working =
      o.days === 'working'
        ? new WorkingDays(Math.min(this.cols.minDay, engine.asOfDay), engine.asOfDay + 1, o.calendar)
        : null;
    this.policy = o.skippedStages === 'strict' ? 0 : o.skippedStages === 'impute' ? 1 : 2;
    this.reentry = o.reentry === 'first' ? 0 : o.reentry === 'last' ? 1 : 2;
    this.newEntry = o.reopened === 'new-entry';
    this.periodMode = o.mode === 'period';
    const n = this.m + 1;
    this.actualEntry = new Float64Array(n);
    this.policyEntry = new Float64Array(n);
    this.strictEntry = new Float64Array(n);
    this.visits = new Int32Array(n);
    this.firstDur = new Float64Array(n);
    this.lastDur = new Float64Array(n);
    this.cumDur = new Float64Array(n);
    this.openVisit = new Uint8Array(n);
    this.visitStart = new Float64Array(n);
    this.backward = new Int32Array(n);
    this.imputed = new Uint8Array(n);
    for (let g = 0; g < engine.groupNames.length; g++)
      this.groups.push(emptyGroup(this.rows) as MutableGroup);
  }

  private days(a: number, b: number): number {
    return this.working ? this.working.count(a, b) : b - a;
  }

  private reset(day: number): void {
    // a loop, not eleven fill() calls: this runs once per deal
    for (let s = 0; s <= this.m; s++) {
      this.actualEntry[s] = Number.NaN;
      this.policyEntry[s] = Number.NaN;
      this.strictEntry[s] = Number.NaN;
      this.visits[s] = 0;
      this.firstDur[s] = -1;
      this.lastDur[s] = -1;
      this.cumDur[s] = 0;
      this.openVisit[s] = 0;
      this.backward[s] = 0;
      this.imputed[s] = 0;
    }
    this.cur = -1;
    this.maxReached = -1;
    this.maxOpen = -1;
    this.frontier = -1;
    this.strictStart = -1;
    this.strictEnded = false;
    this.progDay = Number.NaN;
    this.outcome = OPEN;
    this.closeFrom = -1;
    this.startDay = day;
    this.started = true;
  }

  walkDeal(d: number, order: Int32Array, from: number, to: number): void {
    const { ms, day, to: evTo, from: evFrom } = this.cols;
    // Sort this deal's changes by time; ties by (from, to) codes, then follow the chain.
    const idx = this.idx;
    idx.length = 0;
    for (let k = from; k < to; k++) {
      const e = order[k]!;
      let j = idx.length;
      idx.push(e);
      while (j > 0) {
        const p = idx[j - 1]!;
        const before =
          ms[p]! < ms[e]! ||
          (ms[p] === ms[e] && (evFrom[p]! < evFrom[e]! || (evFrom[p] === evFrom[e] && evTo[p]! <= evTo[e]!)));
        if (before) break;
        idx[j] = p;
        j--;
      }
      idx[j] = e;
    }
    this.started = false;
    this.cur = -1;
    const known = d < this.e.known;
    const created = known ? this.e.dealCreatedMs[d]! : Number.NaN;
    const createdDay = Number.isNaN(created) ? Number.NaN : this.e.dayOf(created);
    const group = this.groups[known ? this.e.dealGroup[d]! : this.e.unknownGroup]!;
    const amount = known ? this.e.dealAmount[d]! : 0;
    const lostAmount =
      !known || this.e.lostAmounts.size === 0
        ? amount
        : (this.e.lostAmounts.get(this.e.dealIds[d]!) ?? amount);
    let first = true;
    for (let p = 0; p < idx.length; p++) {
      // Among changes at the same instant, take the one leaving the current stage first.
      const t = ms[idx[p]!]!;
      if (p + 1 < idx.length && ms[idx[p + 1]!] === t && evFrom[idx[p]!] !== this.cur) {
        for (let q = p + 1; q < idx.length && ms[idx[q]!] === t; q++) {
          if (evFrom[idx[q]!] === this.cur) {
            const tmp = idx[p]!;
            idx[p] = idx[q]!;
            idx[q] = tmp;
            break;
          }
        }
      }
      const e = idx[p]!;
      const dy = day[e]!;
      const target = evTo[e]!;
      const source = evFrom[e]!;
      if (!this.started) {
        this.reset(first && !Number.isNaN(createdDay) && createdDay <= dy ? createdDay : dy);
        if (source >= 0) {
          if (first) this.e.quality.historyStartsMidway++;
          if (source < this.m) this.enter(source, this.startDay);
          else if (source === this.m) this.close(WON, this.startDay);
          else {
            // as for a deal that enters lost: it was at least a lead
            this.reach(0, this.startDay);
            this.close(LOST, this.startDay);
          }
        }
        first = false;
      } else if (source !== (this.cur === -1 ? -1 : this.cur)) {
        this.e.quality.inconsistentMoves++;
      }
      this.move(target, dy, group, amount, lostAmount);
    }
    if (this.started) this.finishJourney(group, amount, lostAmount);
  }

  private move(to: number, day: number, group: MutableGroup, amount: number, lostAmount: number): void {
    const m = this.m;
    const cur = this.cur;
    if (to === cur) {
      this.e.quality.repeatedStage++;
      return;
    }
    if (this.outcome !== OPEN) {
      if (to < m) {
        this.e.quality.reopened++;
        if (this.newEntry) {
          this.finishJourney(group, amount, lostAmount);
          this.reset(day);
        } else {
          if (this.outcome === WON) this.unwin();
          this.outcome = OPEN;
        }
        this.enter(to, day);
      } else {
        // a closed deal re-closed (won corrected to lost, or the reverse)
        if (this.outcome === WON && to !== m) this.unwin();
        this.outcome = to === m ? WON : LOST;
        this.closeDay = day;
        this.cur = to;
        if (to === m) this.reach(m, day);
      }
      return;
    }
    if (cur >= 0 && cur < m) {
      this.endVisit(cur, day);
      if (to < cur) {
        this.backward[cur]!++;
        this.e.quality.backwardMoves++;
      }
    }
    if (to < m) this.enter(to, day);
    else {
      // a deal that enters the pipeline lost was at least a lead: it reached the first stage, with no stay
      if (cur === -1 && to > m) this.reach(0, day);
      this.close(to === m ? WON : LOST, day);
    }
  }

  /** A won deal reopened under 'continue': the win no longer counts as reaching the won row. */
  private unwin(): void {
    const m = this.m;
    this.actualEntry[m] = Number.NaN;
    this.policyEntry[m] = Number.NaN;
    this.strictEntry[m] = Number.NaN;
    // it was at least in the first stage (entering won imputed it)
    if (this.maxReached === m) this.maxReached = Math.max(this.maxOpen, 0);
    if (this.frontier === m) this.frontier = m - 1;
  }

  private close(kind: number, day: number): void {
    this.outcome = kind;
    this.closeDay = day;
    this.closeFrom = this.cur;
    this.cur = kind === WON ? this.m : this.m + 1;
    if (kind === WON) this.reach(this.m, day);
  }

  private enter(s: number, day: number): void {
    this.visits[s]!++;
    this.openVisit[s] = 1;
    this.visitStart[s] = day;
    this.cur = s;
    this.reach(s, day);
  }

  private endVisit(s: number, day: number): void {
    const dur = this.days(this.visitStart[s]!, day);
    if (this.visits[s] === 1) this.firstDur[s] = dur;
    this.lastDur[s] = dur;
    this.cumDur[s]! += dur;
    this.openVisit[s] = 0;
  }

  private reach(s: number, day: number): void {
    if (s < this.m && s > this.maxOpen) this.maxOpen = s;
    if (Number.isNaN(this.actualEntry[s]!)) this.actualEntry[s] = day;
    if (Number.isNaN(this.policyEntry[s]!)) this.policyEntry[s] = day;
    if (s > this.maxReached) {
      for (let j = this.maxReached + 1; j < s; j++) {
        if (Number.isNaN(this.policyEntry[j]!)) {
          this.policyEntry[j] = day;
          this.imputed[j] = 1;
        }
      }
      this.maxReached = s;
    }
    if (s >= this.e.c0 && Number.isNaN(this.progDay)) this.progDay = day;
    if (!this.strictEnded) {
      if (this.frontier === -1) {
        this.frontier = s;
        this.strictStart = s;
        this.strictEntry[s] = day;
      } else if (s === this.frontier + 1) {
        this.frontier = s;
        this.strictEntry[s] = day;
      } else if (s > this.frontier + 1) {
        this.strictEnded = true;
      }
    }
  }

  private inPeriod(day: number): boolean {
    return day >= this.e.periodStart && day < this.e.periodEnd;
  }

  private finishJourney(g: MutableGroup, amount: number, lostAmount: number): void {
    this.started = false;
    const e = this.e;
    e.quality.journeys++;
    const m = this.m;
    const c0 = e.c0;
    const policy = this.policy;
    const value = this.outcome === LOST ? lostAmount : amount;
    // furthest stage reached, policy-wise, and the cohort day
    let furthest: number;
    let cohortDay: number;
    if (policy === 0) {
      if (this.strictStart > c0) {
        e.quality.lateEntriesExcluded++;
        return;
      }
      furthest = this.frontier;
      cohortDay = furthest >= c0 ? this.strictEntry[c0]! : Number.NaN;
    } else {
      furthest = this.maxReached;
      cohortDay = policy === 1 ? (furthest >= c0 ? this.policyEntry[c0]! : Number.NaN) : this.progDay;
    }
    const inCohort = !Number.isNaN(cohortDay) && this.inPeriod(cohortDay);
    const entries = policy === 0 ? this.strictEntry : policy === 1 ? this.policyEntry : this.actualEntry;
    const finalCategory = policy === 0 && this.strictEnded ? 3 : this.outcome === LOST ? 1 : 2; // 1 lost, 2 open, 3 skipped
    for (let s = c0; s <= m && s <= furthest; s++) {
      const r = s - c0;
      if (inCohort) {
        g.reached[r]!++;
        g.reachedValue[r]! += value;
      }
      const entry = entries[s]!;
      if (Number.isNaN(entry)) continue; // progression: never really here
      if (this.periodMode ? !this.inPeriod(entry) : !inCohort) continue;
      g.entered[r]!++;
      g.enteredValue[r]! += value;
      if (s === m) continue; // the won row
      if (s < furthest) {
        g.movedOn[r]!++;
        g.movedOnValue[r]! += value;
      } else if (finalCategory === 1) {
        g.lost[r]!++;
        g.lostValue[r]! += value;
      } else if (finalCategory === 2) {
        g.open[r]!++;
        g.openValue[r]! += value;
      } else {
        g.skippedOut[r]!++;
        g.skippedOutValue[r]! += value;
      }
      if (this.visits[s]! > 1) g.reentries[r]!++;
      if (this.imputed[s] === 1 && policy === 1) g.imputed[r]!++;
      g.backwardMoves[r]! += this.backward[s]!;
      if (this.visits[s]! > 0) {
        const dur =
          this.reentry === 0
            ? this.firstDur[s]!
            : this.openVisit[s] === 1
              ? -1
              : this.reentry === 1
                ? this.lastDur[s]!
                : this.cumDur[s]!;
        if (dur >= 0) {
          const h = g.timeInStage[r]!;
          h[dur] = (h[dur] ?? 0) + 1;
        }
      }
    }
    // where a lost deal really was when lost
    if (this.outcome === LOST && this.closeFrom >= c0 && this.closeFrom < m) {
      if (this.periodMode ? this.inPeriod(this.closeDay) : inCohort) g.lostWhileIn[this.closeFrom - c0]!++;
    }
    // journey-level figures
    let inScope: boolean;
    if (this.periodMode) {
      inScope = this.outcome === OPEN ? this.inPeriod(this.startDay) : this.inPeriod(this.closeDay);
    } else inScope = inCohort;
    if (!inScope) return;
    g.journeys++;
    if (this.outcome === WON) {
      g.won++;
      g.wonValue += value;
      const cycle = this.days(this.startDay, this.closeDay);
      g.salesCycle[cycle] = (g.salesCycle[cycle] ?? 0) + 1;
      if (this.e.cycleFrom >= 0) {
        const from = this.actualEntry[this.e.cycleFrom]!;
        const start = Number.isNaN(from) ? this.policyEntry[this.e.cycleFrom]! : from;
        if (!Number.isNaN(start)) {
          const c = this.days(start, this.closeDay);
          g.stageCycle[c] = (g.stageCycle[c] ?? 0) + 1;
        }
      }
    } else if (this.outcome === LOST) {
      g.lostDeals++;
      g.lostDealsValue += value;
    } else {
      g.openDeals++;
      g.openDealsValue += value;
    }
  }

  result(): FunnelAggregate {
    const e = this.e;
    const rows: FunnelStageInfo[] = e.openStages.slice(e.c0).map((s) => ({
      id: s.id,
      name: s.name,
      kind: 'open' as const,
      probability: s.probability ?? null,
    }));
    const wonStage = e.pipeline.stages.find((s) => s.kind === 'won');
    rows.push({ id: wonStage?.id ?? 'won', name: wonStage?.name ?? 'Won', kind: 'won', probability: 1 });
    const groups: Record<string, FunnelGroupAggregate> = {};
    const overall = emptyGroup(this.rows);
    this.groups.forEach((g, i) => {
      fillHoles(g);
      addGroup(overall as MutableGroup, g);
      if (e.o.groupBy !== undefined) groups[e.groupNames[i]!] = g;
    });
    checkSafe(overall);
    const o = e.o;
    return {
      kind: 'openspm.funnel-aggregate',
      version: 1,
      definition: {
        pipelineId: e.pipeline.id,
        asOf: o.asOf,
        mode: o.mode,
        cohortStage: e.openStages[e.c0]!.id,
        skippedStages: o.skippedStages,
        reentry: o.reentry,
        reopened: o.reopened,
        basis: o.basis,
        days: o.days,
        zone: o.calendar.zone,
        groupBy: o.groupBy === undefined ? null : typeof o.groupBy === 'function' ? 'custom' : o.groupBy,
        cycleFromStage: e.cycleFrom >= 0 ? e.openStages[e.cycleFrom]!.id : null,
        noHistory: o.noHistory,
        ...(o.conversion ? { conversion: e.conversionText()! } : {}),
      },
      periods: o.period ? [o.period] : null,
      stages: rows,
      currency: e.currency,
      minorUnits: e.minorUnits,
      hasValues: e.dealsGiven,
      overall,
      groups,
      dataQuality: { ...e.quality },
      ...(e.conversionLog ? { conversions: plainConversions(e.conversionLog, e.convertedAmounts) } : {}),
    };
  }
}

/** Histogram arrays written by index may have holes; make them dense zeros. */
function fillHoles(g: MutableGroup): void {
  const dense = (h: number[]) => {
    for (let d = 0; d < h.length; d++) if (h[d] === undefined) h[d] = 0;
  };
  for (const h of g.timeInStage) dense(h);
  dense(g.salesCycle);
  dense(g.stageCycle);
}

const ROW_FIELDS = [
  'entered',
  'movedOn',
  'lost',
  'open',
  'skippedOut',
  'reached',
  'lostWhileIn',
  'reentries',
  'backwardMoves',
  'imputed',
  'enteredValue',
  'movedOnValue',
  'lostValue',
  'openValue',
  'skippedOutValue',
  'reachedValue',
] as const;
const SCALAR_FIELDS = [
  'journeys',
  'won',
  'lostDeals',
  'openDeals',
  'wonValue',
  'lostDealsValue',
  'openDealsValue',
] as const;

function addInto(a: number[], b: readonly number[]): void {
  for (let d = 0; d < b.length; d++) a[d] = (a[d] ?? 0) + b[d]!;
}

/** Adds group `b` into `a`. @internal */
export function addGroup(a: MutableGroup, b: FunnelGroupAggregate): void {
  for (const f of ROW_FIELDS) addInto(a[f], b[f]);
  for (const f of SCALAR_FIELDS) a[f] += b[f];
  b.timeInStage.forEach((h, r) => {
    addInto(a.timeInStage[r]!, h);
  });
  addInto(a.salesCycle, b.salesCycle);
  addInto(a.stageCycle, b.stageCycle);
}

/** Throws when a value sum left the range where numbers are exact. @internal */
export function checkSafe(g: FunnelGroupAggregate): void {
  const all = [...SCALAR_FIELDS.map((f) => g[f]), ...g.enteredValue, ...g.reachedValue];
  if (all.some((v) => !Number.isSafeInteger(v))) {
    throw new OpenSpmError(
      ErrorCode.OUT_OF_RANGE,
      'the summed deal values exceed 2^53 minor units and cannot be added exactly as numbers; split the input into shards by currency or region',
    );
  }
}
