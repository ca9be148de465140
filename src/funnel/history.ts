import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import {
  DateTimeSchema,
  type Deal,
  DealSchema,
  type PipelineInput,
  PipelineSchema,
  type StageChange,
} from '../model/index';
import { type Money, type MoneyInput, MoneySchema } from '../money/index';

/**
 * What the history builders return: stage changes ready for {@link stageConversion}, what was inferred, and
 * notes on what the source shape cannot show.
 *
 * @example
 * ```ts
 * import type { StageHistoryResult } from 'openspm';
 * function describe(h: StageHistoryResult): string {
 *   return `${h.stageChanges.length} changes for ${h.deals} deals; ${h.notes.join(' ')}`;
 * }
 * ```
 */
export interface StageHistoryResult {
  /** The stage changes, grouped by deal and in time order within each deal. */
  readonly stageChanges: StageChange[];
  /** How many deals were read. */
  readonly deals: number;
  /** How many changes were inferred rather than recorded (see `notes`). */
  readonly inferred: number;
  /** A lost deal's last non-zero amount before it was lost, by deal id (snapshots only; empty otherwise). */
  readonly amountsBeforeLoss: Map<string, Money>;
  /** What the source shape cannot show, and what was assumed, in sentences. */
  readonly notes: string[];
}

/**
 * Options for {@link historyFromStageDates}.
 *
 * @example
 * ```ts
 * import type { HistoryFromStageDatesOptions } from 'openspm';
 * const options: HistoryFromStageDatesOptions = {
 *   pipeline: { id: 'default', name: 'Sales', stages: [{ id: 'appointmentscheduled', name: 'Appointment', order: 0, kind: 'open' }] },
 *   dealIdField: 'hs_object_id',
 *   columnPrefix: 'hs_date_entered_',
 * };
 * ```
 */
export interface HistoryFromStageDatesOptions {
  /** The pipeline whose stages the columns name. */
  pipeline: PipelineInput;
  /** The field holding the deal id (default `'dealId'`). */
  dealIdField?: string;
  /** The column prefix of the "date entered" columns (default `'hs_date_entered_'`, HubSpot's). */
  columnPrefix?: string;
}

function stageIds(pipelineInput: PipelineInput) {
  const pipeline = parseOrThrow(PipelineSchema, pipelineInput, 'pipeline', ['pipeline']);
  const order = new Map(pipeline.stages.map((s, i) => [s.id, i]));
  return { pipeline, order };
}

function dateOf(value: unknown, path: (string | number)[]): Date {
  return parseOrThrow(DateTimeSchema, value, 'date', path, ErrorCode.INVALID_DATE);
}

function idOf(value: unknown, path: (string | number)[]): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new OpenSpmError(
    ErrorCode.INVALID_INPUT,
    `${path.join('.')}: expected a deal id, got ${String(value)}`,
    {
      path,
    },
  );
}

/**
 * Builds stage history from per-stage "date entered" columns, the way HubSpot stores it
 * (`hs_date_entered_<stageId>` on each deal). Each deal's stages are put in date order (ties by stage order)
 * and chained: the first is the entry (`fromStageId: null`), each next one a move from the previous.
 * Such columns keep only one date per stage, so re-entries and backward moves before the last entry are not
 * visible; the result says so in `notes`.
 *
 * @example
 * ```ts
 * import { historyFromStageDates } from 'openspm';
 * const pipeline = { id: 'default', name: 'Sales', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'demo', name: 'Demo', order: 1, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 2, kind: 'won' as const }] };
 * const history = historyFromStageDates([
 *   { dealId: 'd1', hs_date_entered_lead: '2024-03-01', hs_date_entered_demo: '2024-03-05', hs_date_entered_won: null },
 * ], { pipeline });
 * history.stageChanges.map((c) => `${c.fromStageId}→${c.toStageId}`); //=> ['null→lead', 'lead→demo']
 * ```
 */
