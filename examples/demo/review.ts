import {
  type Dataset,
  type FiscalCalendar,
  parsePeriodKey,
  processResultLinkage,
  reviewPeriod,
} from 'openspm';
import { printTable } from './table';

/**
 * The retrospective (复盘): a regional team's Q4 against Q3 — metrics, attainment, stage conversion, movers,
 * warnings and the bilingual summary — then which process work went with won amount across the sales team
 * in 2024, with the suggested process weights (never applied).
 */
export function printReview(data: Dataset, calendar: FiscalCalendar): void {
  const team = data.teams.find((t) => t.parentId !== undefined)!;
  const reps = data.reps.filter((r) => r.role === 'rep' && r.teamId === team.id);
  const review = reviewPeriod(
    {
      dataset: data,
      targets: reps.flatMap((r) => [
        { repId: r.id, period: 'FY2024-Q4', amount: { amount: '400000', currency: 'CNY' } },
        { repId: r.id, period: 'FY2024-Q3', amount: { amount: '400000', currency: 'CNY' } },
      ]),
    },
    {
      asOf: '2024-12-31',
      period: parsePeriodKey('FY2024-Q4', calendar),
      teamId: team.id,
      zone: 'Asia/Shanghai',
      calendar,
    },
  );
  printTable(
    `Review (复盘) of ${team.name}: ${review.period.key} vs ${review.comparison.key}`,
    ['metric', 'kind', review.comparison.key, review.period.key, 'change'],
    review.metrics.map((m) => [
      m.name,
      m.kind,
      m.previous.display,
      m.current.display,
      m.change.percent === null ? (m.change.reason ?? '') : `${m.change.percent.toFixed(1)}%`,
    ]),
  );
  printTable(
    'Stage conversion (deals entering the stage in the period, moved on by 2024-12-31)',
    ['from', 'to', review.comparison.key, review.period.key, 'points'],
    review.funnel.stages.map((s) => [
      s.fromName,
      s.toName,
      s.previous.text,
      s.current.text,
      s.changePoints === null ? 'n/a' : s.changePoints.toFixed(1),
    ]),
  );
  printTable(
    'Biggest rep movers (won amount and visits)',
    ['rep', 'metric', 'before', 'after', 'change'],
    review.movers.reps
      .filter((m) => m.metricId === 'signedAmount' || m.metricId === 'visits')
      .map((m) => [m.name, m.metricId, m.previous, m.current, m.change]),
  );
  console.log('\nSummary');
  for (const line of review.summary) console.log(`  ${line.en}\n  ${line.zh}`);

  const linkage = processResultLinkage(
    { dataset: data },
    {
      asOf: '2024-12-31',
      period: parsePeriodKey('FY2024', calendar),
      result: ['signedAmount'],
      zone: 'Asia/Shanghai',
      calendar,
      seed: 1,
    },
  );
  const byProcess = new Map(linkage.pairs.map((p) => [p.process, p]));
  printTable(
    `Which process work went with won amount? ${linkage.periods.length} months × reps, compared within each month`,
    ['rank', 'process', 'verdict', 'rho', '95% interval', 'p', 'won amount per unit (Theil–Sen)'],
    linkage.ranking.map((r) => {
      const p = byProcess.get(r.process)!;
      return [
        r.rank,
        r.process,
        r.verdict,
        p.spearman ? p.spearman.rho.toFixed(2) : 'n/a',
        p.spearman ? `${p.spearman.lower.toFixed(2)} to ${p.spearman.upper.toFixed(2)}` : 'n/a',
        p.spearman ? p.spearman.pValue.toFixed(3) : 'n/a',
        p.slope
          ? `${p.slope.perUnit.toFixed(0)} (${p.slope.lower.toFixed(0)} to ${p.slope.upper.toFixed(0)})`
          : 'n/a',
      ];
    }),
  );
  const s = linkage.suggestedWeights;
  console.log(`\n${s.label}`);
  console.log(`  ${s.basis}`);
  console.log(
    s.weights.length > 0
      ? `  process dimension: ${s.weights.map((w) => `${w.process} ${w.weight}%`).join(', ')}`
      : `  ${s.reason}`,
  );
}
