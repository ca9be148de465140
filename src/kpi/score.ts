import { z } from 'zod';
import { reportingCurrencyFields } from '../_lib/currency-options';
import type { ConversionPolicy, ConversionsUsed, ExchangeRateInput, RateTable } from '../currency/index';
import {
  ErrorCode,
  type IssuePath,
  issue,
  OpenSpmError,
  type OpenSpmIssue,
  parseOrThrow,
  throwIssues,
} from '../errors';
import { type Dataset, REP_ROLES, type RepRole } from '../model/index';
import { allocateMinor, Decimal } from '../money/index';
import {
  CalendarDateSchema,
  dayNumber,
  isCalendarDate,
  type Period,
  PeriodSchema,
  toCalendarDate,
} from '../period/index';
import { inReportingCurrency } from './currency';
import {
  type CustomMetric,
  type DatasetIndex,
  indexDataset,
  isKnownMetric,
  type MetricResult,
  runMetric,
} from './metrics';
import { exactAttainment, microScore, NEEDS_TARGET, needsTarget, TARGET_ZERO, VALUE_ZERO } from './normalize';
import {
  type Curve,
  centi,
  defineScorecard,
  type KpiDefinition,
  type KpiDirection,
  type Scorecard,
  type ScorecardInput,
} from './schema';

/**
 * A rep to score: an id, or an object with the team (for percentiles and team scores), the hire date
 * (for tenure profiles) and the role (for role profiles).
 *
 * @example
 * ```ts
 * import type { ScoredRepInput } from 'openspm';
 * const rep: ScoredRepInput = { id: 'rep-1', teamId: 'east', hireDate: '2024-03-01', role: 'rep' };
 * ```
 */
export interface ScoredRepInput {
  /** Rep id. */
  id: string;
  /** Name shown to people. */
  name?: string;
  /** Team id. */
  teamId?: string;
  /** Hire date (`YYYY-MM-DD` or a `Date`), for tenure-based weight profiles. */
  hireDate?: string | Date;
  /** Role, for role-based weight profiles. */
  role?: RepRole;
}

/**
 * What {@link scoreKpis} scores: a scorecard, the reps, and the KPI values — supplied (`values` per rep, or
 * `columns` per KPI aligned with `reps`), or computed from `dataset` by the KPIs' metrics.
 *
 * @example
 * ```ts
 * import type { ScoreKpisInput } from 'openspm';
 * const input: ScoreKpisInput = {
 *   scorecard: {
 *     id: 'sc', name: 'Simple', version: 1, effectiveFrom: '2024-01-01',
 *     dimensions: [{ id: 'result', name: 'Result', weight: 100, kpis: [{ id: 'revenue', name: 'Revenue', weight: 100, target: 100 }] }],
 *   },
 *   reps: ['rep-1', 'rep-2'],
 *   values: { 'rep-1': { revenue: 110 }, 'rep-2': { revenue: 95 } },
 * };
 * ```
 */
export interface ScoreKpisInput {
  /** The scorecard (checked with {@link defineScorecard}). */
  scorecard: Scorecard | ScorecardInput;
  /**
   * The reps to score; default: the people with role `'rep'` in `dataset` (or, when it lists no people, the
   * deal owners and activity reps), else the keys of `values`.
   */
  reps?: readonly (string | ScoredRepInput)[];
  /** Supplied values: `values[repId][kpiId]`; `null` or absent = missing. */
  values?: Record<string, Record<string, number | null | undefined>>;
  /** Supplied values by KPI, one entry per rep in `reps` order (fast for large batches and spreadsheet ranges). */
  columns?: Record<string, readonly (number | null | undefined)[]>;
  /** Per-rep targets `targets[repId][kpiId]`, replacing the KPI's default target. */
  targets?: Record<string, Record<string, number | null | undefined>>;
  /** The dataset metric KPIs are computed from. */
  dataset?: Dataset;
}

/**
 * Options for {@link scoreKpis}.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, type ScoreKpisOptions } from 'openspm';
 * const options: ScoreKpisOptions = { asOf: '2024-03-31', period: parsePeriodKey('2024-03'), ties: 'dense' };
 * ```
 */
export interface ScoreKpisOptions {
  /** The evaluation date, `YYYY-MM-DD`: tenure for weight profiles is counted to it. */
  asOf: string;
  /** The period metric KPIs are computed for (required when a KPI has a `metric`). */
  period?: Period;
  /** Time zone that places activity and deal instants on days (default `'UTC'`). */
  zone?: string;
  /** Custom metrics by name. */
  metrics?: Record<string, CustomMetric>;
  /**
   * Tie rule of `rank`: `'competition'` (default; 1, 2, 2, 4 — standard sports ranking) or `'dense'`
   * (1, 2, 2, 3).
   */
  ties?: 'competition' | 'dense';
  /**
   * Convert deal and payment amounts of `input.dataset` to this currency before metrics add them (with `rates`
   * and `conversion`). Without it, a dataset in several currencies is a `CURRENCY_MISMATCH`.
   */
  reportingCurrency?: string;
  /** The exchange rates for `reportingCurrency` (from `rateTable`, or the rate list). */
  rates?: RateTable | readonly ExchangeRateInput[];
  /**
   * Which rate converts an amount: `'close-date'` (default; a deal's close date, `asOf` while open, a payment's
   * date), or any {@link ConversionPolicy}. Each amount is rounded half-even to the reporting currency's minor unit.
   */
  conversion?: 'close-date' | ConversionPolicy;
}

