import { describe, expect, expectTypeOf, it } from 'vitest';
import { ErrorCode, OpenSpmError } from '../../src/errors';
import { type Dataset, validateDataset } from '../../src/model/index';
import { Money } from '../../src/money/index';
import { generateSampleData } from '../../src/testing/index';
import { errorOf, summary, validInput } from './fixtures';

describe('validateDataset: a valid dataset', () => {
  it('returns it parsed: ids as text, dates, money, sorted stages, defaults, the currency', () => {
    const input = validInput();
    input.pipelines[0]!.stages.reverse();
    const data = validateDataset(input);
    expectTypeOf(data).toEqualTypeOf<Dataset>();
    expect(data.currency).toBe('CNY');
    expect(data.pipelines[0]!.stages.map((s) => s.id)).toEqual([
      'lead',
      'qualified',
      'proposal',
      'won',
      'lost',
    ]);
    expect(data.pipelines[0]!.stages[3]!.probability).toBe(1);
    expect(data.deals[0]!.amount).toBeInstanceOf(Money);
    expect(data.deals[0]!.createdAt.toISOString()).toBe('2024-03-01T01:00:00.000Z');
    expect(data.reps.map((r) => r.role)).toEqual(['director', 'rep', 'rep']);
    expect(data.stageChanges).toHaveLength(6);
    expect(data.payments[1]!.amount.toString()).toBe('60000.00 CNY');
  });

  it('defaults the optional collections to [] and takes the currency of the first deal', () => {
    const { pipelines, deals } = validInput();
    const data = validateDataset({ pipelines, deals });
    expect(data.currency).toBe('CNY');
    expect([data.stageChanges, data.activities, data.reps, data.teams, data.accounts, data.payments]).toEqual(
      [[], [], [], [], [], []],
    );
  });

  it('does not mutate its input', () => {
    const input = validInput();
    input.pipelines[0]!.stages.reverse();
    const before = structuredClone(input);
    validateDataset(input);
    expect(input).toEqual(before);
  });

  it('accepts its own output again (round trip), and numeric ids referring to text ids', () => {
    const data = validateDataset(validInput());
    expect(validateDataset(data)).toEqual(data);
    const input = validInput();
    input.deals[0]!.id = 1001 as unknown as string;
    for (const change of input.stageChanges) if (change.dealId === 'D-1') change.dealId = '1001';
    for (const payment of input.payments) payment.dealId = 1001 as unknown as string;
    input.activities[0]!.dealId = '1001';
    expect(validateDataset(input).deals[0]!.id).toBe('1001');
  });

  it('validates the sample data of openspm/testing', () => {
    const sample = generateSampleData({ seed: 7, deals: 400 });
    expect(validateDataset(sample).deals).toHaveLength(400);
    // …and its JSON form, as a CRM in another language would send it.
    expect(validateDataset(JSON.parse(JSON.stringify(sample))).deals).toHaveLength(400);
  });

  it('handles 50,000 deals and 250,000 stage changes in linear time', () => {
    const stages = ['lead', 'qualified', 'proposal', 'negotiation', 'won'];
    const deals = [];
    const stageChanges = [];
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 50_000; i++) {
      const t = start + i * 60_000;
      deals.push({
        id: i,
        pipelineId: 'p1',
        ownerId: `rep-${i % 40}`,
        amount: { amount: '1000.00', currency: 'CNY' },
        createdAt: new Date(t).toISOString(),
        stageId: 'won',
      });
      let from: string | null = null;
      for (let k = 0; k < stages.length; k++) {
        stageChanges.push({
          dealId: i,
          fromStageId: from,
          toStageId: stages[k]!,
          at: new Date(t + k * 86_400_000),
        });
        from = stages[k]!;
      }
    }
    const pipelines = [
      {
        id: 'p1',
        name: 'P',
        stages: stages.map((id, order) => ({ id, name: id, order, kind: id === 'won' ? 'won' : 'open' })),
      },
    ];
    const began = performance.now();
    const data = validateDataset({ pipelines, deals, stageChanges });
    expect(data.stageChanges).toHaveLength(250_000);
    expect(performance.now() - began).toBeLessThan(15_000); // a quadratic check would take minutes
  });
});

