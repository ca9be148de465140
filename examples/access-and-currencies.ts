/**
 * A CRM with a Shanghai team selling in CNY and a Singapore rep selling in USD: amounts are converted to the
 * reporting currency with the rate on each deal's close date (or a fixed plan rate for commissions), and each
 * viewer sees only what their role allows — Li his own score, Wang his team, the admin everything.
 */
import {
  convert,
  Money,
  rateTable,
  scopeFor,
  scopeScores,
  scopeTeamScores,
  scoreKpis,
  teamScores,
} from 'openspm';

const rates = rateTable([
  { from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-03-01', source: 'central parity' },
  { from: 'USD', to: 'CNY', rate: '7.2001', effectiveDate: '2024-04-01', source: 'central parity' },
]);

const deals = [
  { id: 'D-1', ownerId: 'li', amount: Money.of('180000.00', 'CNY'), closedOn: '2024-03-12' },
  { id: 'D-2', ownerId: 'tan', amount: Money.of('25000.00', 'USD'), closedOn: '2024-03-28' },
  { id: 'D-3', ownerId: 'tan', amount: Money.of('12000.00', 'USD'), closedOn: '2024-04-03' },
  { id: 'D-4', ownerId: 'zhao', amount: Money.of('95000.00', 'CNY'), closedOn: '2024-04-10' },
];

console.log('Signed amounts in CNY, at the rate on each close date:');
const signed = new Map<string, Money>();
for (const d of deals) {
  const c = convert(d.amount, 'CNY', { rates, policy: { kind: 'on-date', date: d.closedOn } });
  signed.set(d.ownerId, (signed.get(d.ownerId) ?? Money.zero('CNY')).plus(c.amount));
  console.log(`  ${d.id} ${d.amount} → ${c.amount}   (${c.rate.text})`);
}

const plan = { kind: 'fixed' as const, rates: [{ from: 'CNY', to: 'USD', rate: '0.14' }] };
const tanCommission = convert(Money.of('8000.00', 'CNY'), 'USD', { policy: plan });
console.log(`\nTan's commission, paid in USD at the plan rate: ${tanCommission.text}`);

const org = {
  teams: [
    { id: 'apac', name: 'APAC', managerId: 'wang' },
    { id: 'shanghai', name: 'Shanghai', parentId: 'apac' },
    { id: 'singapore', name: 'Singapore', parentId: 'apac' },
  ],
  reps: [
    { id: 'wang', name: 'Wang', teamId: 'apac', hireDate: '2019-01-01', role: 'manager' as const },
    { id: 'li', name: 'Li', teamId: 'shanghai', hireDate: '2021-01-01' },
    { id: 'zhao', name: 'Zhao', teamId: 'shanghai', hireDate: '2022-01-01' },
    { id: 'tan', name: 'Tan', teamId: 'singapore', hireDate: '2023-01-01' },
  ],
};
const target = 200_000;
const result = scoreKpis(
  {
    scorecard: {
      id: 'signed',
      name: 'Signed amount',
      version: 1,
      effectiveFrom: '2024-01-01',
      dimensions: [
        {
          id: 'result',
          name: 'Result',
          weight: 100,
          kpis: [{ id: 'signed', name: 'Signed', weight: 100, target }],
        },
      ],
    },
    reps: org.reps.filter((r) => r.role !== 'manager').map((r) => ({ id: r.id, teamId: r.teamId })),
    values: Object.fromEntries([...signed].map(([id, m]) => [id, { signed: m.toNumber() }])),
  },
  { asOf: '2024-04-30' },
);
const teams = teamScores(result, { teams: org.teams });

for (const viewer of ['li', 'wang', { id: 'it', role: 'admin' as const }]) {
  const scope = scopeFor(viewer, org, { asOf: '2024-04-30' });
  const reps = scopeScores(result, scope).reps.map((r) => `${r.repId} ${r.display}`);
  const visibleTeams = scopeTeamScores(teams, scope).teams.map((t) => `${t.teamId} ${t.display}`);
  console.log(`\n${scope.viewerId} (${scope.role}): ${scope.reason}`);
  console.log(`  scores: ${reps.join(', ') || '—'}`);
  console.log(`  team scores: ${visibleTeams.join(', ') || '— (a rep never sees a team aggregate)'}`);
}
