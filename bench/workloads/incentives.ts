import { calculatePayoutTotals, type PlanInput } from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

interface Input {
  payees: string[];
  payee: Int32Array;
  amountMinor: Float64Array;
  quotaMinor: Float64Array;
  csat: Int32Array;
}

// A 5-tier marginal plan on attainment, gated by customer satisfaction (≥ 80 else × 0.5), capped at 60,000.
const BOUNDS = ['0', '0.5', '0.8', '1', '1.2'];
const RATES = ['0.02', '0.04', '0.06', '0.08', '0.10'];
const CAP = '60000';

export const benchPlan: PlanInput = {
  id: 'bench-5-tier',
  version: 1,
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  rounding: { mode: 'half-even', stage: 'total' },
  metrics: [{ id: 'csat', name: 'Customer satisfaction' }],
  components: [
    {
      id: 'commission',
      type: 'commission',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: BOUNDS.map((from, i) => ({
          from,
          ...(BOUNDS[i + 1] ? { to: BOUNDS[i + 1] } : {}),
          rate: RATES[i]!,
        })),
      },
      modifiers: [{ type: 'gate', metric: 'csat', min: 80, otherwise: '0.5' }],
      cap: { amount: CAP, per: 'period' },
    },
  ],
};

/** Exact decimal text as a whole number of 10^-decimals: ('0.5', 1) → 5n, ('0.04', 2) → 4n, ('60000', 2) → 6000000n. */
function scaled(text: string, decimals: number): bigint {
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > decimals) throw new Error(`${text} has more than ${decimals} decimals`);
  return BigInt(whole! + fraction.padEnd(decimals, '0'));
}
// The plan in integers for the SQL: bounds in tenths of the quota, rates in hundredths, the cap in fen.
const BOUNDS_E1 = BOUNDS.map((b) => scaled(b, 1));
const RATES_E2 = RATES.map((r) => scaled(r, 2));
const CAP_FEN = scaled(CAP, 2);

/** Σ payout in cents and Σ payout × (payee index mod 997 + 1): equal only if every payee agrees to the cent. */
function checksum(cents: ArrayLike<bigint>): string {
  let sum = 0n;
  let weighted = 0n;
  for (let i = 0; i < cents.length; i++) {
    sum += cents[i]!;
    weighted += cents[i]! * BigInt((i % 997) + 1);
  }
  return `${sum}/${weighted}`;
}

/**
 * 1,000,000 credited deal lines for 10,000 payees through a 5-tier marginal plan with a gate and a cap:
 * openspm's `calculatePayoutTotals` against the same plan in DuckDB SQL, exact: amounts and quotas in integer
 * fen, the payout in 1/2000 fen (bounds in tenths × rates in hundredths × the gate's halves), capped, then
 * rounded half-even to the fen by an integer division. (DuckDB's `round_even` on a DECIMAL returns a DOUBLE,
 * which can round an exact tie such as 12552.505 the wrong way.)
 */
export function incentivesWorkload(lines = 1_000_000, payees = 10_000): Workload<Input, string> {
  return {
    name: `commission: ${lines.toLocaleString('en')} lines, ${payees.toLocaleString('en')} payees, 5-tier marginal + gate + cap`,
    prepare() {
      const random = new SeededRandom(6);
      const payee = new Int32Array(lines);
      const amountMinor = new Float64Array(lines);
      for (let i = 0; i < lines; i++) {
        payee[i] = random.int(0, payees - 1);
        amountMinor[i] = random.int(10_000, 2_000_000); // 100.00 … 20,000.00
      }
      const quotaMinor = new Float64Array(payees);
      const csat = new Int32Array(payees);
      for (let p = 0; p < payees; p++) {
        quotaMinor[p] = random.int(50_000_000, 150_000_000); // 500,000.00 … 1,500,000.00
        csat[p] = random.int(60, 100);
      }
      return {
        payees: Array.from({ length: payees }, (_, p) => `rep-${p}`),
        payee,
        amountMinor,
        quotaMinor,
        csat,
      };
    },
    async load(db: DuckDBConnection, input) {
      // p ÷ d rounded half-even, for p ≥ 0 (integers)
      await db.run(
        `CREATE MACRO div_even(p, d) AS p // d + CASE WHEN 2 * (p % d) > d OR (2 * (p % d) = d AND (p // d) % 2 = 1)
           THEN 1 ELSE 0 END`,
      );
      await db.run('CREATE TABLE credits (payee INTEGER, amount BIGINT)'); // fen
      await db.run('CREATE TABLE payees (payee INTEGER, quota BIGINT, csat INTEGER)'); // fen
      const a = await db.createAppender('credits');
      for (let i = 0; i < input.payee.length; i++) {
        a.appendInteger(input.payee[i]!);
        a.appendBigInt(BigInt(input.amountMinor[i]!));
        a.endRow();
      }
      a.closeSync();
      const b = await db.createAppender('payees');
      for (let p = 0; p < input.payees.length; p++) {
        b.appendInteger(p);
        b.appendBigInt(BigInt(input.quotaMinor[p]!));
        b.appendInteger(input.csat[p]!);
        b.endRow();
      }
      b.closeSync();
    },
    openspm(input) {
      const result = calculatePayoutTotals({
        plan: benchPlan,
        payees: input.payees,
        payee: input.payee,
        amountMinor: input.amountMinor,
        quotaMinor: input.quotaMinor,
        metrics: { csat: input.csat },
      });
      return checksum(result.payees.map((p) => BigInt(p.payoutMinor)));
    },
    async peer(db) {
      // Each tier's slice of the credited total, in tenths of a fen (total × 10 against quota × bound in
      // tenths), times its rate in hundredths: thousandths of a fen.
      const slice = (i: number) => {
        const lo = `p.quota * ${BOUNDS_E1[i]}`;
        const top =
          i + 1 < BOUNDS_E1.length ? `least(10 * t.total, p.quota * ${BOUNDS_E1[i + 1]})` : '10 * t.total';
        return `greatest(${top} - ${lo}, 0) * ${RATES_E2[i]}`;
      };
      const earned = BOUNDS_E1.map((_, i) => slice(i)).join(' + ');
      // The gate: × 1 (in halves: 2) at csat ≥ 80, else × 0.5 (1): the payout in 1/2000 fen.
      const out = await db.runAndReadAll(`
        WITH t AS (SELECT payee, sum(amount) AS total FROM credits GROUP BY payee),
        e AS (
          SELECT p.payee,
            coalesce((${earned}) * CASE WHEN p.csat >= 80 THEN 2 ELSE 1 END, 0) AS pay
          FROM payees p LEFT JOIN t ON t.payee = p.payee
        ),
        r AS (SELECT payee, div_even(least(pay, ${CAP_FEN * 2000n}), 2000) AS payout FROM e)
        SELECT sum(payout)::VARCHAR AS s, sum(payout * (payee % 997 + 1))::VARCHAR AS ws FROM r`);
      const row = out.getRowObjects()[0]!;
      return `${row.s}/${row.ws}`;
    },
    check(ours, theirs) {
      if (ours !== theirs) throw new Error(`openspm ${ours} vs DuckDB ${theirs}`);
    },
  };
}
