import type { Money } from '../money/index';
import type { Period } from '../period/index';

/**
 * What a statement line records: `earning` (a credit rated by a commission schedule), `bonus` (target or step
 * bonus), `spif`, `pool` (a share of a team pool), `release` (a held earning becoming payable), `clawback` (negative, linked to the original
 * deal), `forfeit` (a hold cancelled by a clawback), `true-up` (earned-to-date minus paid-to-date),
 * `draw` (top-up to the guaranteed draw) and `draw-recovery` (a recoverable draw paid back).
 *
 * @example
 * ```ts
 * import type { StatementLineKind } from 'openspm';
 * const kind: StatementLineKind = 'clawback';
 * ```
 */
export type StatementLineKind =
  | 'earning'
  | 'bonus'
  | 'spif'
  | 'pool'
  | 'release'
  | 'clawback'
  | 'forfeit'
  | 'true-up'
  | 'draw'
  | 'draw-recovery';

/**
 * One tier a credit passed through: the slice in it and what the slice earned.
 *
 * @example
 * ```ts
 * import type { StatementTierSlice } from 'openspm';
 * const slice: StatementTierSlice = { tier: 2, from: '150000', to: '165000', rate: '0.06', earned: '900' };
 * ```
 */
export interface StatementTierSlice {
  /** Tier number, from 1. */
  tier: number;
  /** Where the slice starts, as an amount of measure (attainment tiers are quota × bound). */
  from: string;
  /** Where the slice ends. */
  to: string;
  /** The tier's rate. */
  rate: string;
  /** What the slice earned, exact. */
  earned: string;
}

/**
 * A modifier applied to a line: a gate or a multiplier table on a metric.
 *
 * @example
 * ```ts
 * import type { StatementModifier } from 'openspm';
 * const gate: StatementModifier = { type: 'gate', metric: 'csat', period: '2024-03', value: '72', multiplier: '0.5', rule: 'csat ≥ 80 else × 0.5' };
 * ```
 */
export interface StatementModifier {
  /** `'gate'` or `'multiplier'`. */
  type: 'gate' | 'multiplier';
  /** The metric id. */
  metric: string;
  /** The period key the metric value was read for. */
  period: string;
  /** The metric value. */
  value: string;
  /** The factor applied. */
  multiplier: string;
  /** The rule as a person reads it. */
  rule: string;
}

/**
 * How a foreign-currency amount (a deal, a payment, a quota) was converted into the plan currency: once, for
 * the whole transaction, rounded once; the credits are then split from the converted whole.
 *
 * @example
 * ```ts
 * import { Money, type StatementConversion } from 'openspm';
 * const c: StatementConversion = {
 *   original: Money.of('2000.00', 'USD'), converted: Money.of('14200.00', 'CNY'), exact: '14200', rate: '7.1',
 *   policy: 'fixed', rateText: 'USD→CNY 7.1: the fixed plan rate',
 *   text: '2000.00 USD × 7.1 = 14200 CNY, rounded half-even to 2 decimals: 14200.00 CNY (USD→CNY 7.1: the fixed plan rate)',
 * };
 * ```
 */
export interface StatementConversion {
  /** The whole amount as given, in its own currency (the deal or payment amount, or the quota). */
  original: Money;
  /** It in the plan currency, rounded once (the plan's exchange rounding mode, the currency's minor unit). */
  converted: Money;
  /** original × rate before the rounding. */
  exact: string;
  /** The rate applied: units of the plan currency per unit of the original's. */
  rate: string;
  /** The policy that chose it: `'fixed'`, `'on-date'` (the transaction-date policy) or `'period-average'`. */
  policy: string;
  /** The rate used and why, in a sentence (the `RateUsed` text). */
  rateText: string;
  /** The whole conversion in a sentence. */
  text: string;
}

/**
 * One line of a statement, with everything needed to check it by hand.
 *
 * @example
 * ```ts
 * import { calculateIncentives, type StatementLine } from 'openspm';
 * const { statements } = calculateIncentives({
 *   plans: [{ id: 'p', version: 1, currency: 'CNY', effective: { from: '2024-01-01' },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }] }],
 *   assignments: [{ payeeId: 'li', planId: 'p', from: '2024-01-01' }],
 *   deals: [{ id: 'D-1', amount: { amount: '1000', currency: 'CNY' }, date: '2024-01-05', payeeId: 'li' }],
 * }, { from: '2024-01-01', to: '2024-02-01' });
 * const line: StatementLine = statements[0]!.lines[0]!;
 * line.amount.toString(); //=> '100.00 CNY'
 * ```
 */
