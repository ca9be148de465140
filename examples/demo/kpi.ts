import {
  addDays,
  type Dataset,
  type FiscalCalendar,
  parsePeriodKey,
  type ScorecardInput,
  scoreKpis,
  teamScores,
} from 'openspm';
import { SeededRandom } from 'openspm/testing';
import { printTable } from './table';

const capped = (cap: number) => ({ kind: 'capped-ratio' as const, cap });

/** A three-dimension scorecard (process, result, customer) with tenure profiles, computed from the CRM. */
const scorecard: ScorecardInput = {
  id: 'sales-rep-2024',
  name: 'Sales rep scorecard',
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'process',
      name: 'Process',
      weight: 30,
      kpis: [
        { id: 'visits', name: 'Visits', weight: 50, metric: 'visits', target: 25, curve: capped(120) },
        {
          id: 'timely',
          name: 'Follow-up timeliness %',
          weight: 50,
          metric: 'followUpTimeliness',
          target: 80,
          curve: capped(110),
        },
      ],
    },
    {
      id: 'result',
      name: 'Result',
      weight: 55,
      kpis: [
        {
          id: 'signed',
          name: 'Signed amount',
          weight: 60,
          metric: 'signedAmount',
          target: 200_000,
          curve: { kind: 'piecewise', basis: 'attainment', threshold: 70, stretch: 150 },
        },
        {
          id: 'collection',
          name: 'Collection rate %',
          weight: 20,
          metric: 'collectionRate',
          target: 90,
          curve: capped(110),
        },
        { id: 'winRate', name: 'Win rate %', weight: 20, metric: 'winRate', target: 30, curve: capped(130) },
      ],
    },
    {
      id: 'customer',
      name: 'Customer',
      weight: 15,
      kpis: [{ id: 'csat', name: 'CSAT (supplied)', weight: 100, target: 4.5, curve: capped(110) }],
    },
  ],
  profiles: [
    {
      id: 'new hire',
      when: { tenureMonths: { max: 6 } },
      dimensionWeights: { process: 50, result: 35, customer: 15 },
    },
    {
      id: 'veteran',
      when: { tenureMonths: { min: 36 } },
      dimensionWeights: { process: 15, result: 70, customer: 15 },
    },
  ],
  minimumWeights: [{ dimensions: ['process', 'customer'], atLeast: 30 }],
  ratingBands: [
    { label: 'S', min: 115 },
    { label: 'A', min: 100 },
    { label: 'B', min: 85 },
    { label: 'C', min: 70 },
    { label: 'D', min: 0 },
  ],
};

/** The scorecard of every rep for a fiscal quarter, then the teams rolled up. */
export function printScorecards(data: Dataset, calendar: FiscalCalendar, quarterKey: string): void {
  const quarter = parsePeriodKey(quarterKey, calendar);
  // CSAT comes from a survey tool, not the CRM: supplied per rep (seeded here).
  const random = new SeededRandom(5);
  const values: Record<string, Record<string, number>> = {};
  for (const rep of data.reps) values[rep.id] = { csat: Math.round((3.8 + random.next()) * 10) / 10 };
  const asOf = addDays(quarter.end, -1); // the quarter's last day
  const result = scoreKpis(
    { scorecard, dataset: data, values },
    { asOf, period: quarter, zone: calendar.zone },
  );
  const rows = [...result.reps]
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))
    .map((r) => [
      r.rank ?? '',
      r.name ?? r.repId,
      r.teamId ?? '',
      r.profile.id,
      ...r.kpis.map((k) => k.display),
      r.display,
      r.rating ?? '',
    ]);
  printTable(
    `Scorecards ${quarter.key} (${result.scorecard.name} v${result.scorecard.version}): KPI scores (100 = on target), weighted total, rating`,
    ['#', 'rep', 'team', 'profile', ...result.reps[0]!.kpis.map((k) => k.kpiId), 'total', 'rating'],
    rows,
  );
  const excluded = result.reps.flatMap((r) => r.excluded.map((e) => `${r.repId} ${e.kpiId} (${e.reason})`));
  if (excluded.length > 0)
    console.log(
      `Excluded and re-normalised: ${excluded.slice(0, 4).join('; ')}${excluded.length > 4 ? '; …' : ''}`,
    );
  const teams = teamScores(result, { teams: data.teams });
  console.log(
    `Team scores (mean of reps, sub-teams included): ${teams.teams.map((t) => `${t.name} ${t.display}`).join(', ')}`,
  );
}
