/**
 * The benchmark harness: one workload runs on openspm and on a peer engine (DuckDB, in the same process)
 * over the same preloaded rows; the harness checks that both give the same answer, then prints the best
 * time of several runs, the memory each used, and the ratio. Not part of `npm test`: speed is measured
 * here, not asserted in tests.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface Workload<Input, Output> {
  /** What is measured, in a few words. */
  name: string;
  /** Build the input once (not timed); may be async (e.g. loading a database). */
  prepare(): Input | Promise<Input>;
  /** Load the same input into DuckDB (not timed). */
  load(db: DuckDBConnection, input: Input): Promise<void>;
  /** The openspm side (timed); may be async (storage workloads). */
  openspm(input: Input): Output | Promise<Output>;
  /** The same computation in DuckDB SQL (timed); returns what `check` compares. */
  peer(db: DuckDBConnection, input: Input): Promise<Output>;
  /** Throws when the two results differ. */
  check(ours: Output, theirs: Output): void;
  /**
   * Optional: the peak heap (bytes above the start) the workload sampled itself during its last run, for
   * async workloads whose peak the before/after difference misses. Reset at the start of each run.
   */
  peakHeap?(): number;
  /**
   * Optional: what the peer is, when it is not DuckDB SQL (e.g. `'openspm convert'` for an openspm-only
   * comparison); such a peer's memory is measured like openspm's (JS heap), not DuckDB's. Default `'DuckDB'`.
   */
  peerName?: string;
  /**
   * Optional: run each side once, untimed, and compare before timing; on a difference the workload is not
   * timed (its row shows `NO`).
   */
  checkFirst?: boolean;
}

export interface BenchRow {
  workload: string;
  openspmMs: number;
  duckdbMs: number;
  ratio: number;
  openspmHeapMiB: number;
  duckdbMemMiB: number;
  same: boolean;
  /** The peer the `duckdb*` figures are of: `'DuckDB'` unless the workload names another. */
  peer: string;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function best(times: number[]): number {
  return Math.min(...times);
}

export async function runWorkload<I, O>(w: Workload<I, O>): Promise<BenchRow> {
  const input = await w.prepare();
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const db = await instance.connect();
  await w.load(db, input);
  const peer = w.peerName ?? 'DuckDB';

  if (w.checkFirst) {
    try {
      w.check(await w.openspm(input), await w.peer(db, input));
    } catch (error) {
      console.error(`${w.name}: results differ, not timed: ${(error as Error).message}`);
      db.closeSync();
      instance.closeSync();
      const nan = Number.NaN;
      return {
        workload: w.name,
        openspmMs: nan,
        duckdbMs: nan,
        ratio: nan,
        openspmHeapMiB: nan,
        duckdbMemMiB: nan,
        same: false,
        peer,
      };
    }
  }

  const ours: number[] = [];
  let ourResult: O | undefined;
  let heapPeak = 0;
  for (let r = 0; r < RUNS; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    const t0 = performance.now();
    ourResult = await w.openspm(input);
    ours.push(performance.now() - t0);
    const after = process.memoryUsage();
    heapPeak = Math.max(
      heapPeak,
      w.peakHeap ? w.peakHeap() : after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
    );
  }

  const theirs: number[] = [];
  let theirResult: O | undefined;
  let duckPeak = 0;
  for (let r = 0; r < RUNS; r++) {
    if (w.peerName) (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    const t0 = performance.now();
    theirResult = await w.peer(db, input);
    theirs.push(performance.now() - t0);
    if (w.peerName) {
      const after = process.memoryUsage();
      duckPeak = Math.max(
        duckPeak,
        after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
      );
    } else {
      const mem = await db.runAndReadAll('SELECT sum(memory_usage_bytes)::DOUBLE AS m FROM duckdb_memory()');
      duckPeak = Math.max(duckPeak, Number(mem.getRowObjects()[0]?.m ?? 0));
    }
  }

  let same = true;
  try {
    w.check(ourResult as O, theirResult as O);
  } catch (error) {
    same = false;
    console.error(`${w.name}: results differ: ${(error as Error).message}`);
  }
  db.closeSync();
  instance.closeSync();
  const openspmMs = best(ours);
  const duckdbMs = best(theirs);
  return {
    workload: w.name,
    openspmMs,
    duckdbMs,
    ratio: openspmMs / duckdbMs,
    openspmHeapMiB: heapPeak / 2 ** 20,
    duckdbMemMiB: duckPeak / 2 ** 20,
    same,
    peer,
  };
}

export function printTable(rows: BenchRow[]): void {
  const header = [
    'workload',
    'openspm ms',
    'peer ms',
    'ratio',
    'openspm MiB',
    'peer MiB',
    'same result',
    'peer',
  ];
  const body = rows.map((r) => [
    r.workload,
    r.openspmMs.toFixed(1),
    r.duckdbMs.toFixed(1),
    `${r.ratio.toFixed(2)}×`,
    r.openspmHeapMiB.toFixed(1),
    r.duckdbMemMiB.toFixed(1),
    r.same ? 'yes' : 'NO',
    r.peer,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log(
    `\nbest of ${RUNS} runs each (BENCH_RUNS to change); ratio = openspm time / peer time, lower is better.` +
      '\npeer MiB: DuckDB memory for DuckDB, JS heap growth for a JS peer.',
  );
}

export { DuckDBConnection };
