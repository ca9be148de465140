import { ErrorCode, OpenSpmError } from '../errors';
import type { FunnelReport, StageConversionResult } from './report';

/**
 * Options for {@link findBottlenecks}.
 *
 * @example
 * ```ts
 * import type { FindBottlenecksOptions, StageConversionResult } from 'openspm';
 * declare const lastQuarter: StageConversionResult;
 * const options: FindBottlenecksOptions = { baseline: lastQuarter, minSample: 20 };
 * ```
 */
export interface FindBottlenecksOptions {
  /** What "normal" is: the same funnel in a previous period, or the team's (overall) funnel. */
  baseline: StageConversionResult | FunnelReport;
  /** Which measures to compare: conversion, time in stage, or both (default `'both'`). */
  metric?: 'conversion' | 'timeInStage' | 'both';
  /** Stages with fewer deals than this (on either side) are not judged (default 10). */
  minSample?: number;
  /** Compare conversion by `'count'` or `'value'`; default the `basis` the current result was computed with (else count). */
  basis?: 'count' | 'value';
}

/**
 * One stage that falls short of its baseline on one measure, with the size of the gap.
 *
 * @example
 * ```ts
 * import type { Bottleneck } from 'openspm';
 * const b: Bottleneck = { stageId: 'proposal', stageName: 'Proposal', metric: 'conversion', current: 0.52,
 *   baseline: 0.68, gap: 0.16, relativeGap: 0.2353, currentSample: 85, baselineSample: 90,
 *   explanation: 'Proposal: next-step conversion 52.0% vs 68.0% in the baseline (16.0 points, 23.5% worse)' };
 * ```
 */
export interface Bottleneck {
  /** The stage. */
  readonly stageId: string;
  /** Its name. */
  readonly stageName: string;
  /** `'conversion'` (next-step conversion below baseline) or `'timeInStage'` (median time above baseline). */
  readonly metric: 'conversion' | 'timeInStage';
  /** The current value: a conversion rate (0–1) or a median in days. */
  readonly current: number;
  /** The baseline value. */
  readonly baseline: number;
  /** How much worse: baseline − current for conversion (rate points), current − baseline for time (days). */
  readonly gap: number;
  /** The gap relative to the baseline (0.25 = 25% worse); stages are ranked by it. */
  readonly relativeGap: number;
  /** Deals behind the current figure. */
  readonly currentSample: number;
  /** Deals behind the baseline figure. */
  readonly baselineSample: number;
  /** The finding in a sentence. */
  readonly explanation: string;
}

/**
 * What {@link findBottlenecks} returns: every stage worse than its baseline, worst first, and the stages that
 * could not be judged.
 *
 * @example
 * ```ts
 * import type { FindBottlenecksResult } from 'openspm';
 * const none: FindBottlenecksResult = { top: null, bottlenecks: [], notJudged: [], minSample: 10 };
 * ```
 */
export interface FindBottlenecksResult {
  /** The worst bottleneck (瓶颈环节), or `null` when no stage is worse than its baseline. */
  readonly top: Bottleneck | null;
  /** All stages worse than their baseline, by relative gap, largest first. */
  readonly bottlenecks: Bottleneck[];
  /** Stages (and measures) not judged, with why (too few deals, no baseline). */
  readonly notJudged: {
    /** The stage. */
    readonly stageId: string;
    /** The measure not judged: `'conversion'`, `'timeInStage'` or `'both'`. */
    readonly metric: string;
    /** Why (too few deals, no baseline…). */
    readonly reason: string;
  }[];
  /** The minimum sample used. */
  readonly minSample: number;
}

const reportOf = (r: StageConversionResult | FunnelReport): FunnelReport => ('overall' in r ? r.overall : r);

/**
 * Bottlenecks (瓶颈环节): the stages whose next-step conversion falls below, or whose median time in stage
 * rises above, a baseline — the same stage in a previous period, or the team's funnel when judging one rep —
 * ranked by the size of the gap relative to the baseline. Stages with too few deals are listed as not judged
 * rather than ranked on noise.
 *
 * @param current - the funnel to judge (a {@link stageConversion} result or one group's report).
 * @param options - the baseline and thresholds.
 * @example
 * ```ts
 * import { findBottlenecks, stageConversion } from 'openspm';
 * const pipeline = { id: 'p', name: 'P', stages: [
 *   { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const },
 *   { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const }] };
 * const deals = (won: number, lost: number) => Array.from({ length: won + lost }, (_, i) => [
 *   { dealId: `d${i}`, fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *   { dealId: `d${i}`, fromStageId: 'lead', toStageId: i < won ? 'won' : 'lost', at: '2024-01-11' }]).flat();
 * const before = stageConversion({ pipeline, stageChanges: deals(6, 4) }, { asOf: '2024-12-31' });
 * const now = stageConversion({ pipeline, stageChanges: deals(3, 7) }, { asOf: '2024-12-31' });
 * findBottlenecks(now, { baseline: before }).top?.explanation;
 * //=> 'Lead: next-step conversion 30.0% vs 60.0% in the baseline (30.0 points, 50.0% worse)'
 * ```
 */
