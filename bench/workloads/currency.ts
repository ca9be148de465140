/**
 * Mixed-currency workloads: the hot paths when a share of the deals is in other currencies than the one
 * reported or paid in. The deals are the CRM sales-opportunities data set (8,800 opportunities, read from
 * `shared/data/crm-sales-opportunities` above the working directory, or `OPENSPM_DATA_DIR`; never copied into
 * the repository), repeated `copies` times with seeded amounts and currencies: 20% USD, 10% EUR, the rest CNY,
 * converted to CNY at business-day rates (a seeded walk, 4 decimals) on the deal's close date.
 *
 * - funnel values: `stageConversion` with `reportingCurrency`, `rates`, `conversion: 'close-date'`, against
 *   DuckDB (ASOF JOIN of each deal to the latest rate on or before its close date — `asOf` while open —,
 *   × rate, rounded half-even to the fen per deal, sums per stage and outcome);
 * - incentives: `calculateIncentives`, a plan with `exchange: { policy: 'transaction-date' }` and a 2-tier
 *   marginal rate on the month's credited amount, against the same in DuckDB (converted credit per deal,
 *   rounded; tiers per payee and month; payout rounded once per statement);
 * - each of those also against openspm on the same deals already in CNY (what converting costs);
 * - `rateCache` against `convert` per amount, and against the same cached multiply-and-round without the
 *   result object and its sentence; and `rateCache.convertAmount` (no result object, no sentence) against that
 *   multiply-and-round (openspm only).
 *
 * The SQL is exact integer arithmetic (fen, rates in ten-thousandths), see `loadDeals`. Every workload checks
 * both sides agree before it is timed (`checkFirst`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  calculateIncentives,
  convert,
  type Deal,
  Decimal,
  type ExchangeRateInput,
  findRate,
  Money,
  type PlanInput,
  type RateTable,
  rateCache,
  rateTable,
  type StageChange,
  stageConversion,
} from '../../src/index';
import { SeededRandom } from '../../src/testing/index';
import type { DuckDBConnection, Workload } from '../harness';

const DAY = 86_400_000;
const AS_OF = '2017-12-31';
const RATES_FROM = '2016-09-01';
const REPORTING = 'CNY';

// ---------------------------------------------------------------------------------------------------------
// The data set

/** One row of `sales_pipeline.csv`. */
interface Opportunity {
  id: string;
  agent: string;
  product: string;
  stage: 'Prospecting' | 'Engaging' | 'Won' | 'Lost';
  engage: string | null;
  close: string | null;
  value: number | null;
}

