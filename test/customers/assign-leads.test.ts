import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AssignLeadsInput, type AssignLeadsOptions, assignLeads, OpenSpmError } from '../../src/index';

const reps = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `rep-${i + 1}` }));
const leads = (n: number, extra: Record<string, string> = {}) =>
  Array.from({ length: n }, (_, i) => ({ id: `L-${i + 1}`, ...extra }));

describe('assignLeads: round-robin', () => {
  it('continues from the saved cursor in queue order and returns the new cursor', () => {
    const r = assignLeads({ leads: leads(4), reps: reps(3), cursor: 'rep-2' }, { asOf: '2024-12-02' });
    expect(r.assignments.map((a) => a.repId)).toEqual(['rep-3', 'rep-1', 'rep-2', 'rep-3']);
    expect(r.cursor).toBe('rep-3');
    expect(r.cursorFound).toBe(true);
    expect(r.loads.map((l) => [l.before, l.assigned, l.after])).toEqual([
      [0, 1, 1],
      [0, 1, 1],
      [0, 2, 2],
    ]);
    expect(r.fairness?.assigned).toMatchObject({
      max: 2,
      min: 1,
      ratio: 2,
      maxRepId: 'rep-3',
      minRepId: 'rep-1',
    });
    // The next batch picks up where this one stopped.
    const next = assignLeads({ leads: leads(1), reps: reps(3), cursor: r.cursor }, { asOf: '2024-12-02' });
    expect(next.assignments[0]?.repId).toBe('rep-1');
  });

  it('starts at the first rep when the cursor is unknown, and says so', () => {
    const r = assignLeads({ leads: leads(1), reps: reps(2), cursor: 'rep-9' }, { asOf: '2024-12-02' });
    expect(r.assignments[0]?.repId).toBe('rep-1');
    expect(r.cursorFound).toBe(false);
  });

  it('honours coverage, explicit rules (first match), inactive reps and daily caps', () => {
    const input: AssignLeadsInput = {
      leads: [
        { id: 'L-1', region: 'East', grade: 'A' },
        { id: 'L-2', region: 'East' },
        { id: 'L-3', region: 'West' },
        { id: 'L-4', region: 'East' },
      ],
      reps: [
        { id: 'kam', regions: ['East', 'West'] },
        { id: 'east-1', regions: ['East'], dailyCap: 1 },
        { id: 'west-1', regions: ['West'], active: false },
      ],
    };
    const r = assignLeads(input, {
      asOf: '2024-12-02',
      rules: [{ name: 'key accounts', when: { grade: ['A'] }, repIds: ['kam'] }],
    });
    expect(r.assignments.map((a) => a.repId)).toEqual(['kam', 'east-1', 'kam', 'kam']);
    expect(r.assignments[0]).toMatchObject({ rule: 'key accounts', status: 'assigned' });
    expect(r.assignments[0]?.reason).toContain('rule "key accounts"');
    expect(r.loads.find((l) => l.repId === 'east-1')?.assignedTodayAfter).toBe(1);
  });

  it("takes a lead's region and grade from its account when the lead lacks them", () => {
    const r = assignLeads(
      {
        leads: [
          { id: 'L-1', accountId: 'acct-1' },
          { id: 'L-2', accountId: 'acct-2', region: 'West' },
        ],
        reps: [{ id: 'kam' }, { id: 'east-1', regions: ['East'] }, { id: 'west-1', regions: ['West'] }],
        accounts: [
          { id: 'acct-1', name: 'Huaxin', grade: 'A', region: 'East' },
          { id: 'acct-2', name: 'Kunlun', grade: 'C', region: 'East' },
        ],
        cursor: 'kam',
      },
      { asOf: '2024-12-02', rules: [{ name: 'key accounts', when: { grade: ['A'] }, repIds: ['kam'] }] },
    );
    expect(r.assignments.map((a) => [a.repId, a.rule ?? null])).toEqual([
      ['kam', 'key accounts'],
      ['west-1', null],
    ]);
  });

  it('applies the overflow rule when nobody who covers a lead has room', () => {
    const input: AssignLeadsInput = {
      leads: leads(2, { region: 'North' }),
      reps: [
        { id: 'north-1', regions: ['North'], dailyCap: 3, assignedToday: 2 },
        { id: 'south-1', regions: ['South'] },
      ],
    };
    const leave = assignLeads(input, { asOf: '2024-12-02' });
    expect(leave.assignments[1]).toMatchObject({ repId: null, status: 'unassigned' });
    expect(leave.assignments[1]?.reason).toContain('daily cap');
    expect(leave.unassigned).toBe(1);
    const pool = assignLeads(input, { asOf: '2024-12-02', overflow: 'pool' });
    expect(pool.assignments[1]).toMatchObject({ repId: null, status: 'pooled' });
    expect(pool.pooled).toBe(1);
    const relax = assignLeads(input, { asOf: '2024-12-02', overflow: 'relax-rules' });
    expect(relax.assignments[1]).toMatchObject({ repId: 'south-1', status: 'overflow' });
    const none = assignLeads(
      { leads: leads(1, { region: 'Mars' }), reps: reps(1).map((r) => ({ ...r, regions: ['East'] })) },
      { asOf: '2024-12-02' },
    );
    expect(none.assignments[0]?.reason).toBe('no rep covers region Mars');
  });

  it('never mutates its input', () => {
    const input = { leads: leads(3), reps: reps(2), cursor: null };
    const copy = structuredClone(input);
    assignLeads(input, { asOf: '2024-12-02' });
    expect(input).toEqual(copy);
  });
});

