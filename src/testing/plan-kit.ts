// The plan testing kit: scenario builders, payout assertions that print the statement, and ready property
// checks a sales-ops team runs against its own plan with fast-check (passed in, so openspm needs no test
// framework at runtime).
import {
  type CalculateIncentivesInput,
  type CalculateIncentivesResult,
  calculateIncentives,
  Decimal,
  dayNumber,
  eachPeriod,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  formatStatement,
  fromDayNumber,
  type IncentiveStatement,
  Money,
  type Plan,
  type PlanInput,
  periodContaining,
  validatePlan,
} from '../index';

type DealEntry = NonNullable<CalculateIncentivesInput['deals']>[number];
/**
 * An amount in the plan currency, as a decimal string (`'1500.00'`) or a number (`1500`).
 *
 * @example
 * ```ts
 * import type { Amount } from 'openspm/testing';
 * const quota: Amount = '100000.00';
 * ```
 */
export type Amount = string | number;

/**
 * A credit split for {@link PlanScenario.deal}: who, what percent, revenue (default) or overlay.
 *
 * @example
 * ```ts
 * import type { ScenarioSplit } from 'openspm/testing';
 * const splits: ScenarioSplit[] = [{ payeeId: 'li', percent: 60 }, { payeeId: 'wang', percent: 40 }];
 * ```
 */
export interface ScenarioSplit {
  /** Who is credited. */
  payeeId: string;
  /** Share in percent. */
  percent: Amount;
  /** `'revenue'` (default) or `'overlay'`. */
  type?: 'revenue' | 'overlay';
}

/**
 * Extra deal fields for {@link PlanScenario.deal}.
 *
 * @example
 * ```ts
 * import type { ScenarioDealOptions } from 'openspm/testing';
 * const extra: ScenarioDealOptions = { product: 'Enterprise Suite', termMonths: 12 };
 * ```
 */
export interface ScenarioDealOptions {
  /** Product, for SPIFs. */
  product?: string;
  /** Segment, for SPIFs. */
  segment?: string;
  /** Contract term, for pro-rated clawbacks. */
  termMonths?: number;
}

/**
 * Options of {@link PlanScenario.run}: the statement range (default: from the plan's start to the end of
 * the last pay period with an event) and the fiscal calendar.
 *
 * @example
 * ```ts
 * import type { ScenarioRunOptions } from 'openspm/testing';
 * const options: ScenarioRunOptions = { from: '2024-01-01', to: '2024-04-01' };
 * ```
 */
export interface ScenarioRunOptions {
  /** First day of the statements. */
  from?: string;
  /** Day after the last day. */
  to?: string;
  /** Fiscal calendar. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
}

/**
 * A plan scenario in a few lines: payees with quotas, deals, payments, cancellations, metrics; then
 * `run()` for the statements. Amounts are in the plan's currency. Build one with {@link planScenario}.
 *
 * @example
 * ```ts
 * import { planScenario } from 'openspm/testing';
 * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
 * const result = planScenario(plan).payee('li').deal('D-1', 15000, '2024-01-20', 'li').run();
 * result.statements[0]!.totals.payable.toString(); //=> '1500.00 CNY'
 * ```
 */
export class PlanScenario {
  /** The plans (validated). */
  readonly plans: Plan[];
  private readonly currency: string;
  private readonly data: Required<Omit<CalculateIncentivesInput, 'plans'>> = {
    assignments: [],
    payees: [],
    deals: [],
    payments: [],
    cancellations: [],
    quotas: [],
    metrics: [],
    payouts: [],
  };
  private lastDay: number;

  constructor(plan: PlanInput | Plan | readonly (PlanInput | Plan)[]) {
    const list = Array.isArray(plan) ? plan : [plan];
    this.plans = list.map((p) => validatePlan(p as PlanInput));
    this.currency = this.plans[0]!.currency;
    this.lastDay = dayNumber(this.plans[0]!.effective.from);
  }

  private money(amount: Amount) {
    return { amount: String(amount), currency: this.currency };
  }

  private seen(date: string | Date) {
    if (typeof date === 'string' && date.length === 10)
      this.lastDay = Math.max(this.lastDay, dayNumber(date));
  }

