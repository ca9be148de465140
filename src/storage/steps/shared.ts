import { ConversionLog, RateCacheImpl } from '../../currency/cache';
import type { ConversionPolicy, ConversionsUsed, ExchangeRateInput, RateTable } from '../../currency/index';
import { ErrorCode, OpenSpmError } from '../../errors';
import type { Dataset } from '../../model/index';
import { Decimal, Money } from '../../money/index';
import { type CalendarDate, toCalendarDate } from '../../period/index';
import type { PeriodCloseContext } from '../period-close';
import type { JsonValue } from '../records';

/**
 * The whole CRM of the tenant as a `Dataset`, for the analytics modules that take one: every record
 * known at the cutoff (history up to the cutoff; nothing after `asOf`).
 */
export async function collectDataset(ctx: PeriodCloseContext): Promise<Dataset> {
  const upTo = { to: new Date(ctx.cutoff.getTime() + 1) };
  const [pipelines, deals, stageChanges, activities, payments, accounts, reps, teams] = await Promise.all([
    ctx.collect('pipelines', 'all'),
    ctx.collect('deals', 'all'),
    ctx.collect('stageChanges', upTo),
    ctx.collect('activities', upTo),
    ctx.collect('payments', upTo),
    ctx.collect('accounts', 'all'),
    ctx.collect('reps', 'all'),
    ctx.collect('teams', 'all'),
  ]);
  const cut = ctx.cutoff.getTime();
  return {
    ...(ctx.currency ? { currency: ctx.currency } : {}),
    pipelines,
    // A deal created after the cutoff did not exist yet.
    deals: deals.filter((d) => d.createdAt.getTime() <= cut),
    stageChanges,
    activities,
    payments,
    accounts,
    reps,
    teams,
  } as Dataset;
}

/** The cutoff's calendar day in the calendar's zone (`'YYYY-MM-DD'`). */
export const cutoffDay = (ctx: PeriodCloseContext): string => toCalendarDate(ctx.cutoff, ctx.calendar.zone);

/** Compares two ids for a stable order. */
export const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The currency options of the run, as the funnel and KPI modules take them (none when it does not convert). */
export function moduleCurrencyOptions(ctx: PeriodCloseContext): {
  reportingCurrency?: string;
  rates?: RateTable | readonly ExchangeRateInput[];
  conversion?: 'close-date' | ConversionPolicy;
} {
  if (ctx.reportingCurrency === undefined) return {};
  return {
    reportingCurrency: ctx.reportingCurrency,
    rates: ctx.rates ?? [],
    conversion: ctx.conversion ?? 'close-date',
  };
}

/**
 * Converts the amounts a storage step adds up (snapshot, totals, allocation, warnings) to the run's reporting
 * currency, as the modules do: each amount at the rate on its own day (`'close-date'`) or by the run's policy,
 * rounded half-even to the reporting currency's minor unit, rates looked up once per pair and day, every
 * conversion tallied per rate. Without a reporting currency, the first currency seen is the run's and a second
 * one is `CURRENCY_MISMATCH`.
 */
export class StepMoney {
  readonly reporting: string | undefined;
  private currency: string | undefined;
  private readonly cache: RateCacheImpl | undefined;
  private readonly log: ConversionLog | undefined;

  constructor(private readonly ctx: PeriodCloseContext) {
    this.reporting = ctx.reportingCurrency;
    this.currency = ctx.currency;
    if (this.reporting !== undefined) {
      this.cache = new RateCacheImpl(this.reporting, { rates: ctx.rates ?? [], rounding: 'half-even' });
      this.log = new ConversionLog(this.reporting, false);
    }
  }

  /** The run's currency so far (the reporting currency, the option, or the first amount's). */
  get runCurrency(): string | undefined {
    return this.currency;
  }

  /**
   * `money` in the run's currency. `day` is the amount's own day (a close or payment date, the period's first
   * day for a target), used by `'close-date'`; `what` names the record in messages (`deal "D-7"`).
   */
  in(
    money: Money,
    day: CalendarDate | Date,
    what: string,
    source: 'deal' | 'payment' | 'target',
    id: string,
  ): Money {
    return this.explained(money, day, what, source, id).amount;
  }

