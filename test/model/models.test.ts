import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ACCOUNT_GRADES,
  ACTIVITY_TYPES,
  AccountSchema,
  type Activity,
  ActivitySchema,
  type ActivityType,
  type Deal,
  type DealInput,
  DealSchema,
  PaymentSchema,
  type Pipeline,
  PipelineSchema,
  REP_ROLES,
  RepSchema,
  STAGE_KINDS,
  StageChangeSchema,
  StageSchema,
  TeamSchema,
} from '../../src/model/index';
import { Money } from '../../src/money/index';

type Issue = { path: PropertyKey[]; message: string; params?: { code?: string } };
const issuesOf = (schema: { safeParse: (v: unknown) => { error?: { issues: unknown[] } } }, input: unknown) =>
  (schema.safeParse(input).error?.issues ?? []) as Issue[];

const stages = [
  { id: 'won', name: 'Won', order: 4, kind: 'won' },
  { id: 'lead', name: 'Lead acquisition', order: 0, kind: 'open', probability: 0.05 },
  {
    id: 'proposal',
    name: 'Proposal',
    order: 2,
    kind: 'open',
    probability: 0.5,
    slaDays: 21,
    rottingDays: 30,
  },
  { id: 'qualified', name: 'Needs confirmation', order: 1, kind: 'open', probability: 0.3 },
  { id: 'lost', name: 'Lost', order: 5, kind: 'lost' },
] as const;

const deal = {
  id: 'D-17',
  pipelineId: 'p1',
  ownerId: 'rep-1',
  amount: { amount: '120000.00', currency: 'CNY' },
  createdAt: '2024-03-01',
  stageId: 'proposal',
};

describe('StageSchema', () => {
  it('defaults the probability of won and lost stages, leaves open stages alone', () => {
    expect(StageSchema.parse({ id: 'won', name: 'Won', order: 6, kind: 'won' }).probability).toBe(1);
    expect(StageSchema.parse({ id: 'lost', name: 'Lost', order: 7, kind: 'lost' }).probability).toBe(0);
    expect(StageSchema.parse({ id: 'lead', name: 'Lead', order: 0, kind: 'open' })).toEqual({
      id: 'lead',
      name: 'Lead',
      order: 0,
      kind: 'open',
    });
    expect(
      StageSchema.parse({ id: 'won', name: 'Won', order: 6, kind: 'won', probability: 0.95 }).probability,
    ).toBe(0.95);
    expect(
      StageSchema.parse({ id: 'won', name: 'Won', order: 6, kind: 'won', probability: null }).probability,
    ).toBe(1);
  });

  it('coerces a numeric id and keeps SLA and rotting days', () => {
    const stage = StageSchema.parse({
      id: 3,
      name: 'Proposal',
      order: 2,
      kind: 'open',
      slaDays: 21,
      rottingDays: 30,
    });
    expect(stage).toEqual({
      id: '3',
      name: 'Proposal',
      order: 2,
      kind: 'open',
      slaDays: 21,
      rottingDays: 30,
    });
  });

  it('rejects bad orders, kinds, probabilities and day counts', () => {
    const base = { id: 's', name: 'S', order: 0, kind: 'open' };
    expect(issuesOf(StageSchema, { ...base, order: -1 })[0]?.path).toEqual(['order']);
    expect(issuesOf(StageSchema, { ...base, order: 1.5 })[0]?.path).toEqual(['order']);
    expect(issuesOf(StageSchema, { ...base, kind: 'closed' })[0]?.message).toMatch(
      /expected one of "open", "won", "lost", got "closed"/,
    );
    expect(issuesOf(StageSchema, { ...base, probability: 1.2 })[0]?.path).toEqual(['probability']);
    expect(issuesOf(StageSchema, { ...base, slaDays: 0 })[0]?.path).toEqual(['slaDays']);
    expect(issuesOf(StageSchema, { ...base, rottingDays: -3 })[0]?.path).toEqual(['rottingDays']);
  });

  it('lists the stage kinds', () => {
    expect(STAGE_KINDS).toEqual(['open', 'won', 'lost']);
  });
});

