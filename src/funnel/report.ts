import type { ConversionsUsed } from '../currency/index';
import { Decimal, Money } from '../money/index';
import type { FunnelAggregate, FunnelDefinition, FunnelGroupAggregate } from './aggregate-types';
import { type DurationStats, durationStats } from './histogram';
import { countRate, type Rate, type ValueRate, valueRate } from './rate';

/**
 * One row of a funnel report: an open stage, or the final won row, with its counts, values, conversions and
 * time in stage. For an open stage `entered = movedOn + lost + open + skippedOut` always holds.
 *
 * @example
 * ```ts
 * import { stageConversion } from 'openspm';
 * const result = stageConversion({
 *   pipeline: { id: 'p', name: 'P', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' }] },
 *   stageChanges: [
 *     { dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'd1', fromStageId: 'lead', toStageId: 'won', at: '2024-01-11' }],
 * }, { asOf: '2024-12-31' });
 * const lead = result.overall.stages[0];
 * lead.conversion.nextStep.text; //=> '100.0% (1/1)'
 * lead.timeInStage.median; //=> 10
 * ```
 */
export interface FunnelStageRow {
  /** Stage id. */
  readonly id: string;
  /** Stage name. */
  readonly name: string;
  /** `'open'`, or `'won'` for the final row. */
  readonly kind: 'open' | 'won';
  /** Configured win probability of the stage, or `null`. */
  readonly probability: number | null;
  /** Deals (journeys) counted as entering this row. */
  readonly entered: number;
  /** Of those, moved on to a later stage. */
  readonly movedOn: number;
  /** Of those, lost with this stage as the furthest they reached. */
  readonly lost: number;
  /** Of those, still open at `asOf` with this stage as the furthest they reached. */
  readonly open: number;
  /** Of those, left the funnel by skipping the next stage (`'strict'` only). */
  readonly skippedOut: number;
  /** Deals lost while sitting in this stage (after a backward move this can differ from `lost`). */
  readonly lostWhileIn: number;
  /** Deals that entered this stage more than once. */
  readonly reentries: number;
  /** Moves back from this stage to an earlier one. */
  readonly backwardMoves: number;
  /** Deals whose passage through this stage was imputed (`'impute'` only). */
  readonly imputed: number;
  /** Conversion by count: next step (moved on ÷ entered), cumulative (reached this row ÷ entered the first row) and drop-off ((lost + skipped out) ÷ entered). */
  readonly conversion: FunnelConversion<Rate>;
  /** The same by value (deal amounts), or `null` without deals. */
  readonly valueConversion: FunnelConversion<ValueRate> | null;
  /** The value entered, moved on, lost and still open here, or `null` without deals. */
  readonly value: {
    /** Value that entered. */
    readonly entered: Money;
    /** Value that moved on. */
    readonly movedOn: Money;
    /** Value lost here. */
    readonly lost: Money;
    /** Value still open here. */
    readonly open: Money;
  } | null;
  /** Time in stage of the stays that ended (per the re-entry policy); `null` statistics for the won row. */
  readonly timeInStage: DurationStats;
}

/**
 * The three conversions of a funnel row.
 *
 * @example
 * ```ts
 * import type { FunnelConversion, Rate } from 'openspm';
 * const r = (numerator: number, denominator: number): Rate => ({ numerator, denominator, sampleSize: denominator,
 *   rate: numerator / denominator, notApplicable: null, text: '' });
 * const c: FunnelConversion<Rate> = { nextStep: r(48, 150), cumulative: r(48, 200), dropOff: r(60, 150) };
 * ```
 */
export interface FunnelConversion<R> {
  /** Moved on ÷ entered (stage i → i + 1 under the skipped-stage policy). For the won row: not applicable. */
  readonly nextStep: R;
  /** Reached this row or later ÷ entered the first row (always of the cohort, also in period mode). */
  readonly cumulative: R;
  /** (Lost + skipped out) ÷ entered: the share that left the funnel here. Deals still open are not dropped. */
  readonly dropOff: R;
}

