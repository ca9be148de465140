import { describe, expect, it } from 'vitest';
import {
  aggregateFunnel,
  Money,
  type OpenSpmError,
  parsePeriodKey,
  salesCycle,
  salesVelocity,
  stageConversion,
  stageConversionAsync,
  winRate,
} from '../../src/index';
import { deal, path, pipeline, skipped } from './fixtures';

const asOf = '2024-12-31';
const rows = (r: ReturnType<typeof stageConversion>) =>
  r.overall.stages.map((s) => [s.id, s.entered, s.movedOn, s.lost, s.open, s.skippedOut]);
const next = (r: ReturnType<typeof stageConversion>) =>
  r.overall.stages.map((s) => s.conversion.nextStep.text);
const cumulative = (r: ReturnType<typeof stageConversion>) =>
  r.overall.stages.map((s) => s.conversion.cumulative.text);

describe('skipped stages', () => {
  it('impute: a skipped stage counts as passed through; a late start imputes the earlier stages', () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf, skippedStages: 'impute' });
    expect(rows(r)).toEqual([
      ['A', 4, 4, 0, 0, 0],
      ['B', 4, 4, 0, 0, 0],
      ['C', 4, 2, 1, 1, 0],
      ['D', 2, 2, 0, 0, 0],
      ['won', 2, 0, 0, 0, 0],
    ]);
    expect(next(r)).toEqual(['100.0% (4/4)', '100.0% (4/4)', '50.0% (2/4)', '100.0% (2/2)', 'n/a (0/0)']);
    expect(cumulative(r)).toEqual([
      '100.0% (4/4)',
      '100.0% (4/4)',
      '100.0% (4/4)',
      '50.0% (2/4)',
      '50.0% (2/4)',
    ]);
    expect(r.overall.stages.map((s) => s.imputed)).toEqual([1, 1, 1, 1, 0]);
    expect(r.definition.skippedStages).toBe('impute');
  });

  it('strict: a deal that skips leaves the funnel there; a late start is excluded', () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf, skippedStages: 'strict' });
    expect(rows(r)).toEqual([
      ['A', 3, 2, 0, 0, 1],
      ['B', 2, 1, 0, 0, 1],
      ['C', 1, 0, 0, 0, 1],
      ['D', 0, 0, 0, 0, 0],
      ['won', 0, 0, 0, 0, 0],
    ]);
    expect(next(r).slice(0, 4)).toEqual(['66.7% (2/3)', '50.0% (1/2)', '0.0% (0/1)', 'n/a (0/0)']);
    expect(r.overall.stages[3]!.conversion.nextStep.rate).toBeNull();
    expect(r.overall.stages[3]!.conversion.nextStep.notApplicable).toBe('no deal entered Negotiation');
    expect(cumulative(r)).toEqual(['100.0% (3/3)', '66.7% (2/3)', '33.3% (1/3)', '0.0% (0/3)', '0.0% (0/3)']);
    expect(r.dataQuality.lateEntriesExcluded).toBe(1);
  });

  it('progression: stages count where the deal really was; any later stage is progress', () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf, skippedStages: 'progression' });
    expect(rows(r)).toEqual([
      ['A', 3, 3, 0, 0, 0],
      ['B', 3, 3, 0, 0, 0],
      ['C', 3, 1, 1, 1, 0],
      ['D', 1, 1, 0, 0, 0],
      ['won', 2, 0, 0, 0, 0],
    ]);
    expect(cumulative(r)).toEqual([
      '100.0% (4/4)',
      '100.0% (4/4)',
      '100.0% (4/4)',
      '50.0% (2/4)',
      '50.0% (2/4)',
    ]);
  });

  it('time in stage counts only real, completed stays', () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf });
    const t = r.overall.stages.map((s) => [
      s.timeInStage.sampleSize,
      s.timeInStage.median,
      s.timeInStage.total,
    ]);
    // A: 2, 3, 3 days; B: 3, 4, 4; C: 4, 4 (d4 still there); D: 3
    expect(t.slice(0, 4)).toEqual([
      [3, 3, 8],
      [3, 4, 11],
      [2, 4, 8],
      [1, 3, 3],
    ]);
    expect(r.overall.stages[0]!.timeInStage.mean).toBeCloseTo(8 / 3, 12);
    expect(r.overall.stages[4]!.timeInStage.median).toBeNull();
  });
});