/** The data set's folder: `OPENSPM_DATA_DIR`, else `shared/data/crm-sales-opportunities` in a parent folder. */
export function dataDir(): string | null {
  const env = process.env.OPENSPM_DATA_DIR;
  if (env) {
    for (const d of [env, join(env, 'crm-sales-opportunities')])
      if (existsSync(join(d, 'sales_pipeline.csv'))) return d;
    return null;
  }
  let dir = resolve(process.cwd());
  for (;;) {
    const d = join(dir, 'shared', 'data', 'crm-sales-opportunities');
    if (existsSync(join(d, 'sales_pipeline.csv'))) return d;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function readCsv(file: string): string[][] {
  // The files have no quoted fields (checked: no '"' in them). Columns of sales_pipeline.csv: opportunity_id,
  // sales_agent, product, account, deal_stage, engage_date, close_date, close_value.
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

function loadOpportunities(dir: string): { opportunities: Opportunity[]; listPrice: Map<string, number> } {
  const listPrice = new Map<string, number>();
  for (const [product, , price] of readCsv(join(dir, 'products.csv'))) listPrice.set(product!, Number(price));
  listPrice.set('GTXPro', listPrice.get('GTX Pro')!); // the data set's known quirk
  const opportunities = readCsv(join(dir, 'sales_pipeline.csv')).map(
    ([id, agent, product, , stage, engage, close, value]) => ({
      id: id!,
      agent: agent!,
      product: product!,
      stage: stage as Opportunity['stage'],
      engage: engage || null,
      close: close || null,
      value: value ? Number(value) : null,
    }),
  );
  return { opportunities, listPrice };
}

// ---------------------------------------------------------------------------------------------------------
// The scaled, mixed-currency deals

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;
const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
/** Integer minor units as decimal text, e.g. 123456 → '1234.56'. */
const text2 = (minor: number | bigint) => {
  const m = BigInt(minor);
  const s = (m < 0n ? -m : m).toString().padStart(3, '0');
  return `${m < 0n ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
};
/** Integer ten-thousandths as decimal text, e.g. 71034 → '7.1034'. */
const text4 = (n: number) => `${Math.trunc(n / 10_000)}.${String(n % 10_000).padStart(4, '0')}`;

/** Columns of the scaled data set (index = deal). */
export interface MixedDeals {
  n: number;
  id: string[];
  agent: string[];
  /** 0 prospecting, 1 engaging, 2 won, 3 lost (the current stage). */
  stage: Int8Array;
  currency: string[];
  /** The deal amount in its currency's minor units (won: the close value; else the product's list price ± 10%). */
  amountMinor: Float64Array;
  createdDay: Int32Array;
  /** -1 when never engaged (prospecting). */
  engageDay: Int32Array;
  /** -1 while open. */
  closeDay: Int32Array;
  /** USD→CNY and EUR→CNY on business days, 4 decimals. */
  rates: ExchangeRateInput[];
  /** The same rates in ten-thousandths (for DuckDB's integer arithmetic). */
  rateE4: number[];
}

let cache: { key: string; value: MixedDeals } | undefined;

/**
 * The data set repeated `copies` times (deal ids and agents suffixed per copy, so payees scale too), each deal
 * with a seeded currency and amount (cents included, so conversions round). Deterministic.
 */
export function mixedDeals(copies: number, dir: string): MixedDeals {
  const key = `${dir}|${copies}`;
  if (cache?.key === key) return cache.value;
  const { opportunities, listPrice } = loadOpportunities(dir);
  const random = new SeededRandom(2017);
  const n = opportunities.length * copies;
  const d: MixedDeals = {
    n,
    id: new Array(n),
    agent: new Array(n),
    stage: new Int8Array(n),
    currency: new Array(n),
    amountMinor: new Float64Array(n),
    createdDay: new Int32Array(n),
    engageDay: new Int32Array(n),
    closeDay: new Int32Array(n),
    rates: [],
    rateE4: [],
  };
  const prospectFrom = dayOf('2017-10-01');
  const perUnit = { CNY: 710, USD: 100, EUR: 92 } as const; // minor units of the currency per "USD" of the data
  let k = 0;
  for (let c = 0; c < copies; c++) {
    for (const o of opportunities) {
      const r = random.next();
      const currency = r < 0.2 ? 'USD' : r < 0.3 ? 'EUR' : 'CNY';
      const base = o.stage === 'Won' ? o.value! : listPrice.get(o.product)! * (0.9 + 0.2 * random.next());
      d.id[k] = c === 0 ? o.id : `${o.id}-${c}`;
      d.agent[k] = c === 0 ? o.agent : `${o.agent} #${c}`;
      d.stage[k] = o.stage === 'Prospecting' ? 0 : o.stage === 'Engaging' ? 1 : o.stage === 'Won' ? 2 : 3;
      d.currency[k] = currency;
      d.amountMinor[k] = Math.round(base * perUnit[currency]) + random.int(0, 99);
      const engage = o.engage ? dayOf(o.engage) : -1;
      d.engageDay[k] = engage;
      d.createdDay[k] = engage >= 0 ? engage - random.int(1, 14) : prospectFrom + random.int(0, 91);
      d.closeDay[k] = o.close ? dayOf(o.close) : -1;
      k++;
    }
  }
  // Business-day rates: a seeded walk in ten-thousandths (USD from 6.8000, EUR from 7.4000).
  const walk = { USD: 68_000, EUR: 74_000 };
  for (let day = dayOf(RATES_FROM); day <= dayOf(AS_OF); day++) {
    const weekday = new Date(day * DAY).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const from of ['USD', 'EUR'] as const) {
      walk[from] += random.int(-150, 150);
      d.rates.push({ from, to: REPORTING, rate: text4(walk[from]), effectiveDate: dateOf(day) });
      d.rateE4.push(walk[from]);
    }
  }
  cache = { key, value: d };
  return d;
}

