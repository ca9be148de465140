import { capabilityProfile, type ScorecardInput, scoreKpis } from '../../kpi/index';
import type { PeriodCloseContext, PeriodCloseStep } from '../period-close';
import type { ResultInput } from '../records';
import { byId, collectDataset, conversionsSummary, cutoffDay, moduleCurrencyOptions } from './shared';

const capped = { kind: 'capped-ratio' as const, cap: 150 };

/**
 * The scorecard the `kpi-score` step uses when the tenant stores none: two dimensions, results (60 %:
 * signed amount 70, win rate 30) and process (40 %: activities 50, quality visits 50). A rep's signed-amount
 * target is their allocated `won-amount` target of the period when there is one; every other target is the
 * mean of the reps scored (peer mean), so 100 means "as good as the average rep". Scores are capped at 150.
 *
 * @example
 * ```ts
 * import { DEFAULT_REPORT_SCORECARD } from 'openspm';
 * DEFAULT_REPORT_SCORECARD.dimensions.map((d) => d.id); //=> ['result', 'process']
 * ```
 */
export const DEFAULT_REPORT_SCORECARD: ScorecardInput = {
  id: 'openspm-default',
  name: 'Results and process (default)',
  version: '1',
  effectiveFrom: '1970-01-01',
  dimensions: [
    {
      id: 'result',
      name: 'Results',
      weight: 60,
      kpis: [
        { id: 'signed', name: 'Signed amount', weight: 70, metric: 'signedAmount', curve: capped },
        { id: 'winRate', name: 'Win rate', weight: 30, metric: 'winRate', unit: '%', curve: capped },
      ],
    },
    {
      id: 'process',
      name: 'Process',
      weight: 40,
      kpis: [
        { id: 'activities', name: 'Activities', weight: 50, metric: 'activityCount', curve: capped },
        { id: 'qualityVisits', name: 'Quality visits', weight: 50, metric: 'qualityVisits', curve: capped },
      ],
    },
  ],
  ratingBands: [
    { label: 'S', min: 120 },
    { label: 'A', min: 100 },
    { label: 'B', min: 85 },
    { label: 'C', min: 70 },
    { label: 'D', min: 0 },
  ],
};

/** The stored scorecard in force in the period (latest effectiveFrom on or before its last day), if any. */
async function storedScorecard(ctx: PeriodCloseContext) {
  const docs = await ctx.collect('scorecards', 'all');
  const last = ctx.period.end; // exclusive end: a scorecard starting on it does not apply
  const inForce = docs
    .filter(
      (d) => d.effectiveFrom < last && (d.effectiveTo === undefined || d.effectiveTo > ctx.period.start),
    )
    .sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom ? byId(a.id, b.id) : byId(a.effectiveFrom, b.effectiveFrom),
    );
  return inForce[inForce.length - 1];
}

/**
 * KPI scores of every rep for the period (`kpi-score`, one per rep): the weighted total, rating, rank,
 * each dimension and KPI with value, target, attainment and score, and the capability highlights
 * (strengths and weaknesses against the team median). Uses the tenant's stored scorecard in force in the
 * period, or {@link DEFAULT_REPORT_SCORECARD}. Runs after `target-allocation` to use rep targets. The run's
 * `reportingCurrency`, `rates` and `conversion` are passed to `scoreKpis`.
 *
 * @example
 * ```ts
 * import { kpiScoreStep } from 'openspm';
 * kpiScoreStep.writes; //=> ['kpi-score']
 * ```
 */
