import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { createSqliteStorage } from '../../src/adapters/sqlite/index';
import {
  calculateIncentives,
  canonicalJson,
  createIncentivesStep,
  defaultPeriodCloseSteps,
  OpenSpmError,
  type PlanInput,
  parsePeriodKey,
  runPeriodClose,
  type StorageAdapter,
  type StoredResult,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const data = generateSampleData({ seed: 11, reps: 8, deals: 250 });
const period = parsePeriodKey('FY2024-Q3');
const options = { tenantId: 'acme', period: 'FY2024-Q3', asOf: '2024-12-31' };

const plan: PlanInput = {
  id: 'ae',
  version: 1,
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  payPeriod: 'month',
  components: [
    {
      id: 'commission',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.05' },
          { from: 1, rate: '0.08' },
        ],
      },
    },
  ],
};
const { effective: _effective, ...body } = plan;

async function seeded(
  withPlan = true,
  storage: StorageAdapter = createMemoryStorage(),
): Promise<StorageAdapter> {
  await storage.load?.('acme', data);
  await storage.save(
    'targets',
    'acme',
    {
      id: 'T-co',
      period,
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: { amount: '2000000', currency: 'CNY' },
    },
    0,
  );
  if (withPlan) {
    await storage.save(
      'plans',
      'acme',
      { id: 'P-ae', name: 'AE plan', effectiveFrom: '2024-01-01', body },
      0,
    );
  }
  return storage;
}

async function stored(storage: StorageAdapter, kind?: string): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId: 'acme', ...(kind ? { kind } : {}) }))
    out.push(...page);
  return out.sort((a, b) => (`${a.kind}|${a.key}` < `${b.kind}|${b.key}` ? -1 : 1));
}

