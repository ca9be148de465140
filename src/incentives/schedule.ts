// Rate schedules as functions of the cumulative measure in amount space: F(x) is what has been earned when
// the measure stands at x. A credit of a on top of a running total R earns F(R + a) − F(R): that telescopes,
// so the lines of a period always sum to what the period's total earns, whatever the schedule.
import { Decimal } from '../money/index';
import type { CommissionComponent, Plan } from './plan';

type Dec = InstanceType<typeof Decimal>;
const ZERO = new Decimal(0);

/** One tier touched by a credit: the slice of the credit that falls in it, and what it earns. */
export interface TierSlice {
  /** Tier number, from 1. */
  readonly tier: number;
  /** Where the slice starts, in amount (quota × attainment bound for attainment tiers). */
  readonly from: Dec;
  /** Where it ends. */
  readonly to: Dec;
  /** The tier's rate. */
  readonly rate: Dec;
  /** What the slice earns. */
  readonly earned: Dec;
}

/** A schedule resolved to amounts for one payee and attainment period. @internal */
export interface Resolved {
  readonly type: 'flat' | 'tiered' | 'curve';
  readonly mode: 'retroactive' | 'marginal' | 'marginal-per-deal' | 'hybrid' | 'flat' | 'curve';
  readonly bounds: Dec[];
  readonly rates: Dec[];
  readonly upper: boolean;
  readonly split: Dec | undefined;
  readonly points: { at: Dec; rate: Dec }[];
  readonly threshold: { at: Dec; retroactive: boolean } | undefined;
}

/** Amount-space schedule for a commission component; quota is null when none is needed. @internal */
export function resolveSchedule(plan: Plan, c: CommissionComponent, quota: Dec | null): Resolved {
  const r = c.rates;
  const scale = (on: 'amount' | 'attainment', v: Dec) => (on === 'attainment' ? v.times(quota ?? ZERO) : v);
  const threshold = c.threshold
    ? { at: scale(c.threshold.on, c.threshold.at), retroactive: c.threshold.retroactive }
    : undefined;
  if (r.type === 'flat') {
    return {
      type: 'flat',
      mode: 'flat',
      bounds: [ZERO],
      rates: [r.rate],
      upper: false,
      split: undefined,
      points: [],
      threshold,
    };
  }
  if (r.type === 'curve') {
    return {
      type: 'curve',
      mode: 'curve',
      bounds: [],
      rates: [],
      upper: false,
      split: undefined,
      points: r.points.map((p) => ({ at: scale(r.on, p.at), rate: p.rate })),
      threshold,
    };
  }
  const boundary = r.boundary ?? plan.boundary;
  return {
    type: 'tiered',
    mode: r.mode,
    bounds: r.tiers.map((t) => scale(r.on, t.from)),
    rates: r.tiers.map((t) => t.rate),
    upper: boundary === 'upper',
    split:
      r.mode === 'hybrid'
        ? scale(r.on, r.split ?? (r.on === 'attainment' ? new Decimal(1) : ZERO))
        : undefined,
    points: [],
    threshold,
  };
}

/** Index of the tier holding x under the boundary convention. @internal */
export function tierIndex(s: Resolved, x: Dec, upper = s.upper): number {
  let k = 0;
  for (let i = 1; i < s.bounds.length; i++) {
    const b = s.bounds[i]!;
    if (upper ? x.gt(b) : x.gte(b)) k = i;
    else break;
  }
  return k;
}

function marginalBetween(s: Resolved, lo: Dec, hi: Dec): Dec {
  // Σ rate × overlap((lo, hi], tier), with the first tier extended below 0 and the last above its start.
  let total = ZERO;
  const n = s.bounds.length;
  for (let i = 0; i < n; i++) {
    const a = i === 0 ? (lo.lt(0) ? lo : s.bounds[0]!) : s.bounds[i]!;
    const b = s.bounds[i + 1];
    const from = Decimal.max(lo, a);
    const to = b === undefined ? hi : Decimal.min(hi, b);
    if (to.gt(from)) total = total.plus(to.minus(from).times(s.rates[i]!));
  }
  return total;
}

function curveRate(s: Resolved, x: Dec): Dec {
  const pts = s.points;
  if (x.lte(pts[0]!.at)) return pts[0]!.rate;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i]!;
    if (x.lte(p.at)) {
      const q = pts[i - 1]!;
      return q.rate.plus(p.rate.minus(q.rate).times(x.minus(q.at)).dividedBy(p.at.minus(q.at)));
    }
  }
  return pts[pts.length - 1]!.rate;
}

/** The schedule before any threshold. */
function base(s: Resolved, x: Dec): Dec {
  switch (s.mode) {
    case 'flat':
      return x.times(s.rates[0]!);
    case 'curve':
      return x.times(curveRate(s, x));
    case 'retroactive':
      return x.times(s.rates[tierIndex(s, x)]!);
    case 'marginal':
    case 'marginal-per-deal':
      return marginalBetween(s, x.lt(0) ? x : ZERO, x.lt(0) ? ZERO : x).times(x.lt(0) ? -1 : 1);
    case 'hybrid': {
      const split = s.split!;
      if (x.lte(split)) {
        const k = x.eq(split) ? tierIndex(s, x, true) : tierIndex(s, x);
        return x.times(s.rates[k]!);
      }
      return split.times(s.rates[tierIndex(s, split, true)]!).plus(marginalBetween(s, split, x));
    }
  }
}

/** Whether the threshold is met at x. @internal */
export function thresholdMet(s: Resolved, x: Dec): boolean {
  if (!s.threshold) return true;
  return s.upper ? x.gt(s.threshold.at) : x.gte(s.threshold.at);
}

/** F(x): earned when the cumulative measure stands at x. @internal */
export function earnedAt(s: Resolved, x: Dec): Dec {
  if (!s.threshold) return base(s, x);
  if (!thresholdMet(s, x)) return ZERO;
  return s.threshold.retroactive ? base(s, x) : base(s, x).minus(base(s, s.threshold.at));
}

/** The tier slices of (before, before + amount] for marginal schedules, for the statement. @internal */
export function slicesOf(s: Resolved, before: Dec, amount: Dec): TierSlice[] {
  if (s.type !== 'tiered' || (s.mode !== 'marginal' && s.mode !== 'marginal-per-deal' && s.mode !== 'hybrid'))
    return [];
  const lo = amount.lt(0) ? before.plus(amount) : before;
  const hi = amount.lt(0) ? before : before.plus(amount);
  const out: TierSlice[] = [];
  const n = s.bounds.length;
  for (let i = 0; i < n; i++) {
    const a = i === 0 && lo.lt(0) ? lo : s.bounds[i]!;
    const b = s.bounds[i + 1];
    const from = Decimal.max(lo, a);
    const to = b === undefined ? hi : Decimal.min(hi, b);
    if (to.gt(from)) {
      const earned = to
        .minus(from)
        .times(s.rates[i]!)
        .times(amount.lt(0) ? -1 : 1);
      out.push({ tier: i + 1, from, to, rate: s.rates[i]!, earned });
    }
  }
  return out;
}

/** The rate that applies at x (the tier's rate, or the curve's interpolated rate). @internal */
export function rateAt(s: Resolved, x: Dec): Dec {
  if (s.mode === 'curve') return curveRate(s, x);
  return s.rates[tierIndex(s, x)]!;
}