describe('PipelineSchema', () => {
  it('sorts stages by order and applies stage defaults', () => {
    const pipeline = PipelineSchema.parse({ id: 'p1', name: 'New business', currency: 'CNY', stages });
    expect(pipeline.stages.map((s) => s.id)).toEqual(['lead', 'qualified', 'proposal', 'won', 'lost']);
    expect(pipeline.stages.map((s) => s.probability)).toEqual([0.05, 0.3, 0.5, 1, 0]);
    expect(pipeline.currency).toBe('CNY');
    expectTypeOf(pipeline).toEqualTypeOf<Pipeline>();
  });

  it('does not reorder the caller’s array', () => {
    const input = { id: 'p1', name: 'New business', stages: [...stages] };
    PipelineSchema.parse(input);
    expect(input.stages.map((s) => s.id)).toEqual(['won', 'lead', 'proposal', 'qualified', 'lost']);
  });

  it('needs at least one stage', () => {
    expect(issuesOf(PipelineSchema, { id: 'p1', name: 'P', stages: [] })[0]?.message).toMatch(
      /at least one stage/,
    );
  });

  it('reports duplicate stage ids and orders, each at its place', () => {
    const issues = issuesOf(PipelineSchema, {
      id: 'p1',
      name: 'P',
      stages: [
        { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
        { id: 'lead', name: 'Lead again', order: 1, kind: 'open' },
        { id: 'won', name: 'Won', order: 1, kind: 'won' },
      ],
    });
    expect(issues.map((i) => [i.params?.code, i.path])).toEqual([
      ['DUPLICATE_ID', ['stages', 1, 'id']],
      ['INVALID_INPUT', ['stages', 2, 'order']],
    ]);
    expect(issues[0]?.message).toMatch(/stage id "lead" is used twice in pipeline "p1"/);
  });
});

describe('DealSchema', () => {
  it('parses ids, money and dates, drops unknown keys, keeps custom fields', () => {
    const parsed = DealSchema.parse({
      ...deal,
      id: 17,
      ownerId: 4711,
      expectedCloseDate: '2024-04-30',
      closedAt: null,
      teamId: null,
      custom: { industryCode: 'C13', vip: true },
      unknownColumn: 'dropped',
    });
    expect(parsed.id).toBe('17');
    expect(parsed.ownerId).toBe('4711');
    expect(parsed.amount).toBeInstanceOf(Money);
    expect(parsed.amount.toString()).toBe('120000.00 CNY');
    expect(parsed.createdAt.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(parsed.expectedCloseDate?.toISOString()).toBe('2024-04-30T00:00:00.000Z');
    expect(parsed.closedAt).toBeUndefined();
    expect(parsed.teamId).toBeUndefined();
    expect(parsed.custom).toEqual({ industryCode: 'C13', vip: true });
    expect('unknownColumn' in parsed).toBe(false);
    expectTypeOf(parsed).toEqualTypeOf<Deal>();
    expectTypeOf<DealInput['closedAt']>().toEqualTypeOf<string | Date | null | undefined>();
  });

  it('accepts a Money value and a Date', () => {
    const amount = Money.of('99.90', 'USD');
    const createdAt = new Date('2024-03-01T08:00:00Z');
    const parsed = DealSchema.parse({ ...deal, amount, createdAt });
    expect(parsed.amount.equals(amount)).toBe(true);
    expect(parsed.createdAt.getTime()).toBe(createdAt.getTime());
  });

  it('rejects negative amounts, bare-string amounts and closing before creation', () => {
    expect(issuesOf(DealSchema, { ...deal, amount: { amount: '-1', currency: 'CNY' } })[0]?.path).toEqual([
      'amount',
      'amount',
    ]);
    expect(issuesOf(DealSchema, { ...deal, amount: '5000' })[0]?.path).toEqual(['amount']);
    const closed = issuesOf(DealSchema, { ...deal, closedAt: '2024-02-01' })[0];
    expect(closed?.path).toEqual(['closedAt']);
    expect(closed?.message).toBe(
      'deal "D-17" is closed on 2024-02-01, before it was created on 2024-03-01; closedAt cannot be before createdAt',
    );
  });

  it('reports every missing field', () => {
    const paths = issuesOf(DealSchema, {}).map((i) => i.path.join('.'));
    expect(paths).toEqual(['id', 'pipelineId', 'ownerId', 'amount', 'createdAt', 'stageId']);
  });
});

describe('StageChangeSchema', () => {
  it('accepts null as the stage a deal came from when it entered the pipeline', () => {
    const change = StageChangeSchema.parse({
      dealId: 17,
      fromStageId: null,
      toStageId: 'lead',
      at: '2024-03-01',
    });
    expect(change).toEqual({
      dealId: '17',
      fromStageId: null,
      toStageId: 'lead',
      at: new Date('2024-03-01T00:00:00Z'),
    });
    const moved = StageChangeSchema.parse({
      dealId: 'D-1',
      fromStageId: 1,
      toStageId: 2,
      at: '2024-03-02T10:00:00+08:00',
      actorId: 'rep-1',
    });
    expect([moved.fromStageId, moved.toStageId, moved.actorId]).toEqual(['1', '2', 'rep-1']);
  });

  it('requires fromStageId (null is the explicit "entered the pipeline")', () => {
    expect(
      issuesOf(StageChangeSchema, { dealId: 'D-1', toStageId: 'lead', at: '2024-03-01' })[0]?.message,
    ).toMatch(/^is required .*null when it entered the pipeline/);
  });
});

describe('ActivitySchema', () => {
  it('parses an activity of each type', () => {
    expect(ACTIVITY_TYPES).toHaveLength(10);
    for (const type of ACTIVITY_TYPES) {
      const activity = ActivitySchema.parse({
        id: `A-${type}`,
        type,
        repId: 'rep-1',
        at: '2024-03-04T10:00:00+08:00',
      });
      expect(activity.type).toBe(type);
      expectTypeOf(activity).toEqualTypeOf<Activity>();
    }
    expectTypeOf<ActivityType>().toEqualTypeOf<(typeof ACTIVITY_TYPES)[number]>();
  });

  it('keeps optional details and custom fields', () => {
    const visit = ActivitySchema.parse({
      id: 9,
      type: 'visit',
      repId: 'rep-1',
      dealId: 17,
      accountId: 'acct-1',
      at: '2024-03-04',
      durationMinutes: 90,
      outcome: 'next meeting booked',
      quality: true,
      custom: { gps: [31.2, 121.5] },
    });
    expect(visit).toMatchObject({ id: '9', dealId: '17', durationMinutes: 90, quality: true });
    expect(visit.custom).toEqual({ gps: [31.2, 121.5] });
  });

  it('rejects unknown types and negative durations', () => {
    const base = { id: 'A-1', type: 'call', repId: 'rep-1', at: '2024-03-04' };
    expect(issuesOf(ActivitySchema, { ...base, type: 'lunch' })[0]?.message).toMatch(
      /expected one of "call"/,
    );
    expect(issuesOf(ActivitySchema, { ...base, durationMinutes: -5 })[0]?.path).toEqual(['durationMinutes']);
  });
});

describe('RepSchema and TeamSchema', () => {
  it('defaults the role to rep', () => {
    const rep = RepSchema.parse({ id: 'rep-1', name: 'Li Wei', teamId: 'east', hireDate: '2023-09-01' });
    expect(rep.role).toBe('rep');
    expect(rep.hireDate.toISOString()).toBe('2023-09-01T00:00:00.000Z');
    expect(REP_ROLES).toContain(RepSchema.parse({ ...rep, role: 'manager' }).role);
  });

  it('rejects an end date before the hire date', () => {
    const issues = issuesOf(RepSchema, {
      id: 'rep-1',
      name: 'Li Wei',
      teamId: 'east',
      hireDate: '2023-09-01',
      endDate: '2023-08-31',
    });
    expect(issues.map((i) => i.path)).toEqual([['endDate']]);
    expect(issues[0]?.message).toMatch(
      /"Li Wei" \(rep "rep-1"\) leaves on 2023-08-31, before being hired on 2023-09-01/,
    );
  });

  it('parses a team with or without a parent', () => {
    expect(TeamSchema.parse({ id: 1, name: 'Head office' })).toEqual({ id: '1', name: 'Head office' });
    expect(TeamSchema.parse({ id: 'east', name: 'East', parentId: 1, managerId: 'mgr-1' })).toEqual({
      id: 'east',
      name: 'East',
      parentId: '1',
      managerId: 'mgr-1',
    });
  });
});

describe('AccountSchema and PaymentSchema', () => {
  it('parses an account with a grade and custom fields', () => {
    expect(ACCOUNT_GRADES).toEqual(['A', 'B', 'C', 'D']);
    expect(AccountSchema.parse({ id: 9001, name: 'Huaxin', grade: 'A', custom: { taxId: 'X' } })).toEqual({
      id: '9001',
      name: 'Huaxin',
      grade: 'A',
      custom: { taxId: 'X' },
    });
    expect(issuesOf(AccountSchema, { id: 1, name: 'Huaxin', grade: 'E' })[0]?.path).toEqual(['grade']);
  });

  it('parses a payment and rejects a negative one', () => {
    const payment = PaymentSchema.parse({
      id: 'pay-1',
      dealId: 17,
      amount: { amount: 60000, currency: 'CNY' },
      at: '2024-05-10',
    });
    expect(payment.amount.toString()).toBe('60000.00 CNY');
    expect(payment.dealId).toBe('17');
    expect(
      issuesOf(PaymentSchema, {
        id: 'pay-1',
        dealId: 17,
        amount: { amount: -1, currency: 'CNY' },
        at: '2024-05-10',
      }).length,
    ).toBe(1);
  });
});