describe('backward moves and re-entry', () => {
  const d5 = path('d5', [
    ['A', '01-01'],
    ['B', '01-05'],
    ['C', '01-10'],
    ['B', '01-12'],
    ['C', '01-20'],
    ['won', '01-25'],
  ]);

  it('counts backward moves and re-entries, and never double-counts entries', () => {
    const r = stageConversion({ pipeline, stageChanges: d5 }, { asOf });
    expect(rows(r)).toEqual([
      ['A', 1, 1, 0, 0, 0],
      ['B', 1, 1, 0, 0, 0],
      ['C', 1, 1, 0, 0, 0],
      ['D', 1, 1, 0, 0, 0],
      ['won', 1, 0, 0, 0, 0],
    ]);
    expect(r.overall.stages.map((s) => s.backwardMoves)).toEqual([0, 0, 1, 0, 0]);
    expect(r.overall.stages.map((s) => s.reentries)).toEqual([0, 1, 1, 0, 0]);
    expect(r.dataQuality.backwardMoves).toBe(1);
  });

  it.each([
    ['first', 5, 2],
    ['last', 8, 5],
    ['cumulative', 13, 7],
  ] as const)('reentry %s: time in B = %i days, in C = %i days', (reentry, b, c) => {
    const r = stageConversion({ pipeline, stageChanges: d5 }, { asOf, reentry });
    expect(r.overall.stages[1]!.timeInStage.median).toBe(b);
    expect(r.overall.stages[2]!.timeInStage.median).toBe(c);
  });

  it('a deal lost after moving back is lost at its furthest stage, and lostWhileIn says where it was', () => {
    const d = path('d', [
      ['A', '01-01'],
      ['B', '01-02'],
      ['C', '01-03'],
      ['B', '01-04'],
      ['lost', '01-05'],
    ]);
    const r = stageConversion({ pipeline, stageChanges: d }, { asOf });
    expect(r.overall.stages[2]!.lost).toBe(1);
    expect(r.overall.stages[1]!.lostWhileIn).toBe(1);
    expect(r.overall.stages[1]!.conversion.dropOff.text).toBe('0.0% (0/1)');
    expect(r.overall.stages[2]!.conversion.dropOff.text).toBe('100.0% (1/1)');
  });
});

describe('reopened deals', () => {
  const d6 = path('d6', [
    ['A', '01-01'],
    ['lost', '01-05'],
    ['A', '02-01'],
    ['B', '02-10'],
    ['won', '02-20'],
  ]);

  it('continue: one journey, the loss undone', () => {
    const r = stageConversion({ pipeline, stageChanges: d6 }, { asOf, reopened: 'continue' });
    expect(rows(r)[0]).toEqual(['A', 1, 1, 0, 0, 0]);
    expect(r.overall.deals).toEqual({ total: 1, won: 1, lost: 0, open: 0 });
    expect(r.dataQuality.reopened).toBe(1);
    expect(r.overall.stages[0]!.timeInStage.median).toBe(4);
    // cycle from the first entry: 2024-01-01 → 2024-02-20
    expect(r.overall.salesCycle.created.median).toBe(50);
  });

  it('new-entry: the lost journey stays lost, the reopened deal enters again', () => {
    const r = stageConversion({ pipeline, stageChanges: d6 }, { asOf, reopened: 'new-entry' });
    expect(rows(r)[0]).toEqual(['A', 2, 1, 1, 0, 0]);
    expect(r.overall.deals).toEqual({ total: 2, won: 1, lost: 1, open: 0 });
    expect(r.overall.winRate.wonOfClosed.text).toBe('50.0% (1/2)');
    expect(r.overall.salesCycle.created.median).toBe(19);
    expect(r.dataQuality.journeys).toBe(2);
  });

  it('continue: a won deal reopened and lost is not counted as won', () => {
    const d = path('d', [
      ['A', '01-01'],
      ['won', '01-05'],
      ['A', '02-01'],
      ['lost', '02-10'],
    ]);
    const r = stageConversion({ pipeline, stageChanges: d }, { asOf });
    expect(r.overall.stages[4]!.entered).toBe(0);
    expect(rows(r)[0]).toEqual(['A', 1, 0, 1, 0, 0]);
  });
});

