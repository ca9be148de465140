import {
  type Dataset,
  type FiscalCalendar,
  Money,
  parsePeriodKey,
  runPeriodClose,
  type StoredResult,
} from 'openspm';
import { createMemoryStorage } from 'openspm/adapters/memory';
import { demoPlan } from './incentives';
import { grouped, printTable } from './table';

/**
 * The period-close job on the embedded default storage: load the CRM, save a quarter target, close the
 * quarter twice (the second run changes nothing), and print what was stored.
 */
export async function printPeriodClose(data: Dataset, calendar: FiscalCalendar): Promise<void> {
  const storage = createMemoryStorage();
  await storage.load?.('demo', data);
  const period = parsePeriodKey('FY2024-Q4', calendar);
  await storage.save(
    'targets',
    'demo',
    {
      id: 'Q4-won',
      period,
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: Money.of('3000000', 'CNY'),
    },
    0,
  );
  // The commission plan, stored as a versioned document: the period close pays from it. Satisfaction
  // scores are not in the CRM store, so the stored version leaves out the satisfaction gate.
  const { effective, metrics: _metrics, ...body } = demoPlan;
  await storage.save(
    'plans',
    'demo',
    {
      id: 'plan-sales-2024',
      name: 'Sales team 2024',
      effectiveFrom: effective.from,
      body: {
        ...body,
        components: body.components.map((c) => {
          const { modifiers: _gate, ...rest } = c as { modifiers?: unknown };
          return rest;
        }),
      },
    },
    0,
  );
  const options = { tenantId: 'demo', period: 'FY2024-Q4', asOf: '2024-12-31T23:59:59+08:00', calendar };
  const close = await runPeriodClose(storage, options);
  printTable(
    `Period close ${close.period.key} (as of ${close.asOf}): one transaction, ${close.results} results written`,
    ['step', 'reads', 'results', 'figures'],
    close.steps.map((s) => [
      s.name,
      s.reads.join(', '),
      s.results,
      Object.entries(s.summary)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ]),
  );
  const again = await runPeriodClose(storage, options);
  console.log(
    `Run again: ${again.write.unchanged} unchanged, ${again.write.inserted} inserted, ${again.write.updated} updated, ${again.write.deleted} deleted.`,
  );

  const statements: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId: 'demo', kind: 'payout-statement' }))
    statements.push(...page);
  const best = [...statements].sort((a, b) => Number(b.amount?.amount ?? 0) - Number(a.amount?.amount ?? 0));
  printTable(
    `Payout statements stored by the close (${statements.length}), largest first`,
    ['rep', 'pay period', 'payable CNY', 'plan', 'document'],
    best.slice(0, 5).map((r) => {
      const p = r.payload as {
        planDocument: { id: string; version: number };
        statement: { period: { key: string }; plan: { id: string; version: number } };
      };
      return [
        String(r.subjectId),
        p.statement.period.key,
        grouped(r.amount ?? Money.zero('CNY')),
        `${p.statement.plan.id} v${p.statement.plan.version}`,
        `${p.planDocument.id} v${p.planDocument.version}`,
      ];
    }),
  );

  const stored: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId: 'demo', kind: 'target-allocation' }))
    stored.push(...page);
  const top = stored
    .map(
      (r) =>
        r.payload as {
          repId: string;
          allocated: { amount: string };
          progress: { actual: { amount: string }; ratio: string | null };
        },
    )
    .sort((a, b) => Number(b.progress.ratio ?? 0) - Number(a.progress.ratio ?? 0))
    .slice(0, 5);
  printTable(
    'Q4 target split by working days, best attainment first (won ÷ allocated target)',
    ['rep', 'target CNY', 'won CNY', 'attainment'],
    top.map((p) => [
      p.repId,
      grouped(Money.of(p.allocated.amount, 'CNY')),
      grouped(Money.of(p.progress.actual.amount, 'CNY')),
      p.progress.ratio === null ? 'n/a' : `${(Number(p.progress.ratio) * 100).toFixed(1)}%`,
    ]),
  );
}
