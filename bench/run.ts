/**
 * `npm run bench`: every workload on openspm and on DuckDB, same rows, same process; prints a table.
 * Later issues add their workloads to the list below.
 */
import { type BenchRow, printTable, runWorkload, type Workload } from './harness';
import { allocateWorkload } from './workloads/allocate';
import { incentivesWorkload } from './workloads/incentives';

const workloads: Workload<unknown, unknown>[] = [
  // Fits the double-precision fast path: total × Σweights < 2^53.
  allocateWorkload('allocate 1M parts, 120,000.00 (fast path)', 12_000_000),
  // A 100,000,000.00 target over a million parts needs exact bigint arithmetic.
  allocateWorkload('allocate 1M parts, 100,000,000.00 (bigint path)', 10_000_000_000),
  incentivesWorkload(),
];

const only = process.argv[2];
const rows: BenchRow[] = [];
for (const w of workloads) {
  if (only && !w.name.includes(only)) continue;
  rows.push(await runWorkload(w));
}
printTable(rows);
if (rows.some((r) => !r.same)) process.exitCode = 1;