describe('deals with no history and zero-deal stages', () => {
  it('infers history from the current stage, or excludes the deal', () => {
    const deals = [
      deal('d7', 'B', '1000', { createdAt: new Date('2024-01-15') }),
      deal('d8', 'lost', '2000', { closedAt: new Date('2024-02-01') }),
    ];
    const r = stageConversion({ pipeline, deals, stageChanges: [] }, { asOf });
    expect(r.dataQuality.dealsWithoutHistory).toBe(2);
    expect(rows(r).slice(0, 2)).toEqual([
      ['A', 2, 1, 1, 0, 0],
      ['B', 1, 0, 0, 1, 0],
    ]);
    expect(r.overall.stages[0]!.timeInStage.median).toBe(31); // d8: created 01-01, lost 02-01
    const excluded = stageConversion({ pipeline, deals, stageChanges: [] }, { asOf, noHistory: 'exclude' });
    expect(excluded.dataQuality.dealsExcluded).toBe(2);
    expect(excluded.overall.stages[0]!.entered).toBe(0);
  });

  it('a history that starts mid-way in lost counts the deal as a lost lead, like one entering lost', () => {
    // found by the value-conservation property: the first change by time leaves "lost"
    const stageChanges = [
      { dealId: 'd0', fromStageId: null, toStageId: 'lost', at: new Date('2024-01-11T01:00:00Z') },
      { dealId: 'd0', fromStageId: 'lost', toStageId: 'lost', at: new Date('2024-01-11T00:00:00Z') },
    ];
    const deals = [deal('d0', 'lost', '0.01', { createdAt: new Date('2023-12-01') })];
    for (const skippedStages of ['impute', 'progression'] as const) {
      const r = stageConversion({ pipeline, deals, stageChanges }, { asOf, skippedStages, cohortStage: 'A' });
      expect(r.dataQuality.historyStartsMidway).toBe(1);
      expect(r.overall.deals).toEqual({ total: 1, won: 0, lost: 1, open: 0 });
      expect(r.overall.values!.lost.amount.toFixed(2)).toBe('0.01');
      expect(rows(r)[0]).toEqual(['A', 1, 0, 1, 0, 0]);
    }
  });

  it('an empty funnel reports every rate as not applicable, never NaN', () => {
    const r = stageConversion({ pipeline, stageChanges: [] }, { asOf });
    const json = JSON.stringify(r);
    expect(json).not.toContain('NaN');
    expect(json).not.toContain('Infinity');
    for (const s of r.overall.stages) {
      expect(s.conversion.nextStep.rate).toBeNull();
      expect(s.conversion.nextStep.notApplicable).toBeTruthy();
      expect(s.timeInStage.mean).toBeNull();
    }
    expect(r.overall.winRate.wonOfClosed.notApplicable).toBe('no deal was won or lost');
  });
});

