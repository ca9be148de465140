import { z } from 'zod';
import { ErrorCode, type IssuePath, issue, type OpenSpmIssue, parseOrThrow, throwIssues } from '../errors';
import { CurrencyCodeSchema } from '../model/index';
import { Decimal, ROUNDING_MODES, type RoundingMode, toDecimal } from '../money/index';
import { CalendarDateSchema, dayNumber } from '../period/index';

type Dec = InstanceType<typeof Decimal>;

/** A decimal written as a string ("0.15") or a number (0.15), read exactly into a Decimal. */
const Num = z
  .union([z.string(), z.number(), z.custom<Dec>((v) => Decimal.isDecimal(v), 'expected a decimal')])
  .transform((value, ctx): Dec => {
    try {
      return toDecimal(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message, input: value });
      return z.NEVER;
    }
  });

const NonNegative = Num.refine((d) => !d.isNegative(), { message: 'must not be negative' });
const Rate = Num.refine((d) => !d.isNegative() && d.lte(1), {
  message: 'a rate must be from 0 to 1 (write 10% as "0.10")',
});
const Multiplier = Num.refine((d) => !d.isNegative() && d.lte(10), {
  message: 'a multiplier must be from 0 to 10 (write 50% as "0.5")',
});

const PERIOD_KINDS = ['week', 'month', 'quarter', 'half', 'year'] as const;
const PeriodKindSchema = z.literal(PERIOD_KINDS);

const Boundary = z.literal(['lower', 'upper']);

const TierSchema = z
  .object({
    /** Where the tier starts: an amount, or an attainment fraction (1 = 100%). */
    from: NonNegative,
    /** Where it ends; left out on the last tier (open-ended). */
    to: NonNegative.optional(),
    /** The rate paid in this tier (0.15 = 15%). */
    rate: Rate,
  })
  .strict();

const FlatSchema = z
  .object({
    /** `'flat'`: one rate on everything. */
    type: z.literal('flat'),
    /** The rate (0.05 = 5%). */
    rate: Rate,
  })
  .strict();
const TieredSchema = z
  .object({
    /** `'tiered'`: rates by tier. */
    type: z.literal('tiered'),
    /** Tiers on the credited `'amount'` or on `'attainment'` (measure ÷ quota; default). */
    on: z.literal(['amount', 'attainment']).default('attainment'),
    /** `'retroactive'`, `'marginal'`, `'marginal-per-deal'` or `'hybrid'` (retroactive up to the split, marginal above). */
    mode: z.literal(['retroactive', 'marginal', 'marginal-per-deal', 'hybrid']),
    /** Which tier a boundary value belongs to: `'lower'` (the tier starting there) or `'upper'`; default the plan's. */
    boundary: Boundary.optional(),
    /** For hybrid: where retroactive stops and marginal starts (default 1 on attainment = quota). */
    split: NonNegative.optional(),
    /** The tiers, from 0, each starting where the previous one ends; the last is open-ended. */
    tiers: z.array(TierSchema).min(1, 'needs at least one tier'),
  })
  .strict();
const CurveSchema = z
  .object({
    /** `'curve'`: a rate interpolated linearly between points, applied to the whole measure. */
    type: z.literal('curve'),
    /** Points on the credited `'amount'` or on `'attainment'` (default). */
    on: z.literal(['amount', 'attainment']).default('attainment'),
    /** The points, in increasing order of `at`; flat beyond the first and last. */
    points: z
      .array(
        z
          .object({
            /** Where the point is (an amount or an attainment fraction). */
            at: NonNegative,
            /** The rate at that point. */
            rate: Rate,
          })
          .strict(),
      )
      .min(2, 'needs at least two points'),
  })
  .strict();
const ScheduleSchema = z.discriminatedUnion('type', [FlatSchema, TieredSchema, CurveSchema]);

const ThresholdSchema = z
  .object({
    /** Threshold on the `'amount'` or on `'attainment'` (default). */
    on: z.literal(['amount', 'attainment']).default('attainment'),
    /** Nothing is paid below this (0.7 = 70% attainment). */
    at: NonNegative,
    /** Once crossed, pay from the first unit (default true) or only above the threshold. */
    retroactive: z.boolean().default(true),
  })
  .strict();

