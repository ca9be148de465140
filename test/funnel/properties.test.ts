import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateFunnel,
  customPeriod,
  Decimal,
  Money,
  mergeFunnelAggregates,
  type StageChangeInput,
  type StageConversionOptions,
  stageConversion,
  summarizeFunnel,
} from '../../src/index';
import { pipeline } from './fixtures';

const CODES = ['A', 'B', 'C', 'D', 'won', 'lost'];

/** Random deal histories: forward, skipping, backward, closing, reopening; ties in time allowed. */
const historyArb = fc
  .array(
    fc.record({
      steps: fc.array(
        fc.record({ stage: fc.integer({ min: 0, max: 5 }), gap: fc.integer({ min: 0, max: 40 }) }),
        {
          minLength: 1,
          maxLength: 8,
        },
      ),
      start: fc.integer({ min: 0, max: 330 }),
      shard: fc.boolean(),
    }),
    { maxLength: 25 },
  )
  .map((deals) => {
    const changes: (StageChangeInput & { shard: boolean })[] = [];
    deals.forEach((d, i) => {
      let day = d.start;
      let from: string | null = null;
      for (const step of d.steps) {
        day += step.gap;
        const to = CODES[step.stage]!;
        const at = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + (step.gap % 3) * 3_600_000);
        changes.push({ dealId: `d${i}`, fromStageId: from, toStageId: to, at, shard: d.shard });
        from = to;
      }
    });
    return changes;
  });

const optionsArb: fc.Arbitrary<StageConversionOptions> = fc.record({
  asOf: fc.constantFrom('2024-06-30', '2024-12-31', '2025-06-30'),
  mode: fc.constantFrom('cohort' as const, 'period' as const),
  skippedStages: fc.constantFrom('strict' as const, 'impute' as const, 'progression' as const),
  reentry: fc.constantFrom('first' as const, 'last' as const, 'cumulative' as const),
  reopened: fc.constantFrom('continue' as const, 'new-entry' as const),
  cohortStage: fc.constantFrom('A', 'B'),
});

const strip = (changes: (StageChangeInput & { shard?: boolean })[]) =>
  changes.map(({ shard: _shard, ...c }) => c);

describe('funnel properties', () => {
  it('counts conserve: entered = moved on + lost + still open (+ skipped out, strict only)', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, (changes, options) => {
        const r = stageConversion({ pipeline, stageChanges: strip(changes) }, options);
        for (const s of r.overall.stages) {
          if (s.kind !== 'open') continue;
          expect(s.entered).toBe(s.movedOn + s.lost + s.open + s.skippedOut);
          if (options.skippedStages !== 'strict') expect(s.skippedOut).toBe(0);
        }
        const d = r.overall.deals;
        expect(d.total).toBe(d.won + d.lost + d.open);
      }),
    );
  });

  it('every conversion is in [0, 1] or not applicable with a reason, never NaN', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, (changes, options) => {
        const r = stageConversion({ pipeline, stageChanges: strip(changes) }, options);
        const rates = r.overall.stages.flatMap((s) => [
          s.conversion.nextStep,
          s.conversion.cumulative,
          s.conversion.dropOff,
        ]);
        rates.push(r.overall.winRate.wonOfAll, r.overall.winRate.wonOfClosed);
        for (const rate of rates) {
          if (rate.rate === null) expect(rate.notApplicable).toBeTruthy();
          else {
            expect(rate.rate).toBeGreaterThanOrEqual(0);
            expect(rate.rate).toBeLessThanOrEqual(1);
          }
        }
        expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      }),
    );
  });

  it('the order of the input events does not change the result', () => {
    fc.assert(
      fc.property(
        historyArb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length }))),
        optionsArb,
        ([changes, shuffled], options) => {
          const a = aggregateFunnel({ pipeline, stageChanges: strip(changes) }, options);
          const b = aggregateFunnel({ pipeline, stageChanges: strip(shuffled) }, options);
          expect(b).toEqual(a);
        },
      ),
    );
  });

  it('mergeable: shards of deals merge to the result of computing at once', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, (changes, options) => {
        const whole = aggregateFunnel({ pipeline, stageChanges: strip(changes) }, options);
        const a = aggregateFunnel({ pipeline, stageChanges: strip(changes.filter((c) => c.shard)) }, options);
        const b = aggregateFunnel(
          { pipeline, stageChanges: strip(changes.filter((c) => !c.shard)) },
          options,
        );
        const merged = mergeFunnelAggregates([a, b]);
        expect(merged).toEqual(whole);
        expect(summarizeFunnel(merged)).toEqual(summarizeFunnel(whole));
      }),
    );
  });

  it('mergeable: disjoint periods merge to the period that covers them', () => {
    fc.assert(
      fc.property(historyArb, optionsArb, (changes, options) => {
        const input = { pipeline, stageChanges: strip(changes) };
        const whole = aggregateFunnel(input, {
          ...options,
          period: customPeriod('2024-01-01', '2025-01-01'),
        });
        const h1 = aggregateFunnel(input, { ...options, period: customPeriod('2024-01-01', '2024-07-01') });
        const h2 = aggregateFunnel(input, { ...options, period: customPeriod('2024-07-01', '2025-01-01') });
        const merged = mergeFunnelAggregates([h1, h2]);
        expect(merged.overall).toEqual(whole.overall);
        expect(merged.periods?.map((p) => p.key)).toEqual([
          '2024-01-01..2024-07-01',
          '2024-07-01..2025-01-01',
        ]);
      }),
    );
  });

  it('values are exact: they conserve per stage and add up to an all-Decimal sum of the deal amounts', () => {
    fc.assert(
      fc.property(
        historyArb,
        optionsArb,
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 13n }), { minLength: 25, maxLength: 25 }),
        (changes, options, amounts) => {
          const ids = [...new Set(changes.map((c) => String(c.dealId)))];
          const deals = ids.map((id, i) => ({
            id,
            pipelineId: 'p',
            ownerId: 'u',
            stageId: 'A',
            amount: Money.fromMinor(amounts[i]!, 'CNY'),
            createdAt: new Date('2023-12-01T00:00:00Z'),
          }));
          const all = { ...options, mode: 'cohort' as const, asOf: '2025-06-30', period: undefined };
          const r = stageConversion({ pipeline, deals, stageChanges: strip(changes) }, all);
          for (const s of r.overall.stages) {
            if (s.kind !== 'open' || !s.value) continue;
            expect(
              s.value.entered.equals(
                Money.sum([s.value.movedOn, s.value.lost, s.value.open], 'CNY').plus(
                  Money.of(s.valueConversion!.dropOff.numerator.amount.minus(s.value.lost.amount), 'CNY'),
                ),
              ),
            ).toBe(true);
          }
          if (options.skippedStages === 'strict') return; // late entries are left out
          // every journey is counted once: won + lost + open = Σ amounts of the deals with a journey
          const v = r.overall.values!;
          const total = Money.sum([v.won, v.lost, v.open], 'CNY');
          const reference = deals.reduce((sum, d) => sum.plus(d.amount.amount), new Decimal(0));
          if (options.reopened === 'continue' && options.cohortStage === 'A') {
            expect(total.amount.equals(reference)).toBe(true);
          }
        },
      ),
    );
  });

  it('refuses to merge aggregates computed with different definitions', () => {
    const a = aggregateFunnel({ pipeline, stageChanges: [] }, { asOf: '2024-12-31' });
    const b = aggregateFunnel(
      { pipeline, stageChanges: [] },
      { asOf: '2024-12-31', skippedStages: 'strict' },
    );
    expect(() => mergeFunnelAggregates([a, b])).toThrow(/skippedStages/);
    try {
      mergeFunnelAggregates([a, b]);
    } catch (e) {
      expect((e as { code: string }).code).toBe('INCOMPATIBLE_AGGREGATES');
    }
  });
});

