import { z } from 'zod';
import { IdSchema } from '../model/index';
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
    payeeId: IdSchema,
    percent: Num.refine((d) => !d.isNegative(), 'a credit share cannot be negative'),
    type: z.enum(['revenue', 'overlay']).default('revenue'),
  })
  .strict();

const DealLineSchema = z
  .object({
    id: IdSchema,
    amount: NonNegativeMoneySchema,
    date: DateLike,
    payeeId: IdSchema.optional(),
    credits: z.array(CreditSplitSchema).min(1).optional(),
    product: z.string().optional(),
    segment: z.string().optional(),
    termMonths: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((d) => (d.payeeId === undefined) !== (d.credits === undefined), {
    message: 'give either "payeeId" (100% revenue credit) or "credits" (splits), not both or neither',
    path: ['credits'],
  });

const PaymentLineSchema = z
  .object({ id: IdSchema, dealId: IdSchema, amount: NonNegativeMoneySchema, date: DateLike })
  .strict();

const CancellationSchema = z
  .object({ dealId: IdSchema, date: DateLike, reason: z.string().optional() })
  .strict();

const QuotaSchema = z
  .object({
    payeeId: IdSchema,
    period: z.string().min(1),
    amount: NonNegativeMoneySchema,
    componentId: z.string().optional(),
  })
  .strict();

const MetricValueSchema = z
  .object({ payeeId: IdSchema, period: z.string().min(1), metric: z.string().min(1), value: Num })
  .strict();

const AssignmentSchema = z
  .object({
    payeeId: IdSchema,
    planId: z.string().min(1),
    from: CalendarDateSchema,
    to: CalendarDateSchema.optional(),
  })
  .strict();

const PayeeSchema = z
  .object({
    id: IdSchema,
    name: z.string().optional(),
    start: CalendarDateSchema.optional(),
    end: CalendarDateSchema.optional(),
  })
  .strict();

const PayoutSchema = z.object({ payeeId: IdSchema, period: z.string().min(1), amount: MoneySchema }).strict();

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
 * - `plans`: {@link PlanInput} documents; several versions of one plan id may follow each other in time.
 * - `assignments`: `{ payeeId, planId, from, to? }` — which plan a payee is on, by effective date (`to` excluded).
 * - `payees`: `{ id, name?, start?, end? }` — names and join/leave dates (for proration); optional.
 * - `deals`: won deals, `{ id, amount, date, payeeId }` or with `credits: [{ payeeId, percent, type }]` splits
 *   (`type` `'revenue'` — must sum to 100 — or `'overlay'`, which may exceed it); `product`, `segment` for
 *   SPIFs and `termMonths` for pro-rated clawbacks.
 * - `payments`: collections (回款) `{ id, dealId, amount, date }`.
 * - `cancellations`: `{ dealId, date }` — triggers clawbacks.
 * - `quotas`: `{ payeeId, period: 'FY2024-Q1', amount, componentId? }` — for attainment.
 * - `metrics`: `{ payeeId, period, metric, value }` — for gates and multipliers (e.g. `csat`).
 * - `payouts`: `{ payeeId, period, amount }` — what was actually paid in closed periods, for true-up.
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
export type CalculateIncentivesInput = Omit<z.input<typeof IncentiveInputSchema>, 'plans'> & {
  /** The plans (all versions); see {@link PlanInput}. */
  plans: readonly (PlanInput | Plan)[];
};
