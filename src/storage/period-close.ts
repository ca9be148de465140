import { z } from 'zod';
import { reportingCurrencyFields } from '../_lib/currency-options';
import {
  type ConversionPolicy,
  type ExchangeRateInput,
  findRate,
  type RateTable,
  rateTable,
} from '../currency/index';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import type { ScoreKpisOptions } from '../kpi/index';
import { DateTimeSchema } from '../model/index';
import {
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fiscalCalendar,
  type Period,
  PeriodSchema,
  parsePeriodKey,
  toCalendarDate,
} from '../period/index';
import type {
  ReadQuery,
  StorageAdapter,
  StorageCollection,
  StorageRecords,
  WriteResultsSummary,
} from './port';
import { STORAGE_PORT_VERSION } from './port';
import type { JsonValue, ResultInput } from './records';
import { defaultPeriodCloseSteps } from './steps';

/**
 * What a period-close step sees: the tenant, the period and its calendar, `asOf`, tenant-scoped reads,
 * and the outputs of the steps before it.
 *
 * @example
 * ```ts
 * import type { PeriodCloseContext } from 'openspm';
 * const countDeals = async (ctx: PeriodCloseContext) => (await ctx.collect('deals')).length;
 * ```
 */
export interface PeriodCloseContext {
  /** The tenant being closed. */
  readonly tenantId: string;
  /** The period being closed. */
  readonly period: Period;
  /** The fiscal calendar: working days, and the zone that places instants on days. */
  readonly calendar: FiscalCalendar;
  /** What is known: nothing after this instant counts. */
  readonly asOf: Date;
  /** The first instant of the period in the calendar's zone. */
  readonly periodStart: Date;
  /** The first instant after the period in the calendar's zone. */
  readonly periodEnd: Date;
  /** The instant results describe: the end of the period, or `asOf` when that is earlier. */
  readonly cutoff: Date;
  /**
   * Currency of the results, when given in the options (`reportingCurrency`, else `currency`); otherwise steps
   * take it from the data.
   */
  readonly currency?: string;
  /**
   * The currency amounts in other currencies are converted to, when the run converts (the options gave
   * `reportingCurrency`, or `currency` with `rates` or `conversion`); `undefined` otherwise, and then a second
   * currency in the data is a `CURRENCY_MISMATCH` error. Equal to `currency` when set.
   *
   * @example
   * ```ts
   * import type { PeriodCloseContext } from 'openspm';
   * const converting = (ctx: PeriodCloseContext) => ctx.reportingCurrency !== undefined;
   * ```
   */
  readonly reportingCurrency?: string;
  /**
   * The exchange rates of the run, validated once (from the options' `rates`); `undefined` when none were
   * given. The analytics steps convert with them to `reportingCurrency`; the incentives step hands them to
   * `calculateIncentives` for plans whose `exchange` is `'transaction-date'` or `'period-average'`.
   *
   * @example
   * ```ts
   * import { findRate, type PeriodCloseContext } from 'openspm';
   * const usdAtCutoff = (ctx: PeriodCloseContext) =>
   *   findRate(ctx.rates, 'USD', 'CNY', { kind: 'on-date', date: ctx.cutoff });
   * ```
   */
  readonly rates?: RateTable;
  /**
   * Which rate converts an amount when the run converts: `'close-date'` (the default: a deal at the rate on its
   * close date — the cutoff's day while open —, a payment on its date, a target on its period's first day) or
   * one {@link ConversionPolicy} for every amount; `undefined` when the run does not convert.
   *
   * @example
   * ```ts
   * import type { PeriodCloseContext } from 'openspm';
   * const rule = (ctx: PeriodCloseContext) =>
   *   typeof ctx.conversion === 'object' ? ctx.conversion.kind : ctx.conversion ?? 'no conversion';
   * ```
   */
  readonly conversion?: 'close-date' | ConversionPolicy;
  /** Reads a collection of this tenant in pages; the range defaults to the whole period. */
  read<K extends StorageCollection>(
    collection: K,
    range?: { from?: Date; to?: Date } | 'all',
  ): AsyncIterable<StorageRecords[K][]>;
  /** Reads a whole collection into one array (for modules that need it all; mind the memory). */
  collect<K extends StorageCollection>(
    collection: K,
    range?: { from?: Date; to?: Date } | 'all',
  ): Promise<StorageRecords[K][]>;
  /** Whether an instant lies in the period (its day in the calendar's zone) and not after `asOf`. */
  inPeriod(instant: Date): boolean;
  /** The output of an earlier step, by name. */
  output(stepName: string): PeriodCloseStepOutput | undefined;
}

