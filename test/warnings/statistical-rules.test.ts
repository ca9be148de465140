import { describe, expect, it } from 'vitest';
import type { ActivityInput } from '../../src/index';
import { ASOF, activity, dataset, deal } from './fixtures';
import { runRule } from './helpers';

const daysBefore = (date: string) => Math.round((Date.parse(ASOF) - Date.parse(date)) / 86_400_000);

describe('conversionDrop', () => {
  // Baseline (March–May): 40 exits from lead, 30 forward. Current (June to asOf): `n` exits, `x` forward.
  const build = (n: number, x: number) => {
    const deals = [];
    for (let k = 0; k < 40; k++)
      deals.push(
        deal(`B-${k}`, [
          ['lead', 90],
          [k < 30 ? 'proposal' : 'lost', 75],
        ]),
      );
    for (let k = 0; k < n; k++)
      deals.push(
        deal(`C-${k}`, [
          ['lead', 40],
          [k < x ? 'proposal' : 'lost', 15],
        ]),
      );
    return dataset(deals);
  };

  it('warns when the drop is beyond chance, reporting p-value, z and Wilson intervals', () => {
    const r = runRule(build(20, 5), 'conversionDrop');
    const lead = r.warnings.find((w) => w.subject.id === 'p1/lead')!;
    expect(lead.code).toBe('CONVERSION_DROP');
    expect(lead.period?.key).toBe('2024-06');
    expect(lead.evidence.details).toMatchObject({
      exits: 20,
      movedForward: 5,
      rate: 0.25,
      baselineExits: 40,
      baselineRate: 0.75,
    });
    expect(lead.evidence.value).toBeCloseTo(0.000107, 5);
    expect(lead.evidence.details.z).toBeCloseTo(-3.7033, 3);
    expect(lead.evidence.details.rateLow).toBeCloseTo(0.1119, 3);
    expect(lead.evidence.details.rateHigh).toBeCloseTo(0.4687, 3);
    expect(lead.message.en).toBe(
      'Conversion from "Lead" fell to 25.0% (5 of 20) in 2024-06, against 75.0% before (p = 0.0001)',
    );
  });

  it('does not warn for a rate at the baseline, nor for a drop within chance', () => {
    expect(runRule(build(20, 15), 'conversionDrop').warnings).toEqual([]);
    expect(runRule(build(20, 13), 'conversionDrop').warnings).toEqual([]);
  });

  it('tests exactly at the minimum sample, and not below it (diagnostic, no guess)', () => {
    expect(runRule(build(20, 5), 'conversionDrop', { minSample: 20 }).warnings).toHaveLength(1);
    const r = runRule(build(19, 5), 'conversionDrop', { minSample: 20 });
    expect(r.warnings).toEqual([]);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'SAMPLE_TOO_SMALL',
        subject: 'p1/lead',
        sampleSize: 19,
        minSample: 20,
      }),
    );
  });

  it('a stricter confidence or a larger minimum drop removes the warning', () => {
    expect(runRule(build(20, 5), 'conversionDrop', { confidence: 0.99999 }).warnings).toEqual([]);
    expect(runRule(build(20, 5), 'conversionDrop', { minDrop: 0.6 }).warnings).toEqual([]);
  });
});

describe('performanceDecline', () => {
  // Last complete week at asOf (Sunday 2024-06-30 00:00) is 2024-W25; its Wednesday is 11 days before asOf.
  const BASE = [10, 12, 9, 11, 10, 13, 8, 10, 11, 12, 9, 10];
  const build = (last: number, reps = true) => {
    const acts: ActivityInput[] = [];
    const week = (j: number, count: number) => {
      for (let k = 0; k < count; k++) acts.push(activity(`a-${j}-${k}`, 11 + 7 * j, { repId: 'rep-1' }));
    };
    week(0, last);
    BASE.forEach((count, j) => {
      week(j + 1, count);
    });
    return dataset([], {
      activities: acts,
      ...(reps
        ? {}
        : {
            reps: [
              { id: 'rep-1', name: 'Li Wei', teamId: 't1', hireDate: '2020-01-01' },
              { id: 'rep-2', name: 'Wang Fang', teamId: 't1', hireDate: '2024-05-20' },
            ],
          }),
    });
  };
  const opts = { metrics: ['activities' as const], subjects: ['rep' as const] };

  it('warns on a dip below median − 3 × 1.4826 × MAD, and reports the band', () => {
    const r = runRule(build(5), 'performanceDecline', opts);
    expect(r.warnings.map((w) => [w.code, w.subject.id, w.period?.key])).toEqual([
      ['PERFORMANCE_DIP', 'rep-1', '2024-W25'],
    ]);
    expect(r.warnings[0]!.evidence).toMatchObject({
      value: 5,
      threshold: 5.5522,
      comparison: '<',
      sampleSize: 12,
    });
    expect(r.warnings[0]!.evidence.details).toMatchObject({ median: 10, spread: 1.4826 });
  });

  it('does not warn inside the band; reports spikes as info unless switched off', () => {
    expect(runRule(build(6), 'performanceDecline', opts).warnings).toEqual([]);
    const spike = runRule(build(30), 'performanceDecline', opts);
    expect(spike.warnings.map((w) => [w.code, w.severity])).toEqual([['PERFORMANCE_SPIKE', 'info']]);
    expect(runRule(build(30), 'performanceDecline', { ...opts, spikes: false }).warnings).toEqual([]);
    const perCode = runRule(build(30), 'performanceDecline', {
      ...opts,
      severity: { PERFORMANCE_SPIKE: 'warning' },
    });
    expect(perCode.warnings[0]!.severity).toBe('warning');
  });

  it('does not judge a constant baseline or a new hire with too few weeks', () => {
    const r = runRule(build(5, false), 'performanceDecline', opts);
    expect(r.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'SAMPLE_TOO_SMALL', subject: 'rep:rep-2/activities', minSample: 8 }),
    );
    const flat = runRule(dataset([]), 'performanceDecline', opts);
    expect(flat.warnings).toEqual([]);
    expect(flat.diagnostics.map((d) => d.code)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE']);
  });
});

