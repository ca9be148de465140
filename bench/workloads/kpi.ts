import { type Curve, Decimal, type ScorecardInput, scoreKpis } from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

/** One KPI of the benchmark scorecard, with how the SQL side computes its attainment and curve. */
interface BenchKpi {
  id: string;
  dimension: number;
  weight: number;
  direction: 'higher' | 'lower';
  curve: Curve;
}

const piecewise: Curve = {
  kind: 'piecewise',
  basis: 'attainment',
  threshold: 90,
  target: 100,
  stretch: 120,
  scores: { threshold: 50, target: 100, stretch: 150 },
  belowThreshold: 'zero',
};
const bands: Curve = {
  kind: 'bands',
  basis: 'attainment',
  bands: [
    { from: 0, score: 0 },
    { from: 80, score: 60 },
    { from: 100, score: 100 },
    { from: 120, score: 130 },
  ],
};

// Process 40 / result 45 / quality 15; KPI weights inside each dimension total 100.
const DIMENSIONS = [40, 45, 15];
const KPIS: BenchKpi[] = [
  { id: 'visits', dimension: 0, weight: 30, direction: 'higher', curve: { kind: 'capped-ratio', cap: 120 } },
  { id: 'calls', dimension: 0, weight: 20, direction: 'higher', curve: { kind: 'capped-ratio', cap: 150 } },
  { id: 'followUps', dimension: 0, weight: 25, direction: 'higher', curve: piecewise },
  {
    id: 'timeliness',
    dimension: 0,
    weight: 25,
    direction: 'higher',
    curve: { kind: 'binary', scoreMet: 100, scoreMissed: 0, tolerance: 0 },
  },
  { id: 'signed', dimension: 1, weight: 40, direction: 'higher', curve: piecewise },
  {
    id: 'collected',
    dimension: 1,
    weight: 30,
    direction: 'higher',
    curve: { kind: 'capped-ratio', cap: 200 },
  },
  {
    id: 'cycleDays',
    dimension: 1,
    weight: 15,
    direction: 'lower',
    curve: { kind: 'capped-ratio', cap: 130 },
  },
  { id: 'newAccounts', dimension: 1, weight: 15, direction: 'higher', curve: { kind: 'ratio' } },
  { id: 'csat', dimension: 2, weight: 60, direction: 'higher', curve: bands },
  {
    id: 'complaints',
    dimension: 2,
    weight: 40,
    direction: 'lower',
    curve: { kind: 'capped-ratio', cap: 100 },
  },
];

interface Input {
  scorecard: ScorecardInput;
  reps: { id: string; teamId: string }[];
  columns: Record<string, number[]>;
  targets: number[];
}

interface Output {
  /** Σ displayed totals in hundredths, Σ rank × (index mod 997 + 1), Σ exact totals of every 100th rep. */
  displayed: string;
  ranks: string;
  exact: string;
}

/**
 * Scoring 100,000 reps × 10 KPIs (every curve kind, both directions, three dimensions, competition ranks):
 * `scoreKpis` against the same scoring as one DuckDB SQL query over the same values (exact integer
 * arithmetic on HUGEINT: attainment as a fraction, the curve, half-even rounding to 6 decimals, weighted
 * sum, RANK()).
 */