/**
 * What a step returns: the results to write and a short summary for the run's report.
 *
 * @example
 * ```ts
 * import type { PeriodCloseStepOutput } from 'openspm';
 * const out: PeriodCloseStepOutput = { results: [], summary: { reps: 0 } };
 * ```
 */
export interface PeriodCloseStepOutput {
  /** Results to write, each with a kind listed in the step's `writes`. */
  results: ResultInput[];
  /** Figures for the run's summary (plain JSON). */
  summary: { [key: string]: JsonValue };
}

/**
 * One pluggable step of {@link runPeriodClose}: a name, what it reads, what it writes, and how. The
 * funnel, KPI, targets, incentives and warnings modules each plug in as one step.
 *
 * @example
 * ```ts
 * import type { PeriodCloseStep } from 'openspm';
 * const dealCount: PeriodCloseStep = {
 *   name: 'deal-count',
 *   reads: ['deals'],
 *   writes: ['deal-count'],
 *   async run(ctx) {
 *     const n = (await ctx.collect('deals')).length;
 *     return {
 *       results: [{ kind: 'deal-count', key: ctx.period.key, periodKey: ctx.period.key, payload: { n } }],
 *       summary: { deals: n },
 *     };
 *   },
 * };
 * ```
 */
export interface PeriodCloseStep {
  /** Unique name of the step, such as `'period-totals'`. */
  readonly name: string;
  /** The collections it reads. */
  readonly reads: readonly StorageCollection[];
  /** The result kinds it writes; each is replaced as a whole for the period on every run. */
  readonly writes: readonly string[];
  /** Computes the step's results. */
  run(context: PeriodCloseContext): Promise<PeriodCloseStepOutput>;
}

/**
 * Options of {@link runPeriodClose}.
 *
 * @example
 * ```ts
 * import type { RunPeriodCloseOptions } from 'openspm';
 * const options: RunPeriodCloseOptions = { tenantId: 'acme', period: '2024-Q3', asOf: '2024-10-08' };
 * ```
 */
