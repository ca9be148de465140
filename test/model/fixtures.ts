import { formatPath, OpenSpmError } from '../../src/errors';

/** A small, valid CRM snapshot in JSON form; a new copy on every call so tests can break it freely. */
export function validInput() {
  return {
    currency: 'CNY',
    pipelines: [
      {
        id: 'p1',
        name: 'New business',
        stages: [
          { id: 'lead', name: 'Lead acquisition', order: 0, kind: 'open', probability: 0.1 },
          { id: 'qualified', name: 'Needs confirmation', order: 1, kind: 'open', probability: 0.3 },
          { id: 'proposal', name: 'Proposal', order: 2, kind: 'open', probability: 0.5 },
          { id: 'won', name: 'Won', order: 3, kind: 'won' },
          { id: 'lost', name: 'Lost', order: 4, kind: 'lost' },
        ],
      },
    ],
    deals: [
      {
        id: 'D-1',
        pipelineId: 'p1',
        ownerId: 'rep-1',
        teamId: 'east',
        accountId: 'acct-1',
        amount: { amount: '120000.00', currency: 'CNY' },
        createdAt: '2024-03-01T09:00:00+08:00',
        stageId: 'won',
        closedAt: '2024-04-15',
      },
      {
        id: 'D-2',
        pipelineId: 'p1',
        ownerId: 'rep-2',
        teamId: 'west',
        amount: { amount: '36000', currency: 'CNY' },
        createdAt: '2024-03-05',
        stageId: 'proposal',
      },
    ],
    stageChanges: [
      { dealId: 'D-1', fromStageId: null, toStageId: 'lead', at: '2024-03-01T09:00:00+08:00' },
      { dealId: 'D-2', fromStageId: null, toStageId: 'lead', at: '2024-03-05' },
      { dealId: 'D-1', fromStageId: 'lead', toStageId: 'qualified', at: '2024-03-08' },
      { dealId: 'D-1', fromStageId: 'qualified', toStageId: 'proposal', at: '2024-03-20' },
      { dealId: 'D-2', fromStageId: 'lead', toStageId: 'proposal', at: '2024-03-21' },
      { dealId: 'D-1', fromStageId: 'proposal', toStageId: 'won', at: '2024-04-15' },
    ],
    activities: [
      {
        id: 'A-1',
        type: 'visit',
        repId: 'rep-1',
        dealId: 'D-1',
        accountId: 'acct-1',
        at: '2024-03-04',
        quality: true,
      },
      {
        id: 'A-2',
        type: 'call',
        repId: 'rep-2',
        dealId: 'D-2',
        at: '2024-03-06T10:00:00Z',
        durationMinutes: 12,
      },
    ],
    reps: [
      { id: 'mgr-1', name: 'Wang Fang', teamId: 'hq', hireDate: '2019-05-01', role: 'director' },
      { id: 'rep-1', name: 'Li Wei', teamId: 'east', hireDate: '2022-01-10' },
      { id: 'rep-2', name: 'Zhang Min', teamId: 'west', hireDate: '2024-02-01' },
    ],
    teams: [
      { id: 'hq', name: 'Head office', managerId: 'mgr-1' },
      { id: 'east', name: 'East region', parentId: 'hq' },
      { id: 'west', name: 'West region', parentId: 'hq' },
    ],
    accounts: [{ id: 'acct-1', name: 'Huaxin Technology', grade: 'A', ownerId: 'rep-1' }],
    payments: [
      { id: 'pay-1', dealId: 'D-1', amount: { amount: '60000', currency: 'CNY' }, at: '2024-05-10' },
      { id: 'pay-2', dealId: 'D-1', amount: { amount: '60000', currency: 'CNY' }, at: '2024-06-10' },
    ],
  };
}

/** Runs `f`, which must throw an OpenSpmError, and returns it. */
export function errorOf(f: () => unknown): OpenSpmError {
  try {
    f();
  } catch (e) {
    if (e instanceof OpenSpmError) return e;
    throw e;
  }
  throw new Error('expected an OpenSpmError');
}

/** `code path` of each issue, e.g. `UNKNOWN_REFERENCE deals[3].stageId`: easy to compare and to read. */
export function summary(error: OpenSpmError): string[] {
  return error.issues.map((i) => `${i.code} ${formatPath(i.path)}`);
}
