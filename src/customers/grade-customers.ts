import { z } from 'zod';
import { ErrorCode, issue, OpenSpmError, type OpenSpmIssue, parseOrThrow, throwIssues } from '../errors';
import {
  type Account,
  type AccountInput,
  AccountSchema,
  type Activity,
  type ActivityInput,
  ActivitySchema,
  type DealInput,
  DealSchema,
  type PipelineInput,
  PipelineSchema,
} from '../model/index';
import { Decimal, Money } from '../money/index';
import {
  type CalendarDate,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fromDayNumber,
} from '../period/index';
import {
  CalendarArg,
  checkDealStages,
  checkUniqueIds,
  collectTouches,
  DateArg,
  ratio4,
  round2,
  stageKinds,
  WorkCalendar,
} from './shared';

/**
 * The five factors a customer is graded on: `revenue` (won amount in the window), `frequency` (won deals in
 * the window), `recency` (days since the last won deal), `potential` (a supplied score or size field) and
 * `engagement` (days since the last activity with the customer). Revenue, frequency and recency are the
 * classic RFM.
 *
 * @example
 * ```ts
 * import { GRADING_FACTORS } from 'openspm';
 * GRADING_FACTORS; //=> ['revenue', 'frequency', 'recency', 'potential', 'engagement']
 * ```
 */
export const GRADING_FACTORS = ['revenue', 'frequency', 'recency', 'potential', 'engagement'] as const;

/**
 * One of {@link GRADING_FACTORS}.
 *
 * @example
 * ```ts
 * import type { GradingFactor } from 'openspm';
 * const factor: GradingFactor = 'recency';
 * ```
 */
export type GradingFactor = (typeof GRADING_FACTORS)[number];

/** Factors where fewer days is better. */
const LOWER_IS_BETTER: ReadonlySet<GradingFactor> = new Set(['recency', 'engagement']);

const thresholdValue = z.union([z.number().finite(), z.string().regex(/^\d+(\.\d+)?$/)]);

const FactorConfigSchema = z
  .strictObject({
    weight: z.number().finite().min(0, 'weight must be 0 or more').optional(),
    method: z.enum(['quantile', 'fixed']).default('quantile'),
    buckets: z.int().min(2, 'buckets must be 2 or more').max(100).default(5),
    thresholds: z.array(thresholdValue).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.method === 'fixed' && (!f.thresholds || f.thresholds.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds'],
        message:
          'method "fixed" needs thresholds: one value per step up, e.g. [100000, 300000, 600000, 1000000] for revenue or [180, 90, 30, 7] days for recency',
      });
    }
  });

const GradeCutoffSchema = z.strictObject({
  label: z.string().min(1, 'a grade label must not be empty'),
  minScore: z.number().finite().min(0, 'minScore must be 0 to 100').max(100, 'minScore must be 0 to 100'),
});

const GradeCustomersOptionsSchema = z.strictObject({
  asOf: DateArg,
  windowDays: z.int().min(1, 'windowDays must be 1 or more').default(365),
  grades: z
    .array(GradeCutoffSchema)
    .min(2, 'give at least two grades')
    .default([
      { label: 'A', minScore: 75 },
      { label: 'B', minScore: 50 },
      { label: 'C', minScore: 25 },
      { label: 'D', minScore: 0 },
    ]),
  factors: z
    .strictObject({
      revenue: FactorConfigSchema.optional(),
      frequency: FactorConfigSchema.optional(),
      recency: FactorConfigSchema.optional(),
      potential: FactorConfigSchema.optional(),
      engagement: FactorConfigSchema.optional(),
    })
    .default({}),
  potentialField: z.string().min(1).optional(),
  calendar: CalendarArg.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});

const PreviousSchema = z.array(
  z.object({
    accountId: z.union([z.string().min(1), z.int()]).transform(String),
    grade: z.string().min(1),
    factors: z.record(z.string(), z.object({ points: z.number() }).loose()).optional(),
  }),
);

const GradeCustomersInputSchema = z.object({
  accounts: z.array(AccountSchema),
  deals: z.array(DealSchema).default([]),
  pipelines: z.array(PipelineSchema).default([]),
  activities: z.array(ActivitySchema).default([]),
  potentialScores: z.record(z.string(), z.number().finite()).optional(),
  previous: PreviousSchema.optional(),
});

