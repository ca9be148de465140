import { describe, expect, it } from 'vitest';
import { activity, ago, dataset, deal } from './fixtures';
import { runRule } from './helpers';

describe('stalledInStage', () => {
  it('warns above the stage slaDays, not exactly at it (configured threshold)', () => {
    const data = dataset([deal('D-at', [['lead', 7]]), deal('D-over', [['lead', 8]])]);
    const r = runRule(data, 'stalledInStage', { threshold: 'configured' });
    expect(r.warnings.map((w) => w.subject.id)).toEqual(['D-over']);
    const w = r.warnings[0]!;
    expect(w.code).toBe('STALLED_IN_STAGE');
    expect(w.evidence).toMatchObject({
      value: 8,
      threshold: 7,
      comparison: '>',
      thresholdSource: 'stage.slaDays',
    });
    expect(w.message.en).toContain('8 days');
    expect(w.message['zh-CN']).toContain('8 天');
  });

  it('uses a per-stage override before slaDays, and defaultDays for stages without an SLA', () => {
    const data = dataset([
      deal('D-1', [['lead', 8]]),
      deal('D-2', [
        ['lead', 20],
        ['negotiation', 12],
      ]),
    ]);
    const r = runRule(data, 'stalledInStage', {
      threshold: 'configured',
      stages: [{ pipelineId: 'p1', stageId: 'lead', days: 9 }],
      defaultDays: 11,
    });
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.threshold, w.evidence.thresholdSource])).toEqual([
      ['D-2', 11, 'default'],
    ]);
  });

  it('learns the p90 of days in stage among won deals when the sample is large enough', () => {
    const won = [2, 4, 6].map((d, k) =>
      deal(`W-${k}`, [
        ['lead', 100],
        ['proposal', 100 - d],
        ['won', 90 - d],
      ]),
    );
    const data = dataset([...won, deal('D-7', [['lead', 7]]), deal('D-6', [['lead', 6]])]);
    const r = runRule(data, 'stalledInStage', { minSample: 3 });
    expect(r.warnings.map((w) => w.subject.id)).toEqual(['D-7']);
    expect(r.warnings[0]!.evidence).toMatchObject({
      threshold: 6,
      thresholdSource: 'learned',
      sampleSize: 3,
    });
    // Raising the percentile never lowers the threshold.
    expect(runRule(data, 'stalledInStage', { minSample: 3, percentile: 0.5 }).warnings.length).toBe(2);
  });

  it('falls back to the configured threshold below the minimum sample, and says so', () => {
    const won = [2, 4].map((d, k) =>
      deal(`W-${k}`, [
        ['lead', 100],
        ['won', 100 - d],
      ]),
    );
    const data = dataset([...won, deal('D-7', [['lead', 7]]), deal('D-8', [['lead', 8]])]);
    const r = runRule(data, 'stalledInStage', { minSample: 3 });
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.thresholdSource])).toEqual([
      ['D-8', 'stage.slaDays'],
    ]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'THRESHOLD_FALLBACK',
        subject: 'p1/lead',
        sampleSize: 2,
        minSample: 3,
      }),
    );
  });

  it('ignores closed deals and events after asOf', () => {
    const data = dataset([
      deal('D-won', [
        ['lead', 30],
        ['won', 20],
      ]),
      deal('D-future', [
        ['lead', 30],
        ['proposal', -2],
      ]),
    ]);
    const r = runRule(data, 'stalledInStage', { threshold: 'configured' });
    // D-future was still in lead at asOf (its move is after asOf): 30 days > 7.
    expect(r.warnings.map((w) => [w.subject.id, w.subject.stageId])).toEqual([['D-future', 'lead']]);
  });
});

describe('noActivity', () => {
  it('counts days since the later of the last activity and the stage entry; boundary not warned', () => {
    const data = dataset(
      [deal('D-at', [['lead', 20]]), deal('D-over', [['lead', 20]]), deal('D-fresh', [['lead', 20]])],
      {
        activities: [
          activity('a1', 10, { dealId: 'D-at' }),
          activity('a2', 11, { dealId: 'D-over' }),
          activity('a3', 2, { dealId: 'D-fresh' }),
        ],
      },
    );
    const r = runRule(data, 'noActivity');
    expect(r.warnings.map((w) => w.subject.id)).toEqual(['D-over']);
    expect(r.warnings[0]!.evidence).toMatchObject({
      value: 11,
      threshold: 10,
      thresholdSource: 'stage.rottingDays',
    });
  });

  it('uses defaultDays (14) for stages without rottingDays', () => {
    const data = dataset([deal('D-14', [['proposal', 14]]), deal('D-15', [['proposal', 15]])]);
    expect(runRule(data, 'noActivity').warnings.map((w) => w.subject.id)).toEqual(['D-15']);
  });
});

