import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import {
  canonicalJson,
  DEFAULT_REPORT_SCORECARD,
  defaultPeriodCloseSteps,
  funnelStep,
  kpiScoreStep,
  parsePeriodKey,
  runPeriodClose,
  type StorageAdapter,
  type StoredResult,
  targetVarianceStep,
  warningStep,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const data = generateSampleData({ seed: 11, reps: 10, deals: 300 });
const period = parsePeriodKey('FY2024-Q3');
const options = { tenantId: 'acme', period: 'FY2024-Q3', asOf: '2024-12-31' };

async function seeded(): Promise<StorageAdapter> {
  const storage = createMemoryStorage();
  await storage.load?.('acme', data);
  await storage.save(
    'targets',
    'acme',
    {
      id: 'T-co',
      period,
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: { amount: '900000', currency: 'CNY' },
    },
    0,
  );
  return storage;
}

async function results(storage: StorageAdapter, kind?: string): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId: 'acme' })) out.push(...page);
  return out
    .filter((r) => kind === undefined || r.kind === kind)
    .sort((a, b) => (`${a.kind}|${a.key}` < `${b.kind}|${b.key}` ? -1 : 1));
}

describe('analytics period-close steps', () => {
  it('are in the default steps, after the steps they read', () => {
    const names = defaultPeriodCloseSteps().map((s) => s.name);
    expect(names.slice(4)).toEqual(['target-variance', 'funnel', 'kpi-score', 'warnings', 'incentives']);
    expect(names.indexOf('target-variance')).toBeGreaterThan(names.indexOf('target-allocation'));
    expect(funnelStep.writes).toEqual(['funnel-stage', 'funnel-summary']);
    expect(kpiScoreStep.writes).toEqual(['kpi-score']);
    expect(targetVarianceStep.writes).toEqual(['target-variance']);
    expect(warningStep.writes).toEqual(['warning']);
  });

  it('write funnel, KPI, variance and warning results; running twice leaves the same stored state', async () => {
    const storage = await seeded();
    const first = await runPeriodClose(storage, options);
    const stored = canonicalJson(await results(storage));
    const second = await runPeriodClose(storage, options);
    expect(second.write).toEqual({ inserted: 0, updated: 0, unchanged: first.results, deleted: 0 });
    expect(canonicalJson(await results(storage))).toBe(stored);

    const stages = await results(storage, 'funnel-stage');
    expect(stages.length).toBeGreaterThan(2);
    const first0 = stages[0]?.payload as { entered: number; conversion: { nextStep: { text: string } } };
    expect(typeof first0.entered).toBe('number');
    expect(first0.conversion.nextStep.text).toMatch(/%|n\/a|—/);
    const summary = (await results(storage, 'funnel-summary'))[0]?.payload as { top: unknown; deals: object };
    expect(summary.deals).toBeTruthy();
    expect(
      stages.filter((s) => (s.payload as { bottleneck: boolean }).bottleneck).length,
    ).toBeLessThanOrEqual(1);

    const scores = await results(storage, 'kpi-score');
    const reps = data.reps.filter((r) => r.role === 'rep').length;
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.length).toBeLessThanOrEqual(reps);
    const s0 = scores[0]?.payload as { scorecard: { id: string }; kpis: unknown[]; targetSource: string };
    expect(s0.scorecard.id).toBe(DEFAULT_REPORT_SCORECARD.id);
    expect(s0.kpis).toHaveLength(4);
    expect(s0.targetSource).toContain('allocated won-amount');

    const variance = await results(storage, 'target-variance');
    const allocation = await results(storage, 'target-allocation');
    expect(variance.length).toBe(allocation.length);
    expect(variance[0]?.key).toMatch(/^FY2024-Q3\|won-amount\|/);
    // Allocated shares sum exactly to the company target; variance targets do too.
    const cents = (r: StoredResult) =>
      Math.round(Number((r.payload as { target: { amount: string } }).target.amount) * 100);
    expect(variance.reduce((a, r) => a + cents(r), 0)).toBe(90_000_000);

    const warnings = await results(storage, 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    const w = warnings[0]?.payload as { severity: string; message: { en: string; 'zh-CN': string } };
    expect(['critical', 'warning', 'info']).toContain(w.severity);
    expect(w.message['zh-CN'].length).toBeGreaterThan(0);
  });

  it('score with a stored scorecard when one is in force', async () => {
    const storage = await seeded();
    await storage.save(
      'scorecards',
      'acme',
      {
        id: 'sc-visits',
        name: 'Visits only',
        effectiveFrom: '2024-01-01',
        body: {
          id: 'sc-visits',
          name: 'Visits only',
          version: '3',
          effectiveFrom: '2024-01-01',
          dimensions: [
            {
              id: 'process',
              name: 'Process',
              weight: 100,
              kpis: [{ id: 'visits', name: 'Visits', weight: 100, metric: 'visits', target: 10 }],
            },
          ],
        },
      },
      0,
    );
    await runPeriodClose(storage, options);
    const scores = await results(storage, 'kpi-score');
    const p = scores[0]?.payload as { scorecard: { id: string; version: string }; kpis: { kpiId: string }[] };
    expect(p.scorecard).toMatchObject({ id: 'sc-visits', version: '3' });
    expect(p.kpis.map((k) => k.kpiId)).toEqual(['visits']);
  });

  it('a close that leaves out a step keeps the results it wrote before', async () => {
    const storage = await seeded();
    await runPeriodClose(storage, options);
    const before = (await results(storage, 'warning')).length;
    await runPeriodClose(storage, {
      ...options,
      steps: defaultPeriodCloseSteps().filter((s) => s.name !== 'warnings'),
    });
    expect((await results(storage, 'warning')).length).toBe(before);
  });
});