  /**
   * Adds a payee on the (first) plan from its start, or from `options.from`; `quota` is given for every
   * attainment period in `options.quotas` (`{ 'FY2024-Q1': 100000 }`).
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li', { name: 'Li Wei', quotas: { 'FY2024-Q1': 100000 } });
   * ```
   */
  payee(
    id: string,
    options: {
      name?: string;
      from?: string;
      to?: string;
      planId?: string;
      quotas?: Record<string, Amount>;
    } = {},
  ): this {
    const planId = options.planId ?? this.plans[0]!.id;
    const from = options.from ?? this.plans.find((p) => p.id === planId)!.effective.from;
    this.data.assignments.push(
      options.to ? { payeeId: id, planId, from, to: options.to } : { payeeId: id, planId, from },
    );
    this.data.payees.push(options.name ? { id, name: options.name, start: from } : { id, start: from });
    for (const [period, amount] of Object.entries(options.quotas ?? {})) this.quota(id, period, amount);
    return this;
  }

  /**
   * Sets a quota for a payee and attainment period.
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').quota('li', 'FY2024-Q1', 100000);
   * ```
   */
  quota(payeeId: string, period: string, amount: Amount): this {
    this.data.quotas.push({ payeeId, period, amount: this.money(amount) });
    return this;
  }

  /**
   * Adds a won deal, credited 100% to one payee or split.
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').payee('wang')
   *   .deal('D-1', 15000, '2024-01-20', [{ payeeId: 'li', percent: 60 }, { payeeId: 'wang', percent: 40 }]);
   * ```
   */
  deal(
    id: string,
    amount: Amount,
    date: string,
    credit: string | ScenarioSplit[],
    extra: ScenarioDealOptions = {},
  ): this {
    const entry: DealEntry =
      typeof credit === 'string'
        ? { id, amount: this.money(amount), date, payeeId: credit, ...extra }
        : { id, amount: this.money(amount), date, credits: credit.map((c) => ({ ...c })), ...extra };
    this.data.deals.push(entry);
    this.seen(date);
    return this;
  }

  /**
   * Adds a payment collected on a deal (回款).
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').deal('D-1', 10000, '2024-01-20', 'li').payment('D-1', 5000, '2024-02-03');
   * ```
   */
  payment(
    dealId: string,
    amount: Amount,
    date: string,
    id = `${dealId}-payment-${this.data.payments.length + 1}`,
  ): this {
    this.data.payments.push({ id, dealId, amount: this.money(amount), date });
    this.seen(date);
    return this;
  }

  /**
   * Cancels a deal (triggers clawbacks).
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').deal('D-1', 10000, '2024-06-20', 'li').cancel('D-1', '2024-08-03');
   * ```
   */
  cancel(dealId: string, date: string): this {
    this.data.cancellations.push({ dealId, date });
    this.seen(date);
    return this;
  }

  /**
   * Sets a metric value (for gates and multipliers) for a payee and period.
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, metrics: [{ id: 'csat' }],
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').metric('li', '2024-01', 'csat', 85);
   * ```
   */
  metric(payeeId: string, period: string, metric: string, value: Amount): this {
    this.data.metrics.push({ payeeId, period, metric, value });
    return this;
  }

  /**
   * Records what was actually paid for a closed period (later statements true up against it).
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').paid('li', '2024-01', 450);
   * ```
   */
  paid(payeeId: string, period: string, amount: Amount): this {
    this.data.payouts.push({ payeeId, period, amount: this.money(amount) });
    return this;
  }

  /**
   * The input {@link calculateIncentives} gets, for inspection or reuse.
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').input().assignments; //=> [{ payeeId: 'li', planId: 'ae', from: '2024-01-01' }]
   * ```
   */
  input(): CalculateIncentivesInput {
    return {
      plans: this.plans,
      ...this.data,
      payees: this.data.payees.map((p) => ({ ...p })),
      deals: [...this.data.deals],
    };
  }