  /** As {@link StepMoney.in}, with the conversion's sentence (`null` when the amount was not converted). */
  explained(
    money: Money,
    day: CalendarDate | Date,
    what: string,
    source: 'deal' | 'payment' | 'target',
    id: string,
  ): { amount: Money; text: string | null } {
    if (this.cache === undefined || this.log === undefined) {
      if (this.currency === undefined) this.currency = money.currency;
      else if (money.currency !== this.currency) {
        throw new OpenSpmError(
          ErrorCode.CURRENCY_MISMATCH,
          `${what} is in ${money.currency} but the period is closed in ${this.currency}; pass reportingCurrency and rates to runPeriodClose to convert, or the currency`,
        );
      }
      return { amount: money, text: null };
    }
    if (money.currency === this.reporting) return { amount: money, text: null };
    const rule = this.ctx.conversion ?? 'close-date';
    const policy: ConversionPolicy =
      rule === 'close-date'
        ? {
            kind: 'on-date',
            date: typeof day === 'string' ? day : toCalendarDate(day, this.ctx.calendar.zone),
          }
        : rule;
    try {
      const { result, key } = this.cache.convertKeyed(money, policy);
      // Targets are tallied with deals: the log's sources are those of the analytics.
      this.log.record(result, key, source === 'target' ? 'deal' : source, id, []);
      return { amount: result.amount, text: result.text };
    } catch (error) {
      if (!(error instanceof OpenSpmError)) throw error;
      throw new OpenSpmError(error.code, `${what}: ${error.message}`, { path: error.path, cause: error });
    }
  }

  /** What was converted, bounded (see {@link conversionsSummary}); `undefined` when the run does not convert. */
  summary(): JsonValue | undefined {
    return this.log === undefined ? undefined : conversionsSummary(this.log.used());
  }
}

/** At most this many per-rate rows are kept in a stored conversion summary; the per-pair rows are complete. */
export const MAX_RATE_ROWS = 50;

/**
 * A bounded, JSON-safe account of the conversions behind a step's figures: the count and total converted, one
 * row per currency pair (amounts, totals before and after, the lowest and highest rate and the days they were
 * asked for), and the rates used (pair, day or period, rate, count, totals, the sentence), at most
 * {@link MAX_RATE_ROWS} of them (`ratesOmitted` says how many more). Never one entry per deal.
 */
export function conversionsSummary(used: ConversionsUsed | null | undefined): JsonValue {
  if (!used) return null;
  const pairs = new Map<
    string,
    {
      from: string;
      to: string;
      amounts: number;
      original: InstanceType<typeof Decimal>;
      amount: InstanceType<typeof Decimal>;
      low: InstanceType<typeof Decimal>;
      high: InstanceType<typeof Decimal>;
      first: string | null;
      last: string | null;
      rates: number;
    }
  >();
  for (const u of used.byRate) {
    const key = `${u.rate.from}>${u.rate.to}`;
    let p = pairs.get(key);
    if (!p) {
      p = {
        from: u.rate.from,
        to: u.rate.to,
        amounts: 0,
        original: new Decimal(0),
        amount: new Decimal(0),
        low: u.rate.rate,
        high: u.rate.rate,
        first: u.rate.date,
        last: u.rate.date,
        rates: 0,
      };
      pairs.set(key, p);
    }
    p.amounts += u.count;
    p.rates++;
    p.original = p.original.plus(u.original.amount);
    p.amount = p.amount.plus(u.amount.amount);
    if (u.rate.rate.lessThan(p.low)) p.low = u.rate.rate;
    if (u.rate.rate.greaterThan(p.high)) p.high = u.rate.rate;
    const d = u.rate.date;
    if (d !== null && (p.first === null || d < p.first)) p.first = d;
    if (d !== null && (p.last === null || d > p.last)) p.last = d;
  }
  const rows = used.byRate.slice(0, MAX_RATE_ROWS);
  return {
    currency: used.currency,
    amounts: used.count,
    total: used.total.toJSON(),
    byPair: [...pairs.values()].map((p) => ({
      pair: `${p.from}→${p.to}`,
      amounts: p.amounts,
      original: Money.of(p.original, p.from).toJSON(),
      converted: Money.of(p.amount, p.to).toJSON(),
      rates: p.rates,
      lowestRate: p.low.toFixed(),
      highestRate: p.high.toFixed(),
      firstDay: p.first,
      lastDay: p.last,
    })),
    rates: rows.map((u) => ({
      pair: `${u.rate.from}→${u.rate.to}`,
      policy: u.rate.policy,
      day: u.rate.date,
      period: u.rate.periodKey,
      rate: u.rate.rate.toFixed(),
      amounts: u.count,
      original: u.original.toJSON(),
      converted: u.amount.toJSON(),
      text: u.text,
    })),
    ratesOmitted: used.byRate.length - rows.length,
  } as unknown as JsonValue;
}