/**
 * How one factor is turned into points. `weight` is its share of the total (weights are relative; they need
 * not add up to 1). `method: 'quantile'` cuts the customers into `buckets` equal-sized groups by rank;
 * `method: 'fixed'` uses your `thresholds`, one per step up (ascending amounts for revenue in major units,
 * counts for frequency, scores for potential; descending days for recency and engagement).
 *
 * @example
 * ```ts
 * import type { GradingFactorConfig } from 'openspm';
 * const revenue: GradingFactorConfig = { weight: 4, method: 'fixed', thresholds: ['100000', '300000', '600000', '1000000'] };
 * const recency: GradingFactorConfig = { weight: 2, method: 'fixed', thresholds: [365, 180, 90, 30] };
 * ```
 */
export interface GradingFactorConfig {
  /** Relative weight, 0 or more; 0 leaves the factor out of the score. */
  weight?: number;
  /**
   * `'quantile'` (default): by percentile rank among the customers with a value (ties share a level; no
   * purchase, no contact or no data earns the lowest level); `'fixed'`: your thresholds.
   */
  method?: 'quantile' | 'fixed';
  /** Number of point levels for `'quantile'` (default 5, as in RFM); for `'fixed'`, thresholds + 1. */
  buckets?: number;
  /** For `'fixed'`: one value per step up. Revenue in major units (`'100000'`), days for recency/engagement. */
  thresholds?: (number | string)[];
}

/**
 * One grade and the lowest total score (0–100) that earns it. List grades best first; the last must have
 * `minScore: 0` so that every customer gets a grade.
 *
 * @example
 * ```ts
 * import type { GradeCutoff } from 'openspm';
 * const grades: GradeCutoff[] = [{ label: 'A', minScore: 70 }, { label: 'B', minScore: 40 }, { label: 'C', minScore: 0 }];
 * ```
 */
export interface GradeCutoff {
  /** The grade's name (`'A'`, `'Key account'`, `'重点客户'`). */
  label: string;
  /** Lowest total score, 0 to 100, that earns the grade. */
  minScore: number;
}

/**
 * Options for {@link gradeCustomers}.
 *
 * @example
 * ```ts
 * import type { GradeCustomersOptions } from 'openspm';
 * const options: GradeCustomersOptions = {
 *   asOf: '2024-12-31',
 *   windowDays: 365,
 *   grades: [{ label: 'A', minScore: 75 }, { label: 'B', minScore: 50 }, { label: 'C', minScore: 25 }, { label: 'D', minScore: 0 }],
 *   factors: { revenue: { weight: 4 }, frequency: { weight: 2 }, recency: { weight: 2 }, engagement: { weight: 2 } },
 * };
 * ```
 */
export interface GradeCustomersOptions {
  /** The grading date, `'YYYY-MM-DD'`; nothing after it is seen. */
  asOf: CalendarDate;
  /** Days of history for revenue and frequency, ending on `asOf` (default 365). */
  windowDays?: number;
  /** Grades best first with their cut-offs (default A ≥ 75, B ≥ 50, C ≥ 25, D ≥ 0). */
  grades?: GradeCutoff[];
  /**
   * Per-factor configuration. Default weights: revenue 3, frequency 2, recency 2, engagement 2, and
   * potential 2 when potential data is given (`potentialScores` or `potentialField`), else 0.
   */
  factors?: Partial<Record<GradingFactor, GradingFactorConfig>>;
  /** Name of a numeric field in `account.custom` to use as potential (e.g. `'employees'`). */
  potentialField?: string;
  /** Calendar whose `zone` places deal and activity instants on days (default UTC). */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** Currency of the revenue; default the currency of the first deal (all must match). */
  currency?: string;
}

/**
 * What {@link gradeCustomers} grades: accounts, with the deals, pipelines (to know which stages are won) and
 * activities that describe them. A whole `Dataset` fits. `potentialScores` supplies a potential score per
 * account id; `previous` is the last grading (a previous result's `accounts`, or just ids and grades) —
 * when absent, each account's stored `grade` is taken as the previous one.
 *
 * @example
 * ```ts
 * import type { GradeCustomersInput } from 'openspm';
 * const input: GradeCustomersInput = {
 *   accounts: [{ id: 'acct-1', name: 'Huaxin', grade: 'B' }],
 *   pipelines: [{ id: 'p1', name: 'New business', stages: [{ id: 'won', name: 'Won', order: 0, kind: 'won' }] }],
 *   deals: [],
 * };
 * ```
 */
