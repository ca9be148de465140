import { z } from 'zod';
import { ErrorCode } from '../errors';
import { NonNegativeMoneySchema } from '../money/index';
import { CustomFieldsSchema, DateTimeSchema, formatInstant, IdSchema, optionalField } from './common';

const optionalText = (description: string) => optionalField(z.string()).describe(description);

/**
 * zod schema for a deal (商机): an opportunity moving through the stages of one pipeline. `stageId` is the
 * stage it is in now; its history is a list of stage changes. The amount is money that is not negative;
 * `closedAt` (when won or lost) cannot be before `createdAt`. Put CRM-specific fields in `custom`; other
 * unknown fields are dropped.
 *
 * @example
 * ```ts
 * import { DealSchema } from 'openspm';
 * const deal = DealSchema.parse({
 *   id: 17,
 *   pipelineId: 'p1',
 *   ownerId: 'rep-1',
 *   amount: { amount: '120000.00', currency: 'CNY' },
 *   createdAt: '2024-03-01',
 *   stageId: 'proposal',
 *   custom: { industryCode: 'C13' },
 * });
 * deal.id; //=> '17'
 * deal.amount.toString(); //=> '120000.00 CNY'
 * deal.createdAt.toISOString(); //=> '2024-03-01T00:00:00.000Z'
 * ```
 */
export const DealSchema = z
  .object({
    /** Deal id. */
    id: IdSchema.describe('Deal id'),
    /** The pipeline the deal moves through. */
    pipelineId: IdSchema.describe('Id of the pipeline the deal moves through'),
    /** The rep who owns the deal. */
    ownerId: IdSchema.describe('Id of the rep who owns the deal'),
    /** The owner's team when the deal was credited, if known. */
    teamId: optionalField(IdSchema).describe('Id of the team the deal is credited to'),
    /** The customer account. */
    accountId: optionalField(IdSchema).describe('Id of the customer account'),
    /** Lead source (`'inbound'`, `'referral'`, `'event'`…). */
    source: optionalText('Lead source, such as "inbound", "referral" or "event"'),
    /** Product or product line sold. */
    product: optionalText('Product or product line sold'),
    /** Deal amount (signed or expected contract value), not negative. */
    amount: NonNegativeMoneySchema.describe(
      'Deal amount, not negative: { "amount": "120000.00", "currency": "CNY" }',
    ),
    /** When the deal was created. */
    createdAt: DateTimeSchema.describe('When the deal was created (ISO 8601 date or date-time)'),
    /** When the rep expects to close it. */
    expectedCloseDate: optionalField(DateTimeSchema).describe(
      'When the deal is expected to close (ISO 8601)',
    ),
    /** The stage the deal is in now; must be a stage of its pipeline. */
    stageId: IdSchema.describe('Id of the stage the deal is in now; a stage of its pipeline'),
    /** When the deal was won or lost; not before `createdAt`. */
    closedAt: optionalField(DateTimeSchema).describe('When the deal was won or lost; not before createdAt'),
    /** Why a lost deal was lost (`'price'`, `'competitor'`…). */
    lostReason: optionalText('Why a lost deal was lost, such as "price" or "competitor"'),
    /** CRM-specific fields, kept as they are. */
    custom: CustomFieldsSchema,
  })
  .superRefine((deal, ctx) => {
    if (deal.closedAt && deal.closedAt.getTime() < deal.createdAt.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['closedAt'],
        message: `deal "${deal.id}" is closed on ${formatInstant(deal.closedAt)}, before it was created on ${formatInstant(deal.createdAt)}; closedAt cannot be before createdAt`,
        params: { code: ErrorCode.INVALID_INPUT },
        input: deal.closedAt,
      });
    }
  })
  .describe('A deal (opportunity) moving through the stages of a pipeline');

/**
 * A parsed deal. See {@link DealSchema}.
 *
 * @example
 * ```ts
 * import { Money, type Deal } from 'openspm';
 * const deal: Deal = {
 *   id: 'D-17',
 *   pipelineId: 'p1',
 *   ownerId: 'rep-1',
 *   amount: Money.of('120000.00', 'CNY'),
 *   createdAt: new Date('2024-03-01T00:00:00Z'),
 *   stageId: 'proposal',
 * };
 * ```
 */
export type Deal = z.output<typeof DealSchema>;

/**
 * What {@link DealSchema} accepts: numeric ids, JSON money, ISO date strings, `null` for absent fields.
 *
 * @example
 * ```ts
 * import type { DealInput } from 'openspm';
 * const deal: DealInput = {
 *   id: 17,
 *   pipelineId: 'p1',
 *   ownerId: 'rep-1',
 *   amount: { amount: '120000.00', currency: 'CNY' },
 *   createdAt: '2024-03-01',
 *   stageId: 'proposal',
 *   closedAt: null,
 * };
 * ```
 */
export type DealInput = z.input<typeof DealSchema>;