describe('pace and coverageGap', () => {
  const won = [1, 2, 3].map((k) =>
    deal(`W-${k}`, [
      ['lead', 30],
      ['won', 20],
    ]),
  );
  const open = deal('O-1', [['lead', 30]], {
    amount: { amount: '90000.00', currency: 'CNY' },
    expectedCloseDate: '2024-06-25',
  });
  const data = dataset([...won, open]);
  const target = (amount: string, subject: 'company' | 'rep' = 'company', id?: string) => ({
    subject,
    ...(id ? { id } : {}),
    period: '2024-06',
    amount: { amount, currency: 'CNY' },
  });
  const at = { asOf: '2024-06-15T12:00:00Z', periodKind: 'month' as const };

  it('pace: warns when won-to-date at the run rate projects below target; exactly on target is fine', () => {
    expect(runRule(data, 'pace', {}, { ...at, targets: [target('60000')] }).warnings).toEqual([]);
    const r = runRule(data, 'pace', {}, { ...at, targets: [target('60000.01')] });
    expect(r.warnings[0]!.evidence).toMatchObject({
      value: '60000.00',
      threshold: '60000.01',
      thresholdSource: 'target',
    });
    expect(r.warnings[0]!.evidence.details).toMatchObject({
      wonToDate: '30000.00',
      elapsedDays: 15,
      periodDays: 30,
    });
    expect(r.warnings[0]!.severity).toBe('critical');
  });

  it('pace: too early in the period is a diagnostic, and no targets is a diagnostic', () => {
    const early = runRule(
      data,
      'pace',
      {},
      { asOf: '2024-06-03', periodKind: 'month', targets: [target('1')] },
    );
    expect(early.warnings).toEqual([]);
    expect(early.diagnostics[0]!.code).toBe('SAMPLE_TOO_SMALL');
    expect(runRule(data, 'pace', {}, at).diagnostics[0]!.code).toBe('INPUT_MISSING');
  });

  it('coverageGap: pipeline closing in the period against 3 × the remaining target', () => {
    expect(runRule(data, 'coverageGap', {}, { ...at, targets: [target('60000')] }).warnings).toEqual([]);
    const r = runRule(data, 'coverageGap', { multiple: 3.5 }, { ...at, targets: [target('60000')] });
    expect(r.warnings[0]!.evidence).toMatchObject({ value: 3, threshold: 3.5 });
    expect(r.warnings[0]!.evidence.details).toMatchObject({
      openPipeline: '90000.00',
      remainingTarget: '30000.00',
    });
    // A target already reached has no gap; a rep with nothing at all has one.
    expect(runRule(data, 'coverageGap', {}, { ...at, targets: [target('30000')] }).warnings).toEqual([]);
    const rep = runRule(data, 'coverageGap', {}, { ...at, targets: [target('5000', 'rep', 'rep-2')] });
    expect(rep.warnings.map((w) => [w.subject.kind, w.subject.id, w.evidence.value])).toEqual([
      ['rep', 'rep-2', 0],
    ]);
  });
});

describe('hockeyStick', () => {
  // Previous quarter of asOf 2024-06-30: FY2024-Q1, final month March.
  const build = (inMarch: number, total = 10) =>
    dataset(
      Array.from({ length: total }, (_, k) => {
        const closed = k < inMarch ? daysBefore('2024-03-15') : daysBefore('2024-01-15');
        return deal(`W-${k}`, [
          ['lead', closed + 5],
          ['won', closed],
        ]);
      }),
    );
  const opts = { subjects: ['company' as const] };

  it('warns when the final month holds more than maxShare of the bookings, not exactly at it', () => {
    const r = runRule(build(6), 'hockeyStick', opts);
    expect(r.warnings.map((w) => [w.subject.kind, w.period?.key, w.evidence.value])).toEqual([
      ['company', 'FY2024-Q1', 0.6],
    ]);
    expect(runRule(build(5), 'hockeyStick', opts).warnings).toEqual([]);
  });

  it('judges exactly at minDeals, not below', () => {
    expect(runRule(build(6), 'hockeyStick', { ...opts, minDeals: 10 }).warnings).toHaveLength(1);
    const r = runRule(build(6), 'hockeyStick', { ...opts, minDeals: 11 });
    expect(r.warnings).toEqual([]);
    expect(r.diagnostics[0]!.code).toBe('SAMPLE_TOO_SMALL');
  });
});