/**
 * One KPI of one rep, explained: raw value and target, attainment, the curve, the normalised score, the
 * weight and the contribution to the total, or why it was excluded.
 *
 * @example
 * ```ts
 * import { scoreKpis } from 'openspm';
 * const result = scoreKpis(
 *   {
 *     scorecard: { id: 'sc', name: 'S', version: 1, effectiveFrom: '2024-01-01', dimensions: [
 *       { id: 'd', name: 'D', weight: 100, kpis: [{ id: 'visits', name: 'Visits', weight: 100, target: 60 }] },
 *     ] },
 *     values: { 'rep-1': { visits: 52 } },
 *   },
 *   { asOf: '2024-03-31' },
 * );
 * const line = result.reps[0].kpis[0];
 * line.score?.toString(); //=> '86.666667'
 * line.display; //=> '86.67'
 * line.contribution.toString(); //=> '86.666667'
 * ```
 */
export interface KpiScore {
  /** KPI id. */
  readonly kpiId: string;
  /** KPI name. */
  readonly name: string;
  /** The dimension it belongs to. */
  readonly dimensionId: string;
  /** Which way is good. */
  readonly direction: KpiDirection;
  /** `'scored'`, `'zero'` (scored 0 by the missing / target-0 policy) or `'excluded'` (weight re-normalised away). */
  readonly status: 'scored' | 'zero' | 'excluded';
  /** Why it is `'zero'` or `'excluded'`; `null` when scored. */
  readonly reason: string | null;
  /** The raw value; `null` when missing. */
  readonly value: number | null;
  /** The target used; `null` when there is none. */
  readonly target: number | null;
  /** Value against target in percent (see {@link CurveSchema}); `null` when there is no target or it is 0. */
  readonly attainment: Decimal | null;
  /** The normalisation curve. */
  readonly curve: Curve;
  /** Normalised score in points (100 = on target), exact to 6 decimals (half-even); `null` when excluded. */
  readonly score: Decimal | null;
  /** The score rounded half-up to 2 decimals, for display; `'—'` when excluded. */
  readonly display: string;
  /** The KPI's weight inside its dimension (from the profile used). */
  readonly weight: number;
  /** Its share of the total in percent after profile and re-normalisation; the effective weights total 100. */
  readonly effectiveWeight: Decimal;
  /** `effectiveWeight × score ÷ 100`: the points it adds to the total (exact). */
  readonly contribution: Decimal;
  /** The metric's figures (numerator, denominator, sample size) when computed from the dataset. */
  readonly evidence: MetricResult | null;
}

/**
 * One dimension of one rep: its weights, its score (the weighted mean of its KPIs' scores) and its KPIs.
 *
 * @example
 * ```ts
 * import type { DimensionScore } from 'openspm';
 * const show = (d: DimensionScore) => `${d.name} ${d.display} × ${d.effectiveWeight}%`;
 * ```
 */
export interface DimensionScore {
  /** Dimension id. */
  readonly dimensionId: string;
  /** Dimension name. */
  readonly name: string;
  /** Weight of the dimension (from the profile used). */
  readonly weight: number;
  /** Its share of the total in percent after re-normalisation (sum of its KPIs' effective weights). */
  readonly effectiveWeight: Decimal;
  /** Σ effective weight × score ÷ Σ effective weight over its KPIs; `null` when all were excluded. */
  readonly score: Decimal | null;
  /** The score rounded half-up to 2 decimals; `'—'` when `null`. */
  readonly display: string;
  /** The points it adds to the total: the sum of its KPIs' contributions. */
  readonly contribution: Decimal;
  /** Its KPIs. */
  readonly kpis: readonly KpiScore[];
}

/**
 * The scorecard of one rep: total, rating, rank, percentile within the team, the weight profile used, and
 * every dimension and KPI with its contribution. Its decimals are made when first read, so scoring a large
 * batch stays fast; `JSON.stringify` gives plain data (decimals as strings, KPIs inside their dimensions).
 *
 * @example
 * ```ts
 * import type { RepScore } from 'openspm';
 * const row = (r: RepScore) => [r.repId, r.display, r.rating ?? '', r.rank ?? ''];
 * ```
 */
export interface RepScore {
  /** Rep id. */
  readonly repId: string;
  /** Rep name, when given. */
  readonly name: string | null;
  /** Team id, when known. */
  readonly teamId: string | null;
  /** The weight profile used (`'default'` = the scorecard's own weights) and why. */
  readonly profile: {
    /** Profile id; `'default'` for the scorecard's own weights. */
    readonly id: string;
    /** Why it was chosen (`'tenure 5 months at 2024-06-30'`). */
    readonly reason: string;
  };
  /** Total score: Σ effective weight × KPI score ÷ 100, exact; `null` when no KPI could be scored. */
  readonly total: Decimal | null;
  /** The total rounded half-up to 2 decimals, for display only; `'—'` when `null`. */
  readonly display: string;
  /** Why the total is `null`. */
  readonly reason: string | null;
  /** Rating band label (highest band whose `min` the total reaches); `null` without bands or total. */
  readonly rating: string | null;
  /** Rank among all scored reps (1 = best), by the options' tie rule; `null` without a total. */
  readonly rank: number | null;
  /**
   * Percentile within the team: (reps below + ½ × others tied) ÷ (team size − 1) × 100, so the best is 100
   * and the worst 0; `null` without a total or when alone in the team.
   */
  readonly teamPercentile: Decimal | null;
  /** The dimensions, in scorecard order. */
  readonly dimensions: readonly DimensionScore[];
  /** Every KPI, in scorecard order. */
  readonly kpis: readonly KpiScore[];
  /** The KPIs excluded and why. */
  readonly excluded: readonly {
    /** The KPI. */
    readonly kpiId: string;
    /** Why it was excluded. */
    readonly reason: string;
  }[];
}