describe('closeDateOverdue', () => {
  it('warns when the expected close date passed by more than graceDays', () => {
    const data = dataset([
      deal('D-today', [['lead', 3]], { expectedCloseDate: '2024-06-30' }),
      deal('D-1', [['lead', 3]], { expectedCloseDate: '2024-06-29' }),
      deal(
        'D-won',
        [
          ['lead', 9],
          ['won', 3],
        ],
        { expectedCloseDate: '2024-06-01' },
      ),
    ]);
    const r = runRule(data, 'closeDateOverdue');
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.value])).toEqual([['D-1', 1]]);
    expect(runRule(data, 'closeDateOverdue', { graceDays: 1 }).warnings).toEqual([]);
  });
});

describe('closeDateSlipped', () => {
  const data = dataset([
    deal('D-1', [['lead', 60]], { expectedCloseDate: '2024-08-31' }),
    deal('D-2', [['lead', 60]]),
  ]);

  it('needs the close-date history, and says so when it is missing', () => {
    const r = runRule(data, 'closeDateSlipped');
    expect(r.warnings).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'INPUT_MISSING', rule: 'closeDateSlipped' });
  });

  it('warns after maxPushes pushes later, and on a push out of the current period', () => {
    const closeDateChanges = [
      { dealId: 'D-1', at: ago(50), from: '2024-05-15', to: '2024-05-31' },
      { dealId: 'D-1', at: ago(20), from: '2024-05-31', to: '2024-06-20' },
      { dealId: 'D-1', at: ago(5), from: '2024-06-20', to: '2024-08-31' },
      { dealId: 'D-2', at: ago(5), from: '2024-06-20', to: '2024-06-10' },
    ];
    const r = runRule(data, 'closeDateSlipped', {}, { closeDateChanges });
    expect(r.warnings.map((w) => [w.code, w.subject.id])).toEqual([
      ['CLOSE_DATE_PUSHED_OUT', 'D-1'],
      ['CLOSE_DATE_SLIPPED', 'D-1'],
    ]);
    expect(r.warnings[1]!.evidence).toMatchObject({ value: 3, threshold: 2 });
    const strict = runRule(
      data,
      'closeDateSlipped',
      { maxPushes: 4, outOfPeriod: false },
      { closeDateChanges },
    );
    expect(strict.warnings).toEqual([]);
    // Exactly at maxPushes warns (the rule is "pushed k times").
    expect(
      runRule(data, 'closeDateSlipped', { maxPushes: 3, outOfPeriod: false }, { closeDateChanges }).warnings,
    ).toHaveLength(1);
  });
});

describe('amountDecreased', () => {
  const data = dataset([deal('D-1', [['proposal', 40]], { amount: { amount: '80000', currency: 'CNY' } })]);
  const change = (pct: string, days = 5) => [
    {
      dealId: 'D-1',
      at: ago(days),
      from: { amount: '100000', currency: 'CNY' },
      to: { amount: pct, currency: 'CNY' },
    },
  ];

  it('warns on a decrease above minDecrease within the lookback', () => {
    const r = runRule(data, 'amountDecreased', {}, { amountChanges: change('80000') });
    expect(r.warnings[0]!.evidence).toMatchObject({ value: 0.2, threshold: 0.1 });
    expect(r.warnings[0]!.evidence.details).toMatchObject({ from: '100000.00 CNY', to: '80000.00 CNY' });
  });

  it('does not warn exactly at minDecrease, outside the lookback, or without history', () => {
    expect(runRule(data, 'amountDecreased', {}, { amountChanges: change('90000') }).warnings).toEqual([]);
    expect(runRule(data, 'amountDecreased', {}, { amountChanges: change('50000', 31) }).warnings).toEqual([]);
    expect(runRule(data, 'amountDecreased').diagnostics[0]!.code).toBe('INPUT_MISSING');
  });
});