export function kpiWorkload(
  name: string,
  peer: 'exact' | 'double' = 'exact',
  reps = 100_000,
): Workload<Input, Output> {
  return {
    name,
    prepare() {
      const random = new SeededRandom(44);
      const targets = [60, 200, 120, 90, 500_000, 450_000, 45, 4, 4.5, 3];
      const columns: Record<string, number[]> = {};
      KPIS.forEach((k, j) => {
        const t = targets[j]!;
        columns[k.id] = Array.from({ length: reps }, () => {
          // Around the target: 40 % to 160 %, in hundredths (values as CRMs send them: 2 decimals).
          const v = t * (0.4 + 1.2 * random.next());
          return Math.max(0.01, Math.round(v * 100) / 100);
        });
      });
      const scorecard: ScorecardInput = {
        id: 'bench',
        name: 'Benchmark scorecard',
        version: 1,
        effectiveFrom: '2024-01-01',
        dimensions: DIMENSIONS.map((weight, d) => ({
          id: `d${d}`,
          name: `Dimension ${d}`,
          weight,
          kpis: KPIS.filter((k) => k.dimension === d).map((k) => ({
            id: k.id,
            name: k.id,
            weight: k.weight,
            direction: k.direction,
            target: targets[KPIS.indexOf(k)]!,
            curve: k.curve,
          })),
        })),
      };
      const repList = Array.from({ length: reps }, (_, i) => ({
        id: `rep-${i}`,
        teamId: `team-${i % 1000}`,
      }));
      return { scorecard, reps: repList, columns, targets };
    },
    async load(db: DuckDBConnection, input) {
      await db.run('CREATE TABLE v (rep INTEGER, kpi INTEGER, v BIGINT, t BIGINT)');
      const appender = await db.createAppender('v');
      for (let i = 0; i < input.reps.length; i++) {
        KPIS.forEach((k, j) => {
          appender.appendInteger(i);
          appender.appendInteger(j);
          appender.appendBigInt(BigInt(Math.round(input.columns[k.id]![i]! * 100)));
          appender.appendBigInt(BigInt(Math.round(input.targets[j]! * 100)));
          appender.endRow();
        });
      }
      appender.closeSync();
      await db.run('CREATE TABLE k (kpi INTEGER, w BIGINT, lower BOOLEAN, kind VARCHAR, cap BIGINT)');
      for (const [j, k] of KPIS.entries()) {
        const w = DIMENSIONS[k.dimension]! * 100 * k.weight * 100;
        const cap = k.curve.kind === 'capped-ratio' ? k.curve.cap : 0;
        await db.run(
          `INSERT INTO k VALUES (${j}, ${w}, ${k.direction === 'lower'}, '${k.curve.kind}', ${cap})`,
        );
      }
    },
    openspm(input) {
      const result = scoreKpis(
        { scorecard: input.scorecard, reps: input.reps, columns: input.columns },
        { asOf: '2024-12-31' },
      );
      let cents = 0;
      let ranks = 0;
      let exact = new Decimal(0);
      result.reps.forEach((r, i) => {
        const [int, frac] = r.display.split('.');
        cents += Number(int) * 100 + Number(frac);
        ranks += r.rank! * ((i % 997) + 1);
        if (i % 100 === 0) exact = exact.plus(r.total!);
      });
      return { displayed: String(cents), ranks: String(ranks), exact: exact.toString() };
    },
    async peer(db) {
      if (peer === 'double') return doublePeer(db);
      // Attainment as a fraction n/d; each curve gives the score as a fraction num/den; then half-even
      // rounding of num × 10^6 / den, the weighted sum per rep in units of 1e-14 points, and RANK().
      const out = await db.runAndReadAll(`
        WITH a AS (
          SELECT v.rep, k.w, k.kind, k.cap,
                 (CASE WHEN k.lower THEN 100 * v.t ELSE 100 * v.v END)::HUGEINT AS n,
                 (CASE WHEN k.lower THEN v.v ELSE v.t END)::HUGEINT AS d,
                 v.v, v.t
          FROM v JOIN k USING (kpi)
        ),
        s AS (
          SELECT rep, w,
            CASE
              WHEN kind = 'ratio' THEN n
              WHEN kind = 'capped-ratio' THEN CASE WHEN n >= cap * d THEN cap * d ELSE n END
              WHEN kind = 'binary' THEN CASE WHEN v >= t THEN 100 * d ELSE 0 END
              WHEN kind = 'bands' THEN CASE WHEN n >= 120 * d THEN 130 * d WHEN n >= 100 * d THEN 100 * d
                                            WHEN n >= 80 * d THEN 60 * d ELSE 0 END
              ELSE CASE WHEN n >= 120 * d THEN 150 * 20 * d
                        WHEN n >= 100 * d THEN 100 * 20 * d + 50 * (n - 100 * d)
                        WHEN n >= 90 * d THEN (50 * 10 * d + 50 * (n - 90 * d)) * 2
                        ELSE 0 END
            END AS num,
            CASE WHEN kind = 'piecewise' THEN 20 * d ELSE d END AS den
          FROM a
        ),
        m AS (
          SELECT rep, w, num * 1000000 // den AS q, num * 1000000 % den AS r, den FROM s
        ),
        micro AS (
          SELECT rep, w, q + CASE WHEN 2 * r > den OR (2 * r = den AND q % 2 = 1) THEN 1 ELSE 0 END AS sc FROM m
        ),
        tot AS (SELECT rep, sum(w * sc) AS units FROM micro GROUP BY rep),
        ranked AS (
          SELECT rep, units,
                 (units // 1000000000000) + CASE WHEN units % 1000000000000 >= 500000000000 THEN 1 ELSE 0 END AS cents,
                 rank() OVER (ORDER BY units DESC) AS rk
          FROM tot
        )
        SELECT sum(cents)::VARCHAR AS displayed,
               sum(rk * (rep % 997 + 1))::VARCHAR AS ranks,
               sum(CASE WHEN rep % 100 = 0 THEN units ELSE 0 END)::VARCHAR AS exact
        FROM ranked`);
      const row = out.getRowObjects()[0]!;
      return {
        displayed: String(row.displayed),
        ranks: String(row.ranks),
        exact: new Decimal(String(row.exact)).dividedBy(1e14).toString(),
      };
    },
    check(ours, theirs) {
      const exactDiffers = peer === 'exact' && ours.exact !== theirs.exact;
      if (ours.displayed !== theirs.displayed || ours.ranks !== theirs.ranks || exactDiffers)
        throw new Error(`openspm ${JSON.stringify(ours)} vs DuckDB ${JSON.stringify(theirs)}`);
    },
  };
}

