import { z } from 'zod';
import { CustomFieldsSchema, IdSchema, oneOfError, optionalField } from './common';

/**
 * Customer grades (客户分级), A for the most valuable.
 *
 * @example
 * ```ts
 * import { ACCOUNT_GRADES } from 'openspm';
 * ACCOUNT_GRADES; //=> ['A', 'B', 'C', 'D']
 * ```
 */
export const ACCOUNT_GRADES = ['A', 'B', 'C', 'D'] as const;

/**
 * One of {@link ACCOUNT_GRADES}.
 *
 * @example
 * ```ts
 * import type { AccountGrade } from 'openspm';
 * const grade: AccountGrade = 'A';
 * ```
 */
export type AccountGrade = (typeof ACCOUNT_GRADES)[number];

/**
 * zod schema for a customer account. `grade` (A–D) drives follow-up cadence and lead assignment. Put
 * CRM-specific fields in `custom`.
 *
 * @example
 * ```ts
 * import { AccountSchema } from 'openspm';
 * AccountSchema.parse({ id: 9001, name: 'Huaxin Technology', grade: 'A', region: 'East' });
 * //=> { id: '9001', name: 'Huaxin Technology', grade: 'A', region: 'East' }
 * ```
 */
export const AccountSchema = z
  .object({
    /** Account id. */
    id: IdSchema.describe('Account id'),
    /** Customer name. */
    name: z.string().min(1, 'must not be empty').describe('Customer name'),
    /** Customer grade, `A` (most valuable) to `D`. */
    grade: optionalField(z.literal(ACCOUNT_GRADES, { error: oneOfError(ACCOUNT_GRADES) })).describe(
      'Customer grade, "A" (most valuable) to "D"',
    ),
    /** The rep who owns the account. */
    ownerId: optionalField(IdSchema).describe('Id of the rep who owns the account'),
    /** Sales region. */
    region: optionalField(z.string()).describe('Sales region'),
    /** Industry. */
    industry: optionalField(z.string()).describe('Industry'),
    /** CRM-specific fields, kept as they are. */
    custom: CustomFieldsSchema,
  })
  .describe('A customer account');

/**
 * A parsed account. See {@link AccountSchema}.
 *
 * @example
 * ```ts
 * import type { Account } from 'openspm';
 * const account: Account = { id: 'acct-1', name: 'Huaxin Technology', grade: 'B' };
 * ```
 */
export type Account = z.output<typeof AccountSchema>;

/**
 * What {@link AccountSchema} accepts.
 *
 * @example
 * ```ts
 * import type { AccountInput } from 'openspm';
 * const account: AccountInput = { id: 9001, name: 'Huaxin Technology', grade: null };
 * ```
 */
export type AccountInput = z.input<typeof AccountSchema>;
