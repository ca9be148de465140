import { OpenSpmError } from '../errors';
import {
  AccountSchema,
  ActivitySchema,
  DealSchema,
  PaymentSchema,
  PipelineSchema,
  RepSchema,
  StageChangeSchema,
  TeamSchema,
} from '../model/index';
import type {
  CrmCollection,
  LoadInput,
  ResultInput,
  StorageAdapter,
  StorageCollection,
  StorageRecords,
} from '../storage/index';
import { canonicalJson, DocumentSchema, ResultSchema, TargetSchema } from '../storage/index';
import {
  crmFixture,
  HOSTILE,
  INSTANTS,
  NUL_TEXT,
  resultFixture,
  targetFixture,
} from './conformance-fixtures';
import { registerScopedReadTests } from './conformance-scopes';

/**
 * The adapter under test, for {@link runAdapterConformance}.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * import type { AdapterConformanceInput } from 'openspm/testing';
 * const input: AdapterConformanceInput = { name: 'memory', makeStorage: () => createMemoryStorage() };
 * ```
 */
export interface AdapterConformanceInput {
  /** Shown in the suite's title. */
  name: string;
  /** Makes the storage, once for the suite (migrate it here for a SQL adapter). */
  makeStorage(): StorageAdapter | Promise<StorageAdapter>;
  /**
   * Puts CRM records of a tenant where the adapter reads them. Default: `storage.load`. An adapter over
   * a CRM's own tables writes them here with the CRM's own code.
   */
  seed?(storage: StorageAdapter, tenantId: string, data: LoadInput): Promise<void>;
  /** Cleans up after the suite (drop tables, close the driver). */
  dispose?(storage: StorageAdapter): Promise<void>;
}

/**
 * The test functions of your runner (vitest, jest, node:test, mocha): the suite registers its tests with
 * them, so `openspm/testing` imports no test framework itself.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import type { AdapterConformanceOptions } from 'openspm/testing';
 * const options: AdapterConformanceOptions = { describe, it, beforeAll, afterAll };
 * ```
 */
export interface AdapterConformanceOptions {
  /** Groups tests. */
  describe(name: string, fn: () => void): void;
  /** Registers one test; the suite passes a timeout. */
  it(name: string, fn: () => Promise<void>, timeout?: number): void;
  /** Runs before the suite's tests. */
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  /** Runs after them. */
  afterAll(fn: () => Promise<void>, timeout?: number): void;
  /** Prefix of the tenant ids the suite writes (default `'conformance'`); make it unique per run. */
  tenantPrefix?: string;
  /** Timeout of each test in ms (default 30,000). */
  timeout?: number;
}

const CRM_SCHEMAS_FOR_TESTS = {
  pipelines: PipelineSchema,
  deals: DealSchema,
  stageChanges: StageChangeSchema,
  activities: ActivitySchema,
  payments: PaymentSchema,
  accounts: AccountSchema,
  reps: RepSchema,
  teams: TeamSchema,
} as const;

class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceFailure(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = canonicalJson(actual);
  const e = canonicalJson(expected);
  if (a === e) return;
  let at = 0;
  while (at < a.length && a[at] === e[at]) at++;
  const from = Math.max(0, at - 60);
  throw new ConformanceFailure(
    `${what}: read back differs from what was written, at character ${at}:\n  wrote …${e.slice(from, at + 80)}\n  read  …${a.slice(from, at + 80)}`,
  );
}

async function rejects(promise: Promise<unknown>, code: string, what: string): Promise<OpenSpmError> {
  try {
    await promise;
  } catch (error) {
    check(
      error instanceof OpenSpmError && error.code === code,
      `${what}: expected an OpenSpmError ${code}, got ${error instanceof OpenSpmError ? error.code : String(error)}`,
    );
    return error;
  }
  throw new ConformanceFailure(`${what}: expected an OpenSpmError ${code}, but it succeeded`);
}

async function readAll<K extends StorageCollection>(
  storage: StorageAdapter,
  collection: K,
  query: Parameters<StorageAdapter['read']>[1],
): Promise<{ records: StorageRecords[K][]; pages: number[] }> {
  const records: StorageRecords[K][] = [];
  const pages: number[] = [];
  for await (const page of storage.read(collection, query)) {
    pages.push(page.length);
    records.push(...(page as StorageRecords[K][]));
  }
  return { records, pages };
}

