import { z } from 'zod';
import { CurrencyCodeSchema, IdSchema } from '../model/index';
import { Decimal, MoneySchema, NonNegativeMoneySchema, toDecimal } from '../money/index';
import { CalendarDateSchema } from '../period/index';
import type { Plan, PlanInput } from './plan';

type Dec = InstanceType<typeof Decimal>;

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

/** A date: `'YYYY-MM-DD'`, an ISO date-time, or a Date (placed on a day in the calendar's zone). */
const DateLike = z.union([z.string(), z.date()]);

const CreditSplitSchema = z
  .object({
    /** Who is credited. */
    payeeId: IdSchema,
    /** Share of the deal in percent (60 = 60%). */
    percent: Num.refine((d) => !d.isNegative(), 'a credit share cannot be negative'),
    /** `'revenue'` (default; revenue shares of a deal sum to 100%) or `'overlay'` (may exceed it). */
    type: z.literal(['revenue', 'overlay']).default('revenue'),
  })
  .strict();

const DealLineSchema = z
  .object({
    /** Deal id. */
    id: IdSchema,
    /** Deal amount (not negative), in whole minor units of its currency. */
    amount: NonNegativeMoneySchema,
    /** Booking (won) date: `'YYYY-MM-DD'`, an ISO date-time or a Date. */
    date: DateLike,
    /** Shortcut for one payee with 100% revenue credit. */
    payeeId: IdSchema.optional(),
    /** Credit splits. */
    credits: z.array(CreditSplitSchema).min(1).optional(),
    /** Product, for SPIFs. */
    product: z.string().optional(),
    /** Segment, for SPIFs. */
    segment: z.string().optional(),
    /** Contract term in months, for pro-rated clawbacks. */
    termMonths: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((d) => (d.payeeId === undefined) !== (d.credits === undefined), {
    message: 'give either "payeeId" (100% revenue credit) or "credits" (splits), not both or neither',
    path: ['credits'],
  });

const PaymentLineSchema = z
  .object({
    /** Payment id. */
    id: IdSchema,
    /** The deal it pays for. */
    dealId: IdSchema,
    /** Amount collected. */
    amount: NonNegativeMoneySchema,
    /** When it was collected. */
    date: DateLike,
  })
  .strict();

const CancellationSchema = z
  .object({
    /** The cancelled deal. */
    dealId: IdSchema,
    /** When it was cancelled. */
    date: DateLike,
    /** Why, for the record. */
    reason: z.string().optional(),
  })
  .strict();

const QuotaSchema = z
  .object({
    /** The payee. */
    payeeId: IdSchema,
    /** Period key of the attainment period, e.g. `'FY2024-Q1'`. */
    period: z.string().min(1),
    /** The quota. */
    amount: NonNegativeMoneySchema,
    /** Only for this component (default: every component). */
    componentId: z.string().optional(),
  })
  .strict();

const MetricValueSchema = z
  .object({
    /** The payee. */
    payeeId: IdSchema,
    /** Period key (pay period, or attainment period as a fallback). */
    period: z.string().min(1),
    /** Metric id declared in the plan. */
    metric: z.string().min(1),
    /** Its value. */
    value: Num,
  })
  .strict();

const AssignmentSchema = z
  .object({
    /** The payee. */
    payeeId: IdSchema,
    /** The plan id; the version in effect is chosen by date. */
    planId: z.string().min(1),
    /** First day on the plan. */
    from: CalendarDateSchema,
    /** Day after the last day (open-ended when left out). */
    to: CalendarDateSchema.optional(),
  })
  .strict();

const PayeeSchema = z
  .object({
    /** Payee id. */
    id: IdSchema,
    /** Name shown on statements. */
    name: z.string().optional(),
    /** Team, for team pools (payees without a team share one pool per plan). */
    teamId: IdSchema.optional(),
    /** Joining date (proration). */
    start: CalendarDateSchema.optional(),
    /** Last working day (proration). */
    end: CalendarDateSchema.optional(),
    /**
     * The currency the payee is paid in, as a check: it must be the currency of every plan they are on
     * (`CURRENCY_MISMATCH` otherwise — a payee is paid in their plan's currency).
     */
    currency: CurrencyCodeSchema.optional(),
  })
  .strict();

const PayoutSchema = z
  .object({
    /** The payee. */
    payeeId: IdSchema,
    /** The pay period key. */
    period: z.string().min(1),
    /** What was actually paid. */
    amount: MoneySchema,
  })
  .strict();

/** @internal */
export const IncentiveInputSchema = z
  .object({
    plans: z.array(z.unknown()).min(1, 'at least one plan is needed'),
    assignments: z.array(AssignmentSchema).min(1, 'assign at least one payee to a plan'),
    payees: z.array(PayeeSchema).default([]),
    deals: z.array(DealLineSchema).default([]),
    payments: z.array(PaymentLineSchema).default([]),
    cancellations: z.array(CancellationSchema).default([]),
    quotas: z.array(QuotaSchema).default([]),
    metrics: z.array(MetricValueSchema).default([]),
    payouts: z.array(PayoutSchema).default([]),
  })
  .strict();

/** @internal */
export type ParsedInput = z.output<typeof IncentiveInputSchema>;

/**
 * What {@link calculateIncentives} reads: plans, who is on which plan when, and the transactions.
 *
 * @example
 * ```ts
 * import type { CalculateIncentivesInput } from 'openspm';
 * const input: CalculateIncentivesInput = {
 *   plans: [{ id: 'ae', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.05' } }] }],
 *   assignments: [{ payeeId: 'li', planId: 'ae', from: '2024-01-01' }],
 *   deals: [{ id: 'D-1', amount: { amount: '15000.00', currency: 'CNY' }, date: '2024-01-20',
 *     credits: [{ payeeId: 'li', percent: 60 }, { payeeId: 'wang', percent: 40 }] }],
 * };
 * ```
 */
export interface CalculateIncentivesInput {
  /** The plans, every version; see {@link PlanInput}. */
  plans: readonly (PlanInput | Plan)[];
  /** Which plan a payee is on, by effective date (`to` excluded). */
  assignments: z.input<typeof AssignmentSchema>[];
  /** Names and join/leave dates (for proration). */
  payees?: z.input<typeof PayeeSchema>[];
  /** Won deals with their credit: `payeeId` (100% revenue) or `credits` splits. */
  deals?: z.input<typeof DealLineSchema>[];
  /** Collections (回款) on deals. */
  payments?: z.input<typeof PaymentLineSchema>[];
  /** Cancelled deals: trigger clawbacks. */
  cancellations?: z.input<typeof CancellationSchema>[];
  /** Quotas per payee and attainment period. */
  quotas?: z.input<typeof QuotaSchema>[];
  /** Metric values for gates and multipliers (customer satisfaction, KPI score). */
  metrics?: z.input<typeof MetricValueSchema>[];
  /** What was actually paid in closed periods: later statements true up against it. */
  payouts?: z.input<typeof PayoutSchema>[];
}