/**
 * Win rate with its denominators named.
 *
 * @example
 * ```ts
 * import { winRate } from 'openspm';
 * const rate = winRate({
 *   pipeline: { id: 'p', name: 'P', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' },
 *     { id: 'lost', name: 'Lost', order: 2, kind: 'lost' }] },
 *   stageChanges: [
 *     { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'a', fromStageId: 'lead', toStageId: 'won', at: '2024-01-09' },
 *     { dealId: 'b', fromStageId: null, toStageId: 'lead', at: '2024-01-02' },
 *     { dealId: 'b', fromStageId: 'lead', toStageId: 'lost', at: '2024-01-05' },
 *     { dealId: 'c', fromStageId: null, toStageId: 'lead', at: '2024-01-03' }],
 * }, { asOf: '2024-12-31' });
 * rate.wonOfClosed.text; //=> '50.0% (1/2)'
 * rate.wonOfAll.text; //=> '33.3% (1/3)'
 * ```
 */
export interface WinRateResult {
  /** Won ÷ (won + lost), by count. */
  readonly wonOfClosed: Rate;
  /** Won ÷ all deals in scope (won + lost + still open), by count. */
  readonly wonOfAll: Rate;
  /** Won ÷ (won + lost), by value; `null` without deals. */
  readonly valueWonOfClosed: ValueRate | null;
  /** Won ÷ all, by value; `null` without deals. */
  readonly valueWonOfAll: ValueRate | null;
}

/**
 * Sales cycle (成交周期) of won deals: days from creation to won, and from a named stage to won.
 *
 * @example
 * ```ts
 * import type { SalesCycleResult } from 'openspm';
 * const none = { unit: 'calendar days' as const, sampleSize: 0, total: 0, mean: null, median: null, p75: null,
 *   p90: null, min: null, max: null, notApplicable: 'no deal was won' };
 * const cycle: SalesCycleResult = { created: none, fromStage: null, fromStageId: null };
 * ```
 */
export interface SalesCycleResult {
  /** From the deal's creation (or its reopening, for a new entry) to won. */
  readonly created: DurationStats;
  /** From the first entry into `fromStageId` to won; `null` unless `cycleFromStage` was given. */
  readonly fromStage: DurationStats | null;
  /** The stage the second cycle starts at, or `null`. */
  readonly fromStageId: string | null;
}

/**
 * An average amount with its parts and the rounding applied.
 *
 * @example
 * ```ts
 * import { Money, type AverageAmount } from 'openspm';
 * const size: AverageAmount = { average: Money.of('40000.00', 'CNY'), total: Money.of('120000.00', 'CNY'),
 *   count: 3, rounding: 'half-up to 2 decimals', notApplicable: null };
 * ```
 */
export interface AverageAmount {
  /** Total ÷ count, rounded as `rounding` says; `null` when the count is zero. */
  readonly average: Money | null;
  /** The total. */
  readonly total: Money;
  /** How many deals. */
  readonly count: number;
  /** The one rounding step applied. */
  readonly rounding: string;
  /** Why `average` is `null`; otherwise `null`. */
  readonly notApplicable: string | null;
}

/**
 * Sales velocity: how much value the pipeline turns into won business per day,
 * `(open deals × win rate × average deal size) ÷ average sales cycle in days`, with every factor shown.
 *
 * @example
 * ```ts
 * import type { SalesVelocityResult } from 'openspm';
 * const v: SalesVelocityResult = { perDay: null, openDeals: 3, winRate: null, averageDealSize: null,
 *   cycleDays: null, rounding: 'half-up to 2 decimals', notApplicable: 'no deal was won, so there is no cycle' };
 * ```
 */
export interface SalesVelocityResult {
  /** Value per day, rounded once (half-up to the currency's minor unit); `null` when a factor is missing. */
  readonly perDay: Money | null;
  /** Open deals in scope. */
  readonly openDeals: number;
  /** Won ÷ (won + lost) by count. */
  readonly winRate: number | null;
  /** Average won deal size (unrounded in the product). */
  readonly averageDealSize: Money | null;
  /** Average sales cycle of won deals, in days. */
  readonly cycleDays: number | null;
  /** The one rounding step applied. */
  readonly rounding: string;
  /** Why `perDay` is `null`; otherwise `null`. */
  readonly notApplicable: string | null;
}

/**
 * The funnel and pipeline metrics of one group of deals (or of all of them).
 *
 * @example
 * ```ts
 * import type { FunnelReport } from 'openspm';
 * function headline(report: FunnelReport): string {
 *   return report.stages.map((s) => `${s.name} ${s.conversion.nextStep.text}`).join(' → ');
 * }
 * ```
 */