/**
 * Deal `i` in CNY fen, converted without openspm: the latest rate on or before its close date (`asOf` while
 * open) × the amount in integers, rounded half-even. For the "pre-converted" baselines.
 */
function fenOf(d: MixedDeals, i: number): number {
  if (d.currency[i] === REPORTING) return d.amountMinor[i]!;
  const day = d.closeDay[i]! >= 0 ? d.closeDay[i]! : dayOf(AS_OF);
  let e4 = -1;
  for (let k = 0; k < d.rates.length; k++) {
    if (d.rates[k]!.from !== d.currency[i]) continue;
    if (dayOf(d.rates[k]!.effectiveDate) > day) break;
    e4 = d.rateE4[k]!;
  }
  const p = BigInt(d.amountMinor[i]!) * BigInt(e4);
  const q = p / 10_000n;
  const r = p % 10_000n;
  return Number(q + (r * 2n > 10_000n || (r * 2n === 10_000n && q % 2n === 1n) ? 1n : 0n));
}

/**
 * Loads the deals and the rates into DuckDB (`deals`, `rates`) and defines `div_even(p, d)`: p ÷ d rounded
 * half-even, for p ≥ 0. The SQL works in integers (fen, rates in ten-thousandths): DuckDB's `round_even` on a
 * DECIMAL returns a DOUBLE, which can misround an exact tie such as 12552.505.
 */
async function loadDeals(db: DuckDBConnection, d: MixedDeals): Promise<void> {
  await db.run(
    `CREATE MACRO div_even(p, d) AS p // d + CASE WHEN 2 * (p % d) > d OR (2 * (p % d) = d AND (p // d) % 2 = 1)
       THEN 1 ELSE 0 END`,
  );
  await db.run(
    `CREATE TABLE deals (idx INTEGER, id VARCHAR, agent VARCHAR, stage INTEGER, currency VARCHAR,
       amount BIGINT, close_ms BIGINT)`,
  );
  const a = await db.createAppender('deals');
  for (let i = 0; i < d.n; i++) {
    a.appendInteger(i);
    a.appendVarchar(d.id[i]!);
    a.appendVarchar(d.agent[i]!);
    a.appendInteger(d.stage[i]!);
    a.appendVarchar(d.currency[i]!);
    a.appendBigInt(BigInt(d.amountMinor[i]!));
    if (d.closeDay[i]! < 0) a.appendNull();
    else a.appendBigInt(BigInt(d.closeDay[i]! * DAY + 16 * 3_600_000));
    a.endRow();
  }
  a.closeSync();
  await db.run('CREATE TABLE rates (currency VARCHAR, day DATE, rate BIGINT)');
  await db.run(
    `INSERT INTO rates VALUES ${d.rates.map((r, i) => `('${r.from}', DATE '${r.effectiveDate}', ${d.rateE4[i]})`).join(', ')}`,
  );
}

/** Σ and Σ × (index mod 997 + 1) of minor amounts: equal only if (almost surely) every one agrees. */
function checksum(values: Iterable<[number, bigint]>): string {
  let sum = 0n;
  let weighted = 0n;
  for (const [i, v] of values) {
    sum += v;
    weighted += v * BigInt((i % 997) + 1);
  }
  return `${sum}/${weighted}`;
}

const minorOf = (m: Money) => m.toMinor();

// ---------------------------------------------------------------------------------------------------------
// Funnel values