  /**
   * Runs the plan: by default from the plan's start to the end of the pay period holding the last event.
   *
   * @example
   * ```ts
   * import { planScenario } from 'openspm/testing';
   * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
   *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
   * planScenario(plan).payee('li').deal('D-1', 1000, '2024-02-20', 'li').run().statements.length; //=> 2
   * ```
   */
  run(options: ScenarioRunOptions = {}): CalculateIncentivesResult {
    const plan = this.plans[0]!;
    const from = options.from ?? plan.effective.from;
    const to =
      options.to ?? periodContaining(plan.payPeriod, fromDayNumber(this.lastDay), options.calendar).end;
    return calculateIncentives(
      this.input(),
      options.calendar ? { from, to, calendar: options.calendar } : { from, to },
    );
  }
}

/**
 * Starts a {@link PlanScenario} for a plan (or several plans: the first is the default for payees).
 *
 * @example
 * ```ts
 * import { planScenario } from 'openspm/testing';
 * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
 * planScenario(plan).payee('li').deal('D-1', 2500, '2024-01-20', 'li').run().statements[0]!.totals.payable.toString();
 * //=> '250.00 CNY'
 * ```
 */
export function planScenario(plan: PlanInput | Plan | readonly (PlanInput | Plan)[]): PlanScenario {
  return new PlanScenario(plan);
}

/**
 * The error {@link expectPayout} throws: its message holds the statement in full, and `actual`/`expected`
 * (with `showDiff`) let vitest and jest print a diff.
 *
 * @example
 * ```ts
 * import { PlanAssertionError } from 'openspm/testing';
 * const e = new PlanAssertionError('payout differs', 'payable: 1.00 CNY', 'payable: 2.00 CNY');
 * e.showDiff; //=> true
 * ```
 */
export class PlanAssertionError extends Error {
  /** What the statement says. */
  readonly actual: string;
  /** What the test expected. */
  readonly expected: string;
  /** Tells test runners to print a diff of `actual` and `expected`. */
  readonly showDiff = true;