const keyOf = (collection: StorageCollection, r: unknown): string => {
  const x = r as Record<string, unknown>;
  if (collection === 'stageChanges') return `${x.dealId}|${(x.at as Date).toISOString()}|${x.toStageId}`;
  if (collection === 'results') return `${x.kind}|${x.key}`;
  return String(x.id);
};
const sorted = <T>(collection: StorageCollection, list: readonly T[]) =>
  [...list].sort((a, b) =>
    keyOf(collection, a) < keyOf(collection, b) ? -1 : keyOf(collection, a) > keyOf(collection, b) ? 1 : 0,
  );

/**
 * Registers the storage adapter conformance suite with your test runner: round trips of every model
 * (Unicode, 0 and huge amounts, many decimals, time zones), paging across page boundaries, time ranges,
 * idempotent writes, rollback of a write that fails midway, concurrent writers with a version conflict,
 * tenant isolation, hostile strings stored byte for byte, and scoped reads as security properties (on
 * seeded random scopes: exactly the port's rule, never a row outside the scope, empty and huge scopes; an
 * adapter without `capabilities.scopedReads` must refuse a scope). Every shipped adapter runs it; run it
 * against your own adapter before you ship it.
 *
 * @param input - the adapter: a name, how to make it, and optionally how to seed CRM records.
 * @param options - your runner's `describe`, `it`, `beforeAll`, `afterAll`.
 * @example
 * ```ts
 * // test/my-adapter.test.ts
 * import { afterAll, beforeAll, describe, it } from 'vitest';
 * import { runAdapterConformance } from 'openspm/testing';
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * runAdapterConformance(
 *   { name: 'memory', makeStorage: () => createMemoryStorage() },
 *   { describe, it, beforeAll, afterAll },
 * );
 * ```
 */
