import { z } from 'zod';
import type { OpenSpmError } from '../errors';
import { Money } from './money';

/**
 * Money as it arrives at a boundary (JSON, a CRM row): the amount as a decimal string (preferred) or a number,
 * and the currency code. {@link MoneySchema} turns it into {@link Money}.
 *
 * @example
 * ```ts
 * import type { MoneyInput } from 'openspm';
 * const fromCrm: MoneyInput = { amount: '1234.50', currency: 'CNY' };
 * ```
 */
export interface MoneyInput {
  /** Exact decimal amount; prefer a string such as "1234.50". */
  amount: string | number;
  /** ISO 4217 currency code, e.g. "CNY". */
  currency: string;
}

/**
 * zod schema for money at a boundary: accepts a {@link Money} value or its JSON form
 * `{ amount: '123.45' | 123.45, currency: 'CNY' }` and outputs a {@link Money}. NaN, Infinity, text that is
 * not a number and bad currency codes are rejected with the field's path.
 *
 * @example
 * ```ts
 * import { MoneySchema } from 'openspm';
 * MoneySchema.parse({ amount: '99.90', currency: 'CNY' }).toString(); //=> '99.90 CNY'
 * ```
 */
export const MoneySchema: z.ZodType<Money, Money | MoneyInput> = z
  .union([
    z.custom<Money>((value) => value instanceof Money, 'expected a Money value'),
    z
      .object({
        amount: z
          .union([z.string(), z.number()])
          .describe('Exact decimal amount; prefer a string such as "1234.50"'),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'currency must be a three-letter ISO 4217 code such as "CNY"'),
      })
      .strict(),
  ])
  .transform((value, ctx): Money => {
    if (value instanceof Money) return value;
    try {
      return Money.of(value.amount, value.currency);
    } catch (error) {
      const e = error as OpenSpmError;
      ctx.addIssue({
        code: 'custom',
        message: e.message,
        path: ['amount'],
        params: { code: e.code },
        input: value,
      });
      return z.NEVER;
    }
  })
  .describe('Money: { "amount": "123.45", "currency": "CNY" }');

/**
 * Like {@link MoneySchema}, but the amount must not be negative (deal amounts, payments, targets).
 *
 * @example
 * ```ts
 * import { NonNegativeMoneySchema } from 'openspm';
 * NonNegativeMoneySchema.safeParse({ amount: '-1', currency: 'CNY' }).success; //=> false
 * ```
 */
export const NonNegativeMoneySchema: z.ZodType<Money, Money | MoneyInput> = MoneySchema.refine(
  (m) => !m.isNegative(),
  {
    message: 'amount must not be negative',
    path: ['amount'],
  },
);