const GateSchema = z
  .object({
    /** `'gate'`: full pay when the metric reaches `min`, else × `otherwise`. */
    type: z.literal('gate'),
    /** A metric declared in the plan's `metrics` (e.g. `'csat'`). */
    metric: z.string().min(1),
    /** The value the metric must reach. */
    min: Num,
    /** The multiplier when it does not (default 0: no pay). */
    otherwise: Multiplier.default(() => new Decimal(0)),
  })
  .strict();
const MultiplierTableSchema = z
  .object({
    /** `'multiplier'`: the metric value mapped through a table. */
    type: z.literal('multiplier'),
    /** A metric declared in the plan's `metrics` (e.g. a KPI score). */
    metric: z.string().min(1),
    /** Rows in increasing `from`; the last row with `from` ≤ value applies; below the first, × 0. */
    table: z
      .array(
        z
          .object({
            /** Lowest metric value of the row. */
            from: Num,
            /** The multiplier. */
            multiplier: Multiplier,
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
const ModifierSchema = z.discriminatedUnion('type', [GateSchema, MultiplierTableSchema]);

const CapSchema = z
  .object({
    /** The most the component pays (in the plan currency). */
    amount: NonNegative,
    /** Per pay `'period'` (default, prorated), per `'attainment-period'`, or over the whole `'plan'`. */
    per: z.literal(['period', 'attainment-period', 'plan']).default('period'),
  })
  .strict();

const EligibilitySchema = z.discriminatedUnion('on', [
  z
    .object({
      /** `'booking'`: payable when credited. */
      on: z.literal('booking'),
    })
    .strict(),
  z
    .object({
      /** `'collection'` (回款): payable share = collected ÷ deal amount. */
      on: z.literal('collection'),
    })
    .strict(),
  z
    .object({
      /** `'schedule'`: payable in installments after booking. */
      on: z.literal('schedule'),
      /** Installments; shares sum to 1. */
      installments: z
        .array(
          z
            .object({
              /** Days after the booking date when the installment becomes payable. */
              afterDays: z.number().int().min(0),
              /** Its share of the earning. */
              share: Rate,
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
]);

const ClawbackSchema = z
  .object({
    /** `'full'` (default), `'prorated'` by unserved term, `'paid'` (only what was paid), or `'percent'`. */
    mode: z.literal(['full', 'prorated', 'paid', 'percent']).default('full'),
    /** For `'percent'`: the share clawed back. */
    percent: Rate.optional(),
    /** No clawback for cancellations more than this many days after booking. */
    windowDays: z.number().int().min(0).optional(),
    /** Whether the cancelled credit also leaves the attainment measure (default false). */
    reduceAttainment: z.boolean().default(false),
  })
  .strict();

const Common = {
  /** Component id, unique in the plan. */
  id: z.string().min(1, 'must not be empty'),
  /** Name shown on statements. */
  name: z.string().optional(),
  /** What is measured: `'bookings'` (won deals, default) or `'collections'` (payments). */
  measure: z.literal(['bookings', 'collections']).default('bookings'),
  /** Which credit counts: `'all'` (default), `'revenue'` or `'overlay'`. */
  credit: z.literal(['all', 'revenue', 'overlay']).default('all'),
  /** Period attainment accumulates over (default the pay period), e.g. `'quarter'` for quarter-to-date. */
  attainmentPeriod: PeriodKindSchema.optional(),
  /** Gates and multiplier tables, applied to every line of the component. */
  modifiers: z.array(ModifierSchema).default([]),
  /** A cap on what the component pays. */
  cap: CapSchema.optional(),
};

const CommissionSchema = z
  .object({
    ...Common,
    /** `'commission'`: a rate schedule on credited amounts. */
    type: z.literal('commission'),
    /** The rate schedule: flat, tiered or curve. */
    rates: ScheduleSchema,
    /** Nothing paid below a threshold. */
    threshold: ThresholdSchema.optional(),
    /** When earnings become payable (default on booking). */
    eligibility: EligibilitySchema.default({ on: 'booking' }),
    /** What happens when a deal is cancelled (default full clawback). */
    clawback: ClawbackSchema.default({ mode: 'full', reduceAttainment: false }),
  })
  .strict();

const BonusSchema = z
  .object({
    ...Common,
    /** `'bonus'`: a fixed amount on reaching target, plus steps above it. */
    type: z.literal('bonus'),
    /** Attainment that earns the bonus (1 = 100%, 达标). */
    target: NonNegative.default(() => new Decimal(1)),
    /** The bonus paid on reaching target. */
    amount: NonNegative,
    /** Per step above target (超标奖): every `every` of attainment above target pays `amount`. */
    steps: z
      .object({
        /** Step size in attainment (0.1 = every 10 points). */
        every: Num.refine((d) => d.gt(0), 'must be above 0'),
        /** Paid per full step. */
        amount: NonNegative,
        /** Most steps paid. */
        max: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const SpifSchema = z
  .object({
    ...Common,
    /** `'spif'`: a bonus per deal, or a rate, for products or segments in a date window. */
    type: z.literal('spif'),
    /** Products that qualify (all when left out). */
    products: z.array(z.string()).optional(),
    /** Segments that qualify (all when left out). */
    segments: z.array(z.string()).optional(),
    /** Booking dates that qualify, `to` excluded. */
    window: z
      .object({
        /** First day. */
        from: CalendarDateSchema,
        /** Day after the last day. */
        to: CalendarDateSchema,
      })
      .strict(),
    /** Amount per deal (× the payee's credit share). */
    perDeal: NonNegative.optional(),
    /** Or a rate on the credited amount. */
    rate: Rate.optional(),
  })
  .strict();

const PoolSchema = z
  .object({
    ...Common,
    /** `'pool'`: a team bonus pool divided among the payees who qualify. */
    type: z.literal('pool'),
    /** The pool per team and attainment period. */
    amount: NonNegative,
    /** Attainment a payee must reach in the attainment period to share in the pool (default 1 = 100%). */
    minAttainment: NonNegative.default(() => new Decimal(1)),
    /** Divide `'equal'`ly (default), by `'share'` of the qualifiers' measure, or by `'score'` (a metric). */
    divide: z.literal(['equal', 'share', 'score']).default('equal'),
    /** For `'score'`: the metric whose value weighs each qualifier. */
    scoreMetric: z.string().optional(),
  })
  .strict();

const ComponentSchema = z.discriminatedUnion('type', [CommissionSchema, BonusSchema, SpifSchema, PoolSchema]);

const MetricSchema = z
  .object({
    /** Metric id used by gates and multipliers, e.g. `'csat'`. */
    id: z.string().min(1),
    /** Name shown to people. */
    name: z.string().optional(),
  })
  .strict();

const DrawSchema = z
  .object({
    /** Guaranteed pay per pay period (prorated). */
    amount: NonNegative,
    /** Whether advances are recovered from later earnings (default true). */
    recoverable: z.boolean().default(true),
    /** Recover from `'all'` earnings (default) or only from earnings `'above-draw'`. */
    recoverFrom: z.literal(['all', 'above-draw']).default('all'),
  })
  .strict();

const FixedRateSchema = z
  .object({
    /** The currency converted from (a deal's currency). */
    from: CurrencyCodeSchema,
    /** The currency converted to (the plan's, usually). */
    to: CurrencyCodeSchema,
    /** Units of `to` per unit of `from`, above zero (`'7.10'`). */
    rate: Num.refine((d) => d.gt(0), 'an exchange rate must be above zero, e.g. "7.10"'),
  })
  .strict();

const ExchangeSchema = z
  .object({
    /**
     * Which rate converts a foreign deal or payment into the plan currency: `'fixed'` (the plan's own `rates`,
     * so reps are not paid on currency swings), `'transaction-date'` (the rate on the booking or payment date)
     * or `'period-average'` (the average over the pay period the transaction falls in); the date-based
     * policies read the rate table passed as `calculateIncentives`' `rates` option.
     */
    policy: z.literal(['fixed', 'transaction-date', 'period-average']),
    /** For `'fixed'`: one rate per pair (the opposite pair is used inverted when only it is given). */
    rates: z.array(FixedRateSchema).optional(),
    /** Mode of the one rounding of a converted transaction to the plan currency's minor unit; default the plan's. */
    rounding: z.literal(ROUNDING_MODES as RoundingMode[]).optional(),
  })
  .strict();

/**
 * The zod schema of a commission plan (激励方案) as JSON data: id, version and effective dates; the pay
 * period; rounding (mode and stage); the boundary convention of tiers; declared metrics for gates; a draw;
 * proration; and its components — `commission` (a rate schedule with threshold, modifiers, cap,
 * eligibility and clawback), `bonus` (target bonus 达标奖 and step bonus 超标奖), `spif` and `pool` (a team bonus pool).
 * {@link validatePlan} parses it and checks what a schema alone cannot (tiers without gaps, metrics known).
 *
 * @example
 * ```ts
 * import { PlanSchema } from 'openspm';
 * PlanSchema.safeParse({ id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }] }).success; //=> true
 * ```
 */
export const PlanSchema = z
  .object({
    /** Plan id; versions of one plan share it. */
    id: z.string().min(1, 'must not be empty'),
    /** Version number; every statement records it. */
    version: z.number().int().min(1),
    /** Name shown on statements. */
    name: z.string().optional(),
    /**
     * Currency the plan pays in (the payee's currency). Transactions and quotas in other currencies need
     * `exchange`; without it they are `CURRENCY_MISMATCH`.
     */
    currency: CurrencyCodeSchema,
    /** How deals, payments and quotas in other currencies are converted into `currency`; see the docs. */
    exchange: ExchangeSchema.optional(),
    /** When this version is in effect (`to` excluded, open-ended when left out). */
    effective: z
      .object({
        /** First day. */
        from: CalendarDateSchema,
        /** Day after the last day. */
        to: CalendarDateSchema.optional(),
      })
      .strict(),
    /** How often statements are made (default `'month'`). */
    payPeriod: PeriodKindSchema.default('month'),
    /** Rounding mode (default half-even) and stage: per `'line'` (default) or once per `'total'`. */
    rounding: z
      .object({
        /** Rounding mode (default `'half-even'`). */
        mode: z.literal(ROUNDING_MODES as RoundingMode[]).default('half-even'),
        /** `'line'`: every line rounded; `'total'`: lines exact, the statement total rounded once. */
        stage: z.literal(['line', 'total']).default('line'),
      })
      .strict()
      .default({ mode: 'half-even', stage: 'line' }),
    /** Which tier a boundary value belongs to: `'lower'` (default; reaching 120% earns the tier from 120%) or `'upper'`. */
    boundary: Boundary.default('lower'),
    /** Metrics that gates and multipliers may use (customer satisfaction, KPI score). */
    metrics: z.array(MetricSchema).default([]),
    /** A draw: guaranteed pay per pay period. */
    draw: DrawSchema.optional(),
    /** Proration for partial periods: `'calendar-days'` (default) or `'none'`. */
    proration: z.literal(['calendar-days', 'none']).default('calendar-days'),
    /** The components: commissions, bonuses, SPIFs. */
    components: z.array(ComponentSchema).min(1, 'a plan needs at least one component'),
  })
  .strict();

/**
 * A validated plan, as {@link validatePlan} returns it: rates and amounts are decimals, defaults filled in.
 *
 * @example
 * ```ts
 * import { validatePlan, type Plan } from 'openspm';
 * const plan: Plan = validatePlan({ id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }] });
 * plan.rounding; //=> { mode: 'half-even', stage: 'line' }
 * ```
 */
export type Plan = z.output<typeof PlanSchema>;

/**
 * A plan as written in JSON: rates and amounts as decimal strings (`"0.15"`) or numbers.
 *
 * @example
 * ```ts
 * import type { PlanInput } from 'openspm';
 * const plan: PlanInput = {
 *   id: 'ae-2024', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'commission', type: 'commission', rates: { type: 'tiered', on: 'attainment', mode: 'marginal',
 *     tiers: [{ from: 0, to: 1, rate: '0.10' }, { from: 1, rate: '0.15' }] } }],
 * };
 * ```
 */
export type PlanInput = z.input<typeof PlanSchema>;

/** @internal */
export type PlanComponent = Plan['components'][number];
/** @internal */
export type CommissionComponent = Extract<PlanComponent, { type: 'commission' }>;
/** @internal */
export type Schedule = CommissionComponent['rates'];

const KIND_ORDER: Record<string, number> = { week: 0, month: 1, quarter: 2, half: 3, year: 4 };

function checkSchedule(s: Schedule, path: IssuePath, out: OpenSpmIssue[]): void {
  if (s.type === 'tiered') {
    const tiers = s.tiers;
    if (!tiers[0]!.from.isZero()) {
      out.push(
        issue(
          ErrorCode.INVALID_PLAN,
          [...path, 'tiers', 0, 'from'],
          `the first tier must start at 0, got ${tiers[0]!.from}`,
        ),
      );
    }
    tiers.forEach((t, i) => {
      const last = i === tiers.length - 1;
      if (t.to === undefined && !last) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'tiers', i, 'to'],
            'only the last tier may be open-ended; give this tier a "to"',
          ),
        );
      }
      if (t.to !== undefined && last) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'tiers', i, 'to'],
            `the last tier must be open-ended (leave "to" out), got ${t.to}: what rate applies above it?`,
          ),
        );
      }
      if (t.to !== undefined && !t.to.gt(t.from)) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'tiers', i, 'to'],
            `must be above "from" (${t.from}), got ${t.to}`,
          ),
        );
      }
      const next = tiers[i + 1];
      if (next && t.to !== undefined && !t.to.eq(next.from)) {
        const what = next.from.gt(t.to) ? 'a gap' : 'an overlap';
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'tiers', i + 1, 'from'],
            `${what} between tiers: tier ${i + 1} ends at ${t.to} but tier ${i + 2} starts at ${next.from}; each tier must start where the previous one ends`,
          ),
        );
      }
    });
    if (s.mode !== 'hybrid' && s.split !== undefined) {
      out.push(issue(ErrorCode.INVALID_PLAN, [...path, 'split'], 'only a hybrid schedule has a split'));
    }
  } else if (s.type === 'curve') {
    s.points.forEach((p, i) => {
      const prev = s.points[i - 1];
      if (prev && !p.at.gt(prev.at)) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'points', i, 'at'],
            `points must be in increasing order of "at": ${p.at} follows ${prev.at}`,
          ),
        );
      }
    });
  }
}