export interface GradeCustomersInput {
  /** The accounts to grade. */
  accounts: AccountInput[];
  /** Deals; won deals with an `accountId` make the revenue history. */
  deals?: DealInput[];
  /** Pipelines of those deals, to know which stages are won. */
  pipelines?: PipelineInput[];
  /** Activities; the latest per account gives engagement. */
  activities?: ActivityInput[];
  /** A potential score per account id (any scale; higher is better). */
  potentialScores?: Record<string, number>;
  /** The previous grading, to report who moved and why. */
  previous?: {
    /** Account id. */
    accountId: string | number;
    /** The grade it had. */
    grade: string;
    /** Its factor points then, to say which factors moved. */
    factors?: Record<
      string,
      {
        /** Points earned on the factor. */
        points: number;
      }
    >;
  }[];
}

/**
 * One step on a factor's scale: `points` are earned when the value meets `rule` against `value`.
 * Revenue values are amounts in major units (text); recency and engagement are days.
 *
 * @example
 * ```ts
 * import type { FactorThreshold } from 'openspm';
 * const step: FactorThreshold = { points: 5, rule: 'at-least', value: '1000000.00' };
 * ```
 */
export interface FactorThreshold {
  /** Points earned from this step up. */
  points: number;
  /** How the value is compared: revenue `'at-least'` 1,000,000, or recency `'at-most'` 30 days. */
  rule: 'at-least' | 'more-than' | 'at-most' | 'less-than';
  /** The threshold: amount text for revenue, a number otherwise. */
  value: string | number;
}

/**
 * One factor of one customer: the measured value, the points it earned on the factor's scale, the score
 * (points scaled to 0–100), the weight and the contribution to the total, and the thresholds used.
 *
 * @example
 * ```ts
 * import type { FactorScore } from 'openspm';
 * const recency: FactorScore = {
 *   value: 12, display: '12 days since the last won deal', points: 5, maxPoints: 5, score: 100,
 *   weight: 2, contribution: 22.22, thresholds: [{ points: 5, rule: 'at-most', value: 30 }],
 * };
 * ```
 */
export interface FactorScore {
  /** The measured value: amount text for revenue, a count, days, a score; `null` when unknown (never bought, never contacted, no potential data). */
  value: string | number | null;
  /** The value in words. */
  display: string;
  /** Points earned, 1 to `maxPoints`; 1 when the value is unknown. */
  points: number;
  /** The top of the factor's scale. */
  maxPoints: number;
  /** `(points − 1) / (maxPoints − 1) × 100`. */
  score: number;
  /** The factor's weight as configured. */
  weight: number;
  /** Points this factor adds to the total: `score × weight / Σ weights`, rounded to 2 decimals for display. */
  contribution: number;
  /** The thresholds used (the same for every customer in one grading). */
  thresholds: FactorThreshold[];
}

/**
 * The grading of one customer: the grade, the total score, every factor, and the change since the
 * previous grading with the factors that moved.
 *
 * @example
 * ```ts
 * import type { CustomerGrade } from 'openspm';
 * function headline(g: CustomerGrade): string {
 *   return `${g.accountName}: ${g.previousGrade ?? 'new'} → ${g.grade} (${g.change})`;
 * }
 * ```
 */
export interface CustomerGrade {
  /** Account id. */
  accountId: string;
  /** Account name. */
  accountName: string;
  /** The account's owner, if any. */
  ownerId?: string;
  /** The grade earned. */
  grade: string;
  /** Total score 0–100 (weighted mean of factor scores), rounded half-up to 2 decimals; the grade uses the exact value. */
  score: number;
  /** Every factor's value, points and contribution. */
  factors: Record<GradingFactor, FactorScore>;
  /** The previous grade, or `null` when there was none (or it is not one of the current labels). */
  previousGrade: string | null;
  /** Whether the customer moved since the previous grading. */
  change: 'upgraded' | 'downgraded' | 'unchanged' | 'new';
  /** Grade steps moved: positive up, negative down, 0 otherwise. */
  steps: number;
  /** Why: the factors whose points changed (when the previous grading had factors), e.g. `'revenue 2 → 5 points'`. */
  reasons: string[];
}

