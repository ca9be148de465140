import { z } from 'zod';
import { ErrorCode } from '../errors';
import { DateTimeSchema, formatInstant, IdSchema, oneOfError, optionalField } from './common';

/**
 * The roles a person in the sales organisation can have.
 *
 * @example
 * ```ts
 * import { REP_ROLES } from 'openspm';
 * REP_ROLES; //=> ['rep', 'manager', 'director', 'admin']
 * ```
 */
export const REP_ROLES = ['rep', 'manager', 'director', 'admin'] as const;

/**
 * One of {@link REP_ROLES}.
 *
 * @example
 * ```ts
 * import type { RepRole } from 'openspm';
 * const role: RepRole = 'manager';
 * ```
 */
export type RepRole = (typeof REP_ROLES)[number];

/**
 * zod schema for a person in the sales organisation: a rep, or a manager, director or admin. `hireDate` and
 * `endDate` (when they left; not before `hireDate`) bound the time they can be measured and paid for —
 * new hires get ramped targets. `role` defaults to `'rep'`.
 *
 * @example
 * ```ts
 * import { RepSchema } from 'openspm';
 * const rep = RepSchema.parse({ id: 'rep-1', name: 'Li Wei', teamId: 'east', hireDate: '2023-09-01' });
 * rep.role; //=> 'rep'
 * rep.hireDate.toISOString(); //=> '2023-09-01T00:00:00.000Z'
 * ```
 */
export const RepSchema = z
  .object({
    /** Person id. */
    id: IdSchema.describe('Person id'),
    /** Name shown to people. */
    name: z.string().min(1, 'must not be empty').describe('Name shown to people'),
    /** The team they belong to. */
    teamId: IdSchema.describe('Id of the team they belong to'),
    /** When they joined. */
    hireDate: DateTimeSchema.describe('When they joined (ISO 8601 date)'),
    /** When they left, if they did; not before `hireDate`. */
    endDate: optionalField(DateTimeSchema).describe('When they left, if they did; not before hireDate'),
    /** `rep` (default), `manager`, `director` or `admin`. */
    role: z
      .literal(REP_ROLES, { error: oneOfError(REP_ROLES) })
      .default('rep')
      .describe('Role: "rep" (default), "manager", "director" or "admin"'),
  })
  .superRefine((rep, ctx) => {
    if (rep.endDate && rep.endDate.getTime() < rep.hireDate.getTime()) {
      ctx.addIssue({
        code: 'custom',
        path: ['endDate'],
        message: `"${rep.name}" (rep "${rep.id}") leaves on ${formatInstant(rep.endDate)}, before being hired on ${formatInstant(rep.hireDate)}; endDate cannot be before hireDate`,
        params: { code: ErrorCode.INVALID_INPUT },
        input: rep.endDate,
      });
    }
  })
  .describe('A person in the sales organisation');

/**
 * A parsed rep. See {@link RepSchema}.
 *
 * @example
 * ```ts
 * import type { Rep } from 'openspm';
 * const rep: Rep = { id: 'rep-1', name: 'Li Wei', teamId: 'east', hireDate: new Date('2023-09-01T00:00:00Z'), role: 'rep' };
 * ```
 */
export type Rep = z.output<typeof RepSchema>;

/**
 * What {@link RepSchema} accepts: `role` may be left out.
 *
 * @example
 * ```ts
 * import type { RepInput } from 'openspm';
 * const rep: RepInput = { id: 1, name: 'Li Wei', teamId: 'east', hireDate: '2023-09-01' };
 * ```
 */
export type RepInput = z.input<typeof RepSchema>;

/**
 * zod schema for a sales team. Teams form a tree through `parentId` (a region under head office); targets
 * are broken down and results rolled up along it. `managerId` is the person who leads it.
 *
 * @example
 * ```ts
 * import { TeamSchema } from 'openspm';
 * TeamSchema.parse({ id: 'east', name: 'East region', parentId: 'hq', managerId: 'mgr-1' });
 * //=> { id: 'east', name: 'East region', parentId: 'hq', managerId: 'mgr-1' }
 * ```
 */
export const TeamSchema = z
  .object({
    /** Team id. */
    id: IdSchema.describe('Team id'),
    /** Name shown to people. */
    name: z.string().min(1, 'must not be empty').describe('Team name shown to people'),
    /** The team above it; absent for a top-level team. */
    parentId: optionalField(IdSchema).describe('Id of the team above it; absent for a top-level team'),
    /** The person who leads it. */
    managerId: optionalField(IdSchema).describe('Id of the person who leads it'),
  })
  .describe('A sales team; teams form a tree through parentId');

/**
 * A parsed team. See {@link TeamSchema}.
 *
 * @example
 * ```ts
 * import type { Team } from 'openspm';
 * const team: Team = { id: 'east', name: 'East region', parentId: 'hq' };
 * ```
 */
export type Team = z.output<typeof TeamSchema>;

/**
 * What {@link TeamSchema} accepts.
 *
 * @example
 * ```ts
 * import type { TeamInput } from 'openspm';
 * const team: TeamInput = { id: 2, name: 'East region', parentId: 1, managerId: null };
 * ```
 */
export type TeamInput = z.input<typeof TeamSchema>;