export interface StatementLine {
  /** What the line is. */
  kind: StatementLineKind;
  /** The plan component that produced it, if any. */
  componentId?: string;
  /** The source transaction: a deal id, or a payment id for collection-measured components. */
  transactionId?: string;
  /** The deal it belongs to. */
  dealId?: string;
  /** Date of the source event (booking, payment, cancellation). */
  date?: string;
  /** The amount credited to this payee for the transaction (in the plan currency). */
  credited?: Money;
  /**
   * For a transaction in another currency: this payee's credit before conversion, in the transaction's
   * currency (the same split of the original amount). Also on releases and clawbacks of such a deal.
   */
  original?: Money;
  /** For a transaction in another currency: how the whole transaction was converted (rate and rounding). */
  conversion?: StatementConversion;
  /** Credit type and share of the deal, e.g. `'revenue 60%'`. */
  credit?: string;
  /** The running measure of the attainment period before this credit. */
  measureBefore?: Money;
  /** The tier reached after the credit (1-based), for tiered schedules. */
  tier?: number;
  /** The tiers the credit passed through (marginal and hybrid schedules). */
  slices?: StatementTierSlice[];
  /** The effective rate: earned ÷ credited (a blended rate when a credit straddles tiers). */
  rate?: string;
  /** Modifiers applied to this line. */
  modifiers?: StatementModifier[];
  /** Reduction by a cap, exact. */
  capped?: string;
  /** What the line earned, after modifiers and caps. Zero for releases, draws and true-ups. */
  earned: Money;
  /** Share of the earning payable by now under the eligibility rule, e.g. `'0.5'` on collection. */
  eligibleShare?: string;
  /** What is held back for later (not yet eligible). */
  held: Money;
  /** What this line adds to (or, negative, takes from) this statement's payout. */
  amount: Money;
  /** The unrounded value of the line's earning, when rounding changed it. */
  exact?: string;
  /** For releases and clawbacks: the period in which the earning was originally made. */
  originalPeriod?: string;
  /** A sentence a rep can check the line with. */
  explanation: string;
}

/**
 * A component's attainment in a statement: the measure to date in the attainment period, its quota, and
 * the ratio (or `null` with a reason when there is no quota: attainment is then not applicable).
 *
 * @example
 * ```ts
 * import type { StatementAttainment } from 'openspm';
 * const a: StatementAttainment = { componentId: 'c', period: 'FY2024-Q1', measure: '130000.00', quota: '100000.00', attainment: '1.3' };
 * ```
 */
export interface StatementAttainment {
  /** The component. */
  componentId: string;
  /** The attainment period key. */
  period: string;
  /** Credited measure to date in the attainment period. */
  measure: string;
  /** The quota, if any (in the plan currency; converted when it was given in another one). */
  quota: string | null;
  /** For a quota given in another currency: how it was converted. */
  quotaConversion?: StatementConversion;
  /** Measure ÷ quota, or `null` when not applicable. */
  attainment: string | null;
  /** Why attainment is not applicable. */
  reason?: string;
  /** Cap on the component and how much of it is used. */
  cap?: {
    /** The cap (prorated for a partial period). */
    amount: string;
    /** What it applies to: `'period'`, `'attainment-period'` or `'plan'`. */
    per: string;
    /** How much of it is used, to date. */
    used: string;
  };
}

/**
 * The totals of a statement. `payable` = earnings payable now + releases + clawbacks + true-up + draw −
 * draw recovery, rounded as the plan says.
 *
 * @example
 * ```ts
 * import type { StatementTotals } from 'openspm';
 * import { Money } from 'openspm';
 * const zero = Money.zero('CNY');
 * const t: StatementTotals = { earned: zero, held: zero, released: zero, clawedBack: zero, trueUp: zero, draw: zero, drawRecovered: zero, drawBalance: zero, payable: zero, rounding: '0' };
 * ```
 */
export interface StatementTotals {
  /** Earned this period (earnings, bonuses, SPIFs, after modifiers and caps). */
  earned: Money;
  /** Newly held this period (earned but not yet eligible). */
  held: Money;
  /** Released from earlier holds. */
  released: Money;
  /** Clawed back (negative or zero). */
  clawedBack: Money;
  /** True-up against recorded payouts of earlier periods. */
  trueUp: Money;
  /** Draw paid to reach the guaranteed amount. */
  draw: Money;
  /** Recoverable draw recovered from this period's earnings (zero or negative). */
  drawRecovered: Money;
  /** Recoverable draw still owed after this period. */
  drawBalance: Money;
  /** What to pay for this period. */
  payable: Money;
  /** Rounding applied to the total (payable − exact sum of lines), for plans that round per total. */
  rounding: string;
}