describe('stageRegression and stageSkipped', () => {
  const data = dataset([
    deal('D-back', [
      ['lead', 40],
      ['proposal', 20],
      ['lead', 10],
    ]),
    deal('D-old-back', [
      ['lead', 90],
      ['proposal', 80],
      ['lead', 40],
    ]),
    deal('D-skip', [
      ['lead', 40],
      ['negotiation', 10],
    ]),
    deal('D-skip-won', [
      ['lead', 40],
      ['won', 5],
    ]),
    deal('D-step', [
      ['lead', 40],
      ['proposal', 10],
      ['lost', 5],
    ]),
    deal('D-entry', [['proposal', 10]]),
  ]);

  it('warns on backward moves within the lookback only', () => {
    const r = runRule(data, 'stageRegression');
    expect(r.warnings.map((w) => w.subject.id)).toEqual(['D-back']);
    expect(r.warnings[0]!.message.en).toBe('Deal D-back moved back from "Proposal" to "Lead" on 2024-06-20');
    expect(runRule(data, 'stageRegression', { lookbackDays: 60 }).warnings).toHaveLength(2);
  });

  it('warns on skipped stages, counting them; entries only with includeEntry', () => {
    const r = runRule(data, 'stageSkipped');
    expect(r.warnings.map((w) => [w.subject.id, w.evidence.value])).toEqual([
      ['D-skip', 1],
      ['D-skip-won', 2],
    ]);
    expect(runRule(data, 'stageSkipped', { minSkipped: 2 }).warnings.map((w) => w.subject.id)).toEqual([
      'D-skip-won',
    ]);
    expect(runRule(data, 'stageSkipped', { includeEntry: true }).warnings.map((w) => w.subject.id)).toContain(
      'D-entry',
    );
  });
});

describe('dataQuality', () => {
  it('flags owners who left or are unknown, zero amounts, and contradictory events', () => {
    const data = dataset(
      [
        deal('D-left', [['lead', 5]], { ownerId: 'rep-2' }),
        deal('D-zero', [['lead', 5]], { amount: { amount: '0', currency: 'CNY' } }),
        deal(
          'D-won-nodate',
          [
            ['lead', 9],
            ['won', 3],
          ],
          { closedAt: null },
        ),
        deal('D-ok', [['lead', 5]]),
      ],
      {
        reps: [
          { id: 'rep-1', name: 'Li Wei', teamId: 't1', hireDate: '2020-01-01' },
          { id: 'rep-2', name: 'Wang Fang', teamId: 't1', hireDate: '2020-01-01', endDate: '2024-06-01' },
        ],
        activities: [activity('a-early', 8, { dealId: 'D-ok' })],
      },
    );
    const r = runRule(data, 'dataQuality');
    expect(r.warnings.map((w) => [w.code, w.subject.id])).toEqual([
      ['DEAL_WITHOUT_OWNER', 'D-left'],
      ['DEAL_WITHOUT_AMOUNT', 'D-zero'],
      ['EVENT_OUT_OF_ORDER', 'D-ok'],
      ['EVENT_OUT_OF_ORDER', 'D-won-nodate'],
    ]);
    expect(r.warnings[0]!.message.en).toBe('Open deal D-left is owned by Wang Fang, who left on 2024-06-01');
    expect(r.diagnostics.map((d) => d.code)).toContain('INPUT_MISSING');
  });

  it('flags activities logged in bulk late, from custom.loggedAt, at minBulk but not below', () => {
    const acts = (n: number, rep: string) =>
      Array.from({ length: n }, (_, k) =>
        activity(`${rep}-${k}`, 10 + k, { repId: rep, custom: { loggedAt: ago(2) } }),
      );
    const data = dataset([deal('D-1', [['lead', 5]])], {
      activities: [...acts(5, 'rep-1'), ...acts(4, 'rep-2')],
    });
    const r = runRule(data, 'dataQuality');
    expect(r.warnings.map((w) => [w.code, w.subject.id, w.evidence.value])).toEqual([
      ['ACTIVITY_LOGGED_LATE', 'rep-1', 5],
    ]);
    expect(runRule(data, 'dataQuality', { lateDays: 10 }).warnings).toEqual([]);
  });
});
