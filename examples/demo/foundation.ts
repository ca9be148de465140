import {
  type Dataset,
  type FiscalCalendar,
  fiscalYear,
  Money,
  OpenSpmError,
  periodContaining,
  subPeriods,
  toCalendarDate,
  validateDataset,
  workingDays,
} from 'openspm';
import { grouped, printTable } from './table';

/** The pipeline at the snapshot date: open deals per stage, their amount, and the weighted pipeline. */
export function printPipelineSnapshot(data: Dataset): void {
  const pipeline = data.pipelines[0]!;
  const currency = data.currency ?? 'CNY';
  const rows = pipeline.stages
    .filter((s) => s.kind === 'open')
    .map((stage) => {
      const deals = data.deals.filter((d) => d.stageId === stage.id);
      const amount = Money.sum(
        deals.map((d) => d.amount),
        currency,
      );
      const weighted = amount.times(stage.probability ?? 0).round('half-up');
      return [
        stage.name,
        deals.length,
        grouped(amount),
        `${(stage.probability ?? 0) * 100}%`,
        grouped(weighted),
      ];
    });
  printTable(
    'Open pipeline at the snapshot (amount × stage probability, rounded half-up once per stage)',
    ['stage', 'deals', `amount ${currency}`, 'probability', `weighted ${currency}`],
    rows,
  );
}

/** Won and collected per fiscal quarter, with the quarter's working days on the calendar. */
export function printQuarterResults(data: Dataset, calendar: FiscalCalendar, year: number): void {
  const currency = data.currency ?? 'CNY';
  const quarters = subPeriods(fiscalYear(year, calendar), 'quarter', calendar);
  const quarterOf = (at: Date) =>
    periodContaining('quarter', toCalendarDate(at, calendar.zone), calendar).key;
  const won = new Map<string, Money>();
  const collected = new Map<string, Money>();
  const add = (map: Map<string, Money>, key: string, m: Money) =>
    map.set(key, (map.get(key) ?? Money.zero(currency)).plus(m));
  for (const d of data.deals)
    if (d.stageId === 'won' && d.closedAt) add(won, quarterOf(d.closedAt), d.amount);
  for (const p of data.payments) add(collected, quarterOf(p.at), p.amount);
  const rows = quarters.map((q) => {
    const w = won.get(q.key) ?? Money.zero(currency);
    const c = collected.get(q.key) ?? Money.zero(currency);
    return [q.key, `${q.start}..${q.end}`, workingDays(q, calendar), grouped(w), grouped(c)];
  });
  printTable(
    `Results per quarter, ${calendar.zone} calendar with public holidays and make-up working days`,
    ['quarter', 'dates (end exclusive)', 'working days', `won ${currency}`, `collected ${currency}`],
    rows,
  );
}

/** An annual target split to quarters by working days, then to teams by headcount: every level sums exactly. */
export function printTargetSplit(data: Dataset, calendar: FiscalCalendar, year: number, annual: Money): void {
  const quarters = subPeriods(fiscalYear(year, calendar), 'quarter', calendar);
  const byQuarter = annual.allocate(quarters.map((q) => workingDays(q, calendar)));
  const teams = data.teams.filter((t) => t.parentId);
  const headcount = teams.map((t) => data.reps.filter((r) => r.teamId === t.id && r.role === 'rep').length);
  const rows = quarters.map((q, i) => {
    const perTeam = byQuarter[i]!.allocate(headcount);
    const exact = Money.sum(perTeam).equals(byQuarter[i]!) ? 'yes' : 'NO';
    return [q.key, grouped(byQuarter[i]!), ...perTeam.map((m) => grouped(m)), exact];
  });
  rows.push(['total', grouped(Money.sum(byQuarter)), ...teams.map(() => ''), '']);
  printTable(
    `Annual target ${grouped(annual)} ${annual.currency}: quarters by working days, then teams by headcount (largest remainder)`,
    ['quarter', 'target', ...teams.map((t, j) => `${t.name} (${headcount[j]})`), 'teams sum exactly'],
    rows,
  );
}

/** What a CRM developer sees when an export is wrong: every problem, with its path, in one error. */
export function printValidationErrors(): void {
  try {
    validateDataset({
      pipelines: [
        {
          id: 'p1',
          name: 'New business',
          stages: [
            { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
            { id: 'won', name: 'Won', order: 1, kind: 'won' },
          ],
        },
      ],
      deals: [
        {
          id: 'D-1',
          pipelineId: 'p1',
          ownerId: 'u1',
          stageId: 'proposal',
          amount: { amount: '-5', currency: 'CNY' },
          createdAt: '2024-02-30',
        },
        {
          id: 'D-2',
          pipelineId: 'p1',
          ownerId: 'u1',
          stageId: 'won',
          amount: { amount: '100', currency: 'USD' },
          createdAt: '2024-02-01',
        },
      ],
      stageChanges: [
        { dealId: 'D-2', fromStageId: null, toStageId: 'lead', at: '2024-03-01' },
        { dealId: 'D-2', fromStageId: 'lead', toStageId: 'won', at: '2024-02-15' },
      ],
    });
  } catch (error) {
    if (!(error instanceof OpenSpmError)) throw error;
    console.log(
      `\nA bad export is rejected with ${error.issues.length} problems, all at once (${error.code}):`,
    );
    for (const issue of error.issues) console.log(`  ${issue.code.padEnd(20)} ${issue.message}`);
  }
}
