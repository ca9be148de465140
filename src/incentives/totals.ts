import { z } from 'zod';
import { ErrorCode, issue, OpenSpmError, type OpenSpmIssue, parseOrThrow, throwIssues } from '../errors';
import { currencyMinorUnits, Decimal, Money, roundDecimal } from '../money/index';
import {
  compileFast,
  type FastPlan,
  fastEarned,
  fastEarnedNumber,
  formatScaled,
  formatScaledNumber,
  pow10,
  ratio10Number,
  roundScaled,
  roundScaledNumber,
  withNumbers,
} from './fast';
import { type Plan, type PlanInput, validatePlan } from './plan';
import { earnedAt, resolveSchedule } from './schedule';

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/**
 * Input of {@link calculatePayoutTotals}: credited lines of one pay period in columns, for volume.
 *
 * @example
 * ```ts
 * import type { PayoutTotalsInput } from 'openspm';
 * const input: PayoutTotalsInput = {
 *   plan: { id: 'p', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, rounding: { stage: 'total' },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }] },
 *   payees: ['li', 'wang'],
 *   payee: [0, 1, 0],
 *   amountMinor: [100000, 250000, 50000],
 * };
 * ```
 */
export interface PayoutTotalsInput {
  /** The plan: commission components on bookings, paid on booking, attainment over the pay period, rounded per total. */
  plan: PlanInput | Plan;
  /** Payee ids; lines refer to them by index. */
  payees: readonly string[];
  /** Per line: index of the credited payee in `payees`. */
  payee: ArrayLike<number>;
  /** Per line: credited amount in integer minor units (fen, cents) of the plan currency. */
  amountMinor: ArrayLike<number>;
  /** Per payee: quota in integer minor units, for attainment tiers and thresholds. */
  quotaMinor?: ArrayLike<number>;
  /** Per metric id: its value per payee, for gates and multipliers. */
  metrics?: Readonly<Record<string, ArrayLike<number | string>>>;
  /**
   * The currency of `amountMinor` and `quotaMinor`, as a check: it must be the plan's (`CURRENCY_MISMATCH`
   * otherwise). The volume path does not convert; convert the lines first, or use `calculateIncentives`.
   */
  currency?: string;
}

/**
 * Options for {@link calculatePayoutTotals}.
 *
 * @example
 * ```ts
 * import type { CalculatePayoutTotalsOptions } from 'openspm';
 * const options: CalculatePayoutTotalsOptions = {};
 * ```
 */
export interface CalculatePayoutTotalsOptions {
  /** Leave payees with no credit out of the result (default false: every payee listed). */
  skipEmpty?: boolean;
}

/**
 * One payee's total for the period.
 *
 * @example
 * ```ts
 * import type { PayeeTotal } from 'openspm';
 * const show = (t: PayeeTotal) => `${t.payeeId}: ${t.payout}`;
 * ```
 */
export interface PayeeTotal {
  /** The payee. */
  payeeId: string;
  /** Credited amount. */
  credited: Money;
  /** Attainment (credited ÷ quota) rounded half-even to 10 decimals, or `null` without a quota. */
  attainment: string | null;
  /** Earned by the schedules and threshold before modifiers and caps, exact. */
  earned: string;
  /** Product of the modifiers' multipliers. */
  multiplier: string;
  /** Cut by caps, exact. */
  capped: string;
  /** What to pay, rounded once as the plan declares. */
  payout: Money;
  /** The payout in integer minor units (fen, cents), for payroll files. */
  payoutMinor: number;
}

/**
 * Result of {@link calculatePayoutTotals}.
 *
 * @example
 * ```ts
 * import type { CalculatePayoutTotalsResult } from 'openspm';
 * const sum = (r: CalculatePayoutTotalsResult) => r.total.toString();
 * ```
 */
export interface CalculatePayoutTotalsResult {
  /** Per payee, in the order of `payees`. */
  payees: PayeeTotal[];
  /** Sum of the payouts. */
  total: Money;
  /** Number of lines read. */
  lines: number;
}

const OptionsSchema = z.object({ skipEmpty: z.boolean().optional() }).strict();

