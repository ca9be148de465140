import fc from 'fast-check';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { createSqliteStorage } from '../../src/adapters/sqlite/index';
import {
  canonicalJson,
  Money,
  OpenSpmError,
  type PeriodCloseStep,
  parsePeriodKey,
  runPeriodClose,
  type StorageAdapter,
  type StoredResult,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const data = generateSampleData({ seed: 7, reps: 12, deals: 300 });
const period = parsePeriodKey('FY2024-Q3');

async function seeded(storage: StorageAdapter = createMemoryStorage()) {
  await storage.load?.('acme', data);
  await storage.save(
    'targets',
    'acme',
    {
      id: 'T-co',
      period,
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: { amount: '1000000.01', currency: 'CNY' },
    },
    0,
  );
  const team = data.reps[0]?.teamId as string;
  await storage.save(
    'targets',
    'acme',
    {
      id: 'T-team',
      period,
      scope: { type: 'team', id: team },
      metric: 'collected-amount',
      amount: { amount: '300000', currency: 'CNY' },
    },
    0,
  );
  return storage;
}

async function results(storage: StorageAdapter, tenantId = 'acme'): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId })) out.push(...page);
  return out.sort((a, b) => (`${a.kind}|${a.key}` < `${b.kind}|${b.key}` ? -1 : 1));
}

const options = { tenantId: 'acme', period: 'FY2024-Q3', asOf: '2024-12-31' };