export interface RunPeriodCloseOptions {
  /** The tenant to close. */
  tenantId: string;
  /** The period: a key such as `'2024-Q3'`, `'FY2024-Q3'`, `'2024-09'` (read with the calendar), or a Period. */
  period: string | Period;
  /** What is known: nothing after this instant counts (a date or date-time, or a Date). */
  asOf: string | Date;
  /** The fiscal calendar (default: calendar year, Saturday and Sunday off, UTC). */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /**
   * The currency of every amount; default: that of the first deal read. With `rates` or `conversion` it is also
   * the reporting currency (amounts in other currencies are converted to it); it must then agree with
   * `reportingCurrency` when both are given.
   */
  currency?: string;
  /**
   * Convert amounts in other currencies to this one (with `rates` and `conversion`), as the funnel, KPI and
   * target modules do: every default step then writes its amounts in it. Without it (and without `currency`
   * plus `rates`), a tenant whose deals are in several currencies stops the close with `CURRENCY_MISMATCH`.
   * Must agree with `currency` when both are given.
   *
   * @example
   * ```ts
   * import type { RunPeriodCloseOptions } from 'openspm';
   * const options: RunPeriodCloseOptions = {
   *   tenantId: 'acme', period: '2024-Q3', asOf: '2024-10-08',
   *   reportingCurrency: 'CNY',
   *   rates: [{ from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-06-28' }],
   * };
   * ```
   */
  reportingCurrency?: string;
  /**
   * The exchange rates (from `rateTable`, or the rate list), as the pure modules take them: openspm does not
   * store rates (the CRM owns them), so each close is given them. Validated before anything is read
   * (`INVALID_INPUT` listing every bad rate, `DUPLICATE_ID` for two rates of a pair on one day). A rate that is
   * needed but missing stops the close with `MISSING_EXCHANGE_RATE` naming the pair and the date; nothing is
   * written. Also handed to the incentives step for plans whose `exchange` is `'transaction-date'` or
   * `'period-average'` (which convert to the plan's currency even without `reportingCurrency`).
   *
   * @example
   * ```ts
   * import { rateTable, type RunPeriodCloseOptions } from 'openspm';
   * const rates = rateTable([
   *   { from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-07-01', source: 'PBoC central parity' },
   *   { from: 'USD', to: 'CNY', rate: '7.1315', effectiveDate: '2024-08-01', source: 'PBoC central parity' },
   * ]);
   * const options: RunPeriodCloseOptions = { tenantId: 'acme', period: '2024-Q3', asOf: '2024-10-08', reportingCurrency: 'CNY', rates };
   * ```
   */
  rates?: RateTable | readonly ExchangeRateInput[];
  /**
   * Which rate converts an amount (the type of `scoreKpis`'s option): `'close-date'` (default; a deal at the
   * rate on its close date — the cutoff's day while open —, a payment on its date, a target on its period's
   * first day; the target-variance step calls this `'on-date'`) or one {@link ConversionPolicy} for every
   * amount (a period average, fixed plan rates). Needs a reporting currency.
   *
   * @example
   * ```ts
   * import { parsePeriodKey, type RunPeriodCloseOptions } from 'openspm';
   * const options: RunPeriodCloseOptions = {
   *   tenantId: 'acme', period: '2024-Q3', asOf: '2024-10-08', reportingCurrency: 'CNY',
   *   rates: [{ from: 'USD', to: 'CNY', rate: '7.1034', effectiveDate: '2024-06-28' }],
   *   conversion: { kind: 'period-average', period: parsePeriodKey('2024-Q3') },
   * };
   * ```
   */
  conversion?: ScoreKpisOptions['conversion'];
  /** The steps to run, in order; default {@link defaultPeriodCloseSteps}. */
  steps?: readonly PeriodCloseStep[];
  /** Rows per page for every read (default 5,000). */
  pageSize?: number;
}

/**
 * What one step of a period close did.
 *
 * @example
 * ```ts
 * import type { PeriodCloseStepReport } from 'openspm';
 * const line = (s: PeriodCloseStepReport) => `${s.name}: ${s.results} results`;
 * ```
 */
export interface PeriodCloseStepReport {
  /** The step's name. */
  name: string;
  /** The collections it read. */
  reads: StorageCollection[];
  /** The result kinds it wrote. */
  writes: string[];
  /** How many results it produced. */
  results: number;
  /** Its figures. */
  summary: { [key: string]: JsonValue };
}

/**
 * The outcome of {@link runPeriodClose}: each step's figures and what the write changed.
 *
 * @example
 * ```ts
 * import type { RunPeriodCloseResult } from 'openspm';
 * const changed = (r: RunPeriodCloseResult) => r.write.inserted + r.write.updated + r.write.deleted;
 * ```
 */
export interface RunPeriodCloseResult {
  /** The tenant closed. */
  tenantId: string;
  /** The period closed. */
  period: Period;
  /** `asOf`, ISO text. */
  asOf: string;
  /** The instant results describe (end of the period, or `asOf` if earlier), ISO text. */
  cutoff: string;
  /** Each step: name, what it read and wrote, how many results, its figures. */
  steps: PeriodCloseStepReport[];
  /** Results written in all (the run's own `period-close` record included). */
  results: number;
  /** What the one transactional write changed; a second identical run reports everything `unchanged`. */
  write: WriteResultsSummary;
}

const OptionsSchema = z.object({
  tenantId: z.string().regex(/\S/, 'must not be empty'),
  period: z.union([z.string().min(1), PeriodSchema]),
  asOf: DateTimeSchema,
  calendar: z.unknown().optional(),
  currency: z.string().optional(),
  ...reportingCurrencyFields,
  steps: z.array(z.unknown()).optional(),
  pageSize: z.int().min(1).max(10_000).optional(),
});

