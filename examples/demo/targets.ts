import {
  type Dataset,
  decomposeTarget,
  type FiscalCalendar,
  Money,
  splitTarget,
  targetMatrix,
  toCalendarDate,
} from 'openspm';
import { grouped, printTable } from './table';

/**
 * A region's quarterly target decomposed per rep per month: months by working days on the calendar
 * (holidays included), reps by their won amount last year, a new hire ramped 25/50/75/100 %, and the
 * rep × month matrix exact both ways.
 */
export function printTeamQuarterPlan(
  data: Dataset,
  calendar: FiscalCalendar,
  quarter: string,
  target: Money,
  teamId = 'team-1',
): void {
  const team = data.teams.find((t) => t.id === teamId)!;
  const year = Number(quarter.slice(2, 6)) - 1;
  const reps = data.reps.filter((r) => r.teamId === teamId && r.role === 'rep' && !r.endDate);
  const wonLastYear = (repId: string) =>
    Money.sum(
      data.deals
        .filter(
          (d) =>
            d.ownerId === repId &&
            d.stageId === 'won' &&
            d.closedAt &&
            toCalendarDate(d.closedAt, calendar.zone).startsWith(String(year)),
        )
        .map((d) => d.amount),
      target.currency,
    );
  const ramp = { table: [25, 50, 75, 100] };
  const newHire = { id: 'new-hire', name: 'New hire (joins 02-10)', hireDate: `${year + 1}-02-10` };
  const members = [
    ...reps.map((r) => ({ id: r.id, name: r.name, history: wonLastYear(r.id) })),
    // A new hire has no history yet: give them the team's average, then let the ramp scale it.
    {
      ...newHire,
      history: Money.sum(
        reps.map((r) => wonLastYear(r.id)),
        target.currency,
      ).dividedBy(reps.length, 'half-even'),
    },
  ];
  const months = decomposeTarget(
    { total: target, period: quarter },
    { levels: ['month'], method: 'workingDays', calendar },
  );
  const split = splitTarget(
    { total: target, members },
    { method: 'history', period: quarter, ramp, calendar },
  );
  const matrix = targetMatrix(
    {
      periods: months.leaves,
      reps: split.parts.map((p) => ({
        id: p.id,
        name: p.name,
        total: p.amount,
        ...(p.id === newHire.id ? { hireDate: newHire.hireDate } : {}),
      })),
    },
    { ramp, calendar },
  );
  const fmt = (minor: number) => grouped(Money.fromMinor(minor, target.currency));
  const rows = matrix.reps.map((r, i) => [
    r.name ?? r.id,
    grouped(members[i]!.history),
    split.parts[i]!.rampFactor.replace(/0+$/, '').replace(/\.$/, ''),
    ...matrix.cells[i]!.map(fmt),
    grouped(r.total),
  ]);
  rows.push(['month target', '', '', ...matrix.periods.map((p) => grouped(p.total)), grouped(matrix.total)]);
  rows.push([
    'working days',
    '',
    '',
    ...months.explain.weights.map((w) => w.weight),
    String(months.explain.weights.reduce((a, w) => a + Number(w.weight), 0)),
  ]);
  const exact =
    matrix.reps.every((r, i) => r.total.equals(split.parts[i]!.amount)) &&
    matrix.periods.every(
      (p, j) => matrix.cells.reduce((a, row) => a + row[j]!, 0) === Number(p.total.toMinor()),
    );
  printTable(
    `${team.name}: ${quarter} target ${grouped(target)} ${target.currency} per rep per month ` +
      `(months by working days, reps by ${year} won amount, ramp 25/50/75/100 %; rows and columns exact: ${exact ? 'yes' : 'NO'})`,
    ['rep', `won ${year}`, 'ramp', ...matrix.periods.map((p) => p.key), 'quarter'],
    rows,
  );
}
