import { z } from 'zod';
import { DateTimeSchema, describeValue, IdSchema, optionalField } from './common';

/**
 * zod schema for one move of a deal from a stage to another (阶段变更). `fromStageId` is `null` when the
 * deal entered the pipeline. A deal's changes, listed in time order, are its stage history: funnel
 * conversion, time in stage and stalled-deal warnings are built from them.
 *
 * @example
 * ```ts
 * import { StageChangeSchema } from 'openspm';
 * const change = StageChangeSchema.parse({
 *   dealId: 'D-17',
 *   fromStageId: null,
 *   toStageId: 'lead',
 *   at: '2024-03-01T09:30:00+08:00',
 * });
 * change.at.toISOString(); //=> '2024-03-01T01:30:00.000Z'
 * ```
 */
export const StageChangeSchema = z
  .object({
    /** The deal that moved. */
    dealId: IdSchema.describe('Id of the deal that moved'),
    /** The stage it left, or `null` when it entered the pipeline. */
    fromStageId: z
      .union([z.null(), IdSchema], {
        error: (iss) =>
          iss.input === undefined
            ? 'is required (expected the id of the stage the deal left, or null when it entered the pipeline)'
            : `expected a stage id, or null when the deal entered the pipeline, got ${describeValue(iss.input)}`,
      })
      .describe('Id of the stage the deal left, or null when it entered the pipeline'),
    /** The stage it moved to. */
    toStageId: IdSchema.describe('Id of the stage the deal moved to'),
    /** When it moved. */
    at: DateTimeSchema.describe('When the deal moved (ISO 8601 date or date-time)'),
    /** Who moved it, if known. */
    actorId: optionalField(IdSchema).describe('Id of the person who moved the deal'),
  })
  .describe('One move of a deal from a stage to another');

/**
 * A parsed stage change. See {@link StageChangeSchema}.
 *
 * @example
 * ```ts
 * import type { StageChange } from 'openspm';
 * const change: StageChange = { dealId: 'D-17', fromStageId: 'lead', toStageId: 'qualified', at: new Date('2024-03-05T00:00:00Z') };
 * ```
 */
export type StageChange = z.output<typeof StageChangeSchema>;

/**
 * What {@link StageChangeSchema} accepts.
 *
 * @example
 * ```ts
 * import type { StageChangeInput } from 'openspm';
 * const change: StageChangeInput = { dealId: 17, fromStageId: null, toStageId: 'lead', at: '2024-03-01' };
 * ```
 */
export type StageChangeInput = z.input<typeof StageChangeSchema>;
