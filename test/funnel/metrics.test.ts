import { describe, expect, it } from 'vitest';
import {
  findBottlenecks,
  forecast,
  historyFromCurrentStage,
  historyFromSnapshots,
  historyFromStageDates,
  Money,
  parsePeriodKey,
  stageConversion,
} from '../../src/index';
import { deal, path, pipeline, skipped } from './fixtures';

const asOf = '2024-12-31';

function cohort(prefix: string, n: number, movedOn: number, days: number) {
  return Array.from({ length: n }, (_, i) =>
    path(`${prefix}${i}`, [
      ['A', '01-01'],
      i < movedOn ? ['B', `01-${String(1 + days).padStart(2, '0')}`] : ['lost', '01-05'],
    ]),
  ).flat();
}

describe('findBottlenecks', () => {
  it('ranks stages by how far they fall below the baseline, with the gap', () => {
    const before = stageConversion({ pipeline, stageChanges: cohort('a', 20, 16, 4) }, { asOf });
    const now = stageConversion({ pipeline, stageChanges: cohort('b', 20, 10, 8) }, { asOf });
    const r = findBottlenecks(now, { baseline: before });
    // time in Lead: now ten 8-day and ten 4-day stays (median 6) against twenty 4-day stays (median 4)
    expect(r.bottlenecks.map((b) => [b.metric, b.stageId, b.current, b.baseline, b.relativeGap])).toEqual([
      ['timeInStage', 'A', 6, 4, 0.5],
      ['conversion', 'A', 0.5, 0.8, expect.closeTo(0.375, 12)],
    ]);
    const conv = r.bottlenecks.find((b) => b.metric === 'conversion')!;
    expect(conv.gap).toBeCloseTo(0.3, 12);
    expect(conv.relativeGap).toBeCloseTo(0.375, 12);
    expect(conv.explanation).toBe(
      'Lead: next-step conversion 50.0% vs 80.0% in the baseline (30.0 points, 37.5% worse)',
    );
    expect(r.top).toEqual(r.bottlenecks[0]);
    expect(r.notJudged.some((n) => n.stageId === 'B')).toBe(true);
  });

  it('judges nothing on too few deals, and finds nothing when better than baseline', () => {
    const small = stageConversion({ pipeline, stageChanges: skipped }, { asOf });
    expect(findBottlenecks(small, { baseline: small }).top).toBeNull();
    const good = stageConversion({ pipeline, stageChanges: cohort('g', 20, 20, 2) }, { asOf });
    const bad = stageConversion({ pipeline, stageChanges: cohort('h', 20, 5, 2) }, { asOf });
    expect(findBottlenecks(good, { baseline: bad, metric: 'conversion' }).top).toBeNull();
  });
});

describe('forecast', () => {
  const stageChanges = [
    ...path('w1', [
      ['A', '01-01'],
      ['C', '01-05'],
      ['won', '01-20'],
    ]),
    ...path('w2', [
      ['A', '01-01'],
      ['won', '02-10'],
    ]),
    ...path('l1', [
      ['A', '01-01'],
      ['C', '01-03'],
      ['lost', '01-09'],
    ]),
    ...path('l2', [
      ['A', '01-01'],
      ['lost', '01-09'],
    ]),
    ...path('o1', [
      ['A', '01-02'],
      ['C', '01-10'],
    ]),
    ...path('o2', [['A', '01-03']]),
  ];
  const deals = [
    deal('w1', 'won', '10000'),
    deal('w2', 'won', '20000'),
    deal('l1', 'lost', '5000'),
    deal('l2', 'lost', '5000'),
    deal('o1', 'C', '40000', { expectedCloseDate: new Date('2024-03-15') }),
    deal('o2', 'A', '8000', { expectedCloseDate: new Date('2024-05-01') }),
  ];

  it('learns stage-to-close probability from closed deals that reached the stage', () => {
    const f = forecast(
      { pipeline, deals, stageChanges },
      {
        asOf: '2024-02-29',
        minSample: 3,
        periods: [parsePeriodKey('FY2024-Q1'), parsePeriodKey('FY2024-Q2')],
        targets: { 'FY2024-Q1': Money.of('50000', 'CNY') },
      },
    );
    const [a, b, c] = f.stages;
    expect(a!.historical.text).toBe('50.0% (2/4)'); // all 4 closed deals reached Lead
    expect(c!.historical.text).toBe('66.7% (2/3)'); // w1, l1, and w2 (won ⇒ passed C under impute)
    expect(c!.source).toBe('historical');
    expect(b!.historical.denominator).toBe(3);
    expect(c!.openDeals).toBe(1);
    expect(c!.weighted.toString()).toBe('26666.67 CNY'); // 40000 × 2/3, rounded half-up once
    expect(a!.weighted.toString()).toBe('4000.00 CNY');
    expect(f.weighted.toString()).toBe('30666.67 CNY');
    const q1 = f.periods[0]!;
    expect(q1.won.toString()).toBe('30000.00 CNY');
    expect(q1.remaining?.toString()).toBe('20000.00 CNY');
    expect(q1.coverage?.text).toBe('200.0% (40000.00/20000.00 CNY)');
    expect(f.periods[1]!.coverage).toBeNull();
    expect(f.periods[1]!.openAmount.toString()).toBe('8000.00 CNY');
  });

  it('falls back to the configured probability below the minimum sample', () => {
    const f = forecast({ pipeline, deals, stageChanges }, { asOf: '2024-02-29' });
    expect(f.stages[2]!.source).toBe('configured');
    expect(f.stages[2]!.used).toBe(0.5);
    expect(f.stages[2]!.weighted.toString()).toBe('20000.00 CNY');
  });
});