/**
 * How many customers hold a grade.
 *
 * @example
 * ```ts
 * import type { GradeCount } from 'openspm';
 * const a: GradeCount = { grade: 'A', count: 12, share: 0.12 };
 * ```
 */
export interface GradeCount {
  /** The grade. */
  grade: string;
  /** Customers with it. */
  count: number;
  /** `count` over all graded customers, rounded half-up to 4 decimals; `null` when no customer was graded. */
  share: number | null;
}

/**
 * How one factor was put on its scale in a grading.
 *
 * @example
 * ```ts
 * import type { FactorScale } from 'openspm';
 * const revenue: FactorScale = { method: 'quantile', maxPoints: 5, ranked: 64 };
 * ```
 */
export interface FactorScale {
  /** `'quantile'` or `'fixed'`. */
  method: 'quantile' | 'fixed';
  /** The top of the scale. */
  maxPoints: number;
  /** Customers ranked for a quantile scale (those with a value); `null` for fixed thresholds. */
  ranked: number | null;
}

/**
 * The result of {@link gradeCustomers}: every customer's grade with its explanation, the thresholds and
 * weights used, the grade distribution and the movement since the previous grading.
 *
 * @example
 * ```ts
 * import type { GradeCustomersResult } from 'openspm';
 * const movers = (r: GradeCustomersResult) => r.accounts.filter((a) => a.change === 'downgraded');
 * ```
 */
export interface GradeCustomersResult {
  /** The grading date. */
  asOf: CalendarDate;
  /** The history window for revenue and frequency: `start` included, `end` excluded (the day after `asOf`). */
  window: {
    /** First day of the window. */
    start: CalendarDate;
    /** The day after `asOf`, excluded. */
    end: CalendarDate;
  };
  /** Currency of revenue figures, or `null` when no won deal was seen. */
  currency: string | null;
  /** The grades and cut-offs used, best first. */
  grades: GradeCutoff[];
  /** The weight of each factor. */
  weights: Record<GradingFactor, number>;
  /** The thresholds of each factor. */
  thresholds: Record<GradingFactor, FactorThreshold[]>;
  /** How each factor was scaled, and on how many customers a quantile scale was ranked (its sample size). */
  scales: Record<GradingFactor, FactorScale>;
  /** Every account, in input order. */
  accounts: CustomerGrade[];
  /** Customers per grade, best first. */
  distribution: GradeCount[];
  /** How many moved up, moved down, stayed, or had no previous grade. */
  changes: {
    /** Customers whose grade went up. */
    upgraded: number;
    /** Customers whose grade went down. */
    downgraded: number;
    /** Customers who kept their grade. */
    unchanged: number;
    /** Customers without a previous grade among the current labels. */
    new: number;
  };
}

interface Scale {
  method: 'quantile' | 'fixed';
  /** Customers ranked (quantile), or null (fixed). */
  ranked: number | null;
  maxPoints: number;
  thresholds: FactorThreshold[];
  /** Points of a value (`null` earns 1). */
  points(value: number | null): number;
}

/**
 * Rank-based quantile scale. A value's percentile is (values below + half the values equal, itself
 * included) / N, and it earns level 1 + ⌊percentile × buckets⌋ (at most `buckets`): ties share a level, a
 * lone value sits in the middle, and raising a value never lowers its level. Unknown values (and, for
 * revenue and frequency, zero: no purchase) earn 1 and are left out of the ranking.
 */
function quantileScale(
  values: (number | null)[],
  buckets: number,
  lowerBetter: boolean,
  zeroIsNone: boolean,
  show: (v: number) => string | number,
): Scale {
  // Work with "goodness" (higher is better) so that one rule serves both directions.
  const good = values
    .filter((v): v is number => v !== null && !(zeroIsNone && v === 0))
    .map((v) => (lowerBetter ? -v : v))
    .sort((a, b) => a - b);
  const n = good.length;
  const level = (g: number): number => {
    const below = lowerBound(good, g);
    const equal = Math.max(1, lowerBound(good, g, true) - below); // a value not ranked still counts itself
    return Math.min(buckets, 1 + Math.floor(((2 * below + equal) * buckets) / (2 * Math.max(n, 1))));
  };
  const thresholds: FactorThreshold[] = [];
  let reached = 1;
  for (let i = 0; i < n; i++) {
    if (i > 0 && good[i] === good[i - 1]) continue;
    const g = good[i]!;
    const l = level(g);
    for (let k = reached + 1; k <= l; k++) {
      thresholds.push({
        points: k,
        rule: lowerBetter ? 'at-most' : 'at-least',
        value: show(lowerBetter ? -g : g),
      });
    }
    reached = Math.max(reached, l);
  }
  return {
    method: 'quantile',
    ranked: n,
    maxPoints: buckets,
    thresholds,
    points(value) {
      if (value === null || (zeroIsNone && value === 0)) return 1;
      return level(lowerBetter ? -value : value);
    },
  };
}

