import { ErrorCode, OpenSpmError } from '../errors';
import type { Deal, DealInput, PipelineInput, StageChange, StageChangeInput } from '../model/index';
import { Money } from '../money/index';
import { FunnelEngine } from './engine';
import { type ResolvedOptions, resolveOptions, type StageConversionOptions } from './options';

/**
 * What the funnel functions read: a pipeline, its stage changes (an array or any iterable, in any order) and,
 * optionally, its deals. Deals are needed for values (amounts), grouping, the sales cycle from creation and
 * for deals without stage history; without them every deal is known only by its stage changes.
 *
 * @example
 * ```ts
 * import type { FunnelInput } from 'openspm';
 * const input: FunnelInput = {
 *   pipeline: { id: 'p', name: 'New business', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' },
 *     { id: 'lost', name: 'Lost', order: 2, kind: 'lost' }] },
 *   stageChanges: [{ dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-03-01' }],
 * };
 * ```
 */
export interface FunnelInput {
  /** The pipeline: its stages in order, with their kind (`open`, `won`, `lost`) and probability. */
  pipeline: PipelineInput;
  /** The stage changes of the pipeline's deals, in any order. Changes after `asOf` are ignored. */
  stageChanges: Iterable<StageChange | StageChangeInput>;
  /** The deals (optional): deals of other pipelines are ignored, with their changes. */
  deals?: Iterable<Deal | DealInput>;
  /**
   * A lost deal's amount before it was lost, by deal id, where the CRM zeroes the amount on loss (Salesforce
   * does); {@link historyFromSnapshots} returns it. Used for lost deals instead of `deal.amount`.
   */
  amountsBeforeLoss?: ReadonlyMap<string, Money> | Readonly<Record<string, Money>>;
}

/**
 * The same as {@link FunnelInput}, with stage changes and deals that may also arrive as async iterables
 * (a database cursor, a paged API). For {@link stageConversionAsync} and {@link aggregateFunnelAsync}.
 *
 * @example
 * ```ts
 * import type { FunnelAsyncInput } from 'openspm';
 * async function* fromCursor() {
 *   yield { dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-03-01' };
 * }
 * const input: FunnelAsyncInput = {
 *   pipeline: { id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] },
 *   stageChanges: fromCursor(),
 * };
 * ```
 */
export interface FunnelAsyncInput {
  /** The pipeline. */
  pipeline: PipelineInput;
  /** The stage changes, in any order. */
  stageChanges: Iterable<StageChange | StageChangeInput> | AsyncIterable<StageChange | StageChangeInput>;
  /** The deals (optional). */
  deals?: Iterable<Deal | DealInput> | AsyncIterable<Deal | DealInput>;
  /** A lost deal's amount before it was lost, by deal id. */
  amountsBeforeLoss?: ReadonlyMap<string, Money> | Readonly<Record<string, Money>>;
}

function checkInput(input: unknown): asserts input is FunnelAsyncInput {
  if (input === null || typeof input !== 'object') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'expected { pipeline, stageChanges, deals? }, got ' + (input === null ? 'null' : typeof input),
    );
  }
  const i = input as Record<string, unknown>;
  const iterable = (v: unknown) =>
    v !== null &&
    typeof v === 'object' &&
    (Symbol.iterator in (v as object) || Symbol.asyncIterator in (v as object));
  if (!iterable(i.stageChanges)) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'stageChanges: expected an array (or iterable) of stage changes',
      { path: ['stageChanges'] },
    );
  }
  if (i.deals !== undefined && !iterable(i.deals)) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'deals: expected an array (or iterable) of deals', {
      path: ['deals'],
    });
  }
}

function start(input: FunnelAsyncInput, options: ResolvedOptions): FunnelEngine {
  const engine = new FunnelEngine(input.pipeline, options);
  if (options.groupBy !== undefined && input.deals === undefined) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'groupBy: grouping needs the deals; pass input.deals', {
      path: ['groupBy'],
    });
  }
  return engine;
}

function lostAmounts(engine: FunnelEngine, input: FunnelAsyncInput): void {
  const amounts = input.amountsBeforeLoss;
  if (amounts === undefined) return;
  const entries = amounts instanceof Map ? [...amounts.entries()] : Object.entries(amounts);
  for (const [id, money] of entries) {
    if (!Money.isMoney(money)) {
      throw new OpenSpmError(ErrorCode.INVALID_AMOUNT, `amountsBeforeLoss.${id}: expected a Money`, {
        path: ['amountsBeforeLoss', id],
      });
    }
    engine.setLostAmount(id, money, ['amountsBeforeLoss', id]);
  }
}

/** Feeds a sync input into a new engine. @internal */
export function feed(input: FunnelInput, options: StageConversionOptions): FunnelEngine {
  checkInput(input);
  const o = resolveOptions(options);
  const engine = start(input, o);
  if (input.deals !== undefined) {
    engine.dealsGiven = true;
    if (Symbol.asyncIterator in (input.deals as object)) asyncNeeded('deals');
    let i = 0;
    for (const deal of input.deals) engine.addDeal(deal, i++);
  }
  lostAmounts(engine, input);
  if (Symbol.asyncIterator in (input.stageChanges as object)) asyncNeeded('stageChanges');
  const changes = input.stageChanges;
  if (Array.isArray(changes)) {
    engine.addChangeArray(changes);
  } else {
    let i = 0;
    for (const change of changes) engine.addChange(change, i++);
  }
  return engine;
}

/** Feeds a sync or async input into a new engine. @internal */
export async function feedAsync(
  input: FunnelAsyncInput,
  options: StageConversionOptions,
): Promise<FunnelEngine> {
  checkInput(input);
  const o = resolveOptions(options);
  const engine = start(input, o);
  if (input.deals !== undefined) {
    engine.dealsGiven = true;
    let i = 0;
    for await (const deal of input.deals) engine.addDeal(deal, i++);
  }
  lostAmounts(engine, input);
  let i = 0;
  for await (const change of input.stageChanges) engine.addChange(change, i++);
  return engine;
}

function asyncNeeded(what: string): never {
  throw new OpenSpmError(
    ErrorCode.INVALID_INPUT,
    `${what}: an async iterable needs the async function (stageConversionAsync / aggregateFunnelAsync)`,
    { path: [what] },
  );
}