describe('runPeriodClose', () => {
  it('runs end to end and is idempotent: a second run leaves the same stored state', async () => {
    const storage = await seeded();
    const first = await runPeriodClose(storage, options);
    expect(first.steps.map((s) => s.name)).toEqual([
      'pipeline-snapshot',
      'period-totals',
      'activity-totals',
      'target-allocation',
      'target-variance',
      'funnel',
      'kpi-score',
      'warnings',
      'incentives',
    ]);
    expect(first.write.inserted).toBe(first.results);
    const stored = canonicalJson(await results(storage));
    const second = await runPeriodClose(storage, options);
    expect(second.write).toEqual({ inserted: 0, updated: 0, unchanged: first.results, deleted: 0 });
    expect(canonicalJson(await results(storage))).toBe(stored);
  });

  it('splits each target over reps so the shares sum exactly to the target', async () => {
    const storage = await seeded();
    await runPeriodClose(storage, options);
    const allocations = (await results(storage)).filter((r) => r.kind === 'target-allocation');
    for (const id of ['T-co', 'T-team']) {
      const shares = allocations.filter((r) => (r.payload as { targetId: string }).targetId === id);
      expect(shares.length).toBeGreaterThan(0);
      const total = Money.sum(
        shares.map((r) => r.amount as Money),
        'CNY',
      );
      expect(total.toString()).toBe(id === 'T-co' ? '1000000.01 CNY' : '300000.00 CNY');
    }
  });

  it('company totals are the sum of the reps, and a zero denominator is null with a reason', async () => {
    const storage = await seeded();
    await runPeriodClose(storage, options);
    const totals = (await results(storage)).filter((r) => r.kind === 'period-total');
    const company = totals.find((r) => r.key === 'FY2024-Q3|company') as StoredResult;
    const reps = totals.filter((r) => r !== company);
    expect(
      Money.sum(
        reps.map((r) => r.amount as Money),
        'CNY',
      ).equals(company.amount as Money),
    ).toBe(true);
    const none = await runPeriodClose(createMemoryStorage(), { ...options, currency: 'CNY' });
    expect(none.steps.find((s) => s.name === 'period-totals')?.summary.won).toBe(0);
    const empty = createMemoryStorage();
    await runPeriodClose(empty, { ...options, currency: 'CNY' });
    const [co] = (await results(empty)).filter((r) => r.kind === 'period-total');
    expect((co as StoredResult).payload).toMatchObject({
      winRate: {
        numerator: '0',
        denominator: '0',
        ratio: null,
        reason: 'denominator is zero',
      },
    });
  });

  it('counts nothing after asOf', async () => {
    const storage = await seeded();
    const full = await runPeriodClose(storage, options);
    const early = await runPeriodClose(storage, { ...options, asOf: '2024-07-15T00:00:00Z' });
    const won = (r: typeof full) => r.steps.find((s) => s.name === 'period-totals')?.summary.won as number;
    expect(won(early)).toBeLessThan(won(full));
    expect(early.cutoff).toBe('2024-07-15T00:00:00.000Z');
  });

  it('replaces the period as a whole: results that no longer apply are deleted', async () => {
    const storage = await seeded();
    await runPeriodClose(storage, options);
    const before = (await results(storage)).filter((r) => r.kind === 'target-allocation').length;
    const rerun = await runPeriodClose(storage, {
      ...options,
      steps: [
        {
          name: 'target-allocation',
          reads: [],
          writes: ['target-allocation'],
          run: async () => ({ results: [], summary: {} }),
        },
      ],
    });
    expect(rerun.write.deleted).toBeGreaterThanOrEqual(before);
    expect((await results(storage)).filter((r) => r.kind === 'target-allocation')).toEqual([]);
  });

  it('plugs in a step of another module, which can use earlier steps', async () => {
    const storage = await seeded();
    const winners: PeriodCloseStep = {
      name: 'top-rep',
      reads: [],
      writes: ['top-rep'],
      async run(ctx) {
        const totals = ctx.output('period-totals')?.results ?? [];
        const best = totals
          .filter((r) => r.subjectId !== undefined)
          .sort((a, b) => (b.amount as Money).compare(a.amount as Money))[0];
        return {
          results: [
            {
              kind: 'top-rep',
              key: ctx.period.key,
              periodKey: ctx.period.key,
              payload: { rep: String(best?.subjectId) },
            },
          ],
          summary: { rep: String(best?.subjectId) },
        };
      },
    };
    const { defaultPeriodCloseSteps } = await import('../../src/index');
    const run = await runPeriodClose(storage, { ...options, steps: [...defaultPeriodCloseSteps(), winners] });
    expect(run.steps.at(-1)?.name).toBe('top-rep');
    expect((await results(storage)).some((r) => r.kind === 'top-rep')).toBe(true);
  });

  it('writes nothing when a step fails, and rejects malformed steps and options', async () => {
    const storage = await seeded();
    const failing: PeriodCloseStep = {
      name: 'boom',
      reads: [],
      writes: ['boom'],
      run: async () => {
        throw new Error('step failed');
      },
    };
    const { defaultPeriodCloseSteps } = await import('../../src/index');
    await expect(
      runPeriodClose(storage, { ...options, steps: [...defaultPeriodCloseSteps(), failing] }),
    ).rejects.toThrow('step failed');
    expect(await results(storage)).toEqual([]);
    const wrongKind: PeriodCloseStep = {
      name: 'liar',
      reads: [],
      writes: ['a'],
      run: async () => ({ results: [{ kind: 'b', key: 'k', periodKey: 'p', payload: {} }], summary: {} }),
    };
    await expect(runPeriodClose(storage, { ...options, steps: [wrongKind] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(
      runPeriodClose(storage, { ...options, steps: [wrongKind, wrongKind] }),
    ).rejects.toMatchObject({
      code: 'DUPLICATE_ID',
    });
    await expect(runPeriodClose(storage, { ...options, period: 'FY2024-Q5' })).rejects.toMatchObject({
      code: 'INVALID_PERIOD',
    });
    await expect(runPeriodClose(storage, { ...options, tenantId: ' ' })).rejects.toBeInstanceOf(OpenSpmError);
    await expect(runPeriodClose({} as StorageAdapter, options)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('gives the same results on SQLite as in memory', async () => {
    const SQL = await initSqlJs();
    const sqlite = createSqliteStorage(new SQL.Database());
    await sqlite.migrate();
    const a = await seeded();
    const b = await seeded(sqlite);
    await runPeriodClose(a, options);
    await runPeriodClose(b, options);
    const [ra, rb] = [await results(a), await results(b)];
    expect(rb.map((r) => r.key)).toEqual(ra.map((r) => r.key));
    for (const [i, r] of rb.entries()) expect(canonicalJson(r)).toBe(canonicalJson(ra[i]));
  });

  it('places days in the calendar zone', async () => {
    const storage = createMemoryStorage();
    await storage.load?.('z', {
      pipelines: data.pipelines,
      activities: [
        // 2024-06-30T17:00Z is already July 1st in Shanghai.
        { id: 'x', type: 'call', repId: 'R', at: '2024-06-30T17:00:00Z' },
      ],
    });
    const run = await runPeriodClose(storage, {
      tenantId: 'z',
      period: 'FY2024-Q3',
      asOf: '2024-12-31',
      currency: 'CNY',
      calendar: { zone: 'Asia/Shanghai' },
    });
    expect(run.steps.find((s) => s.name === 'activity-totals')?.summary.activities).toBe(1);
    const utc = await runPeriodClose(storage, {
      tenantId: 'z',
      period: 'FY2024-Q3',
      asOf: '2024-12-31',
      currency: 'CNY',
    });
    expect(utc.steps.find((s) => s.name === 'activity-totals')?.summary.activities).toBe(0);
  });
});

describe('storage properties', () => {
  it('canonicalJson does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(object));
      }),
    );
  });

  it('writing the same results twice reports them all unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.record({
            key: fc.string({ minLength: 1, maxLength: 20 }),
            minor: fc.bigInt({ min: 0n, max: 10n ** 20n }),
            payload: fc.jsonValue(),
          }),
          { selector: (r) => r.key, maxLength: 20 },
        ),
        async (rows) => {
          const storage = createMemoryStorage();
          const input = rows.map((r) => ({
            kind: 'x',
            key: r.key,
            periodKey: 'p',
            amount: Money.fromMinor(r.minor, 'CNY'),
            payload: r.payload,
          }));
          await storage.writeResults('t', input);
          const again = await storage.writeResults('t', input);
          expect(again).toEqual({ inserted: 0, updated: 0, unchanged: rows.length, deleted: 0 });
        },
      ),
      { numRuns: 50 },
    );
  });
});