/** Index of the first element ≥ g (or > g when `after`) in an ascending array. */
function lowerBound(sorted: number[], g: number, after = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v < g || (after && v === g)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fixed thresholds: a value earns one point more for each threshold it reaches. */
function fixedScale(cuts: number[], lowerBetter: boolean, show: (v: number) => string | number): Scale {
  return {
    method: 'fixed',
    ranked: null,
    maxPoints: cuts.length + 1,
    thresholds: cuts.map((c, i) => ({
      points: i + 2,
      rule: lowerBetter ? 'at-most' : 'at-least',
      value: show(c),
    })),
    points(value) {
      if (value === null) return 1;
      let p = 1;
      for (const c of cuts) if (lowerBetter ? value <= c : value >= c) p++;
      return p;
    },
  };
}

/**
 * Grades customers (客户分级) A/B/C/D — or any labels and number of grades — from their history (revenue,
 * order frequency and recency: RFM), potential and engagement, so that time goes to the customers worth it.
 * Each factor earns points on a scale (quantiles of the customer base, or your fixed thresholds), points
 * become a 0–100 score, and the weighted mean of the scores is cut into grades. Every customer comes back
 * with the value, points, weight and contribution of each factor, the thresholds used, and the change since
 * the previous grading (by default the `grade` stored on the account) with the factors that moved.
 *
 * Deterministic, and monotone: more revenue (all else equal) never lowers a customer's grade.
 *
 * @throws OpenSpmError `INVALID_INPUT` for malformed input or options (cut-offs not descending, last cut-off
 *   not 0, fixed thresholds out of order); `INVALID_WEIGHTS` when every weight is 0; `UNKNOWN_REFERENCE`
 *   when a deal's stage is not in its pipeline; `CURRENCY_MISMATCH` when won deals use several currencies;
 *   `DUPLICATE_ID` for two accounts with one id; `OUT_OF_RANGE` for revenue beyond 2^53 minor units.
 * @example
 * ```ts
 * import { gradeCustomers } from 'openspm';
 * const result = gradeCustomers(
 *   {
 *     accounts: [
 *       { id: 'acct-1', name: 'Huaxin', grade: 'C' },
 *       { id: 'acct-2', name: 'Kunlun', grade: 'B' },
 *     ],
 *     pipelines: [{ id: 'p1', name: 'New business', stages: [{ id: 'won', name: 'Won', order: 0, kind: 'won' }] }],
 *     deals: [
 *       { id: 'D-1', pipelineId: 'p1', ownerId: 'rep-1', accountId: 'acct-1', stageId: 'won',
 *         amount: { amount: '500000.00', currency: 'CNY' }, createdAt: '2024-09-01', closedAt: '2024-11-20' },
 *     ],
 *   },
 *   {
 *     asOf: '2024-12-31',
 *     factors: {
 *       revenue: { weight: 4, method: 'fixed', thresholds: ['100000', '300000'] },
 *       recency: { weight: 1, method: 'fixed', thresholds: [180, 30] },
 *       frequency: { weight: 0 },
 *       engagement: { weight: 0 },
 *     },
 *   },
 * );
 * result.accounts.map((a) => [a.accountId, a.grade, a.change]);
 * //=> [['acct-1', 'A', 'upgraded'], ['acct-2', 'D', 'downgraded']]
 * result.accounts[0]!.score; //=> 90 (revenue 3 of 3 points × 4, recency 2 of 3 × 1, over 5)
 * result.accounts[0]!.factors.recency.display; //=> '41 days since the last won deal'
 * ```
 */
export function gradeCustomers(
  input: GradeCustomersInput,
  options: GradeCustomersOptions,
): GradeCustomersResult {
  const data = parseOrThrow(GradeCustomersInputSchema, input, 'customer grading input');
  const opts = parseOrThrow(GradeCustomersOptionsSchema, options, 'grading options', ['options']);
  checkUniqueIds(data.accounts, 'accounts', 'customer grading input', 'account');
  const grades = opts.grades;
  checkCutoffs(grades);

  const cal = new WorkCalendar(opts.calendar);
  const asOfDay = dayNumber(opts.asOf);
  const windowStart = asOfDay - opts.windowDays + 1;
  const kinds = stageKinds(data.pipelines);
  checkDealStages(data.deals, kinds, 'customer grading input');

  // History: won deals per account, summed in integer minor units.
  let currency: string | null = opts.currency ?? null;
  const revenue = new Map<string, bigint>();
  const frequency = new Map<string, number>();
  const lastWon = new Map<string, number>();
  data.deals.forEach((d, i) => {
    if (d.accountId === undefined || kinds.get(`${d.pipelineId}\u0000${d.stageId}`) !== 'won') return;
    const closed = d.closedAt ?? d.createdAt;
    const day = cal.dayOf(closed);
    if (day > asOfDay) return;
    if (currency === null) currency = d.amount.currency;
    else if (d.amount.currency !== currency) {
      throw new OpenSpmError(
        ErrorCode.CURRENCY_MISMATCH,
        `deals[${i}].amount: deal "${d.id}" is in ${d.amount.currency} but revenue is graded in ${currency}; convert amounts to one currency first`,
        { path: ['deals', i, 'amount'] },
      );
    }
    const prev = lastWon.get(d.accountId);
    if (prev === undefined || day > prev) lastWon.set(d.accountId, day);
    if (day < windowStart) return;
    revenue.set(d.accountId, (revenue.get(d.accountId) ?? 0n) + d.amount.toMinor());
    frequency.set(d.accountId, (frequency.get(d.accountId) ?? 0) + 1);
  });
  const cur = currency ?? 'CNY';
  const minorUnits = Money.zero(cur).minorUnits;

  const touches = collectTouches(data.activities as Activity[], data.deals, asOfDay, cal, undefined);
  const potentialOf = potentialReader(data.accounts, data.potentialScores, opts.potentialField);
  const hasPotential = data.potentialScores !== undefined || opts.potentialField !== undefined;

  // Raw values per factor, in account order (revenue in minor units as a safe number).
  const values: Record<GradingFactor, (number | null)[]> = {
    revenue: [],
    frequency: [],
    recency: [],
    potential: [],
    engagement: [],
  };
  for (const a of data.accounts) {
    const minor = revenue.get(a.id) ?? 0n;
    if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new OpenSpmError(
        ErrorCode.OUT_OF_RANGE,
        `revenue of account "${a.id}" is too large to grade exactly`,
      );
    }
    values.revenue.push(Number(minor));
    values.frequency.push(frequency.get(a.id) ?? 0);
    const won = lastWon.get(a.id);
    values.recency.push(won === undefined ? null : asOfDay - won);
    values.potential.push(potentialOf(a));
    const touch = touches.account.get(a.id);
    values.engagement.push(touch === undefined ? null : asOfDay - touch.day);
  }

  const showAmount = (minor: number) => Money.fromMinor(minor, cur, minorUnits).amount.toFixed(minorUnits);
  const defaults: Record<GradingFactor, number> = {
    revenue: 3,
    frequency: 2,
    recency: 2,
    potential: hasPotential ? 2 : 0,
    engagement: 2,
  };
  const weights = {} as Record<GradingFactor, number>;
  const scales = {} as Record<GradingFactor, Scale>;
  for (const f of GRADING_FACTORS) {
    const config = opts.factors[f];
    weights[f] = config?.weight ?? defaults[f];
    const lowerBetter = LOWER_IS_BETTER.has(f);
    const show = f === 'revenue' ? showAmount : (v: number) => v;
    if (config?.method === 'fixed') {
      const cuts = fixedCuts(f, config.thresholds ?? [], lowerBetter, cur);
      scales[f] = fixedScale(cuts, lowerBetter, show);
    } else {
      scales[f] = quantileScale(
        values[f],
        config?.buckets ?? 5,
        lowerBetter,
        f === 'revenue' || f === 'frequency',
        show,
      );
    }
  }
  const weightSum = GRADING_FACTORS.reduce((s, f) => s.plus(weights[f]), new Decimal(0));
  if (weightSum.isZero()) {
    throw new OpenSpmError(
      ErrorCode.INVALID_WEIGHTS,
      'options.factors: every factor weight is 0; give at least one factor a positive weight',
      { path: ['options', 'factors'] },
    );
  }

  const rank = new Map(grades.map((g, i) => [g.label, i]));
  const previous = new Map<string, { grade: string; factors?: Record<string, { points: number }> }>();
  if (data.previous) for (const p of data.previous) previous.set(p.accountId, p);
  else for (const a of data.accounts) if (a.grade !== undefined) previous.set(a.id, { grade: a.grade });

  const changes = { upgraded: 0, downgraded: 0, unchanged: 0, new: 0 };
  const counts = new Map(grades.map((g) => [g.label, 0]));
  const accounts: CustomerGrade[] = data.accounts.map((a, i) => {
    const factors = {} as Record<GradingFactor, FactorScore>;
    let total = new Decimal(0);
    for (const f of GRADING_FACTORS) {
      const scale = scales[f];
      const value = values[f][i] ?? null;
      const points = scale.points(value);
      const score =
        scale.maxPoints > 1
          ? new Decimal(points - 1).times(100).dividedBy(scale.maxPoints - 1)
          : new Decimal(0);
      const contribution = score.times(weights[f]).dividedBy(weightSum);
      total = total.plus(contribution);
      factors[f] = {
        value: value === null ? null : f === 'revenue' ? showAmount(value) : value,
        display: describeFactor(f, value, showAmount, cur),
        points,
        maxPoints: scale.maxPoints,
        score: round2(score),
        weight: weights[f],
        contribution: round2(contribution),
        thresholds: scale.thresholds,
      };
    }
    const grade = grades.find((g) => total.greaterThanOrEqualTo(g.minScore))!.label;
    counts.set(grade, (counts.get(grade) ?? 0) + 1);
    const prev = previous.get(a.id);
    const prevRank = prev === undefined ? undefined : rank.get(prev.grade);
    const steps = prevRank === undefined ? 0 : prevRank - rank.get(grade)!;
    const change =
      prevRank === undefined ? 'new' : steps > 0 ? 'upgraded' : steps < 0 ? 'downgraded' : 'unchanged';
    changes[change]++;
    const reasons: string[] = [];
    if (prev?.factors) {
      for (const f of GRADING_FACTORS) {
        const before = prev.factors[f]?.points;
        if (before !== undefined && before !== factors[f].points) {
          reasons.push(`${f} ${before} → ${factors[f].points} points (${factors[f].display})`);
        }
      }
    } else if (change === 'upgraded' || change === 'downgraded') {
      const strongest = [...GRADING_FACTORS]
        .filter((f) => weights[f] > 0)
        .sort((x, y) => factors[y].contribution - factors[x].contribution);
      reasons.push(
        `score ${round2(total)} of 100 (grade ${grade} needs ${grades[rank.get(grade)!]!.minScore}); ` +
          strongest.map((f) => `${f} ${factors[f].points}/${factors[f].maxPoints}`).join(', '),
      );
    }
    return {
      accountId: a.id,
      accountName: a.name,
      ...(a.ownerId === undefined ? {} : { ownerId: a.ownerId }),
      grade,
      score: round2(total),
      factors,
      previousGrade: prevRank === undefined ? null : prev!.grade,
      change,
      steps,
      reasons,
    };
  });

  const n = accounts.length;
  return {
    asOf: opts.asOf,
    window: { start: fromDayNumber(windowStart), end: fromDayNumber(asOfDay + 1) },
    currency,
    grades: grades.map((g) => ({ label: g.label, minScore: g.minScore })),
    weights,
    thresholds: Object.fromEntries(GRADING_FACTORS.map((f) => [f, scales[f].thresholds])) as Record<
      GradingFactor,
      FactorThreshold[]
    >,
    scales: Object.fromEntries(
      GRADING_FACTORS.map((f) => [
        f,
        { method: scales[f].method, maxPoints: scales[f].maxPoints, ranked: scales[f].ranked },
      ]),
    ) as Record<GradingFactor, FactorScale>,
    accounts,
    distribution: grades.map((g) => {
      const count = counts.get(g.label) ?? 0;
      return { grade: g.label, count, share: n === 0 ? null : ratio4(count, n) };
    }),
    changes,
  };
}

