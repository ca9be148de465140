import { allocateMinor } from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

interface Input {
  total: number;
  weights: number[];
}

/** A checksum both engines compute the same way: Σ part × (index mod 997 + 1), and Σ part. */
function checksum(parts: ArrayLike<number>): string {
  let sum = 0n;
  let weighted = 0n;
  for (let i = 0; i < parts.length; i++) {
    const p = BigInt(parts[i]!);
    sum += p;
    weighted += p * BigInt((i % 997) + 1);
  }
  return `${sum}/${weighted}`;
}

/**
 * Largest-remainder apportionment of `total` minor units over a million weights: openspm's `allocateMinor`
 * against the same method in DuckDB SQL (floor shares, then one unit each to the largest remainders,
 * ties to the lower index).
 */
export function allocateWorkload(name: string, total: number, parts = 1_000_000): Workload<Input, string> {
  return {
    name,
    prepare() {
      const random = new SeededRandom(2024);
      const weights = Array.from({ length: parts }, () => random.int(1, 1000));
      return { total, weights };
    },
    async load(db: DuckDBConnection, input) {
      await db.run('CREATE TABLE parts (i INTEGER, w BIGINT)');
      const appender = await db.createAppender('parts');
      input.weights.forEach((w, i) => {
        appender.appendInteger(i);
        appender.appendBigInt(BigInt(w));
        appender.endRow();
      });
      appender.closeSync();
    },
    openspm(input) {
      return checksum(allocateMinor(input.total, input.weights));
    },
    async peer(db, input) {
      await db.run('DROP TABLE IF EXISTS result');
      await db.run(`
        CREATE TABLE result AS
        WITH t AS (SELECT ${input.total}::HUGEINT AS total, sum(w)::HUGEINT AS wsum FROM parts),
        s AS (SELECT i, (t.total * w) // t.wsum AS fl, (t.total * w) % t.wsum AS rem FROM parts, t),
        l AS (SELECT (SELECT total FROM t) - sum(fl) AS leftover FROM s),
        r AS (SELECT i, fl, row_number() OVER (ORDER BY rem DESC, i) AS rk FROM s)
        SELECT i, fl + CASE WHEN rk <= (SELECT leftover FROM l) THEN 1 ELSE 0 END AS part FROM r`);
      const out = await db.runAndReadAll(
        'SELECT sum(part)::VARCHAR AS s, sum(part * (i % 997 + 1))::VARCHAR AS ws FROM result',
      );
      const row = out.getRowObjects()[0]!;
      return `${row.s}/${row.ws}`;
    },
    check(ours, theirs) {
      if (ours !== theirs) throw new Error(`openspm ${ours} vs DuckDB ${theirs}`);
    },
  };
}
