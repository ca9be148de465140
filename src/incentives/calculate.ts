import { z } from 'zod';
import { RateCacheImpl } from '../currency/cache';
import { type ConversionPolicy, type ExchangeRateInput, type RateTable, rateTable } from '../currency/index';
import {
  ErrorCode,
  type ErrorCodeValue,
  formatPath,
  type IssuePath,
  issue,
  OpenSpmError,
  type OpenSpmIssue,
  parseOrThrow,
  throwIssues,
} from '../errors';
import {
  allocateMinor,
  currencyMinorUnits,
  Decimal,
  Money,
  type RoundingMode,
  roundDecimal,
} from '../money/index';
import {
  type CalendarDate,
  dayNumber,
  eachPeriod,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  FiscalCalendarSchema,
  fiscalCalendar,
  fromDayNumber,
  type Period,
  parseCalendarDate,
  periodContaining,
} from '../period/index';
import { type CalculateIncentivesInput, IncentiveInputSchema } from './input';
import {
  attainmentKind,
  type CommissionComponent,
  needsQuota,
  type Plan,
  type PlanComponent,
  validatePlan,
} from './plan';
import { earnedAt, resolveSchedule, slicesOf, tierIndex } from './schedule';
import type {
  CalculateIncentivesResult,
  CreditConversion,
  CreditRecord,
  IncentiveStatement,
  StatementAttainment,
  StatementConversion,
  StatementLine,
  StatementModifier,
} from './statement';

type Dec = InstanceType<typeof Decimal>;
const ZERO = new Decimal(0);
const ONE = new Decimal(1);
const HUNDRED = new Decimal(100);

/**
 * Options for {@link calculateIncentives}: the range of pay periods to return statements for, and the
 * fiscal calendar (fiscal quarters, time zone for date-times).
 *
 * @example
 * ```ts
 * import { fiscalCalendar, type CalculateIncentivesOptions } from 'openspm';
 * const options: CalculateIncentivesOptions = { from: '2024-01-01', to: '2024-04-01', calendar: fiscalCalendar({ zone: 'Asia/Shanghai' }) };
 * ```
 */
export interface CalculateIncentivesOptions {
  /** First day of the range (included): statements for pay periods that end after it. */
  from: CalendarDate;
  /** Day after the range (excluded): statements for pay periods that start before it. */
  to: CalendarDate;
  /** Fiscal calendar for fiscal quarters and years and the zone of date-times; default calendar year, UTC. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /**
   * Exchange rates (from `rateTable`, or the rate list) for plans whose `exchange` policy is
   * `'transaction-date'` or `'period-average'`; plans with fixed rates and plans without `exchange` do not
   * read it.
   */
  rates?: RateTable | readonly ExchangeRateInput[];
}

const OptionsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    calendar: FiscalCalendarSchema.optional(),
    rates: z.unknown().optional(),
  })
  .strict();

/** A deal or a payment as credited: what a conversion needs. */
interface TxInfo {
  basis: 'booking' | 'collection';
  id: string;
  dealId: string;
  path: IssuePath;
  amount: Money;
  date: string;
  splits: { payeeId: string; percent: Dec; type: 'revenue' | 'overlay' }[];
  /** Index in `credits` of each split's record. */
  creditIndex: number[];
}

/** A transaction converted into one plan currency by one rule. */
interface ConvertedTx {
  parts: Dec[];
  conversion: StatementConversion;
  /** Per split: its record on the credit, made when a payee's plan first uses it. */
  records: (CreditConversion | undefined)[];
}

interface CreditEvent {
  kind: 'credit';
  basis: 'booking' | 'collection';
  transactionId: string;
  dealId: string;
  day: number;
  date: string;
  /** The credit, in `currency`. */
  amount: Dec;
  currency: string;
  tx: TxInfo;
  /** Which split of the transaction. */
  index: number;
  /** When converted: the credit before conversion, in `originalCurrency`. */
  original?: Dec;
  originalCurrency?: string;
  conversion?: StatementConversion;
  type: 'revenue' | 'overlay';
  percent: Dec;
  product: string | undefined;
  segment: string | undefined;
}
interface CancelEvent {
  kind: 'cancel';
  dealId: string;
  day: number;
  date: string;
  transactionId: string;
}
type PayeeEvent = CreditEvent | CancelEvent;

interface DealInfo {
  id: string;
  amount: Dec;
  currency: string;
  day: number;
  termMonths: number | undefined;
  /** Cumulative collected by payment day, sorted. */
  collected: { day: number; total: Dec }[];
}

interface EarnedEntry {
  dealId: string;
  componentId: string;
  component: PlanComponent;
  period: string;
  earned: Dec;
  released: Dec;
  bookingDay: number;
  credited: Dec;
  cancelled: boolean;
  original?: Money;
  conversion?: StatementConversion;
}

interface Slot {
  period: Period;
  plan: Plan;
  activeStart: number;
  activeEnd: number;
}

function rounder(plan: Plan) {
  const minor = currencyMinorUnits(plan.currency);
  const mode: RoundingMode = plan.rounding.mode;
  // Sign-symmetric: the magnitude is rounded, so −x always rounds to −(round x) and a clawback mirrors its payout.
  const exact = (d: Dec): Dec =>
    d.isNegative() ? roundDecimal(d.negated(), minor, mode).negated() : roundDecimal(d, minor, mode);
  return { minor, exact, line: plan.rounding.stage === 'line' ? exact : (d: Dec) => d };
}

function prefixIssues(error: unknown, base: IssuePath): OpenSpmIssue[] {
  if (!(error instanceof OpenSpmError)) throw error;
  return error.issues.map((i) => ({
    code: i.code,
    path: [...base, ...i.path],
    message: i.path.length ? `${formatPath(base)}.${i.message}` : `${formatPath(base)}: ${i.message}`,
  }));
}

const pct = (d: Dec) => d.times(100).toString();
const HINT =
  'to pay it converted, declare "exchange" on the plan (fixed plan rates, or transaction-date or period-average rates passed as the rates option)';
const str = (d: Dec) => d.toString();

