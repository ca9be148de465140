import { aggregateFunnel, type StageChange, summarizeFunnel } from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

const OPEN = ['lead', 'contact', 'needs', 'proposal', 'negotiation'];
const STAGES = [...OPEN, 'won', 'lost'];
const DAY = 86_400_000;

const pipeline = {
  id: 'sales',
  name: 'New business',
  stages: STAGES.map((id, order) => ({
    id,
    name: id,
    order,
    kind: id === 'won' ? ('won' as const) : id === 'lost' ? ('lost' as const) : ('open' as const),
  })),
};

interface Input {
  changes: StageChange[];
}

/** Per open stage: entered, moved on, median days in stage (first stay). Both engines return this. */
type Output = string[];

/**
 * A dedicated generator (faster than generateSampleData and without activities): each deal walks the five open
 * stages with skips (4%) and backward moves (5%), and is won, lost or left open, about five changes per deal.
 * Times strictly increase within a deal.
 */
function generate(deals: number): StageChange[] {
  const random = new SeededRandom(2024);
  const start = Date.UTC(2023, 0, 1);
  const changes: StageChange[] = [];
  for (let d = 0; d < deals; d++) {
    const dealId = `deal-${d + 1}`;
    let t = start + Math.floor(random.next() * 700 * DAY);
    let stage = 0;
    changes.push({ dealId, fromStageId: null, toStageId: OPEN[0]!, at: new Date(t) });
    for (let step = 0; step < 12; step++) {
      t += 3_600_000 + Math.floor(random.next() * random.next() * 30 * DAY);
      const from = OPEN[stage]!;
      const r = random.next();
      let to: string;
      if (r < 0.08 && stage > 0) to = OPEN[--stage]!;
      else if (r < 0.15) to = 'lost';
      else if (r < 0.19) {
        stage += 2;
        to = stage >= OPEN.length ? 'won' : OPEN[stage]!;
      } else if (r < 0.96) {
        stage += 1;
        to = stage >= OPEN.length ? 'won' : OPEN[stage]!;
      } else break; // still open
      changes.push({ dealId, fromStageId: from, toStageId: to, at: new Date(t) });
      if (to === 'won' || to === 'lost') break;
    }
  }
  return changes;
}

/**
 * The funnel on 200,000 deals: entered and moved on per stage (next-step conversion under the default `'impute'`
 * policy) and the median days in stage (first stay, calendar days in UTC), openspm's `aggregateFunnel` against
 * one DuckDB SQL query over the same rows.
 */
export function funnelWorkload(name: string, deals = 200_000): Workload<Input, Output> {
  return {
    name,
    prepare() {
      return { changes: generate(deals) };
    },
    async load(db: DuckDBConnection, input) {
      await db.run('CREATE TABLE stages (id VARCHAR, code INTEGER)');
      await db.run(`INSERT INTO stages VALUES ${STAGES.map((s, i) => `('${s}', ${i})`).join(', ')}`);
      await db.run(
        'CREATE TABLE changes (deal_id VARCHAR, from_stage VARCHAR, to_stage VARCHAR, at_ms BIGINT)',
      );
      const appender = await db.createAppender('changes');
      for (const c of input.changes) {
        appender.appendVarchar(c.dealId);
        if (c.fromStageId === null) appender.appendNull();
        else appender.appendVarchar(c.fromStageId);
        appender.appendVarchar(c.toStageId);
        appender.appendBigInt(BigInt(c.at.getTime()));
        appender.endRow();
      }
      appender.closeSync();
    },
    openspm(input) {
      const result = summarizeFunnel(
        aggregateFunnel({ pipeline, stageChanges: input.changes }, { asOf: '2030-01-01' }),
      );
      return result.overall.stages
        .filter((s) => s.kind === 'open')
        .map((s) => `${s.id} ${s.entered} ${s.movedOn} ${s.timeInStage.median}`);
    },
    async peer(db) {
      const out = await db.runAndReadAll(`
        WITH e AS (
          SELECT c.deal_id, s.code, c.at_ms, c.at_ms // ${DAY} AS day
          FROM changes c JOIN stages s ON s.id = c.to_stage
        ),
        furthest AS (SELECT deal_id, max(code) FILTER (WHERE code <= 5) AS mx FROM e GROUP BY deal_id),
        conv AS (
          SELECT s.code, count(*) FILTER (WHERE f.mx >= s.code) AS entered, count(*) FILTER (WHERE f.mx > s.code) AS moved
          FROM furthest f, (SELECT code FROM stages WHERE code < 5) s GROUP BY s.code
        ),
        stays AS (
          SELECT code, day, lead(day) OVER (PARTITION BY deal_id ORDER BY at_ms) AS next_day,
                 row_number() OVER (PARTITION BY deal_id, code ORDER BY at_ms) AS k
          FROM e
        ),
        tis AS (SELECT code, median(next_day - day) AS med FROM stays WHERE k = 1 AND next_day IS NOT NULL AND code < 5 GROUP BY code)
        SELECT st.id, conv.entered, conv.moved, tis.med
        FROM conv JOIN stages st ON st.code = conv.code LEFT JOIN tis ON tis.code = conv.code
        ORDER BY conv.code`);
      return out
        .getRowObjects()
        .map((r) => `${r.id} ${r.entered} ${r.moved} ${r.med === null ? null : Number(r.med)}`);
    },
    check(ours, theirs) {
      if (ours.join('|') !== theirs.join('|'))
        throw new Error(`openspm ${ours.join('|')} vs DuckDB ${theirs.join('|')}`);
    },
  };
}
