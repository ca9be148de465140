import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { DateTimeSchema, IdSchema, REP_ROLES, type RepRole, RepSchema, TeamSchema } from '../model/index';

/**
 * One stretch of time a person belonged to a team: from `from` (included) to `to` (excluded; absent while it
 * lasts). When a person has any membership record, these records — not `Rep.teamId` — say which team they were
 * in on a given day.
 *
 * @example
 * ```ts
 * import type { TeamMembershipInput } from 'openspm';
 * const moved: TeamMembershipInput[] = [
 *   { repId: 'li', teamId: 'east', from: '2023-01-01', to: '2024-07-01' },
 *   { repId: 'li', teamId: 'west', from: '2024-07-01' },
 * ];
 * ```
 */
export interface TeamMembershipInput {
  /** The person. */
  repId: string | number;
  /** The team. */
  teamId: string | number;
  /** First day (or instant) of the membership, included. */
  from: string | Date;
  /** When it ended, excluded; absent or `null` while it lasts. */
  to?: string | Date | null;
}

/**
 * One stretch of time a person led a team: from `from` (included) to `to` (excluded). When a team has any
 * assignment record, these records — not `Team.managerId` — say who led it on a given day, so a manager moved
 * to another team loses the old one on the day the assignment ends.
 *
 * @example
 * ```ts
 * import type { ManagerAssignmentInput } from 'openspm';
 * const history: ManagerAssignmentInput[] = [
 *   { teamId: 'east', managerId: 'wang', from: '2023-01-01', to: '2024-07-01' },
 *   { teamId: 'west', managerId: 'wang', from: '2024-07-01' },
 * ];
 * ```
 */
export interface ManagerAssignmentInput {
  /** The team led. */
  teamId: string | number;
  /** The person leading it. */
  managerId: string | number;
  /** First day (or instant), included. */
  from: string | Date;
  /** When it ended, excluded; absent or `null` while it lasts. */
  to?: string | Date | null;
}

/**
 * The organisation a scope is derived from: teams (a tree through `parentId`), people (with `role` and
 * `teamId`), and optionally their history.
 *
 * @example
 * ```ts
 * import type { AccessOrg } from 'openspm';
 * const org: AccessOrg = {
 *   teams: [{ id: 'east', name: 'East', managerId: 'wang' }],
 *   reps: [
 *     { id: 'wang', name: 'Wang', teamId: 'east', hireDate: '2020-01-01', role: 'manager' },
 *     { id: 'li', name: 'Li', teamId: 'east', hireDate: '2021-01-01' },
 *   ],
 * };
 * ```
 */
export interface AccessOrg {
  /** Teams, as in a dataset. */
  teams: readonly unknown[];
  /** People, as in a dataset (their `role` decides the kind of scope). */
  reps: readonly unknown[];
  /** Team memberships over time; see {@link TeamMembershipInput}. */
  memberships?: readonly TeamMembershipInput[] | null;
  /** Who led which team over time; see {@link ManagerAssignmentInput}. */
  managerAssignments?: readonly ManagerAssignmentInput[] | null;
}

/**
 * The viewer: a person id found in `org.reps`, or `{ id, role }` when the CRM's own sign-in decides the role
 * (an admin who is not a sales person, say). A role given here wins over the one in `org.reps`.
 *
 * @example
 * ```ts
 * import type { Viewer } from 'openspm';
 * const admin: Viewer = { id: 'it-1', role: 'admin' };
 * const rep: Viewer = 'li';
 * ```
 */
export type Viewer = string | number | ViewerIdentity;

/**
 * A viewer whose role the CRM's own sign-in decides. See {@link Viewer}.
 *
 * @example
 * ```ts
 * import type { ViewerIdentity } from 'openspm';
 * const admin: ViewerIdentity = { id: 'it-1', role: 'admin' };
 * ```
 */
export interface ViewerIdentity {
  /** The person's id. */
  id: string | number;
  /** Their role; default the one in `org.reps`. */
  role?: RepRole;
}

/**
 * Options for {@link scopeFor}.
 *
 * @example
 * ```ts
 * import type { ScopeForOptions } from 'openspm';
 * const options: ScopeForOptions = { asOf: '2024-07-01' };
 * ```
 */
export interface ScopeForOptions {
  /** The day (or instant) the organisation is read at: memberships and assignments effective then. Required. */
  asOf: string | Date;
}

/**
 * What a viewer may see: every result, storage read and filter helper of openspm accepts it. A rep's scope holds
 * only themselves; a manager's their teams, every team below, and the people in them on `asOf`.
 *
 * @example
 * ```ts
 * import { scopeFor } from 'openspm';
 * const scope = scopeFor('li', {
 *   teams: [{ id: 'east', name: 'East' }],
 *   reps: [{ id: 'li', name: 'Li', teamId: 'east', hireDate: '2021-01-01' }],
 * }, { asOf: '2024-07-01' });
 * scope.repIds; //=> ['li']
 * scope.teamIds; //=> []
 * ```
 */