/**
 * Runs commission plans over credited transactions and returns one explainable statement per payee per pay
 * period. The pipeline, each stage visible in the output:
 *
 * 1. **credit** — each deal's amount split among payees (revenue splits sum to 100% and the parts sum exactly
 *    to the deal by largest remainder; overlay credit may exceed 100%); collections credited the same way;
 * 2. **measure** — credits accumulated over the component's attainment period (e.g. quarter-to-date) while
 *    paying per pay period (e.g. month); attainment = measure ÷ quota;
 * 3. **rates** — flat, tiered (retroactive, marginal, marginal per deal, hybrid) or a linear curve; each
 *    credit earns F(before + credit) − F(before), so a deal straddling a tier gets a blended rate;
 * 4. **modifiers** — threshold, gates and multiplier tables on metrics, caps, target and step bonuses, SPIFs,
 *    team pools;
 * 5. **eligibility** — paid on booking, on a schedule, or on collection (payable share = collected ÷ amount);
 * 6. **ledger** — holds and releases, clawbacks (negative lines linked to the deal), draws, proration and true-up;
 * 7. **statement** — every line explained, the plan version, totals rounded as the plan declares.
 *
 * Statements are in the plan's currency. A deal, payment or quota in another currency is converted when the
 * plan declares `exchange` (fixed plan rates, or the rate table in `options.rates` on the transaction date or
 * averaged over the pay period): the whole transaction once, rounded once to the plan currency's minor unit,
 * then split among the credits; its lines show the original credit, the rate used and the conversion. Without
 * `exchange` a foreign amount is `CURRENCY_MISMATCH`, as before.
 *
 * Throws {@link OpenSpmError} (nothing is half-computed): `INVALID_PLAN`, `INVALID_SPLIT`, `MISSING_QUOTA`,
 * `MISSING_METRIC`, `CURRENCY_MISMATCH`, `MISSING_EXCHANGE_RATE` (naming the pair, the date and the deal or
 * payment), `UNKNOWN_REFERENCE` or `INVALID_INPUT`, with every problem in `issues`.
 *
 * @example
 * ```ts
 * import { calculateIncentives } from 'openspm';
 * const { statements } = calculateIncentives({
 *   plans: [{ id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, payPeriod: 'quarter',
 *     components: [{ id: 'commission', type: 'commission', rates: { type: 'tiered', on: 'attainment', mode: 'marginal',
 *       tiers: [{ from: 0, to: 1, rate: '0.10' }, { from: 1, to: '1.2', rate: '0.15' }, { from: '1.2', rate: '0.20' }] } }] }],
 *   assignments: [{ payeeId: 'li', planId: 'ae', from: '2024-01-01' }],
 *   quotas: [{ payeeId: 'li', period: 'FY2024-Q1', amount: { amount: '100000', currency: 'CNY' } }],
 *   deals: [{ id: 'D-1', amount: { amount: '130000', currency: 'CNY' }, date: '2024-02-10', payeeId: 'li' }],
 * }, { from: '2024-01-01', to: '2024-04-01' });
 * statements[0]!.totals.payable.toString(); //=> '15000.00 CNY'
 * statements[0]!.lines[0]!.slices!.map((x) => `${x.rate} × ${x.to} − ${x.from}`);
 * //=> ['0.1 × 100000 − 0', '0.15 × 120000 − 100000', '0.2 × 130000 − 120000']
 *
 * // A USD deal on a CNY plan with a fixed plan rate: converted once, then split.
 * const cn = calculateIncentives({
 *   plans: [{ id: 'cn', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *     exchange: { policy: 'fixed', rates: [{ from: 'USD', to: 'CNY', rate: '7.1034' }] },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }] }],
 *   assignments: [{ payeeId: 'li', planId: 'cn', from: '2024-01-01' }, { payeeId: 'wang', planId: 'cn', from: '2024-01-01' }],
 *   deals: [{ id: 'D-2', amount: { amount: '1234.57', currency: 'USD' }, date: '2024-01-20',
 *     credits: [{ payeeId: 'li', percent: 60 }, { payeeId: 'wang', percent: 40 }] }],
 * }, { from: '2024-01-01', to: '2024-02-01' });
 * cn.statements.map((s) => `${s.lines[0]!.original} → ${s.lines[0]!.credited}`);
 * //=> ['740.74 USD → 5261.78 CNY', '493.83 USD → 3507.86 CNY']
 * ```
 */