const STAGES = ['prospecting', 'engaging', 'won', 'lost'];
const pipeline = {
  id: 'sales',
  name: 'CRM opportunities',
  stages: STAGES.map((id, order) => ({
    id,
    name: id,
    order,
    kind: id === 'won' ? ('won' as const) : id === 'lost' ? ('lost' as const) : ('open' as const),
  })),
};

interface FunnelData {
  deals: Deal[];
  /** The same deals with their amounts already in CNY (the pre-converted baseline only). */
  cnyDeals: Deal[] | null;
  changes: StageChange[];
  table: RateTable;
  source: MixedDeals;
}

/** The lines both sides of a funnel workload return (the conversion line only with a reporting currency). */
function funnelLines(r: ReturnType<typeof stageConversion>): string[] {
  const out = r.overall.stages
    .filter((s) => s.kind === 'open')
    .map((s) => {
      const v = s.value!;
      return `${s.id} ${minorOf(v.entered)} ${minorOf(v.movedOn)} ${minorOf(v.lost)} ${minorOf(v.open)}`;
    });
  const v = r.overall.values!;
  out.push(`won ${minorOf(v.won)} lost ${minorOf(v.lost)} open ${minorOf(v.open)}`);
  if (r.conversions) out.push(`converted ${r.conversions.count} ${minorOf(r.conversions.total)}`);
  return out;
}

/**
 * Per open stage: value entered, moved on, lost, open (fen); overall won / lost / open; and the converted
 * total of the foreign deals. Both engines return these lines.
 */
type FunnelOutput = string[];

/**
 * `stageConversion` over the data set × `copies` (≈30% of the deals in USD or EUR) with a reporting currency,
 * daily rates and the close-date policy, against DuckDB doing the same conversion (ASOF JOIN) and sums — or,
 * with `against: 'pre-converted'`, against `stageConversion` on the same deals already in CNY (openspm only:
 * what converting costs inside the funnel).
 */
