import { z } from 'zod';
import { ErrorCode, type IssuePath, issue, type OpenSpmIssue, parseOrThrow, throwIssues } from '../errors';
import { REP_ROLES } from '../model/index';
import { CalendarDateSchema, compareCalendarDates } from '../period/index';

const finite = (what: string) =>
  z.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a finite number`);

/** A weight: 0 to 100 with at most 2 decimals, given as a number or a decimal string. */
const WeightSchema = z
  .union([z.number(), z.string()], { error: 'expected a weight such as 40 or "33.33"' })
  .transform((value, ctx) => {
    const n = typeof value === 'string' ? Number(value.trim()) : value;
    if (
      typeof value === 'string' &&
      (value.trim() === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()))
    ) {
      ctx.addIssue({ code: 'custom', message: `expected a weight such as 40 or "33.33", got "${value}"` });
      return z.NEVER;
    }
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      ctx.addIssue({ code: 'custom', message: `a weight must be from 0 to 100, got ${value}` });
      return z.NEVER;
    }
    if (Math.round(n * 100) / 100 !== n) {
      ctx.addIssue({ code: 'custom', message: `a weight may have at most 2 decimals, got ${value}` });
      return z.NEVER;
    }
    return n;
  });

const IdText = z.string({ error: 'expected an id (text)' }).regex(/\S/, 'must not be empty');

/**
 * Which way a KPI is good: `'higher'` (revenue, visits), `'lower'` (cycle days, complaint rate) or
 * `'closer'` (closest to the target is best, e.g. discount rate against a policy value).
 *
 * @example
 * ```ts
 * import type { KpiDirection } from 'openspm';
 * const cycleTime: KpiDirection = 'lower';
 * ```
 */
export type KpiDirection = 'higher' | 'lower' | 'closer';

/**
 * What to do when a KPI has no value (or no usable target): `'exclude'` it and re-normalise the remaining
 * weights to 100 (default), score it `'zero'`, or throw an `'error'`.
 *
 * @example
 * ```ts
 * import type { MissingPolicy } from 'openspm';
 * const policy: MissingPolicy = 'zero';
 * ```
 */
export type MissingPolicy = 'exclude' | 'zero' | 'error';

const PolicySchema = z.literal(['exclude', 'zero', 'error'], {
  error: 'expected "exclude", "zero" or "error"',
});
const BasisSchema = z.literal(['value', 'attainment'], { error: 'expected "value" or "attainment"' });

const ScoreSchema = (what: string) =>
  finite(what).refine((n) => n >= 0 && n <= 1_000_000, `${what} must be from 0 to 1,000,000 points`);

/**
 * zod schema of a normalisation curve: how a KPI's raw value becomes points (100 = on target).
 *
 * - `{ kind: 'ratio' }`: attainment × 100 (value ÷ target; target ÷ value for lower-is-better;
 *   100 × (1 − |value − target| ÷ target), not below 0, for closer-is-better).
 * - `{ kind: 'capped-ratio', cap: 120 }`: the same, never above `cap` points.
 * - `{ kind: 'piecewise', threshold, target?, stretch?, scores?, belowThreshold? }`: straight lines through
 *   (threshold, 50), (target, 100), (stretch, 150) by default; below the threshold 0 (`'zero'`, a cliff,
 *   default) or the line continued down to 0 (`'linear'`); beyond the stretch capped at the stretch score.
 *   `basis: 'value'` (default) reads the points in the KPI's own unit (`target` defaults to the rep's
 *   target); `basis: 'attainment'` reads them in percent of the rep's target (90 / 100 / 120).
 * - `{ kind: 'bands', bands: [{ from, score }] }`: a table; a value in two bands at a boundary gets the
 *   better band (for higher-is-better `value ≥ from`, for lower-is-better `value ≤ from`).
 * - `{ kind: 'binary', scoreMet?: 100, scoreMissed?: 0, tolerance?: 0 }`: target met or not.
 *
 * @example
 * ```ts
 * import { CurveSchema } from 'openspm';
 * CurveSchema.parse({ kind: 'piecewise', threshold: 90, target: 100, stretch: 120 }).kind; //=> 'piecewise'
 * ```
 */
export const CurveSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        /** Attainment × 100. */
        kind: z.literal('ratio'),
      })
      .strict(),
    z
      .object({
        /** Attainment × 100, never above `cap`. */
        kind: z.literal('capped-ratio'),
        /** The most points the KPI can give. */
        cap: ScoreSchema('cap'),
      })
      .strict(),
    z
      .object({
        /** Straight lines through threshold, target and stretch. */
        kind: z.literal('piecewise'),
        /** `'value'` (default): points in the KPI's unit; `'attainment'`: in percent of the rep's target. */
        basis: BasisSchema.default('value'),
        /** Where the curve starts scoring (`scores.threshold` points). */
        threshold: finite('threshold'),
        /** Where it gives `scores.target` points; default the rep's target (value basis) or 100 (attainment). */
        target: finite('target').optional(),
        /** Where it gives `scores.stretch` points, the most it gives; absent = capped at the target. */
        stretch: finite('stretch').optional(),
        /** Points at each point of the curve; default 50 / 100 / 150. */
        scores: z
          .object({
            /** Points at the threshold (default 50). */
            threshold: ScoreSchema('scores.threshold').default(50),
            /** Points at the target (default 100). */
            target: ScoreSchema('scores.target').default(100),
            /** Points at the stretch (default 150). */
            stretch: ScoreSchema('scores.stretch').default(150),
          })
          .strict()
          .default({ threshold: 50, target: 100, stretch: 150 }),
        /** Below the threshold: `'zero'` (a cliff, default) or `'linear'` (the line continued down to 0). */
        belowThreshold: z
          .literal(['zero', 'linear'], { error: 'expected "zero" or "linear"' })
          .default('zero'),
      })
      .strict(),
    z
      .object({
        /** A table of bands. */
        kind: z.literal('bands'),
        /** `'value'` (default): bands in the KPI's unit; `'attainment'`: in percent of the rep's target. */
        basis: BasisSchema.default('value'),
        /** The bands; the better band applies at a boundary. */
        bands: z
          .array(
            z
              .object({
                /** Where the band starts (at least this for higher-is-better, at most for lower). */
                from: finite('from'),
                /** Its points. */
                score: ScoreSchema('score'),
              })
              .strict(),
          )
          .min(1, 'a band table needs at least one band'),
      })
      .strict(),
    z
      .object({
        /** Target met or not. */
        kind: z.literal('binary'),
        /** Points when met (default 100). */
        scoreMet: ScoreSchema('scoreMet').default(100),
        /** Points when missed (default 0). */
        scoreMissed: ScoreSchema('scoreMissed').default(0),
        /** How far from the target still counts as met (default 0). */
        tolerance: finite('tolerance').min(0, 'tolerance must be 0 or more').default(0),
      })
      .strict(),
  ],
  { error: 'expected a curve kind: "ratio", "capped-ratio", "piecewise", "bands" or "binary"' },
);

/**
 * A parsed normalisation curve. See {@link CurveSchema}.
 *
 * @example
 * ```ts
 * import type { Curve } from 'openspm';
 * const capped: Curve = { kind: 'capped-ratio', cap: 120 };
 * ```
 */
export type Curve = z.output<typeof CurveSchema>;

/**
 * A metric reference: a built-in metric name (see {@link BUILT_IN_METRICS}) or one registered in
 * `options.metrics`, with parameters for it.
 *
 * @example
 * ```ts
 * import type { MetricRef } from 'openspm';
 * const qualityVisitsPerWeek: MetricRef = { name: 'activityCount', params: { types: ['visit'], qualityOnly: true, per: 'week' } };
 * ```
 */
export interface MetricRef {
  /** The metric's name. */
  name: string;
  /** Parameters passed to the metric. */
  params?: Record<string, unknown>;
}

const MetricRefSchema = z
  .union([
    IdText.transform((name): MetricRef => ({ name })),
    z
      .object({
        /** The metric's name. */
        name: IdText,
        /** Parameters passed to the metric. */
        params: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
  ])
  .optional();

/**
 * zod schema of one KPI inside a dimension: its weight (within the dimension), direction, where its value
 * comes from (`metric`, or supplied when absent), the default target, the curve and the missing/target-0
 * policies (both `'exclude'` by default).
 *
 * @example
 * ```ts
 * import { KpiDefinitionSchema } from 'openspm';
 * const kpi = KpiDefinitionSchema.parse({ id: 'visits', name: 'Visits', weight: 60, target: 60, metric: 'visits' });
 * kpi.curve; //=> { kind: 'ratio' }
 * kpi.missing; //=> 'exclude'
 * ```
 */
export const KpiDefinitionSchema = z
  .object({
    /** KPI id, unique in the scorecard. */
    id: IdText,
    /** Name shown to people. */
    name: z.string().min(1, 'must not be empty'),
    /** Weight inside its dimension (0–100, at most 2 decimals); the KPIs of a dimension total 100. */
    weight: WeightSchema,
    /** Which way is good; default `'higher'`. */
    direction: z
      .literal(['higher', 'lower', 'closer'], { error: 'expected "higher", "lower" or "closer"' })
      .default('higher'),
    /** Where the value comes from; absent = supplied in `input.values`. */
    metric: MetricRefSchema,
    /** Default target for every rep (override per rep in `input.targets`). */
    target: finite('target').optional(),
    /** Unit shown to people (`'visits'`, `'CNY'`, `'%'`). */
    unit: z.string().optional(),
    /** Normalisation curve; default `{ kind: 'ratio' }`. */
    curve: CurveSchema.default({ kind: 'ratio' }),
    /** Policy for a missing value; default `'exclude'`. */
    missing: PolicySchema.default('exclude'),
    /** Policy for a target of 0 where the curve divides by it; default `'exclude'`. */
    targetZero: PolicySchema.default('exclude'),
  })
  .strict();

/**
 * A parsed KPI definition. See {@link KpiDefinitionSchema}.
 *
 * @example
 * ```ts
 * import type { KpiDefinition } from 'openspm';
 * const csat: KpiDefinition = {
 *   id: 'csat', name: 'CSAT', weight: 100, direction: 'higher', target: 4.5,
 *   curve: { kind: 'ratio' }, missing: 'exclude', targetZero: 'exclude',
 * };
 * ```
 */
export type KpiDefinition = z.output<typeof KpiDefinitionSchema>;

/**
 * zod schema of a dimension (process, result, quality…): its weight in the scorecard and its KPIs.
 *
 * @example
 * ```ts
 * import { DimensionSchema } from 'openspm';
 * DimensionSchema.parse({ id: 'result', name: 'Result', weight: 50, kpis: [
 *   { id: 'signed', name: 'Signed amount', weight: 100, target: 1000000 },
 * ] }).kpis.length; //=> 1
 * ```
 */
export const DimensionSchema = z
  .object({
    /** Dimension id, unique in the scorecard. */
    id: IdText,
    /** Name shown to people. */
    name: z.string().min(1, 'must not be empty'),
    /** Weight in the scorecard (0–100, at most 2 decimals); the dimensions total 100. */
    weight: WeightSchema,
    /** The KPIs, at least one; their weights total 100. */
    kpis: z.array(KpiDefinitionSchema).min(1, 'a dimension needs at least one KPI'),
  })
  .strict();

/**
 * A parsed dimension. See {@link DimensionSchema}.
 *
 * @example
 * ```ts
 * import type { Dimension } from 'openspm';
 * const quality: Dimension = { id: 'quality', name: 'Quality', weight: 15, kpis: [] };
 * ```
 */
export type Dimension = z.output<typeof DimensionSchema>;

/**
 * zod schema of a weight profile: another set of weights, chosen per rep by tenure at `asOf` (whole months
 * since `hireDate`; `min` included, `max` excluded) and/or role. The first profile that matches wins; a rep
 * no profile matches gets the scorecard's own weights.
 *
 * @example
 * ```ts
 * import { WeightProfileSchema } from 'openspm';
 * WeightProfileSchema.parse({
 *   id: 'new-hire', when: { tenureMonths: { max: 6 } },
 *   dimensionWeights: { process: 50, result: 35, quality: 15 },
 * }).id; //=> 'new-hire'
 * ```
 */
export const WeightProfileSchema = z
  .object({
    /** Profile id. */
    id: IdText,
    /** Name shown to people. */
    name: z.string().optional(),
    /** When it applies; every condition given must hold. */
    when: z
      .object({
        /** Whole months from `hireDate` to `asOf`. */
        tenureMonths: z
          .object({
            /** At least this many months (included). */
            min: z.number().int().min(0).optional(),
            /** Fewer than this many months (excluded). */
            max: z.number().int().min(0).optional(),
          })
          .strict()
          .optional(),
        /** One of these roles. */
        roles: z.array(z.literal(REP_ROLES)).optional(),
      })
      .strict(),
    /** Weight of every dimension (by id); they total 100. */
    dimensionWeights: z.record(z.string(), WeightSchema),
    /** Optional KPI weights (by id) replacing the scorecard's; each dimension's KPIs still total 100. */
    kpiWeights: z.record(z.string(), WeightSchema).optional(),
  })
  .strict();

/**
 * A parsed weight profile. See {@link WeightProfileSchema}.
 *
 * @example
 * ```ts
 * import type { WeightProfile } from 'openspm';
 * const veteran: WeightProfile = { id: 'veteran', when: { tenureMonths: { min: 36 } }, dimensionWeights: { process: 15, result: 70, quality: 15 } };
 * ```
 */
export type WeightProfile = z.output<typeof WeightProfileSchema>;

/**
 * zod schema of a scorecard: versioned data with an effective date, dimensions with KPIs, optional weight
 * profiles, minimum-weight rules for groups of dimensions, and rating bands. Use {@link defineScorecard} to
 * parse one and check its weights.
 *
 * @example
 * ```ts
 * import { ScorecardSchema } from 'openspm';
 * ScorecardSchema.safeParse({ id: 'x' }).success; //=> false
 * ```
 */
export const ScorecardSchema = z
  .object({
    /** Scorecard id. */
    id: IdText,
    /** Name shown to people. */
    name: z.string().min(1, 'must not be empty'),
    /** Version label (`'2024.2'`); a scorecard is replaced by a newer version, never edited. */
    version: z.union([z.string().min(1), z.number()]).transform(String),
    /** First day this version applies, `YYYY-MM-DD`. */
    effectiveFrom: CalendarDateSchema,
    /** The dimensions; their weights total 100. */
    dimensions: z.array(DimensionSchema).min(1, 'a scorecard needs at least one dimension'),
    /** Weight profiles chosen per rep (first match wins). */
    profiles: z.array(WeightProfileSchema).default([]),
    /** Minimum total weight of groups of dimensions, e.g. process + quality at least 30. */
    minimumWeights: z
      .array(
        z
          .object({
            /** The dimensions whose weights are added up. */
            dimensions: z.array(IdText).min(1),
            /** The least their weights may total. */
            atLeast: z.number().min(0).max(100),
          })
          .strict(),
      )
      .default([]),
    /** Rating bands by minimum total score; the higher band applies at a boundary. */
    ratingBands: z
      .array(
        z
          .object({
            /** The rating (`'S'`, `'A'`…). */
            label: z.string().min(1),
            /** The least total score that gets it. */
            min: finite('min'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/**
 * A parsed, checked scorecard. See {@link defineScorecard}.
 *
 * @example
 * ```ts
 * import { defineScorecard, type Scorecard } from 'openspm';
 * const card: Scorecard = defineScorecard({
 *   id: 'dual', name: 'Dual indicators', version: 1, effectiveFrom: '2024-01-01',
 *   dimensions: [{ id: 'all', name: 'All', weight: 100, kpis: [{ id: 'k', name: 'K', weight: 100, target: 1 }] }],
 * });
 * ```
 */
export type Scorecard = z.output<typeof ScorecardSchema>;

/**
 * What {@link defineScorecard} accepts (defaults may be left out; weights may be decimal strings).
 *
 * @example
 * ```ts
 * import type { ScorecardInput } from 'openspm';
 * const input: ScorecardInput = {
 *   id: 'dual', name: 'Dual', version: '1', effectiveFrom: '2024-01-01',
 *   dimensions: [{ id: 'all', name: 'All', weight: '100', kpis: [{ id: 'k', name: 'K', weight: 100 }] }],
 * };
 * ```
 */
export type ScorecardInput = z.input<typeof ScorecardSchema>;

function centi(w: number): number {
  return Math.round(w * 100);
}

function showWeight(c: number): string {
  return c % 100 === 0 ? String(c / 100) : (c / 100).toFixed(2).replace(/0$/, '');
}

/** Checks weights at every level and the curves; returns the issues found. */
function checkScorecard(card: Scorecard): OpenSpmIssue[] {
  const issues: OpenSpmIssue[] = [];
  const dimIds = new Set<string>();
  const kpiIds = new Set<string>();
  const sumLevel = (parts: { id: string; w: number }[], path: IssuePath, level: string) => {
    const total = parts.reduce((s, p) => s + centi(p.w), 0);
    if (total !== 10000) {
      const terms = parts.map((p) => `${p.id} ${showWeight(centi(p.w))}`).join(' + ');
      issues.push(
        issue(
          ErrorCode.WEIGHTS_NOT_100,
          path,
          `${level} total ${showWeight(total)}, not 100 (${terms}); make them add up to exactly 100`,
        ),
      );
    }
  };
  sumLevel(
    card.dimensions.map((d) => ({ id: d.id, w: d.weight })),
    ['dimensions'],
    'the dimension weights',
  );
  card.dimensions.forEach((dim, i) => {
    if (dimIds.has(dim.id))
      issues.push(
        issue(ErrorCode.DUPLICATE_ID, ['dimensions', i, 'id'], `dimension id "${dim.id}" is used twice`),
      );
    dimIds.add(dim.id);
    sumLevel(
      dim.kpis.map((k) => ({ id: k.id, w: k.weight })),
      ['dimensions', i, 'kpis'],
      `the KPI weights of dimension "${dim.id}"`,
    );
    dim.kpis.forEach((kpi, j) => {
      const path: IssuePath = ['dimensions', i, 'kpis', j];
      if (kpiIds.has(kpi.id))
        issues.push(issue(ErrorCode.DUPLICATE_ID, [...path, 'id'], `KPI id "${kpi.id}" is used twice`));
      kpiIds.add(kpi.id);
      issues.push(...checkCurve(kpi, [...path, 'curve']));
    });
  });
  const ruleCheck = (weights: Map<string, number>, path: IssuePath, what: string) => {
    card.minimumWeights.forEach((rule, r) => {
      let sum = 0;
      for (const id of rule.dimensions) {
        if (!dimIds.has(id)) {
          issues.push(
            issue(ErrorCode.UNKNOWN_REFERENCE, ['minimumWeights', r, 'dimensions'], `no dimension "${id}"`),
          );
          return;
        }
        sum += weights.get(id) ?? 0;
      }
      if (sum < centi(rule.atLeast)) {
        issues.push(
          issue(
            ErrorCode.MINIMUM_WEIGHT_NOT_MET,
            path,
            `${what} gives ${rule.dimensions.join(' + ')} a weight of ${showWeight(sum)}, below the minimum of ${rule.atLeast}`,
          ),
        );
      }
    });
  };
  ruleCheck(new Map(card.dimensions.map((d) => [d.id, centi(d.weight)])), ['dimensions'], 'the scorecard');
  card.profiles.forEach((profile, p) => {
    const path: IssuePath = ['profiles', p];
    const known = new Map<string, number>();
    for (const [id, w] of Object.entries(profile.dimensionWeights)) {
      if (!dimIds.has(id))
        issues.push(
          issue(ErrorCode.UNKNOWN_REFERENCE, [...path, 'dimensionWeights', id], `no dimension "${id}"`),
        );
      known.set(id, centi(w));
    }
    const missing = card.dimensions.filter((d) => !known.has(d.id)).map((d) => d.id);
    if (missing.length > 0) {
      issues.push(
        issue(
          ErrorCode.INVALID_INPUT,
          [...path, 'dimensionWeights'],
          `profile "${profile.id}" has no weight for ${missing.map((m) => `"${m}"`).join(', ')}; give every dimension a weight`,
        ),
      );
      return;
    }
    sumLevel(
      card.dimensions.map((d) => ({ id: d.id, w: profile.dimensionWeights[d.id]! })),
      [...path, 'dimensionWeights'],
      `profile "${profile.id}": the dimension weights`,
    );
    const overrides = profile.kpiWeights ?? {};
    for (const id of Object.keys(overrides)) {
      if (!kpiIds.has(id))
        issues.push(issue(ErrorCode.UNKNOWN_REFERENCE, [...path, 'kpiWeights', id], `no KPI "${id}"`));
    }
    if (profile.kpiWeights) {
      card.dimensions.forEach((dim) => {
        if (!dim.kpis.some((k) => overrides[k.id] !== undefined)) return;
        sumLevel(
          dim.kpis.map((k) => ({ id: k.id, w: overrides[k.id] ?? k.weight })),
          [...path, 'kpiWeights'],
          `profile "${profile.id}": the KPI weights of dimension "${dim.id}"`,
        );
      });
    }
    ruleCheck(known, [...path, 'dimensionWeights'], `profile "${profile.id}"`);
  });
  return issues;
}

function checkCurve(kpi: KpiDefinition, path: IssuePath): OpenSpmIssue[] {
  const c = kpi.curve;
  const out: OpenSpmIssue[] = [];
  if (c.kind === 'piecewise') {
    const t = c.target ?? (c.basis === 'attainment' ? 100 : undefined);
    const dir = c.basis === 'attainment' && kpi.direction !== 'closer' ? 'higher' : kpi.direction;
    if (dir === 'closer' && c.stretch !== undefined) {
      out.push(
        issue(
          ErrorCode.INVALID_INPUT,
          [...path, 'stretch'],
          'a closer-is-better curve peaks at the target: leave out the stretch point',
        ),
      );
    }
    if (t !== undefined && dir !== 'closer') {
      const up = dir === 'higher';
      const ordered = up ? c.threshold < t : c.threshold > t;
      if (!ordered)
        out.push(
          issue(
            ErrorCode.INVALID_INPUT,
            [...path, 'threshold'],
            `threshold ${c.threshold} must be ${up ? 'below' : 'above'} the target ${t} for a ${dir}-is-better KPI`,
          ),
        );
      if (c.stretch !== undefined && !(up ? c.stretch > t : c.stretch < t))
        out.push(
          issue(
            ErrorCode.INVALID_INPUT,
            [...path, 'stretch'],
            `stretch ${c.stretch} must be ${up ? 'above' : 'below'} the target ${t} for a ${dir}-is-better KPI`,
          ),
        );
    }
    if (!(c.scores.threshold <= c.scores.target && c.scores.target <= c.scores.stretch))
      out.push(
        issue(
          ErrorCode.INVALID_INPUT,
          [...path, 'scores'],
          'scores must not decrease: threshold ≤ target ≤ stretch',
        ),
      );
  }
  if (c.kind === 'bands') {
    const froms = c.bands.map((b) => b.from);
    if (new Set(froms).size !== froms.length)
      out.push(issue(ErrorCode.INVALID_INPUT, [...path, 'bands'], 'two bands start at the same value'));
  }
  return out;
}

/**
 * Parses and checks a scorecard: shape (zod), weights totalling exactly 100 at each level (dimensions, the
 * KPIs of each dimension, and the same for every weight profile), minimum-weight rules, unique ids and
 * curve points in order. Throws one {@link OpenSpmError} listing every problem (`WEIGHTS_NOT_100`,
 * `MINIMUM_WEIGHT_NOT_MET`, …) with its path.
 *
 * @example
 * ```ts
 * import { defineScorecard } from 'openspm';
 * const card = defineScorecard({
 *   id: 'dual', name: 'Dual indicators', version: '2024.1', effectiveFrom: '2024-01-01',
 *   dimensions: [
 *     { id: 'process', name: 'Process', weight: 50, kpis: [{ id: 'qv', name: 'Quality visits / week', weight: 100, target: 10 }] },
 *     { id: 'result', name: 'Result', weight: 50, kpis: [{ id: 'signed', name: 'Signed amount', weight: 100, target: 500000 }] },
 *   ],
 * });
 * card.dimensions.length; //=> 2
 * defineScorecard({ ...card, dimensions: [{ ...card.dimensions[0], weight: 40 }, card.dimensions[1]] });
 * // throws OpenSpmError WEIGHTS_NOT_100: "dimensions: the dimension weights total 90, not 100 (process 40 + result 50)…"
 * ```
 */
export function defineScorecard(input: ScorecardInput | Scorecard): Scorecard {
  const card = parseOrThrow(ScorecardSchema, input, 'scorecard');
  const issues = checkScorecard(card);
  if (issues.length > 0) throwIssues(issues[0]!.code, `Invalid scorecard "${card.id}"`, issues);
  return card;
}

/**
 * Picks the version of a scorecard in force on a date: the latest `effectiveFrom` on or before `asOf`.
 * Returns `null` when none has started yet.
 *
 * @example
 * ```ts
 * import { scorecardInForce, type Scorecard } from 'openspm';
 * const v1 = { version: '1', effectiveFrom: '2024-01-01' } as Scorecard;
 * const v2 = { version: '2', effectiveFrom: '2024-07-01' } as Scorecard;
 * scorecardInForce([v1, v2], '2024-08-15')?.version; //=> '2'
 * scorecardInForce([v1, v2], '2023-12-31'); //=> null
 * ```
 */
export function scorecardInForce(versions: readonly Scorecard[], asOf: string): Scorecard | null {
  let best: Scorecard | null = null;
  for (const v of versions) {
    if (compareCalendarDates(v.effectiveFrom, asOf) > 0) continue;
    if (!best || compareCalendarDates(v.effectiveFrom, best.effectiveFrom) > 0) best = v;
  }
  return best;
}

/** @internal */
export { centi };