export function calculateIncentives(
  input: CalculateIncentivesInput,
  options: CalculateIncentivesOptions,
): CalculateIncentivesResult {
  const opts = parseOrThrow(OptionsSchema, options, 'options', ['options']);
  const calendar = fiscalCalendar(opts.calendar ?? {});
  const zone = calendar.zone;
  const data = parseOrThrow(IncentiveInputSchema, input, 'incentive input');
  const issues: OpenSpmIssue[] = [];
  const add = (code: ErrorCodeValue, path: IssuePath, text: string) => issues.push(issue(code, path, text));
  const toDay = (value: string | Date, path: IssuePath): number => {
    try {
      return dayNumber(parseCalendarDate(value, zone));
    } catch (error) {
      issues.push(...prefixIssues(error, path).map((i) => ({ ...i, path })));
      return Number.NaN;
    }
  };
  const fromDay = toDay(opts.from, ['options', 'from']);
  const toDayN = toDay(opts.to, ['options', 'to']);
  let table: RateTable | undefined;
  if (opts.rates !== undefined) {
    try {
      table = rateTable(opts.rates as RateTable | readonly ExchangeRateInput[]);
    } catch (error) {
      issues.push(...prefixIssues(error, ['options']));
    }
  }

  // Plans and their versions.
  const plans: Plan[] = [];
  data.plans.forEach((p, i) => {
    try {
      plans.push(validatePlan(p as Plan));
    } catch (error) {
      issues.push(...prefixIssues(error, ['plans', i]));
    }
  });
  const versions = new Map<string, Plan[]>();
  for (const p of plans) versions.set(p.id, [...(versions.get(p.id) ?? []), p]);
  for (const [id, list] of versions) {
    list.sort((a, b) => a.version - b.version);
    const sorted = [...list].sort((a, b) => dayNumber(a.effective.from) - dayNumber(b.effective.from));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const end = prev.effective.to === undefined ? Number.POSITIVE_INFINITY : dayNumber(prev.effective.to);
      if (end > dayNumber(sorted[k]!.effective.from)) {
        add(
          ErrorCode.INVALID_PLAN,
          ['plans'],
          `plan "${id}": versions ${prev.version} and ${sorted[k]!.version} are in effect at the same time; end version ${prev.version} (effective.to) on or before ${sorted[k]!.effective.from}`,
        );
      }
    }
  }

  // Stage 1: credit.
  const deals = new Map<string, DealInfo>();
  const credits: CreditRecord[] = [];
  const events = new Map<string, PayeeEvent[]>();
  const push = (payee: string, e: PayeeEvent) => {
    let list = events.get(payee);
    if (!list) {
      list = [];
      events.set(payee, list);
    }
    list.push(e);
  };
  const splitsOf = new Map<string, { payeeId: string; percent: Dec; type: 'revenue' | 'overlay' }[]>();
  const dealMeta = new Map<string, { product?: string; segment?: string }>();

  const creditAmount = (
    totalMinor: bigint,
    splits: { payeeId: string; percent: Dec; type: 'revenue' | 'overlay' }[],
  ): bigint[] => {
    const out: bigint[] = new Array(splits.length).fill(0n);
    const revenue = splits.map((s, k) => [s, k] as const).filter(([s]) => s.type === 'revenue');
    if (revenue.length === 1 && revenue[0]![0].percent.eq(100)) {
      out[revenue[0]![1]] = totalMinor; // the common case: one owner, 100%
    } else if (revenue.length) {
      const weights = revenue.map(([s]) => s.percent);
      if (weights.some((w) => !w.isZero())) {
        const parts = allocateMinor(totalMinor, weights);
        revenue.forEach(([, k], j) => {
          out[k] = parts[j]!;
        });
      }
    }
    splits.forEach((s, k) => {
      if (s.type === 'overlay') {
        const v = new Decimal(totalMinor.toString()).times(s.percent).dividedBy(HUNDRED);
        out[k] = BigInt(roundDecimal(v, 0, 'half-even').toFixed(0));
      }
    });
    return out;
  };

  data.deals.forEach((d, i) => {
    const path: IssuePath = ['deals', i];
    if (deals.has(d.id)) add(ErrorCode.DUPLICATE_ID, [...path, 'id'], `deal "${d.id}" appears twice`);
    const day = toDay(d.date, [...path, 'date']);
    const splits = d.credits ?? [{ payeeId: d.payeeId!, percent: HUNDRED, type: 'revenue' as const }];
    const revenueSum = splits.filter((s) => s.type === 'revenue').reduce((s, x) => s.plus(x.percent), ZERO);
    if (splits.some((s) => s.type === 'revenue') && !revenueSum.eq(100)) {
      add(
        ErrorCode.INVALID_SPLIT,
        [...path, 'credits'],
        `deal "${d.id}": revenue splits sum to ${revenueSum}%, they must sum to 100% (overlay credit may exceed it)`,
      );
      return;
    }
    let totalMinor: bigint;
    try {
      totalMinor = d.amount.toMinor();
    } catch (error) {
      issues.push(...prefixIssues(error, [...path, 'amount']));
      return;
    }
    if (Number.isNaN(day)) return;
    const minor = currencyMinorUnits(d.amount.currency);
    deals.set(d.id, {
      id: d.id,
      amount: d.amount.amount,
      currency: d.amount.currency,
      day,
      termMonths: d.termMonths,
      collected: [],
    });
    splitsOf.set(d.id, splits);
    dealMeta.set(d.id, { product: d.product, segment: d.segment });
    const parts = creditAmount(totalMinor, splits);
    const tx: TxInfo = {
      basis: 'booking',
      id: d.id,
      dealId: d.id,
      path,
      amount: d.amount,
      date: fromDayNumber(day),
      splits,
      creditIndex: [],
    };
    splits.forEach((s, k) => {
      const amount = new Decimal(parts[k]!.toString()).dividedBy(new Decimal(10).pow(minor));
      const date = fromDayNumber(day);
      tx.creditIndex.push(credits.length);
      credits.push({
        transactionId: d.id,
        dealId: d.id,
        payeeId: s.payeeId,
        type: s.type,
        percent: str(s.percent),
        amount: Money.of(amount, d.amount.currency),
        date,
        basis: 'booking',
      });
      push(s.payeeId, {
        kind: 'credit',
        basis: 'booking',
        transactionId: d.id,
        dealId: d.id,
        day,
        date,
        amount,
        currency: d.amount.currency,
        tx,
        index: k,
        type: s.type,
        percent: s.percent,
        product: d.product,
        segment: d.segment,
      });
    });
  });

  data.payments.forEach((p, i) => {
    const path: IssuePath = ['payments', i];
    const deal = deals.get(p.dealId);
    if (!deal) {
      add(
        ErrorCode.UNKNOWN_REFERENCE,
        [...path, 'dealId'],
        `payment "${p.id}" is for deal "${p.dealId}", which is not among the deals`,
      );
      return;
    }
    if (p.amount.currency !== deal.currency) {
      add(
        ErrorCode.CURRENCY_MISMATCH,
        [...path, 'amount'],
        `payment "${p.id}" is in ${p.amount.currency} but deal "${deal.id}" is in ${deal.currency}`,
      );
      return;
    }
    const day = toDay(p.date, [...path, 'date']);
    if (Number.isNaN(day)) return;
    deal.collected.push({ day, total: p.amount.amount });
    const splits = splitsOf.get(deal.id)!;
    const minor = currencyMinorUnits(deal.currency);
    const parts = creditAmount(p.amount.toMinor(), splits);
    const meta = dealMeta.get(deal.id)!;
    const tx: TxInfo = {
      basis: 'collection',
      id: p.id,
      dealId: deal.id,
      path,
      amount: p.amount,
      date: fromDayNumber(day),
      splits,
      creditIndex: [],
    };
    splits.forEach((s, k) => {
      const amount = new Decimal(parts[k]!.toString()).dividedBy(new Decimal(10).pow(minor));
      const date = fromDayNumber(day);
      tx.creditIndex.push(credits.length);
      credits.push({
        transactionId: p.id,
        dealId: deal.id,
        payeeId: s.payeeId,
        type: s.type,
        percent: str(s.percent),
        amount: Money.of(amount, deal.currency),
        date,
        basis: 'collection',
      });
      push(s.payeeId, {
        kind: 'credit',
        basis: 'collection',
        transactionId: p.id,
        dealId: deal.id,
        day,
        date,
        amount,
        currency: deal.currency,
        tx,
        index: k,
        type: s.type,
        percent: s.percent,
        product: meta.product,
        segment: meta.segment,
      });
    });
  });
  for (const deal of deals.values()) {
    deal.collected.sort((a, b) => a.day - b.day);
    let run = ZERO;
    for (const c of deal.collected) {
      run = run.plus(c.total);
      c.total = run;
    }
  }

  data.cancellations.forEach((c, i) => {
    const path: IssuePath = ['cancellations', i];
    const deal = deals.get(c.dealId);
    if (!deal) {
      add(
        ErrorCode.UNKNOWN_REFERENCE,
        [...path, 'dealId'],
        `cancellation of deal "${c.dealId}", which is not among the deals`,
      );
      return;
    }
    const day = toDay(c.date, [...path, 'date']);
    if (Number.isNaN(day)) return;
    const payees = new Set(splitsOf.get(deal.id)!.map((s) => s.payeeId));
    for (const payeeId of payees)
      push(payeeId, {
        kind: 'cancel',
        dealId: deal.id,
        day,
        date: fromDayNumber(day),
        transactionId: deal.id,
      });
  });

  // Lookups.
  const quotas = new Map<string, Money>();
  const quotaIndex = new Map<string, number>();
  data.quotas.forEach((q, i) => {
    const key = `${q.payeeId}|${q.period}|${q.componentId ?? ''}`;
    quotas.set(key, q.amount);
    quotaIndex.set(key, i);
  });
  /** The quota of a payee, attainment period and component (else the payee's quota for every component). */
  const quotaOf = (payee: string, period: string, componentId: string) => {
    const own = `${payee}|${period}|${componentId}`;
    const key = quotas.has(own) ? own : `${payee}|${period}|`;
    const money = quotas.get(key);
    return money === undefined ? undefined : { money, index: quotaIndex.get(key)! };
  };
  const metrics = new Map<string, Dec>();
  for (const m of data.metrics) metrics.set(`${m.payeeId}|${m.metric}|${m.period}`, m.value);
  const payouts = new Map<string, Money>();
  for (const p of data.payouts) payouts.set(`${p.payeeId}|${p.period}`, p.amount);
  const payeeInfo = new Map(data.payees.map((p) => [p.id, p]));

  // Conversion into a plan's currency: the whole transaction once, rounded once, then split (memoised per
  // transaction, plan currency and rule). Failures are reported once and convert to zero (the run then stops).
  const what = (tx: TxInfo) =>
    tx.basis === 'booking'
      ? `${formatPath(tx.path)} (deal "${tx.id}", ${tx.amount} booked ${tx.date})`
      : `${formatPath(tx.path)} (payment "${tx.id}" on deal "${tx.dealId}", ${tx.amount} collected ${tx.date})`;
  const planName = (plan: Plan) => `plan "${plan.id}" v${plan.version}`;
  const exchangeOf = (plan: Plan, money: Money, date: string, period: Period | null) => {
    const x = plan.exchange!;
    let policy: ConversionPolicy;
    let rule: string;
    if (x.policy === 'fixed') {
      policy = { kind: 'fixed', rates: x.rates ?? [] };
      rule = `fixed:${(x.rates ?? []).map((r) => `${r.from}>${r.to}=${r.rate}`).join(',')}`;
    } else if (x.policy === 'transaction-date' || period === null) {
      policy = { kind: 'on-date', date };
      rule = `on:${date}`;
    } else {
      policy = { kind: 'period-average', period };
      rule = `avg:${period.key}`;
    }
    const mode = x.rounding ?? plan.rounding.mode;
    return { policy, mode, key: `${money.currency}>${plan.currency}|${rule}|${mode}` };
  };
  const rateCaches = new Map<string, RateCacheImpl>();
  /** Converts, or records an issue naming `where` and returns null. */
  const convertFor = (
    plan: Plan,
    money: Money,
    date: string,
    period: Period | null,
    path: IssuePath,
    where: string,
  ): StatementConversion | null => {
    const x = plan.exchange!;
    const cur = plan.currency;
    if (x.policy !== 'fixed' && table === undefined) {
      add(
        ErrorCode.CURRENCY_MISMATCH,
        path,
        `${where} is in ${money.currency}, ${planName(plan)} pays in ${cur} and converts at ${x.policy} rates, but no rate table was given: pass the rates option (calculateIncentives(input, { from, to, rates }))`,
      );
      return null;
    }
    const { policy, mode } = exchangeOf(plan, money, date, period);
    try {
      // As convert(money, cur, { rates: table ?? [], policy, rounding: mode }), through a cache per plan
      // currency and rounding mode: one rate lookup per pair and day (or period, or plan-rate set).
      const cacheKey = `${cur}|${mode}`;
      let cache = rateCaches.get(cacheKey);
      if (cache === undefined) {
        cache = new RateCacheImpl(cur, { rates: table ?? [], rounding: mode });
        rateCaches.set(cacheKey, cache);
      }
      const c = cache.lookup(money, policy);
      const exact = money.amount.times(c.rate.rate);
      const converted = Money.of(cache.round(exact), cur);
      const exactText = exact.toFixed();
      return {
        original: money,
        converted,
        exact: exactText,
        rate: c.rateText,
        policy: c.rate.policy,
        rateText: c.rate.text,
        text: cache.text(money, exactText, converted, c),
      };
    } catch (error) {
      if (!(error instanceof OpenSpmError) || error.code !== ErrorCode.MISSING_EXCHANGE_RATE) throw error;
      add(
        ErrorCode.MISSING_EXCHANGE_RATE,
        path,
        `${where}, on ${planName(plan)} which pays in ${cur} (exchange policy ${x.policy}, date ${date}): ${error.message}`,
      );
      return null;
    }
  };
  const txMemo = new Map<string, ConvertedTx | null>();
  const convertTx = (tx: TxInfo, plan: Plan): ConvertedTx | null => {
    const period =
      plan.exchange!.policy === 'period-average' ? periodContaining(plan.payPeriod, tx.date, calendar) : null;
    const key = `${tx.basis}|${tx.id}|${exchangeOf(plan, tx.amount, tx.date, period).key}`;
    if (txMemo.has(key)) return txMemo.get(key)!;
    const conversion = convertFor(plan, tx.amount, tx.date, period, [...tx.path, 'amount'], what(tx));
    let result: ConvertedTx | null = null;
    if (conversion) {
      const minor = currencyMinorUnits(plan.currency);
      const scale = new Decimal(10).pow(minor);
      const parts = creditAmount(conversion.converted.toMinor(), tx.splits).map((m) =>
        new Decimal(m.toString()).dividedBy(scale),
      );
      result = { parts, conversion, records: parts.map(() => undefined) };
    }
    txMemo.set(key, result);
    return result;
  };
  /** A credit event in the plan's currency (converted when the plan declares an exchange; else as is). */
  const inPlan = (e: CreditEvent, plan: Plan): CreditEvent => {
    if (e.currency === plan.currency || plan.exchange === undefined) return e;
    const c = convertTx(e.tx, plan);
    if (c) {
      // The credit record shows the converted credit, once per conversion rule, with the plans that used it.
      let rec = c.records[e.index];
      if (!rec) {
        rec = { amount: Money.of(c.parts[e.index]!, plan.currency), plans: [], conversion: c.conversion };
        c.records[e.index] = rec;
        const credit = credits[e.tx.creditIndex[e.index]!]!;
        credit.converted = [...(credit.converted ?? []), rec];
      }
      if (!rec.plans.some((p) => p.id === plan.id && p.version === plan.version))
        rec.plans.push({ id: plan.id, version: plan.version });
    }
    const out: CreditEvent = {
      ...e,
      currency: plan.currency,
      amount: c ? c.parts[e.index]! : ZERO,
      original: e.amount,
      originalCurrency: e.currency,
    };
    if (c) out.conversion = c.conversion;
    return out;
  };
  const quotaMemo = new Map<string, StatementConversion | null>();
  /** A quota in the plan's currency: at the rate on the attainment period's first day, or the fixed rate. */
  const quotaIn = (
    q: { money: Money; index: number },
    plan: Plan,
    A: Period,
  ): { money: Money; conversion?: StatementConversion } => {
    if (q.money.currency === plan.currency || plan.exchange === undefined) return { money: q.money };
    const key = `${q.index}|${A.key}|${exchangeOf(plan, q.money, A.start, null).key}`;
    if (!quotaMemo.has(key)) {
      const d = data.quotas[q.index]!;
      quotaMemo.set(
        key,
        convertFor(
          plan,
          q.money,
          A.start,
          null,
          ['quotas', q.index, 'amount'],
          `quotas[${q.index}] (payee "${d.payeeId}", ${A.key}, ${q.money})`,
        ),
      );
    }
    const c = quotaMemo.get(key);
    // On a failure (already reported) the quota stays as given: the run stops before any statement is returned.
    return c ? { money: c.converted, conversion: c } : { money: q.money };
  };

  if (issues.length) throwIssues(issues[0]!.code, 'Cannot calculate incentives', issues);

  // Slots: (payee, pay period, plan version), from the start of each assignment to options.to.
  const byPayee = new Map<string, Slot[]>();
  // A payee may be on several plans at once (one statement per plan), but not twice on the same plan.
  const byPayeePlan = new Map<string, number[]>();
  data.assignments.forEach((a, i) => {
    const key = `${a.payeeId}|${a.planId}`;
    byPayeePlan.set(key, [...(byPayeePlan.get(key) ?? []), i]);
  });
  for (const list of byPayeePlan.values()) {
    if (list.length < 2) continue;
    const sorted = list
      .map((i) => ({ i, a: data.assignments[i]! }))
      .sort((x, y) => dayNumber(x.a.from) - dayNumber(y.a.from));
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const cur = sorted[k]!;
      const prevEnd = prev.a.to ? dayNumber(prev.a.to) : Number.POSITIVE_INFINITY;
      if (dayNumber(cur.a.from) < prevEnd) {
        add(
          ErrorCode.INVALID_INPUT,
          ['assignments', cur.i],
          `payee "${cur.a.payeeId}" is assigned plan "${cur.a.planId}" twice for the same days (assignments ${prev.i} and ${cur.i}); end one before the other starts`,
        );
      }
    }
  }
  if (issues.length) throwIssues(issues[0]!.code, 'Cannot calculate incentives', issues);
  data.assignments.forEach((a, i) => {
    const path: IssuePath = ['assignments', i];
    const list = versions.get(a.planId);
    if (!list) {
      add(
        ErrorCode.UNKNOWN_REFERENCE,
        [...path, 'planId'],
        `payee "${a.payeeId}" is assigned plan "${a.planId}", which is not among the plans`,
      );
      return;
    }
    const info = payeeInfo.get(a.payeeId);
    if (info?.currency !== undefined) {
      const other = list.find((p) => p.currency !== info.currency);
      if (other) {
        add(
          ErrorCode.CURRENCY_MISMATCH,
          ['payees', data.payees.indexOf(info), 'currency'],
          `payee "${a.payeeId}" is paid in ${info.currency} but is assigned plan "${a.planId}" (assignments[${i}]), whose version ${other.version} pays in ${other.currency}: a payee is paid in their plan's currency, so put them on a plan in ${info.currency} (deals in other currencies are converted by the plan's exchange)`,
        );
        return;
      }
    }
    const start = Math.max(dayNumber(a.from), info?.start ? dayNumber(info.start) : -Infinity);
    const end = Math.min(
      a.to ? dayNumber(a.to) : Infinity,
      info?.end ? dayNumber(info.end) + 1 : Infinity,
      toDayN,
    );
    if (end <= start) return;
    const kinds = new Set(list.map((p) => p.payPeriod));
    for (const kind of kinds) {
      for (const period of eachPeriod(kind, fromDayNumber(start), fromDayNumber(end), calendar)) {
        const ps = dayNumber(period.start);
        const pe = dayNumber(period.end);
        const activeStart = Math.max(ps, start);
        const activeEnd = Math.min(pe, end);
        const overlaps = (p: Plan) =>
          dayNumber(p.effective.from) < activeEnd &&
          (p.effective.to === undefined || dayNumber(p.effective.to) > activeStart);
        // The version in effect last in the period (a payee's plan changes take effect from their date).
        const plan = list
          .filter((p) => p.payPeriod === kind && overlaps(p))
          .sort((x, y) => dayNumber(y.effective.from) - dayNumber(x.effective.from))[0];
        if (!plan) {
          if (!list.some(overlaps)) {
            add(
              ErrorCode.NO_PLAN_ASSIGNED,
              path,
              `payee "${a.payeeId}" is on plan "${a.planId}" in ${period.key}, but no version of it is in effect from ${fromDayNumber(activeStart)} to ${fromDayNumber(activeEnd - 1)}; add a version or end the assignment earlier (to)`,
            );
          }
          continue;
        }
        const slots = byPayee.get(a.payeeId) ?? [];
        slots.push({
          period,
          plan,
          activeStart: Math.max(activeStart, dayNumber(plan.effective.from)),
          activeEnd:
            plan.effective.to === undefined ? activeEnd : Math.min(activeEnd, dayNumber(plan.effective.to)),
        });
        byPayee.set(a.payeeId, slots);
      }
    }
  });

  // Team pools: who qualifies in each pool period, and their share, decided from credits and quotas before
  // statements are made (pool lines then go through modifiers, caps and the ledger like any other line).
  function computePools(): Map<string, { amount: Dec; explanation: string }> {
    const out = new Map<string, { amount: Dec; explanation: string }>();
    const groups = new Map<
      string,
      { plan: Plan; c: Extract<PlanComponent, { type: 'pool' }>; A: Period; team: string; members: string[] }
    >();
    for (const [payeeId, slots] of byPayee) {
      for (const slot of slots) {
        for (const c of slot.plan.components) {
          if (c.type !== 'pool') continue;
          const A = periodContaining(attainmentKind(slot.plan, c), slot.period.start, calendar);
          if (A.end !== slot.period.end) continue;
          const team = payeeInfo.get(payeeId)?.teamId ?? '';
          const key = `${slot.plan.id}|${c.id}|${A.key}|${team}`;
          const g = groups.get(key) ?? { plan: slot.plan, c, A, team, members: [] };
          if (!g.members.includes(payeeId)) g.members.push(payeeId);
          groups.set(key, g);
        }
      }
    }
    for (const g of groups.values()) {
      const { c, A, plan } = g;
      const as = dayNumber(A.start);
      const ae = dayNumber(A.end);
      const basis = c.measure === 'bookings' ? 'booking' : 'collection';
      const members = g.members.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      const rows = members.map((payeeId) => {
        let measure = ZERO;
        for (const e of events.get(payeeId) ?? []) {
          if (
            e.kind === 'credit' &&
            e.basis === basis &&
            e.day >= as &&
            e.day < ae &&
            (c.credit === 'all' || c.credit === e.type)
          )
            measure = measure.plus(inPlan(e, plan).amount);
        }
        const qEntry = quotaOf(payeeId, A.key, c.id);
        const q = qEntry && quotaIn(qEntry, plan, A).money;
        const attainment = q && !q.isZero() ? measure.dividedBy(q.amount) : null;
        const qualifies = attainment?.gte(c.minAttainment) === true;
        let weight = ONE;
        if (c.divide === 'share') weight = measure;
        if (c.divide === 'score') {
          const v = metrics.get(`${payeeId}|${c.scoreMetric}|${A.key}`);
          if (v === undefined && qualifies) {
            add(
              ErrorCode.MISSING_METRIC,
              ['metrics'],
              `payee "${payeeId}", ${A.key}, plan "${plan.id}" v${plan.version}: pool "${c.id}" divides by "${c.scoreMetric}" but it is missing for ${A.key}`,
            );
          }
          weight = v ?? ZERO;
        }
        return { payeeId, measure, attainment, qualifies, weight: Decimal.max(ZERO, weight) };
      });
      const qualifiers = rows.filter((r) => r.qualifies && r.weight.gt(0));
      const minor = currencyMinorUnits(plan.currency);
      const scale = new Decimal(10).pow(minor);
      const parts = qualifiers.length
        ? allocateMinor(
            BigInt(c.amount.times(scale).toFixed(0)),
            qualifiers.map((r) => r.weight.toFixed()),
          )
        : [];
      const team = g.team ? `team "${g.team}"` : 'the plan';
      qualifiers.forEach((r, k) => {
        const amount = new Decimal(parts[k]!.toString()).dividedBy(scale);
        const how =
          c.divide === 'equal'
            ? `an equal share (1 of ${qualifiers.length})`
            : c.divide === 'share'
              ? `a share by measure (${str(r.measure)} of ${str(qualifiers.reduce((x, y) => x.plus(y.measure), ZERO))})`
              : `a share by ${c.scoreMetric} (${str(r.weight)} of ${str(qualifiers.reduce((x, y) => x.plus(y.weight), ZERO))})`;
        out.set(`${r.payeeId}|${plan.id}|${c.id}|${A.key}`, {
          amount,
          explanation: `${c.name ?? c.id}: pool of ${str(c.amount)} ${plan.currency} for ${team} in ${A.key}; ${qualifiers.length} of ${rows.length} reached ${pct(c.minAttainment)}% attainment (this payee ${pct(r.attainment!.toDecimalPlaces(6))}%); ${how}, largest remainder`,
        });
      });
    }
    return out;
  }

  const poolShares = computePools();
  const statements: IncentiveStatement[] = [];
  const payeeIds = [...byPayee.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const payeeId of payeeIds) {
    const slots = byPayee.get(payeeId)!;
    slots.sort(
      (a, b) => dayNumber(a.period.start) - dayNumber(b.period.start) || (a.plan.id < b.plan.id ? -1 : 1),
    );
    const evs = (events.get(payeeId) ?? []).slice();
    evs.sort(
      (a, b) =>
        a.day - b.day ||
        (a.kind === b.kind ? 0 : a.kind === 'credit' ? -1 : 1) ||
        (a.transactionId < b.transactionId ? -1 : a.transactionId > b.transactionId ? 1 : 0),
    );
    const ledger: EarnedEntry[] = [];
    const state = new Map<string, { running: Dec; earnedToDate: Dec; capUsed: Dec }>();
    let drawBalance = ZERO;
    let owedToDate = ZERO;
    let paidToDate = ZERO;
    for (const slot of slots) {
      const st = computeSlot(payeeId, slot);
      const recorded = payouts.get(`${payeeId}|${slot.period.key}`);
      if (recorded) st.recordedPayout = recorded;
      const endDay = dayNumber(slot.period.end);
      if (endDay > fromDay && dayNumber(slot.period.start) < toDayN) statements.push(st);
    }

    function computeSlot(payee: string, slot: Slot): IncentiveStatement {
      const { plan, period } = slot;
      const cur = plan.currency;
      const r = rounder(plan);
      const money = (d: Dec) => Money.of(d, cur);
      const ps = dayNumber(period.start);
      const pe = dayNumber(period.end);
      const proration =
        plan.proration === 'none' ? ONE : new Decimal(slot.activeEnd - slot.activeStart).dividedBy(pe - ps);
      const slotEvents = evs.filter((e) => e.day >= slot.activeStart && e.day < slot.activeEnd);
      const lines: StatementLine[] = [];
      const attainment: StatementAttainment[] = [];
      const entries: EarnedEntry[] = [];
      const here = (path: IssuePath, code: ErrorCodeValue, text: string) =>
        add(code, path, `payee "${payee}", ${period.key}, plan "${plan.id}" v${plan.version}: ${text}`);

      for (const c of plan.components) {
        const aKind = attainmentKind(plan, c);
        const A = aKind === plan.payPeriod ? period : periodContaining(aKind, period.start, calendar);
        const key = `${c.id}|${A.key}`;
        const s = state.get(key) ?? { running: ZERO, earnedToDate: ZERO, capUsed: ZERO };
        state.set(key, s);
        const basis = c.measure === 'bookings' ? 'booking' : 'collection';
        const mine = slotEvents
          .filter(
            (e) => e.kind === 'cancel' || (e.basis === basis && (c.credit === 'all' || c.credit === e.type)),
          )
          .map((e) => (e.kind === 'credit' ? inPlan(e, plan) : e));
        for (const e of mine) {
          if (e.kind === 'credit' && e.currency !== cur) {
            here(
              [...e.tx.path, 'amount'],
              ErrorCode.CURRENCY_MISMATCH,
              `deal "${e.dealId}" is in ${e.currency}, the plan pays in ${cur}; ${HINT}`,
            );
          }
        }
        const quotaEntry = quotaOf(payee, A.key, c.id);
        const quotaIn_ = quotaEntry && quotaIn(quotaEntry, plan, A);
        const quotaMoney = quotaIn_?.money;
        const quota = quotaMoney && !quotaMoney.isZero() ? quotaMoney.amount : null;
        if (quotaMoney && quotaMoney.currency !== cur && plan.exchange === undefined) {
          here(
            ['quotas'],
            ErrorCode.CURRENCY_MISMATCH,
            `the quota for ${A.key} is in ${quotaMoney.currency}, the plan pays in ${cur}; ${HINT}`,
          );
        }
        const credited = mine.filter((e): e is CreditEvent => e.kind === 'credit');
        const compLines: StatementLine[] = [];
        const exactOf = new Map<StatementLine, Dec>();
        const wantsQuota = needsQuota(c) && (credited.length > 0 || !s.running.isZero());
        if (wantsQuota && quota === null) {
          here(
            ['quotas'],
            ErrorCode.MISSING_QUOTA,
            `component "${c.id}" pays on attainment but the quota for ${A.key} is ${quotaMoney ? 'zero, so attainment is not applicable' : 'missing'}; add { payeeId: "${payee}", period: "${A.key}", amount } to quotas`,
          );
          continue;
        }

        if (c.type === 'commission') {
          const sched = resolveSchedule(plan, c, quota);
          for (const e of mine) {
            if (e.kind === 'cancel') {
              if (c.clawback.reduceAttainment && c.measure === 'bookings') {
                const orig = evs.find(
                  (x): x is CreditEvent =>
                    x.kind === 'credit' && x.basis === 'booking' && x.dealId === e.dealId,
                );
                if (orig) s.running = s.running.minus(inPlan(orig, plan).amount);
              }
              continue;
            }
            const before = s.running;
            const after = before.plus(e.amount);
            const earned = earnedAt(sched, after).minus(earnedAt(sched, before));
            s.running = after;
            const slices = slicesOf(sched, before, e.amount);
            const line: StatementLine = {
              kind: 'earning',
              componentId: c.id,
              transactionId: e.transactionId,
              dealId: e.dealId,
              date: e.date,
              credited: money(e.amount),
              credit: `${e.type} ${str(e.percent)}%`,
              measureBefore: money(before),
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(ZERO),
              explanation: '',
            };
            showConversion(line, e);
            if (sched.type === 'tiered') line.tier = tierIndex(sched, after) + 1;
            if (slices.length)
              line.slices = slices.map((x) => ({
                tier: x.tier,
                from: str(x.from),
                to: str(x.to),
                rate: str(x.rate),
                earned: str(x.earned),
              }));
            const rate = e.amount.isZero() ? null : earned.dividedBy(e.amount);
            if (rate !== null) line.rate = str(rate);
            line.explanation = explainEarning(
              c,
              sched.mode,
              e,
              before,
              after,
              earned,
              rate,
              sched.threshold ? sched.threshold.at : null,
              line.tier,
              cur,
            );
            exactOf.set(line, earned);
            compLines.push(line);
          }
        } else if (c.type === 'spif') {
          const wFrom = dayNumber(c.window.from);
          const wTo = dayNumber(c.window.to);
          for (const e of credited) {
            s.running = s.running.plus(e.amount);
            if (e.day < wFrom || e.day >= wTo) continue;
            if (c.products && !(e.product && c.products.includes(e.product))) continue;
            if (c.segments && !(e.segment && c.segments.includes(e.segment))) continue;
            const share = e.percent.dividedBy(HUNDRED);
            const earned = c.perDeal !== undefined ? c.perDeal.times(share) : c.rate!.times(e.amount);
            const line: StatementLine = {
              kind: 'spif',
              componentId: c.id,
              transactionId: e.transactionId,
              dealId: e.dealId,
              date: e.date,
              credited: money(e.amount),
              credit: `${e.type} ${str(e.percent)}%`,
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(ZERO),
              explanation:
                c.perDeal !== undefined
                  ? `SPIF "${c.name ?? c.id}": ${str(c.perDeal)} ${cur} per deal × ${str(e.percent)}% credit share`
                  : `SPIF "${c.name ?? c.id}": ${pct(c.rate!)}% of ${str(e.amount)} ${cur} credited`,
            };
            if (c.rate !== undefined) line.rate = str(c.rate);
            showConversion(line, e);
            if (e.conversion) line.explanation += `; ${convertedNote(e)}`;
            exactOf.set(line, earned);
            compLines.push(line);
          }
        } else if (c.type === 'pool') {
          for (const e of credited) s.running = s.running.plus(e.amount);
          const share = poolShares.get(`${payee}|${plan.id}|${c.id}|${A.key}`);
          if (share && !share.amount.isZero() && period.end === A.end) {
            const line: StatementLine = {
              kind: 'pool',
              componentId: c.id,
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(ZERO),
              explanation: share.explanation,
            };
            exactOf.set(line, share.amount);
            compLines.push(line);
          }
        } else {
          for (const e of credited) s.running = s.running.plus(e.amount);
          let toDate = ZERO;
          let why = '';
          if (quota !== null) {
            const att = s.running.dividedBy(quota);
            if (att.gte(c.target)) {
              const prorA = plan.proration === 'none' ? ONE : activeShare(slot, A);
              let steps = 0;
              if (c.steps) {
                steps = att.minus(c.target).dividedToIntegerBy(c.steps.every).toNumber();
                if (c.steps.max !== undefined) steps = Math.min(steps, c.steps.max);
              }
              const full = c.amount.plus(c.steps ? c.steps.amount.times(steps) : ZERO);
              toDate = full.times(prorA);
              why = `attainment ${pct(att)}% ≥ target ${pct(c.target)}%: bonus ${str(c.amount)}${c.steps ? ` + ${steps} step(s) × ${str(c.steps.amount)} (every ${pct(c.steps.every)}% above target)` : ''}${prorA.eq(1) ? '' : ` × proration ${str(prorA)}`} ${cur}`;
            }
          }
          const delta = toDate.minus(s.earnedToDate);
          s.earnedToDate = toDate;
          if (!delta.isZero()) {
            const line: StatementLine = {
              kind: 'bonus',
              componentId: c.id,
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(ZERO),
              explanation: `${c.name ?? c.id}: ${why || 'no longer reached'}; earned to date in ${A.key} ${str(toDate)}, already earned ${str(toDate.minus(delta))}`,
            };
            exactOf.set(line, delta);
            compLines.push(line);
          }
        }

        // Modifiers: gates and multiplier tables on metrics, per line.
        if (compLines.length && c.modifiers.length) {
          const applied: StatementModifier[] = [];
          let factor = ONE;
          c.modifiers.forEach((m, j) => {
            const value =
              metrics.get(`${payee}|${m.metric}|${period.key}`) ??
              metrics.get(`${payee}|${m.metric}|${A.key}`);
            const valueKey = metrics.has(`${payee}|${m.metric}|${period.key}`) ? period.key : A.key;
            if (value === undefined) {
              here(
                ['metrics'],
                ErrorCode.MISSING_METRIC,
                `component "${c.id}" modifier ${j + 1} needs metric "${m.metric}" for ${period.key} or ${A.key}; add { payeeId: "${payee}", period: "${period.key}", metric: "${m.metric}", value } to metrics`,
              );
              return;
            }
            let mult: Dec;
            let rule: string;
            if (m.type === 'gate') {
              mult = value.gte(m.min) ? ONE : m.otherwise;
              rule = `${m.metric} ≥ ${str(m.min)} else × ${str(m.otherwise)}`;
            } else {
              const row = [...m.table].reverse().find((t) => value.gte(t.from));
              mult = row ? row.multiplier : ZERO;
              rule = `${m.metric} table: ${m.table.map((t) => `from ${str(t.from)} × ${str(t.multiplier)}`).join(', ')}`;
            }
            factor = factor.times(mult);
            applied.push({
              type: m.type,
              metric: m.metric,
              period: valueKey,
              value: str(value),
              multiplier: str(mult),
              rule,
            });
          });
          for (const line of compLines) {
            line.modifiers = applied;
            exactOf.set(line, exactOf.get(line)!.times(factor));
            if (!factor.eq(1))
              line.explanation += `; × ${str(factor)} (${applied.map((a) => `${a.metric} ${a.value}`).join(', ')})`;
          }
        }

        // Rounding (per line when the plan says so).
        const values = compLines.map((l) => r.line(exactOf.get(l)!));

        // Cap.
        let capInfo: StatementAttainment['cap'];
        if (c.cap) {
          const limit = c.cap.per === 'period' ? r.line(c.cap.amount.times(proration)) : c.cap.amount;
          const capKey =
            c.cap.per === 'plan'
              ? `${c.id}|plan|${plan.id}`
              : c.cap.per === 'attainment-period'
                ? key
                : `${c.id}|${period.key}`;
          const cs = state.get(capKey) ?? { running: ZERO, earnedToDate: ZERO, capUsed: ZERO };
          state.set(capKey, cs);
          const positive = values.reduce((a, v) => (v.gt(0) ? a.plus(v) : a), ZERO);
          const room = Decimal.max(ZERO, limit.minus(cs.capUsed));
          // The cap applies to the net of the period's lines (a re-rating may make a line negative); the cut
          // is taken from the positive lines in proportion, so that the net is exactly the room left.
          const net = values.reduce((a, v) => a.plus(v), ZERO);
          if (net.gt(room)) {
            const target = positive.minus(net.minus(room));
            const idx = values.map((v, k) => [v, k] as const).filter(([v]) => v.gt(0));
            let allowed: Dec[];
            if (plan.rounding.stage === 'line') {
              const scale = new Decimal(10).pow(r.minor);
              const parts = allocateMinor(
                BigInt(target.times(scale).toFixed(0)),
                idx.map(([v]) => v.times(scale).toFixed(0)),
              );
              allowed = parts.map((p) => new Decimal(p.toString()).dividedBy(scale));
            } else {
              // Proportional shares; the last takes the remainder so the lines sum to the target exactly.
              allowed = idx.map(([v]) => v.times(target).dividedBy(positive));
              const others = allowed.slice(0, -1).reduce((x, y) => x.plus(y), ZERO);
              allowed[allowed.length - 1] = target.minus(others);
            }
            idx.forEach(([v, k], j) => {
              const line = compLines[k]!;
              line.capped = str(v.minus(allowed[j]!));
              line.explanation += `; capped: ${str(v.minus(allowed[j]!))} over the ${c.cap!.per} cap of ${str(limit)} ${cur}`;
              values[k] = allowed[j]!;
            });
          }
          const used = values.reduce((a, v) => a.plus(v), ZERO);
          cs.capUsed = cs.capUsed.plus(used);
          capInfo = { amount: str(limit), per: c.cap.per, used: str(cs.capUsed) };
        }

        // Eligibility and ledger entries.
        compLines.forEach((line, k) => {
          const earned = values[k]!;
          const exact = exactOf.get(line)!;
          line.earned = money(earned);
          if (!exact.eq(earned) && !line.capped) line.exact = str(exact);
          let share = ONE;
          if (c.type === 'commission' && line.dealId) share = eligibleShare(c, deals.get(line.dealId)!, pe);
          const payable = share.eq(1) ? earned : r.line(earned.times(share));
          line.amount = money(payable);
          line.held = money(earned.minus(payable));
          if (c.type === 'commission' && c.eligibility.on !== 'booking') {
            line.eligibleShare = str(share);
            line.explanation += `; eligible ${pct(share)}% now (${c.eligibility.on === 'collection' ? 'collected ÷ deal amount' : 'installments due'}), ${str(earned.minus(payable))} held`;
          }
          if (line.dealId && (c.type === 'spif' || (c.type === 'commission' && c.measure === 'bookings'))) {
            const e = line.credited!.amount;
            const entry: EarnedEntry = {
              dealId: line.dealId,
              componentId: c.id,
              component: c,
              period: period.key,
              earned,
              released: payable,
              bookingDay: deals.get(line.dealId)!.day,
              credited: e,
              cancelled: false,
            };
            if (line.original) entry.original = line.original;
            if (line.conversion) entry.conversion = line.conversion;
            entries.push(entry);
          }
        });
        lines.push(...compLines);

        const att: StatementAttainment = {
          componentId: c.id,
          period: A.key,
          measure: str(s.running),
          quota: quotaMoney ? str(quotaMoney.amount) : null,
          attainment: quota ? str(s.running.dividedBy(quota)) : null,
        };
        if (!quota) att.reason = quotaMoney ? 'the quota is zero' : 'no quota supplied';
        if (quotaIn_?.conversion) att.quotaConversion = quotaIn_.conversion;
        if (capInfo) att.cap = capInfo;
        if (c.type !== 'spif' || capInfo) attainment.push(att);
      }

      // Releases of earlier holds.
      for (const entry of ledger) {
        if (entry.cancelled || entry.released.eq(entry.earned) || entry.component.type !== 'commission')
          continue;
        if (entry.earned.isNegative()) continue;
        const share = eligibleShare(entry.component, deals.get(entry.dealId)!, pe);
        const target = share.eq(1) ? entry.earned : r.line(entry.earned.times(share));
        const release = target.minus(entry.released);
        if (release.gt(0)) {
          entry.released = target;
          lines.push({
            kind: 'release',
            componentId: entry.componentId,
            dealId: entry.dealId,
            transactionId: entry.dealId,
            earned: money(ZERO),
            eligibleShare: str(share),
            held: money(release.negated()),
            amount: money(release),
            originalPeriod: entry.period,
            explanation: `released: deal "${entry.dealId}" is now ${pct(share)}% eligible; ${str(target)} of the ${str(entry.earned)} earned in ${entry.period} payable, ${str(release)} more than before${entryNote(entry)}`,
            ...entryConversion(entry),
          });
        }
      }
      ledger.push(...entries);

      // Clawbacks: negative lines linked to the original deal, in the period of the cancellation.
      for (const e of slotEvents) {
        if (e.kind !== 'cancel') continue;
        for (const entry of ledger) {
          if (entry.dealId !== e.dealId || entry.cancelled) continue;
          const c = entry.component as CommissionComponent;
          const policy =
            c.type === 'commission'
              ? c.clawback
              : { mode: 'full' as const, windowDays: undefined, percent: undefined };
          entry.cancelled = true;
          if (policy.windowDays !== undefined && e.day - entry.bookingDay > policy.windowDays) continue;
          const held = entry.earned.minus(entry.released);
          let target: Dec;
          let how: string;
          switch (policy.mode) {
            case 'percent':
              target = r.exact(entry.earned.times(policy.percent!));
              how = `${pct(policy.percent!)}% of the ${str(entry.earned)} earned`;
              break;
            case 'prorated': {
              const deal = deals.get(entry.dealId)!;
              if (deal.termMonths === undefined) {
                here(
                  ['deals'],
                  ErrorCode.INVALID_INPUT,
                  `deal "${deal.id}" is cancelled under a pro-rated clawback but has no termMonths`,
                );
                target = ZERO;
                how = '';
                break;
              }
              const termEnd = dayNumber(addMonths(fromDayNumber(deal.day), deal.termMonths));
              const remaining = Decimal.max(ZERO, new Decimal(termEnd - e.day)).dividedBy(termEnd - deal.day);
              const frac = Decimal.min(ONE, remaining);
              target = r.exact(entry.earned.times(frac));
              how = `the unserved ${str(frac.times(100).toDecimalPlaces(4))}% of a ${deal.termMonths}-month term (${termEnd - e.day} of ${termEnd - deal.day} days) of the ${str(entry.earned)} earned`;
              break;
            }
            default:
              target = entry.earned;
              how =
                policy.mode === 'paid'
                  ? `the ${str(entry.released)} paid`
                  : `the full ${str(entry.earned)} earned`;
          }
          const forfeit = policy.mode === 'full' || policy.mode === 'paid' ? held : Decimal.min(held, target);
          const claw =
            policy.mode === 'full' || policy.mode === 'paid' ? entry.released : target.minus(forfeit);
          if (!claw.isZero()) {
            lines.push({
              kind: 'clawback',
              componentId: entry.componentId,
              dealId: entry.dealId,
              transactionId: entry.dealId,
              date: e.date,
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(claw.negated()),
              originalPeriod: entry.period,
              explanation: `clawback (${policy.mode}): deal "${entry.dealId}" cancelled on ${e.date}; reverses ${how} in ${entry.period}${entryNote(entry)}`,
              ...entryConversion(entry),
            });
          }
          if (!forfeit.isZero()) {
            entry.released = entry.released.plus(forfeit);
            lines.push({
              kind: 'forfeit',
              componentId: entry.componentId,
              dealId: entry.dealId,
              transactionId: entry.dealId,
              date: e.date,
              earned: money(ZERO),
              held: money(forfeit.negated()),
              amount: money(ZERO),
              originalPeriod: entry.period,
              explanation: `hold forfeited: ${str(forfeit)} of deal "${entry.dealId}" still held from ${entry.period} will not be paid${entryNote(entry)}`,
              ...entryConversion(entry),
            });
          }
        }
      }

      // Totals, true-up and draw.
      let sum = ZERO;
      let earned = ZERO;
      let held = ZERO;
      let released = ZERO;
      let clawed = ZERO;
      for (const l of lines) {
        sum = sum.plus(l.amount.amount);
        if (l.kind === 'earning' || l.kind === 'bonus' || l.kind === 'spif' || l.kind === 'pool') {
          earned = earned.plus(l.earned.amount);
          held = held.plus(l.held.amount);
        }
        if (l.kind === 'release') released = released.plus(l.amount.amount);
        if (l.kind === 'clawback') clawed = clawed.plus(l.amount.amount);
      }
      const exactSum = sum;
      let gross = r.exact(sum);
      const trueUp = owedToDate.minus(paidToDate);
      if (!trueUp.isZero()) {
        lines.push({
          kind: 'true-up',
          earned: money(ZERO),
          held: money(ZERO),
          amount: money(trueUp),
          explanation: `true-up: earned to date ${str(owedToDate)} − paid to date ${str(paidToDate)} (recorded payouts) = ${str(trueUp)}`,
        });
        gross = gross.plus(trueUp);
      }
      let draw = ZERO;
      let recovered = ZERO;
      if (plan.draw) {
        const d = r.exact(plan.draw.amount.times(proration));
        if (plan.draw.recoverable && drawBalance.gt(0)) {
          const room =
            plan.draw.recoverFrom === 'all' ? Decimal.max(ZERO, gross) : Decimal.max(ZERO, gross.minus(d));
          recovered = Decimal.min(drawBalance, room);
          if (recovered.gt(0)) {
            drawBalance = drawBalance.minus(recovered);
            lines.push({
              kind: 'draw-recovery',
              earned: money(ZERO),
              held: money(ZERO),
              amount: money(recovered.negated()),
              explanation: `recoverable draw paid back from ${plan.draw.recoverFrom === 'all' ? 'earnings' : `earnings above the ${str(d)} draw`}: ${str(recovered)}; ${str(drawBalance)} still owed`,
            });
          }
        }
        const net = gross.minus(recovered);
        if (net.lt(d)) {
          draw = d.minus(net);
          if (plan.draw.recoverable) drawBalance = drawBalance.plus(draw);
          lines.push({
            kind: 'draw',
            earned: money(ZERO),
            held: money(ZERO),
            amount: money(draw),
            explanation: `${plan.draw.recoverable ? 'recoverable' : 'non-recoverable'} draw: pay at least ${str(d)}${proration.eq(1) ? '' : ` (prorated × ${str(proration.toDecimalPlaces(6))})`}; ${str(net)} earned, so ${str(draw)} is advanced${plan.draw.recoverable ? `; ${str(drawBalance)} to recover from later earnings` : ''}`,
          });
        }
      }
      const payable = gross.minus(recovered).plus(draw);
      owedToDate = owedToDate.plus(payable.minus(trueUp));
      const recordedPay = payouts.get(`${payee}|${period.key}`);
      if (recordedPay && recordedPay.currency !== cur) {
        here(
          ['payouts'],
          ErrorCode.CURRENCY_MISMATCH,
          `the payout recorded for ${period.key} is in ${recordedPay.currency}, the plan pays in ${cur}; record what was paid, in the plan currency`,
        );
      }
      paidToDate = paidToDate.plus(recordedPay ? recordedPay.amount : payable);
      const statement: IncentiveStatement = {
        payeeId: payee,
        period,
        plan:
          plan.name === undefined
            ? { id: plan.id, version: plan.version }
            : { id: plan.id, version: plan.version, name: plan.name },
        currency: cur,
        rounding: { mode: plan.rounding.mode, stage: plan.rounding.stage, minorUnits: r.minor },
        proration: str(proration),
        attainment,
        lines,
        totals: {
          earned: money(earned),
          held: money(held),
          released: money(released),
          clawedBack: money(clawed),
          trueUp: money(trueUp),
          draw: money(draw),
          drawRecovered: money(recovered.negated()),
          drawBalance: money(drawBalance),
          payable: money(payable),
          rounding: str(r.exact(exactSum).minus(exactSum)),
        },
      };
      const name = payeeInfo.get(payee)?.name;
      if (name !== undefined) statement.payeeName = name;
      return statement;
    }
  }
  if (issues.length) throwIssues(issues[0]!.code, 'Cannot calculate incentives', issues);
  statements.sort(
    (a, b) =>
      dayNumber(a.period.start) - dayNumber(b.period.start) ||
      (a.payeeId < b.payeeId ? -1 : a.payeeId > b.payeeId ? 1 : 0) ||
      (a.plan.id < b.plan.id ? -1 : a.plan.id > b.plan.id ? 1 : 0),
  );
  return { credits, statements };
}