export function historyFromStageDates(
  rows: Iterable<Record<string, unknown>>,
  options: HistoryFromStageDatesOptions,
): StageHistoryResult {
  const { pipeline, order } = stageIds(options?.pipeline);
  const idField = options.dealIdField ?? 'dealId';
  const prefix = options.columnPrefix ?? 'hs_date_entered_';
  const stageChanges: StageChange[] = [];
  let deals = 0;
  let i = 0;
  for (const row of rows) {
    const dealId = idOf(row?.[idField], ['rows', i, idField]);
    const entered: { id: string; at: Date }[] = [];
    for (const stage of pipeline.stages) {
      const value = row[prefix + stage.id];
      if (value === null || value === undefined || value === '') continue;
      entered.push({ id: stage.id, at: dateOf(value, ['rows', i, prefix + stage.id]) });
    }
    entered.sort((a, b) => a.at.getTime() - b.at.getTime() || order.get(a.id)! - order.get(b.id)!);
    let from: string | null = null;
    for (const e of entered) {
      stageChanges.push({ dealId, fromStageId: from, toStageId: e.id, at: e.at });
      from = e.id;
    }
    deals++;
    i++;
  }
  return {
    stageChanges,
    deals,
    inferred: 0,
    amountsBeforeLoss: new Map(),
    notes: [
      'Per-stage "date entered" columns keep one date per stage (the latest entry in HubSpot): re-entries and backward moves before it are not visible, and moves are chained in date order.',
    ],
  };
}

/**
 * One snapshot row, as Salesforce's OpportunityHistory stores one on every change of an opportunity: the deal,
 * its stage after the change, when, and optionally its amount then.
 *
 * @example
 * ```ts
 * import type { StageSnapshotRow } from 'openspm';
 * const row: StageSnapshotRow = { dealId: '0065g00000XyZ', stageId: 'Prospecting', at: '2024-03-01T09:00:00Z',
 *   amount: { amount: '50000', currency: 'USD' } };
 * ```
 */
export interface StageSnapshotRow {
  /** The deal (OpportunityId). */
  dealId: string | number;
  /** Its stage in this snapshot (StageName, mapped to a stage id). */
  stageId: string | number;
  /** When the snapshot was taken (CreatedDate). */
  at: Date | string;
  /** Its amount then (Amount), if known. */
  amount?: Money | MoneyInput | null;
}

/**
 * Options for {@link historyFromSnapshots}.
 *
 * @example
 * ```ts
 * import type { HistoryFromSnapshotsOptions } from 'openspm';
 * const options: HistoryFromSnapshotsOptions = { pipeline: { id: 'p', name: 'P', stages: [
 *   { id: 'Prospecting', name: 'Prospecting', order: 0, kind: 'open' }] } };
 * ```
 */
export interface HistoryFromSnapshotsOptions {
  /** The pipeline whose stage ids the rows use. */
  pipeline: PipelineInput;
}

/**
 * Builds stage history from snapshot rows written on each change (Salesforce OpportunityHistory style): each
 * deal's rows in time order, a stage change wherever the stage differs from the previous row; rows that
 * change only the amount or close date make no stage change. Also returns each lost deal's last non-zero amount
 * before the loss (Salesforce zeroes the amount of some lost opportunities), to pass as
 * `amountsBeforeLoss` so the value basis counts lost deals at what they were worth.
 *
 * @example
 * ```ts
 * import { historyFromSnapshots } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [
 *   { id: 'Prospecting', name: 'Prospecting', order: 0, kind: 'open' as const },
 *   { id: 'Closed Lost', name: 'Closed Lost', order: 1, kind: 'lost' as const }] };
 * const history = historyFromSnapshots([
 *   { dealId: 'o1', stageId: 'Prospecting', at: '2024-03-01', amount: { amount: '5000', currency: 'USD' } },
 *   { dealId: 'o1', stageId: 'Prospecting', at: '2024-03-03', amount: { amount: '6000', currency: 'USD' } },
 *   { dealId: 'o1', stageId: 'Closed Lost', at: '2024-03-09', amount: { amount: '0', currency: 'USD' } },
 * ], { pipeline });
 * history.stageChanges.length; //=> 2
 * history.amountsBeforeLoss.get('o1')?.toString(); //=> '6000.00 USD'
 * ```
 */
