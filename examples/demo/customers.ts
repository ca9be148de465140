import {
  assignLeads,
  type Dataset,
  type FiscalCalendar,
  followUpPlan,
  followUpTimeliness,
  gradeCustomers,
  type LeadAssignee,
  type LeadInput,
  periodContaining,
  toCalendarDate,
} from 'openspm';
import { printTable } from './table';

/**
 * Customers and leads on the sample CRM: the grade distribution (客户分级), a batch of new leads assigned by
 * capacity and territory (线索自动分配), and this week's follow-up list for one rep (跟进计划).
 */
export function printCustomersAndLeads(data: Dataset, calendar: FiscalCalendar, asOf: string): void {
  // 1. Grade every customer from its history, engagement and (here) company size as potential.
  const grading = gradeCustomers(
    { ...data, potentialScores: potentialFromIndustry(data) },
    { asOf, calendar, windowDays: 365 },
  );
  printTable(
    `Customer grades as of ${asOf} (RFM + potential + engagement, quantiles; weights ${Object.entries(
      grading.weights,
    )
      .map(([f, w]) => `${f} ${w}`)
      .join(', ')})`,
    ['grade', 'min score', 'customers', 'share'],
    grading.distribution.map((d, i) => [
      d.grade,
      grading.grades[i]!.minScore,
      d.count,
      d.share === null ? '–' : `${(d.share * 100).toFixed(1)}%`,
    ]),
  );
  const { upgraded, downgraded, unchanged } = grading.changes;
  console.log(
    `Against the grades stored in the CRM: ${upgraded} up, ${downgraded} down, ${unchanged} unchanged.`,
  );
  const mover = grading.accounts.find((a) => a.change === 'upgraded' && a.steps >= 2) ?? grading.accounts[0]!;
  console.log(
    `  e.g. ${mover.accountName}: ${mover.previousGrade} → ${mover.grade}, ${mover.reasons.join('; ')}`,
  );

  // 2. Assign twelve new leads: weighted by open deals over capacity, ramped for new hires, within territory.
  const teamRegion = new Map(data.teams.map((t) => [t.id, t.name.replace(/ region$/, '')]));
  const stageKind = new Map(data.pipelines.flatMap((p) => p.stages.map((s) => [s.id, s.kind] as const)));
  const openLoad = new Map<string, number>();
  for (const d of data.deals)
    if (stageKind.get(d.stageId) === 'open') openLoad.set(d.ownerId, (openLoad.get(d.ownerId) ?? 0) + 1);
  const reps: LeadAssignee[] = data.reps
    .filter((r) => r.role === 'rep' && (!r.endDate || toCalendarDate(r.endDate) > asOf))
    .map((r) => ({
      id: r.id,
      regions: [teamRegion.get(r.teamId)!],
      openLoad: openLoad.get(r.id) ?? 0,
      capacity: 60,
      dailyCap: 3,
      hireDate: toCalendarDate(r.hireDate),
    }));
  const regions = [...new Set(reps.map((r) => r.regions![0]!))];
  const grades = ['A', 'B', 'C', 'B', 'C', 'D'];
  const leads: LeadInput[] = Array.from({ length: 12 }, (_, i) => ({
    id: `L-${2001 + i}`,
    region: i === 11 ? 'Overseas' : regions[(i * 5) % regions.length]!,
    grade: grades[i % grades.length]!,
    source: i % 4 === 0 ? 'event' : 'inbound',
  }));
  const batch = assignLeads(
    { leads, reps, cursor: reps[2]?.id ?? null },
    { asOf, policy: 'weighted', overflow: 'pool', match: ['region'] },
  );
  printTable(
    `Lead batch (${batch.policy}; cursor ${reps[2]?.id} → ${batch.cursor}; ${batch.assigned} assigned, ${batch.pooled} to the shared pool)`,
    ['lead', 'region', 'grade', 'rep', 'why'],
    batch.assignments.map((a, i) => [
      a.leadId,
      leads[i]!.region!,
      leads[i]!.grade!,
      a.repId ?? '(pool)',
      a.reason,
    ]),
  );
  const touched = batch.loads.filter((l) => l.assigned > 0 || l.rampFactor < 1);
  printTable(
    'Rep load before and after the batch (open deals; capacity 60 × ramp)',
    ['rep', 'before', 'assigned', 'after', 'ramp', 'effective capacity'],
    touched.map((l) => [l.repId, l.before, l.assigned, l.after, l.rampFactor, l.effectiveCapacity ?? '–']),
  );
  const u = batch.fairness?.utilisation;
  if (u)
    console.log(
      `Fairness: load/capacity from ${u.min} (${u.minRepId}) to ${u.max} (${u.maxRepId}), max/min ${u.ratio ?? `n/a (${u.reason})`}.`,
    );

  // 3. This week's follow-ups for the rep with the most to do, using the new grades.
  const newGrades = Object.fromEntries(grading.accounts.map((a) => [a.accountId, a.grade]));
  const plan = followUpPlan(data, {
    asOf,
    calendar,
    horizon: 'week',
    grades: newGrades,
    repIds: reps.map((r) => r.id),
    cadence: { grades: { A: 7, B: 14, C: 30, D: 60 }, stages: { negotiation: 3, proposal: 5 } },
  });
  const busiest = [...plan.reps].sort(
    (a, b) => b.items.length - a.items.length || (a.repId < b.repId ? -1 : 1),
  )[0];
  if (!busiest) return;
  printTable(
    `Follow-ups for ${busiest.repId}, week of ${plan.horizon.start} to ${plan.horizon.end} (${busiest.overdue} overdue, ${busiest.due} due today, ${busiest.upcoming} later; first 10)`,
    ['#', 'what', 'grade', 'last contact', 'due', 'status', 'overdue wd'],
    busiest.items
      .slice(0, 10)
      .map((i) => [
        i.priority,
        i.kind === 'deal' ? `${i.name} (${i.stageId})` : i.name,
        i.grade ?? '–',
        i.lastContact ?? 'never',
        i.dueDate,
        i.status,
        i.overdueWorkingDays,
      ]),
  );
  const quarter = periodContaining('quarter', asOf, calendar);
  const timely = followUpTimeliness(data, {
    asOf,
    calendar,
    period: quarter,
    grades: newGrades,
    repIds: [busiest.repId],
  });
  const t = timely.reps[0];
  if (t)
    console.log(
      `Follow-up timeliness of ${t.repId} in ${quarter.key}: ${t.onTime} of ${t.due} on time (${t.late} late, ${t.missed} missed) = ` +
        (t.rate === null ? `n/a (${t.reason})` : `${(t.rate * 100).toFixed(1)}%`),
    );
}

/** A made-up potential score per account (the sample CRM has no company size): by industry. */
function potentialFromIndustry(data: Dataset): Record<string, number> {
  const byIndustry: Record<string, number> = {
    finance: 90,
    software: 80,
    manufacturing: 70,
    healthcare: 60,
    logistics: 50,
    retail: 40,
    education: 30,
  };
  return Object.fromEntries(data.accounts.map((a) => [a.id, byIndustry[a.industry ?? ''] ?? 50]));
}