function activeShare(slot: Slot, A: Period): Dec {
  // Share of the attainment period the payee is on the plan, judged from this slot's active range.
  const as = dayNumber(A.start);
  const ae = dayNumber(A.end);
  const ps = dayNumber(slot.period.start);
  const startsLate = slot.activeStart > ps ? slot.activeStart : as;
  const endsEarly = slot.activeEnd < dayNumber(slot.period.end) ? slot.activeEnd : ae;
  return new Decimal(Math.max(0, Math.min(ae, endsEarly) - Math.max(as, startsLate))).dividedBy(ae - as);
}

function eligibleShare(c: PlanComponent, deal: DealInfo, endDay: number): Dec {
  if (c.type !== 'commission' || c.eligibility.on === 'booking') return ONE;
  if (c.eligibility.on === 'collection') {
    if (deal.amount.isZero()) return ONE;
    let total = ZERO;
    for (const x of deal.collected) if (x.day < endDay) total = x.total;
    return Decimal.min(ONE, total.dividedBy(deal.amount));
  }
  let share = ZERO;
  for (const inst of c.eligibility.installments)
    if (deal.day + inst.afterDays < endDay) share = share.plus(inst.share);
  return share;
}

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const dim = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, dim)).padStart(2, '0')}`;
}

/** `'1200.00 USD before conversion: …'` for a converted credit. */
function convertedNote(e: CreditEvent): string {
  const c = e.conversion!;
  const what = e.basis === 'booking' ? 'deal' : 'payment';
  return `${Money.of(e.original!, e.originalCurrency!)} before conversion: the ${what}'s ${c.text}, then split`;
}