/**
 * What {@link scoreKpis} returns: one {@link RepScore} per rep (in input order) and the rules applied.
 *
 * @example
 * ```ts
 * import type { ScoreKpisResult } from 'openspm';
 * const best = (r: ScoreKpisResult) => r.reps.filter((s) => s.rank === 1).map((s) => s.repId);
 * ```
 */
export interface ScoreKpisResult {
  /** The scorecard used. */
  readonly scorecard: {
    /** Scorecard id. */
    readonly id: string;
    /** Scorecard name. */
    readonly name: string;
    /** Its version. */
    readonly version: string;
    /** The first day the version applies. */
    readonly effectiveFrom: string;
  };
  /** The evaluation date. */
  readonly asOf: string;
  /** The period metric KPIs were computed for, if any. */
  readonly period: Period | null;
  /** One per rep, in input order. */
  readonly reps: readonly RepScore[];
  /** The tie rule of `rank`. */
  readonly ties: 'competition' | 'dense';
  /** The rounding applied, stated. */
  readonly rounding: {
    /** KPI scores are exact to this many decimals. */
    readonly scoreDecimals: 6;
    /** How KPI scores are rounded to them. */
    readonly scoreMode: 'half-even';
    /** Decimals of the `display` fields. */
    readonly displayDecimals: 2;
    /** How `display` fields are rounded. */
    readonly displayMode: 'half-up';
    /** In words. */
    readonly note: string;
  };
  /**
   * With `reportingCurrency`, once a metric read the dataset: every deal and payment amount converted, with the
   * rate used (`amounts`, in dataset order, each with its id and path), and per rate a count and totals
   * (`byRate`). Amounts already in the reporting currency are not listed. Absent otherwise.
   */
  readonly conversions?: ConversionsUsed;
}

const RepRefSchema = z.union([
  z.string().regex(/\S/, 'must not be empty'),
  z
    .object({
      id: z.string().regex(/\S/, 'must not be empty'),
      name: z.string().optional(),
      teamId: z.string().optional(),
      hireDate: z.union([CalendarDateSchema, z.date()]).optional(),
      role: z.enum(REP_ROLES).optional(),
    })
    .passthrough(),
]);

const OptionsSchema = z
  .object({
    asOf: CalendarDateSchema,
    period: PeriodSchema.optional(),
    zone: z.string().optional(),
    metrics: z
      .record(
        z.string(),
        z.custom<CustomMetric>((f) => typeof f === 'function', 'expected a function'),
      )
      .optional(),
    ties: z.enum(['competition', 'dense']).optional(),
    ...reportingCurrencyFields,
  })
  .strict();

/**
 * Who is scored when `input.reps` is absent: the dataset's people with role `'rep'`; a dataset without people
 * gives the deal owners and activity reps, in order of appearance; without a dataset, the keys of `values`.
 */
function defaultReps(input: ScoreKpisInput): (string | ScoredRepInput)[] {
  const data = input.dataset;
  if (!data) return Object.keys(input.values ?? {});
  if (data.reps.length > 0)
    return data.reps
      .filter((r) => r.role === 'rep')
      .map((r) => ({ id: r.id, name: r.name, teamId: r.teamId, hireDate: r.hireDate, role: r.role }));
  const ids = new Set<string>();
  for (const d of data.deals) ids.add(d.ownerId);
  for (const a of data.activities) ids.add(a.repId);
  return [...ids];
}

const ROLE_SET: ReadonlySet<unknown> = new Set(REP_ROLES);
const NOT_BLANK = /\S/;

/** The reps as they are when every one is plainly valid (what {@link RepRefSchema} accepts); else null. */
function quickReps(list: unknown): readonly (string | ScoredRepInput)[] | null {
  if (!Array.isArray(list)) return null;
  for (const r of list) {
    if (typeof r === 'string') {
      if (!NOT_BLANK.test(r)) return null;
      continue;
    }
    if (r === null || typeof r !== 'object') return null;
    const { id, name, teamId, hireDate, role } = r as ScoredRepInput;
    if (typeof id !== 'string' || !NOT_BLANK.test(id)) return null;
    if (name !== undefined && typeof name !== 'string') return null;
    if (teamId !== undefined && typeof teamId !== 'string') return null;
    if (
      hireDate !== undefined &&
      !(hireDate instanceof Date && !Number.isNaN(hireDate.getTime())) &&
      !isCalendarDate(hireDate)
    )
      return null;
    if (role !== undefined && !ROLE_SET.has(role)) return null;
  }
  return list as readonly (string | ScoredRepInput)[];
}

const NOTE =
  'KPI scores are rounded half-even to 6 decimals once; effective weights total exactly 100 (re-normalised weights apportioned by largest remainder to 6 decimals); totals and contributions are exact; display fields are rounded half-up to 2 decimals.';

/** Status codes in the per-value arrays. */
const SCORED = 0;
const ZERO = 1;
const EXCLUDED = 2;

interface CompiledProfile {
  id: string;
  minTenure: number;
  maxTenure: number;
  roles: Set<string> | null;
  /** Effective weight (units of 1e-6 %) of each KPI when none is excluded. */
  eff: Float64Array;
  /** Dimension weight and KPI weight, as configured (for the explanation). */
  dimWeights: number[];
  kpiWeights: number[];
  /** centi-weights, for re-normalising. */
  dimCenti: number[];
  kpiCenti: number[];
}