/**
 * One payee's statement for one pay period: the plan version used, attainment per component, every line
 * explained, and the totals. Deterministic: the same input gives a byte-identical `JSON.stringify`.
 *
 * @example
 * ```ts
 * import type { IncentiveStatement } from 'openspm';
 * const show = (s: IncentiveStatement) => `${s.payeeId} ${s.period.key}: ${s.totals.payable}`;
 * ```
 */
export interface IncentiveStatement {
  /** The payee. */
  payeeId: string;
  /** The payee's name, when given. */
  payeeName?: string;
  /** The pay period. */
  period: Period;
  /** The plan and version used. */
  plan: {
    /** Plan id. */
    id: string;
    /** Plan version. */
    version: number;
    /** Plan name. */
    name?: string;
  };
  /** The plan's currency. */
  currency: string;
  /** Rounding the plan declares. */
  rounding: {
    /** Rounding mode, e.g. `'half-even'`. */
    mode: string;
    /** `'line'` or `'total'`. */
    stage: string;
    /** Decimals rounded to. */
    minorUnits: number;
  };
  /** Share of the period the payee was on the plan (proration), e.g. `'0.5'`; `'1'` for the whole period. */
  proration: string;
  /** Attainment per component. */
  attainment: StatementAttainment[];
  /** Every line, in order: earnings by date and transaction, then releases, clawbacks, true-up and draw. */
  lines: StatementLine[];
  /** Totals. */
  totals: StatementTotals;
  /** Amount actually paid for this period, when recorded in the input's `payouts`. */
  recordedPayout?: Money;
}

/**
 * One credit the credit stage produced: who got how much of a deal (or of a collected payment).
 *
 * @example
 * ```ts
 * import type { CreditRecord } from 'openspm';
 * import { Money } from 'openspm';
 * const credit: CreditRecord = { transactionId: 'D-1', dealId: 'D-1', payeeId: 'li', type: 'revenue', percent: '60', amount: Money.of('9000', 'CNY'), date: '2024-01-20', basis: 'booking' };
 * ```
 */
export interface CreditRecord {
  /** The deal id, or the payment id for a collection. */
  transactionId: string;
  /** The deal. */
  dealId: string;
  /** Who is credited. */
  payeeId: string;
  /** Revenue (splits sum to 100%) or overlay (may exceed it). */
  type: 'revenue' | 'overlay';
  /** The share in percent. */
  percent: string;
  /** The credited amount; revenue shares of a transaction sum exactly to it (largest remainder). */
  amount: Money;
  /** The date credited. */
  date: string;
  /** `'booking'` for deals, `'collection'` for payments. */
  basis: 'booking' | 'collection';
  /**
   * When the transaction is in another currency than a plan the payee is paid on: the credit in that plan's
   * currency, one entry per conversion rule (`amount` above stays the original, in the transaction's currency).
   */
  converted?: CreditConversion[];
}

/**
 * A credit converted into a plan's currency: the converted share of the transaction, which plans used it, and
 * how the whole transaction was converted.
 *
 * @example
 * ```ts
 * import type { CreditConversion } from 'openspm';
 * const show = (c: CreditConversion) => `${c.amount} (${c.conversion.rateText})`;
 * ```
 */
export interface CreditConversion {
  /** The credit in the plan currency: its share of the converted transaction (largest remainder). */
  amount: Money;
  /** The plan versions that converted it this way, e.g. `[{ id: 'cn-ae', version: 1 }]`. */
  plans: {
    /** Plan id. */
    id: string;
    /** Plan version. */
    version: number;
  }[];
  /** How the whole transaction was converted. */
  conversion: StatementConversion;
}

/**
 * What {@link calculateIncentives} returns: the credits (stage 1) and one statement per payee per pay period.
 *
 * @example
 * ```ts
 * import type { CalculateIncentivesResult } from 'openspm';
 * const total = (r: CalculateIncentivesResult) => r.statements.map((s) => s.totals.payable.toString());
 * ```
 */
export interface CalculateIncentivesResult {
  /** Every credit, by transaction then payee. */
  credits: CreditRecord[];
  /** Statements, by period start then payee id. */
  statements: IncentiveStatement[];
}
