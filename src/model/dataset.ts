import { z } from 'zod';
import { AccountSchema } from './account';
import { ActivitySchema } from './activity';
import { CurrencyCodeSchema, optionalField } from './common';
import { DealSchema } from './deal';
import { RepSchema, TeamSchema } from './org';
import { PaymentSchema } from './payment';
import { PipelineSchema } from './pipeline';
import { StageChangeSchema } from './stage-change';

/** An optional list: absent or `null` becomes `[]`. */
function optionalList<S extends z.ZodType>(schema: S, description: string) {
  return z
    .array(schema)
    .nullish()
    .transform((list): z.output<S>[] => list ?? [])
    .describe(description);
}

/**
 * zod schema for a whole CRM snapshot: pipelines and deals, and optionally their stage history, activities,
 * people, teams, accounts and payments. Absent collections become `[]`.
 *
 * This schema checks each record's shape only. Use `validateDataset` to also check that ids are unique and
 * references resolve, that stage histories are in order, that teams form a tree and that all amounts share
 * one currency — and to get every problem listed at once.
 *
 * @example
 * ```ts
 * import { DatasetSchema } from 'openspm';
 * const data = DatasetSchema.parse({
 *   pipelines: [{ id: 'p1', name: 'New business', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] }],
 *   deals: [],
 * });
 * data.stageChanges; //=> []
 * ```
 */
export const DatasetSchema = z
  .object({
    /** The one currency of every amount; when absent, the currency of the first deal. */
    currency: optionalField(CurrencyCodeSchema).describe(
      'The one currency of every amount; when absent, the currency of the first deal',
    ),
    /** The pipelines. */
    pipelines: z.array(PipelineSchema).describe('The pipelines'),
    /** The deals. */
    deals: z.array(DealSchema).describe('The deals'),
    /** Every deal's stage changes; each deal's changes in time order. */
    stageChanges: optionalList(StageChangeSchema, "Stage changes; each deal's changes listed in time order"),
    /** Sales activities. */
    activities: optionalList(ActivitySchema, 'Sales activities'),
    /** People in the sales organisation. When given, deal owners and activity reps must be among them. */
    reps: optionalList(
      RepSchema,
      'People in the sales organisation; when given, every owner and rep id must resolve',
    ),
    /** Teams. When given, every team id must resolve. */
    teams: optionalList(TeamSchema, 'Teams; when given, every team id must resolve'),
    /** Customer accounts. When given, every account id must resolve. */
    accounts: optionalList(AccountSchema, 'Customer accounts; when given, every account id must resolve'),
    /** Payments collected on deals (回款). */
    payments: optionalList(PaymentSchema, 'Payments collected on deals'),
  })
  .describe('A CRM snapshot: pipelines, deals and optionally their history, activities, people and payments');

/**
 * A parsed dataset; every collection is present (possibly empty). See {@link DatasetSchema} and
 * {@link validateDataset}.
 *
 * @example
 * ```ts
 * import type { Dataset } from 'openspm';
 * const empty: Dataset = {
 *   pipelines: [],
 *   deals: [],
 *   stageChanges: [],
 *   activities: [],
 *   reps: [],
 *   teams: [],
 *   accounts: [],
 *   payments: [],
 * };
 * ```
 */
export type Dataset = z.output<typeof DatasetSchema>;

/**
 * What {@link DatasetSchema} and {@link validateDataset} accept: only `pipelines` and `deals` are required.
 *
 * @example
 * ```ts
 * import type { DatasetInput } from 'openspm';
 * const input: DatasetInput = { currency: 'CNY', pipelines: [], deals: [] };
 * ```
 */
export type DatasetInput = z.input<typeof DatasetSchema>;