describe('value basis', () => {
  it('weighs by deal amount, lost deals at their amount before loss', () => {
    const deals = [
      deal('d1', 'won', '10000'),
      deal('d2', 'lost', '0'), // the CRM zeroed it on loss
      deal('d3', 'won', '30000'),
      deal('d4', 'C', '5000'),
    ];
    const r = stageConversion(
      { pipeline, deals, stageChanges: skipped, amountsBeforeLoss: { d2: Money.of('20000', 'CNY') } },
      { asOf, basis: 'value' },
    );
    const c = r.overall.stages[2]!; // Proposal: d1 moved on, d2 lost, d3 imputed moved on, d4 open
    expect(c.value?.entered.toString()).toBe('65000.00 CNY');
    expect(c.value?.lost.toString()).toBe('20000.00 CNY');
    expect(c.valueConversion?.nextStep.text).toBe('61.5% (40000.00/65000.00 CNY)');
    expect(c.valueConversion?.dropOff.rate).toBeCloseTo(20000 / 65000, 15);
    expect(r.overall.winRate.valueWonOfClosed?.text).toBe('66.7% (40000.00/60000.00 CNY)');
    expect(r.overall.winRate.valueWonOfAll?.text).toBe('61.5% (40000.00/65000.00 CNY)');
    expect(r.overall.averageDealSize?.average?.toString()).toBe('20000.00 CNY');
    expect(r.definition.basis).toBe('value');
  });

  it('sales velocity = open × win rate × average deal size ÷ cycle', () => {
    const deals = [
      deal('d1', 'won', '10000'),
      deal('d2', 'lost', '2000'),
      deal('d3', 'won', '30000'),
      deal('d4', 'C', '5000'),
    ];
    const v = salesVelocity({ pipeline, deals, stageChanges: skipped }, { asOf });
    // open 1 × (2/3) × 20000 ÷ mean cycle ((9 + 11) / 2 = 10 days; created 01-01, won 01-10 and 01-12)
    expect(v.cycleDays).toBe(10);
    expect(v.perDay?.toString()).toBe('1333.33 CNY');
  });
});

