/**
 * `npm run bench`: every workload on openspm and on DuckDB, same rows, same process; prints a table.
 * Later issues add their workloads to the list below.
 */
import { type BenchRow, printTable, runWorkload } from './harness';
import { allocateWorkload } from './workloads/allocate';
import { periodCloseWorkload } from './workloads/period-close';

const workloads = [
  // Fits the double-precision fast path: total × Σweights < 2^53.
  allocateWorkload('allocate 1M parts, 120,000.00 (fast path)', 12_000_000),
  // A 100,000,000.00 target over a million parts needs exact bigint arithmetic.
  allocateWorkload('allocate 1M parts, 100,000,000.00 (bigint path)', 10_000_000_000),
  // 200 reps, 50,000 deals, 1,000,000 activities read through the storage port in pages.
  periodCloseWorkload('period close, 1M activities (memory adapter)', 'memory'),
  periodCloseWorkload('period close, 1M activities (PGlite)', 'pglite'),
  // The same with a quarter of the activities: peak memory should not follow the activity count.
  periodCloseWorkload('period close, 250k activities (memory adapter)', 'memory', {
    reps: 200,
    deals: 50_000,
    activities: 250_000,
  }),
];

const only = process.argv[2];
const rows: BenchRow[] = [];
for (const w of workloads) {
  if (only && !w.name.includes(only)) continue;
  rows.push(await runWorkload(w as Parameters<typeof runWorkload>[0]));
}
printTable(rows);
if (rows.some((r) => !r.same)) process.exitCode = 1;