describe('incentives period-close step', () => {
  it('is in the default steps and does nothing, saying so, when no plan is stored', async () => {
    expect(defaultPeriodCloseSteps().at(-1)?.name).toBe('incentives');
    const close = await runPeriodClose(await seeded(false), options);
    const step = close.steps.find((s) => s.name === 'incentives');
    expect(step?.results).toBe(0);
    expect(step?.summary).toEqual({
      plans: 0,
      note: 'no commission plan in force in FY2024-Q3: nothing calculated',
    });
  });

  it('writes statements and ledger entries equal to calculateIncentives run directly; twice changes nothing', async () => {
    const storage = await seeded();
    const first = await runPeriodClose(storage, options);
    const step = first.steps.find((s) => s.name === 'incentives');
    const statements = await stored(storage, 'payout-statement');
    const ledger = await stored(storage, 'ledger-entry');
    expect(statements.length).toBeGreaterThan(0);
    expect(step?.summary.statements).toBe(statements.length);
    expect(step?.summary.ledgerEntries).toBe(ledger.length);
    expect(step?.summary.plans).toEqual(['ae v1 (document P-ae v1)']);

    const all = canonicalJson(await stored(storage));
    const second = await runPeriodClose(storage, options);
    expect(second.write).toEqual({ inserted: 0, updated: 0, unchanged: first.results, deleted: 0 });
    expect(canonicalJson(await stored(storage))).toBe(all);

    // The same calculation by hand: won deals of the attainment window (Q3) to the cutoff, the company target split as quotas.
    const won = new Set(
      data.pipelines.flatMap((p) => p.stages.filter((s) => s.kind === 'won').map((s) => `${p.id}|${s.id}`)),
    );
    const reps = data.reps.filter((r) => r.role === 'rep');
    const allocations = await stored(storage, 'target-allocation');
    const direct = calculateIncentives(
      {
        plans: [plan],
        assignments: reps.map((r) => ({
          payeeId: r.id,
          planId: 'ae',
          from: [r.hireDate.toISOString().slice(0, 10), '2024-01-01'].sort()[1] as string,
          ...(r.endDate ? { to: new Date(r.endDate.getTime() + 86_400_000).toISOString().slice(0, 10) } : {}),
        })),
        deals: data.deals
          .filter(
            (d) =>
              d.closedAt &&
              won.has(`${d.pipelineId}|${d.stageId}`) &&
              d.closedAt.getTime() < Date.parse('2024-10-01T00:00:00Z') &&
              d.closedAt.getTime() >= Date.parse('2024-07-01T00:00:00Z'),
          )
          .map((d) => ({ id: d.id, amount: d.amount, date: d.closedAt as Date, payeeId: d.ownerId })),
        quotas: allocations.map((a) => ({
          payeeId: a.subjectId as string,
          period: a.periodKey,
          amount: (a.amount as { toJSON(): { amount: string; currency: string } }).toJSON(),
        })),
      },
      { from: period.start, to: period.end },
    );
    expect(direct.statements.length).toBe(statements.length);
    const byKey = new Map(statements.map((s) => [s.key, s]));
    for (const st of direct.statements) {
      const s = byKey.get(`FY2024-Q3|${st.payeeId}|${st.period.key}|ae`);
      expect(s?.amount?.toString()).toBe(st.totals.payable.toString());
      const payload = s?.payload as {
        planDocument: unknown;
        statement: { totals: unknown; lines: unknown[] };
      };
      expect(payload.planDocument).toEqual({ id: 'P-ae', version: 1, name: 'AE plan' });
      expect(payload.statement.totals).toEqual(JSON.parse(JSON.stringify(st.totals)));
      expect(payload.statement.lines.length).toBe(st.lines.length);
    }
    const lineSum = ledger.reduce((sum, r) => sum + Math.round(Number(r.amount?.amount) * 100), 0);
    const statementSum = statements.reduce((sum, r) => sum + Math.round(Number(r.amount?.amount) * 100), 0);
    expect(lineSum).toBe(statementSum);
  });

  it('names the plan document when its body is not a valid plan, and writes nothing', async () => {
    const storage = await seeded(false);
    await storage.save(
      'plans',
      'acme',
      { id: 'P-bad', name: 'Broken', effectiveFrom: '2024-01-01', body: { ...body, currency: 'cny!' } },
      0,
    );
    const error = await runPeriodClose(storage, options).catch((e) => e);
    expect(error).toBeInstanceOf(OpenSpmError);
    expect(error.code).toBe('INVALID_PLAN');
    expect(error.message).toContain('plan document "P-bad" (version 1)');
    expect(await stored(storage)).toEqual([]);
  });

  it('asks who is on which plan when several plans are in force, and follows assign', async () => {
    const storage = await seeded();
    await storage.save(
      'plans',
      'acme',
      { id: 'P-flat', name: 'Flat', effectiveFrom: '2024-07-01', body: { ...body, id: 'flat' } },
      0,
    );
    await expect(runPeriodClose(storage, options)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const steps = [
      ...defaultPeriodCloseSteps().filter((s) => s.name !== 'incentives'),
      createIncentivesStep({ assign: (rep) => (rep.id < 'M' ? 'ae' : 'flat') }),
    ];
    const close = await runPeriodClose(storage, { ...options, steps });
    expect(close.steps.at(-1)?.summary.plans).toEqual([
      'ae v1 (document P-ae v1)',
      'flat v1 (document P-flat v1)',
    ]);
  });

  it('stores the same statements on SQLite as in memory', async () => {
    const SQL = await initSqlJs();
    const sqlite = createSqliteStorage(new SQL.Database());
    await sqlite.migrate();
    const [a, b] = [await seeded(), await seeded(true, sqlite)];
    await runPeriodClose(a, options);
    await runPeriodClose(b, options);
    const [ra, rb] = [await stored(a, 'payout-statement'), await stored(b, 'payout-statement')];
    expect(rb.length).toBeGreaterThan(0);
    expect(canonicalJson(rb)).toBe(canonicalJson(ra));
  });
});
