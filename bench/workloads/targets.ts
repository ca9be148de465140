import {
  customPeriod,
  decomposeTarget,
  Money,
  type TargetMatrixPeriod,
  type TargetMatrixRep,
  targetMatrix,
} from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

interface Input {
  periods: TargetMatrixPeriod[];
  reps: TargetMatrixRep[];
  /** Per week: month index (year × 12 + month − 1) of its first day, and its target in minor units. */
  weeks: { monthIndex: number; minor: bigint }[];
  /** Per rep: weight, and the month index of tenure month 1 (null for veterans). */
  repRows: { weight: number; countFrom: number | null }[];
}

const RAMP = [25, 50, 75, 100];

/** A checksum both engines compute the same way: Σ cell × ((rep × weeks + week) mod 997 + 1), and Σ cell. */
function checksum(cells: readonly (readonly number[])[]): string {
  let sum = 0n;
  let weighted = 0n;
  cells.forEach((row, i) => {
    row.forEach((v, j) => {
      const c = BigInt(v);
      sum += c;
      weighted += c * BigInt(((i * row.length + j) % 997) + 1);
    });
  });
  return `${sum}/${weighted}`;
}

/**
 * A rep × week target matrix: 1,000,000,000.00 CNY over the 52 ISO weeks of 2025 by working days, then
 * each week's target split over 10,000 reps by weight × ramp percent (10 % are 2025 hires on a
 * 25/50/75/100 % ramp by month of tenure, with the mid-month rule), largest remainder per week, ties to
 * the lower rep index. DuckDB runs the same apportionment in SQL: floor of c × s ÷ Σs per week, then one
 * unit each to the largest remainders (window function), ramp percents from the same table.
 */
export function targetMatrixWorkload(name: string, reps = 10_000): Workload<Input, string> {
  return {
    name,
    prepare() {
      const random = new SeededRandom(2025);
      const year = decomposeTarget(
        { total: Money.of('1000000000.00', 'CNY'), period: customPeriod('2024-12-30', '2025-12-29') },
        { levels: ['week'], method: 'workingDays' },
      );
      const periods = year.leaves.map((p) => ({ period: p.period, amount: p.amount }));
      const weeks = year.leaves.map((p) => ({
        monthIndex: Number(p.period.start.slice(0, 4)) * 12 + Number(p.period.start.slice(5, 7)) - 1,
        minor: p.amount.toMinor(),
      }));
      const repList: TargetMatrixRep[] = [];
      const repRows: Input['repRows'] = [];
      for (let i = 0; i < reps; i++) {
        const weight = random.int(1, 100);
        if (random.int(1, 10) === 1) {
          const month = random.int(1, 12);
          const day = random.int(1, 28);
          const hireDate = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          repList.push({ id: `r${i}`, weight, hireDate });
          repRows.push({ weight, countFrom: 2025 * 12 + month - 1 + (day >= 16 ? 1 : 0) });
        } else {
          repList.push({ id: `r${i}`, weight });
          repRows.push({ weight, countFrom: null });
        }
      }
      return { periods, reps: repList, weeks, repRows };
    },
    async load(db: DuckDBConnection, input) {
      await db.run('CREATE TABLE reps (i INTEGER, w BIGINT, count_from INTEGER)');
      const reps = await db.createAppender('reps');
      input.repRows.forEach((r, i) => {
        reps.appendInteger(i);
        reps.appendBigInt(BigInt(r.weight));
        if (r.countFrom === null) reps.appendNull();
        else reps.appendInteger(r.countFrom);
        reps.endRow();
      });
      reps.closeSync();
      await db.run('CREATE TABLE weeks (j INTEGER, mi INTEGER, c HUGEINT)');
      const weeks = await db.createAppender('weeks');
      input.weeks.forEach((w, j) => {
        weeks.appendInteger(j);
        weeks.appendInteger(w.monthIndex);
        weeks.appendHugeInt(w.minor);
        weeks.endRow();
      });
      weeks.closeSync();
    },
    openspm(input) {
      const m = targetMatrix({ periods: input.periods, reps: input.reps }, { ramp: { table: RAMP } });
      return checksum(m.cells);
    },
    async peer(db) {
      await db.run('DROP TABLE IF EXISTS cells');
      await db.run(`
        CREATE TABLE cells AS
        WITH s AS (
          SELECT r.i, w.j, w.c,
            r.w * CASE
              WHEN r.count_from IS NULL THEN 100
              WHEN w.mi - r.count_from + 1 < 1 THEN 0
              WHEN w.mi - r.count_from + 1 <= ${RAMP.length} THEN [${RAMP.join(', ')}][w.mi - r.count_from + 1]
              ELSE 100 END AS s
          FROM reps r, weeks w),
        t AS (SELECT j, sum(s)::HUGEINT AS ssum FROM s GROUP BY j),
        f AS (SELECT s.i, s.j, (s.c * s.s) // t.ssum AS fl, (s.c * s.s) % t.ssum AS rem, s.c FROM s JOIN t USING (j)),
        l AS (SELECT j, any_value(c) - sum(fl) AS leftover FROM f GROUP BY j),
        r AS (SELECT f.i, f.j, f.fl, row_number() OVER (PARTITION BY f.j ORDER BY f.rem DESC, f.i) AS rk FROM f)
        SELECT r.i, r.j, r.fl + CASE WHEN r.rk <= l.leftover THEN 1 ELSE 0 END AS cell FROM r JOIN l USING (j)`);
      const out = await db.runAndReadAll(
        `SELECT sum(cell)::VARCHAR AS s, sum(cell * ((i * (SELECT count(*) FROM weeks) + j) % 997 + 1))::VARCHAR AS ws FROM cells`,
      );
      const row = out.getRowObjects()[0]!;
      return `${row.s}/${row.ws}`;
    },
    check(ours, theirs) {
      if (ours !== theirs) throw new Error(`openspm ${ours} vs DuckDB ${theirs}`);
    },
  };
}
