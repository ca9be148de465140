import { z } from 'zod';
import { CustomFieldsSchema, DateTimeSchema, IdSchema, oneOfError, optionalField } from './common';

/**
 * The kinds of sales activity (拜访、电话、跟进…) openspm counts and scores.
 *
 * @example
 * ```ts
 * import { ACTIVITY_TYPES } from 'openspm';
 * ACTIVITY_TYPES.includes('visit'); //=> true
 * ACTIVITY_TYPES.length; //=> 10
 * ```
 */
export const ACTIVITY_TYPES = [
  'call',
  'visit',
  'meeting',
  'email',
  'demo',
  'proposal',
  'quote',
  'follow_up',
  'training',
  'other',
] as const;

/**
 * One of {@link ACTIVITY_TYPES}.
 *
 * @example
 * ```ts
 * import type { ActivityType } from 'openspm';
 * const type: ActivityType = 'follow_up';
 * ```
 */
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * zod schema for a sales activity: a call, visit, meeting, email… done by a rep, on a deal and/or an account.
 * `quality` marks a high-quality activity (for "at least 10 high-quality visits a week"). Put CRM-specific
 * fields in `custom`.
 *
 * @example
 * ```ts
 * import { ActivitySchema } from 'openspm';
 * const visit = ActivitySchema.parse({
 *   id: 'A-1',
 *   type: 'visit',
 *   repId: 'rep-1',
 *   dealId: 'D-17',
 *   at: '2024-03-04T10:00:00+08:00',
 *   durationMinutes: 90,
 *   quality: true,
 * });
 * visit.at.toISOString(); //=> '2024-03-04T02:00:00.000Z'
 * ```
 */
export const ActivitySchema = z
  .object({
    /** Activity id. */
    id: IdSchema.describe('Activity id'),
    /** What kind of activity, one of `ACTIVITY_TYPES`. */
    type: z
      .literal(ACTIVITY_TYPES, { error: oneOfError(ACTIVITY_TYPES) })
      .describe(`Kind of activity: ${ACTIVITY_TYPES.join(', ')}`),
    /** The rep who did it. */
    repId: IdSchema.describe('Id of the rep who did it'),
    /** The deal it was about, if any. */
    dealId: optionalField(IdSchema).describe('Id of the deal it was about'),
    /** The customer account it was with, if any. */
    accountId: optionalField(IdSchema).describe('Id of the customer account it was with'),
    /** When it happened. */
    at: DateTimeSchema.describe('When it happened (ISO 8601 date or date-time)'),
    /** How long it took, in minutes (0 or more). */
    durationMinutes: optionalField(z.number().min(0, 'durationMinutes must be 0 or more')).describe(
      'How long it took, in minutes (0 or more)',
    ),
    /** What came of it (`'next meeting booked'`). */
    outcome: optionalField(z.string()).describe('What came of it, in words'),
    /** Whether it counts as a high-quality activity. */
    quality: optionalField(z.boolean()).describe('Whether it counts as a high-quality activity'),
    /** CRM-specific fields, kept as they are. */
    custom: CustomFieldsSchema,
  })
  .describe('A sales activity: call, visit, meeting, email…');

/**
 * A parsed activity. See {@link ActivitySchema}.
 *
 * @example
 * ```ts
 * import type { Activity } from 'openspm';
 * const call: Activity = { id: 'A-2', type: 'call', repId: 'rep-1', at: new Date('2024-03-04T02:00:00Z') };
 * ```
 */
export type Activity = z.output<typeof ActivitySchema>;

/**
 * What {@link ActivitySchema} accepts.
 *
 * @example
 * ```ts
 * import type { ActivityInput } from 'openspm';
 * const call: ActivityInput = { id: 2, type: 'call', repId: 'rep-1', at: '2024-03-04T10:00:00+08:00' };
 * ```
 */
export type ActivityInput = z.input<typeof ActivitySchema>;