/**
 * The same scoring in plain DOUBLE arithmetic, as a SQL author would first write it: faster, but only the
 * displayed totals and ranks are compared (doubles do not give the exact 6-decimal scores).
 */
async function doublePeer(db: DuckDBConnection): Promise<Output> {
  const out = await db.runAndReadAll(`
    WITH a AS (
      SELECT v.rep, k.w, k.kind, k.cap, v.v, v.t,
             CASE WHEN k.lower THEN 100.0 * v.t / v.v ELSE 100.0 * v.v / v.t END AS att
      FROM v JOIN k USING (kpi)
    ),
    s AS (
      SELECT rep, w, round(CASE
        WHEN kind = 'ratio' THEN att
        WHEN kind = 'capped-ratio' THEN least(att, cap)
        WHEN kind = 'binary' THEN CASE WHEN v >= t THEN 100 ELSE 0 END
        WHEN kind = 'bands' THEN CASE WHEN att >= 120 THEN 130 WHEN att >= 100 THEN 100 WHEN att >= 80 THEN 60 ELSE 0 END
        ELSE CASE WHEN att >= 120 THEN 150 WHEN att >= 100 THEN 100 + 50 * (att - 100) / 20
                  WHEN att >= 90 THEN 50 + 50 * (att - 90) / 10 ELSE 0 END
      END, 6) AS sc
      FROM a
    ),
    tot AS (SELECT rep, sum(w * sc) / 1e8 AS total FROM s GROUP BY rep),
    ranked AS (SELECT rep, total, rank() OVER (ORDER BY total DESC) AS rk FROM tot)
    SELECT sum(round(total, 2) * 100)::BIGINT::VARCHAR AS displayed,
           sum(rk * (rep % 997 + 1))::VARCHAR AS ranks
    FROM ranked`);
  const row = out.getRowObjects()[0]!;
  return { displayed: String(row.displayed), ranks: String(row.ranks), exact: '(not computed in DOUBLE)' };
}