function checkCutoffs(grades: GradeCutoff[]): void {
  const problems: OpenSpmIssue[] = [];
  const labels = new Set<string>();
  grades.forEach((g, i) => {
    if (labels.has(g.label))
      problems.push(
        issue(
          ErrorCode.INVALID_INPUT,
          ['options', 'grades', i, 'label'],
          `grade "${g.label}" is listed twice`,
        ),
      );
    labels.add(g.label);
    const before = grades[i - 1];
    if (before && g.minScore >= before.minScore) {
      problems.push(
        issue(
          ErrorCode.INVALID_INPUT,
          ['options', 'grades', i, 'minScore'],
          `grade "${g.label}" needs ${g.minScore}, not less than "${before.label}" above it (${before.minScore}); list grades best first with falling minScore`,
        ),
      );
    }
  });
  const last = grades[grades.length - 1]!;
  if (last.minScore !== 0) {
    problems.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['options', 'grades', grades.length - 1, 'minScore'],
        `the last grade "${last.label}" must have minScore 0 so that every customer gets a grade, got ${last.minScore}`,
      ),
    );
  }
  if (problems.length) throwIssues(ErrorCode.INVALID_INPUT, 'Invalid grading options', problems);
}

function fixedCuts(
  f: GradingFactor,
  raw: (number | string)[],
  lowerBetter: boolean,
  currency: string,
): number[] {
  const path = ['options', 'factors', f, 'thresholds'];
  const cuts = raw.map((t, i) => {
    if (f === 'revenue') {
      const minor = Money.of(t, currency).round('ceiling').toMinor();
      return Number(minor);
    }
    const v = Number(t);
    if (!Number.isFinite(v))
      throw new OpenSpmError(ErrorCode.INVALID_INPUT, `${path.join('.')}[${i}] is not a number`);
    return v;
  });
  for (let i = 1; i < cuts.length; i++) {
    const ok = lowerBetter ? cuts[i]! < cuts[i - 1]! : cuts[i]! > cuts[i - 1]!;
    if (!ok) {
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `options.factors.${f}.thresholds[${i}]: thresholds must be strictly ${lowerBetter ? 'falling (days: e.g. [365, 180, 90, 30])' : 'rising (e.g. [100000, 300000, 600000])'}; got ${raw[i - 1]} then ${raw[i]}`,
        { path: [...path, i] },
      );
    }
  }
  return cuts;
}