export interface FunnelReport {
  /** The rows: open stages from the cohort stage, then won. */
  readonly stages: FunnelStageRow[];
  /** Deals (journeys) in scope, and how they stand at `asOf`. */
  readonly deals: {
    /** All deals (journeys) in scope. */
    readonly total: number;
    /** Won. */
    readonly won: number;
    /** Lost. */
    readonly lost: number;
    /** Still open at `asOf`. */
    readonly open: number;
  };
  /** Their values (lost deals at their amount before loss); `null` without deals. */
  readonly values: {
    /** Value won. */
    readonly won: Money;
    /** Value lost (at the amounts before loss). */
    readonly lost: Money;
    /** Value still open. */
    readonly open: Money;
  } | null;
  /** Win rate, with named denominators. */
  readonly winRate: WinRateResult;
  /** Sales cycle of won deals. */
  readonly salesCycle: SalesCycleResult;
  /** Average won deal size; `null` without deals. */
  readonly averageDealSize: AverageAmount | null;
  /** Sales velocity; `null` without deals. */
  readonly velocity: SalesVelocityResult | null;
}

/**
 * What {@link stageConversion} returns: the definitions used, the funnel of all deals, one per group, and
 * what was read, ignored or inferred.
 *
 * @example
 * ```ts
 * import { stageConversion, type StageConversionResult } from 'openspm';
 * const result: StageConversionResult = stageConversion({
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: [],
 * }, { asOf: '2024-12-31' });
 * result.overall.stages[0].conversion.nextStep.notApplicable; //=> 'no deal entered Lead'
 * ```
 */
export interface StageConversionResult {
  /** Every definition used (defaults included). */
  readonly definition: FunnelDefinition;
  /** The periods covered, or `null` for all time up to `asOf`. */
  readonly periods: FunnelAggregate['periods'];
  /** Currency of the values, or `null`. */
  readonly currency: string | null;
  /** All deals. */
  readonly overall: FunnelReport;
  /** One report per group, sorted by key (empty without `groupBy`). */
  readonly groups: {
    /** The group's key (owner id, team id, source…). */
    readonly key: string;
    /** The group's report. */
    readonly report: FunnelReport;
  }[];
  /** What was read, ignored or inferred. */
  readonly dataQuality: FunnelAggregate['dataQuality'];
  /**
   * With a reporting currency: the deal values converted — every rate used with its count and totals, and
   * each deal with its rate under `conversionDetail: 'per-deal'`. Absent without a reporting currency.
   */
  readonly conversions?: ConversionsUsed;
}

