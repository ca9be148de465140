import { describe, expect, it } from 'vitest';
import {
  type MetricContext,
  parsePeriodKey,
  type ScorecardInput,
  scoreKpis,
  validateDataset,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const data = validateDataset({
  currency: 'CNY',
  pipelines: [
    {
      id: 'p',
      name: 'P',
      stages: [
        { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
        { id: 'proposal', name: 'Proposal', order: 1, kind: 'open' },
        { id: 'won', name: 'Won', order: 2, kind: 'won' },
        { id: 'lost', name: 'Lost', order: 3, kind: 'lost' },
      ],
    },
  ],
  deals: [
    {
      id: 'd1',
      pipelineId: 'p',
      ownerId: 'r1',
      accountId: 'a1',
      stageId: 'won',
      amount: { amount: '600000.00', currency: 'CNY' },
      createdAt: '2024-02-20',
      closedAt: '2024-03-10',
    },
    {
      id: 'd2',
      pipelineId: 'p',
      ownerId: 'r1',
      accountId: 'a2',
      stageId: 'won',
      amount: { amount: '400000.00', currency: 'CNY' },
      createdAt: '2024-03-01',
      closedAt: '2024-03-21',
    },
    {
      id: 'd3',
      pipelineId: 'p',
      ownerId: 'r1',
      accountId: 'a1',
      stageId: 'lost',
      amount: { amount: '100000.00', currency: 'CNY' },
      createdAt: '2024-03-02',
      closedAt: '2024-03-25',
    },
    {
      id: 'd4',
      pipelineId: 'p',
      ownerId: 'r1',
      accountId: 'a3',
      stageId: 'proposal',
      amount: { amount: '50000.00', currency: 'CNY' },
      createdAt: '2024-03-05',
    },
    {
      id: 'd5',
      pipelineId: 'p',
      ownerId: 'r2',
      accountId: 'a3',
      stageId: 'lead',
      amount: { amount: '50000.00', currency: 'CNY' },
      createdAt: '2024-01-05',
    },
  ],
  stageChanges: [
    { dealId: 'd1', fromStageId: null, toStageId: 'lead', at: '2024-02-20' },
    { dealId: 'd1', fromStageId: 'lead', toStageId: 'proposal', at: '2024-03-01' },
    { dealId: 'd1', fromStageId: 'proposal', toStageId: 'won', at: '2024-03-10' },
    { dealId: 'd2', fromStageId: null, toStageId: 'proposal', at: '2024-03-01' },
    { dealId: 'd2', fromStageId: 'proposal', toStageId: 'won', at: '2024-03-21' },
    { dealId: 'd3', fromStageId: null, toStageId: 'proposal', at: '2024-03-02' },
    { dealId: 'd3', fromStageId: 'proposal', toStageId: 'lost', at: '2024-03-25' },
    { dealId: 'd4', fromStageId: null, toStageId: 'proposal', at: '2024-03-05' },
    { dealId: 'd5', fromStageId: null, toStageId: 'lead', at: '2024-01-05' },
  ],
  activities: [
    { id: 'x1', type: 'visit', repId: 'r1', dealId: 'd1', at: '2024-03-04T10:00:00Z', quality: true },
    { id: 'x2', type: 'visit', repId: 'r1', dealId: 'd2', at: '2024-03-06T10:00:00Z', quality: false },
    { id: 'x3', type: 'visit', repId: 'r1', dealId: 'd4', at: '2024-03-20T10:00:00Z', quality: true },
    { id: 'x4', type: 'call', repId: 'r1', dealId: 'd4', at: '2024-03-07T10:00:00Z' },
    { id: 'x5', type: 'follow_up', repId: 'r1', dealId: 'd2', at: '2024-03-30T10:00:00Z' },
    { id: 'x6', type: 'visit', repId: 'r1', dealId: 'd1', at: '2024-04-01T10:00:00Z', quality: true },
  ],
  payments: [
    { id: 'y1', dealId: 'd1', amount: { amount: '600000.00', currency: 'CNY' }, at: '2024-03-25' },
    { id: 'y2', dealId: 'd2', amount: { amount: '200000.00', currency: 'CNY' }, at: '2024-03-31' },
    { id: 'y3', dealId: 'd2', amount: { amount: '200000.00', currency: 'CNY' }, at: '2024-04-15' },
  ],
});

const metricKpi = (id: string, metric: string | { name: string; params?: Record<string, unknown> }) => ({
  id,
  name: id,
  weight: 0,
  target: 1,
  curve: { kind: 'capped-ratio' as const, cap: 200 },
  metric,
});

const card: ScorecardInput = {
  id: 'm',
  name: 'Metrics',
  version: 1,
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'all',
      name: 'All',
      weight: 100,
      kpis: [
        { ...metricKpi('visits', 'visits'), weight: 100 },
        metricKpi('qualityVisits', 'qualityVisits'),
        metricKpi('qualityPerWeek', {
          name: 'activityCount',
          params: { types: ['visit'], qualityOnly: true, per: 'week' },
        }),
        metricKpi('calls', 'calls'),
        metricKpi('followUps', 'followUps'),
        metricKpi('newAccounts', 'newAccounts'),
        metricKpi('dealsCreated', 'dealsCreated'),
        metricKpi('proposalConversion', 'proposalConversion'),
        metricKpi('winRate', 'winRate'),
        metricKpi('signed', 'signedAmount'),
        metricKpi('collected', 'collectedAmount'),
        metricKpi('collectionRate', 'collectionRate'),
        metricKpi('cycle', 'avgCycleDays'),
        metricKpi('timely', { name: 'followUpTimeliness', params: { windowDays: 7 } }),
        metricKpi('demos', 'demos'),
      ],
    },
  ],
};