export interface AccessScope {
  /** The viewer's id. */
  readonly viewerId: string;
  /** The role the scope was derived for. */
  readonly role: RepRole;
  /** The moment the organisation was read at, ISO 8601. */
  readonly asOf: string;
  /** `true` for the whole tenant (an admin): every record and every aggregate. */
  readonly all: boolean;
  /** People whose own records (deals, activities, scores, statements) are visible, sorted. */
  readonly repIds: readonly string[];
  /** Teams whose records and aggregates are visible, sorted: the viewer may see every member of each. */
  readonly teamIds: readonly string[];
  /** Teams the viewer leads on `asOf` (the roots of `teamIds`), sorted. */
  readonly managedTeamIds: readonly string[];
  /** Why, in one sentence. */
  readonly reason: string;
}

const DatedSchema = {
  from: DateTimeSchema,
  to: DateTimeSchema.nullish(),
};
const MembershipSchema = z.object({ repId: IdSchema, teamId: IdSchema, ...DatedSchema });
const AssignmentSchema = z.object({ teamId: IdSchema, managerId: IdSchema, ...DatedSchema });
const OrgSchema = z.object({
  teams: z.array(TeamSchema),
  reps: z.array(RepSchema),
  memberships: z.array(MembershipSchema).nullish(),
  managerAssignments: z.array(AssignmentSchema).nullish(),
});
const ViewerSchema = z.union([
  IdSchema,
  z.object({ id: IdSchema, role: z.literal(REP_ROLES).optional() }).strict(),
]);
const OptionsSchema = z.object({ asOf: DateTimeSchema });

interface Dated {
  from: Date;
  to?: Date | null | undefined;
}
const covers = (r: Dated, at: number) => r.from.getTime() <= at && (r.to == null || at < r.to.getTime());

