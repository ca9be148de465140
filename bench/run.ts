/**
 * `npm run bench`: every workload on openspm and on DuckDB, same rows, same process; prints a table.
 * Later issues add their workloads to the list below.
 */
import { type BenchRow, printTable, runWorkload, type Workload } from './harness';
import { allocateWorkload } from './workloads/allocate';
import { currencyWorkloads } from './workloads/currency';
import { funnelWorkload } from './workloads/funnel';
import { incentivesWorkload } from './workloads/incentives';
import { kpiWorkload } from './workloads/kpi';
import { periodCloseWorkload } from './workloads/period-close';
import { targetMatrixWorkload } from './workloads/targets';
import { warningsWorkload } from './workloads/warnings';

// Each workload has its own input type; the harness only passes it from prepare() to the others.
const workloads: Workload<unknown, unknown>[] = [
  // Fits the double-precision fast path: total × Σweights < 2^53.
  allocateWorkload('allocate 1M parts, 120,000.00 (fast path)', 12_000_000),
  // A 100,000,000.00 target over a million parts needs exact bigint arithmetic.
  allocateWorkload('allocate 1M parts, 100,000,000.00 (bigint path)', 10_000_000_000),
  // 10,000 reps × 52 weeks, each week split by weight × ramp (largest remainder per week).
  targetMatrixWorkload('targets matrix 10,000 reps × 52 weeks'),
  // 200,000 deals, ~1,000,000 stage changes: next-step conversion and median time in stage.
  funnelWorkload('funnel 200k deals, ~1M stage changes'),
  // All 16 rules in openspm; DuckDB computes only the stalled-deal rule, whose count is compared.
  warningsWorkload('warnings: all rules, 200,000 deals (DuckDB: stalled only)'),
  // scoreKpis: 100,000 reps × 10 KPIs, every curve kind, ranks; SQL does the same in exact integers.
  kpiWorkload('kpi: score 100,000 reps × 10 KPIs (exact SQL)'),
  // The same query in DOUBLE arithmetic: faster; displayed totals and ranks compared.
  kpiWorkload('kpi: score 100,000 reps × 10 KPIs (DOUBLE SQL)', 'double'),
  // 200 reps, 50,000 deals, 1,000,000 activities read through the storage port in pages.
  periodCloseWorkload('period close, 1M activities (memory adapter)', 'memory'),
  periodCloseWorkload('period close, 1M activities (PGlite)', 'pglite'),
  // The same with a quarter of the activities: peak memory should not follow the activity count.
  periodCloseWorkload('period close, 250k activities (memory adapter)', 'memory', {
    reps: 200,
    deals: 50_000,
    activities: 250_000,
  }),
  // Exact integer SQL (fen; half-even by integer division), as DuckDB's round_even on a DECIMAL is a DOUBLE.
  incentivesWorkload(),
  // Mixed currencies (the CRM opportunities data set from shared/data, 30% of the deals in USD/EUR): funnel
  // values and incentives converted at business-day rates vs DuckDB (ASOF JOIN, exact integer SQL; openspm
  // computes the whole funnel report, DuckDB only the values compared), each also vs openspm on the same deals
  // pre-converted to CNY (the cost of converting); rateCache vs convert, and vs the same multiply-and-round
  // without the explanation; rateCache.convertAmount vs that multiply-and-round (openspm only). Skipped, with
  // one line, when the data set is not there.
  ...currencyWorkloads(),
];

const only = process.argv[2];
const rows: BenchRow[] = [];
for (const w of workloads) {
  if (only && !w.name.includes(only)) continue;
  rows.push(await runWorkload(w as Parameters<typeof runWorkload>[0]));
}
printTable(rows);
if (rows.some((r) => !r.same)) process.exitCode = 1;
