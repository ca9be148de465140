import { describe, expect, it } from 'vitest';
import { defineScorecard, OpenSpmError, type ScorecardInput, scoreKpis } from '../../src/index';

const capped = { kind: 'capped-ratio', cap: 120 } as const;
const fiveKpis: ScorecardInput = {
  id: 'rep-card',
  name: 'Rep scorecard',
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'process',
      name: 'Process',
      weight: 25,
      kpis: [
        { id: 'visits', name: 'Visits', weight: 60, target: 60, curve: capped },
        { id: 'followUps', name: 'Follow-ups', weight: 40, target: 120, curve: capped },
      ],
    },
    {
      id: 'result',
      name: 'Result',
      weight: 60,
      kpis: [
        { id: 'revenue', name: 'Revenue', weight: '66.67', target: 1_000_000, curve: capped },
        { id: 'collection', name: 'Collection rate', weight: '33.33', target: 95, curve: capped },
      ],
    },
    {
      id: 'quality',
      name: 'Quality',
      weight: 15,
      kpis: [{ id: 'csat', name: 'CSAT', weight: 100, target: 4.5, curve: capped }],
    },
  ],
};
const flat: ScorecardInput = {
  ...fiveKpis,
  dimensions: [
    {
      id: 'all',
      name: 'All',
      weight: 100,
      kpis: [
        { id: 'visits', name: 'Visits', weight: 15, target: 60, curve: capped },
        { id: 'followUps', name: 'Follow-ups', weight: 10, target: 120, curve: capped },
        { id: 'revenue', name: 'Revenue', weight: 40, target: 1_000_000, curve: capped },
        { id: 'collection', name: 'Collection rate', weight: 20, target: 95, curve: capped },
        { id: 'csat', name: 'CSAT', weight: 15, target: 4.5, curve: capped },
      ],
    },
  ],
};
const values = { visits: 52, followUps: 130, revenue: 1_100_000, collection: 93, csat: 4.3 };