interface Run {
  card: Scorecard;
  kpis: KpiDefinition[];
  dimOf: Int32Array;
  profiles: CompiledProfile[];
  micro: Float64Array;
  eff: Float64Array;
  status: Uint8Array;
  reasons: Map<number, string>;
  values: Float64Array;
  targets: Float64Array;
  evidence: Map<number, MetricResult>;
  profileOf: Int32Array;
  K: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Micro-points (1e-6) to a display string with 2 decimals, half-up. */
function displayMicro(micro: number): string {
  let q = Math.floor(micro / 10_000);
  if (micro - q * 10_000 >= 5_000) q++;
  return `${Math.floor(q / 100)}.${pad(q % 100, 2)}`;
}

function tenureMonths(hire: number, asOf: number): number {
  const [y1, m1, d1] = civil(hire);
  const [y2, m2, d2] = civil(asOf);
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

function civil(day: number): [number, number, number] {
  const text = toCalendarDate(new Date(day * 86_400_000));
  return [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
}

function compile(card: Scorecard): { kpis: KpiDefinition[]; dimOf: Int32Array; profiles: CompiledProfile[] } {
  const kpis: KpiDefinition[] = [];
  const dims: number[] = [];
  card.dimensions.forEach((d, i) => {
    for (const k of d.kpis) {
      kpis.push(k);
      dims.push(i);
    }
  });
  const dimOf = Int32Array.from(dims);
  const make = (
    id: string,
    dimWeights: number[],
    kpiWeights: number[],
    when?: { tenureMonths?: { min?: number; max?: number }; roles?: readonly string[] },
  ): CompiledProfile => {
    const dimCenti = dimWeights.map(centi);
    const kpiCenti = kpiWeights.map(centi);
    const eff = new Float64Array(kpis.length);
    for (let k = 0; k < kpis.length; k++) eff[k] = dimCenti[dimOf[k]!]! * kpiCenti[k]!;
    return {
      id,
      minTenure: when?.tenureMonths?.min ?? -Infinity,
      maxTenure: when?.tenureMonths?.max ?? Infinity,
      roles: when?.roles ? new Set(when.roles) : null,
      eff,
      dimWeights,
      kpiWeights,
      dimCenti,
      kpiCenti,
    };
  };
  const base = make(
    'default',
    card.dimensions.map((d) => d.weight),
    kpis.map((k) => k.weight),
  );
  const profiles = card.profiles.map((p) =>
    make(
      p.id,
      card.dimensions.map((d) => p.dimensionWeights[d.id]!),
      kpis.map((k) => p.kpiWeights?.[k.id] ?? k.weight),
      p.when,
    ),
  );
  profiles.push(base);
  return { kpis, dimOf, profiles };
}

function readNumber(value: unknown, path: IssuePath, issues: OpenSpmIssue[]): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push(
      issue(ErrorCode.INVALID_INPUT, path, `expected a finite number or null, got ${String(value)}`),
    );
    return Number.NaN;
  }
  return value;
}

/**
 * Scores reps on a scorecard: the function a CRM calls at every period close. For each rep it picks the
 * weight profile (by tenure at `asOf` and role), reads or computes every KPI value, normalises it on the KPI's
 * curve to points (100 = on target; rounded half-even to 6 decimals, the one declared rounding), applies the
 * missing / target-0 policies (excluded KPIs have their weight re-normalised over the rest, so the effective
 * weights still total exactly 100), and adds up `effective weight × score ÷ 100` into an exact total. Then it
 * rates (bands), ranks (ties per `options.ties`) and places each rep within the team (percentile).
 *
 * Validation: the scorecard by {@link defineScorecard}, reps and options by zod; supplied values must be
 * finite numbers or `null` (checked in one pass; every bad cell is reported with its path).
 *
 * @example
 * ```ts
 * import { scoreKpis } from 'openspm';
 * // Visits 52/60, follow-ups 130/120, revenue 1.10M/1.00M, collection 93%/95%, CSAT 4.3/4.5,
 * // weights 15/10/40/20/15, attainment capped at 120%.
 * const capped = { kind: 'capped-ratio', cap: 120 } as const;
 * const result = scoreKpis(
 *   {
 *     scorecard: {
 *       id: 'rep-card', name: 'Rep scorecard', version: 1, effectiveFrom: '2024-01-01',
 *       dimensions: [{ id: 'all', name: 'All', weight: 100, kpis: [
 *         { id: 'visits', name: 'Visits', weight: 15, target: 60, curve: capped },
 *         { id: 'followUps', name: 'Follow-ups', weight: 10, target: 120, curve: capped },
 *         { id: 'revenue', name: 'Revenue', weight: 40, target: 1000000, curve: capped },
 *         { id: 'collection', name: 'Collection rate', weight: 20, target: 95, curve: capped },
 *         { id: 'csat', name: 'CSAT', weight: 15, target: 4.5, curve: capped },
 *       ] }],
 *     },
 *     values: { 'rep-1': { visits: 52, followUps: 130, revenue: 1100000, collection: 93, csat: 4.3 } },
 *   },
 *   { asOf: '2024-03-31' },
 * );
 * result.reps[0].kpis.map((k) => k.display); //=> ['86.67', '108.33', '110.00', '97.89', '95.56']
 * result.reps[0].display; //=> '101.75'
 * result.reps[0].total?.toString(); //=> '101.74561415'
 * ```
 */
export function scoreKpis(input: ScoreKpisInput, options: ScoreKpisOptions): ScoreKpisResult {
  if (input === null || typeof input !== 'object')
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'scoreKpis needs an input object with a scorecard');
  const opts = parseOrThrow(OptionsSchema, options, 'options', ['options']);
  for (const key of ['values', 'columns', 'targets'] as const) {
    const part = input[key];
    if (part !== undefined && (part === null || typeof part !== 'object' || Array.isArray(part)))
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `${key}: expected an object keyed by ${key === 'columns' ? 'KPI' : 'rep'} id`,
        {
          path: [key],
        },
      );
  }
  if (input.dataset !== undefined && (input.dataset === null || !Array.isArray(input.dataset.deals)))
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'dataset: expected a dataset from validateDataset', {
      path: ['dataset'],
    });
  const card = defineScorecard(input.scorecard);
  const { kpis, dimOf, profiles } = compile(card);
  const K = kpis.length;
  const issues: OpenSpmIssue[] = [];

  // Reps.
  const repList = input.reps ?? defaultReps(input);
  // A cheap pass accepts the common shapes; anything else goes through the zod schema, which reports it.
  const parsedReps = quickReps(repList) ?? parseOrThrow(z.array(RepRefSchema), repList, 'reps', ['reps']);
  const datasetReps = input.dataset ? new Map(input.dataset.reps.map((r) => [r.id, r])) : null;
  const n = parsedReps.length;
  const ids: string[] = new Array(n);
  const names: (string | null)[] = new Array(n);
  const teams: (string | null)[] = new Array(n);
  const profileOf = new Int32Array(n);
  const profileReason: string[] = new Array(n);
  const asOfDay = dayNumber(opts.asOf);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = parsedReps[i]!;
    const ref = typeof r === 'string' ? { id: r } : r;
    const known = datasetReps?.get(ref.id);
    ids[i] = ref.id;
    if (seen.has(ref.id))
      issues.push(issue(ErrorCode.DUPLICATE_ID, ['reps', i], `rep "${ref.id}" is listed twice`));
    seen.add(ref.id);
    names[i] = (typeof r === 'string' ? undefined : r.name) ?? known?.name ?? null;
    teams[i] = (typeof r === 'string' ? undefined : r.teamId) ?? known?.teamId ?? null;
    const hire = (typeof r === 'string' ? undefined : r.hireDate) ?? known?.hireDate;
    const role = (typeof r === 'string' ? undefined : r.role) ?? known?.role;
    let chosen = profiles.length - 1;
    let why = 'no weight profile matches: the scorecard’s own weights';
    if (profiles.length > 1) {
      const hireDay =
        hire === undefined
          ? null
          : typeof hire === 'string'
            ? dayNumber(hire)
            : dayNumber(toCalendarDate(hire));
      const tenure = hireDay === null ? null : tenureMonths(hireDay, asOfDay);
      for (let p = 0; p < profiles.length - 1; p++) {
        const pr = profiles[p]!;
        const needsTenure = pr.minTenure !== -Infinity || pr.maxTenure !== Infinity;
        if (needsTenure && (tenure === null || tenure < pr.minTenure || tenure >= pr.maxTenure)) continue;
        if (pr.roles && (role === undefined || !pr.roles.has(role))) continue;
        chosen = p;
        const parts: string[] = [];
        if (needsTenure) parts.push(`tenure ${tenure} months at ${opts.asOf}`);
        if (pr.roles) parts.push(`role ${role}`);
        why = parts.length ? parts.join(', ') : 'first profile, no conditions';
        break;
      }
    }
    profileOf[i] = chosen;
    profileReason[i] = why;
  }

  // Values: supplied or computed.
  const values = new Float64Array(n * K);
  const targets = new Float64Array(n * K);
  const evidence = new Map<number, MetricResult>();
  let ix: DatasetIndex | null = null;
  let conversions: ConversionsUsed | null = null;
  let periodStart = 0;
  let periodEnd = 0;
  kpis.forEach((k, j) => {
    if (k.metric && !isKnownMetric(k.metric.name, opts.metrics))
      throw new OpenSpmError(
        ErrorCode.UNKNOWN_METRIC,
        `KPI "${k.id}" uses metric "${k.metric.name}", which is neither built in nor in options.metrics`,
        { path: ['scorecard', 'kpis', j, 'metric'] },
      );
  });
  /** The dataset index, built the first time a metric has to run (a supplied value takes precedence). */
  const index = (kpi: KpiDefinition, repId: string): DatasetIndex => {
    if (ix) return ix;
    if (!input.dataset)
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `KPI "${kpi.id}" of rep "${repId}" has no supplied value and its metric needs input.dataset to compute it from`,
        { path: ['dataset'] },
      );
    if (!opts.period)
      throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'KPIs computed by a metric need options.period', {
        path: ['options', 'period'],
      });
    const zone = opts.zone ?? 'UTC';
    const reported = inReportingCurrency(input.dataset, opts, opts.asOf, zone);
    conversions = reported.conversions;
    ix = indexDataset(reported.dataset, zone);
    periodStart = dayNumber(opts.period.start);
    periodEnd = dayNumber(opts.period.end);
    return ix;
  };
  const supplied = input.values;
  const columns = input.columns;
  if (columns !== undefined) {
    for (const [kpiId, col] of Object.entries(columns)) {
      if (!kpis.some((k) => k.id === kpiId))
        issues.push(
          issue(ErrorCode.UNKNOWN_REFERENCE, ['columns', kpiId], `no KPI "${kpiId}" in the scorecard`),
        );
      else if (!Array.isArray(col) || col.length !== n)
        issues.push(issue(ErrorCode.INVALID_INPUT, ['columns', kpiId], `expected ${n} values, one per rep`));
    }
  }
  const targetsIn = input.targets;
  for (let j = 0; j < K; j++) {
    const k = kpis[j]!;
    const col = columns?.[k.id];
    const def = k.target ?? Number.NaN;
    for (let i = 0; i < n; i++) {
      const at = i * K + j;
      const repId = ids[i]!;
      const t = targetsIn === undefined ? undefined : targetsIn[repId]?.[k.id];
      targets[at] = t === undefined || t === null ? def : readNumber(t, ['targets', repId, k.id], issues);
      const given = col ? col[i] : supplied === undefined ? undefined : supplied[repId]?.[k.id];
      if (given !== undefined && given !== null) {
        values[at] =
          typeof given === 'number' && Number.isFinite(given)
            ? given
            : readNumber(given, col ? ['columns', k.id, i] : ['values', repId, k.id], issues);
      } else if (k.metric) {
        const r = runMetric(
          k.metric.name,
          k.metric.params ?? {},
          repId,
          index(k, repId),
          opts.period!,
          periodStart,
          periodEnd,
          opts.metrics,
        );
        values[at] = r.value === null ? Number.NaN : r.value;
        evidence.set(at, r);
      } else values[at] = Number.NaN;
    }
  }
  if (issues.length > 0) throwIssues(issues[0]!.code, 'Invalid KPI input', issues);

  // The hot loop: scores in micro-points, effective weights, totals as two exact integer limbs.
  const micro = new Float64Array(n * K);
  const eff = new Float64Array(n * K);
  const status = new Uint8Array(n * K);
  const reasons = new Map<number, string>();
  const totalHi = new Float64Array(n);
  const totalLo = new Float64Array(n);
  const hasTotal = new Uint8Array(n);
  const totalReason = new Map<number, string>();
  const needs = kpis.map((k) => needsTarget(k.curve, k.direction));
  // The commonest curves (ratio and capped ratio, higher or lower is better) are inlined below; anything
  // unusual (a missing value, a zero divisor, a double near a rounding tie) falls through to microScore.
  const inline = new Uint8Array(K); // 0 no, 1 higher, 2 lower
  const capOf = new Float64Array(K).fill(Number.POSITIVE_INFINITY);
  kpis.forEach((k, j) => {
    if ((k.curve.kind === 'ratio' || k.curve.kind === 'capped-ratio') && k.direction !== 'closer')
      inline[j] = k.direction === 'higher' ? 1 : 2;
    if (k.curve.kind === 'capped-ratio') capOf[j] = k.curve.cap;
  });
  for (let i = 0; i < n; i++) {
    const base = i * K;
    let excluded = 0;
    for (let j = 0; j < K; j++) {
      const at = base + j;
      const v = values[at]!;
      const mode = inline[j]!;
      if (mode !== 0) {
        const t = targets[at]!;
        const divisor = mode === 1 ? t : v;
        if (divisor !== 0 && !Number.isNaN(v) && !Number.isNaN(t)) {
          let a = mode === 1 ? (v * 100) / t : (t * 100) / v;
          if (!(a > 0)) a = 0;
          if (a > capOf[j]!) a = capOf[j]!;
          const f = a * 1_000_000;
          if (f < 1e11) {
            const fl = Math.floor(f);
            const frac = f - fl;
            if (frac < 0.499 || frac > 0.501) {
              micro[at] = frac < 0.5 ? fl : fl + 1;
              continue;
            }
          }
        }
      }
      const k = kpis[j]!;
      let s: number;
      if (Number.isNaN(v))
        s = NEEDS_TARGET - 10; // missing value
      else if (needs[j] && Number.isNaN(targets[at]!)) s = NEEDS_TARGET;
      else s = microScore(k.curve, k.direction, v, targets[at]!);
      if (s >= 0) {
        micro[at] = s;
        continue;
      }
      const missing = s === NEEDS_TARGET || s === NEEDS_TARGET - 10;
      const policy = missing ? k.missing : k.targetZero;
      const why =
        s === NEEDS_TARGET - 10
          ? evidence.get(at)?.reason
            ? `no value: ${evidence.get(at)!.reason}`
            : 'no value'
          : s === NEEDS_TARGET
            ? 'no target'
            : s === TARGET_ZERO
              ? 'the target is 0, so attainment cannot be computed'
              : s === VALUE_ZERO
                ? 'the value is 0, so a lower-is-better attainment (target ÷ value) cannot be computed'
                : 'not applicable';
      if (policy === 'error') {
        const code = missing ? ErrorCode.MISSING_KPI_VALUE : ErrorCode.DIVISION_BY_ZERO;
        throw new OpenSpmError(code, `rep "${ids[i]}", KPI "${k.id}": ${why} (policy "error")`, {
          path: ['values', ids[i]!, k.id],
        });
      }
      micro[at] = 0;
      reasons.set(at, why);
      if (policy === 'zero') status[at] = ZERO;
      else {
        status[at] = EXCLUDED;
        excluded++;
      }
    }
    const profile = profiles[profileOf[i]!]!;
    if (excluded === 0) {
      const pe = profile.eff;
      for (let j = 0; j < K; j++) eff[base + j] = pe[j]!;
    } else if (!renormalise(profile, status, base, K, dimOf, eff)) {
      totalReason.set(
        i,
        excluded === K ? 'every KPI was excluded' : 'the KPIs left after exclusions have no weight',
      );
      continue;
    }
    let hi = 0;
    let lo = 0;
    for (let j = 0; j < K; j++) {
      const w = eff[base + j]!;
      if (w === 0) continue;
      const s = micro[base + j]!;
      const h = Math.floor(s / 1_000_000);
      hi += w * h;
      lo += w * (s - h * 1_000_000);
    }
    const carry = Math.floor(lo / 1_000_000);
    totalHi[i] = hi + carry;
    totalLo[i] = lo - carry * 1_000_000;
    hasTotal[i] = 1;
  }

  // Rank (all reps) and percentile (within team).
  const ties = opts.ties ?? 'competition';
  const cmp = (a: number, b: number) => totalHi[b]! - totalHi[a]! || totalLo[b]! - totalLo[a]! || a - b;
  const order = bestFirst(n, hasTotal, totalHi, cmp);
  const same = (a: number, b: number) => totalHi[a] === totalHi[b] && totalLo[a] === totalLo[b];
  const rank = new Int32Array(n);
  let dense = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const tied = r > 0 && same(order[r - 1]!, i);
    if (!tied) dense++;
    rank[i] = tied ? rank[order[r - 1]!]! : ties === 'dense' ? dense : r + 1;
  }
  const below = new Int32Array(n);
  const equal = new Int32Array(n);
  const teamSize = new Int32Array(n);
  const byTeam = new Map<string, number[]>();
  for (const i of order) {
    const t = teams[i] ?? '\u0000';
    const list = byTeam.get(t);
    if (list) list.push(i);
    else byTeam.set(t, [i]);
  }
  for (const list of byTeam.values()) {
    // `list` is sorted best first.
    let r = 0;
    while (r < list.length) {
      let e = r + 1;
      while (e < list.length && same(list[r]!, list[e]!)) e++;
      for (let q = r; q < e; q++) {
        const i = list[q]!;
        below[i] = list.length - e;
        equal[i] = e - r;
        teamSize[i] = list.length;
      }
      r = e;
    }
  }
  const bands = [...card.ratingBands]
    .sort((a, b) => b.min - a.min)
    .map((b) => ({ label: b.label, at: Math.round(b.min * 1e8) }));

  const run: Run = {
    card,
    kpis,
    dimOf,
    profiles,
    micro,
    eff,
    status,
    reasons,
    values,
    targets,
    evidence,
    profileOf,
    K,
  };
  const reps: RepScore[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const hiTotal = totalHi[i]!;
    let rating: string | null = null;
    if (hasTotal[i])
      for (const b of bands)
        if (hiTotal >= b.at) {
          rating = b.label;
          break;
        }
    reps[i] = new RepScoreImpl(
      run,
      i,
      ids[i]!,
      names[i]!,
      teams[i]!,
      { id: profiles[profileOf[i]!]!.id, reason: profileReason[i]! },
      hasTotal[i] ? hiTotal : Number.NaN,
      totalLo[i]!,
      totalReason.get(i) ?? null,
      rating,
      hasTotal[i] ? rank[i]! : null,
      hasTotal[i] && teams[i] !== null && teamSize[i]! > 1 ? [below[i]!, equal[i]!, teamSize[i]!] : null,
    );
  }
  return {
    scorecard: { id: card.id, name: card.name, version: card.version, effectiveFrom: card.effectiveFrom },
    asOf: opts.asOf,
    period: opts.period ?? null,
    reps,
    ties,
    rounding: {
      scoreDecimals: 6,
      scoreMode: 'half-even',
      displayDecimals: 2,
      displayMode: 'half-up',
      note: NOTE,
    },
    ...(conversions ? { conversions } : {}),
  };
}

