import { ErrorCode, OpenSpmError } from '../errors';
import type { FunnelAggregate, FunnelGroupAggregate } from './aggregate-types';
import { explainConversions, mergeConversions } from './conversions';
import { addGroup, checkSafe, emptyGroup } from './engine';
import { type FunnelAsyncInput, type FunnelInput, feed, feedAsync } from './input';
import type { StageConversionOptions } from './options';
import {
  buildReport,
  type SalesCycleResult,
  type SalesVelocityResult,
  type StageConversionResult,
  type WinRateResult,
} from './report';

/**
 * Stage conversion (销售漏斗转化率): for each stage of a pipeline, how many deals entered, moved on, were lost or
 * are still open at `asOf`, the next-step and cumulative conversion and drop-off (by count and by value), and the
 * time in stage (mean, median, p75, p90); with the win rate, sales cycle, average deal size and sales velocity,
 * overall and per group. Every definition is an option ({@link StageConversionOptions}) and the result states
 * the ones used; every figure carries its numerator, denominator and sample size; a zero denominator gives a
 * `null` rate with a reason, never `NaN`.
 *
 * The stage changes may come in any order; memory grows with the number of deals (plus ~24 bytes per change).
 *
 * @param input - the pipeline, its stage changes and optionally its deals ({@link FunnelInput}).
 * @param options - the definitions; `asOf` is required.
 * @throws OpenSpmError `INVALID_INPUT` for bad options or input, `UNKNOWN_REFERENCE` for a stage or deal
 *   that does not exist, `CURRENCY_MISMATCH` for deals in several currencies.
 * @example
 * ```ts
 * import { stageConversion } from 'openspm';
 * const pipeline = { id: 'p', name: 'New business', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'proposal', name: 'Proposal', order: 1, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 2, kind: 'won' as const },
 *   { id: 'lost', name: 'Lost', order: 3, kind: 'lost' as const }] };
 * const result = stageConversion({ pipeline, stageChanges: [
 *   { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-03-01' },
 *   { dealId: 'a', fromStageId: 'lead', toStageId: 'proposal', at: '2024-03-04' },
 *   { dealId: 'a', fromStageId: 'proposal', toStageId: 'won', at: '2024-03-20' },
 *   { dealId: 'b', fromStageId: null, toStageId: 'lead', at: '2024-03-02' },
 *   { dealId: 'b', fromStageId: 'lead', toStageId: 'lost', at: '2024-03-09' },
 * ] }, { asOf: '2024-06-30' });
 * result.overall.stages.map((s) => `${s.name}: ${s.conversion.nextStep.text}`);
 * //=> ['Lead: 50.0% (1/2)', 'Proposal: 100.0% (1/1)', 'Won: n/a (0/0)']
 * result.overall.stages[0].timeInStage.median; //=> 5
 * result.overall.winRate.wonOfClosed.text; //=> '50.0% (1/2)'
 * ```
 */
export function stageConversion(input: FunnelInput, options: StageConversionOptions): StageConversionResult {
  return summarizeFunnel(aggregateFunnel(input, options));
}

/**
 * {@link stageConversion} for stage changes and deals that arrive as async iterables (a database cursor, a
 * paged CRM API).
 *
 * @example
 * ```ts
 * import { stageConversionAsync } from 'openspm';
 * async function* changes() {
 *   yield { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-03-01' };
 * }
 * const result = await stageConversionAsync({
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: changes(),
 * }, { asOf: '2024-06-30' });
 * result.overall.stages[0].entered; //=> 1
 * ```
 */
export async function stageConversionAsync(
  input: FunnelAsyncInput,
  options: StageConversionOptions,
): Promise<StageConversionResult> {
  return summarizeFunnel(await aggregateFunnelAsync(input, options));
}

/**
 * The mergeable counts behind {@link stageConversion}: compute one per shard (tenant, month, partition), merge
 * them with {@link mergeFunnelAggregates}, and turn the result into a report with {@link summarizeFunnel}. The
 * aggregate is plain JSON-safe data, so shards can be computed in different processes and stored.
 *
 * @example
 * ```ts
 * import { aggregateFunnel } from 'openspm';
 * const aggregate = aggregateFunnel({
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: [{ dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-03-01' }],
 * }, { asOf: '2024-06-30' });
 * aggregate.overall.open; //=> [1, 0]
 * JSON.parse(JSON.stringify(aggregate)).kind; //=> 'openspm.funnel-aggregate'
 * ```
 */
export function aggregateFunnel(input: FunnelInput, options: StageConversionOptions): FunnelAggregate {
  return feed(input, options).finish();
}

/**
 * {@link aggregateFunnel} for async iterables.
 *
 * @example
 * ```ts
 * import { aggregateFunnelAsync } from 'openspm';
 * async function* changes() {
 *   yield { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-03-01' };
 * }
 * const aggregate = await aggregateFunnelAsync({
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: changes(),
 * }, { asOf: '2024-06-30' });
 * aggregate.overall.entered; //=> [1, 0]
 * ```
 */