describe('assignLeads: weighted', () => {
  it('fills by load over ramped capacity: a new hire gets fewer', () => {
    const r = assignLeads(
      {
        leads: leads(12),
        reps: [
          { id: 'veteran', capacity: 20, openLoad: 10, hireDate: '2020-01-01' },
          { id: 'new-hire', capacity: 20, openLoad: 0, hireDate: '2024-11-20' },
        ],
      },
      { asOf: '2024-12-02', policy: 'weighted' },
    );
    const [veteran, newHire] = r.loads;
    expect(newHire).toMatchObject({ rampFactor: 0.5, effectiveCapacity: 10, tenureDays: 12 });
    expect(veteran!.after + newHire!.after).toBe(22);
    // Utilisation ends level: 16/20 and 6/10 → at most one lead apart.
    expect(r.fairness?.utilisation?.ratio).toBeLessThan(1.35);
    expect(newHire!.assigned).toBeLessThan(veteran!.assigned + 6);
    expect(r.assignments[0]?.reason).toContain('weighted');
  });

  it('leaves leads unassigned once every rep is at capacity', () => {
    const r = assignLeads(
      { leads: leads(5), reps: [{ id: 'a', capacity: 3, openLoad: 1 }] },
      { asOf: '2024-12-02', policy: 'weighted' },
    );
    expect(r.assigned).toBe(2);
    expect(r.assignments[2]?.reason).toContain('ramped capacity');
  });

  it('needs a capacity for every active rep', () => {
    expect(() =>
      assignLeads({ leads: leads(1), reps: reps(1) }, { asOf: '2024-12-02', policy: 'weighted' }),
    ).toThrow(/needs each active rep's capacity/);
  });
});

describe('assignLeads: validation', () => {
  it('reports bad input with codes and paths', () => {
    const fail = (input: unknown, options: unknown) => {
      try {
        assignLeads(input as AssignLeadsInput, options as AssignLeadsOptions);
      } catch (e) {
        return e as OpenSpmError;
      }
      throw new Error('expected an error');
    };
    expect(fail({ leads: [], reps: [] }, { asOf: '2024-12-02' }).code).toBe('INVALID_INPUT');
    const dup = fail({ leads: [], reps: [{ id: 'a' }, { id: 'a' }] }, { asOf: '2024-12-02' });
    expect(dup).toBeInstanceOf(OpenSpmError);
    expect(dup.code).toBe('DUPLICATE_ID');
    const unknownRep = fail(
      { leads: [], reps: [{ id: 'a' }] },
      { asOf: '2024-12-02', rules: [{ name: 'x', when: {}, repIds: ['zz'] }] },
    );
    expect(unknownRep.code).toBe('UNKNOWN_REFERENCE');
    expect(unknownRep.path).toEqual(['options', 'rules', 0, 'repIds', 0]);
    expect(fail({ leads: [], reps: [{ id: 'a' }] }, { asOf: '2024-02-30' }).path).toEqual([
      'options',
      'asOf',
    ]);
  });
});

// Property tests required by the issue.
const repArb = fc.record({
  regions: fc.option(fc.subarray(['East', 'West', 'North']), { nil: undefined }),
  active: fc.boolean(),
  dailyCap: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
  assignedToday: fc.nat({ max: 3 }),
  openLoad: fc.nat({ max: 20 }),
  capacity: fc.integer({ min: 1, max: 25 }),
  hireDate: fc.constantFrom('2020-01-01', '2024-11-25', '2024-10-01'),
});
const leadArb = fc.record({
  region: fc.option(fc.constantFrom('East', 'West', 'North', 'South'), { nil: undefined }),
  grade: fc.option(fc.constantFrom('A', 'B', 'C'), { nil: undefined }),
});
const scenarioArb = fc.record({
  reps: fc.array(repArb, { minLength: 1, maxLength: 6 }),
  leads: fc.array(leadArb, { maxLength: 40 }),
  cursor: fc.nat({ max: 7 }),
  policy: fc.constantFrom('round-robin' as const, 'weighted' as const),
  overflow: fc.constantFrom('leave-unassigned' as const, 'relax-rules' as const, 'pool' as const),
  dailyCap: fc.option(fc.nat({ max: 6 }), { nil: undefined }),
  rule: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const input: AssignLeadsInput = {
    reps: s.reps.map((r, i) => ({ id: `rep-${i}`, ...r })),
    leads: s.leads.map((l, i) => ({ id: `L-${i}`, ...l })),
    cursor: `rep-${s.cursor}`,
  };
  const options: AssignLeadsOptions = {
    asOf: '2024-12-02',
    policy: s.policy,
    overflow: s.overflow,
    ...(s.dailyCap === undefined ? {} : { dailyCap: s.dailyCap }),
    ...(s.rule ? { rules: [{ name: 'A to rep-0', when: { grade: ['A'] }, repIds: ['rep-0'] }] } : {}),
  };
  return { input, options };
}

describe('assignLeads properties', () => {
  it('assigns every lead exactly once, or leaves it unassigned with a reason', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { input, options } = build(s);
        const r = assignLeads(input, options);
        expect(r.assignments.map((a) => a.leadId)).toEqual(input.leads.map((l) => String(l.id)));
        for (const a of r.assignments) {
          expect(a.reason.length).toBeGreaterThan(0);
          if (a.status === 'assigned' || a.status === 'overflow') expect(a.repId).not.toBeNull();
          else expect(a.repId).toBeNull();
        }
        const perRep = r.loads.reduce((n, l) => n + l.assigned, 0);
        expect(perRep).toBe(r.assigned);
        expect(r.assigned + r.pooled + r.unassigned).toBe(input.leads.length);
      }),
    );
  });

  it('never exceeds a daily cap (nor ramped capacity under the weighted policy), and is deterministic', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { input, options } = build(s);
        const r = assignLeads(input, options);
        for (const l of r.loads) {
          if (l.assigned === 0) continue;
          expect(l.active).toBe(true);
          if (l.dailyCap !== null) expect(l.assignedTodayAfter).toBeLessThanOrEqual(l.dailyCap);
          if (s.policy === 'weighted') expect(l.after).toBeLessThanOrEqual(l.effectiveCapacity!);
        }
        expect(assignLeads(input, options)).toEqual(r);
      }),
    );
  });

  it('plain round-robin over n leads and k reps gives batch loads differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.nat({ max: 60 }), fc.nat({ max: 12 }), (k, n, c) => {
        const r = assignLeads({ leads: leads(n), reps: reps(k), cursor: `rep-${c}` }, { asOf: '2024-12-02' });
        const counts = r.loads.map((l) => l.assigned);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        expect(r.unassigned).toBe(0);
      }),
    );
  });
});