/**
 * Indexes of the reps with a total, best first (ties in input order). A native sort of a typed array of
 * keys `hi × n + index` (no comparator) when they stay below 2^53, then runs of equal `hi` sorted by the
 * comparator; otherwise a comparator sort.
 */
function bestFirst(
  n: number,
  hasTotal: Uint8Array,
  totalHi: Float64Array,
  cmp: (a: number, b: number) => number,
): number[] {
  const order: number[] = [];
  let maxHi = 0;
  for (let i = 0; i < n; i++) {
    if (!hasTotal[i]) continue;
    order.push(i);
    if (totalHi[i]! > maxHi) maxHi = totalHi[i]!;
  }
  if ((maxHi + 1) * (n + 1) >= Number.MAX_SAFE_INTEGER) return order.sort(cmp);
  const keys = new Float64Array(order.length);
  for (let r = 0; r < order.length; r++) keys[r] = totalHi[order[r]!]! * n + order[r]!;
  keys.sort();
  const out: number[] = new Array(order.length);
  for (let r = 0; r < keys.length; r++) out[r] = keys[keys.length - 1 - r]! % n;
  // Runs of equal hi: order by lo, then input order.
  let r = 0;
  while (r < out.length) {
    let e = r + 1;
    while (e < out.length && totalHi[out[e]!] === totalHi[out[r]!]) e++;
    if (e - r > 1) {
      const run = out.slice(r, e).sort(cmp);
      for (let q = r; q < e; q++) out[q] = run[q - r]!;
    }
    r = e;
  }
  return out;
}