describe('history builders', () => {
  it('HubSpot-style date-entered columns', () => {
    const h = historyFromStageDates(
      [
        {
          dealId: 'd1',
          hs_date_entered_A: '2024-01-01',
          hs_date_entered_C: '2024-01-04',
          hs_date_entered_lost: '2024-01-08',
        },
        {
          dealId: 7,
          hs_date_entered_A: '2024-01-02',
          hs_date_entered_B: '2024-01-05',
          hs_date_entered_won: null,
        },
      ],
      { pipeline },
    );
    expect(h.stageChanges.map((c) => `${c.dealId}:${c.fromStageId}→${c.toStageId}`)).toEqual([
      'd1:null→A',
      'd1:A→C',
      'd1:C→lost',
      '7:null→A',
      '7:A→B',
    ]);
    expect(h.notes[0]).toMatch(/one date per stage/);
    const r = stageConversion({ pipeline, stageChanges: h.stageChanges }, { asOf });
    expect(r.overall.stages[0]!.entered).toBe(2);
  });

  it('Salesforce-style snapshot rows, with the amount before loss', () => {
    const h = historyFromSnapshots(
      [
        { dealId: 'o1', stageId: 'B', at: '2024-01-03', amount: { amount: '7000', currency: 'CNY' } },
        { dealId: 'o1', stageId: 'A', at: '2024-01-01', amount: { amount: '5000', currency: 'CNY' } },
        { dealId: 'o1', stageId: 'B', at: '2024-01-04', amount: { amount: '8000', currency: 'CNY' } },
        { dealId: 'o1', stageId: 'lost', at: '2024-01-09', amount: { amount: '0', currency: 'CNY' } },
      ],
      { pipeline },
    );
    expect(h.stageChanges.map((c) => c.toStageId)).toEqual(['A', 'B', 'lost']);
    expect(h.amountsBeforeLoss.get('o1')?.toString()).toBe('8000.00 CNY');
    const r = stageConversion(
      {
        pipeline,
        stageChanges: h.stageChanges,
        deals: [deal('o1', 'lost', '0')],
        amountsBeforeLoss: h.amountsBeforeLoss,
      },
      { asOf },
    );
    expect(r.overall.values?.lost.toString()).toBe('8000.00 CNY');
  });

  it('current stage only: infers entries at the known dates and says so', () => {
    const h = historyFromCurrentStage(
      [
        deal('a', 'C', '1', { createdAt: new Date('2024-01-05') }),
        deal('b', 'won', '1', { closedAt: new Date('2024-02-01') }),
      ],
      { pipeline },
    );
    expect(h.stageChanges.map((c) => `${c.dealId}:${c.fromStageId}→${c.toStageId}`)).toEqual([
      'a:null→C',
      'b:null→A',
      'b:A→won',
    ]);
    expect(h.inferred).toBe(3);
    expect(h.notes[0]).toMatch(/Inferred/);
  });
});
