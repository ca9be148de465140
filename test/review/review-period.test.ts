import { describe, expect, it } from 'vitest';
import {
  OpenSpmError,
  parsePeriodKey,
  REVIEW_METRICS,
  type ReviewPeriodResult,
  reviewPeriod,
  scoreKpis,
  stageConversion,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const dataset = generateSampleData({ seed: 7, reps: 12, deals: 800 });
const period = parsePeriodKey('FY2024-Q3');
const team = dataset.teams!.find((t) => t.id !== 'hq')!.id;
const teamReps = dataset.reps!.filter((r) => r.role === 'rep' && r.teamId === team).map((r) => r.id);

let cached: ReviewPeriodResult | undefined;
const review = () => {
  cached ??= reviewPeriod(
    {
      dataset,
      targets: teamReps.flatMap((repId) => [
        { repId, period: 'FY2024-Q3', amount: { amount: '200000', currency: 'CNY' } },
        { repId, period: 'FY2024-Q2', amount: { amount: '150000', currency: 'CNY' } },
      ]),
    },
    { asOf: '2024-12-31', period, teamId: team },
  );
  return cached;
};

describe('reviewPeriod', () => {
  it('compares with the previous period by default, and with last year on request', () => {
    const r = review();
    expect(r.comparison.key).toBe('FY2024-Q2');
    expect(r.compareWith).toBe('previous');
    expect(r.scope).toEqual({ kind: 'team', id: team, repIds: teamReps });
    const ly = reviewPeriod(
      { dataset },
      { asOf: '2024-12-31', period: parsePeriodKey('2024-06'), compareWith: 'last-year', warnings: false },
    );
    expect(ly.comparison.key).toBe('2023-06');
    const wk = reviewPeriod(
      { dataset },
      { asOf: '2024-12-31', period: parsePeriodKey('2024-W10'), compareWith: 'last-year', warnings: false },
    );
    expect(wk.comparison.key).toBe('2023-W10');
  });

  it('shows every metric side by side, process first, with team figures the KPI module agrees with', () => {
    const r = review();
    expect(r.metrics.map((m) => m.metricId)).toEqual(REVIEW_METRICS.map((m) => m.id));
    const card = {
      id: 'c',
      name: 'c',
      version: '1',
      effectiveFrom: '2020-01-01',
      dimensions: [
        {
          id: 'd',
          name: 'd',
          weight: 100,
          kpis: [
            { id: 'visits', name: 'Visits', weight: 50, metric: 'visits', target: 1 },
            { id: 'winRate', name: 'Win rate', weight: 50, metric: 'winRate', target: 1 },
          ],
        },
      ],
    };
    const scored = scoreKpis({ scorecard: card, dataset, reps: teamReps }, { asOf: '2024-12-31', period });
    const visits = scored.reps.reduce((s, rep) => s + (rep.kpis[0]!.value ?? 0), 0);
    const row = r.metrics.find((m) => m.metricId === 'visits')!;
    expect(row.current.value).toBe(visits);
    const won = scored.reps.reduce((s, rep) => s + (rep.kpis[1]!.evidence?.numerator ?? 0), 0);
    const closed = scored.reps.reduce((s, rep) => s + (rep.kpis[1]!.evidence?.denominator ?? 0), 0);
    const wr = r.metrics.find((m) => m.metricId === 'winRate')!;
    expect(wr.current.numerator).toBe(won);
    expect(wr.current.denominator).toBe(closed);
    if (closed > 0) expect(wr.current.value).toBeCloseTo((won / closed) * 100, 3);
    for (const m of r.metrics) {
      if (m.current.value !== null && m.previous.value !== null) {
        expect(m.change.absolute).toBeCloseTo(m.current.value - m.previous.value, 2);
      }
    }
  });

  it('takes stage conversion from stageConversion in period mode', () => {
    const r = review();
    const owners = new Set(teamReps);
    const deals = dataset.deals.filter((d) => owners.has(d.ownerId));
    const ids = new Set(deals.map((d) => d.id));
    const f = stageConversion(
      {
        pipeline: dataset.pipelines[0]!,
        deals,
        stageChanges: dataset.stageChanges!.filter((c) => ids.has(c.dealId)),
      },
      { asOf: '2024-12-31', period, mode: 'period' },
    );
    const first = r.funnel.stages[0]!;
    expect(first.current).toEqual(f.overall.stages[0]!.conversion.nextStep);
    expect(first.toName).toBe(f.overall.stages[1]!.name);
    for (const s of r.funnel.stages) {
      if (s.changePoints !== null)
        expect(s.changePoints).toBeCloseTo((s.current.rate! - s.previous.rate!) * 100, 3);
    }
    expect(r.movers.stages.length).toBeLessThanOrEqual(3);
  });

  it('reports attainment from targetVariance', () => {
    const a = review().attainment!;
    expect(a.current.key).toBe('FY2024-Q3');
    expect(a.current.target!.toString()).toBe(`${200000 * teamReps.length}.00 CNY`);
    expect(a.current.reps).toBe(teamReps.length);
    expect(a.previous.target!.toString()).toBe(`${150000 * teamReps.length}.00 CNY`);
    expect(a.changePoints).toBeCloseTo(a.current.attainmentPercent! - a.previous.attainmentPercent!, 3);
    expect(a.current.attainmentPercent).toBeCloseTo(Number(a.current.attainment) * 100, 6);
  });

  it('lists rep movers and the warnings raised for the team', () => {
    const r = review();
    for (const m of r.movers.reps) {
      expect(teamReps).toContain(m.repId);
      expect(m.change).toBeCloseTo(m.current - m.previous, 3);
    }
    const w = r.warnings!;
    expect(w.current.total).toBe(w.current.warnings.length);
    expect(w.current.asOf).toBe('2024-09-30');
    for (const x of w.current.warnings) {
      if (x.subject.ownerId) expect(teamReps).toContain(x.subject.ownerId);
    }
  });

  it('writes a templated summary in English and Chinese with the figures behind it', () => {
    const r = review();
    expect(r.summary.length).toBeGreaterThan(3);
    for (const line of r.summary) {
      expect(line.en.length).toBeGreaterThan(0);
      expect(line.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const stage = r.summary.find((l) => l.template === 'stage');
    if (stage) {
      const n = stage.figures.currentNumerator;
      const d = stage.figures.currentDenominator;
      expect(stage.en).toContain(`(${n}/${d})`);
      expect(stage.zh).toContain(`(${n}/${d})`);
    }
    const warn = r.summary.find((l) => l.template === 'warnings')!;
    expect(warn.en).toContain(`${r.warnings!.current.total} warning`);
  });

  it('reviews a single rep without movers', () => {
    const rep = teamReps[0]!;
    const r = reviewPeriod({ dataset }, { asOf: '2024-12-31', period, repId: rep, warnings: false });
    expect(r.scope).toEqual({ kind: 'rep', id: rep, repIds: [rep] });
    expect(r.movers.reps).toEqual([]);
    expect(r.warnings).toBeNull();
    expect(r.attainment).toBeNull();
  });

  it('never returns NaN: a zero base gives null with a reason', () => {
    const r = reviewPeriod(
      { dataset },
      { asOf: '2024-12-31', period: parsePeriodKey('2023-06'), warnings: false },
    );
    for (const m of r.metrics) {
      expect(Number.isNaN(m.current.value)).toBe(false);
      if (m.current.value === null) expect(m.current.reason).toBeTruthy();
    }
    expect(JSON.stringify(r)).not.toContain('NaN');
  });

  it('takes custom metrics, and names an unknown one', () => {
    const r = reviewPeriod(
      { dataset },
      {
        asOf: '2024-12-31',
        period,
        warnings: false,
        metrics: [{ id: 'emails', name: 'Emails', kind: 'process', unit: 'count', metric: 'emails' }],
        customMetrics: {
          emails: (ctx) => ctx.activities.filter((a) => a.type === 'email' && ctx.inPeriod(a.at)).length,
        },
      },
    );
    const emails = dataset.activities!.filter(
      (a) =>
        a.type === 'email' &&
        a.at >= new Date('2024-07-01T00:00:00Z') &&
        a.at < new Date('2024-10-01T00:00:00Z'),
    );
    const reps = new Set(r.scope.repIds);
    expect(r.metrics[0]!.current.value).toBe(emails.filter((a) => reps.has(a.repId)).length);
    try {
      reviewPeriod(
        { dataset },
        {
          asOf: '2024-12-31',
          period,
          metrics: [{ id: 'x', name: 'X', kind: 'process', unit: 'count', metric: 'demos' }],
        },
      );
      expect.unreachable();
    } catch (e) {
      expect((e as OpenSpmError).code).toBe('UNKNOWN_METRIC');
      expect((e as OpenSpmError).path).toEqual(['metrics', 0, 'metric']);
    }
  });

  it('does not change its input', () => {
    const small = generateSampleData({ seed: 3, reps: 6, deals: 200 });
    const before = JSON.stringify(small);
    reviewPeriod(
      { dataset: small },
      { asOf: '2024-12-31', period: parsePeriodKey('2024-05'), warnings: false },
    );
    expect(JSON.stringify(small)).toBe(before);
  });

  it('rejects bad input with OpenSpmError', () => {
    expect(() => reviewPeriod({ dataset }, { asOf: '2024-12-31', period, teamId: 'nope' })).toThrow(
      /team "nope"/,
    );
    expect(() => reviewPeriod({ dataset }, { asOf: 'tomorrow', period })).toThrow(OpenSpmError);
    // @ts-expect-error a missing dataset
    expect(() => reviewPeriod({}, { asOf: '2024-12-31', period })).toThrow(OpenSpmError);
    expect(() =>
      reviewPeriod({ dataset }, { asOf: '2024-12-31', period, teamId: team, repId: 'rep-1' }),
    ).toThrow(/not both/);
  });
});
