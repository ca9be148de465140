// SPM.SCOPE: who (or which teams) a viewer may see, from a people table and a teams table.
import { type AccessOrg, scopeFor } from '../../access/index';
import { REP_ROLES } from '../../model/index';
import { describeCell, headerKey, isEmptyCell, readTable, type SheetCell, type SheetResult } from '../cells';
import { cellDate } from '../dates';
import { problem } from '../errors';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { cellId } from './crm';

const ID_HEADERS = ['id', 'rep', 'repId', 'person', 'name', 'salesperson', '销售', '姓名'];
const TEAM_ID_HEADERS = ['id', 'team', 'teamId', '团队'];
const TEAM_HEADERS = ['team', 'teamId', '团队'];
const ROLE_HEADERS = ['role', '角色'];
const PARENT_HEADERS = ['parent', 'parentId', 'parentTeam', '上级团队', '上级'];
const MANAGER_HEADERS = ['manager', 'managerId', 'lead', '负责人', '经理'];

function column(
  table: ReturnType<typeof readTable>,
  names: readonly string[],
  position: number,
): number | undefined {
  if (table.header) return table.columnIndex(names);
  return position < table.width ? position : undefined;
}

function roleOf(value: SheetCell, where: string): (typeof REP_ROLES)[number] {
  if (isEmptyCell(value)) return 'rep';
  const text = String(value).trim().toLowerCase();
  if ((REP_ROLES as readonly string[]).includes(text)) return text as (typeof REP_ROLES)[number];
  return problem(
    '#VALUE!',
    `${where}: expected a role (${REP_ROLES.join(', ')}), got ${describeCell(value)}`,
  );
}

/**
 * Reads an all-text table whose first row is a header only when it names a known column: people and teams are
 * text throughout, so "looks like text" cannot tell a header from the first person.
 */
function textTable(args: SheetArgs, name: string, known: readonly string[]) {
  const range = args.range(name);
  const keys = new Set(known.map(headerKey));
  const first = range[0] ?? [];
  const header = first.some((cell) => typeof cell === 'string' && keys.has(headerKey(cell)));
  return readTable(range, { name, header });
}

/** The organisation from the people (Id, Team, Role) and teams (Id, Parent, Manager) ranges. */
function orgOf(args: SheetArgs): AccessOrg {
  const people = textTable(args, 'people', [...ID_HEADERS, ...TEAM_HEADERS, ...ROLE_HEADERS]);
  const teams = textTable(args, 'teams', [...TEAM_ID_HEADERS, ...PARENT_HEADERS, ...MANAGER_HEADERS]);
  const pId = column(people, ID_HEADERS, 0);
  const pTeam = column(people, TEAM_HEADERS, 1);
  const pRole = column(people, ROLE_HEADERS, 2);
  if (pId === undefined || pTeam === undefined) {
    problem('#N/A', 'people: needs an Id (or Rep) column and a Team column, then optionally Role');
  }
  const tId = column(teams, TEAM_ID_HEADERS, 0);
  const tParent = column(teams, PARENT_HEADERS, 1);
  const tManager = column(teams, MANAGER_HEADERS, 2);
  if (tId === undefined) problem('#N/A', 'teams: needs an Id (or Team) column, then Parent and Manager');
  const reps: unknown[] = [];
  const seen = new Set<string>();
  people.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = people.where(i);
    const id = cellId(row[pId!], `${where} (id)`, 'person id');
    if (seen.has(id)) problem('#VALUE!', `${where}: "${id}" appears twice in people`);
    seen.add(id);
    reps.push({
      id,
      name: id,
      teamId: cellId(row[pTeam!], `${where} (team)`, 'team id'),
      // Scopes do not depend on hire dates; the model requires one.
      hireDate: '1970-01-01',
      role: pRole === undefined ? 'rep' : roleOf(row[pRole], `${where} (role)`),
    });
  });
  const teamRows: unknown[] = [];
  teams.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = teams.where(i);
    const id = cellId(row[tId!], `${where} (id)`, 'team id');
    const parent = tParent === undefined ? undefined : row[tParent];
    const manager = tManager === undefined ? undefined : row[tManager];
    teamRows.push({
      id,
      name: id,
      ...(isEmptyCell(parent) ? {} : { parentId: cellId(parent, `${where} (parent)`, 'team id') }),
      ...(isEmptyCell(manager) ? {} : { managerId: cellId(manager, `${where} (manager)`, 'person id') }),
    });
  });
  return { reps, teams: teamRows };
}

/** SPM.SCOPE: the people (or teams) a viewer may see on a date, from the team tree and roles. */
export const SCOPE = defineSheetFunction({
  name: 'SCOPE',
  description:
    'Who a viewer may see on a date: a rep themselves, a manager their teams, every team below and the people in them, an admin everyone. Use it to build per-manager views with FILTER.',
  parameters: [
    { name: 'viewer', type: 'text', description: 'The person viewing (an id in people).' },
    {
      name: 'people',
      type: 'range',
      description:
        'Rows of Id, Team and Role (rep — the default —, manager, director or admin), by header or in that order.',
    },
    {
      name: 'teams',
      type: 'range',
      description: 'Rows of Id, Parent (the team above; empty at the top) and Manager (who leads it).',
    },
    { name: 'asOf', type: 'date', description: 'The day the organisation is read at.' },
    {
      name: 'what',
      type: 'text',
      optional: true,
      description:
        '"people" (default: the ids of the people visible) or "teams" (the teams whose figures are visible; a rep sees none, not even a team of one).',
    },
  ],
  result: {
    description:
      'A column with a header (Person or Team) and the visible ids, sorted; an admin sees every person and team listed.',
    columns: ['Person'],
  },
  example: '=SPM.SCOPE("wang", People!A1:C40, Teams!A1:C8, TODAY())',
  run(args): SheetResult {
    const viewerCell = args.cell('viewer');
    const viewer = cellId(viewerCell, 'viewer', 'person id');
    const whatCell = args.cell('what');
    const what = isEmptyCell(whatCell) ? 'people' : String(whatCell).trim().toLowerCase();
    if (what !== 'people' && what !== 'teams') {
      problem('#VALUE!', `what: expected "people" or "teams", got ${describeCell(whatCell)}`);
    }
    const asOf = cellDate(args.cell('asOf'), 'asOf', args.context);
    const org = orgOf(args);
    if (!(org.reps as { id: string }[]).some((r) => r.id === viewer)) {
      problem('#N/A', `viewer: "${viewer}" is not in people; add a row for them (Id, Team, Role)`);
    }
    const scope = scopeFor(viewer, org, { asOf });
    let ids: readonly string[];
    if (what === 'people') {
      ids = scope.all ? (org.reps as { id: string }[]).map((r) => r.id).sort() : scope.repIds;
    } else {
      ids = scope.all ? (org.teams as { id: string }[]).map((t) => t.id).sort() : scope.teamIds;
    }
    return [[what === 'people' ? 'Person' : 'Team'], ...ids.map((id) => [id])];
  },
});
