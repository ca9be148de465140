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
const PeriodKindSchema = z.enum(PERIOD_KINDS);

const Boundary = z.enum(['lower', 'upper']);

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

const FlatSchema = z.object({ type: z.literal('flat'), rate: Rate }).strict();
const TieredSchema = z
  .object({
    type: z.literal('tiered'),
    on: z.enum(['amount', 'attainment']).default('attainment'),
    mode: z.enum(['retroactive', 'marginal', 'marginal-per-deal', 'hybrid']),
    boundary: Boundary.optional(),
    /** For hybrid: where retroactive stops and marginal starts (default 1 on attainment = quota). */
    split: NonNegative.optional(),
    tiers: z.array(TierSchema).min(1, 'needs at least one tier'),
  })
  .strict();
const CurveSchema = z
  .object({
    type: z.literal('curve'),
    on: z.enum(['amount', 'attainment']).default('attainment'),
    points: z.array(z.object({ at: NonNegative, rate: Rate }).strict()).min(2, 'needs at least two points'),
  })
  .strict();
const ScheduleSchema = z.discriminatedUnion('type', [FlatSchema, TieredSchema, CurveSchema]);

const ThresholdSchema = z
  .object({
    on: z.enum(['amount', 'attainment']).default('attainment'),
    at: NonNegative,
    retroactive: z.boolean().default(true),
  })
  .strict();

const GateSchema = z
  .object({
    type: z.literal('gate'),
    metric: z.string().min(1),
    min: Num,
    otherwise: Multiplier.default(() => new Decimal(0)),
  })
  .strict();
const MultiplierTableSchema = z
  .object({
    type: z.literal('multiplier'),
    metric: z.string().min(1),
    table: z.array(z.object({ from: Num, multiplier: Multiplier }).strict()).min(1),
  })
  .strict();
const ModifierSchema = z.discriminatedUnion('type', [GateSchema, MultiplierTableSchema]);

const CapSchema = z
  .object({ amount: NonNegative, per: z.enum(['period', 'attainment-period', 'plan']).default('period') })
  .strict();

const EligibilitySchema = z.discriminatedUnion('on', [
  z.object({ on: z.literal('booking') }).strict(),
  z.object({ on: z.literal('collection') }).strict(),
  z
    .object({
      on: z.literal('schedule'),
      installments: z.array(z.object({ afterDays: z.number().int().min(0), share: Rate }).strict()).min(1),
    })
    .strict(),
]);

const ClawbackSchema = z
  .object({
    mode: z.enum(['full', 'prorated', 'paid', 'percent']).default('full'),
    percent: Rate.optional(),
    windowDays: z.number().int().min(0).optional(),
    reduceAttainment: z.boolean().default(false),
  })
  .strict();

const Common = {
  id: z.string().min(1, 'must not be empty'),
  name: z.string().optional(),
  measure: z.enum(['bookings', 'collections']).default('bookings'),
  credit: z.enum(['all', 'revenue', 'overlay']).default('all'),
  attainmentPeriod: PeriodKindSchema.optional(),
  modifiers: z.array(ModifierSchema).default([]),
  cap: CapSchema.optional(),
};

const CommissionSchema = z
  .object({
    ...Common,
    type: z.literal('commission'),
    rates: ScheduleSchema,
    threshold: ThresholdSchema.optional(),
    eligibility: EligibilitySchema.default({ on: 'booking' }),
    clawback: ClawbackSchema.default({ mode: 'full', reduceAttainment: false }),
  })
  .strict();

const BonusSchema = z
  .object({
    ...Common,
    type: z.literal('bonus'),
    /** Attainment that earns the bonus (1 = 100%, 达标). */
    target: NonNegative.default(() => new Decimal(1)),
    amount: NonNegative,
    /** Per step above target (超标奖): every `every` of attainment above target pays `amount`. */
    steps: z
      .object({
        every: Num.refine((d) => d.gt(0), 'must be above 0'),
        amount: NonNegative,
        max: z.number().int().min(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const SpifSchema = z
  .object({
    ...Common,
    type: z.literal('spif'),
    products: z.array(z.string()).optional(),
    segments: z.array(z.string()).optional(),
    window: z.object({ from: CalendarDateSchema, to: CalendarDateSchema }).strict(),
    perDeal: NonNegative.optional(),
    rate: Rate.optional(),
  })
  .strict();

const ComponentSchema = z.discriminatedUnion('type', [CommissionSchema, BonusSchema, SpifSchema]);

const MetricSchema = z.object({ id: z.string().min(1), name: z.string().optional() }).strict();

const DrawSchema = z
  .object({
    amount: NonNegative,
    recoverable: z.boolean().default(true),
    recoverFrom: z.enum(['all', 'above-draw']).default('all'),
  })
  .strict();

/**
 * The zod schema of a commission plan (激励方案) as JSON data: id, version and effective dates; the pay
 * period; rounding (mode and stage); the boundary convention of tiers; declared metrics for gates; a draw;
 * proration; and its components — `commission` (a rate schedule with threshold, modifiers, cap,
 * eligibility and clawback), `bonus` (target bonus 达标奖 and step bonus 超标奖) and `spif`.
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
    id: z.string().min(1, 'must not be empty'),
    version: z.number().int().min(1),
    name: z.string().optional(),
    currency: CurrencyCodeSchema,
    effective: z.object({ from: CalendarDateSchema, to: CalendarDateSchema.optional() }).strict(),
    payPeriod: PeriodKindSchema.default('month'),
    rounding: z
      .object({
        mode: z.enum(ROUNDING_MODES as [RoundingMode, ...RoundingMode[]]).default('half-even'),
        stage: z.enum(['line', 'total']).default('line'),
      })
      .strict()
      .default({ mode: 'half-even', stage: 'line' }),
    boundary: Boundary.default('lower'),
    metrics: z.array(MetricSchema).default([]),
    draw: DrawSchema.optional(),
    proration: z.enum(['calendar-days', 'none']).default('calendar-days'),
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

/**
 * Parses and checks a commission plan; throws {@link OpenSpmError} `INVALID_PLAN` listing every problem with
 * the component and field: tiers with gaps or overlaps or not starting at 0, rates outside 0–1, gates on
 * undeclared metrics, duplicate component ids, an attainment period shorter than the pay period, SPIF
 * windows backwards, installments not summing to 100%.
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
  if (c.type === 'spif') return false;
  const onAtt = (c.rates.type === 'tiered' || c.rates.type === 'curve') && c.rates.on === 'attainment';
  return onAtt || c.threshold?.on === 'attainment';
}
