import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSheetError, sheetFunctions } from '../../src/sheets/index';

const { SCOPE } = sheetFunctions;

const people = [
  ['Id', 'Team', 'Role'],
  ['chen', 'hq', 'director'],
  ['wang', 'east', 'manager'],
  ['li', 'east-1', ''],
  ['zhao', 'east-1', 'rep'],
  ['sun', 'west', 'rep'],
  ['it', 'hq', 'admin'],
];
const teams = [
  ['Id', 'Parent', 'Manager'],
  ['hq', '', ''],
  ['east', 'hq', 'wang'],
  ['east-1', 'east', ''],
  ['west', 'hq', ''],
];
const ids = (r: unknown) => (r as string[][]).slice(1).map((row) => row[0]);

describe('SCOPE', () => {
  it('a rep sees themselves and no team, not even their own', () => {
    expect(SCOPE('li', people, teams, '2024-07-01')).toEqual([['Person'], ['li']]);
    expect(SCOPE('li', people, teams, '2024-07-01', 'teams')).toEqual([['Team']]);
  });

  it('a manager sees the teams they lead, the teams below and the people in them', () => {
    expect(ids(SCOPE('wang', people, teams, '2024-07-01'))).toEqual(['li', 'wang', 'zhao']);
    expect(ids(SCOPE('wang', people, teams, '2024-07-01', 'teams'))).toEqual(['east', 'east-1']);
  });

  it('a director sees the tree under their own team; an admin everyone', () => {
    expect(ids(SCOPE('chen', people, teams, '2024-07-01'))).toEqual([
      'chen',
      'it',
      'li',
      'sun',
      'wang',
      'zhao',
    ]);
    expect(ids(SCOPE('it', people, teams, '2024-07-01', 'teams'))).toEqual(['east', 'east-1', 'hq', 'west']);
  });

  it('reads the people and teams without headers, in the documented column order', () => {
    const bare = SCOPE('wang', people.slice(1), teams.slice(1), 45474); // 2024-07-01 as an Excel serial
    expect(ids(bare)).toEqual(['li', 'wang', 'zhao']);
  });

  it('rejects an unknown viewer, a bad role and a cyclic tree with a clear error', () => {
    const msg = (r: unknown) => {
      const cell = (r as unknown[][])[0]![0];
      expect(isSheetError(cell)).toBe(true);
      return (cell as { message: string }).message;
    };
    expect(msg(SCOPE('nobody', people, teams, '2024-07-01'))).toMatch(/"nobody" is not in people/);
    expect(msg(SCOPE('li', [...people, ['x', 'east', 'boss']], teams, '2024-07-01'))).toMatch(/role/);
    const cyclic = [
      ['Id', 'Parent', 'Manager'],
      ['a', 'b', 'wang'],
      ['b', 'a', ''],
    ];
    expect(msg(SCOPE('wang', [['wang', 'a', 'manager']], cyclic, '2024-07-01'))).toMatch(
      /team "a" is its own ancestor/,
    );
  });

  it('for a flat team, the union of every rep scope equals the manager scope without the manager (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 12 }),
        (reps) => {
          const names = reps.filter((r) => r !== 'boss');
          fc.pre(names.length > 0);
          const sheetPeople = [['boss', 't', 'manager'], ...names.map((r) => [r, 't', 'rep'])];
          const sheetTeams = [['t', '', 'boss']];
          const manager = ids([['Person'], ...SCOPE('boss', sheetPeople, sheetTeams, '2024-07-01').slice(1)]);
          const union = new Set<string>();
          for (const r of names) {
            const seen = ids(SCOPE(r, sheetPeople, sheetTeams, '2024-07-01'));
            expect(seen).toEqual([r]); // never widens past themselves
            for (const s of seen) union.add(String(s));
          }
          expect([...union].sort()).toEqual(manager.filter((id) => id !== 'boss'));
        },
      ),
    );
  });
});