function potentialReader(
  accounts: Account[],
  scores: Record<string, number> | undefined,
  field: string | undefined,
): (a: Account) => number | null {
  if (scores) return (a) => scores[a.id] ?? null;
  if (field === undefined) return () => null;
  const problems: OpenSpmIssue[] = [];
  const read = new Map<string, number | null>();
  accounts.forEach((a, i) => {
    const raw = (a.custom as Record<string, unknown> | undefined)?.[field];
    if (raw === undefined || raw === null || raw === '') {
      read.set(a.id, null);
      return;
    }
    const v = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
    if (!Number.isFinite(v)) {
      problems.push(
        issue(
          ErrorCode.INVALID_INPUT,
          ['accounts', i, 'custom', field],
          `potential field "${field}" must be a number, got ${JSON.stringify(raw)}`,
        ),
      );
    }
    read.set(a.id, Number.isFinite(v) ? v : null);
  });
  if (problems.length) throwIssues(ErrorCode.INVALID_INPUT, 'Invalid customer grading input', problems);
  return (a) => read.get(a.id) ?? null;
}

function describeFactor(
  f: GradingFactor,
  v: number | null,
  showAmount: (m: number) => string,
  currency: string,
): string {
  switch (f) {
    case 'revenue':
      return `${showAmount(v ?? 0)} ${currency} won in the window`;
    case 'frequency':
      return `${v ?? 0} won deal${v === 1 ? '' : 's'} in the window`;
    case 'recency':
      return v === null ? 'no won deal yet' : `${v} days since the last won deal`;
    case 'potential':
      return v === null ? 'no potential data' : `potential ${v}`;
    case 'engagement':
      return v === null ? 'no recorded contact' : `${v} days since the last activity`;
  }
}