describe('validateDataset: every problem at once', () => {
  it('reports wrong types, unknown references, history out of order, negative amounts, mixed currencies, duplicates and a team cycle', () => {
    const input = validInput();
    const d = input.deals as Record<string, unknown>[];
    // Wrong types and bad values.
    d[0]!.createdAt = 'yesterday';
    d[1]!.amount = { amount: '-500', currency: 'CNY' };
    (input.activities[1] as Record<string, unknown>).type = 'lunch';
    // Unknown references.
    input.deals.push({
      id: 'D-3',
      pipelineId: 'p1',
      ownerId: 'rep-9',
      teamId: 'east',
      amount: { amount: '1000', currency: 'USD' },
      createdAt: '2024-03-10',
      stageId: 's9',
    } as (typeof input.deals)[number]);
    input.deals.push({
      id: 'D-4',
      pipelineId: 'p2',
      ownerId: 'rep-1',
      amount: { amount: '1000', currency: 'CNY' },
      createdAt: '2024-03-10',
      stageId: 'lead',
    } as (typeof input.deals)[number]);
    input.payments.push({
      id: 'pay-3',
      dealId: 'D-404',
      amount: { amount: '1', currency: 'CNY' },
      at: '2024-05-01',
    });
    // Stage history out of order: D-2 goes back in time.
    input.stageChanges.push({ dealId: 'D-2', fromStageId: 'proposal', toStageId: 'lost', at: '2024-03-10' });
    // Duplicate ids.
    input.activities.push({
      id: 'A-1',
      type: 'call',
      repId: 'rep-2',
      at: '2024-03-07',
    } as (typeof input.activities)[number]);
    // A team cycle: hq → west → hq.
    (input.teams[0] as Record<string, unknown>).parentId = 'west';
    // A payment in another currency than its deal.
    input.payments[1]!.amount = { amount: '10', currency: 'USD' };

    const before = structuredClone(input);
    const error = errorOf(() => validateDataset(input));
    expect(input).toEqual(before);
    expect(error).toBeInstanceOf(OpenSpmError);
    expect(error.code).toBe(ErrorCode.INVALID_DATASET);
    expect(summary(error)).toEqual([
      'INVALID_DATE deals[0].createdAt',
      'INVALID_INPUT deals[1].amount.amount',
      'UNKNOWN_REFERENCE deals[2].stageId',
      'UNKNOWN_REFERENCE deals[2].ownerId',
      'CURRENCY_MISMATCH deals[2].amount.currency',
      'UNKNOWN_REFERENCE deals[3].pipelineId',
      'STAGE_HISTORY_ORDER stageChanges[6].at',
      'INVALID_INPUT activities[1].type',
      'DUPLICATE_ID activities[2].id',
      'HIERARCHY_CYCLE teams[0].parentId',
      'CURRENCY_MISMATCH payments[1].amount.currency',
      'UNKNOWN_REFERENCE payments[2].dealId',
    ]);
    expect(error.path).toEqual(['deals', 0, 'createdAt']);
    expect(error.message).toMatch(/^Invalid dataset: 12 problems found\n {2}- deals\[0\]\.createdAt: /);

    const messages = error.issues.map((i) => i.message);
    expect(messages).toEqual([
      'deals[0].createdAt: expected an ISO 8601 date such as "2024-03-15" or a date-time such as "2024-03-15T09:30:00Z" (or a Date), got "yesterday" (deal "D-1")',
      'deals[1].amount.amount: amount must not be negative, got -500.00 CNY (deal "D-2")',
      'deals[2].stageId: stage "s9" of deal "D-3" is not a stage of pipeline "p1" (its stages: lead, qualified, proposal, won, lost)',
      'deals[2].ownerId: deal "D-3" is owned by "rep-9", who is not in reps',
      'deals[2].amount.currency: deal "D-3" is in USD, but all amounts must be in CNY (the dataset currency)',
      'deals[3].pipelineId: deal "D-4" is in pipeline "p2", which is not in pipelines (known: p1)',
      'stageChanges[6].at: stage change of deal "D-2" at 2024-03-10 is earlier than the change before it (stageChanges[4] at 2024-03-21); list each deal\'s stage changes in time order',
      'activities[1].type: expected one of "call", "visit", "meeting", "email", "demo", "proposal", "quote", "follow_up", "training", "other", got "lunch" (activity "A-2")',
      'activities[2].id: activity id "A-1" is used again; activities[0] already has it (ids must be unique within activities)',
      'teams[0].parentId: team "hq" is its own ancestor: "hq" → "west" → "hq" (following parentId); a chain of parent teams must end at a top-level team',
      // Deal D-1 is invalid (its createdAt), so the payment is compared with the dataset currency.
      'payments[1].amount.currency: payment "pay-2" is in USD, but all amounts must be in CNY (the dataset currency)',
      'payments[2].dealId: payment "pay-3" is for deal "D-404", which is not in deals',
    ]);
  });

  it('does not report references to a record that is itself invalid as unknown', () => {
    const input = validInput();
    (input.deals[0] as Record<string, unknown>).amount = 'a lot';
    const error = errorOf(() => validateDataset(input));
    // Only the bad amount: D-1's stage changes, activity and payments still find their deal.
    expect(summary(error)).toEqual(['INVALID_INPUT deals[0].amount']);
  });

  it('reports a duplicate id even when one of the two records is invalid', () => {
    const input = validInput();
    input.deals.push({ ...input.deals[1]!, amount: { amount: '-1', currency: 'CNY' } });
    expect(summary(errorOf(() => validateDataset(input)))).toEqual([
      'INVALID_INPUT deals[2].amount.amount',
      'DUPLICATE_ID deals[2].id',
    ]);
  });

  it('reports every kind of unknown reference, each at its field', () => {
    const input = validInput();
    input.deals[0]!.teamId = 'north';
    input.deals[0]!.accountId = 'acct-9';
    input.stageChanges[0]!.dealId = 'D-9';
    input.stageChanges[2]!.toStageId = 'demo';
    input.stageChanges[3]!.fromStageId = 'demo';
    input.activities[0]!.repId = 'rep-9';
    input.activities[0]!.dealId = 'D-9';
    input.activities[0]!.accountId = 'acct-9';
    input.reps[1]!.teamId = 'north';
    input.teams[1]!.managerId = 'mgr-9';
    input.teams[2]!.parentId = 'north';
    input.accounts[0]!.ownerId = 'rep-9';
    expect(summary(errorOf(() => validateDataset(input)))).toEqual([
      'UNKNOWN_REFERENCE deals[0].teamId',
      'UNKNOWN_REFERENCE deals[0].accountId',
      'UNKNOWN_REFERENCE stageChanges[0].dealId',
      'UNKNOWN_REFERENCE stageChanges[2].toStageId',
      'UNKNOWN_REFERENCE stageChanges[3].fromStageId',
      'UNKNOWN_REFERENCE activities[0].repId',
      'UNKNOWN_REFERENCE activities[0].dealId',
      'UNKNOWN_REFERENCE activities[0].accountId',
      'UNKNOWN_REFERENCE reps[1].teamId',
      'UNKNOWN_REFERENCE teams[1].managerId',
      'UNKNOWN_REFERENCE teams[2].parentId',
      'UNKNOWN_REFERENCE accounts[0].ownerId',
    ]);
  });

  it('checks owners, reps, teams and accounts only when those lists are given', () => {
    const input = validInput();
    input.deals[0]!.ownerId = 'rep-9';
    input.deals[0]!.teamId = 'north';
    input.deals[0]!.accountId = 'acct-9';
    input.activities[0]!.repId = 'rep-9';
    input.activities[0]!.accountId = 'acct-9';
    const { currency, pipelines, deals, stageChanges, activities, payments } = input;
    expect(() =>
      validateDataset({ currency, pipelines, deals, stageChanges, activities, payments }),
    ).not.toThrow();
    expect(() =>
      validateDataset({ pipelines, deals, activities, reps: [], teams: null, accounts: [] }),
    ).not.toThrow();
    expect(
      summary(errorOf(() => validateDataset({ pipelines, deals, activities, reps: input.reps }))),
    ).toEqual(['UNKNOWN_REFERENCE deals[0].ownerId', 'UNKNOWN_REFERENCE activities[0].repId']);
    expect(summary(errorOf(() => validateDataset({ pipelines, deals, accounts: input.accounts })))).toEqual([
      'UNKNOWN_REFERENCE deals[0].accountId',
    ]);
  });

  it('checks that each stage change starts where the previous one ended, unless gaps are allowed', () => {
    const input = validInput();
    input.stageChanges[3]!.fromStageId = 'lead'; // D-1 was moved to "qualified" before
    input.stageChanges.push({ dealId: 'D-2', fromStageId: null, toStageId: 'lead', at: '2024-03-22' });
    const error = errorOf(() => validateDataset(input));
    expect(summary(error)).toEqual([
      'STAGE_HISTORY_ORDER stageChanges[3].fromStageId',
      'STAGE_HISTORY_ORDER stageChanges[6].fromStageId',
    ]);
    expect(error.issues[0]!.message).toBe(
      'stageChanges[3].fromStageId: deal "D-1" moves from stage "lead" at 2024-03-20, but the change before it (stageChanges[2]) moved it to "qualified"; each change must start where the previous one ended (or pass allowHistoryGaps: true)',
    );
    expect(error.issues[1]!.message).toMatch(/deal "D-2" enters the pipeline again \(fromStageId null\)/);
    expect(() => validateDataset(input, { allowHistoryGaps: true })).not.toThrow();
    // Time order is checked even when gaps are allowed.
    input.stageChanges[5]!.at = '2024-03-01';
    expect(summary(errorOf(() => validateDataset(input, { allowHistoryGaps: true })))).toEqual([
      'STAGE_HISTORY_ORDER stageChanges[5].at',
    ]);
  });

  it('does not blame the next change when a stage change itself is invalid', () => {
    const input = validInput();
    (input.stageChanges[2] as Record<string, unknown>).at = '2024-02-30';
    expect(summary(errorOf(() => validateDataset(input)))).toEqual(['INVALID_DATE stageChanges[2].at']);
  });

  it('finds every team cycle once, including a team that is its own parent', () => {
    const input = validInput();
    input.teams.push(
      { id: 'solo', name: 'Solo', parentId: 'solo' } as (typeof input.teams)[number],
      { id: 'a', name: 'A', parentId: 'b' } as (typeof input.teams)[number],
      { id: 'b', name: 'B', parentId: 'c' } as (typeof input.teams)[number],
      { id: 'c', name: 'C', parentId: 'a' } as (typeof input.teams)[number],
      { id: 'leaf', name: 'Leaf', parentId: 'c' } as (typeof input.teams)[number],
    );
    const error = errorOf(() => validateDataset(input));
    expect(summary(error)).toEqual([
      'HIERARCHY_CYCLE teams[3].parentId',
      'HIERARCHY_CYCLE teams[4].parentId',
    ]);
    expect(error.issues[1]!.message).toMatch(/team "a" is its own ancestor: "a" → "b" → "c" → "a"/);
  });

  it('uses the given currency, else the first deal’s, and checks pipelines and payments against it', () => {
    const input = validInput();
    input.currency = 'USD';
    (input.pipelines[0] as Record<string, unknown>).currency = 'CNY';
    const error = errorOf(() => validateDataset(input));
    expect(summary(error)).toEqual([
      'CURRENCY_MISMATCH pipelines[0].currency',
      'CURRENCY_MISMATCH deals[0].amount.currency',
      'CURRENCY_MISMATCH deals[1].amount.currency',
      'CURRENCY_MISMATCH payments[0].amount.currency',
      'CURRENCY_MISMATCH payments[1].amount.currency',
    ]);
    expect(error.issues[1]!.message).toMatch(
      /deal "D-1" is in CNY, but all amounts must be in USD \(the dataset currency\)/,
    );

    const mixed = validInput();
    delete (mixed as { currency?: string }).currency;
    mixed.deals[1]!.amount.currency = 'USD';
    const mixedError = errorOf(() => validateDataset(mixed));
    expect(summary(mixedError)).toEqual(['CURRENCY_MISMATCH deals[1].amount.currency']);
    expect(mixedError.issues[0]!.message).toMatch(
      /all amounts must be in CNY \(the currency of the first deal, "D-1"\)/,
    );
  });

  it('checks that a payment is in the currency of its deal', () => {
    const input = validInput();
    input.payments[0]!.amount.currency = 'USD';
    const error = errorOf(() => validateDataset(input));
    expect(summary(error)).toEqual(['CURRENCY_MISMATCH payments[0].amount.currency']);
    expect(error.issues[0]!.message).toBe(
      'payments[0].amount.currency: payment "pay-1" is in USD, but its deal "D-1" is in CNY',
    );
  });

  it('reports a bad dataset currency without comparing amounts to it', () => {
    const input = validInput();
    input.currency = 'rmb';
    expect(summary(errorOf(() => validateDataset(input)))).toEqual(['INVALID_INPUT currency']);
  });

  it('reports a closing date before the creation date as INVALID_INPUT', () => {
    const input = validInput();
    input.deals[0]!.closedAt = '2024-02-01';
    const error = errorOf(() => validateDataset(input));
    expect(summary(error)).toEqual(['INVALID_INPUT deals[0].closedAt']);
    expect(error.issues[0]!.message).toMatch(/deal "D-1" is closed on 2024-02-01, before it was created/);
  });

  it('reports missing or mistyped collections and a dataset that is not an object', () => {
    expect(summary(errorOf(() => validateDataset({})))).toEqual([
      'INVALID_INPUT pipelines',
      'INVALID_INPUT deals',
    ]);
    expect(summary(errorOf(() => validateDataset({ pipelines: [], deals: {}, reps: 'all' })))).toEqual([
      'INVALID_INPUT deals',
      'INVALID_INPUT reps',
    ]);
    for (const input of [null, undefined, 42, 'data', [validInput()]]) {
      const error = errorOf(() => validateDataset(input));
      expect(error.code).toBe('INVALID_DATASET');
      expect(error.issues[0]!.message).toMatch(
        /^expected a dataset object like \{ pipelines: \[\.\.\.\], deals: \[\.\.\.\] \}/,
      );
    }
  });

  it('checks its options', () => {
    const error = errorOf(() => validateDataset(validInput(), { allowHistoryGaps: 'yes' } as never));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.path).toEqual(['options', 'allowHistoryGaps']);
  });

  it('shows the value and names the record in shape errors', () => {
    const input = validInput();
    (input.reps[2] as Record<string, unknown>).hireDate = 20240201;
    (input.stageChanges[1] as Record<string, unknown>).toStageId = '';
    const messages = errorOf(() => validateDataset(input)).issues.map((i) => i.message);
    expect(messages).toEqual([
      'stageChanges[1].toStageId: must not be empty or blank; expected an id such as "D-17", got "" (a stage change of deal "D-2")',
      'reps[2].hireDate: expected an ISO 8601 date such as "2024-03-15" or a date-time such as "2024-03-15T09:30:00Z" (or a Date), got 20240201 (rep "rep-2")',
    ]);
  });
});