export const kpiScoreStep: PeriodCloseStep = {
  name: 'kpi-score',
  reads: [
    'pipelines',
    'deals',
    'stageChanges',
    'activities',
    'payments',
    'accounts',
    'reps',
    'teams',
    'scorecards',
  ],
  writes: ['kpi-score'],
  async run(ctx) {
    const dataset = await collectDataset(ctx);
    const stored = await storedScorecard(ctx);
    const reps = (await ctx.collect('reps'))
      .filter((r) => r.role === 'rep')
      .sort((a, b) => byId(a.id, b.id))
      .map((r) => ({ id: r.id, name: r.name, teamId: r.teamId, hireDate: r.hireDate, role: r.role }));
    if (reps.length === 0) return { results: [], summary: { reps: 0, scorecard: null } };
    const options = {
      asOf: cutoffDay(ctx),
      period: ctx.period,
      zone: ctx.calendar.zone,
      ...moduleCurrencyOptions(ctx),
    };
    let scorecard: ScorecardInput;
    let targets: Record<string, Record<string, number>> | undefined;
    let targetSource: string;
    if (stored) {
      scorecard = stored.body as unknown as ScorecardInput;
      targetSource = `stored scorecard "${stored.id}" v${stored.version}`;
    } else {
      scorecard = DEFAULT_REPORT_SCORECARD;
      // First pass for the values, then targets: allocated won-amount, or the peer mean.
      const withOne: ScorecardInput = {
        ...scorecard,
        dimensions: scorecard.dimensions.map((d) => ({
          ...d,
          kpis: d.kpis.map((k) => ({ ...k, target: 1 })),
        })),
      };
      const first = scoreKpis({ scorecard: withOne, dataset, reps }, options);
      const mean = new Map<string, number>();
      for (const kpi of first.reps[0]?.kpis ?? []) {
        const values = first.reps
          .map((r) => r.kpis.find((k) => k.kpiId === kpi.kpiId)?.value)
          .filter((v): v is number => typeof v === 'number');
        const m = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
        mean.set(kpi.kpiId, Math.round(m * 100) / 100);
      }
      const allocated = new Map<string, number>();
      for (const r of ctx.output('target-allocation')?.results ?? []) {
        const p = r.payload as { metric: string; repId: string; allocated: { amount: string } };
        if (p.metric !== 'won-amount') continue;
        allocated.set(p.repId, (allocated.get(p.repId) ?? 0) + Number(p.allocated.amount));
      }
      targets = {};
      for (const rep of reps) {
        const t: Record<string, number> = {};
        for (const [kpiId, m] of mean) t[kpiId] = m;
        const own = allocated.get(rep.id);
        if (own !== undefined) t.signed = own;
        targets[rep.id] = t;
      }
      targetSource =
        allocated.size > 0
          ? 'default scorecard; signed amount against the allocated won-amount target, other KPIs against the peer mean'
          : 'default scorecard; every target is the peer mean (no won-amount target allocated)';
    }
    const result = scoreKpis({ scorecard, dataset, reps, ...(targets ? { targets } : {}) }, options);
    const profile = capabilityProfile(result, {});
    const highlights = new Map(profile.reps.map((r) => [r.repId, r]));
    const results: ResultInput[] = result.reps.map((r) => ({
      kind: 'kpi-score',
      key: `${ctx.period.key}|rep|${r.repId}`,
      periodKey: ctx.period.key,
      subjectId: r.repId,
      payload: {
        scorecard: result.scorecard,
        targetSource,
        repId: r.repId,
        name: r.name,
        teamId: r.teamId,
        profile: r.profile,
        total: r.total,
        display: r.display,
        reason: r.reason,
        rating: r.rating,
        rank: r.rank,
        teamPercentile: r.teamPercentile,
        dimensions: r.dimensions.map(({ kpis: _kpis, ...d }) => d),
        kpis: r.kpis,
        excluded: r.excluded,
        strengths: highlights.get(r.repId)?.strengths ?? [],
        weaknesses: highlights.get(r.repId)?.weaknesses ?? [],
        capabilityThreshold: profile.threshold,
        capabilityComparedWith: profile.compareWith,
      },
    }));
    return {
      results,
      summary: {
        reps: results.length,
        scorecard: `${result.scorecard.id} v${result.scorecard.version}`,
        ...(result.conversions ? { conversions: conversionsSummary(result.conversions) } : {}),
      },
    };
  },
};
