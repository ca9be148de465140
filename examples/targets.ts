/**
 * A sales manager turns an annual number into a weekly plan per rep: the year is spread over quarters,
 * months and weeks by two years of history (60 % last year, 40 % the year before, shared inside each
 * month by working days); the team total is split over the reps by their history, with a ramp for a new
 * hire; and the rep × week matrix is laid out so that every row and every column adds up to the cent.
 */
import { decomposeTarget, fiscalCalendar, Money, splitTarget, targetMatrix } from 'openspm';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const calendar = fiscalCalendar({
  holidays: [
    '2025-01-01',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-05-01',
    '2025-10-01',
    '2025-10-02',
  ],
});

// Won amounts per month in the two previous years (from the CRM).
const monthly2024 = [620, 540, 810, 760, 790, 880, 700, 690, 920, 980, 1050, 1360];
const monthly2023 = [560, 470, 700, 690, 720, 800, 640, 610, 850, 900, 980, 1180];
const actuals = (year: number, perMonth: number[]) =>
  perMonth.map((k, i) => ({ date: `${year}-${String(i + 1).padStart(2, '0')}-15`, amount: cny(`${k}000`) }));

// 1. Over time: FY2025 → quarter → month → week, split once at the weeks (cut at month ends).
const annual = decomposeTarget(
  { total: cny('12000000.00'), period: 'FY2025' },
  {
    levels: ['quarter', 'month', 'week'],
    method: 'history',
    history: {
      level: 'month',
      years: [
        { period: 'FY2024', weight: 60, actuals: actuals(2024, monthly2024) },
        { period: 'FY2023', weight: 40, actuals: actuals(2023, monthly2023) },
      ],
    },
    within: 'workingDays',
    calendar,
  },
);
console.log(annual.explain.text);
const [quarters, months] = annual.byLevel;
console.log(
  'Quarters:',
  quarters!.parts.map((q) => `${q.key} ${q.amount}`),
  '\nMonths:',
  months!.parts.map(
    (m) =>
      `${m.key} ${m.amount} (history share ${annual.explain.weights.find((w) => w.key === m.key)?.share})`,
  ),
);

// 2. Over the organisation: the team total over four reps by history; Zhao joins on 2025-03-10 and ramps
// 25/50/75/100 % by month of tenure; Qian's number is locked by the manager.
const team = splitTarget(
  {
    total: annual.total,
    members: [
      { id: 'li', name: 'Li Wei', history: cny('4200000') },
      { id: 'wang', name: 'Wang Fang', history: cny('3600000') },
      { id: 'qian', name: 'Qian Jun', history: cny('2900000'), locked: cny('2500000') },
      { id: 'zhao', name: 'Zhao Min', history: cny('3600000'), hireDate: '2025-03-10' },
    ],
  },
  { method: 'history', period: 'FY2025', ramp: { table: [25, 50, 75, 100] }, calendar },
);
console.log(team.explain.text);
for (const p of team.parts)
  console.log(`  ${p.name}: ${p.amount} (ramp factor ${p.rampFactor}${p.locked ? ', locked' : ''})`);

// 3. The weekly plan per rep: rows = the reps' totals, columns = the week targets, exact both ways.
const plan = targetMatrix(
  {
    periods: annual.leaves,
    reps: team.parts.map((p) => ({
      id: p.id,
      name: p.name,
      total: p.amount,
      ...(p.id === 'zhao' ? { hireDate: '2025-03-10' } : {}),
    })),
  },
  { ramp: { table: [25, 50, 75, 100] }, calendar },
);
console.log(plan.explain.text);
const weeks = plan.periods
  .map((p, j) => ({ p, j }))
  .filter(({ p }) => p.period.start >= '2025-03-01' && p.period.start < '2025-04-08');
console.log(['week', ...plan.reps.map((r) => r.name), 'week target'].join('\t'));
for (const { p, j } of weeks) {
  const cells = plan.cells.map((row) => Money.fromMinor(row[j]!, 'CNY').toString().replace(' CNY', ''));
  console.log(
    [`${p.key}${p.period.partial ? '*' : ''} ${p.period.start}`, ...cells, p.total.toString()].join('\t'),
  );
}
const rowsExact = plan.reps.every((r, i) => r.total.equals(team.parts[i]!.amount));
const colsExact = plan.periods.every(
  (p, j) => plan.cells.reduce((a, row) => a + row[j]!, 0) === Number(p.total.toMinor()),
);
console.log(
  `Rows equal the rep totals: ${rowsExact}; columns equal the week targets: ${colsExact}; total ${plan.total}.`,
);
