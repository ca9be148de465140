import { PGlite } from '@electric-sql/pglite';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { createPostgresStorage } from '../../src/adapters/postgres/index';
import {
  ACTIVITY_TYPES,
  type Activity,
  defaultPeriodCloseSteps,
  Money,
  runPeriodClose,
  type StorageAdapter,
  type StorageCollection,
} from '../../src/index';
import { generateSampleData, SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

interface Input {
  storage: StorageAdapter;
  /** Compact copies for DuckDB, dropped once loaded there. */
  rows?: {
    deals: { won: boolean; closedMs: number; minor: bigint }[];
    payments: { atMs: number; minor: bigint }[];
    activityMs: Float64Array;
  };
}

const PERIOD = { start: Date.UTC(2024, 6, 1), end: Date.UTC(2024, 9, 1) }; // FY2024-Q3, UTC calendar
const CHUNK = 100_000;

/**
 * Wraps a storage so every page read samples the heap: async reads resolve in microtasks, where a timer
 * would never fire, so the peak is taken where the steps hold their state — between pages.
 */
function sampled(storage: StorageAdapter): { storage: StorageAdapter; reset(): void; peak(): number } {
  let base = 0;
  let peak = 0;
  // The JS heap only: PGlite's WebAssembly memory is the database engine's own, like DuckDB's.
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  };
  return {
    storage: {
      ...storage,
      capabilities: storage.capabilities,
      async *read(collection: StorageCollection, query) {
        for await (const page of storage.read(collection, query)) {
          sample();
          yield page;
        }
      },
      writeResults: async (tenantId, results, options) => {
        sample();
        const out = await storage.writeResults(tenantId, results, options);
        sample();
        return out;
      },
    } as StorageAdapter,
    reset() {
      (globalThis as { gc?: () => void }).gc?.();
      base = process.memoryUsage().heapUsed;
      peak = 0;
    },
    peak: () => peak,
  };
}

/**
 * The period close (FY2024-Q3) over 200 reps, 50,000 deals and 1,000,000 activities, read through the
 * storage port in pages of 5,000, on the memory adapter or on PGlite. DuckDB computes the same company
 * totals (won deals and amount, collected, activities in the quarter) from the same rows as the check.
 * Memory is the peak JS heap above the start of the run, sampled at every page: it holds per-rep and
 * per-deal state and one page, never all the activities (PGlite's own WebAssembly memory is not counted,
 * as DuckDB's engine memory is reported apart).
 */