/** @internal */
export function buildReport(a: FunnelAggregate, g: FunnelGroupAggregate): FunnelReport {
  const unit = a.definition.days === 'working' ? 'working days' : 'calendar days';
  const currency = a.currency;
  const hasValues = a.hasValues && currency !== null;
  const money = (minor: number) => Money.fromMinor(minor, currency!, a.minorUnits);
  const first = g.reached[0] ?? 0;
  const firstValue = g.reachedValue[0] ?? 0;
  const firstName = a.stages[0]!.name;
  const stages: FunnelStageRow[] = a.stages.map((s, r) => {
    const isWon = s.kind === 'won';
    const entered = g.entered[r]!;
    const noEntry = `no deal entered ${s.name}`;
    const wonWhy = 'won is the end of the funnel';
    const dropped = g.lost[r]! + g.skippedOut[r]!;
    const droppedValue = g.lostValue[r]! + g.skippedOutValue[r]!;
    const conversion: FunnelConversion<Rate> = {
      nextStep: isWon ? countRate(0, 0, wonWhy) : countRate(g.movedOn[r]!, entered, noEntry),
      cumulative: countRate(g.reached[r]!, first, `no deal entered ${firstName}`),
      dropOff: isWon ? countRate(0, 0, wonWhy) : countRate(dropped, entered, noEntry),
    };
    let valueConversion: FunnelConversion<ValueRate> | null = null;
    let value: FunnelStageRow['value'] = null;
    if (hasValues) {
      const vr = (num: number, den: number, why: string, n: number) =>
        valueRate(money(num), money(den), num, den, why, n);
      const noValue = `no value entered ${s.name}`;
      valueConversion = {
        nextStep: isWon ? vr(0, 0, wonWhy, 0) : vr(g.movedOnValue[r]!, g.enteredValue[r]!, noValue, entered),
        cumulative: vr(g.reachedValue[r]!, firstValue, `no value entered ${firstName}`, first),
        dropOff: isWon ? vr(0, 0, wonWhy, 0) : vr(droppedValue, g.enteredValue[r]!, noValue, entered),
      };
      value = {
        entered: money(g.enteredValue[r]!),
        movedOn: money(g.movedOnValue[r]!),
        lost: money(g.lostValue[r]!),
        open: money(g.openValue[r]!),
      };
    }
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      probability: s.probability,
      entered,
      movedOn: g.movedOn[r]!,
      lost: g.lost[r]!,
      open: g.open[r]!,
      skippedOut: g.skippedOut[r]!,
      lostWhileIn: g.lostWhileIn[r]!,
      reentries: g.reentries[r]!,
      backwardMoves: g.backwardMoves[r]!,
      imputed: g.imputed[r]!,
      conversion,
      valueConversion,
      value,
      timeInStage: durationStats(
        g.timeInStage[r]!,
        unit,
        isWon ? wonWhy : entered === 0 ? noEntry : `no deal has left ${s.name} yet`,
      ),
    };
  });
  const closed = g.won + g.lostDeals;
  const winRate: WinRateResult = {
    wonOfClosed: countRate(g.won, closed, 'no deal was won or lost'),
    wonOfAll: countRate(g.won, g.journeys, 'no deals'),
    valueWonOfClosed: hasValues
      ? valueRate(
          money(g.wonValue),
          money(g.wonValue + g.lostDealsValue),
          g.wonValue,
          g.wonValue + g.lostDealsValue,
          'no value was won or lost',
          closed,
        )
      : null,
    valueWonOfAll: hasValues
      ? valueRate(
          money(g.wonValue),
          money(g.wonValue + g.lostDealsValue + g.openDealsValue),
          g.wonValue,
          g.wonValue + g.lostDealsValue + g.openDealsValue,
          'no deal value',
          g.journeys,
        )
      : null,
  };
  const created = durationStats(g.salesCycle, unit, 'no deal was won');
  const salesCycle: SalesCycleResult = {
    created,
    fromStage:
      a.definition.cycleFromStage === null
        ? null
        : durationStats(g.stageCycle, unit, `no won deal passed ${a.definition.cycleFromStage}`),
    fromStageId: a.definition.cycleFromStage,
  };
  const rounding = `half-up to ${a.minorUnits} decimals`;
  let averageDealSize: AverageAmount | null = null;
  let velocity: SalesVelocityResult | null = null;
  if (hasValues) {
    const total = money(g.wonValue);
    const avg = g.won === 0 ? null : total.dividedBy(g.won, 'half-up', a.minorUnits);
    averageDealSize = {
      average: avg,
      total,
      count: g.won,
      rounding,
      notApplicable: g.won === 0 ? 'no deal was won' : null,
    };
    const why =
      g.won === 0
        ? 'no deal was won, so there is no win rate, deal size or cycle'
        : created.total === 0
          ? 'every won deal closed the day it was created: the average cycle is 0 days'
          : null;
    let perDay: Money | null = null;
    if (why === null) {
      // open × (won ÷ closed) × (wonValue ÷ won) ÷ (cycleTotal ÷ won) = open × wonValue × won ÷ (closed × cycleTotal)
      const minor = new Decimal(g.openDeals)
        .times(g.wonValue)
        .times(g.won)
        .dividedBy(new Decimal(closed).times(created.total));
      perDay = Money.of(minor.dividedBy(new Decimal(10).pow(a.minorUnits)), currency!).round(
        'half-up',
        a.minorUnits,
      );
    }
    velocity = {
      perDay,
      openDeals: g.openDeals,
      winRate: closed === 0 ? null : g.won / closed,
      averageDealSize: g.won === 0 ? null : Money.of(total.amount.dividedBy(g.won), currency!),
      cycleDays: created.mean,
      rounding,
      notApplicable: why,
    };
  }
  return {
    stages,
    deals: { total: g.journeys, won: g.won, lost: g.lostDeals, open: g.openDeals },
    values: hasValues
      ? { won: money(g.wonValue), lost: money(g.lostDealsValue), open: money(g.openDealsValue) }
      : null,
    winRate,
    salesCycle,
    averageDealSize,
    velocity,
  };
}