/**
 * The volume path: one pay period's payout per payee from millions of credited lines, without line-level
 * statements. Credits are summed per payee in integer minor units; per payee the rates, modifiers, cap and
 * the one rounding step run on exact scaled integers (decimal.js for curves and hybrid schedules). Gives exactly the payable of {@link calculateIncentives}
 * for the same plan and period (proven by a property test against an all-decimal reference).
 *
 * Supports plans whose components are commissions on bookings, paid on booking, with attainment over the
 * pay period, and `rounding.stage: 'total'`; anything else throws `INVALID_INPUT` (use
 * {@link calculateIncentives}). Amounts are in the plan currency: the volume path does not convert (a plan's
 * `exchange` is not applied); state the lines' `currency` to have a foreign batch refused (`CURRENCY_MISMATCH`).
 *
 * @example
 * ```ts
 * import { calculatePayoutTotals } from 'openspm';
 * const result = calculatePayoutTotals({
 *   plan: { id: 'p', version: 1, currency: 'CNY', effective: { from: '2024-01-01' }, rounding: { stage: 'total' },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' }, cap: { amount: 20000 } }] },
 *   payees: ['li', 'wang'],
 *   payee: [0, 1, 0],
 *   amountMinor: [100000, 25000000, 50000],
 * }, {});
 * result.payees.map((p) => p.payout.toString()); //=> ['150.00 CNY', '20000.00 CNY']
 * ```
 */