export function periodCloseWorkload(
  name: string,
  adapter: 'memory' | 'pglite',
  sizes = { reps: 200, deals: 50_000, activities: 1_000_000 },
): Workload<Input, string> {
  let sampler: ReturnType<typeof sampled> | undefined;
  return {
    name,
    async prepare() {
      const data = generateSampleData({ seed: 8, reps: sizes.reps, deals: sizes.deals, activities: false });
      const wonStages = new Set(
        data.pipelines.flatMap((p) => p.stages.filter((s) => s.kind === 'won').map((s) => `${p.id}|${s.id}`)),
      );
      const rows: NonNullable<Input['rows']> = {
        deals: data.deals.map((d) => ({
          won: wonStages.has(`${d.pipelineId}|${d.stageId}`),
          closedMs: d.closedAt ? d.closedAt.getTime() : -1,
          minor: d.amount.toMinor(),
        })),
        payments: data.payments.map((p) => ({ atMs: p.at.getTime(), minor: p.amount.toMinor() })),
        activityMs: new Float64Array(sizes.activities),
      };
      let base: StorageAdapter;
      if (adapter === 'memory') base = createMemoryStorage();
      else {
        const storage = createPostgresStorage(new PGlite());
        await storage.migrate();
        base = storage;
      }
      await base.load?.('bench', { ...data, activities: [] });
      const random = new SeededRandom(2024);
      const reps = data.reps.filter((r) => r.role === 'rep').map((r) => r.id);
      const yearStart = Date.UTC(2024, 0, 1);
      const yearMs = Date.UTC(2025, 0, 1) - yearStart;
      for (let from = 0; from < sizes.activities; from += CHUNK) {
        const chunk: Activity[] = [];
        for (let i = from; i < Math.min(from + CHUNK, sizes.activities); i++) {
          const at = yearStart + Math.floor(random.next() * yearMs);
          rows.activityMs[i] = at;
          chunk.push({
            id: `act-${i}`,
            type: random.pick(ACTIVITY_TYPES),
            repId: random.pick(reps),
            at: new Date(at),
            quality: random.chance(0.3),
          } as Activity);
        }
        await base.load?.('bench', { activities: chunk });
      }
      sampler = sampled(base);
      return { storage: sampler.storage, rows };
    },
    async load(db: DuckDBConnection, input) {
      const rows = input.rows as NonNullable<Input['rows']>;
      await db.run('CREATE TABLE deals (won BOOLEAN, closed_ms BIGINT, minor BIGINT)');
      await db.run('CREATE TABLE payments (at_ms BIGINT, minor BIGINT)');
      await db.run('CREATE TABLE activities (at_ms BIGINT)');
      const deals = await db.createAppender('deals');
      for (const d of rows.deals) {
        deals.appendBoolean(d.won);
        deals.appendBigInt(BigInt(d.closedMs));
        deals.appendBigInt(d.minor);
        deals.endRow();
      }
      deals.closeSync();
      const payments = await db.createAppender('payments');
      for (const p of rows.payments) {
        payments.appendBigInt(BigInt(p.atMs));
        payments.appendBigInt(p.minor);
        payments.endRow();
      }
      payments.closeSync();
      const activities = await db.createAppender('activities');
      for (const at of rows.activityMs) {
        activities.appendBigInt(BigInt(at));
        activities.endRow();
      }
      activities.closeSync();
      input.rows = undefined; // only the storage keeps the data now
    },
    async openspm(input) {
      sampler?.reset();
      const close = await runPeriodClose(input.storage, {
        tenantId: 'bench',
        period: 'FY2024-Q3',
        asOf: '2024-12-31',
        // The four streamed storage steps, as the figures in docs/storage.md measure; the analytics steps
        // (funnel, KPI, variance, warnings) gather the tenant's CRM into one Dataset.
        steps: defaultPeriodCloseSteps().slice(0, 4),
      });
      const totals = close.steps.find((s) => s.name === 'period-totals')?.summary ?? {};
      const acts = close.steps.find((s) => s.name === 'activity-totals')?.summary ?? {};
      return `won ${totals.won} ${totals.wonAmount}, collected ${totals.collectedAmount}, activities ${acts.activities}`;
    },
    async peer(db) {
      const { start, end } = PERIOD;
      const out = await db.runAndReadAll(`
        SELECT
          (SELECT count(*) FROM deals WHERE won AND closed_ms >= ${start} AND closed_ms < ${end})::VARCHAR AS won,
          (SELECT coalesce(sum(minor), 0) FROM deals WHERE won AND closed_ms >= ${start} AND closed_ms < ${end})::VARCHAR AS won_minor,
          (SELECT coalesce(sum(minor), 0) FROM payments WHERE at_ms >= ${start} AND at_ms < ${end})::VARCHAR AS collected_minor,
          (SELECT count(*) FROM activities WHERE at_ms >= ${start} AND at_ms < ${end})::VARCHAR AS activities`);
      const r = out.getRowObjects()[0] as Record<string, string>;
      const cny = (minor: string) => Money.fromMinor(BigInt(minor), 'CNY').toString();
      return `won ${r.won} ${cny(r.won_minor as string)}, collected ${cny(r.collected_minor as string)}, activities ${r.activities}`;
    },
    check(ours, theirs) {
      if (ours !== theirs) throw new Error(`openspm "${ours}" vs DuckDB "${theirs}"`);
    },
    peakHeap: () => sampler?.peak() ?? 0,
  };
}