function checkExchange(plan: Plan, out: OpenSpmIssue[]): void {
  const x = plan.exchange;
  if (!x) return;
  const path: IssuePath = ['exchange'];
  if (x.policy === 'fixed' && !x.rates?.length) {
    out.push(
      issue(
        ErrorCode.INVALID_PLAN,
        [...path, 'rates'],
        `a fixed exchange policy needs the plan's rates, e.g. [{ from: 'USD', to: '${plan.currency}', rate: '7.10' }]`,
      ),
    );
  }
  if (x.policy !== 'fixed' && x.rates !== undefined) {
    out.push(
      issue(
        ErrorCode.INVALID_PLAN,
        [...path, 'rates'],
        `plan rates are only for the 'fixed' policy; the '${x.policy}' policy reads the rate table passed as the rates option`,
      ),
    );
  }
  const pairs = new Set<string>();
  (x.rates ?? []).forEach((r, i) => {
    const at: IssuePath = [...path, 'rates', i];
    if (r.from === r.to) {
      out.push(
        issue(ErrorCode.INVALID_PLAN, at, `from and to must differ (${r.from} to itself is always 1)`),
      );
    } else if (r.from !== plan.currency && r.to !== plan.currency) {
      out.push(
        issue(
          ErrorCode.INVALID_PLAN,
          at,
          `the ${r.from}→${r.to} rate does not involve the plan currency ${plan.currency}, so it would never be used`,
        ),
      );
    }
    const key = [r.from, r.to].sort().join('/');
    if (pairs.has(key)) {
      out.push(
        issue(
          ErrorCode.INVALID_PLAN,
          at,
          `a second rate between ${r.from} and ${r.to}; keep one rate per pair (the opposite pair is inverted)`,
        ),
      );
    }
    pairs.add(key);
  });
}