/** The run's currency options, checked and made coherent (see `RunPeriodCloseOptions.reportingCurrency`). */
function currencyOptions(o: z.infer<typeof OptionsSchema>): {
  currency?: string;
  reportingCurrency?: string;
  rates?: RateTable;
  conversion?: 'close-date' | ConversionPolicy;
} {
  if (o.reportingCurrency !== undefined && o.currency !== undefined && o.reportingCurrency !== o.currency) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `reportingCurrency: is ${o.reportingCurrency} but currency is ${o.currency}; they name the same thing (the currency of the results), give one or make them agree`,
      { path: ['reportingCurrency'] },
    );
  }
  const rates = o.rates === undefined ? undefined : rateTable(o.rates);
  const reporting =
    o.reportingCurrency ?? (o.rates !== undefined || o.conversion !== undefined ? o.currency : undefined);
  if (o.conversion !== undefined && reporting === undefined) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'conversion: says which rate converts amounts, but no currency to convert to was given; pass reportingCurrency (such as "CNY") and rates',
      { path: ['conversion'] },
    );
  }
  if (typeof o.conversion === 'object') {
    // The policy is checked once, up front (a currency to itself needs no rate, but the policy is parsed).
    try {
      findRate(rates, 'XXX', 'XXX', o.conversion);
    } catch (error) {
      if (!(error instanceof OpenSpmError)) throw error;
      throw new OpenSpmError(error.code, `conversion: ${error.message}`, {
        path: ['conversion', ...error.path.slice(1)],
        issues: error.issues.map((i) => ({ ...i, path: ['conversion', ...i.path.slice(1)] })),
        cause: error,
      });
    }
  }
  const currency = reporting ?? o.currency;
  return {
    ...(currency === undefined ? {} : { currency }),
    ...(reporting === undefined
      ? {}
      : { reportingCurrency: reporting, conversion: o.conversion ?? 'close-date' }),
    ...(rates === undefined ? {} : { rates }),
  };
}

/** The first instant of a calendar day in a zone (binary search on whole milliseconds; zones shift < 1 day). */
function startOfDay(date: string, zone: string): Date {
  const utc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  let lo = utc - 36 * 3_600_000; // surely the day before
  let hi = utc + 36 * 3_600_000; // surely on or after the day
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (toCalendarDate(new Date(mid), zone) < date) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

function checkSteps(steps: readonly PeriodCloseStep[]): void {
  const names = new Set<string>();
  const kinds = new Map<string, string>();
  steps.forEach((step, i) => {
    if (
      !step ||
      typeof step.name !== 'string' ||
      typeof step.run !== 'function' ||
      !Array.isArray(step.writes)
    ) {
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `steps[${i}]: expected a step with name, reads, writes and run`,
        {
          path: ['steps', i],
        },
      );
    }
    if (names.has(step.name)) {
      throw new OpenSpmError(ErrorCode.DUPLICATE_ID, `steps[${i}]: step "${step.name}" is listed twice`, {
        path: ['steps', i, 'name'],
      });
    }
    names.add(step.name);
    for (const kind of step.writes) {
      const other = kinds.get(kind);
      if (other !== undefined) {
        throw new OpenSpmError(
          ErrorCode.DUPLICATE_ID,
          `steps[${i}]: result kind "${kind}" is written by both "${other}" and "${step.name}"`,
          { path: ['steps', i, 'writes'] },
        );
      }
      kinds.set(kind, step.name);
    }
  });
}

/**
 * Closes a period for one tenant: reads what each step needs through the storage port (in pages), runs
 * the steps in order, and writes all their results in ONE transaction that replaces the period's previous
 * results of those kinds. Running it twice with the same data gives the same stored state (the second run
 * reports every result `unchanged`). The clock is never read: `asOf` says what is known.
 *
 * @param storage - any {@link StorageAdapter}.
 * @param options - tenant, period, asOf, calendar, steps; `reportingCurrency`, `rates` and `conversion` for
 *   a tenant whose amounts are in several currencies.
 * @throws OpenSpmError `INVALID_INPUT` for bad options; whatever a step or the adapter throws (nothing is
 *   written then).
 * @example
 * ```ts
 * import { runPeriodClose } from 'openspm';
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * import { generateSampleData } from 'openspm/testing';
 * const storage = createMemoryStorage();
 * await storage.load('acme', generateSampleData({ deals: 200 }));
 * const close = await runPeriodClose(storage, { tenantId: 'acme', period: '2024-Q3', asOf: '2024-12-31' });
 * close.steps.map((s) => s.name);
 * //=> ['pipeline-snapshot', 'period-totals', 'activity-totals', 'target-allocation',
 * //    'target-variance', 'funnel', 'kpi-score', 'warnings', 'incentives']
 * ```
 */
