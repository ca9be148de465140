import { describe, expect, it } from 'vitest';
import {
  type FollowUpInput,
  fiscalCalendar,
  followUpPlan,
  followUpTimeliness,
  type OpenSpmError,
  parsePeriodKey,
} from '../../src/index';

// China's 2024 National Day: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
const calendar = fiscalCalendar({
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07'],
  workdays: ['2024-09-29', '2024-10-12'],
});

const pipelines = [
  {
    id: 'p1',
    name: 'New business',
    stages: [
      { id: 'proposal', name: 'Proposal', order: 0, kind: 'open' as const, probability: 0.5 },
      { id: 'negotiation', name: 'Negotiation', order: 1, kind: 'open' as const, probability: 0.7 },
      { id: 'won', name: 'Won', order: 2, kind: 'won' as const },
    ],
  },
];

const act = (id: string, at: string, target: { accountId?: string; dealId?: string }, repId = 'rep-1') => ({
  id,
  type: 'call' as const,
  repId,
  at,
  ...target,
});

function sample(): FollowUpInput {
  return {
    accounts: [
      { id: 'A', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' },
      { id: 'B', name: 'Kunlun', grade: 'B', ownerId: 'rep-1' },
      { id: 'C', name: 'Tianyu', ownerId: 'rep-1' },
      { id: 'D', name: 'Hengtai', grade: 'A', ownerId: 'rep-2' },
      { id: 'E', name: 'Orphan', grade: 'A' },
      { id: 'F', name: 'Xinghe', grade: 'A', ownerId: 'rep-1' },
    ],
    pipelines,
    deals: [
      {
        id: 'D1',
        pipelineId: 'p1',
        ownerId: 'rep-1',
        accountId: 'A',
        stageId: 'negotiation',
        amount: { amount: '300000', currency: 'CNY' },
        createdAt: '2024-09-20',
      },
      {
        id: 'D2',
        pipelineId: 'p1',
        ownerId: 'rep-1',
        accountId: 'B',
        stageId: 'won',
        amount: { amount: '80000', currency: 'CNY' },
        createdAt: '2024-09-01',
        closedAt: '2024-09-15',
      },
    ],
    activities: [
      act('x1', '2024-09-27T10:00:00+08:00', { accountId: 'A' }),
      act('x2', '2024-09-26', { dealId: 'D1' }),
      act('x3', '2024-09-10', { accountId: 'B' }),
      act('x4', '2024-10-02', { accountId: 'F' }),
      act('x5', '2024-10-01', { accountId: 'D' }, 'rep-2'),
      act('x6', '2024-10-09', { accountId: 'A' }), // after asOf: not seen
    ],
  };
}

describe('followUpPlan', () => {
  it("lists this week's follow-ups per rep with who, why and how overdue, by priority", () => {
    const plan = followUpPlan(sample(), {
      asOf: '2024-10-08',
      calendar,
      cadence: { stages: { negotiation: 3 } },
    });
    expect(plan.horizon).toEqual({ kind: 'week', start: '2024-10-08', end: '2024-10-14' });
    expect(plan.unowned).toBe(1);
    expect(plan.reps.map((r) => r.repId)).toEqual(['rep-1', 'rep-2']);
    const rep1 = plan.reps[0]!;
    expect(
      rep1.items.map((i) => [
        i.priority,
        i.kind,
        i.dealId ?? i.accountId,
        i.status,
        i.dueDate,
        i.overdueWorkingDays,
      ]),
    ).toEqual([
      [1, 'deal', 'D1', 'overdue', '2024-09-29', 2],
      [2, 'account', 'B', 'overdue', '2024-09-24', 6],
      [3, 'account', 'A', 'due', '2024-10-08', 0],
      [4, 'account', 'C', 'due', '2024-10-08', 0],
      [5, 'account', 'F', 'upcoming', '2024-10-09', 0],
    ]);
    expect(rep1).toMatchObject({ overdue: 2, due: 2, upcoming: 1 });
    const d1 = rep1.items[0]!;
    expect(d1).toMatchObject({
      cadenceDays: 3,
      cadenceSource: 'stage',
      grade: 'A',
      lastContact: '2024-09-26',
      stageId: 'negotiation',
    });
    expect(d1.reason).toBe(
      'deal D1 in stage negotiation (A customer): last contact 2024-09-26 (call), stage negotiation cadence every 3 days → due 2024-09-29; 2 working days overdue',
    );
    // 2024-09-27 + 7 = 4 October, a holiday: due on the next working day.
    expect(rep1.items[2]?.reason).toContain('due 2024-10-08; due today');
    expect(rep1.items[3]).toMatchObject({ grade: null, cadenceSource: 'ungraded', lastContact: null });
    expect(rep1.items[3]?.reason).toContain('never contacted');
  });

  it('narrows to one day, to some reps, to accounts, and takes grades from a grading', () => {
    const day = followUpPlan(sample(), { asOf: '2024-10-08', calendar, horizon: 'day', repIds: ['rep-1'] });
    expect(day.reps.map((r) => r.repId)).toEqual(['rep-1']);
    expect(day.reps[0]!.items.every((i) => i.status !== 'upcoming')).toBe(true);
    const regraded = followUpPlan(sample(), {
      asOf: '2024-10-08',
      calendar,
      include: ['accounts'],
      grades: { B: 'D' },
      repIds: ['rep-1'],
    });
    const b = regraded.reps[0]!.items.find((i) => i.accountId === 'B');
    expect(b).toBeUndefined(); // D: every 60 days from 10 September → due in November
  });

  it('rejects bad options with paths', () => {
    const fail = (options: unknown) => {
      try {
        followUpPlan(sample(), options as never);
      } catch (e) {
        return e as OpenSpmError;
      }
      throw new Error('expected an error');
    };
    expect(fail({ asOf: '2024-10-08', cadence: { grades: { A: 0 } } }).path).toEqual([
      'options',
      'cadence',
      'grades',
      'A',
    ]);
    expect(fail({ asOf: 'tomorrow' }).code).toBe('INVALID_INPUT');
  });

  it('never mutates its input', () => {
    const input = sample();
    const copy = structuredClone(input);
    followUpPlan(input, { asOf: '2024-10-08', calendar });
    expect(input).toEqual(copy);
  });
});

describe('followUpTimeliness', () => {
  const input = (): FollowUpInput => ({
    accounts: [
      { id: 'A', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' },
      { id: 'C', name: 'Tianyu', grade: 'C', ownerId: 'rep-1' },
      { id: 'Z', name: 'Quiet', grade: 'D', ownerId: 'rep-2' },
    ],
    pipelines,
    deals: [
      {
        id: 'D2',
        pipelineId: 'p1',
        ownerId: 'rep-1',
        accountId: 'C',
        stageId: 'won',
        amount: { amount: '1000', currency: 'CNY' },
        createdAt: '2024-10-01',
        closedAt: '2024-10-05',
      },
    ],
    activities: [
      act('a0', '2024-09-27', { accountId: 'A' }),
      act('a1', '2024-10-08', { accountId: 'A' }),
      act('a2', '2024-10-14', { accountId: 'A' }),
      act('a3', '2024-10-25', { accountId: 'A' }),
      act('c1', '2024-09-10', { accountId: 'C' }),
      act('z1', '2024-10-01', { accountId: 'Z' }, 'rep-2'),
    ],
  });

  it('counts follow-ups due in the period done by their due date', () => {
    const r = followUpTimeliness(input(), {
      asOf: '2024-10-31',
      period: parsePeriodKey('2024-10'),
      calendar,
      includeWindows: true,
    });
    expect(r.reps[0]).toEqual({
      repId: 'rep-1',
      due: 4,
      onTime: 2,
      late: 1,
      missed: 1,
      pending: 0,
      rate: 0.5,
    });
    expect(r.reps[1]).toEqual({
      repId: 'rep-2',
      due: 0,
      onTime: 0,
      late: 0,
      missed: 0,
      pending: 0,
      rate: null,
      reason: 'no follow-up fell due in 2024-10',
    });
    expect(r.total).toMatchObject({ repId: '*', due: 4, onTime: 2, rate: 0.5 });
    expect(r.windows?.map((w) => [w.id, w.contact, w.dueDate, w.nextContact, w.outcome])).toEqual([
      ['A', '2024-09-27', '2024-10-08', '2024-10-08', 'on-time'],
      ['A', '2024-10-08', '2024-10-15', '2024-10-14', 'on-time'],
      ['A', '2024-10-14', '2024-10-21', '2024-10-25', 'late'],
      ['C', '2024-09-10', '2024-10-10', null, 'missed'],
    ]);
  });

  it('leaves windows not yet due on asOf out of the rate, as pending', () => {
    const r = followUpTimeliness(input(), {
      asOf: '2024-10-18',
      period: parsePeriodKey('2024-10'),
      calendar,
    });
    expect(r.reps[0]).toEqual({
      repId: 'rep-1',
      due: 3,
      onTime: 2,
      late: 0,
      missed: 1,
      pending: 1,
      rate: 0.6667,
    });
    expect(r.windows).toBeUndefined();
  });
});
