import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { createPostgresStorage } from '../../src/adapters/postgres/index';
import {
  canonicalJson,
  convert,
  type Dataset,
  DEFAULT_REPORT_SCORECARD,
  type ExchangeRateInput,
  funnelStep,
  Money,
  OpenSpmError,
  type PlanInput,
  parsePeriodKey,
  periodTotalsStep,
  type RunPeriodCloseOptions,
  runPeriodClose,
  type ScorecardInput,
  type StorageAdapter,
  type StoredResult,
  scoreKpis,
  stageConversion,
  targetVariance,
  toCalendarDate,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

// One PGlite per file: it takes a few seconds to start. Each test uses its own tenant.
let db: PGlite | undefined;
let pgReady: Promise<StorageAdapter> | undefined;
const pg = () => {
  pgReady ??= (async () => {
    db = new PGlite();
    const storage = createPostgresStorage(db);
    await storage.migrate();
    return storage as StorageAdapter;
  })();
  return pgReady;
};
afterAll(async () => {
  await db?.close();
}, 60_000);

const period = parsePeriodKey('FY2024-Q3');
const base = { period: 'FY2024-Q3', asOf: '2024-12-31' };

// The sample CRM with the deals of half the reps (and their payments) in USD: a tenant in two currencies.
const sample = generateSampleData({ seed: 11, reps: 8, deals: 200 });
const usdReps = new Set(['rep-2', 'rep-4', 'rep-6', 'rep-8']);
const usdDeals = new Set(sample.deals.filter((d) => usdReps.has(d.ownerId)).map((d) => d.id));
const toUsd = (m: Money) => Money.of(m.amount.dividedBy(7.1).toDecimalPlaces(2), 'USD');
const { currency: _currency, ...crm } = sample;
const data = {
  ...crm,
  pipelines: crm.pipelines.map(({ currency: _c, ...p }) => p),
  deals: crm.deals.map((d) => (usdDeals.has(d.id) ? { ...d, amount: toUsd(d.amount) } : d)),
  payments: crm.payments.map((p) => (usdDeals.has(p.dealId) ? { ...p, amount: toUsd(p.amount) } : p)),
} as unknown as Dataset;

// One USD→CNY rate a month, each a little different; the EUR row is never needed by this tenant.
const rates: ExchangeRateInput[] = Array.from({ length: 14 }, (_, i) => ({
  from: 'USD',
  to: 'CNY',
  rate: (7.08 + i * 0.013).toFixed(4),
  effectiveDate: `${2023 + Math.floor((i + 11) / 12)}-${String(((i + 11) % 12) + 1).padStart(2, '0')}-01`,
  source: 'test parity',
}));
const reporting = { reportingCurrency: 'CNY', rates } as const;

const plan: PlanInput = {
  id: 'ae',
  version: 1,
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  payPeriod: 'month',
  exchange: { policy: 'transaction-date' },
  components: [{ id: 'commission', type: 'commission', rates: { type: 'flat', rate: '0.05' } }],
};
const { effective: _effective, ...planBody } = plan;

async function seed(storage: StorageAdapter, tenantId: string, extra?: Partial<Dataset>): Promise<void> {
  await storage.load?.(tenantId, {
    ...data,
    ...(extra?.deals ? { deals: [...data.deals, ...extra.deals] } : {}),
  } as never);
  await storage.save(
    'targets',
    tenantId,
    {
      id: 'T-co',
      period,
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: { amount: '1800000', currency: 'CNY' },
    },
    0,
  );
  // A rep target set in USD: converted at the rate on the period's first day.
  await storage.save(
    'targets',
    tenantId,
    {
      id: 'T-rep-2',
      period,
      scope: { type: 'rep', id: 'rep-2' },
      metric: 'won-amount',
      amount: { amount: '120000.00', currency: 'USD' },
    },
    0,
  );
  await storage.save(
    'plans',
    tenantId,
    { id: 'P-ae', name: 'AE plan', effectiveFrom: '2024-01-01', body: planBody },
    0,
  );
}

async function stored(storage: StorageAdapter, tenantId: string, kind?: string): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId, ...(kind ? { kind } : {}) }))
    out.push(...page);
  return out.sort((a, b) => (`${a.kind}|${a.key}` < `${b.kind}|${b.key}` ? -1 : 1));
}