describe('scoreKpis', () => {
  it('worked example: 52/60 → 86.67, 130/120 → 108.33, 1.10M/1.00M → 110, 93/95 → 97.89, 4.3/4.5 → 95.56; 15/10/40/20/15 → total 101.75', () => {
    // 0.15 × 86.666667 + 0.10 × 108.333333 + 0.40 × 110 + 0.20 × 97.894737 + 0.15 × 95.555556
    // = 13.00000005 + 10.8333333 + 44 + 19.5789474 + 14.3333334 = 101.74561415 → 101.75 for display
    const result = scoreKpis({ scorecard: flat, values: { 'rep-1': values } }, { asOf: '2024-03-31' });
    const rep = result.reps[0]!;
    expect(rep.kpis.map((k) => k.display)).toEqual(['86.67', '108.33', '110.00', '97.89', '95.56']);
    expect(rep.kpis.map((k) => k.score?.toString())).toEqual([
      '86.666667',
      '108.333333',
      '110',
      '97.894737',
      '95.555556',
    ]);
    expect(rep.kpis.map((k) => k.contribution.toString())).toEqual([
      '13.00000005',
      '10.8333333',
      '44',
      '19.5789474',
      '14.3333334',
    ]);
    expect(rep.total?.toString()).toBe('101.74561415');
    expect(rep.display).toBe('101.75');
    expect(rep.kpis[0]!.attainment?.toFixed(4)).toBe('86.6667');
    expect(result.rounding.scoreDecimals).toBe(6);
  });

  it('the same example with dimensions 25/60/15 and KPI weights inside them gives the same effective weights 15/10/40/20/15 (25×60%, 25×40%, 60×66.67%, 60×33.33%, 15×100%)', () => {
    const rep = scoreKpis({ scorecard: fiveKpis, values: { 'rep-1': values } }, { asOf: '2024-03-31' })
      .reps[0]!;
    expect(rep.kpis.map((k) => k.effectiveWeight.toString())).toEqual(['15', '10', '40.002', '19.998', '15']);
    expect(rep.dimensions.map((d) => d.effectiveWeight.toString())).toEqual(['25', '60', '15']);
    // process: 0.6 × 86.666667 + 0.4 × 108.333333 = 95.3333334
    expect(rep.dimensions[0]!.score?.toString()).toBe('95.3333334');
    const sum = rep.dimensions.reduce(
      (s, d) => s.plus(d.contribution),
      rep.dimensions[0]!.contribution.minus(rep.dimensions[0]!.contribution),
    );
    expect(sum.equals(rep.total!)).toBe(true);
  });

  it('a missing KPI is excluded and the rest re-normalised to 100 (default policy)', () => {
    const rep = scoreKpis(
      { scorecard: flat, values: { r: { ...values, followUps: null } } },
      { asOf: '2024-03-31' },
    ).reps[0]!;
    expect(rep.excluded).toEqual([{ kpiId: 'followUps', reason: 'no value' }]);
    // 15, 40, 20, 15 of 90 → 16.666667, 44.444444, 22.222222, 16.666667 (largest remainder: total 100)
    expect(rep.kpis.map((k) => k.effectiveWeight.toString())).toEqual([
      '16.666667',
      '0',
      '44.444444',
      '22.222222',
      '16.666667',
    ]);
    expect(rep.kpis[1]!.display).toBe('—');
    expect(rep.display).toBe('101.01');
  });

  it('policy zero scores a missing KPI 0 with its full weight; policy error throws MISSING_KPI_VALUE', () => {
    const card = defineScorecard(flat);
    const zeroCard = {
      ...card,
      dimensions: [
        {
          ...card.dimensions[0]!,
          kpis: card.dimensions[0]!.kpis.map((k) => ({ ...k, missing: 'zero' as const })),
        },
      ],
    };
    const rep = scoreKpis(
      { scorecard: zeroCard, values: { r: { ...values, followUps: null } } },
      { asOf: '2024-03-31' },
    ).reps[0]!;
    expect(rep.kpis[1]).toMatchObject({ status: 'zero', reason: 'no value' });
    expect(rep.total?.toString()).toBe('90.91228085'); // 101.74561415 − 10.8333333
    const errorCard = {
      ...card,
      dimensions: [
        {
          ...card.dimensions[0]!,
          kpis: card.dimensions[0]!.kpis.map((k) => ({ ...k, missing: 'error' as const })),
        },
      ],
    };
    expect(() =>
      scoreKpis(
        { scorecard: errorCard, values: { r: { ...values, followUps: null } } },
        { asOf: '2024-03-31' },
      ),
    ).toThrowError(expect.objectContaining({ code: 'MISSING_KPI_VALUE' }));
  });

  it('target 0: excluded by default (never NaN), error policy throws DIVISION_BY_ZERO', () => {
    const rep = scoreKpis(
      { scorecard: flat, values: { r: values }, targets: { r: { visits: 0 } } },
      { asOf: '2024-03-31' },
    ).reps[0]!;
    expect(rep.kpis[0]).toMatchObject({ status: 'excluded', attainment: null, score: null });
    expect(rep.kpis[0]!.reason).toMatch(/target is 0/);
    const card = defineScorecard(flat);
    const strict = {
      ...card,
      dimensions: [
        {
          ...card.dimensions[0]!,
          kpis: card.dimensions[0]!.kpis.map((k) => ({ ...k, targetZero: 'error' as const })),
        },
      ],
    };
    expect(() =>
      scoreKpis(
        { scorecard: strict, values: { r: values }, targets: { r: { visits: 0 } } },
        { asOf: '2024-03-31' },
      ),
    ).toThrowError(expect.objectContaining({ code: 'DIVISION_BY_ZERO' }));
  });

  it('every KPI missing gives no total, with the reason, and no rank', () => {
    const rep = scoreKpis({ scorecard: flat, values: { r: {} } }, { asOf: '2024-03-31' }).reps[0]!;
    expect(rep.total).toBeNull();
    expect(rep.display).toBe('—');
    expect(rep.reason).toBe('every KPI was excluded');
    expect(rep.rank).toBeNull();
  });

  it('columns give the same result as values per rep', () => {
    const byRep = scoreKpis(
      { scorecard: flat, reps: ['a', 'b'], values: { a: values, b: { ...values, revenue: 800_000 } } },
      { asOf: '2024-03-31' },
    );
    const byColumn = scoreKpis(
      {
        scorecard: flat,
        reps: ['a', 'b'],
        columns: {
          visits: [52, 52],
          followUps: [130, 130],
          revenue: [1_100_000, 800_000],
          collection: [93, 93],
          csat: [4.3, 4.3],
        },
      },
      { asOf: '2024-03-31' },
    );
    expect(byColumn.reps.map((r) => r.total?.toString())).toEqual(byRep.reps.map((r) => r.total?.toString()));
  });

  it('weight profiles by tenure at asOf: new hires process-heavy 50/35/15, established 30/55/15, veterans 15/70/15', () => {
    const card: ScorecardInput = {
      ...fiveKpis,
      profiles: [
        {
          id: 'new-hire',
          when: { tenureMonths: { max: 6 } },
          dimensionWeights: { process: 50, result: 35, quality: 15 },
        },
        {
          id: 'established',
          when: { tenureMonths: { min: 6, max: 36 } },
          dimensionWeights: { process: 30, result: 55, quality: 15 },
        },
        {
          id: 'veteran',
          when: { tenureMonths: { min: 36 } },
          dimensionWeights: { process: 15, result: 70, quality: 15 },
        },
      ],
      minimumWeights: [{ dimensions: ['process', 'quality'], atLeast: 30 }],
    };
    const result = scoreKpis(
      {
        scorecard: card,
        reps: [
          { id: 'new', hireDate: '2024-01-15' },
          { id: 'mid', hireDate: '2023-01-01' },
          { id: 'old', hireDate: '2019-05-01' },
          { id: 'unknown' },
        ],
        values: { new: values, mid: values, old: values, unknown: values },
      },
      { asOf: '2024-06-30' },
    );
    expect(result.reps.map((r) => r.profile.id)).toEqual(['new-hire', 'established', 'veteran', 'default']);
    expect(result.reps[0]!.profile.reason).toBe('tenure 5 months at 2024-06-30');
    expect(result.reps[0]!.dimensions.map((d) => d.effectiveWeight.toString())).toEqual(['50', '35', '15']);
    expect(result.reps[2]!.dimensions.map((d) => d.weight)).toEqual([15, 70, 15]);
  });

  it('profiles by role', () => {
    const card: ScorecardInput = {
      ...fiveKpis,
      profiles: [
        {
          id: 'managers',
          when: { roles: ['manager'] },
          dimensionWeights: { process: 20, result: 60, quality: 20 },
        },
      ],
    };
    const result = scoreKpis(
      {
        scorecard: card,
        reps: [
          { id: 'm', role: 'manager' },
          { id: 'r', role: 'rep' },
        ],
        values: { m: values, r: values },
      },
      { asOf: '2024-06-30' },
    );
    expect(result.reps.map((r) => r.profile.id)).toEqual(['managers', 'default']);
  });

  it('rating bands (the higher band at the boundary), competition and dense ranks, percentile in team', () => {
    const card: ScorecardInput = {
      ...flat,
      ratingBands: [
        { label: 'S', min: 120 },
        { label: 'A', min: 105 },
        { label: 'B', min: 95 },
        { label: 'C', min: 80 },
        { label: 'D', min: 0 },
      ],
    };
    const one = (revenue: number) => ({ ...values, revenue });
    // revenue moves the total by 0.4 × attainment: 1.1M → 101.75, 1.2M → 105.75, 0.8M → 89.75
    const input = {
      scorecard: card,
      reps: [
        { id: 'a', teamId: 't1' },
        { id: 'b', teamId: 't1' },
        { id: 'c', teamId: 't1' },
        { id: 'd', teamId: 't2' },
      ],
      values: { a: one(1_100_000), b: one(1_200_000), c: one(1_100_000), d: one(800_000) },
    };
    const competition = scoreKpis(input, { asOf: '2024-03-31' });
    expect(competition.reps.map((r) => r.rating)).toEqual(['B', 'A', 'B', 'C']);
    expect(competition.reps.map((r) => r.rank)).toEqual([2, 1, 2, 4]);
    expect(scoreKpis(input, { asOf: '2024-03-31', ties: 'dense' }).reps.map((r) => r.rank)).toEqual([
      2, 1, 2, 3,
    ]);
    // team t1: b best (2 below → 100), a and c tied (0 below + ½ × 1 tied) ÷ 2 → 25
    expect(competition.reps.map((r) => r.teamPercentile?.toString() ?? null)).toEqual([
      '25',
      '100',
      '25',
      null,
    ]);
  });

  it('a total exactly on a band minimum gets that band', () => {
    const card: ScorecardInput = {
      ...flat,
      ratingBands: [
        { label: 'A', min: 110 },
        { label: 'B', min: 0 },
      ],
    };
    const r = scoreKpis(
      {
        scorecard: card,
        values: { r: { visits: 66, followUps: 132, revenue: 1_100_000, collection: 104.5, csat: 4.95 } },
      },
      { asOf: '2024-03-31' },
    ).reps[0]!;
    expect(r.total?.toString()).toBe('110');
    expect(r.rating).toBe('A');
  });

  it('rejects bad values with every path, and unknown KPIs in columns', () => {
    try {
      scoreKpis(
        { scorecard: flat, values: { r: { visits: Number.NaN as number, csat: 'x' as unknown as number } } },
        { asOf: '2024-03-31' },
      );
      expect.unreachable();
    } catch (e) {
      const error = e as OpenSpmError;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.issues.map((i) => i.path.join('.'))).toEqual(['values.r.visits', 'values.r.csat']);
    }
    expect(() =>
      scoreKpis({ scorecard: flat, reps: ['r'], columns: { nope: [1] } }, { asOf: '2024-03-31' }),
    ).toThrowError(expect.objectContaining({ code: 'UNKNOWN_REFERENCE' }));
    expect(() => scoreKpis({ scorecard: flat, values: {} }, { asOf: 'yesterday' })).toThrowError(
      OpenSpmError,
    );
  });

  it('serialises to plain JSON with decimals as strings, and does not change its input', () => {
    const input = { scorecard: flat, values: { r: { ...values } } };
    const before = JSON.stringify(input);
    const result = scoreKpis(input, { asOf: '2024-03-31' });
    const json = JSON.parse(JSON.stringify(result));
    expect(json.reps[0].total).toBe('101.74561415');
    expect(json.reps[0].dimensions[0].kpis[0].score).toBe('86.666667');
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('the 50/50 dual-indicator scorecard (signed amount vs at least 10 high-quality visits a week)', () => {
  const dual: ScorecardInput = {
    id: 'dual',
    name: 'Dual indicators',
    version: '2024.1',
    effectiveFrom: '2024-01-01',
    dimensions: [
      {
        id: 'process',
        name: 'Process',
        weight: 50,
        kpis: [
          {
            id: 'qualityVisits',
            name: 'High-quality visits / week',
            weight: 100,
            target: 10,
            curve: { kind: 'capped-ratio', cap: 100 },
          },
        ],
      },
      {
        id: 'result',
        name: 'Result',
        weight: 50,
        kpis: [
          {
            id: 'signed',
            name: 'Signed amount',
            weight: 100,
            target: 500_000,
            unit: 'CNY',
            curve: { kind: 'capped-ratio', cap: 150 },
          },
        ],
      },
    ],
    ratingBands: [
      { label: 'A', min: 100 },
      { label: 'B', min: 80 },
      { label: 'C', min: 0 },
    ],
  };

  it('8 visits/week and 600,000 signed: 0.5 × 80 + 0.5 × 120 = 100 → A; 12 visits and 300,000: 0.5 × 100 + 0.5 × 60 = 80 → B', () => {
    const result = scoreKpis(
      {
        scorecard: dual,
        values: {
          closer: { qualityVisits: 8, signed: 600_000 },
          visitor: { qualityVisits: 12, signed: 300_000 },
        },
      },
      { asOf: '2024-03-31' },
    );
    expect(result.reps.map((r) => [r.total?.toString(), r.rating])).toEqual([
      ['100', 'A'],
      ['80', 'B'],
    ]);
    // A rep cannot buy the process half with sales: 0 visits and 1,000,000 signed → 0 + 0.5 × 150 = 75.
    const gamer = scoreKpis(
      { scorecard: dual, values: { g: { qualityVisits: 0, signed: 1_000_000 } } },
      { asOf: '2024-03-31' },
    );
    expect(gamer.reps[0]!.display).toBe('75.00');
  });
});