export async function runPeriodClose(
  storage: StorageAdapter,
  options: RunPeriodCloseOptions,
): Promise<RunPeriodCloseResult> {
  if (!storage || typeof storage.read !== 'function' || typeof storage.writeResults !== 'function') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'storage: expected a StorageAdapter (read, writeResults…)',
      {
        path: ['storage'],
      },
    );
  }
  if (storage.capabilities?.portVersion !== STORAGE_PORT_VERSION) {
    throw new OpenSpmError(
      ErrorCode.NOT_SUPPORTED,
      `storage: the adapter implements port version ${String(storage.capabilities?.portVersion)}, this openspm needs ${STORAGE_PORT_VERSION}`,
      { path: ['storage', 'capabilities', 'portVersion'] },
    );
  }
  const o = parseOrThrow(OptionsSchema, options, 'period-close options');
  const money = currencyOptions(o);
  const calendar =
    o.calendar === undefined ? fiscalCalendar() : fiscalCalendar(o.calendar as FiscalCalendarOptions);
  const period = typeof o.period === 'string' ? parsePeriodKey(o.period, calendar) : o.period;
  const steps = options.steps ?? defaultPeriodCloseSteps();
  checkSteps(steps);
  const zone = calendar.zone;
  const asOf = o.asOf;
  const periodStart = startOfDay(period.start, zone);
  const periodEnd = startOfDay(period.end, zone);
  const cutoff = new Date(Math.min(periodEnd.getTime() - 1, asOf.getTime()));
  const pageSize = o.pageSize ?? 5000;
  const outputs = new Map<string, PeriodCloseStepOutput>();

  const query = (range: { from?: Date; to?: Date } | 'all' | undefined): ReadQuery => {
    if (range === 'all') return { tenantId: o.tenantId, pageSize };
    const r = range ?? { from: periodStart, to: periodEnd };
    return { tenantId: o.tenantId, pageSize, from: r.from, to: r.to };
  };
  const context: PeriodCloseContext = {
    tenantId: o.tenantId,
    period,
    calendar,
    asOf,
    periodStart,
    periodEnd,
    cutoff,
    ...money,
    read: (collection, range) => storage.read(collection, query(range)),
    async collect(collection, range) {
      const out: StorageRecords[typeof collection][] = [];
      for await (const page of storage.read(collection, query(range))) for (const r of page) out.push(r);
      return out;
    },
    inPeriod: (instant) => {
      const t = instant.getTime();
      return t >= periodStart.getTime() && t < periodEnd.getTime() && t <= asOf.getTime();
    },
    output: (name) => outputs.get(name),
  };

  const results: ResultInput[] = [];
  const report: PeriodCloseStepReport[] = [];
  for (const step of steps) {
    const out = await step.run(context);
    for (const r of out.results) {
      if (!step.writes.includes(r.kind)) {
        throw new OpenSpmError(
          ErrorCode.INVALID_INPUT,
          `step "${step.name}" returned a result of kind "${r.kind}", which is not in its writes (${step.writes.join(', ')})`,
          { path: ['steps', step.name] },
        );
      }
      results.push(r);
    }
    outputs.set(step.name, out);
    report.push({
      name: step.name,
      reads: [...step.reads],
      writes: [...step.writes],
      results: out.results.length,
      summary: out.summary,
    });
  }
  results.push({
    kind: 'period-close',
    key: period.key,
    periodKey: period.key,
    payload: {
      period: { ...period },
      asOf: asOf.toISOString(),
      cutoff: cutoff.toISOString(),
      steps: report.map((s) => ({ name: s.name, results: s.results, summary: s.summary })),
    },
  });
  const replace = [
    ...steps.flatMap((s) => s.writes.map((kind) => ({ kind, periodKey: period.key }))),
    { kind: 'period-close', periodKey: period.key },
  ];
  const write = await storage.writeResults(o.tenantId, results, { replace });
  return {
    tenantId: o.tenantId,
    period,
    asOf: asOf.toISOString(),
    cutoff: cutoff.toISOString(),
    steps: report,
    results: results.length,
    write,
  };
}