export function historyFromSnapshots(
  rows: Iterable<StageSnapshotRow>,
  options: HistoryFromSnapshotsOptions,
): StageHistoryResult {
  const { pipeline } = stageIds(options?.pipeline);
  const kind = new Map(pipeline.stages.map((s) => [s.id, s.kind]));
  const byDeal = new Map<string, { stage: string; at: Date; amount: Money | null; seq: number }[]>();
  let i = 0;
  for (const row of rows) {
    const dealId = idOf(row?.dealId, ['rows', i, 'dealId']);
    const stage = String(row.stageId);
    if (!kind.has(stage)) {
      throw new OpenSpmError(
        ErrorCode.UNKNOWN_REFERENCE,
        `rows[${i}].stageId: stage "${stage}" is not a stage of pipeline "${pipeline.id}"`,
        { path: ['rows', i, 'stageId'] },
      );
    }
    const amount =
      row.amount === undefined || row.amount === null
        ? null
        : parseOrThrow(MoneySchema, row.amount, 'amount', ['rows', i, 'amount']);
    const list = byDeal.get(dealId) ?? [];
    list.push({ stage, at: dateOf(row.at, ['rows', i, 'at']), amount, seq: i });
    byDeal.set(dealId, list);
    i++;
  }
  const stageChanges: StageChange[] = [];
  const amountsBeforeLoss = new Map<string, Money>();
  for (const [dealId, list] of byDeal) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    let from: string | null = null;
    let lastAmount: Money | null = null;
    for (const snap of list) {
      if (snap.stage !== from) {
        if (kind.get(snap.stage) === 'lost' && lastAmount) amountsBeforeLoss.set(dealId, lastAmount);
        stageChanges.push({ dealId, fromStageId: from, toStageId: snap.stage, at: snap.at });
        from = snap.stage;
      }
      if (snap.amount && !snap.amount.isZero() && kind.get(snap.stage) !== 'lost') lastAmount = snap.amount;
    }
  }
  return {
    stageChanges,
    deals: byDeal.size,
    inferred: 0,
    amountsBeforeLoss,
    notes: [
      'Snapshot rows record every change; rows that did not change the stage were skipped. A lost deal is valued at its last non-zero amount before the loss (amountsBeforeLoss).',
    ],
  };
}

/**
 * Options for {@link historyFromCurrentStage}.
 *
 * @example
 * ```ts
 * import type { HistoryFromCurrentStageOptions } from 'openspm';
 * const options: HistoryFromCurrentStageOptions = { pipeline: { id: 'p', name: 'P', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' }] } };
 * ```
 */
export interface HistoryFromCurrentStageOptions {
  /** The pipeline of the deals. */
  pipeline: PipelineInput;
}

/**
 * Infers a minimal stage history for deals known only by their current stage and dates (as many exports give):
 * an open deal entered its current stage at `createdAt`; a won or lost deal entered the first open stage at
 * `createdAt` and closed at `closedAt` (or `createdAt` when missing). Everything in between is unknown: use the
 * `'impute'` policy to count a won deal as having passed every stage, and read time in stage with care.
 * Every change is counted in `inferred`.
 *
 * @example
 * ```ts
 * import { historyFromCurrentStage, Money } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const }] };
 * const history = historyFromCurrentStage([{ id: 'd1', pipelineId: 'p', ownerId: 'u1', stageId: 'won',
 *   amount: Money.of('100', 'CNY'), createdAt: new Date('2024-01-01'), closedAt: new Date('2024-02-01') }], { pipeline });
 * history.stageChanges.map((c) => c.toStageId); //=> ['lead', 'won']
 * history.inferred; //=> 2
 * ```
 */
export function historyFromCurrentStage(
  deals: Iterable<Deal | Record<string, unknown>>,
  options: HistoryFromCurrentStageOptions,
): StageHistoryResult {
  const { pipeline } = stageIds(options?.pipeline);
  const kind = new Map(pipeline.stages.map((s) => [s.id, s.kind]));
  const firstOpen = pipeline.stages.find((s) => s.kind === 'open');
  const stageChanges: StageChange[] = [];
  let count = 0;
  let i = 0;
  for (const input of deals) {
    const deal = parseOrThrow(DealSchema, input, 'deal', ['deals', i]);
    i++;
    if (deal.pipelineId !== pipeline.id) continue;
    const k = kind.get(deal.stageId);
    if (k === undefined) {
      throw new OpenSpmError(
        ErrorCode.UNKNOWN_REFERENCE,
        `deals[${i - 1}].stageId: stage "${deal.stageId}" is not a stage of pipeline "${pipeline.id}"`,
        { path: ['deals', i - 1, 'stageId'] },
      );
    }
    count++;
    if (k === 'open' || !firstOpen) {
      stageChanges.push({ dealId: deal.id, fromStageId: null, toStageId: deal.stageId, at: deal.createdAt });
    } else {
      stageChanges.push({ dealId: deal.id, fromStageId: null, toStageId: firstOpen.id, at: deal.createdAt });
      stageChanges.push({
        dealId: deal.id,
        fromStageId: firstOpen.id,
        toStageId: deal.stageId,
        at: deal.closedAt ?? deal.createdAt,
      });
    }
  }
  return {
    stageChanges,
    deals: count,
    inferred: stageChanges.length,
    amountsBeforeLoss: new Map(),
    notes: [
      'Inferred from current stage only: each open deal entered its current stage when created; each closed deal entered the first stage when created and closed at closedAt. Stages in between are unknown (use skippedStages: "impute"), and a lost deal counts as lost at the first stage.',
    ],
  };
}
