import { z } from 'zod';
import { NonNegativeMoneySchema } from '../money/index';
import { DateTimeSchema, IdSchema } from './common';

/**
 * zod schema for a payment collected on a deal (回款): the basis of the collection rate and of commissions
 * paid on cash. The amount is not negative and must be in the deal's currency.
 *
 * @example
 * ```ts
 * import { PaymentSchema } from 'openspm';
 * const payment = PaymentSchema.parse({
 *   id: 'pay-1',
 *   dealId: 'D-17',
 *   amount: { amount: '60000.00', currency: 'CNY' },
 *   at: '2024-05-10',
 * });
 * payment.amount.toString(); //=> '60000.00 CNY'
 * ```
 */
export const PaymentSchema = z
  .object({
    /** Payment id. */
    id: IdSchema.describe('Payment id'),
    /** The deal it pays for. */
    dealId: IdSchema.describe('Id of the deal it pays for'),
    /** Amount collected, not negative, in the deal's currency. */
    amount: NonNegativeMoneySchema.describe(
      'Amount collected, not negative, in the currency of the deal: { "amount": "60000.00", "currency": "CNY" }',
    ),
    /** When it was collected. */
    at: DateTimeSchema.describe('When it was collected (ISO 8601 date or date-time)'),
  })
  .describe('A payment collected on a deal (回款)');

/**
 * A parsed payment. See {@link PaymentSchema}.
 *
 * @example
 * ```ts
 * import { Money, type Payment } from 'openspm';
 * const payment: Payment = { id: 'pay-1', dealId: 'D-17', amount: Money.of('60000.00', 'CNY'), at: new Date('2024-05-10T00:00:00Z') };
 * ```
 */
export type Payment = z.output<typeof PaymentSchema>;

/**
 * What {@link PaymentSchema} accepts.
 *
 * @example
 * ```ts
 * import type { PaymentInput } from 'openspm';
 * const payment: PaymentInput = { id: 1, dealId: 17, amount: { amount: 60000, currency: 'CNY' }, at: '2024-05-10' };
 * ```
 */
export type PaymentInput = z.input<typeof PaymentSchema>;
