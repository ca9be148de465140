import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Dataset,
  type DetectAnomaliesOptions,
  detectAnomalies,
  WARNING_RULES,
  type WarningRule,
  type WarningRulesOptions,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

const SAMPLE = generateSampleData({
  seed: 7,
  reps: 6,
  deals: 250,
  accounts: 25,
  from: '2024-01-01',
  asOf: '2024-12-31',
});
// Give the history-based rules something to judge.
const OPEN = SAMPLE.deals.filter((d) => !d.closedAt).slice(0, 12);
const HISTORY: Partial<DetectAnomaliesOptions> = {
  closeDateChanges: OPEN.flatMap((d, k) => [
    { dealId: d.id, at: '2024-11-20', from: '2024-11-30', to: '2024-12-20' },
    { dealId: d.id, at: '2024-12-10', from: '2024-12-20', to: k % 2 ? '2025-01-31' : '2024-12-28' },
  ]),
  amountChanges: OPEN.map((d, k) => ({
    dealId: d.id,
    at: '2024-12-15',
    from: { amount: '100000', currency: 'CNY' },
    to: { amount: String(50000 + k * 5000), currency: 'CNY' },
  })),
  targets: [
    { subject: 'company', period: 'FY2024-Q4', amount: { amount: '2000000', currency: 'CNY' } },
    ...SAMPLE.reps.map((r) => ({
      subject: 'rep' as const,
      id: r.id,
      period: 'FY2024-Q4',
      amount: { amount: '150000', currency: 'CNY' },
    })),
  ],
};
const AS_OF = '2024-12-20T18:00:00Z';

function run(data: Dataset, rules: WarningRulesOptions = {}) {
  return detectAnomalies(data, { asOf: AS_OF, ...HISTORY, rules });
}