const plain = (v: unknown) => JSON.parse(canonicalJson(v));
const wonStages = new Set(['won']);
const inQ3 = (d: Date) => {
  const day = toCalendarDate(d, 'UTC');
  return day >= period.start && day < period.end;
};
const toCny = (m: Money, date: string) =>
  convert(m, 'CNY', { rates, policy: { kind: 'on-date', date }, rounding: 'half-even' }).amount;

const adapters: [string, () => Promise<StorageAdapter>][] = [
  ['memory', async () => createMemoryStorage()],
  ['postgres (PGlite)', pg],
];

describe.each(adapters)('a period close in several currencies on the %s adapter', (name, make) => {
  const tenant = (t: string) => `${t}-${name.startsWith('memory') ? 'mem' : 'pg'}`;

  it('succeeds with rates: every amount in CNY, equal to what the pure modules give', async () => {
    const storage = await make();
    const tenantId = tenant('fx-ok');
    await seed(storage, tenantId);
    const close = await runPeriodClose(storage, { tenantId, ...base, ...reporting });

    // period totals: the sum of each won deal converted at the rate on its close date
    const won = data.deals.filter((d) => d.closedAt && wonStages.has(d.stageId) && inQ3(d.closedAt));
    expect(won.some((d) => d.amount.currency === 'USD')).toBe(true);
    const expectedWon = Money.sum(
      won.map((d) => toCny(d.amount, toCalendarDate(d.closedAt as Date, 'UTC'))),
      'CNY',
    );
    const company = (await stored(storage, tenantId, 'period-total')).find((r) => r.subjectId === undefined);
    expect((company!.payload as { won: { amount: unknown } }).won.amount).toEqual(expectedWon.toJSON());
    const totals = close.steps.find((s) => s.name === 'period-totals')?.summary as {
      currency: string;
      conversions: { currency: string; amounts: number; byPair: { pair: string }[]; rates: unknown[] };
    };
    expect(totals.currency).toBe('CNY');
    expect(totals.conversions.currency).toBe('CNY');
    expect(totals.conversions.byPair.map((p) => p.pair)).toEqual(['USD→CNY']);
    expect(totals.conversions.rates.length).toBeLessThanOrEqual(50);

    // every stored headline amount is in the reporting currency
    const all = await stored(storage, tenantId);
    for (const r of all) if (r.amount) expect(r.amount.currency, `${r.kind} ${r.key}`).toBe('CNY');

    // funnel: what stageConversion gives for the same deals and options
    const asOf = '2024-09-30';
    const pipeline = data.pipelines[0]!;
    const cut = Date.parse('2024-10-01T00:00:00Z');
    const deals = data.deals.filter((d) => d.createdAt.getTime() < cut);
    const direct = stageConversion(
      {
        pipeline,
        deals,
        stageChanges: data.stageChanges!.filter((c) => c.at.getTime() < cut),
      },
      { asOf, mode: 'period', period, ...reporting },
    );
    const summary = (await stored(storage, tenantId, 'funnel-summary'))[0]?.payload as {
      values: unknown;
      definition: { conversion?: string };
      conversions: { currency: string; amounts: number; ratesOmitted: number };
    };
    expect(summary.values).toEqual(plain(direct.overall.values));
    expect(summary.definition.conversion).toBe(direct.definition.conversion);
    expect(summary.conversions.amounts).toBe(direct.conversions?.count);
    expect(summary.conversions.currency).toBe('CNY');

    // KPI values: what scoreKpis gives (values do not depend on targets)
    const reps = data.reps
      .filter((r) => r.role === 'rep')
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((r) => ({ id: r.id, name: r.name, teamId: r.teamId, hireDate: r.hireDate, role: r.role }));
    const withOne: ScorecardInput = {
      ...DEFAULT_REPORT_SCORECARD,
      dimensions: DEFAULT_REPORT_SCORECARD.dimensions.map((d) => ({
        ...d,
        kpis: d.kpis.map((k) => ({ ...k, target: 1 })),
      })),
    };
    const dataset = {
      ...data,
      deals,
      stageChanges: data.stageChanges!.filter((c) => c.at.getTime() < cut),
      activities: data.activities!.filter((a) => a.at.getTime() < cut),
      payments: data.payments!.filter((p) => p.at.getTime() < cut),
    } as Dataset;
    const kpi = scoreKpis({ scorecard: withOne, dataset, reps }, { asOf, period, zone: 'UTC', ...reporting });
    const scores = await stored(storage, tenantId, 'kpi-score');
    expect(scores.length).toBe(kpi.reps.length);
    for (const r of kpi.reps) {
      const s = scores.find((x) => x.subjectId === r.repId)?.payload as {
        kpis: { kpiId: string; value: unknown }[];
      };
      expect(s.kpis.map((k) => [k.kpiId, k.value])).toEqual(r.kpis.map((k) => [k.kpiId, k.value]));
    }
    const kpiSummary = close.steps.find((s) => s.name === 'kpi-score')?.summary as {
      conversions: { amounts: number };
    };
    expect(kpiSummary.conversions.amounts).toBe(kpi.conversions?.count);

    // the USD rep target was converted at the rate on the period's first day
    const shares = (await stored(storage, tenantId, 'target-allocation')).filter(
      (r) => (r.payload as { targetId: string }).targetId === 'T-rep-2',
    );
    expect(shares.length).toBe(1);
    const teamTarget = toCny(Money.of('120000.00', 'USD'), period.start);
    expect(
      Money.sum(
        shares.map((s) => s.amount as Money),
        'CNY',
      ).equals(teamTarget),
    ).toBe(true);
    expect((shares[0]!.payload as { targetAsStored: unknown }).targetAsStored).toEqual({
      amount: '120000.00',
      currency: 'USD',
    });

    // target variance: what targetVariance gives for the allocated targets and the raw achievements
    const allocations = await stored(storage, tenantId, 'target-allocation');
    const RANK: Record<string, number> = { rep: 0, team: 1, company: 2 };
    const best = new Map<string, { rank: number; amount: Money }>();
    for (const a of allocations) {
      const p = a.payload as { repId: string; scope: { type: string } };
      const rank = RANK[p.scope.type]!;
      const had = best.get(p.repId);
      if (!had || rank < had.rank) best.set(p.repId, { rank, amount: a.amount as Money });
      else if (rank === had.rank) had.amount = had.amount.plus(a.amount as Money);
    }
    const variance = targetVariance(
      {
        targets: [...best].map(([repId, t]) => ({ repId, period, amount: t.amount })),
        achievements: won
          .filter((d) => best.has(d.ownerId))
          .map((d) => ({
            id: d.id,
            repId: d.ownerId,
            amount: d.amount,
            date: toCalendarDate(d.closedAt as Date, 'UTC'),
          })),
      },
      { ...reporting, conversion: 'on-date' },
    );
    const rows = await stored(storage, tenantId, 'target-variance');
    for (const r of variance.reps) {
      const row = rows.find((x) => x.key === `FY2024-Q3|won-amount|${r.repId}`)?.payload as {
        achieved: unknown;
        target: unknown;
        variance: unknown;
        attainment: unknown;
      };
      expect([row.achieved, row.target, row.variance, row.attainment]).toEqual(
        plain([r.achieved, r.target, r.variance, r.attainment]),
      );
    }

    // incentives: the plan converts at the transaction date with the run's rates
    const ledger = await stored(storage, tenantId, 'ledger-entry');
    const convertedLines = ledger.filter(
      (l) => (l.payload as { entry: { conversion?: unknown } }).entry.conversion !== undefined,
    );
    expect(convertedLines.length).toBeGreaterThan(0);
    const inc = close.steps.find((s) => s.name === 'incentives')?.summary as {
      conversions: { lines: number; rates: { pair: string; policy: string }[] };
    };
    expect(inc.conversions.lines).toBe(convertedLines.length);
    expect(inc.conversions.rates.every((r) => r.pair === 'USD→CNY' && r.policy === 'on-date')).toBe(true);

    // warnings: the step ran on converted amounts
    const warn = close.steps.find((s) => s.name === 'warnings')?.summary as { conversions?: unknown };
    expect(warn.conversions).toBeTruthy();
  }, 120_000);

  it('gives the same stored state when run twice', async () => {
    const storage = await make();
    const tenantId = tenant('fx-twice');
    await seed(storage, tenantId);
    const options: RunPeriodCloseOptions = { tenantId, ...base, ...reporting };
    const first = await runPeriodClose(storage, options);
    const state = canonicalJson(await stored(storage, tenantId));
    const second = await runPeriodClose(storage, options);
    expect(second.write).toEqual({ inserted: 0, updated: 0, unchanged: first.results, deleted: 0 });
    expect(canonicalJson(await stored(storage, tenantId))).toBe(state);
  }, 120_000);

  it('without rates fails with a clear error and writes nothing', async () => {
    const storage = await make();
    const tenantId = tenant('fx-none');
    await seed(storage, tenantId);
    const noOptions = runPeriodClose(storage, { tenantId, ...base });
    await expect(noOptions).rejects.toMatchObject({ code: 'CURRENCY_MISMATCH' });
    await expect(runPeriodClose(storage, { tenantId, ...base })).rejects.toThrow(
      /is in (USD|CNY) but the period is closed in (CNY|USD); pass reportingCurrency and rates/,
    );
    // a reporting currency but no rates: the module's missing-rate error, naming the pair
    await expect(
      runPeriodClose(storage, { tenantId, ...base, reportingCurrency: 'CNY' }),
    ).rejects.toMatchObject({ code: 'MISSING_EXCHANGE_RATE', message: expect.stringMatching(/USD→CNY/) });
    expect(await stored(storage, tenantId)).toEqual([]);
  }, 120_000);

  it('a rate missing for one day fails naming the pair and the date, and changes nothing stored', async () => {
    const storage = await make();
    const tenantId = tenant('fx-gap');
    const eurDeal = {
      ...data.deals.find((d) => d.stageId === 'won' && d.closedAt && inQ3(d.closedAt))!,
      id: 'deal-eur',
      amount: Money.of('5000.00', 'EUR'),
      createdAt: new Date('2024-07-20T09:00:00Z'),
      closedAt: new Date('2024-08-14T10:00:00Z'),
    };
    await seed(storage, tenantId, { deals: [eurDeal] });
    const eur = { from: 'EUR', to: 'CNY', rate: '7.85', effectiveDate: '2024-08-15' };
    const options = { tenantId, ...base, reportingCurrency: 'CNY' };
    // a good close first, with the EUR rate a day earlier
    await runPeriodClose(storage, { ...options, rates: [...rates, { ...eur, effectiveDate: '2024-08-14' }] });
    const before = canonicalJson(await stored(storage, tenantId));
    const error = await runPeriodClose(storage, { ...options, rates: [...rates, eur] }).catch((e) => e);
    expect(error).toBeInstanceOf(OpenSpmError);
    expect(error.code).toBe('MISSING_EXCHANGE_RATE');
    expect(error.message).toContain('EUR→CNY');
    expect(error.message).toContain('2024-08-14');
    expect(error.message).toContain('deal-eur');
    expect(canonicalJson(await stored(storage, tenantId))).toBe(before);
  }, 120_000);
});

