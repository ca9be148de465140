import { describe, expect, it } from 'vitest';
import { type Dataset, detectAnomalies, OpenSpmError } from '../../src/index';
import { ASOF, dataset, deal } from './fixtures';

const data = dataset([
  deal('D-1', [['lead', 30]], { expectedCloseDate: '2024-06-01' }),
  deal('D-2', [['lead', 3]], { expectedCloseDate: '2024-07-01' }),
]);

describe('detectAnomalies', () => {
  it('returns warnings most severe first, with counts, the period and the rules that ran', () => {
    const r = detectAnomalies(data, { asOf: ASOF, rules: { noActivity: { severity: 'critical' } } });
    expect(r.asOf).toBe('2024-06-30T00:00:00.000Z');
    expect(r.period).toEqual({ kind: 'quarter', key: 'FY2024-Q2', start: '2024-04-01', end: '2024-07-01' });
    expect(r.warnings[0]!.code).toBe('DEAL_ROTTING');
    expect(r.warnings[0]!.severity).toBe('critical');
    expect(r.counts.critical).toBe(1);
    expect(r.rules).toHaveLength(16);
    expect(r.warnings.every((w) => /^w-[0-9a-f]{16}$/.test(w.id))).toBe(true);
  });

  it('a rule switched off raises nothing', () => {
    const r = detectAnomalies(data, { asOf: ASOF, rules: { closeDateOverdue: { enabled: false } } });
    expect(r.warnings.some((w) => w.rule === 'closeDateOverdue')).toBe(false);
    expect(r.rules).not.toContain('closeDateOverdue');
  });

  it('does not change its input', () => {
    const before = JSON.stringify(data);
    detectAnomalies(data, { asOf: ASOF });
    expect(JSON.stringify(data)).toBe(before);
  });

  it('rejects bad options with every issue and its path', () => {
    try {
      detectAnomalies(data, {
        asOf: 'yesterday',
        rules: { conversionDrop: { confidence: 1.5 }, stalledInStage: { percentile: 0 } },
      } as never);
      expect.unreachable();
    } catch (error) {
      const e = error as OpenSpmError;
      expect(e).toBeInstanceOf(OpenSpmError);
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.issues.map((i) => i.path.join('.')).sort()).toEqual([
        'options.asOf',
        'options.rules.conversionDrop.confidence',
        'options.rules.stalledInStage.percentile',
      ]);
    }
    expect(() => detectAnomalies(data, { asOf: ASOF, rules: { nope: {} } } as never)).toThrow(OpenSpmError);
    expect(() =>
      detectAnomalies(data, {
        asOf: ASOF,
        targets: [{ subject: 'rep', period: 'FY2024-Q2', amount: { amount: '1', currency: 'CNY' } }],
      }),
    ).toThrow(/needs the id/);
  });

  it('rejects a dataset that was not parsed, naming the path', () => {
    const raw = { ...data, deals: [{ ...data.deals[0]!, createdAt: '2024-06-01' }] } as unknown as Dataset;
    expect(() => detectAnomalies(raw, { asOf: ASOF })).toThrow(/validateDataset/);
    expect(() => detectAnomalies(null as unknown as Dataset, { asOf: ASOF })).toThrow(OpenSpmError);
    const rawChange = {
      ...data,
      stageChanges: [{ ...data.stageChanges[0]!, at: '2024-06-01' }],
    } as unknown as Dataset;
    try {
      detectAnomalies(rawChange, { asOf: ASOF });
      expect.unreachable();
    } catch (error) {
      expect((error as OpenSpmError).issues[0]!.path).toEqual(['dataset', 'stageChanges', 0, 'at']);
    }
  });
});

describe('documentation examples', () => {
  it('the detectAnomalies example holds', async () => {
    const { validateDataset } = await import('../../src/index');
    const data = validateDataset({
      pipelines: [
        {
          id: 'p1',
          name: 'New business',
          stages: [
            { id: 'lead', name: 'Lead', order: 0, kind: 'open', slaDays: 7 },
            { id: 'won', name: 'Won', order: 1, kind: 'won' },
          ],
        },
      ],
      deals: [
        {
          id: 'D-1',
          pipelineId: 'p1',
          ownerId: 'u1',
          stageId: 'lead',
          amount: { amount: '50000', currency: 'CNY' },
          createdAt: '2024-06-01',
          expectedCloseDate: '2024-06-20',
        },
      ],
    });
    const result = detectAnomalies(data, {
      asOf: '2024-06-30',
      rules: { stalledInStage: { threshold: 'configured' } },
    });
    expect(result.warnings.map((w) => w.code)).toEqual([
      'CLOSE_DATE_OVERDUE',
      'DEAL_ROTTING',
      'STALLED_IN_STAGE',
    ]);
    const stalled = result.warnings[2]!;
    expect(stalled.evidence.value).toBe(29);
    expect(stalled.evidence.thresholdSource).toBe('stage.slaDays');
    expect(stalled.message['zh-CN']).toBe(
      '商机 D-1 在「Lead」阶段已停留 29 天，超过阈值 7 天（阶段 SLA 天数）',
    );
    const empty = detectAnomalies({ pipelines: [], deals: [] } as never, { asOf: '2024-12-31' });
    expect(empty.period.key).toBe('FY2024-Q4');
  });
});

describe('time zones', () => {
  it('places the period and dates on the calendar’s zone', () => {
    const late = dataset([deal('D-1', [['lead', 3]], { expectedCloseDate: '2024-06-29T20:00:00Z' })]);
    // 2024-06-30T20:00Z is already 1 July in Shanghai: a new quarter there, still Q2 in UTC.
    const shanghai = detectAnomalies(late, {
      asOf: '2024-06-30T20:00:00Z',
      calendar: { zone: 'Asia/Shanghai' },
      rules: { closeDateOverdue: {} },
    });
    expect(shanghai.period.key).toBe('FY2024-Q3');
    const w = shanghai.warnings.find((x) => x.code === 'CLOSE_DATE_OVERDUE')!;
    expect(w.evidence.details.expectedCloseDate).toBe('2024-06-30');
    expect(w.evidence.value).toBe(1);
    expect(detectAnomalies(late, { asOf: '2024-06-30T20:00:00Z' }).period.key).toBe('FY2024-Q2');
  });
});