describe('modes, periods, grouping and helpers', () => {
  it('cohort mode keeps deals that entered in the period; period mode counts entries per stage', () => {
    const changes = [
      ...path('x', [
        ['A', '01-30'],
        ['B', '02-03'],
        ['won', '02-20'],
      ]),
      ...path('y', [
        ['A', '02-02'],
        ['lost', '02-05'],
      ]),
    ];
    const period = parsePeriodKey('2024-02');
    const cohort = stageConversion({ pipeline, stageChanges: changes }, { asOf, period });
    expect(cohort.overall.stages[0]!.entered).toBe(1);
    expect(cohort.overall.stages[1]!.entered).toBe(0);
    const byPeriod = stageConversion({ pipeline, stageChanges: changes }, { asOf, period, mode: 'period' });
    expect(byPeriod.overall.stages.map((s) => s.entered)).toEqual([1, 1, 1, 1, 1]);
    expect(byPeriod.overall.winRate.wonOfClosed.text).toBe('50.0% (1/2)');
  });

  it('ignores changes after asOf and reports them', () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf: '2024-01-05' });
    expect(r.dataQuality.ignoredAfterAsOf).toBe(6);
    expect(r.overall.stages[0]!.entered).toBe(4);
  });

  it('groups by a key, and by a function', () => {
    const deals = [
      deal('d1', 'won', '1', { ownerId: 'ann' }),
      deal('d2', 'lost', '1', { ownerId: 'bob' }),
      deal('d3', 'won', '1', { ownerId: 'ann' }),
      deal('d4', 'C', '1', { ownerId: 'bob' }),
    ];
    const r = stageConversion({ pipeline, deals, stageChanges: skipped }, { asOf, groupBy: 'owner' });
    expect(r.groups.map((g) => [g.key, g.report.winRate.wonOfAll.text])).toEqual([
      ['ann', '100.0% (2/2)'],
      ['bob', '0.0% (0/2)'],
    ]);
    const f = stageConversion(
      { pipeline, deals, stageChanges: skipped },
      { asOf, groupBy: (d) => (d.id < 'd3' ? 'early' : 'late') },
    );
    expect(f.groups.map((g) => g.key)).toEqual(['early', 'late']);
    expect(f.definition.groupBy).toBe('custom');
  });

  it('counts working days with the calendar', () => {
    // 2024-01-05 is a Friday; 01-08 Monday: 3 calendar days, 1 working day
    const d = path('w', [
      ['A', '01-05'],
      ['B', '01-08'],
    ]);
    const cal = stageConversion({ pipeline, stageChanges: d }, { asOf });
    const work = stageConversion({ pipeline, stageChanges: d }, { asOf, days: 'working' });
    expect(cal.overall.stages[0]!.timeInStage.median).toBe(3);
    expect(work.overall.stages[0]!.timeInStage.median).toBe(1);
    expect(work.overall.stages[0]!.timeInStage.unit).toBe('working days');
  });

  it('places instants on days in the calendar zone', () => {
    const d = [
      { dealId: 'z', fromStageId: null, toStageId: 'A', at: '2024-01-01T20:00:00Z' }, // 01-02 in Shanghai
      { dealId: 'z', fromStageId: 'A', toStageId: 'B', at: '2024-01-03T01:00:00Z' },
    ];
    const utc = stageConversion({ pipeline, stageChanges: d }, { asOf });
    const sh = stageConversion({ pipeline, stageChanges: d }, { asOf, calendar: { zone: 'Asia/Shanghai' } });
    expect(utc.overall.stages[0]!.timeInStage.median).toBe(2);
    expect(sh.overall.stages[0]!.timeInStage.median).toBe(1);
  });

  it('winRate, salesCycle and the async form agree with stageConversion', async () => {
    const r = stageConversion({ pipeline, stageChanges: skipped }, { asOf, cycleFromStage: 'B' });
    expect(winRate({ pipeline, stageChanges: skipped }, { asOf })).toEqual(r.overall.winRate);
    expect(salesCycle({ pipeline, stageChanges: skipped }, { asOf }).created).toEqual(
      r.overall.salesCycle.created,
    );
    expect(r.overall.salesCycle.fromStage?.median).toBe(7); // d1 01-03 → 01-10, d3 01-05 → 01-12
    async function* gen() {
      yield* skipped;
    }
    const a = await stageConversionAsync({ pipeline, stageChanges: gen() }, { asOf, cycleFromStage: 'B' });
    expect(a).toEqual(r);
  });

  it('does not change its input', () => {
    const copy = structuredClone(skipped);
    stageConversion({ pipeline, stageChanges: skipped }, { asOf });
    expect(skipped).toEqual(copy);
  });

  it('rejects bad input with clear errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return [(e as OpenSpmError).code, (e as OpenSpmError).message, (e as OpenSpmError).issues[0]?.code];
      }
      return ['no error'];
    };
    expect(code(() => stageConversion({ pipeline, stageChanges: skipped }, {} as never))[0]).toBe(
      'INVALID_INPUT',
    );
    expect(
      code(() =>
        stageConversion({ pipeline, stageChanges: skipped }, { asOf, skippedStages: 'loose' as never }),
      ),
    ).toEqual([
      'INVALID_INPUT',
      expect.stringContaining('"strict", "impute", "progression"'),
      'INVALID_INPUT',
    ]);
    const bad = code(() =>
      stageConversion(
        { pipeline, stageChanges: [{ dealId: 'x', fromStageId: null, toStageId: 'Z', at: '2024-01-01' }] },
        { asOf },
      ),
    );
    expect(bad.slice(0, 2)).toEqual([
      'UNKNOWN_REFERENCE',
      expect.stringContaining('stageChanges[0].toStageId'),
    ]);
    expect(
      code(() =>
        stageConversion(
          { pipeline, stageChanges: [{ dealId: 'x', fromStageId: null, toStageId: 'A', at: 'yesterday' }] },
          { asOf },
        ),
      )[2],
    ).toBe('INVALID_DATE');
    expect(
      code(() => stageConversion({ pipeline, stageChanges: skipped }, { asOf, groupBy: 'owner' }))[0],
    ).toBe('INVALID_INPUT');
    expect(
      code(() =>
        stageConversion({ pipeline, deals: [deal('d1', 'A', '1')], stageChanges: skipped }, { asOf }),
      )[0],
    ).toBe('UNKNOWN_REFERENCE');
  });

  it('aggregates are JSON-safe', () => {
    const a = aggregateFunnel({ pipeline, stageChanges: skipped }, { asOf });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