describe('funnel against a plain reference', () => {
  /** Histories that never reopen: open stages in any order (skips, backward moves), then maybe won or lost. */
  const simpleArb = fc.array(
    fc.record({
      path: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 7 }),
      end: fc.constantFrom('open', 'won', 'lost'),
      gaps: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 8, maxLength: 8 }),
    }),
    { maxLength: 30 },
  );

  it('impute, first stay: entered, moved on, lost, open and the median days match a direct count', () => {
    fc.assert(
      fc.property(simpleArb, (deals) => {
        const changes: StageChangeInput[] = [];
        const stages: string[][] = [];
        const days: number[][] = [];
        deals.forEach((d, i) => {
          const seq = d.path.filter((s, k) => k === 0 || s !== d.path[k - 1]).map((s) => CODES[s]!);
          if (d.end !== 'open') seq.push(d.end);
          let day = 0;
          const at: number[] = [];
          seq.forEach((to, k) => {
            day += d.gaps[k]!;
            at.push(day);
            changes.push({
              dealId: `d${i}`,
              fromStageId: k === 0 ? null : seq[k - 1]!,
              toStageId: to,
              at: new Date(Date.UTC(2024, 0, 1) + day * 86_400_000),
            });
          });
          stages.push(seq);
          days.push(at);
        });
        const r = stageConversion({ pipeline, stageChanges: changes }, { asOf: '2025-12-31' });
        for (let s = 0; s < 4; s++) {
          let entered = 0;
          let movedOn = 0;
          let lost = 0;
          let open = 0;
          const stays: number[] = [];
          stages.forEach((seq, i) => {
            const furthest = Math.max(
              ...seq.map((x) => (x === 'won' ? 4 : x === 'lost' ? -1 : CODES.indexOf(x))),
            );
            if (furthest < s) return;
            entered++;
            if (furthest > s) movedOn++;
            else if (seq.at(-1) === 'lost') lost++;
            else open++;
            const k = seq.indexOf(CODES[s]!);
            if (k >= 0 && k + 1 < seq.length) stays.push(days[i]![k + 1]! - days[i]![k]!);
          });
          const row = r.overall.stages[s]!;
          expect([row.entered, row.movedOn, row.lost, row.open]).toEqual([entered, movedOn, lost, open]);
          stays.sort((a, b) => a - b);
          const n = stays.length;
          const median =
            n === 0 ? null : n % 2 ? stays[(n - 1) / 2]! : (stays[n / 2 - 1]! + stays[n / 2]!) / 2;
          expect(row.timeInStage.median).toBe(median);
        }
      }),
    );
  });
});
