// The data the adapter conformance suite writes and expects back. Private to openspm/testing.
import type { LoadInput, ResultInput, TargetInput } from '../storage/index';

export const PIPELINE = {
  id: 'P1',
  name: '新业务 Pipeline ✨',
  currency: 'CNY',
  stages: [
    { id: 'lead', name: '线索', order: 0, kind: 'open', probability: 0.1, slaDays: 7 },
    { id: 'proposal', name: 'Proposal «方案»', order: 1, kind: 'open', probability: 0.5, rottingDays: 14.5 },
    { id: 'won', name: 'Won 🎉', order: 2, kind: 'won' },
    { id: 'lost', name: 'Lost', order: 3, kind: 'lost' },
  ],
} as const;

/** Amounts that trip up floats, drivers and column types. */
export const AMOUNTS = [
  '0',
  '0.01',
  '123456789012345678901234567890.12',
  '0.123456789012345678',
  '99999999999999.99',
  '1e-7',
] as const;

/** Instants written with offsets and milliseconds: each must come back as the same instant. */
export const INSTANTS = [
  '2024-03-10T23:30:00.123+08:00',
  '2024-03-10T10:30:00-05:00',
  '2024-03-31T01:59:59.999Z',
  '1999-12-31T23:59:59.999-12:00',
  '2038-01-19T03:14:08.001+14:00',
] as const;

export function crmFixture(): LoadInput {
  const deals = AMOUNTS.map((amount, i) => ({
    id: `D-${i}`,
    pipelineId: 'P1',
    ownerId: i % 2 ? 'R-1' : 'R-2',
    teamId: i % 2 ? 'T-1' : undefined,
    accountId: i === 0 ? 'A-1' : undefined,
    source: i === 1 ? 'référence' : undefined,
    product: i === 2 ? 'Платформа' : undefined,
    amount: { amount, currency: 'CNY' },
    createdAt: INSTANTS[i % INSTANTS.length],
    expectedCloseDate: i === 3 ? '2024-06-30' : undefined,
    stageId: i === 4 ? 'won' : i === 5 ? 'lost' : 'proposal',
    closedAt: i === 4 || i === 5 ? '2040-01-01T00:00:00Z' : undefined,
    lostReason: i === 5 ? 'price / 价格' : undefined,
    custom:
      i === 0
        ? { region: '华东', tags: ['a', 'b'], score: 0.5, nested: { ok: true, none: null } }
        : undefined,
  }));
  return {
    pipelines: [PIPELINE],
    deals,
    stageChanges: [
      { dealId: 'D-0', fromStageId: null, toStageId: 'lead', at: INSTANTS[0], actorId: 'R-2' },
      { dealId: 'D-0', fromStageId: 'lead', toStageId: 'proposal', at: '2024-03-11T08:00:00.5Z' },
      { dealId: 'D-4', fromStageId: null, toStageId: 'won', at: INSTANTS[4] },
    ],
    activities: INSTANTS.map((at, i) => ({
      id: `ACT-${i}`,
      type: (['call', 'visit', 'meeting', 'email', 'demo'] as const)[i],
      repId: 'R-1',
      dealId: i === 0 ? 'D-0' : undefined,
      accountId: i === 1 ? 'A-1' : undefined,
      at,
      durationMinutes: i === 2 ? 12.5 : i === 3 ? 0 : undefined,
      outcome: i === 4 ? 'Rappel demandé — 回电' : undefined,
      quality: i === 0 ? true : i === 1 ? false : undefined,
      custom: i === 2 ? { channel: 'WeChat 微信' } : undefined,
    })),
    payments: AMOUNTS.slice(0, 4).map((amount, i) => ({
      id: `PAY-${i}`,
      dealId: 'D-4',
      amount: { amount, currency: 'CNY' },
      at: INSTANTS[i],
    })),
    accounts: [
      {
        id: 'A-1',
        name: '上海某某科技有限公司',
        grade: 'A',
        ownerId: 'R-1',
        region: '华东',
        industry: 'SaaS',
      },
      { id: 'A-2', name: 'Ünïcödé GmbH' },
    ],
    reps: [
      { id: 'R-1', name: '张伟', teamId: 'T-1', hireDate: '2020-02-29', role: 'rep' },
      {
        id: 'R-2',
        name: 'José Álvarez',
        teamId: 'T-1',
        hireDate: '2021-01-04',
        endDate: '2024-08-31',
        role: 'manager',
      },
    ],
    teams: [
      { id: 'T-0', name: 'Head office 总部' },
      { id: 'T-1', name: 'East 华东', parentId: 'T-0', managerId: 'R-2' },
    ],
  };
}

export function targetFixture(id: string, amount = '3000000.00'): TargetInput {
  return {
    id,
    period: { kind: 'quarter', key: 'FY2024-Q3', start: '2024-07-01', end: '2024-10-01' },
    scope: { type: 'team', id: 'T-1' },
    metric: 'won-amount',
    amount: { amount, currency: 'CNY' },
    details: { note: 'Q3 «stretch» 目标', weights: [1, 2] },
  };
}

export function resultFixture(kind: string, key: string, periodKey: string, value: string): ResultInput {
  return {
    kind,
    key,
    periodKey,
    subjectId: 'R-1',
    amount: { amount: value, currency: 'CNY' },
    payload: { value, explain: { numerator: value, denominator: '3', ratio: null, reason: 'demo' } },
  };
}

/** Text that breaks naive SQL, escaping, encodings and collations. */
export const HOSTILE = [
  "O'Brien",
  'say "hi"',
  'back\\slash \\\\ \\n',
  "'; DROP TABLE deals; --",
  "1' OR '1'='1",
  '%_ wildcards _%',
  '? $1 :name @p0',
  'line\nbreak\r\nand\ttab',
  '😀 emoji 👩‍👩‍👧‍👦 family',
  'zero\u200bwidth\u200djoiner',
  'عربي RTL',
  'e\u0301 combining',
  '  padded  ',
  'CaseSensitive',
  'casesensitive',
  'trailing ',
  'trailing',
  `${'long '.repeat(2000)}end`,
] as const;

export const NUL_TEXT = 'nul\u0000inside';