/** Copies the original credit and the conversion of a converted event onto its line. */
function showConversion(line: StatementLine, e: CreditEvent): void {
  if (!e.conversion) return;
  line.original = Money.of(e.original!, e.originalCurrency!);
  line.conversion = e.conversion;
}

function entryNote(entry: EarnedEntry): string {
  return entry.conversion
    ? `; the deal is in ${entry.conversion.original.currency} (credit ${entry.original}, converted at ${entry.conversion.rateText})`
    : '';
}

function entryConversion(entry: EarnedEntry): Pick<StatementLine, 'original' | 'conversion'> {
  const out: Pick<StatementLine, 'original' | 'conversion'> = {};
  if (entry.original) out.original = entry.original;
  if (entry.conversion) out.conversion = entry.conversion;
  return out;
}

function explainEarning(
  c: CommissionComponent,
  mode: string,
  e: CreditEvent,
  before: Dec,
  after: Dec,
  earned: Dec,
  effective: Dec | null,
  threshold: Dec | null,
  tier: number | undefined,
  cur: string,
): string {
  const conv = e.conversion ? `; ${convertedNote(e)}` : '';
  const base = `${e.basis === 'booking' ? 'deal' : 'payment'} "${e.transactionId}" credited ${str(e.amount)} ${cur} (${e.type} ${str(e.percent)}%${conv}); measure ${str(before)} → ${str(after)}`;
  const rate = effective === null ? '' : ` = ${pct(effective.toDecimalPlaces(6))}% effective`;
  const th =
    threshold !== null && after.lt(threshold)
      ? `; below the threshold of ${str(threshold)}: nothing yet`
      : '';
  const how =
    mode === 'retroactive'
      ? `retroactive: tier ${tier}'s rate on everything to date`
      : mode === 'hybrid'
        ? `hybrid: retroactive up to the split, marginal above`
        : mode === 'flat'
          ? `flat rate`
          : mode === 'curve'
            ? `curve: interpolated rate on everything to date`
            : `marginal${mode === 'marginal-per-deal' ? ' per deal' : ''}: each slice at its tier's rate`;
  return `${base}; ${c.name ?? c.id} (${how}) earns ${str(earned)}${rate}${th}`;
}
