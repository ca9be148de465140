import { z } from 'zod';
import { ErrorCode } from '../errors';
import { CurrencyCodeSchema, IdSchema, oneOfError, optionalField } from './common';

/**
 * The kinds of stage: `open` while the deal is being worked, `won` and `lost` when it is closed.
 *
 * @example
 * ```ts
 * import { STAGE_KINDS } from 'openspm';
 * STAGE_KINDS; //=> ['open', 'won', 'lost']
 * ```
 */
export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

/**
 * One of {@link STAGE_KINDS}.
 *
 * @example
 * ```ts
 * import type { StageKind } from 'openspm';
 * const kind: StageKind = 'won';
 * ```
 */
export type StageKind = (typeof STAGE_KINDS)[number];

const positiveDays = (what: string) =>
  optionalField(z.number().positive(`${what} must be a positive number of days`)).describe(
    `${what}: a positive number of days`,
  );

/**
 * zod schema for a pipeline stage (阶段). `order` places it in the pipeline; `probability` is the chance a
 * deal in this stage is eventually won, from 0 to 1 — when absent it defaults to 1 for a `won` stage and 0 for
 * a `lost` stage (an `open` stage without one has none). `slaDays` is how long a deal should take here and
 * `rottingDays` when a deal sitting here counts as stalled.
 *
 * @example
 * ```ts
 * import { StageSchema } from 'openspm';
 * StageSchema.parse({ id: 'won', name: 'Won', order: 6, kind: 'won' }).probability; //=> 1
 * StageSchema.parse({ id: 'proposal', name: 'Proposal', order: 3, kind: 'open', probability: 0.5, slaDays: 21 });
 * //=> { id: 'proposal', name: 'Proposal', order: 3, kind: 'open', probability: 0.5, slaDays: 21 }
 * ```
 */
export const StageSchema = z
  .object({
    /** Stage id, unique within its pipeline (`'proposal'`). */
    id: IdSchema.describe('Stage id, unique within its pipeline'),
    /** Name shown to people (`'Proposal'`, `'方案报价'`). */
    name: z.string().min(1, 'must not be empty').describe('Stage name shown to people'),
    /** Position in the pipeline: a whole number ≥ 0, unique within the pipeline; stages are sorted by it. */
    order: z
      .int('order must be a whole number')
      .min(0, 'order must be 0 or more')
      .describe('Position in the pipeline: a whole number >= 0, unique within the pipeline'),
    /** `open`, `won` or `lost`. */
    kind: z
      .literal(STAGE_KINDS, { error: oneOfError(STAGE_KINDS) })
      .describe('Stage kind: "open", "won" or "lost"'),
    /** Win probability of a deal in this stage, 0 to 1; defaults to 1 for won and 0 for lost stages. */
    probability: optionalField(
      z.number().min(0, 'probability must be between 0 and 1').max(1, 'probability must be between 0 and 1'),
    ).describe(
      'Win probability of a deal in this stage, 0 to 1; defaults to 1 for won and 0 for lost stages',
    ),
    /** Expected days a deal spends in this stage (service-level target), a positive number. */
    slaDays: positiveDays('Expected days in this stage (SLA)'),
    /** Days in this stage after which a deal counts as stalled (rotting), a positive number. */
    rottingDays: positiveDays('Days in this stage after which a deal counts as stalled'),
  })
  .transform((stage) => {
    if (stage.probability !== undefined || stage.kind === 'open') return stage;
    return {
      ...stage,
      /** Win probability: 1 for a won and 0 for a lost stage when not given. */
      probability: stage.kind === 'won' ? 1 : 0,
    };
  })
  .describe('A pipeline stage');

/**
 * A parsed pipeline stage. See {@link StageSchema}.
 *
 * @example
 * ```ts
 * import type { Stage } from 'openspm';
 * const stage: Stage = { id: 'won', name: 'Won', order: 6, kind: 'won', probability: 1 };
 * ```
 */