/** A deterministic shuffle (a seeded LCG), so a failing case can be replayed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('detectAnomalies properties', () => {
  it('an empty dataset gives no warnings, whatever the date and options', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom('month', 'quarter', 'year') as fc.Arbitrary<'month' | 'quarter' | 'year'>,
        fc.boolean(),
        (asOf, periodKind, withPipeline) => {
          const empty: Dataset = {
            pipelines: withPipeline ? SAMPLE.pipelines : [],
            deals: [],
            stageChanges: [],
            activities: [],
            reps: [],
            teams: [],
            accounts: [],
            payments: [],
          };
          const r = detectAnomalies(empty, {
            asOf,
            periodKind,
            targets: [],
            closeDateChanges: [],
            amountChanges: [],
          });
          expect(r.warnings).toEqual([]);
          expect(r.counts).toEqual({ critical: 0, warning: 0, info: 0 });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('the sample gives warnings of many rules (so the properties below are not vacuous)', () => {
    const rules = new Set(run(SAMPLE).warnings.map((w) => w.rule));
    expect(rules.size).toBeGreaterThanOrEqual(10);
  });

  it('is deterministic, and ids and results do not depend on the order of the input rows', () => {
    const reference = run(SAMPLE);
    expect(new Set(reference.warnings.map((w) => w.id)).size).toBe(reference.warnings.length);
    expect(JSON.stringify(run(SAMPLE))).toBe(JSON.stringify(reference));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const shuffled: Dataset = {
          ...SAMPLE,
          deals: shuffle(SAMPLE.deals, seed),
          stageChanges: shuffle(SAMPLE.stageChanges, seed + 1),
          activities: shuffle(SAMPLE.activities, seed + 2),
          reps: shuffle(SAMPLE.reps, seed + 3),
          teams: shuffle(SAMPLE.teams, seed + 4),
          accounts: shuffle(SAMPLE.accounts, seed + 5),
          payments: shuffle(SAMPLE.payments, seed + 6),
        };
        expect(JSON.stringify(run(shuffled))).toBe(JSON.stringify(reference));
      }),
      { numRuns: 12 },
    );
  });

  it('the same situation a day later keeps its id', () => {
    // Nothing happens after 2024-12-20 in this sample, so every lasting situation is still there a day later.
    const quiet = generateSampleData({ seed: 3, reps: 6, deals: 400, accounts: 25, asOf: '2024-12-20' });
    const lasting = new Set([
      'STALLED_IN_STAGE',
      'DEAL_ROTTING',
      'CLOSE_DATE_OVERDUE',
      'FOLLOW_UP_OVERDUE',
      'CHURN_RISK',
    ]);
    const ids = (asOf: string) =>
      detectAnomalies(quiet, { asOf })
        .warnings.filter((w) => lasting.has(w.code))
        .map((w) => w.id);
    const today = ids('2024-12-20T23:59:59Z');
    const tomorrow = new Set(ids('2024-12-21T23:59:59Z'));
    expect(today.length).toBeGreaterThan(5);
    for (const id of today) expect(tomorrow.has(id)).toBe(true);
  });

  // [rule, make options from a threshold, lowest, highest, direction]: +1 when a higher value is stricter.
  const THRESHOLDS: [WarningRule, (v: number) => WarningRulesOptions[WarningRule], number, number, 1 | -1][] =
    [
      [
        'stalledInStage',
        (v) => ({ threshold: 'configured', defaultDays: v, stages: [{ stageId: 'lead', days: v }] }),
        0,
        60,
        1,
      ],
      ['stalledInStage', (v) => ({ percentile: v, minSample: 5 }), 0.05, 1, 1],
      ['noActivity', (v) => ({ defaultDays: v, stages: [{ days: v }] }), 0, 60, 1],
      ['closeDateOverdue', (v) => ({ graceDays: v }), 0, 90, 1],
      ['closeDateSlipped', (v) => ({ maxPushes: Math.max(1, Math.round(v)) }), 1, 4, 1],
      ['amountDecreased', (v) => ({ minDecrease: v }), 0, 1, 1],
      ['stageSkipped', (v) => ({ minSkipped: Math.max(1, Math.round(v)) }), 1, 4, 1],
      ['followUpTimeliness', (v) => ({ minSample: Math.max(1, Math.round(v)) }), 1, 40, 1],
      ['followUpTimeliness', (v) => ({ minRate: v, minSample: 2 }), 0, 1, -1],
      ['conversionDrop', (v) => ({ confidence: v, minSample: 3 }), 0.51, 0.999, 1],
      ['conversionDrop', (v) => ({ minSample: Math.max(1, Math.round(v)) }), 1, 60, 1],
      ['conversionDrop', (v) => ({ minDrop: v, minSample: 3 }), 0, 1, 1],
      ['performanceDecline', (v) => ({ k: v }), 0.1, 5, 1],
      ['pace', (v) => ({ tolerance: v }), 0.1, 2, -1],
      ['coverageGap', (v) => ({ multiple: v }), 0.1, 6, -1],
      ['hockeyStick', (v) => ({ maxShare: v, minDeals: 2 }), 0, 1, 1],
      ['hockeyStick', (v) => ({ minDeals: Math.max(1, Math.round(v)) }), 1, 40, 1],
      ['churnRisk', (v) => ({ gapMultiple: v, cadenceMultiple: v }), 0.5, 6, 1],
      ['dataQuality', (v) => ({ minBulk: Math.max(1, Math.round(v)) }), 1, 10, 1],
    ];

  for (const [rule, make, lo, hi, direction] of THRESHOLDS) {
    const name = Object.keys(make(lo) ?? {}).join('+');
    it(`${rule}: a stricter ${name} never adds warnings`, () => {
      const only = (v: number) => {
        const rules: Record<string, unknown> = {};
        for (const r of WARNING_RULES) rules[r] = r === rule ? make(v) : { enabled: false };
        return new Set(run(SAMPLE, rules as WarningRulesOptions).warnings.map((w) => w.id));
      };
      fc.assert(
        fc.property(
          fc.double({ min: lo, max: hi, noNaN: true }),
          fc.double({ min: lo, max: hi, noNaN: true }),
          (a, b) => {
            const [loose, strict] = a <= b === (direction === 1) ? [a, b] : [b, a];
            const more = only(loose);
            for (const id of only(strict)) expect(more.has(id)).toBe(true);
          },
        ),
        { numRuns: 8 },
      );
    });
  }
});