export function findBottlenecks(
  current: StageConversionResult | FunnelReport,
  options: FindBottlenecksOptions,
): FindBottlenecksResult {
  if (current === null || typeof current !== 'object' || options?.baseline == null) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'findBottlenecks(current, { baseline }): expected two stageConversion results (or group reports)',
    );
  }
  const minSample = options.minSample ?? 10;
  if (!Number.isInteger(minSample) || minSample < 1) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `minSample: must be a whole number ≥ 1, got ${minSample}`,
      {
        path: ['minSample'],
      },
    );
  }
  const metric = options.metric ?? 'both';
  const basis = options.basis ?? ('definition' in current ? current.definition.basis : 'count');
  const byValue = basis === 'value';
  const cur = reportOf(current);
  const base = reportOf(options.baseline);
  const found: Bottleneck[] = [];
  const notJudged: { stageId: string; metric: string; reason: string }[] = [];
  for (const row of cur.stages) {
    if (row.kind !== 'open') continue;
    const b = base.stages.find((s) => s.id === row.id);
    if (!b) {
      notJudged.push({ stageId: row.id, metric, reason: 'the stage is not in the baseline' });
      continue;
    }
    if (metric !== 'timeInStage') {
      const c = byValue ? row.valueConversion?.nextStep : row.conversion.nextStep;
      const bb = byValue ? b.valueConversion?.nextStep : b.conversion.nextStep;
      if (!c || !bb || c.rate === null || bb.rate === null) {
        notJudged.push({ stageId: row.id, metric: 'conversion', reason: 'no conversion on one side' });
      } else if (c.sampleSize < minSample || bb.sampleSize < minSample) {
        notJudged.push({
          stageId: row.id,
          metric: 'conversion',
          reason: `too few deals (${c.sampleSize} now, ${bb.sampleSize} in the baseline; at least ${minSample} needed)`,
        });
      } else if (c.rate < bb.rate && bb.rate > 0) {
        const gap = bb.rate - c.rate;
        const relativeGap = gap / bb.rate;
        found.push({
          stageId: row.id,
          stageName: row.name,
          metric: 'conversion',
          current: c.rate,
          baseline: bb.rate,
          gap,
          relativeGap,
          currentSample: c.sampleSize,
          baselineSample: bb.sampleSize,
          explanation: `${row.name}: next-step conversion ${(c.rate * 100).toFixed(1)}% vs ${(bb.rate * 100).toFixed(1)}% in the baseline (${(gap * 100).toFixed(1)} points, ${(relativeGap * 100).toFixed(1)}% worse)`,
        });
      }
    }
    if (metric !== 'conversion') {
      const c = row.timeInStage;
      const bb = b.timeInStage;
      if (c.median === null || bb.median === null) {
        notJudged.push({ stageId: row.id, metric: 'timeInStage', reason: 'no completed stay on one side' });
      } else if (c.sampleSize < minSample || bb.sampleSize < minSample) {
        notJudged.push({
          stageId: row.id,
          metric: 'timeInStage',
          reason: `too few stays (${c.sampleSize} now, ${bb.sampleSize} in the baseline; at least ${minSample} needed)`,
        });
      } else if (c.median > bb.median) {
        const gap = c.median - bb.median;
        const relativeGap = bb.median === 0 ? gap : gap / bb.median;
        found.push({
          stageId: row.id,
          stageName: row.name,
          metric: 'timeInStage',
          current: c.median,
          baseline: bb.median,
          gap,
          relativeGap,
          currentSample: c.sampleSize,
          baselineSample: bb.sampleSize,
          explanation: `${row.name}: median time in stage ${c.median} vs ${bb.median} ${c.unit} in the baseline (${gap} days longer, ${(relativeGap * 100).toFixed(1)}% worse)`,
        });
      }
    }
  }
  found.sort((x, y) => y.relativeGap - x.relativeGap || x.stageId.localeCompare(y.stageId));
  return { top: found[0] ?? null, bottlenecks: found, notJudged, minSample };
}