export function calculatePayoutTotals(
  input: PayoutTotalsInput,
  options: CalculatePayoutTotalsOptions = {},
): CalculatePayoutTotalsResult {
  const opts = parseOrThrow(OptionsSchema, options, 'options', ['options']);
  if (input === null || typeof input !== 'object') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'expected an object with plan, payees, payee and amountMinor',
    );
  }
  let plan: Plan;
  try {
    plan = validatePlan(input.plan);
  } catch (error) {
    if (error instanceof OpenSpmError) {
      throwIssues(
        error.code,
        'Invalid plan',
        error.issues.map((i) => ({ ...i, path: ['plan', ...i.path], message: `plan.${i.message}` })),
      );
    }
    throw error;
  }
  const issues: OpenSpmIssue[] = [];
  if (input.currency !== undefined && input.currency !== plan.currency) {
    throwIssues(ErrorCode.CURRENCY_MISMATCH, 'Cannot calculate payout totals', [
      issue(
        ErrorCode.CURRENCY_MISMATCH,
        ['currency'],
        `the lines are in ${String(input.currency)} but plan "${plan.id}" pays in ${plan.currency}; the volume path does not convert (its plan's exchange is not applied): convert the amounts into ${plan.currency} first, or use calculateIncentives, which converts by the plan's exchange`,
      ),
    ]);
  }
  if (plan.rounding.stage !== 'total') {
    issues.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['plan', 'rounding', 'stage'],
        'totals need a plan rounded per "total"; for per-line rounding use calculateIncentives',
      ),
    );
  }
  plan.components.forEach((c, i) => {
    const ok =
      c.type === 'commission' &&
      c.measure === 'bookings' &&
      c.eligibility.on === 'booking' &&
      (c.attainmentPeriod === undefined || c.attainmentPeriod === plan.payPeriod) &&
      (c.cap === undefined || c.cap.per !== 'plan');
    if (!ok) {
      issues.push(
        issue(
          ErrorCode.INVALID_INPUT,
          ['plan', 'components', i],
          `component "${c.id}": totals support commissions on bookings, paid on booking, measured over the pay period; use calculateIncentives`,
        ),
      );
    }
  });
  const payees = input.payees;
  const n = Array.isArray(payees) ? payees.length : -1;
  if (n < 0) issues.push(issue(ErrorCode.INVALID_INPUT, ['payees'], 'expected a list of payee ids'));
  const lineCount = input.payee?.length ?? -1;
  if (lineCount < 0 || input.amountMinor?.length !== lineCount) {
    issues.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['amountMinor'],
        `"payee" and "amountMinor" must be lists of the same length (${lineCount} and ${input.amountMinor?.length})`,
      ),
    );
  }
  if (input.quotaMinor !== undefined && input.quotaMinor.length !== n) {
    issues.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['quotaMinor'],
        `needs one quota per payee (${n}), got ${input.quotaMinor.length}`,
      ),
    );
  }
  if (issues.length) throwIssues(ErrorCode.INVALID_INPUT, 'Cannot calculate payout totals', issues);

  // Hot loop: integer minor units per payee.
  const totals = new Float64Array(n);
  const counts = new Int32Array(n);
  const who = input.payee;
  const amount = input.amountMinor;
  for (let i = 0; i < lineCount; i++) {
    const p = who[i]!;
    totals[p]! += amount[i]!;
    counts[p]! += 1;
  }
  // Checks after the loop keep it tight: a bad index is not counted, a fraction as a non-integer total.
  let counted = 0;
  for (let p = 0; p < n; p++) counted += counts[p]!;
  if (counted !== lineCount) {
    for (let i = 0; i < lineCount; i++) {
      const p = who[i]!;
      if (!(Number.isInteger(p) && p >= 0 && p < n))
        throw new OpenSpmError(
          ErrorCode.INVALID_INPUT,
          `payee[${i}]: ${p} is not an index into payees (0…${n - 1})`,
          { path: ['payee', i] },
        );
    }
  }
  for (let p = 0; p < n; p++) {
    if (!Number.isSafeInteger(totals[p]!)) {
      for (let i = 0; i < lineCount; i++) {
        if (!Number.isSafeInteger(amount[i]!))
          throw new OpenSpmError(
            ErrorCode.NOT_IN_MINOR_UNITS,
            `amountMinor[${i}]: ${amount[i]} is not a whole number of minor units`,
            { path: ['amountMinor', i] },
          );
      }
      throw new OpenSpmError(
        ErrorCode.OUT_OF_RANGE,
        `the credits of payee "${payees[p]}" sum beyond 2^53 minor units; use calculateIncentives`,
        { path: ['amountMinor'] },
      );
    }
  }

  // Per payee: decimal.js for rates, modifiers, caps and the one rounding.
  const cur = plan.currency;
  const minor = currencyMinorUnits(cur);
  const scale = new Decimal(10).pow(minor);
  const mode = plan.rounding.mode;
  const out: PayeeTotal[] = [];
  let sumMinor = ZERO;
  const missing: OpenSpmIssue[] = [];
  const compiled = compileFast(plan, minor);
  const fast = compiled && withNumbers(compiled);
  let sumFast = 0n;
  for (let p = 0; p < n; p++) {
    if (opts.skipEmpty && counts[p] === 0) continue;
    if (fast && totals[p]! >= 0) {
      const row = fastPayee(fast, p);
      if (row) {
        out.push(row.total);
        sumFast += row.rounded;
        continue;
      }
    }
    const credited = new Decimal(totals[p]!).dividedBy(scale);
    const q = input.quotaMinor?.[p];
    const quota = q === undefined || q === 0 ? null : new Decimal(q).dividedBy(scale);
    let earnedAll = ZERO;
    let payAll = ZERO;
    let capped = ZERO;
    let multiplier = ONE;
    for (const c of plan.components) {
      if (c.type !== 'commission') continue;
      const onAttainment =
        ((c.rates.type === 'tiered' || c.rates.type === 'curve') && c.rates.on === 'attainment') ||
        c.threshold?.on === 'attainment';
      if (onAttainment && quota === null && !credited.isZero()) {
        missing.push(
          issue(
            ErrorCode.MISSING_QUOTA,
            ['quotaMinor', p],
            `payee "${payees[p]}": component "${c.id}" pays on attainment but the quota is missing or zero`,
          ),
        );
        continue;
      }
      const s = resolveSchedule(plan, c, quota);
      const earned = earnedAt(s, credited);
      let m = ONE;
      for (const mod of c.modifiers) {
        const raw = input.metrics?.[mod.metric]?.[p];
        if (raw === undefined) {
          missing.push(
            issue(
              ErrorCode.MISSING_METRIC,
              ['metrics', mod.metric, p],
              `payee "${payees[p]}": component "${c.id}" needs metric "${mod.metric}"`,
            ),
          );
          continue;
        }
        const v = new Decimal(raw);
        if (mod.type === 'gate') m = m.times(v.gte(mod.min) ? ONE : mod.otherwise);
        else {
          const row = [...mod.table].reverse().find((t) => v.gte(t.from));
          m = m.times(row ? row.multiplier : ZERO);
        }
      }
      let pay = earned.times(m);
      if (c.cap && pay.gt(c.cap.amount)) {
        capped = capped.plus(pay.minus(c.cap.amount));
        pay = c.cap.amount;
      }
      earnedAll = earnedAll.plus(earned);
      payAll = payAll.plus(pay);
      multiplier = multiplier.times(m);
    }
    const rounded = payAll.isNegative()
      ? roundDecimal(payAll.negated(), minor, mode).negated()
      : roundDecimal(payAll, minor, mode);
    sumMinor = sumMinor.plus(rounded);
    out.push({
      payeeId: payees[p]!,
      credited: Money.of(credited, cur),
      attainment: quota ? ratio10(BigInt(totals[p]!), BigInt(q!)) : null,
      earned: earnedAll.toString(),
      multiplier: multiplier.toString(),
      capped: capped.toString(),
      payout: Money.of(rounded, cur),
      payoutMinor: safeMinor(BigInt(rounded.times(scale).toFixed(0)), payees[p]!),
    });
  }
  if (missing.length) throwIssues(missing[0]!.code, 'Cannot calculate payout totals', missing);
  return {
    payees: out,
    total: Money.of(sumMinor.plus(new Decimal(sumFast.toString()).dividedBy(scale)), cur),
    lines: lineCount,
  };

  // The tail of a payee (modifiers applied, cap, rounding, text) on safe integers; null if a value is not one.
  function numberTail(
    f: FastPlan,
    p: number,
    total: number,
    quota: number,
    earned: number,
    mult: number,
    mDec: number,
    decimals: number,
  ): { total: PayeeTotal; rounded: bigint } | null {
    let pay = earned * mult;
    if (!Number.isSafeInteger(pay)) return null;
    let capped = 0;
    if (f.capMinor !== null) {
      const cap = Number(f.capMinor) * 10 ** decimals;
      if (!Number.isSafeInteger(cap)) return null;
      if (pay > cap) {
        capped = pay - cap;
        pay = cap;
      }
    }
    const rounded = roundScaledNumber(pay, decimals, mode);
    if (rounded === null) return null;
    return {
      rounded: BigInt(rounded),
      total: {
        payeeId: payees[p]!,
        credited: Money.of(formatScaledNumber(total, minor), cur),
        attainment:
          quota === 0 ? null : (ratio10Number(total, quota) ?? ratio10(BigInt(total), BigInt(quota))),
        earned: formatScaledNumber(earned, decimals - mDec + minor),
        multiplier: formatScaledNumber(mult, mDec),
        capped: formatScaledNumber(capped, decimals + minor),
        payout: Money.of(formatScaledNumber(rounded, minor), cur),
        payoutMinor: rounded,
      },
    };
  }

  function fastPayee(f: FastPlan, p: number): { total: PayeeTotal; rounded: bigint } | null {
    const T = BigInt(totals[p]!);
    const q = input.quotaMinor?.[p];
    const Q = q === undefined ? 0n : BigInt(q);
    const needsQuota = f.onAttainment || f.threshold?.onAttainment === true;
    if (needsQuota && Q === 0n && T !== 0n) return null; // the decimal path reports the missing quota
    const viaNumbers = fastEarnedNumber(f, totals[p]!, q ?? 0);
    const earned = viaNumbers === null ? fastEarned(f, T, Q) : { value: viaNumbers, decimals: f.s + f.r };
    let mNum = 1n;
    let mDec = 0;
    for (let j = 0; j < f.modifiers.length; j++) {
      const mod = f.modifiers[j]!;
      const raw = input.metrics?.[mod.metric]?.[p];
      if (raw === undefined) return null; // reported by the decimal path
      const m = f.multipliers[j]!;
      let mult: bigint;
      if (mod.type === 'gate' && typeof raw === 'number' && m.minNumber !== null && Number.isFinite(raw)) {
        // Both exact as doubles: compare as numbers, no decimal.js object.
        mult = raw >= m.minNumber ? 10n ** BigInt(m.decimals) : m.otherwise;
        mNum *= mult;
        mDec += m.decimals;
        continue;
      }
      const v = new Decimal(raw);
      if (mod.type === 'gate') mult = v.gte(mod.min) ? 10n ** BigInt(m.decimals) : m.otherwise;
      else {
        let k = -1;
        for (let i = 0; i < mod.table.length; i++) if (v.gte(mod.table[i]!.from)) k = i;
        mult = k < 0 ? 0n : m.scaledTable[k]!;
      }
      mNum *= mult;
      mDec += m.decimals;
    }
    const decimals = earned.decimals + mDec;
    if (viaNumbers !== null) {
      const quick = numberTail(f, p, totals[p]!, q ?? 0, Number(viaNumbers), Number(mNum), mDec, decimals);
      if (quick) return quick;
    }
    let pay = earned.value * mNum;
    let capped = 0n;
    if (f.capMinor !== null) {
      const cap = f.capMinor * pow10(decimals);
      if (pay > cap) {
        capped = pay - cap;
        pay = cap;
      }
    }
    const rounded = roundScaled(pay, decimals, mode);
    return {
      rounded,
      total: {
        payeeId: payees[p]!,
        credited: Money.of(formatScaled(T, minor), cur),
        attainment: Q === 0n ? null : ratio10(T, Q),
        earned: formatScaled(earned.value, earned.decimals + minor),
        multiplier: formatScaled(mNum, mDec),
        capped: formatScaled(capped, decimals + minor),
        payout: Money.of(formatScaled(rounded, minor), cur),
        payoutMinor: safeMinor(rounded, payees[p]!),
      },
    };
  }
}

function safeMinor(minor: bigint, payee: string): number {
  const n = Number(minor);
  if (!Number.isSafeInteger(n)) {
    throw new OpenSpmError(ErrorCode.OUT_OF_RANGE, `the payout of "${payee}" is beyond 2^53 minor units`);
  }
  return n;
}

/** a ÷ b (b > 0) rounded half-even to 10 decimals, by integer arithmetic (no decimal.js division). */
function ratio10(a: bigint, b: bigint): string {
  const negative = a < 0n;
  const n = (negative ? -a : a) * 10_000_000_000n;
  let q = n / b;
  const r2 = (n % b) * 2n;
  if (r2 > b || (r2 === b && q % 2n === 1n)) q += 1n;
  return formatScaled(negative ? -q : q, 10);
}