describe('built-in and custom metrics', () => {
  const demos = (ctx: MetricContext) =>
    ctx.activities.filter((a) => a.type === 'demo' && ctx.inPeriod(a.at)).length;
  const result = scoreKpis(
    { scorecard: card, dataset: data, reps: ['r1', 'r2'] },
    { asOf: '2024-03-31', period: parsePeriodKey('2024-03'), metrics: { demos } },
  );
  const line = (rep: number, id: string) => result.reps[rep]!.kpis.find((k) => k.kpiId === id)!;

  it('counts activities by type in the period, quality visits, and per week (2 quality visits × 7 ÷ 31 days)', () => {
    expect(line(0, 'visits').value).toBe(3);
    expect(line(0, 'qualityVisits').value).toBe(2);
    expect(line(0, 'qualityPerWeek').value).toBeCloseTo((2 * 7) / 31, 12);
    expect(line(0, 'calls').value).toBe(1);
    expect(line(0, 'followUps').value).toBe(1);
  });

  it('new accounts (first deal on the account in the period), deals created, proposal conversion (2 won of the 4 that entered proposal in March = 50%)', () => {
    expect(line(0, 'newAccounts').value).toBe(1); // a2 only: a1's first deal was in February, a3's first deal is r2's
    expect(line(0, 'dealsCreated').value).toBe(3);
    expect(line(0, 'proposalConversion').evidence).toMatchObject({ numerator: 2, denominator: 4 });
  });

  it('win rate 2 of 3 closed, signed 1,000,000, collected 800,000 in March, collection rate 800,000 of 1,000,000 = 80%', () => {
    expect(line(0, 'winRate').evidence).toMatchObject({ numerator: 2, denominator: 3 });
    expect(line(0, 'signed').value).toBe(1_000_000);
    expect(line(0, 'collected').value).toBe(800_000);
    expect(line(0, 'collectionRate').value).toBe(80);
    expect(line(0, 'cycle').value).toBe(19.5); // (19 + 20) / 2
  });

  it('follow-up timeliness: activities within 7 days of the previous touch on the deal', () => {
    // d1: 03-04 (13 days after creation 02-20: late); d2: 03-06 (5: on time), 03-30 (24: late); d4: 03-07 (2), 03-20 (13: late)
    expect(line(0, 'timely').evidence).toMatchObject({ numerator: 2, denominator: 5 });
  });

  it('a rep with nothing to divide gets null with the reason, excluded by policy (never NaN)', () => {
    expect(line(1, 'winRate').value).toBeNull();
    expect(line(1, 'winRate').reason).toBe('no value: no deal closed in the period');
    expect(line(1, 'winRate').status).toBe('excluded');
    expect(line(1, 'demos').value).toBe(0);
  });

  it('an unknown metric is rejected before any work', () => {
    expect(() =>
      scoreKpis(
        { scorecard: card, dataset: data, reps: ['r1'] },
        { asOf: '2024-03-31', period: parsePeriodKey('2024-03') },
      ),
    ).toThrowError(expect.objectContaining({ code: 'UNKNOWN_METRIC' }));
  });

  it('runs on the generated sample CRM, reps taken from the dataset', () => {
    const sample = generateSampleData({ seed: 3, reps: 8, deals: 300 });
    const r = scoreKpis(
      { scorecard: card, dataset: sample },
      { asOf: '2024-12-31', period: parsePeriodKey('FY2024'), metrics: { demos } },
    );
    expect(r.reps).toHaveLength(8);
    expect(r.reps.every((x) => x.total !== null)).toBe(true);
  });

  it('a custom metric that throws or returns nonsense becomes an OpenSpmError naming the metric and rep', () => {
    const broken = () => {
      throw new TypeError('boom');
    };
    expect(() =>
      scoreKpis(
        { scorecard: card, dataset: data, reps: ['r1'] },
        { asOf: '2024-03-31', period: parsePeriodKey('2024-03'), metrics: { demos: broken } },
      ),
    ).toThrowError(
      expect.objectContaining({
        code: 'INVALID_INPUT',
        message: 'custom metric "demos" failed for rep "r1": boom',
      }),
    );
    expect(() =>
      scoreKpis(
        { scorecard: card, dataset: data, reps: ['r1'] },
        {
          asOf: '2024-03-31',
          period: parsePeriodKey('2024-03'),
          metrics: { demos: () => Number.POSITIVE_INFINITY },
        },
      ),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('a supplied value takes precedence over the metric; a metric KPI without value or dataset is an error', () => {
    const r = scoreKpis(
      { scorecard: card, dataset: data, reps: ['r1'], values: { r1: { signed: 123 } } },
      { asOf: '2024-03-31', period: parsePeriodKey('2024-03'), metrics: { demos: () => 1 } },
    );
    expect(r.reps[0]!.kpis.find((k) => k.kpiId === 'signed')!.value).toBe(123);
    expect(r.reps[0]!.kpis.find((k) => k.kpiId === 'signed')!.evidence).toBeNull();
    expect(() =>
      scoreKpis({ scorecard: card, reps: ['r1'] }, { asOf: '2024-03-31', metrics: { demos: () => 1 } }),
    ).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT', path: ['dataset'] }));
  });

  it('places instants on days in options.zone: 31 March 20:00 UTC is 1 April in Shanghai', () => {
    const zoned = validateDataset({
      pipelines: data.pipelines,
      deals: [],
      activities: [
        { id: 'z1', type: 'visit', repId: 'r1', at: '2024-03-31T20:00:00Z' },
        { id: 'z2', type: 'visit', repId: 'r1', at: '2024-03-01T02:00:00+08:00' },
      ],
    });
    const visits: ScorecardInput = {
      ...card,
      dimensions: [
        { id: 'd', name: 'D', weight: 100, kpis: [{ ...metricKpi('visits', 'visits'), weight: 100 }] },
      ],
    };
    const count = (zone: string, month = '2024-03') =>
      scoreKpis(
        { scorecard: visits, dataset: zoned, reps: ['r1'] },
        { asOf: '2024-04-30', period: parsePeriodKey(month), zone },
      ).reps[0]!.kpis[0]!.value;
    expect(count('UTC')).toBe(1); // z1 on 31 March; z2 is 29 February 18:00 UTC
    expect(count('Asia/Shanghai')).toBe(1); // z2 on 1 March; z1 on 1 April
    expect(count('UTC', '2024-04')).toBe(0);
    expect(count('Asia/Shanghai', '2024-04')).toBe(1);
  });
});