export function currencyFunnelWorkload(
  copies: number,
  dir: string,
  against: 'duckdb' | 'pre-converted' = 'duckdb',
): Workload<FunnelData, FunnelOutput> {
  const pre = against === 'pre-converted';
  return {
    name: pre
      ? 'fx funnel: the same vs the deals pre-converted to CNY (openspm only)'
      : `fx funnel: ${(8_800 * copies).toLocaleString('en')} deals (30% USD/EUR), values → CNY at close-date rates`,
    checkFirst: true,
    ...(pre ? { peerName: 'openspm, in CNY' } : {}),
    prepare() {
      const d = mixedDeals(copies, dir);
      const deals: Deal[] = new Array(d.n);
      const cnyDeals: Deal[] | null = pre ? new Array(d.n) : null;
      const changes: StageChange[] = [];
      for (let i = 0; i < d.n; i++) {
        const created = new Date(d.createdDay[i]! * DAY + 9 * 3_600_000);
        const closed = d.closeDay[i]! >= 0 ? new Date(d.closeDay[i]! * DAY + 16 * 3_600_000) : undefined;
        deals[i] = {
          id: d.id[i]!,
          pipelineId: 'sales',
          ownerId: d.agent[i]!,
          amount: Money.fromMinor(d.amountMinor[i]!, d.currency[i]!),
          createdAt: created,
          stageId: STAGES[d.stage[i]!]!,
          ...(closed ? { closedAt: closed } : {}),
          custom: {},
        } as Deal;
        if (cnyDeals) cnyDeals[i] = { ...deals[i]!, amount: Money.fromMinor(fenOf(d, i), REPORTING) };
        changes.push({ dealId: d.id[i]!, fromStageId: null, toStageId: 'prospecting', at: created });
        if (d.engageDay[i]! >= 0) {
          changes.push({
            dealId: d.id[i]!,
            fromStageId: 'prospecting',
            toStageId: 'engaging',
            at: new Date(d.engageDay[i]! * DAY + 10 * 3_600_000),
          });
        }
        if (closed) {
          changes.push({
            dealId: d.id[i]!,
            fromStageId: 'engaging',
            toStageId: STAGES[d.stage[i]!]!,
            at: closed,
          });
        }
      }
      return { deals, cnyDeals, changes, table: rateTable(d.rates), source: d };
    },
    async load(db, input) {
      if (pre) return;
      await loadDeals(db, input.source);
      await db.run('CREATE TABLE changes (deal_id VARCHAR, to_code INTEGER, at_ms BIGINT)');
      const a = await db.createAppender('changes');
      for (const c of input.changes) {
        a.appendVarchar(c.dealId);
        a.appendInteger(STAGES.indexOf(c.toStageId as string));
        a.appendBigInt(BigInt((c.at as Date).getTime()));
        a.endRow();
      }
      a.closeSync();
    },
    openspm(input) {
      const lines = funnelLines(
        stageConversion(
          { pipeline, deals: input.deals, stageChanges: input.changes },
          { asOf: AS_OF, reportingCurrency: REPORTING, rates: input.table, conversion: 'close-date' },
        ),
      );
      return pre ? lines.slice(0, -1) : lines;
    },
    async peer(db, input) {
      if (input.cnyDeals) {
        return funnelLines(
          stageConversion({ pipeline, deals: input.cnyDeals, stageChanges: input.changes }, { asOf: AS_OF }),
        );
      }
      // furthest: the furthest open stage reached (or won = 2); outcome: the last change's stage.
      const res = await db.runAndReadAll(`
        WITH f AS (
          SELECT deal_id, max(to_code) FILTER (WHERE to_code <= 2) AS mx, arg_max(to_code, at_ms) AS last
          FROM changes WHERE at_ms < ${(dayOf(AS_OF) + 1) * DAY} GROUP BY deal_id
        ),
        v AS (
          SELECT f.mx, f.last, d.currency <> '${REPORTING}' AS foreign_,
            CASE WHEN d.currency = '${REPORTING}' THEN d.amount ELSE div_even(d.amount * r.rate, 10000) END AS v
          FROM deals d
          JOIN f ON f.deal_id = d.id
          ASOF LEFT JOIN rates r
            ON r.currency = d.currency
           AND coalesce(DATE '1970-01-01' + (d.close_ms // ${DAY})::INTEGER, DATE '${AS_OF}') >= r.day
        ),
        s AS (SELECT unnest([0, 1]) AS code)
        SELECT s.code,
          sum(v) FILTER (WHERE mx >= s.code) AS entered,
          sum(v) FILTER (WHERE mx > s.code) AS moved,
          sum(v) FILTER (WHERE mx = s.code AND last = 3) AS lost,
          sum(v) FILTER (WHERE mx = s.code AND last < 2) AS open,
          sum(v) FILTER (WHERE last = 2) AS won_all,
          sum(v) FILTER (WHERE last = 3) AS lost_all,
          sum(v) FILTER (WHERE last < 2) AS open_all,
          count(*) FILTER (WHERE foreign_) AS n_foreign,
          sum(v) FILTER (WHERE foreign_) AS foreign_total
        FROM s, v GROUP BY s.code ORDER BY s.code`);
      const rows = res.getRowObjects();
      const fen = (x: unknown) => BigInt(String(x ?? 0));
      const out = rows.map(
        (r, i) => `${STAGES[i]} ${fen(r.entered)} ${fen(r.moved)} ${fen(r.lost)} ${fen(r.open)}`,
      );
      const r0 = rows[0]!;
      out.push(`won ${fen(r0.won_all)} lost ${fen(r0.lost_all)} open ${fen(r0.open_all)}`);
      out.push(`converted ${Number(r0.n_foreign)} ${fen(r0.foreign_total)}`);
      return out;
    },
    check(ours, theirs) {
      if (ours.join('|') !== theirs.join('|'))
        throw new Error(
          `openspm ${ours.join('|')} vs ${pre ? 'pre-converted' : 'DuckDB'} ${theirs.join('|')}`,
        );
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Incentives

const TIER = 200_000; // CNY credited per payee and month: 3% up to it, 5% above (marginal)
export const fxPlan: PlanInput = {
  id: 'fx-2-tier',
  version: 1,
  currency: REPORTING,
  effective: { from: '2016-01-01' },
  payPeriod: 'month',
  rounding: { mode: 'half-even', stage: 'total' },
  exchange: { policy: 'transaction-date' },
  components: [
    {
      id: 'commission',
      type: 'commission',
      rates: {
        type: 'tiered',
        on: 'amount',
        mode: 'marginal',
        tiers: [
          { from: 0, to: TIER, rate: '0.03' },
          { from: TIER, rate: '0.05' },
        ],
      },
    },
  ],
};

interface IncentiveData {
  input: Parameters<typeof calculateIncentives>[0];
  /** The same input with every deal already in CNY (the pre-converted baseline only). */
  cnyInput: Parameters<typeof calculateIncentives>[0] | null;
  table: RateTable;
  payeeIndex: Map<string, number>;
  source: MixedDeals;
}

/**
 * `calculateIncentives` on the won deals of the data set × `copies` (one payee each: the agent), a CNY plan
 * converting at the rate on the booking date, against DuckDB — or, with `against: 'pre-converted'`, against
 * `calculateIncentives` on the same deals already in CNY (openspm only: what converting costs there).
 * Compared: the converted credit of every deal (checksum by deal) and the payout of every payee and month.
 */
export function currencyIncentivesWorkload(
  copies: number,
  dir: string,
  against: 'duckdb' | 'pre-converted' = 'duckdb',
): Workload<IncentiveData, string> {
  const pre = against === 'pre-converted';
  return {
    name: pre
      ? 'fx incentives: the same vs the deals pre-converted to CNY (openspm only)'
      : `fx incentives: ${(4_238 * copies).toLocaleString('en')} won deals (30% USD/EUR), transaction-date rates, 2 tiers`,
    checkFirst: true,
    ...(pre ? { peerName: 'openspm, in CNY' } : {}),
    prepare() {
      const d = mixedDeals(copies, dir);
      const deals = [];
      const cnyDeals = [];
      const payees = new Set<string>();
      for (let i = 0; i < d.n; i++) {
        if (d.stage[i] !== 2) continue;
        payees.add(d.agent[i]!);
        const deal = {
          id: d.id[i]!,
          amount: { amount: text2(d.amountMinor[i]!), currency: d.currency[i]! },
          date: dateOf(d.closeDay[i]!),
          payeeId: d.agent[i]!,
        };
        deals.push(deal);
        if (pre) cnyDeals.push({ ...deal, amount: { amount: text2(fenOf(d, i)), currency: REPORTING } });
      }
      const payeeIndex = new Map([...payees].sort().map((p, i) => [p, i]));
      const assignments = [...payeeIndex.keys()].map((payeeId) => ({
        payeeId,
        planId: fxPlan.id,
        from: '2016-01-01',
      }));
      return {
        input: { plans: [fxPlan], assignments, deals },
        cnyInput: pre ? { plans: [fxPlan], assignments, deals: cnyDeals } : null,
        table: rateTable(d.rates),
        payeeIndex,
        source: d,
      };
    },
    async load(db, input) {
      if (pre) return;
      await loadDeals(db, input.source);
      await db.run('CREATE TABLE payees (payee VARCHAR, p INTEGER)');
      const a = await db.createAppender('payees');
      for (const [payee, p] of input.payeeIndex) {
        a.appendVarchar(payee);
        a.appendInteger(p);
        a.endRow();
      }
      a.closeSync();
    },
    openspm(input) {
      return incentiveSummary(
        calculateIncentives(input.input, { from: '2017-01-01', to: '2018-01-01', rates: input.table }),
        input.payeeIndex,
      );
    },
    async peer(db, input) {
      if (input.cnyInput) {
        return incentiveSummary(
          calculateIncentives(input.cnyInput, { from: '2017-01-01', to: '2018-01-01' }),
          input.payeeIndex,
        );
      }
      const res = await db.runAndReadAll(`
        WITH w AS (
          SELECT row_number() OVER (ORDER BY idx) - 1 AS k, agent, currency, amount,
                 DATE '1970-01-01' + (close_ms // ${DAY})::INTEGER AS day
          FROM deals WHERE stage = 2
        ),
        c AS (
          SELECT w.k, w.agent, month(w.day) AS m,
            CASE WHEN w.currency = '${REPORTING}' THEN w.amount ELSE div_even(w.amount * r.rate, 10000) END AS credit
          FROM w ASOF LEFT JOIN rates r ON r.currency = w.currency AND w.day >= r.day
        ),
        t AS (SELECT agent, m, sum(credit) AS total FROM c GROUP BY agent, m),
        pay AS (
          -- in hundredths of a fen: 3% up to the tier, 5% above; then rounded half-even to the fen
          SELECT p.p * 12 + t.m AS k,
            div_even(3 * least(t.total, ${TIER * 100}) + 5 * greatest(t.total - ${TIER * 100}, 0), 100) AS payout
          FROM t JOIN payees p ON p.payee = t.agent
        )
        SELECT
          (SELECT sum(credit)::VARCHAR FROM c) AS cs,
          (SELECT sum(credit * (k % 997 + 1))::VARCHAR FROM c) AS cw,
          (SELECT count(*) FROM pay WHERE payout <> 0) AS pn,
          (SELECT sum(payout)::VARCHAR FROM pay) AS ps,
          (SELECT sum(payout * (k % 997 + 1))::VARCHAR FROM pay) AS pw`);
      const r = res.getRowObjects()[0]!;
      return `credits ${r.cs}/${r.cw} payouts ${Number(r.pn)} ${r.ps}/${r.pw}`;
    },
    check(ours, theirs) {
      if (ours !== theirs)
        throw new Error(`openspm ${ours} vs ${pre ? 'pre-converted' : 'DuckDB'} ${theirs}`);
    },
  };
}

/** The converted credit of every deal and the payout of every payee and month, as checksums. */
function incentiveSummary(
  r: ReturnType<typeof calculateIncentives>,
  payeeIndex: Map<string, number>,
): string {
  // The deal index is its position among the won deals, in input order (one credit per deal).
  const credits = r.credits.map((c, i): [number, bigint] => [
    i,
    (c.converted?.[0]?.amount ?? c.amount).toMinor(),
  ]);
  const payouts: [number, bigint][] = [];
  for (const s of r.statements) {
    const pay = s.totals.payable.toMinor();
    if (pay !== 0n) payouts.push([payeeIndex.get(s.payeeId)! * 12 + Number(s.period.start.slice(5, 7)), pay]);
  }
  return `credits ${checksum(credits)} payouts ${payouts.length} ${checksum(payouts)}`;
}

// ---------------------------------------------------------------------------------------------------------
// rateCache vs convert (openspm only)

interface AmountsData {
  amounts: Money[];
  policies: { kind: 'on-date'; date: string }[];
  table: RateTable;
}

/**
 * `n` foreign amounts (the data set's USD and EUR deal amounts, repeated) converted to CNY at the rate on their
 * close date (`asOf` while open) through one `rateCache` (`convert`, or with `method: 'convertAmount'` the
 * amount alone), against one `convert` call each — or, with `against: 'no-text'`, against the same cached
 * multiply-and-round without the result object and its sentence (what explaining every amount costs). openspm
 * only. Compared: the total converted.
 */
export function rateCacheWorkload(
  n: number,
  dir: string,
  against: 'convert' | 'no-text' = 'convert',
  method: 'convert' | 'convertAmount' = 'convert',
): Workload<AmountsData, string> {
  const sum = (amounts: Money[]) => amounts.reduce((s, m) => s.plus(m.amount), new Decimal(0)).toFixed(2);
  const bare = against === 'no-text';
  return {
    name:
      method === 'convertAmount'
        ? 'fx rateCache.convertAmount vs the same multiply-and-round (openspm only)'
        : bare
          ? 'fx rateCache vs the same without result object and sentence (openspm only)'
          : `fx rateCache vs convert: ${n.toLocaleString('en')} USD/EUR amounts → CNY (openspm only)`,
    peerName: bare ? 'Decimal × rate, no text' : 'openspm convert',
    checkFirst: true,
    prepare() {
      const d = mixedDeals(1, dir);
      const foreign: number[] = [];
      for (let i = 0; i < d.n; i++) if (d.currency[i] !== REPORTING) foreign.push(i);
      const amounts: Money[] = new Array(n);
      const policies: AmountsData['policies'] = new Array(n);
      for (let k = 0; k < n; k++) {
        const i = foreign[k % foreign.length]!;
        amounts[k] = Money.fromMinor(d.amountMinor[i]!, d.currency[i]!);
        policies[k] = { kind: 'on-date', date: d.closeDay[i]! >= 0 ? dateOf(d.closeDay[i]!) : AS_OF };
      }
      return { amounts, policies, table: rateTable(d.rates) };
    },
    async load() {},
    openspm(input) {
      const c = rateCache(REPORTING, { rates: input.table });
      const out: Money[] = new Array(input.amounts.length);
      if (method === 'convertAmount') {
        for (let k = 0; k < input.amounts.length; k++)
          out[k] = c.convertAmount(input.amounts[k]!, input.policies[k]!);
      } else {
        for (let k = 0; k < input.amounts.length; k++)
          out[k] = c.convert(input.amounts[k]!, input.policies[k]!).amount;
      }
      return sum(out);
    },
    async peer(_db, input) {
      const out: Money[] = new Array(input.amounts.length);
      if (bare) {
        // rateCache's cached path (a key per pair and day, exact product, one half-even rounding) minus the
        // ConvertResult and its sentence.
        const rates = new Map<string, Decimal>();
        for (let k = 0; k < input.amounts.length; k++) {
          const money = input.amounts[k]!;
          const policy = input.policies[k]!;
          const key = `${money.currency}>${REPORTING}|on-date|${policy.date}`;
          let rate = rates.get(key);
          if (rate === undefined) {
            rate = findRate(input.table, money.currency, REPORTING, policy).rate;
            rates.set(key, rate);
          }
          out[k] = Money.of(money.amount.times(rate), REPORTING).round('half-even', 2);
        }
        return sum(out);
      }
      for (let k = 0; k < input.amounts.length; k++)
        out[k] = convert(input.amounts[k]!, REPORTING, {
          rates: input.table,
          policy: input.policies[k]!,
        }).amount;
      return sum(out);
    },
    check(ours, theirs) {
      if (ours !== theirs) throw new Error(`rateCache ${ours} vs ${bare ? 'no text' : 'convert'} ${theirs}`);
    },
  };
}

/** The mixed-currency workloads, or none (with one line saying so) when the data set is not there. */
export function currencyWorkloads(
  sizes: { funnelCopies: number; incentiveCopies: number; amounts: number } = {
    funnelCopies: 5,
    incentiveCopies: 1,
    amounts: 10_000,
  },
  // biome-ignore lint/suspicious/noExplicitAny: each workload has its own input type
): Workload<any, any>[] {
  const dir = dataDir();
  if (dir === null) {
    console.log(
      'fx workloads skipped: crm-sales-opportunities data set not found (set OPENSPM_DATA_DIR to its folder)',
    );
    return [];
  }
  return [
    currencyFunnelWorkload(sizes.funnelCopies, dir),
    currencyFunnelWorkload(sizes.funnelCopies, dir, 'pre-converted'),
    currencyIncentivesWorkload(sizes.incentiveCopies, dir),
    currencyIncentivesWorkload(sizes.incentiveCopies, dir, 'pre-converted'),
    rateCacheWorkload(sizes.amounts, dir),
    rateCacheWorkload(sizes.amounts, dir, 'no-text'),
    rateCacheWorkload(sizes.amounts, dir, 'no-text', 'convertAmount'),
  ];
}