export async function aggregateFunnelAsync(
  input: FunnelAsyncInput,
  options: StageConversionOptions,
): Promise<FunnelAggregate> {
  return (await feedAsync(input, options)).finish();
}

function incompatible(message: string, index: number): never {
  throw new OpenSpmError(ErrorCode.INCOMPATIBLE_AGGREGATES, `aggregates[${index}]: ${message}`, {
    path: ['aggregates', index],
  });
}

function sameDefinition(a: FunnelAggregate, b: FunnelAggregate): string | null {
  const da = a.definition as unknown as Record<string, unknown>;
  const db = b.definition as unknown as Record<string, unknown>;
  for (const key of Object.keys(da)) {
    if (da[key] !== db[key]) return `${key} is ${JSON.stringify(db[key])}, not ${JSON.stringify(da[key])}`;
  }
  const ids = (x: FunnelAggregate) => x.stages.map((s) => s.id).join(',');
  if (ids(a) !== ids(b)) return `its stages are ${ids(b)}, not ${ids(a)}`;
  return null;
}

/**
 * Merges funnel aggregates computed per shard into one, exactly: every count, value and histogram is added.
 * The shards must share their definitions (pipeline, `asOf`, policies…) and hold disjoint deals, or the same
 * deals over disjoint periods (the merged aggregate then covers all their periods). The inputs are not changed.
 *
 * @param aggregates - at least one aggregate from {@link aggregateFunnel}.
 * @throws OpenSpmError `INCOMPATIBLE_AGGREGATES` when definitions, stages or currencies differ; `INVALID_INPUT`
 *   for an empty list or something that is not an aggregate.
 * @example
 * ```ts
 * import { aggregateFunnel, mergeFunnelAggregates } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const }] };
 * const shard = (dealId: string) => aggregateFunnel({ pipeline, stageChanges: [
 *   { dealId, fromStageId: null, toStageId: 'lead', at: '2024-03-01' }] }, { asOf: '2024-06-30' });
 * mergeFunnelAggregates([shard('a'), shard('b')]).overall.entered; //=> [2, 0]
 * ```
 */
export function mergeFunnelAggregates(aggregates: readonly FunnelAggregate[]): FunnelAggregate {
  if (!Array.isArray(aggregates) || aggregates.length === 0) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'expected a non-empty list of funnel aggregates');
  }
  aggregates.forEach((x, i) => {
    if (x === null || typeof x !== 'object' || x.kind !== 'openspm.funnel-aggregate' || x.version !== 1) {
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `aggregates[${i}]: expected an aggregate from aggregateFunnel (kind "openspm.funnel-aggregate", version 1)`,
        { path: ['aggregates', i] },
      );
    }
  });
  const first = aggregates[0]!;
  const rows = first.stages.length;
  const overall = emptyGroup(rows);
  const groups: Record<string, FunnelGroupAggregate> = {};
  const quality: Record<string, number> = {};
  let currency: string | null = null;
  const periods: FunnelAggregate['periods'] = first.periods === null ? null : [];
  aggregates.forEach((x, i) => {
    const diff = sameDefinition(first, x);
    if (diff) incompatible(`cannot merge: ${diff}`, i);
    if (x.currency !== null) {
      if (currency !== null && x.currency !== currency)
        incompatible(`currency ${x.currency}, not ${currency}`, i);
      currency = x.currency;
    }
    if ((x.periods === null) !== (periods === null)) {
      incompatible(
        'one aggregate covers all time and another a period; compute both with or without a period',
        i,
      );
    }
    if (periods !== null && x.periods !== null) {
      for (const p of x.periods) {
        if (!periods.some((q) => q.key === p.key && q.start === p.start && q.end === p.end)) periods.push(p);
      }
    }
    addGroup(overall as never, x.overall);
    for (const [key, g] of Object.entries(x.groups as Record<string, FunnelGroupAggregate>)) {
      groups[key] ??= emptyGroup(rows);
      addGroup(groups[key] as never, g);
    }
    for (const [k, v] of Object.entries(x.dataQuality as unknown as Record<string, number>)) {
      quality[k] = (quality[k] ?? 0) + v;
    }
  });
  checkSafe(overall);
  const { conversions: _c, ...rest } = first;
  const conversions = mergeConversions(
    aggregates.map((x) => x.conversions),
    incompatible,
  );
  return {
    ...rest,
    periods,
    currency,
    hasValues: aggregates.some((x) => x.hasValues),
    minorUnits: aggregates.find((x) => x.currency !== null)?.minorUnits ?? first.minorUnits,
    overall,
    groups,
    dataQuality: quality as unknown as FunnelAggregate['dataQuality'],
    ...(conversions ? { conversions } : {}),
  };
}