export type Stage = z.output<typeof StageSchema>;

/**
 * What {@link StageSchema} accepts: numeric ids, `null` for absent optional fields, no probability on
 * won and lost stages.
 *
 * @example
 * ```ts
 * import type { StageInput } from 'openspm';
 * const stage: StageInput = { id: 7, name: 'Won', order: 6, kind: 'won' };
 * ```
 */
export type StageInput = z.input<typeof StageSchema>;

/**
 * zod schema for a pipeline (销售漏斗的阶段定义): its ordered stages, at least one. Stage ids and orders must be
 * unique within the pipeline; the output lists the stages sorted by `order`, whatever order they came in.
 *
 * @example
 * ```ts
 * import { PipelineSchema } from 'openspm';
 * const pipeline = PipelineSchema.parse({
 *   id: 'p1',
 *   name: 'New business',
 *   currency: 'CNY',
 *   stages: [
 *     { id: 'won', name: 'Won', order: 2, kind: 'won' },
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open', probability: 0.1 },
 *     { id: 'proposal', name: 'Proposal', order: 1, kind: 'open', probability: 0.5 },
 *   ],
 * });
 * pipeline.stages.map((s) => s.id); //=> ['lead', 'proposal', 'won']
 * ```
 */
export const PipelineSchema = z
  .object({
    /** Pipeline id. */
    id: IdSchema.describe('Pipeline id'),
    /** Name shown to people (`'New business'`). */
    name: z.string().min(1, 'must not be empty').describe('Pipeline name shown to people'),
    /** The stages, at least one; ids and orders unique. Output sorted by `order`. */
    stages: z
      .array(StageSchema)
      .min(1, 'a pipeline needs at least one stage')
      .describe('The stages, at least one; ids and orders unique; output sorted by order'),
    /** Currency of the deals in this pipeline, if it has one. */
    currency: optionalField(CurrencyCodeSchema).describe('Currency of the deals in this pipeline'),
  })
  .superRefine((pipeline, ctx) => {
    const byId = new Map<string, number>();
    const byOrder = new Map<number, number>();
    pipeline.stages.forEach((stage, i) => {
      const sameId = byId.get(stage.id);
      if (sameId === undefined) byId.set(stage.id, i);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'id'],
          message: `stage id "${stage.id}" is used twice in pipeline "${pipeline.id}" (stages[${sameId}] and stages[${i}]); stage ids must be unique within a pipeline`,
          params: { code: ErrorCode.DUPLICATE_ID },
          input: stage.id,
        });
      }
      const sameOrder = byOrder.get(stage.order);
      if (sameOrder === undefined) byOrder.set(stage.order, i);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'order'],
          message: `order ${stage.order} of stage "${stage.id}" is also the order of stage "${pipeline.stages[sameOrder]?.id}" in pipeline "${pipeline.id}"; each stage needs its own order`,
          params: { code: ErrorCode.INVALID_INPUT },
          input: stage.order,
        });
      }
    });
  })
  .transform((pipeline) => ({
    ...pipeline,
    /** The stages, sorted by `order`. */
    stages: [...pipeline.stages].sort((a, b) => a.order - b.order),
  }))
  .describe('A sales pipeline: its ordered stages');

/**
 * A parsed pipeline, stages sorted by `order`. See {@link PipelineSchema}.
 *
 * @example
 * ```ts
 * import type { Pipeline } from 'openspm';
 * const pipeline: Pipeline = {
 *   id: 'p1',
 *   name: 'New business',
 *   stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }],
 * };
 * ```
 */
export type Pipeline = z.output<typeof PipelineSchema>;

/**
 * What {@link PipelineSchema} accepts.
 *
 * @example
 * ```ts
 * import type { PipelineInput } from 'openspm';
 * const pipeline: PipelineInput = { id: 1, name: 'New business', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] };
 * ```
 */
export type PipelineInput = z.input<typeof PipelineSchema>;