describe('period-close currency options', () => {
  const storage = createMemoryStorage();
  const tenantId = 'opts';
  const run = (o: Partial<RunPeriodCloseOptions>) =>
    runPeriodClose(storage, { tenantId, ...base, steps: [periodTotalsStep], ...o });

  it('are checked before anything is read', async () => {
    await expect(run({ reportingCurrency: 'CNY', currency: 'USD' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: ['reportingCurrency'],
    });
    await expect(run({ reportingCurrency: 'yuan' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(run({ conversion: 'close-date' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      path: ['conversion'],
    });
    await expect(
      run({
        reportingCurrency: 'CNY',
        rates: [{ from: 'USD', to: 'CNY', rate: '-1', effectiveDate: '2024-01-01' }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: ['rates', 0, 'rate'] });
    await expect(
      run({ reportingCurrency: 'CNY', conversion: { kind: 'on-date' } as never }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', path: expect.arrayContaining(['conversion']) });
  });

  it('reach the steps: currency with rates is the reporting currency, and a policy applies to every amount', async () => {
    const s = createMemoryStorage();
    await s.load('t', data as never);
    const seen: unknown[] = [];
    const probe = {
      name: 'probe',
      reads: [],
      writes: [],
      async run(ctx: Parameters<typeof funnelStep.run>[0]) {
        seen.push([ctx.currency, ctx.reportingCurrency, ctx.rates?.rates.length, ctx.conversion]);
        return { results: [], summary: {} };
      },
    };
    await runPeriodClose(s, { tenantId: 't', ...base, currency: 'CNY', rates, steps: [probe] });
    await runPeriodClose(s, { tenantId: 't', ...base, currency: 'CNY', steps: [probe] });
    expect(seen).toEqual([
      ['CNY', 'CNY', rates.length, 'close-date'],
      ['CNY', undefined, undefined, undefined],
    ]);
    const fixed = { kind: 'fixed' as const, rates: [{ from: 'USD', to: 'CNY', rate: '7' }] };
    const close = await runPeriodClose(s, {
      tenantId: 't',
      ...base,
      reportingCurrency: 'CNY',
      conversion: fixed,
      steps: [periodTotalsStep],
    });
    const won = data.deals.filter((d) => d.closedAt && d.stageId === 'won' && inQ3(d.closedAt));
    const expected = Money.sum(
      won.map((d) =>
        d.amount.currency === 'USD' ? Money.of(d.amount.amount.times(7), 'CNY').round('half-even') : d.amount,
      ),
      'CNY',
    );
    expect(close.steps[0]?.summary.wonAmount).toBe(expected.toString());
  });
});

describe("the incentives step with the run's rates", () => {
  it('converts on a period-average plan, and a plan with dated rates needs them', async () => {
    const storage = createMemoryStorage();
    await seed(storage, 'avg');
    await storage.save(
      'plans',
      'avg',
      {
        id: 'P-ae',
        name: 'AE plan',
        effectiveFrom: '2024-01-01',
        body: { ...planBody, exchange: { policy: 'period-average' } },
      },
      1,
    );
    const close = await runPeriodClose(storage, { tenantId: 'avg', ...base, ...reporting });
    const inc = close.steps.find((s) => s.name === 'incentives')?.summary as {
      conversions: { lines: number; rates: { policy: string; text: string }[] };
    };
    expect(inc.conversions.lines).toBeGreaterThan(0);
    expect(inc.conversions.rates.every((r) => r.policy === 'period-average')).toBe(true);
    // the rates only (no reporting currency): the other steps still refuse to add USD to CNY
    await expect(runPeriodClose(storage, { tenantId: 'avg', ...base, rates })).rejects.toMatchObject({
      code: 'CURRENCY_MISMATCH',
    });
  }, 120_000);
});

describe('period-close currency properties', () => {
  it('the company won amount and the funnel won value equal the sum of the converted won deals', async () => {
    const day = fc.integer({ min: 0, max: 91 }).map((n) => new Date(Date.UTC(2024, 6, 1 + n, 10)));
    const deal = fc.record({
      cents: fc.integer({ min: 1, max: 50_000_000 }),
      usd: fc.boolean(),
      closed: day,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(deal, { minLength: 1, maxLength: 12 }), async (list) => {
        const storage = createMemoryStorage();
        const deals = list.map((d, i) => ({
          id: `d${i}`,
          pipelineId: 'p',
          ownerId: 'r1',
          amount: Money.fromMinor(d.cents, d.usd ? 'USD' : 'CNY'),
          createdAt: new Date(Date.UTC(2024, 5, 1)),
          stageId: 'won',
          closedAt: d.closed,
        }));
        await storage.load('t', {
          pipelines: [
            {
              id: 'p',
              name: 'P',
              stages: [
                { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
                { id: 'won', name: 'Won', order: 1, kind: 'won' },
                { id: 'lost', name: 'Lost', order: 2, kind: 'lost' },
              ],
            },
          ],
          deals,
          stageChanges: deals.map((d) => ({
            dealId: d.id,
            fromStageId: 'lead',
            toStageId: 'won',
            at: d.closedAt,
          })),
        } as never);
        const close = await runPeriodClose(storage, {
          tenantId: 't',
          ...base,
          ...reporting,
          steps: [periodTotalsStep, funnelStep],
        });
        const expected = Money.sum(
          deals.map((d) => toCny(d.amount, toCalendarDate(d.closedAt, 'UTC'))),
          'CNY',
        );
        expect(close.steps[0]?.summary.wonAmount).toBe(expected.toString());
        const summary = (await stored(storage, 't', 'funnel-summary'))[0]?.payload as {
          values: { won: { amount: string; currency: string } };
        };
        expect(summary.values.won).toMatchObject(expected.toJSON());
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