/**
 * Turns a funnel aggregate (from {@link aggregateFunnel} or {@link mergeFunnelAggregates}) into the report
 * {@link stageConversion} returns.
 *
 * @example
 * ```ts
 * import { aggregateFunnel, summarizeFunnel } from 'openspm';
 * const aggregate = aggregateFunnel({
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: [{ dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-03-01' }],
 * }, { asOf: '2024-06-30' });
 * summarizeFunnel(aggregate).overall.stages[0].open; //=> 1
 * ```
 */
export function summarizeFunnel(aggregate: FunnelAggregate): StageConversionResult {
  if (aggregate === null || typeof aggregate !== 'object' || aggregate.kind !== 'openspm.funnel-aggregate') {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'expected an aggregate from aggregateFunnel');
  }
  return {
    definition: aggregate.definition,
    periods: aggregate.periods,
    currency: aggregate.currency,
    overall: buildReport(aggregate, aggregate.overall),
    groups: Object.keys(aggregate.groups)
      .sort()
      .map((key) => ({ key, report: buildReport(aggregate, aggregate.groups[key]!) })),
    dataQuality: aggregate.dataQuality,
    ...(aggregate.conversions
      ? { conversions: explainConversions(aggregate.conversions, aggregate.minorUnits) }
      : {}),
  };
}

/**
 * Win rate (赢单率) with its denominator named: won ÷ (won + lost) and won ÷ all, by count and by value. Takes
 * the same input and options as {@link stageConversion}; in cohort mode it is the cohort's win rate, in period
 * mode the win rate of the deals closed in the period.
 *
 * @example
 * ```ts
 * import { winRate } from 'openspm';
 * const stages = [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const }, { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const }];
 * const rate = winRate({ pipeline: { id: 'p', name: 'P', stages }, stageChanges: [
 *   { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *   { dealId: 'a', fromStageId: 'lead', toStageId: 'won', at: '2024-01-09' },
 *   { dealId: 'b', fromStageId: null, toStageId: 'lead', at: '2024-01-02' },
 *   { dealId: 'b', fromStageId: 'lead', toStageId: 'lost', at: '2024-01-05' }] }, { asOf: '2024-12-31' });
 * rate.wonOfClosed.text; //=> '50.0% (1/2)'
 * ```
 */
export function winRate(input: FunnelInput, options: StageConversionOptions): WinRateResult {
  return stageConversion(input, options).overall.winRate;
}

/**
 * Sales cycle (成交周期) of won deals: days from creation to won (and from `cycleFromStage` to won), with mean,
 * median, p75 and p90, in calendar or working days.
 *
 * @example
 * ```ts
 * import { salesCycle } from 'openspm';
 * const stages = [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const }];
 * const cycle = salesCycle({ pipeline: { id: 'p', name: 'P', stages }, stageChanges: [
 *   { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *   { dealId: 'a', fromStageId: 'lead', toStageId: 'won', at: '2024-01-31' }] }, { asOf: '2024-12-31' });
 * cycle.created.median; //=> 30
 * ```
 */
export function salesCycle(input: FunnelInput, options: StageConversionOptions): SalesCycleResult {
  return stageConversion(input, options).overall.salesCycle;
}

/**
 * Sales velocity: `(open deals × win rate × average deal size) ÷ average sales cycle in days`, the value the
 * pipeline turns into won business per day, with each factor. Needs the deals (for their amounts).
 *
 * @throws OpenSpmError `INVALID_INPUT` without `input.deals`.
 * @example
 * ```ts
 * import { Money, salesVelocity } from 'openspm';
 * const stages = [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const }, { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const }];
 * const deal = (id: string, stageId: string, amount: string) => ({ id, pipelineId: 'p', ownerId: 'u1', stageId,
 *   amount: Money.of(amount, 'CNY'), createdAt: new Date('2024-01-01') });
 * const v = salesVelocity({ pipeline: { id: 'p', name: 'P', stages },
 *   deals: [deal('a', 'won', '10000'), deal('b', 'lost', '5000'), deal('c', 'lead', '8000'), deal('d', 'lead', '8000')],
 *   stageChanges: [
 *     { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'a', fromStageId: 'lead', toStageId: 'won', at: '2024-01-21' },
 *     { dealId: 'b', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'b', fromStageId: 'lead', toStageId: 'lost', at: '2024-01-05' },
 *     { dealId: 'c', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'd', fromStageId: null, toStageId: 'lead', at: '2024-01-01' }] }, { asOf: '2024-12-31' });
 * v.perDay?.toString(); //=> '500.00 CNY' (2 open × 50% × 10000 ÷ 20 days)
 * ```
 */
export function salesVelocity(input: FunnelInput, options: StageConversionOptions): SalesVelocityResult {
  if (input?.deals === undefined) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'salesVelocity needs the deals, for their amounts', {
      path: ['deals'],
    });
  }
  return stageConversion(input, options).overall.velocity!;
}