/**
 * Re-normalises the weights of the KPIs left: inside a dimension in proportion to their weights, across
 * dimensions in proportion to the dimension weights; apportioned in millionths of a percent by largest
 * remainder so they total exactly 100. False when nothing with weight is left.
 */
function renormalise(
  profile: CompiledProfile,
  status: Uint8Array,
  base: number,
  K: number,
  dimOf: Int32Array,
  eff: Float64Array,
): boolean {
  const D = profile.dimCenti.length;
  const kpiSum = new Array<bigint>(D).fill(0n);
  for (let j = 0; j < K; j++)
    if (status[base + j] !== EXCLUDED) kpiSum[dimOf[j]!]! += BigInt(profile.kpiCenti[j]!);
  let product = 1n;
  for (let d = 0; d < D; d++) if (kpiSum[d]! > 0n && profile.dimCenti[d]! > 0) product *= kpiSum[d]!;
  const weights: bigint[] = new Array(K);
  let any = false;
  for (let j = 0; j < K; j++) {
    const d = dimOf[j]!;
    const s = kpiSum[d]!;
    if (status[base + j] === EXCLUDED || s === 0n || profile.dimCenti[d] === 0) weights[j] = 0n;
    else weights[j] = (BigInt(profile.dimCenti[d]!) * BigInt(profile.kpiCenti[j]!) * product) / s;
    if (weights[j]! > 0n) any = true;
  }
  if (!any) {
    for (let j = 0; j < K; j++) eff[base + j] = 0;
    return false;
  }
  const parts = allocateMinor(100_000_000, weights);
  for (let j = 0; j < K; j++) eff[base + j] = parts[j]!;
  return true;
}

