import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../../src/index';
import { activity, dataset, deal } from './fixtures';
import { runRule } from './helpers';

const every = (
  account: string,
  step: number,
  from: number,
  to: number,
  extra: Partial<ActivityInput> = {},
) => {
  const out: ActivityInput[] = [];
  for (let d = from; d >= to; d -= step)
    out.push(activity(`${account}-${d}`, d, { accountId: account, ...extra }));
  return out;
};

describe('followUpOverdue', () => {
  const data = dataset([deal('D-1', [['lead', 30]], { accountId: 'acct-d' })], {
    accounts: [
      { id: 'acct-7', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' },
      { id: 'acct-8', name: 'Tianrun', grade: 'A', ownerId: 'rep-1' },
      { id: 'acct-d', name: 'Jinhai', grade: 'B', ownerId: 'rep-1' },
      { id: 'acct-none', name: 'Boda' },
      { id: 'acct-never', name: 'Hengtai', grade: 'C' },
    ],
    activities: [
      activity('a1', 7, { accountId: 'acct-7' }),
      activity('a2', 8, { accountId: 'acct-8' }),
      activity('a3', 15, { dealId: 'D-1' }), // on a deal of acct-d: counts for the account
      activity('a4', 99, { accountId: 'acct-none' }),
    ],
  });

  it('warns once the grade cadence has passed, not on the due day', () => {
    const r = runRule(data, 'followUpOverdue');
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.value, w.evidence.threshold])).toEqual([
      ['acct-8', 8, 7],
      ['acct-d', 15, 14],
    ]);
    expect(r.warnings[0]!.message.en).toBe(
      'Follow-up with Tianrun (grade A) was due on 2024-06-29: 8 days since the last contact, cadence 7 days',
    );
  });

  it('uses configured cadences and explains the accounts it could not judge', () => {
    const r = runRule(data, 'followUpOverdue', {}, { cadenceDays: { A: 8, B: 20 } });
    expect(r.warnings).toEqual([]);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['INPUT_MISSING', 'NOT_APPLICABLE']);
  });

  it('counts only the follow-up types asked for', () => {
    const r = runRule(data, 'followUpOverdue', {}, { followUpTypes: ['visit'] });
    expect(r.warnings).toEqual([]);
  });
});

describe('followUpTimeliness', () => {
  const data = dataset([], {
    accounts: [
      { id: 'acct-1', name: 'Huaxin', grade: 'A', ownerId: 'rep-1' },
      { id: 'acct-2', name: 'Tianrun', grade: 'A', ownerId: 'rep-2' },
    ],
    activities: [...every('acct-1', 7, 98, 0), ...every('acct-2', 10, 100, 0, { repId: 'rep-2' })],
  });

  it('counts a follow-up on its due date as on time; warns below minRate', () => {
    const r = runRule(data, 'followUpTimeliness', { minSample: 9 });
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.value, w.evidence.sampleSize])).toEqual([
      ['rep-2', 0, 9],
    ]);
    expect(r.warnings[0]!.evidence.details).toMatchObject({ onTime: 0, due: 9 });
  });

  it('does not judge a rep below the minimum sample, and says so', () => {
    const r = runRule(data, 'followUpTimeliness', { minSample: 10 });
    expect(r.warnings).toEqual([]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'SAMPLE_TOO_SMALL', subject: 'rep-2', sampleSize: 9, minSample: 10 }),
    );
  });

  it('does not warn at exactly the minimum rate', () => {
    expect(runRule(data, 'followUpTimeliness', { minSample: 9, minRate: 0 }).warnings).toEqual([]);
  });
});

describe('churnRisk', () => {
  const data = dataset([], {
    accounts: [
      { id: 'acct-c', name: 'Huaxin', grade: 'C' },
      { id: 'acct-own', name: 'Tianrun' },
      { id: 'acct-few', name: 'Jinhai' },
      { id: 'acct-fast', name: 'Boda' },
    ],
    activities: [
      ...every('acct-c', 10, 200, 100),
      ...every('acct-own', 10, 100, 20),
      ...every('acct-few', 10, 120, 100),
      ...every('acct-fast', 10, 101, 21),
    ],
  });

  it('uses 2 × the account’s own median gap, never below its grade cadence; boundary not warned', () => {
    const r = runRule(data, 'churnRisk');
    expect(
      r.warnings.map((w) => [
        w.subject.id,
        w.evidence.value,
        w.evidence.threshold,
        w.evidence.thresholdSource,
      ]),
    ).toEqual([
      ['acct-c', 100, 30, 'grade cadence'],
      ['acct-fast', 21, 20, 'learned'],
    ]);
  });

  it('does not guess without enough gaps or a grade', () => {
    const r = runRule(data, 'churnRisk');
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'SAMPLE_TOO_SMALL', rule: 'churnRisk' }),
    );
    expect(runRule(data, 'churnRisk', { gapMultiple: 3 }).warnings.map((w) => w.subject.id)).toEqual([
      'acct-c',
    ]);
  });
});
