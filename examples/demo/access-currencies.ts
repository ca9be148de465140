import {
  convert,
  type Dataset,
  detectAnomalies,
  type FiscalCalendar,
  Money,
  OpenSpmError,
  rateTable,
  scopeDataset,
  scopeFor,
  scopeWarnings,
  stageConversion,
  validateDataset,
} from 'openspm';
import { grouped, printTable } from './table';

// Illustrative USD→CNY rates, one per month of 2024 (a CRM would load its finance team's table).
const rates = rateTable(
  ['7.10', '7.11', '7.10', '7.24', '7.24', '7.27', '7.27', '7.13', '7.03', '7.12', '7.20', '7.30'].map(
    (rate, m) => ({
      from: 'USD',
      to: 'CNY',
      rate,
      effectiveDate: `2024-${String(m + 1).padStart(2, '0')}-01`,
      source: 'illustrative month-start rate',
    }),
  ),
);

/**
 * One regional team sells in USD while the rest sell in CNY: the funnel's value figures are converted to CNY
 * at the rate on each deal's close date, and each viewer — a rep, their manager, the director — sees only
 * what their role allows.
 */
export function printCurrenciesAndScopes(data: Dataset, calendar: FiscalCalendar): void {
  // Re-denominate the last regional team's deals and payments in USD, as a Singapore office would book them.
  const usdTeam = data.teams[data.teams.length - 1]!;
  const usdReps = new Set(data.reps.filter((r) => r.teamId === usdTeam.id).map((r) => r.id));
  const usdDeals = new Set(data.deals.filter((d) => usdReps.has(d.ownerId)).map((d) => d.id));
  const toUsd = (m: Money) => Money.of(m.amount.dividedBy('7.1'), 'USD').round('half-even');
  const raw = {
    ...data,
    deals: data.deals.map((d) => (usdDeals.has(d.id) ? { ...d, amount: toUsd(d.amount) } : d)),
    payments: data.payments.map((p) => (usdDeals.has(p.dealId) ? { ...p, amount: toUsd(p.amount) } : p)),
  };

  console.log(
    `\n== Several currencies and who sees what: ${usdTeam.name} books its ${usdDeals.size} deals in USD ==`,
  );
  try {
    validateDataset(raw);
  } catch (error) {
    if (!(error instanceof OpenSpmError)) throw error;
    console.log(`Without a reporting currency: ${error.code}: ${error.issues[0]?.message ?? error.message}`);
  }
  const mixed = validateDataset(raw, { reportingCurrency: 'CNY', rates });
  console.log(
    `With reportingCurrency CNY and ${rates.rates.length} USD→CNY rates: valid (${mixed.deals.length} deals).`,
  );

  const input = { pipeline: mixed.pipelines[0]!, deals: mixed.deals, stageChanges: mixed.stageChanges };
  const funnel = stageConversion(input, {
    asOf: '2024-12-31',
    calendar,
    reportingCurrency: 'CNY',
    rates,
    conversion: 'close-date',
  });
  const won = funnel.overall.stages.find((s) => s.kind === 'won')!;
  console.log(
    `Won value ${won.value ? grouped(won.value.entered) : 'n/a'} CNY (${funnel.definition.conversion}); average won deal ${grouped(funnel.overall.averageDealSize!.average!)} CNY.`,
  );
  const sample = mixed.deals.find((d) => usdDeals.has(d.id) && d.closedAt)!;
  const closed = sample.closedAt!.toISOString().slice(0, 10);
  const one = convert(sample.amount, 'CNY', { rates, policy: { kind: 'on-date', date: closed } });
  console.log(`For example ${sample.id}, closed ${closed}: ${one.text}`);

  // Who sees what, on the last day of the year: the rule is derived from the team tree and roles.
  const org = { teams: mixed.teams, reps: mixed.reps };
  const manager = usdTeam.managerId!;
  const dealCount = (id: string) => mixed.deals.filter((d) => d.ownerId === id).length;
  const rep = [...usdReps].filter((id) => id !== manager).sort((a, b) => dealCount(b) - dealCount(a))[0]!;
  const director = mixed.teams.find((t) => t.parentId === undefined)!.managerId!;
  const warnings = detectAnomalies(mixed, { asOf: '2024-12-31', calendar, reportingCurrency: 'CNY', rates });
  printTable(
    'What each viewer sees on 2024-12-31 (scopeFor, scopeDataset, scopeWarnings; won value in CNY)',
    ['viewer', 'role', 'people', 'teams', 'deals', 'won value', 'warnings'],
    [rep, manager, director].map((viewer) => {
      const scope = scopeFor(viewer, org, { asOf: '2024-12-31' });
      const view = scopeDataset(mixed, scope);
      const mine = stageConversion(
        { pipeline: view.pipelines[0]!, deals: view.deals, stageChanges: view.stageChanges },
        { asOf: '2024-12-31', calendar, reportingCurrency: 'CNY', rates },
      );
      const wonValue = mine.overall.stages.find((s) => s.kind === 'won')!.value?.entered;
      return [
        viewer,
        scope.role,
        scope.all ? 'all' : scope.repIds.length,
        scope.all ? 'all' : scope.teamIds.length,
        view.deals.length,
        wonValue ? grouped(wonValue) : 'n/a',
        scopeWarnings(warnings.warnings, scope).length,
      ];
    }),
  );
  console.log(
    `A rep sees no team figure, not even a team of one; storage adapters apply the same rule at the source (ReadQuery.scope).`,
  );
}