  constructor(message: string, actual: string, expected: string) {
    super(message);
    this.name = 'AssertionError';
    this.actual = actual;
    this.expected = expected;
  }
}

/**
 * What {@link expectPayout} checks: the payable, and optionally the lines as `'kind amount'` texts
 * (e.g. `'earning 1100.00'`, `'clawback -500.00'`).
 *
 * @example
 * ```ts
 * import type { ExpectedPayout } from 'openspm/testing';
 * const expected: ExpectedPayout = { payee: 'li', period: '2024-02', payable: '1100.00', lines: ['earning 1100.00'] };
 * ```
 */
export interface ExpectedPayout {
  /** The payee. */
  payee: string;
  /** The pay period key, e.g. `'2024-02'`. */
  period: string;
  /** Expected payable, in the plan currency. */
  payable?: Amount;
  /** Expected earned total. */
  earned?: Amount;
  /** Expected lines, as `'kind amount'`. */
  lines?: string[];
}

function summary(s: IncentiveStatement | undefined, withLines: boolean): string {
  if (!s) return '(no statement)';
  const out = [
    `payable: ${s.totals.payable.amount.toFixed()}`,
    `earned: ${s.totals.earned.amount.toFixed()}`,
  ];
  if (withLines)
    for (const l of s.lines)
      out.push(`${l.kind} ${l.amount.amount.toFixed(Math.max(2, l.amount.amount.decimalPlaces()))}`);
  return out.join('\n');
}

/**
 * Asserts a payee's statement for a period; on failure throws a {@link PlanAssertionError} whose message
 * prints the whole statement with every line explained, and whose diff shows payable, earned and lines.
 * Works in vitest, jest or any runner that reports thrown errors.
 *
 * @example
 * ```ts
 * import { expectPayout, planScenario } from 'openspm/testing';
 * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
 * const result = planScenario(plan).payee('li').deal('D-1', 15000, '2024-01-20', 'li').run();
 * expectPayout(result, { payee: 'li', period: '2024-01', payable: '1500.00', lines: ['earning 1500.00'] });
 * ```
 */
export function expectPayout(
  result: CalculateIncentivesResult,
  expected: ExpectedPayout,
): IncentiveStatement {
  const s = result.statements.find((x) => x.payeeId === expected.payee && x.period.key === expected.period);
  const withLines = expected.lines !== undefined;
  const actualText = summary(s, withLines);
  const exp: string[] = [];
  const cmp = (x: Amount | undefined, fallback: string) =>
    x === undefined ? fallback : new Decimal(x).toFixed();
  if (s) {
    exp.push(`payable: ${cmp(expected.payable, s.totals.payable.amount.toFixed())}`);
    exp.push(`earned: ${cmp(expected.earned, s.totals.earned.amount.toFixed())}`);
  } else {
    exp.push(`payable: ${cmp(expected.payable, '?')}`);
  }
  if (withLines) exp.push(...expected.lines!);
  const expectedText = exp.join('\n');
  const normalise = (t: string) =>
    t
      .split('\n')
      .map((line) => line.replace(/(-?\d+(?:\.\d+)?)$/, (m) => new Decimal(m).toFixed()))
      .join('\n');
  if (!s || normalise(actualText) !== normalise(expectedText)) {
    const shown = s
      ? formatStatement(s)
      : `no statement for payee "${expected.payee}" in ${expected.period}; statements: ${result.statements.map((x) => `${x.payeeId} ${x.period.key}`).join(', ') || 'none'}`;
    throw new PlanAssertionError(
      `expected the statement of ${expected.payee} for ${expected.period} to match\n\n${shown}\n`,
      actualText,
      expectedText,
    );
  }
  return s;
}

/**
 * The part of fast-check the property checks use; pass `fc` from `import fc from 'fast-check'`.
 *
 * @example
 * ```ts
 * import type { FastCheckLike } from 'openspm/testing';
 * // import fc from 'fast-check'; const api: FastCheckLike = fc;
 * ```
 */
export interface FastCheckLike {
  /** `fc.assert`. */
  assert(property: never, params?: never): unknown;
  /** `fc.property`. */
  property(...args: never[]): unknown;
  /** `fc.integer`. */
  integer(constraints: never): unknown;
  /** `fc.array`. */
  array(arbitrary: never, constraints?: never): unknown;
}

/**
 * Options for {@link checkPlanProperties}: the scenario the generated deals live in.
 *
 * @example
 * ```ts
 * import type { PlanPropertyOptions } from 'openspm/testing';
 * const options: PlanPropertyOptions = { quota: 300000, metrics: { csat: 90 }, maxDeal: 200000, numRuns: 50 };
 * ```
 */
export interface PlanPropertyOptions {
  /** First day of the generated scenario (default the plan's start). */
  from?: string;
  /** Day after the last day (default: the end of the first, longest attainment or pay period). */
  to?: string;
  /** Quota for every attainment period (default 100,000). */
  quota?: Amount;
  /** Value of every declared metric for every period (default 100 for each). */
  metrics?: Record<string, Amount>;
  /** Largest generated deal, in currency units (default 50,000). */
  maxDeal?: number;
  /** Most deals per scenario (default 8). */
  maxDeals?: number;
  /** Set false when the plan may pay less for more (decreasing rates); skips that check. */
  monotonic?: boolean;
  /** fast-check runs per property (default 50). */
  numRuns?: number;
  /** fast-check seed, for a reproducible run. */
  seed?: number;
  /** Fiscal calendar. */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
}

/**
 * Which checks {@link checkPlanProperties} runs, by name.
 *
 * @example
 * ```ts
 * import type { PlanPropertyName } from 'openspm/testing';
 * const only: PlanPropertyName[] = ['caps', 'clawback'];
 * ```
 */
export type PlanPropertyName = 'monotonic' | 'caps' | 'zero-sales' | 'splits' | 'clawback';

const KIND_RANK: Record<string, number> = { week: 0, month: 1, quarter: 2, half: 3, year: 4 };

/**
 * Runs ready property checks against your own plan with fast-check, generating deals in a scenario:
 *
 * - `monotonic`: payout never decreases when a won deal is added (after the others; skip with
 *   `monotonic: false` for plans that may pay less for more);
 * - `caps`: no component ever pays above its cap;
 * - `zero-sales`: with no sales only fixed components (draws, bonuses and pools reached at zero) are paid;
 * - `splits`: revenue credit of every deal sums exactly to the deal amount;
 * - `clawback`: under a full or paid-only clawback, a cancelled deal's lines net to exactly zero.
 *
 * Throws fast-check's error (with the counterexample) when a check fails.
 *
 * @example
 * ```ts
 * import { checkPlanProperties } from 'openspm/testing';
 * import fc from 'fast-check';
 * const plan = { id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission' as const, rates: { type: 'flat' as const, rate: '0.1' } }] };
 * checkPlanProperties(fc, plan, { numRuns: 20 });
 * ```
 */
export function checkPlanProperties(
  fc: FastCheckLike,
  plan: PlanInput | Plan,
  options: PlanPropertyOptions = {},
  only?: readonly PlanPropertyName[],
): void {
  const p = validatePlan(plan as PlanInput);
  const from = options.from ?? p.effective.from;
  const kinds = [p.payPeriod, ...p.components.map((c) => c.attainmentPeriod ?? p.payPeriod)];
  const longest = kinds.reduce((a, b) => (KIND_RANK[b]! > KIND_RANK[a]! ? b : a));
  const to = options.to ?? periodContaining(longest, from, options.calendar).end;
  const start = dayNumber(from);
  const span = dayNumber(to) - start;
  const quota = String(options.quota ?? 100000);
  const minor = Money.zero(p.currency).minorUnits;
  const scale = new Decimal(10).pow(minor);
  const maxMinor = (options.maxDeal ?? 50000) * 10 ** minor;
  const runs = {
    numRuns: options.numRuns ?? 50,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const wants = (name: PlanPropertyName) => !only || only.includes(name);
  const payees = ['rep-1', 'rep-2', 'rep-3'];

  const scenario = () => {
    const s = planScenario(p);
    for (const id of payees) s.payee(id, { from });
    for (const kind of new Set(kinds)) {
      for (const period of eachPeriod(kind, from, to, options.calendar)) {
        for (const id of payees) s.quota(id, period.key, quota);
      }
    }
    for (const kind of new Set(kinds)) {
      for (const period of eachPeriod(kind, from, to, options.calendar)) {
        for (const m of p.metrics) {
          for (const id of payees) s.metric(id, period.key, m.id, options.metrics?.[m.id] ?? 100);
        }
      }
    }
    return s;
  };
  const amount = (m: number) => new Decimal(m).dividedBy(scale).toFixed(minor);
  const date = (offset: number) => fromDayNumber(start + offset);
  const run = (s: PlanScenario) =>
    s.run(options.calendar ? { from, to, calendar: options.calendar } : { from, to });
  const paid = (r: CalculateIncentivesResult, payee = 'rep-1') =>
    r.statements
      .filter((x) => x.payeeId === payee)
      .reduce((a, x) => a.plus(x.totals.payable.amount), new Decimal(0));

  const deal = fc.array(
    fc.array(
      fc.integer({ min: 0, max: maxMinor } as never) as never,
      { minLength: 2, maxLength: 2 } as never,
    ) as never,
    { maxLength: options.maxDeals ?? 8 } as never,
  );
  const check = (name: PlanPropertyName, predicate: (...args: never[]) => void, ...arbs: unknown[]) => {
    try {
      fc.assert(fc.property(...(arbs as never[]), predicate as never) as never, runs as never);
    } catch (error) {
      // fast-check keeps the predicate's own error as the cause; lead with it, keep the counterexample.
      const cause = (error as { cause?: unknown }).cause;
      const why = cause instanceof Error ? cause.message : String(cause ?? '');
      throw new Error(`plan property "${name}" failed: ${why}\n${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const withDeals = (raw: number[][]) => {
    const s = scenario();
    const sorted = raw.map(([m, o]) => [m!, o! % span] as const).sort((a, b) => a[1] - b[1]);
    sorted.forEach(([m, o], i) => {
      s.deal(`D${String(i).padStart(3, '0')}`, amount(m), date(o), 'rep-1');
    });
    return { s, last: sorted.length ? sorted[sorted.length - 1]![1] : 0 };
  };

  if (wants('monotonic') && options.monotonic !== false) {
    check(
      'monotonic',
      ((raw: number[][], extra: number) => {
        const { s, last } = withDeals(raw);
        const before = paid(run(s));
        s.deal('ZZZ-added', amount(extra), date(last), 'rep-1');
        const after = paid(run(s));
        if (after.lt(before))
          throw new Error(
            `adding a won deal of ${amount(extra)} lowered the payout from ${before} to ${after}`,
          );
      }) as never,
      deal,
      fc.integer({ min: 0, max: maxMinor } as never),
    );
  }

  if (wants('caps') && p.components.some((c) => c.cap)) {
    check(
      'caps',
      ((raw: number[][]) => {
        const r = run(withDeals(raw).s);
        for (const st of r.statements) {
          for (const a of st.attainment) {
            if (a.cap && new Decimal(a.cap.used).gt(a.cap.amount)) {
              throw new Error(
                `${st.payeeId} ${st.period.key}: component "${a.componentId}" paid ${a.cap.used}, above its cap of ${a.cap.amount}`,
              );
            }
          }
        }
      }) as never,
      deal,
    );
  }

  if (wants('zero-sales')) {
    const r = run(scenario());
    for (const st of r.statements) {
      const variable = st.lines.filter(
        (l) => l.kind !== 'draw' && l.kind !== 'bonus' && l.kind !== 'pool' && l.kind !== 'true-up',
      );
      if (variable.length) {
        throw new PlanAssertionError(
          `with zero sales, ${st.payeeId} ${st.period.key} has variable pay lines:\n\n${formatStatement(st)}`,
          variable.map((l) => `${l.kind} ${l.amount}`).join('\n'),
          '',
        );
      }
    }
  }

  if (wants('splits')) {
    check(
      'splits',
      ((raw: number[][], cuts: number[]) => {
        const s = scenario();
        const [a, b] = [Math.min(cuts[0]!, cuts[1]!), Math.max(cuts[0]!, cuts[1]!)];
        const splits = [
          { payeeId: 'rep-1', percent: a },
          { payeeId: 'rep-2', percent: b - a },
          { payeeId: 'rep-3', percent: 100 - b },
        ];
        raw.forEach(([m, o], i) => {
          s.deal(`D${i}`, amount(m!), date(o! % span), splits);
        });
        const r = run(s);
        raw.forEach(([m], i) => {
          const credited = r.credits
            .filter((c) => c.dealId === `D${i}` && c.type === 'revenue')
            .reduce((x, c) => x.plus(c.amount.amount), new Decimal(0));
          if (!credited.eq(amount(m!)))
            throw new Error(`deal D${i} of ${amount(m!)}: revenue credit sums to ${credited}`);
        });
      }) as never,
      deal,
      fc.array(fc.integer({ min: 0, max: 100 } as never) as never, { minLength: 2, maxLength: 2 } as never),
    );
  }

  const fullClawback = p.components.some(
    (c) => c.type === 'commission' && (c.clawback.mode === 'full' || c.clawback.mode === 'paid'),
  );
  if (wants('clawback') && fullClawback && span > 1) {
    check(
      'clawback',
      ((raw: number[][], pick: number, later: number) => {
        if (raw.length === 0) return;
        const { s } = withDeals(raw);
        const i = pick % raw.length;
        const id = `D${String(i).padStart(3, '0')}`;
        const input = s.input();
        const booked = dayNumber(input.deals!.find((d) => d.id === id)!.date as string);
        const cancelDay = booked + 1 + (later % Math.max(1, start + span - booked - 1));
        if (cancelDay >= start + span) return;
        s.cancel(id, fromDayNumber(cancelDay));
        const r = run(s);
        let net = new Decimal(0);
        for (const st of r.statements) {
          for (const l of st.lines) {
            const c = p.components.find((x) => x.id === l.componentId);
            const reversible =
              c?.type === 'spif' ||
              (c?.type === 'commission' &&
                (c.clawback.mode === 'full' || c.clawback.mode === 'paid') &&
                c.clawback.windowDays === undefined);
            if (l.dealId === id && reversible) net = net.plus(l.amount.amount);
          }
        }
        if (!net.isZero())
          throw new Error(
            `deal ${id} cancelled on ${fromDayNumber(cancelDay)}: its lines net to ${net}, not 0`,
          );
      }) as never,
      deal,
      fc.integer({ min: 0, max: 1000 } as never),
      fc.integer({ min: 0, max: 1000 } as never),
    );
  }
}