function microToDecimal(micro: number): Decimal {
  return new Decimal(micro).dividedBy(1_000_000);
}

class RepScoreImpl implements RepScore {
  readonly profile: { readonly id: string; readonly reason: string };
  #total: Decimal | null | undefined;
  #lines: KpiScore[] | undefined;
  #dims: DimensionScore[] | undefined;

  constructor(
    private readonly run: Run,
    private readonly index: number,
    readonly repId: string,
    readonly name: string | null,
    readonly teamId: string | null,
    profile: { id: string; reason: string },
    private readonly hi: number,
    private readonly lo: number,
    readonly reason: string | null,
    readonly rating: string | null,
    readonly rank: number | null,
    private readonly place: [below: number, equal: number, size: number] | null,
  ) {
    this.profile = profile;
  }

  get total(): Decimal | null {
    if (this.#total === undefined) {
      if (Number.isNaN(this.hi)) this.#total = null;
      else {
        const int = Math.floor(this.hi / 1e8);
        const frac8 = this.hi - int * 1e8;
        this.#total = new Decimal(`${int}.${pad(frac8, 8)}${pad(this.lo, 6)}`);
      }
    }
    return this.#total;
  }

  get display(): string {
    if (Number.isNaN(this.hi)) return '—';
    let q = Math.floor(this.hi / 1e6);
    const rest = (this.hi - q * 1e6) * 1e6 + this.lo;
    if (rest >= 5e11) q++;
    return `${Math.floor(q / 100)}.${pad(q % 100, 2)}`;
  }