/**
 * Parses and checks a commission plan; throws {@link OpenSpmError} `INVALID_PLAN` listing every problem with
 * the component and field: tiers with gaps or overlaps or not starting at 0, rates outside 0–1, gates on
 * undeclared metrics, duplicate component ids, an attainment period shorter than the pay period, SPIF
 * windows backwards, installments not summing to 100%, a fixed exchange policy without rates.
 *
 * @example
 * ```ts
 * import { validatePlan } from 'openspm';
 * validatePlan({ id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *   components: [{ id: 'c', type: 'commission', rates: { type: 'tiered', mode: 'marginal',
 *     tiers: [{ from: 0, to: 1, rate: '0.1' }, { from: '1.2', rate: '0.2' }] } }] });
 * // throws OpenSpmError INVALID_PLAN:
 * //   components[0].rates.tiers[1].from: a gap between tiers: tier 1 ends at 1 but tier 2 starts at 1.2; …
 * ```
 */
export function validatePlan(plan: PlanInput | Plan): Plan {
  const parsed = parseOrThrow(PlanSchema, plan, 'plan', [], ErrorCode.INVALID_PLAN) as Plan;
  const out: OpenSpmIssue[] = [];
  const metricIds = new Set(parsed.metrics.map((m) => m.id));
  if (
    parsed.effective.to !== undefined &&
    dayNumber(parsed.effective.to) <= dayNumber(parsed.effective.from)
  ) {
    out.push(
      issue(
        ErrorCode.INVALID_PLAN,
        ['effective', 'to'],
        `must be after effective.from (${parsed.effective.from})`,
      ),
    );
  }
  checkExchange(parsed, out);
  const seen = new Set<string>();
  parsed.components.forEach((c, i) => {
    const path: IssuePath = ['components', i];
    if (seen.has(c.id))
      out.push(issue(ErrorCode.INVALID_PLAN, [...path, 'id'], `component id "${c.id}" is used twice`));
    seen.add(c.id);
    const att = c.attainmentPeriod ?? parsed.payPeriod;
    if (
      KIND_ORDER[att]! < KIND_ORDER[parsed.payPeriod]! ||
      (att !== parsed.payPeriod && (att === 'week' || parsed.payPeriod === 'week'))
    ) {
      out.push(
        issue(
          ErrorCode.INVALID_PLAN,
          [...path, 'attainmentPeriod'],
          `the attainment period (${att}) must contain whole pay periods (${parsed.payPeriod}): use the pay period or a longer one`,
        ),
      );
    }
    c.modifiers.forEach((m, j) => {
      if (!metricIds.has(m.metric)) {
        const known = [...metricIds].map((x) => `"${x}"`).join(', ') || 'none declared';
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'modifiers', j, 'metric'],
            `component "${c.id}": unknown metric "${m.metric}"; declare it in the plan's "metrics" (known: ${known})`,
          ),
        );
      }
      if (m.type === 'multiplier') {
        m.table.forEach((row, k) => {
          const prev = m.table[k - 1];
          if (prev && !row.from.gt(prev.from)) {
            out.push(
              issue(
                ErrorCode.INVALID_PLAN,
                [...path, 'modifiers', j, 'table', k, 'from'],
                `rows must be in increasing order of "from": ${row.from} follows ${prev.from}`,
              ),
            );
          }
        });
      }
    });
    if (c.type === 'commission') {
      checkSchedule(c.rates, [...path, 'rates'], out);
      if (c.eligibility.on === 'schedule') {
        const total = c.eligibility.installments.reduce((s, x) => s.plus(x.share), new Decimal(0));
        if (!total.eq(1)) {
          out.push(
            issue(
              ErrorCode.INVALID_PLAN,
              [...path, 'eligibility', 'installments'],
              `installment shares must sum to 1 (100%), got ${total}`,
            ),
          );
        }
      }
      if (c.clawback.mode === 'percent' && c.clawback.percent === undefined) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'clawback', 'percent'],
            'a percent clawback needs "percent" (0.5 = 50%)',
          ),
        );
      }
      if (c.measure === 'collections' && c.eligibility.on === 'collection') {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'eligibility'],
            'a component measured on collections is already paid on collection; use eligibility "booking"',
          ),
        );
      }
    }
    if (c.type === 'pool') {
      if (c.divide === 'score' && (c.scoreMetric === undefined || !metricIds.has(c.scoreMetric))) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'scoreMetric'],
            `pool "${c.id}" divides by score: name a metric declared in the plan's "metrics" in "scoreMetric"`,
          ),
        );
      }
    }
    if (c.type === 'spif') {
      if ((c.perDeal === undefined) === (c.rate === undefined)) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'perDeal'],
            `SPIF "${c.id}" needs exactly one of "perDeal" (an amount per deal) or "rate"`,
          ),
        );
      }
      if (dayNumber(c.window.to) <= dayNumber(c.window.from)) {
        out.push(
          issue(
            ErrorCode.INVALID_PLAN,
            [...path, 'window', 'to'],
            `must be after window.from (${c.window.from}); the window excludes its end`,
          ),
        );
      }
    }
  });
  if (out.length) throwIssues(ErrorCode.INVALID_PLAN, `Invalid plan "${parsed.id}" v${parsed.version}`, out);
  return parsed;
}

/** The periods a component's attainment is measured over. @internal */
export function attainmentKind(plan: Plan, c: PlanComponent): Plan['payPeriod'] {
  return c.attainmentPeriod ?? plan.payPeriod;
}

/** Whether a component needs a quota. @internal */
export function needsQuota(c: PlanComponent): boolean {
  if (c.type === 'bonus') return true;
  if (c.type === 'spif' || c.type === 'pool') return false;
  const onAtt = (c.rates.type === 'tiered' || c.rates.type === 'curve') && c.rates.on === 'attainment';
  return onAtt || c.threshold?.on === 'attainment';
}