function sorted(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

/**
 * Derives what `viewer` may see from the team tree and roles on `asOf`:
 *
 * - `rep`: their own records only — never a team aggregate, not even of a team whose only member they are
 *   (a team figure covers whoever was in the team over the period, which the viewer cannot check);
 * - `manager`: the teams they lead on `asOf` (by `managerAssignments`, else `Team.managerId`), every team
 *   below them, the people in those teams on `asOf` (by `memberships`, else `Rep.teamId`), and themselves;
 * - `director`: as a manager, plus the team they belong to on `asOf` and every team below it (a director sits
 *   in the region or head-office team they oversee);
 * - `admin`: the whole tenant (`all: true`).
 *
 * Pure: the organisation and `asOf` are parameters. A manager moved to another team (their assignment to the
 * old team ends on the day of the move) loses the old team on that day.
 *
 * @param viewer - the person asking (an id in `org.reps`, or `{ id, role }`).
 * @param org - teams, people and optional history.
 * @param options - `asOf`.
 * @throws OpenSpmError `UNKNOWN_REFERENCE` when the viewer is not in `org.reps` and no role is given;
 *   `HIERARCHY_CYCLE` when the team tree loops; `INVALID_INPUT`/`INVALID_DATE` for bad input.
 * @example
 * ```ts
 * import { scopeFor } from 'openspm';
 * const org = {
 *   teams: [
 *     { id: 'east', name: 'East', managerId: 'wang' },
 *     { id: 'east-1', name: 'East 1', parentId: 'east' },
 *   ],
 *   reps: [
 *     { id: 'wang', name: 'Wang', teamId: 'east', hireDate: '2020-01-01', role: 'manager' },
 *     { id: 'li', name: 'Li', teamId: 'east-1', hireDate: '2021-01-01' },
 *     { id: 'zhao', name: 'Zhao', teamId: 'east-1', hireDate: '2021-01-01' },
 *   ],
 * };
 * scopeFor('wang', org, { asOf: '2024-07-01' }).repIds; //=> ['li', 'wang', 'zhao']
 * scopeFor('wang', org, { asOf: '2024-07-01' }).teamIds; //=> ['east', 'east-1']
 * scopeFor('li', org, { asOf: '2024-07-01' }).repIds; //=> ['li']
 * ```
 */
export function scopeFor(viewer: Viewer, org: AccessOrg, options: ScopeForOptions): AccessScope {
  const v = parseOrThrow(ViewerSchema, viewer, 'viewer', ['viewer']);
  const o = parseOrThrow(OrgSchema, org, 'organisation', ['org']);
  const { asOf } = parseOrThrow(OptionsSchema, options, 'options', ['options']);
  const at = asOf.getTime();
  const viewerId = typeof v === 'string' ? v : v.id;
  const person = o.reps.find((r) => r.id === viewerId);
  const role: RepRole | undefined = (typeof v === 'string' ? undefined : v.role) ?? person?.role;
  if (role === undefined) {
    throw new OpenSpmError(
      ErrorCode.UNKNOWN_REFERENCE,
      `viewer: "${viewerId}" is not among org.reps; add them, or pass { id, role } to say what they may see`,
      { path: ['viewer'] },
    );
  }
  const base = { viewerId, role, asOf: asOf.toISOString() };
  if (role === 'admin') {
    return {
      ...base,
      all: true,
      repIds: [],
      teamIds: [],
      managedTeamIds: [],
      reason: 'admin: the whole tenant',
    };
  }
  if (role === 'rep') {
    return {
      ...base,
      all: false,
      repIds: [viewerId],
      teamIds: [],
      managedTeamIds: [],
      reason: `rep: only their own records (${viewerId})`,
    };
  }

  const children = new Map<string, string[]>();
  const parent = new Map<string, string>();
  for (const t of o.teams) {
    if (t.parentId === undefined) continue;
    parent.set(t.id, t.parentId);
    const list = children.get(t.parentId) ?? [];
    list.push(t.id);
    children.set(t.parentId, list);
  }
  for (const t of o.teams) {
    const seen = new Set<string>([t.id]);
    for (let p = parent.get(t.id); p !== undefined; p = parent.get(p)) {
      if (seen.has(p)) {
        throw new OpenSpmError(
          ErrorCode.HIERARCHY_CYCLE,
          `org.teams: team "${p}" is its own ancestor (following parentId); a chain of parent teams must end at a top-level team`,
          { path: ['org', 'teams'] },
        );
      }
      seen.add(p);
    }
  }

  // Who leads which team on asOf: assignment records where a team has any, else Team.managerId.
  const assigned = new Set((o.managerAssignments ?? []).map((a) => a.teamId));
  const managed = new Set<string>();
  for (const a of o.managerAssignments ?? [])
    if (a.managerId === viewerId && covers(a, at)) managed.add(a.teamId);
  for (const t of o.teams) if (!assigned.has(t.id) && t.managerId === viewerId) managed.add(t.id);

  // Which team each person is in on asOf: membership records where a person has any, else Rep.teamId.
  const tracked = new Set((o.memberships ?? []).map((m) => m.repId));
  const membersOf = new Map<string, string[]>();
  const join = (teamId: string, repId: string) => {
    const list = membersOf.get(teamId) ?? [];
    list.push(repId);
    membersOf.set(teamId, list);
  };
  for (const m of o.memberships ?? []) if (covers(m, at)) join(m.teamId, m.repId);
  for (const r of o.reps) if (!tracked.has(r.id)) join(r.teamId, r.id);

  const roots = new Set(managed);
  if (role === 'director') {
    for (const [teamId, members] of membersOf) if (members.includes(viewerId)) roots.add(teamId);
  }
  const teams = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (teams.has(id)) continue;
    teams.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  const reps = new Set<string>([viewerId]);
  for (const id of teams) for (const r of membersOf.get(id) ?? []) reps.add(r);
  const rootList = sorted(managed);
  const what =
    teams.size === 0
      ? 'leads no team on that day, so only their own records'
      : `${role === 'director' ? 'their own team, ' : ''}the teams they lead (${rootList.join(', ') || 'none'}) and every team below: ${teams.size} team(s), ${reps.size} person(s)`;
  return {
    ...base,
    all: false,
    repIds: sorted(reps),
    teamIds: sorted(teams),
    managedTeamIds: rootList,
    reason: `${role}: ${what}`,
  };
}

/**
 * `true` when the scope shows this person's own records.
 *
 * @example
 * ```ts
 * import { canSeeRep, scopeFor } from 'openspm';
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-07-01' });
 * canSeeRep(scope, 'li'); //=> true
 * canSeeRep(scope, 'zhao'); //=> false
 * ```
 */
export function canSeeRep(scope: AccessScope, repId: string | null | undefined): boolean {
  if (scope.all) return true;
  return repId != null && scope.repIds.includes(String(repId));
}

/**
 * `true` when the scope shows this team's records and aggregates (the viewer may see every member).
 *
 * @example
 * ```ts
 * import { canSeeTeam, scopeFor } from 'openspm';
 * const scope = scopeFor({ id: 'li', role: 'rep' }, { teams: [], reps: [] }, { asOf: '2024-07-01' });
 * canSeeTeam(scope, 'east'); //=> false
 * ```
 */
export function canSeeTeam(scope: AccessScope, teamId: string | null | undefined): boolean {
  if (scope.all) return true;
  return teamId != null && scope.teamIds.includes(String(teamId));
}