export function runAdapterConformance(
  input: AdapterConformanceInput,
  options: AdapterConformanceOptions,
): void {
  const { describe, it, beforeAll, afterAll } = options;
  const timeout = options.timeout ?? 30_000;
  const prefix = options.tenantPrefix ?? 'conformance';
  let storage: StorageAdapter;
  let n = 0;
  const tenant = (label: string) => `${prefix}-${label}-${++n}`;
  const seed = (tenantId: string, data: LoadInput) => {
    if (input.seed) return input.seed(storage, tenantId, data);
    check(typeof storage.load === 'function', 'the adapter has no load(); pass a seed function to the suite');
    return (storage.load as NonNullable<StorageAdapter['load']>)(tenantId, data);
  };

  describe(`storage adapter conformance: ${input.name}`, () => {
    beforeAll(async () => {
      storage = await input.makeStorage();
    }, timeout);
    afterAll(async () => {
      if (storage && input.dispose) await input.dispose(storage);
    }, timeout);

    it('declares its capabilities for this port version', async () => {
      const c = storage.capabilities;
      check(c && c.portVersion === 1, `capabilities.portVersion must be 1, got ${c?.portVersion}`);
      check(c.transactionalWrites === true, 'capabilities.transactionalWrites must be true');
      check(c.maxPageSize >= 100, 'capabilities.maxPageSize must be at least 100');
      check(typeof c.nulInText === 'boolean', 'capabilities.nulInText must be a boolean');
    });

    it(
      'round-trips every CRM model: Unicode, 0 and huge amounts, many decimals, time zones',
      async () => {
        const t = tenant('roundtrip');
        const data = crmFixture();
        await seed(t, data);
        for (const [collection, records] of Object.entries(data) as [CrmCollection, unknown[]][]) {
          const expected = records.map((r) => CRM_SCHEMAS_FOR_TESTS[collection].parse(r));
          const { records: actual } = await readAll(storage, collection, { tenantId: t });
          same(sorted(collection, actual), sorted(collection, expected), collection);
        }
        const { records: deals } = await readAll(storage, 'deals', { tenantId: t });
        const huge = deals.find((d) => d.id === 'D-2');
        check(
          huge?.amount.amount.toFixed() === '123456789012345678901234567890.12',
          `a 32-digit amount must come back exactly, got ${huge?.amount.amount.toFixed()}`,
        );
        const fine = deals.find((d) => d.id === 'D-3');
        check(
          fine?.amount.amount.toFixed() === '0.123456789012345678',
          'an amount with 18 decimals must come back exactly',
        );
        const { records: activities } = await readAll(storage, 'activities', { tenantId: t });
        for (const [i, at] of INSTANTS.entries()) {
          const a = activities.find((x) => x.id === `ACT-${i}`);
          check(
            a?.at.getTime() === new Date(at).getTime(),
            `instant ${at} must come back as the same instant`,
          );
        }
      },
      timeout,
    );

    it(
      'reads stage changes of a deal in time order',
      async () => {
        const t = tenant('history');
        await seed(t, crmFixture());
        const { records } = await readAll(storage, 'stageChanges', { tenantId: t });
        const d0 = records.filter((c) => c.dealId === 'D-0').map((c) => c.toStageId);
        same(d0, ['lead', 'proposal'], 'stage history of D-0');
      },
      timeout,
    );

    it(
      'round-trips targets, scorecards and plans with their versions',
      async () => {
        const t = tenant('editable');
        const target = targetFixture('TG-1', '123456789012345678901234567890.12');
        const saved = await storage.save('targets', t, target, 0);
        check(saved.version === 1, `the first save gives version 1, got ${saved.version}`);
        same(
          await storage.get('targets', t, 'TG-1'),
          { ...TargetSchema.parse(target), version: 1 },
          'target',
        );
        const plan = {
          id: 'PL-1',
          name: 'AE 计划 2024',
          effectiveFrom: '2024-01-01',
          body: { tiers: [{ upTo: '100000', rate: '0.05' }] },
        };
        await storage.save('plans', t, plan, 0);
        same(await storage.get('plans', t, 'PL-1'), { ...DocumentSchema.parse(plan), version: 1 }, 'plan');
        const card = {
          id: 'SC-1',
          name: 'Scorecard',
          effectiveFrom: '2024-01-01',
          effectiveTo: '2025-01-01',
          body: { kpis: [] },
        };
        await storage.save('scorecards', t, card, 0);
        same(
          await storage.get('scorecards', t, 'SC-1'),
          { ...DocumentSchema.parse(card), version: 1 },
          'scorecard',
        );
        check((await storage.get('plans', t, 'missing')) === null, 'get of a missing id must give null');
        const q3 = await readAll(storage, 'targets', {
          tenantId: t,
          from: new Date('2024-09-30T00:00:00Z'),
          to: new Date('2024-10-01T00:00:00Z'),
        });
        check(q3.records.length === 1, 'a target whose period overlaps the range is read');
        const q4 = await readAll(storage, 'targets', { tenantId: t, from: new Date('2024-10-01T00:00:00Z') });
        check(q4.records.length === 0, 'a target whose period ends at the range start is not read');
        const plans2025 = await readAll(storage, 'scorecards', {
          tenantId: t,
          from: new Date('2025-01-01T00:00:00Z'),
        });
        check(plans2025.records.length === 0, 'a scorecard that ended before the range is not read');
      },
      timeout,
    );

    it(
      'pages across page boundaries: every row once, no empty page, none over the size',
      async () => {
        const t = tenant('paging');
        const activities = Array.from({ length: 257 }, (_, i) => ({
          id: `A${String(i).padStart(4, '0')}`,
          type: 'call',
          repId: 'R-1',
          // Many rows share an instant, so the order must break ties by key.
          at: new Date(Date.UTC(2024, 0, 1 + (i % 7))).toISOString(),
        }));
        const teams = Array.from({ length: 10 }, (_, i) => ({ id: `T${i}`, name: `Team ${i}` }));
        await seed(t, { activities, teams });
        for (const pageSize of [1, 10, 100, 256, 257, 1000]) {
          const { records, pages } = await readAll(storage, 'activities', { tenantId: t, pageSize });
          check(
            pages.every((p) => p > 0 && p <= pageSize),
            `pageSize ${pageSize}: pages must be 1…${pageSize} rows, got ${pages.join(',')}`,
          );
          const ids = records.map((a) => a.id);
          check(
            new Set(ids).size === 257 && ids.length === 257,
            `pageSize ${pageSize}: expected 257 distinct rows, got ${ids.length} (${new Set(ids).size} distinct)`,
          );
        }
        const exact = await readAll(storage, 'teams', { tenantId: t, pageSize: 5 });
        same(exact.pages, [5, 5], 'two full pages and no empty third one');
        await rejects(
          (async () => {
            for await (const _ of storage.read('teams', { tenantId: t, pageSize: 0 })) break;
          })(),
          'INVALID_INPUT',
          'pageSize 0',
        );
      },
      timeout,
    );

    it(
      'filters by time range: from included, to excluded, per collection rules',
      async () => {
        const t = tenant('range');
        await seed(t, {
          activities: [
            { id: 'before', type: 'call', repId: 'R', at: '2024-06-30T23:59:59.999Z' },
            { id: 'start', type: 'call', repId: 'R', at: '2024-07-01T00:00:00Z' },
            { id: 'inside', type: 'call', repId: 'R', at: '2024-07-01T09:00:00+08:00' },
            { id: 'end', type: 'call', repId: 'R', at: '2024-10-01T00:00:00Z' },
          ],
          deals: [
            {
              id: 'open-old',
              pipelineId: 'P1',
              ownerId: 'R',
              amount: { amount: '1', currency: 'CNY' },
              createdAt: '2023-01-01',
              stageId: 'lead',
            },
            {
              id: 'closed-before',
              pipelineId: 'P1',
              ownerId: 'R',
              amount: { amount: '1', currency: 'CNY' },
              createdAt: '2023-01-01',
              closedAt: '2024-06-30',
              stageId: 'won',
            },
            {
              id: 'closed-inside',
              pipelineId: 'P1',
              ownerId: 'R',
              amount: { amount: '1', currency: 'CNY' },
              createdAt: '2023-01-01',
              closedAt: '2024-07-01',
              stageId: 'won',
            },
            {
              id: 'created-after',
              pipelineId: 'P1',
              ownerId: 'R',
              amount: { amount: '1', currency: 'CNY' },
              createdAt: '2024-10-01',
              stageId: 'lead',
            },
          ],
        });
        const range = {
          tenantId: t,
          from: new Date('2024-07-01T00:00:00Z'),
          to: new Date('2024-10-01T00:00:00Z'),
        };
        const acts = (await readAll(storage, 'activities', range)).records.map((a) => a.id).sort();
        same(acts, ['inside', 'start'], 'activities in [from, to)');
        const deals = (await readAll(storage, 'deals', range)).records.map((d) => d.id).sort();
        same(deals, ['closed-inside', 'open-old'], 'deals alive in the range');
      },
      timeout,
    );

    it(
      'writes results idempotently: the same write twice changes nothing',
      async () => {
        const t = tenant('idempotent');
        const results = [1, 2, 3].map((i) => resultFixture('period-total', `K${i}`, 'FY2024-Q3', `${i}00.5`));
        same(
          await storage.writeResults(t, results),
          { inserted: 3, updated: 0, unchanged: 0, deleted: 0 },
          'first write',
        );
        const first = (await readAll(storage, 'results', { tenantId: t })).records;
        same(
          await storage.writeResults(t, results),
          { inserted: 0, updated: 0, unchanged: 3, deleted: 0 },
          'second write',
        );
        same(
          sorted('results', (await readAll(storage, 'results', { tenantId: t })).records),
          sorted('results', first),
          'stored results',
        );
        same(
          sorted('results', first),
          sorted(
            'results',
            results.map((r) => ResultSchema.parse(r)),
          ),
          'results read back',
        );
        const changed = [results[0] as ResultInput, resultFixture('period-total', 'K2', 'FY2024-Q3', '999')];
        same(
          await storage.writeResults(t, changed, {
            replace: [{ kind: 'period-total', periodKey: 'FY2024-Q3' }],
          }),
          { inserted: 0, updated: 1, unchanged: 1, deleted: 1 },
          'a replacing write',
        );
        const keys = (
          await readAll(storage, 'results', { tenantId: t, kind: 'period-total', periodKey: 'FY2024-Q3' })
        ).records
          .map((r) => r.key)
          .sort();
        same(keys, ['K1', 'K2'], 'results after replacing the scope');
        await rejects(
          storage.writeResults(t, [results[0] as ResultInput, results[0] as ResultInput]),
          'DUPLICATE_ID',
          'two results with one key in one write',
        );
      },
      timeout,
    );

    it(
      'rolls back a write that fails midway: nothing partial is visible',
      async () => {
        const t = tenant('rollback');
        const before = [1, 2, 3].map((i) => resultFixture('payout-statement', `S${i}`, '2024-09', `${i}`));
        await storage.writeResults(t, before);
        const snapshot = sorted('results', (await readAll(storage, 'results', { tenantId: t })).records);
        const next = [
          resultFixture('payout-statement', 'S1', '2024-09', '10'),
          resultFixture('payout-statement', 'S4', '2024-09', '40'),
          resultFixture('payout-statement', 'S5', '2024-09', '50'),
          resultFixture('payout-statement', 'S6', '2024-09', '60'),
        ];
        let failedAt = -1;
        const error = await storage
          .writeResults(t, next, {
            replace: [{ kind: 'payout-statement', periodKey: '2024-09' }],
            onResultWritten: (i) => {
              if (i === 2) {
                failedAt = i;
                throw new Error('injected failure after the third result');
              }
            },
          })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        check(error !== undefined, 'a write whose callback throws must fail');
        check(failedAt === 2, 'onResultWritten must be called after each result');
        same(
          sorted('results', (await readAll(storage, 'results', { tenantId: t })).records),
          snapshot,
          'results after the failed write',
        );
      },
      timeout,
    );

    it(
      'detects concurrent writers: one save wins, the other gets VERSION_CONFLICT',
      async () => {
        const t = tenant('concurrency');
        const v1 = await storage.save('targets', t, targetFixture('TG'), 0);
        const [a, b] = await Promise.allSettled([
          storage.save('targets', t, targetFixture('TG', '100.00'), v1.version),
          storage.save('targets', t, targetFixture('TG', '200.00'), v1.version),
        ]);
        const won = [a, b].filter((r) => r.status === 'fulfilled');
        const lost = [a, b].filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
        check(
          won.length === 1 && lost.length === 1,
          `exactly one of two concurrent saves wins, got ${won.length} winners`,
        );
        const reason = lost[0]?.reason;
        check(
          reason instanceof OpenSpmError && reason.code === 'VERSION_CONFLICT',
          `the loser gets VERSION_CONFLICT, got ${String(reason)}`,
        );
        const stored = await storage.get('targets', t, 'TG');
        const winner = (won[0] as PromiseFulfilledResult<StorageRecords['targets']>).value;
        check(stored?.version === 2, `the stored version is 2, got ${stored?.version}`);
        check(stored?.amount.equals(winner.amount), "the stored target is the winner's");
        await rejects(storage.save('targets', t, targetFixture('TG'), 1), 'VERSION_CONFLICT', 'a stale save');
        await rejects(
          storage.save('targets', t, targetFixture('TG'), 0),
          'VERSION_CONFLICT',
          'creating an existing target',
        );
        await rejects(
          storage.save('plans', t, { id: 'none', name: 'x', effectiveFrom: '2024-01-01', body: {} }, 3),
          'VERSION_CONFLICT',
          'updating a missing plan',
        );
        const plan = { id: 'PL', name: 'Plan', effectiveFrom: '2024-01-01', body: { rate: '0.05' } };
        await storage.save('plans', t, plan, 0);
        const plans = await Promise.allSettled([
          storage.save('plans', t, { ...plan, name: 'A' }, 1),
          storage.save('plans', t, { ...plan, name: 'B' }, 1),
        ]);
        check(
          plans.filter((p) => p.status === 'fulfilled').length === 1,
          'one of two concurrent plan saves wins',
        );
      },
      timeout,
    );

    it(
      'isolates tenants: no read or write reaches another tenant',
      async () => {
        const a = tenant('tenant-a');
        const b = tenant('tenant-b');
        await seed(a, {
          teams: [{ id: 'T', name: 'A team' }],
          reps: [{ id: 'R', name: 'A rep', teamId: 'T', hireDate: '2024-01-01' }],
        });
        await seed(b, { teams: [{ id: 'T', name: 'B team' }] });
        same(
          (await readAll(storage, 'teams', { tenantId: a })).records.map((x) => x.name),
          ['A team'],
          'tenant A teams',
        );
        same(
          (await readAll(storage, 'teams', { tenantId: b })).records.map((x) => x.name),
          ['B team'],
          'tenant B teams',
        );
        check(
          (await readAll(storage, 'reps', { tenantId: b })).records.length === 0,
          'tenant B sees no rep of tenant A',
        );
        await storage.save('targets', a, targetFixture('TG'), 0);
        check((await storage.get('targets', b, 'TG')) === null, 'tenant B cannot get tenant A target');
        const inB = await storage.save('targets', b, targetFixture('TG', '1.00'), 0);
        check(inB.version === 1, 'the same target id in another tenant is a new record');
        check(
          (await storage.get('targets', a, 'TG'))?.amount.toString() === '3000000.00 CNY',
          "tenant A's target is untouched",
        );
        await storage.writeResults(a, [resultFixture('warning', 'W', '2024-09', '1')]);
        await storage.writeResults(b, [resultFixture('warning', 'W', '2024-09', '2')], {
          replace: [{ kind: 'warning', periodKey: '2024-09' }],
        });
        const ra = (await readAll(storage, 'results', { tenantId: a })).records;
        check(
          ra.length === 1 && ra[0]?.amount?.toString() === '1.00 CNY',
          "tenant B's write does not touch tenant A's results",
        );
        check(
          (await readAll(storage, 'teams', { tenantId: tenant('empty') })).records.length === 0,
          'an unknown tenant reads nothing',
        );
        await rejects(
          (async () => {
            for await (const _ of storage.read('teams', { tenantId: '' })) break;
          })(),
          'INVALID_INPUT',
          'an empty tenant id',
        );
      },
      timeout,
    );

    it(
      'stores hostile strings byte for byte: quotes, SQL, escapes, emoji, NUL where the database permits',
      async () => {
        const t = tenant('hostile');
        const texts: string[] = [...HOSTILE];
        if (storage.capabilities.nulInText) texts.push(NUL_TEXT);
        const ids = texts.filter((s) => s.length <= 100);
        await seed(t, {
          teams: ids.map((id, i) => ({ id, name: texts[i] ?? id })),
          accounts: texts.map((name, i) => ({
            id: `acc-${i}`,
            name,
            region: name,
            custom: { [name]: name },
          })),
        });
        const teams = (await readAll(storage, 'teams', { tenantId: t })).records;
        check(
          teams.length === ids.length,
          `expected ${ids.length} distinct team ids (case and trailing spaces matter), got ${teams.length}`,
        );
        for (const [i, id] of ids.entries()) {
          const team = teams.find((x) => x.id === id);
          check(team !== undefined, `team id ${JSON.stringify(id)} must come back byte for byte`);
          check(
            team.name === texts[i],
            `team name ${JSON.stringify(texts[i])} came back as ${JSON.stringify(team.name)}`,
          );
        }
        const accounts = (await readAll(storage, 'accounts', { tenantId: t })).records;
        for (const [i, name] of texts.entries()) {
          const acc = accounts.find((x) => x.id === `acc-${i}`);
          check(
            acc?.name === name && acc.region === name,
            `account name ${JSON.stringify(name.slice(0, 40))} must come back byte for byte`,
          );
          same(acc.custom, { [name]: name }, `custom field ${JSON.stringify(name.slice(0, 40))}`);
        }
        // The longest result key the port allows: 500 characters of 3-byte UTF-8.
        const hostileResults = [...ids, '键'.repeat(500)].map((key) => ({
          kind: 'warning',
          key,
          periodKey: key.slice(0, 100),
          subjectId: key.slice(0, 100),
          payload: { text: key },
        }));
        await storage.writeResults(t, hostileResults);
        same(
          sorted('results', (await readAll(storage, 'results', { tenantId: t })).records),
          sorted(
            'results',
            hostileResults.map((r) => ResultSchema.parse(r)),
          ),
          'results with hostile keys',
        );
        const plan = {
          id: ids[3] as string,
          name: texts[0] as string,
          effectiveFrom: '2024-01-01',
          body: { texts },
        };
        await storage.save('plans', t, plan, 0);
        same(
          await storage.get('plans', t, plan.id),
          { ...DocumentSchema.parse(plan), version: 1 },
          'plan with hostile text',
        );
      },
      timeout,
    );

    registerScopedReadTests({
      storage: () => storage,
      tenant,
      seed,
      check,
      same,
      rejects,
      it,
      timeout,
    });
  });
}