  get teamPercentile(): Decimal | null {
    if (!this.place) return null;
    const [below, equal, size] = this.place;
    return new Decimal(below)
      .plus(new Decimal(equal - 1).dividedBy(2))
      .dividedBy(size - 1)
      .times(100);
  }

  get kpis(): readonly KpiScore[] {
    if (!this.#lines) {
      const { run, index } = this;
      const profile = run.profiles[run.profileOf[index]!]!;
      this.#lines = run.kpis.map((k, j) => kpiLine(run, index * run.K + j, k, j, profile));
    }
    return this.#lines;
  }

  get dimensions(): readonly DimensionScore[] {
    if (!this.#dims) {
      const lines = this.kpis;
      const profile = this.run.profiles[this.run.profileOf[this.index]!]!;
      this.#dims = this.run.card.dimensions.map((d, di) => {
        const mine = lines.filter((l) => l.dimensionId === d.id);
        let weight = new Decimal(0);
        let contribution = new Decimal(0);
        for (const l of mine) {
          weight = weight.plus(l.effectiveWeight);
          contribution = contribution.plus(l.contribution);
        }
        const scored = mine.some((l) => l.status !== 'excluded');
        const score =
          !scored || weight.isZero()
            ? scored
              ? new Decimal(0)
              : null
            : contribution.times(100).dividedBy(weight);
        return {
          dimensionId: d.id,
          name: d.name,
          weight: profile.dimWeights[di]!,
          effectiveWeight: weight,
          score,
          display: score === null ? '—' : score.toFixed(2, Decimal.ROUND_HALF_UP),
          contribution,
          kpis: mine,
        };
      });
    }
    return this.#dims;
  }

  get excluded(): readonly { readonly kpiId: string; readonly reason: string }[] {
    return this.kpis
      .filter((l) => l.status === 'excluded')
      .map((l) => ({ kpiId: l.kpiId, reason: l.reason! }));
  }

  /** The plain-data form, for JSON. */
  toJSON(): Record<string, unknown> {
    return {
      repId: this.repId,
      name: this.name,
      teamId: this.teamId,
      profile: this.profile,
      total: this.total,
      display: this.display,
      reason: this.reason,
      rating: this.rating,
      rank: this.rank,
      teamPercentile: this.teamPercentile,
      dimensions: this.dimensions,
      excluded: this.excluded,
    };
  }
}

function kpiLine(run: Run, at: number, k: KpiDefinition, j: number, profile: CompiledProfile): KpiScore {
  const st = run.status[at]!;
  const s = run.micro[at]!;
  const w = run.eff[at]!;
  const v = run.values[at]!;
  const t = run.targets[at]!;
  const score = st === EXCLUDED ? null : microToDecimal(s);
  return {
    kpiId: k.id,
    name: k.name,
    dimensionId: run.card.dimensions[run.dimOf[j]!]!.id,
    direction: k.direction,
    status: st === SCORED ? 'scored' : st === ZERO ? 'zero' : 'excluded',
    reason: run.reasons.get(at) ?? null,
    value: Number.isNaN(v) ? null : v,
    target: Number.isNaN(t) ? null : t,
    attainment: exactAttainment(k.direction, v, t),
    curve: k.curve,
    score,
    display: st === EXCLUDED ? '—' : displayMicro(s),
    weight: profile.kpiWeights[j]!,
    effectiveWeight: microToDecimal(w),
    contribution: new Decimal(w).times(s).dividedBy(1e14),
    evidence: run.evidence.get(at) ?? null,
  };
}
