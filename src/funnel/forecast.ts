import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import { DateTimeSchema, type Deal } from '../model/index';
import { Decimal, Money, type MoneyInput, MoneySchema } from '../money/index';
import {
  CalendarDateSchema,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  fiscalCalendar,
  type Period,
  PeriodSchema,
  toCalendarDate,
} from '../period/index';
import type { FunnelInput } from './input';
import { countRate, type Rate, type ValueRate, valueRate } from './rate';
import { aggregateFunnel } from './stage-conversion';

/**
 * Options for {@link forecast}.
 *
 * @example
 * ```ts
 * import { Money, parsePeriodKey, type ForecastOptions } from 'openspm';
 * const options: ForecastOptions = {
 *   asOf: '2024-09-30',
 *   probability: 'historical',
 *   minSample: 30,
 *   periods: [parsePeriodKey('FY2024-Q4')],
 *   targets: { 'FY2024-Q4': Money.of('3000000', 'CNY') },
 * };
 * ```
 */
export interface ForecastOptions {
  /** The forecast day (`'YYYY-MM-DD'`, included): open deals and history as of that day. */
  asOf: string;
  /** `'historical'` (default): each stage's stage-to-close win rate learned from closed deals that reached it; `'configured'`: the stage's `probability`. */
  probability?: 'historical' | 'configured';
  /** Below this many closed deals a stage falls back to its configured probability (default 20). */
  minSample?: number;
  /** Periods to bucket open deals into by their expected close date (and to measure coverage for). */
  periods?: Period[];
  /** Targets by period key (`'FY2024-Q4'`), for pipeline coverage. */
  targets?: Record<string, Money | MoneyInput>;
  /** The calendar whose zone places instants on days (default UTC). */
  calendar?: FiscalCalendar | FiscalCalendarOptions;
}

/**
 * One open stage in a forecast: its probabilities (configured, historical with its sample, used) and its open
 * pipeline.
 *
 * @example
 * ```ts
 * import { Money, type ForecastStage } from 'openspm';
 * const row: ForecastStage = { stageId: 'proposal', name: 'Proposal', configured: 0.5,
 *   historical: { numerator: 30, denominator: 60, sampleSize: 60, rate: 0.5, notApplicable: null, text: '50.0% (30/60)' },
 *   used: 0.5, source: 'historical', openDeals: 4, openAmount: Money.of('200000', 'CNY'), weighted: Money.of('100000', 'CNY') };
 * ```
 */
export interface ForecastStage {
  /** Stage id. */
  readonly stageId: string;
  /** Stage name. */
  readonly name: string;
  /** The stage's configured probability, or `null`. */
  readonly configured: number | null;
  /** Won ÷ (won + lost) of the closed deals that reached this stage (the historical stage-to-close probability). */
  readonly historical: Rate;
  /** The probability used for the weighted pipeline, or `null` when there is none. */
  readonly used: number | null;
  /** Where `used` comes from: `'historical'`, `'configured'` (asked for, or fallback below `minSample`) or `'none'`. */
  readonly source: 'historical' | 'configured' | 'none';
  /** Open deals in this stage at `asOf`. */
  readonly openDeals: number;
  /** Their amount. */
  readonly openAmount: Money;
  /** Amount × probability, rounded half-up to the minor unit once for the stage. */
  readonly weighted: Money;
}

/**
 * Open pipeline expected to close in one period, and its coverage of the remaining target.
 *
 * @example
 * ```ts
 * import type { ForecastPeriod } from 'openspm';
 * function line(p: ForecastPeriod): string {
 *   return `${p.key}: ${p.openAmount} open, coverage ${p.coverage?.text ?? 'n/a'}`;
 * }
 * ```
 */
export interface ForecastPeriod {
  /** The period's key. */
  readonly key: string;
  /** First day. */
  readonly start: string;
  /** Day after the last day. */
  readonly end: string;
  /** Open deals whose expected close date falls in the period. */
  readonly openDeals: number;
  /** Their amount. */
  readonly openAmount: Money;
  /** Their weighted amount (each stage's probability), rounded half-up once. */
  readonly weighted: Money;
  /** Already won in the period by `asOf`. */
  readonly won: Money;
  /** The target, or `null` when none was given. */
  readonly target: Money | null;
  /** Target − won (not below zero), or `null`. */
  readonly remaining: Money | null;
  /** Pipeline coverage = open amount closing in the period ÷ remaining target; `null` rate when nothing remains. */
  readonly coverage: ValueRate | null;
}

/**
 * What {@link forecast} returns.
 *
 * @example
 * ```ts
 * import type { ForecastResult } from 'openspm';
 * function total(f: ForecastResult): string {
 *   return `${f.openDeals} open deals, ${f.weighted} weighted`;
 * }
 * ```
 */
export interface ForecastResult {
  /** The forecast day. */
  readonly asOf: string;
  /** The probability source asked for. */
  readonly probability: 'historical' | 'configured';
  /** The fallback threshold used. */
  readonly minSample: number;
  /** Currency of the amounts. */
  readonly currency: string;
  /** One row per open stage. */
  readonly stages: ForecastStage[];
  /** Open deals at `asOf`. */
  readonly openDeals: number;
  /** Their amount. */
  readonly openAmount: Money;
  /** Weighted pipeline: the sum of the stages' weighted amounts. */
  readonly weighted: Money;
  /** Expected closings per period (empty without `periods`). */
  readonly periods: ForecastPeriod[];
  /** Open deals with no expected close date, or one outside every period. */
  readonly unscheduled: {
    /** How many open deals. */
    readonly openDeals: number;
    /** Their amount. */
    readonly openAmount: Money;
  };
  /** The rounding applied. */
  readonly rounding: string;
}

const ForecastOptionsSchema = z.strictObject({
  asOf: CalendarDateSchema,
  probability: z.enum(['historical', 'configured']).default('historical'),
  minSample: z.int().min(1).default(20),
  periods: z.array(PeriodSchema).default([]),
  targets: z.record(z.string(), MoneySchema).default({}),
  calendar: z
    .custom<FiscalCalendar | FiscalCalendarOptions>((v) => typeof v === 'object' && v !== null)
    .optional(),
});

/**
 * Forecast (销售预测): the weighted pipeline (amount × probability) of the deals open at `asOf`, using each
 * stage's configured probability or its **historical stage-to-close probability** — won ÷ (won + lost) among the
 * closed deals that reached the stage, with its sample size, falling back to the configured value below
 * `minSample`; expected closings per period by expected close date; and **pipeline coverage** = open pipeline
 * closing in a period ÷ the target still to win in it. Needs the deals (amounts, expected close dates).
 *
 * @throws OpenSpmError `INVALID_INPUT` without deals or for bad options.
 * @example
 * ```ts
 * import { forecast, Money } from 'openspm';
 * const stages = [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' as const, probability: 0.2 },
 *   { id: 'won', name: 'Won', order: 1, kind: 'won' as const }, { id: 'lost', name: 'Lost', order: 2, kind: 'lost' as const }];
 * const deal = (id: string, stageId: string) => ({ id, pipelineId: 'p', ownerId: 'u1', stageId,
 *   amount: Money.of('10000', 'CNY'), createdAt: new Date('2024-01-01'), expectedCloseDate: new Date('2024-02-15') });
 * const result = forecast({ pipeline: { id: 'p', name: 'P', stages },
 *   deals: [deal('a', 'won'), deal('b', 'lost'), deal('c', 'lead')],
 *   stageChanges: [
 *     { dealId: 'a', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'a', fromStageId: 'lead', toStageId: 'won', at: '2024-01-20' },
 *     { dealId: 'b', fromStageId: null, toStageId: 'lead', at: '2024-01-01' },
 *     { dealId: 'b', fromStageId: 'lead', toStageId: 'lost', at: '2024-01-20' },
 *     { dealId: 'c', fromStageId: null, toStageId: 'lead', at: '2024-01-02' }] },
 *   { asOf: '2024-01-31', minSample: 2 });
 * result.stages[0].historical.text; //=> '50.0% (1/2)'
 * result.weighted.toString(); //=> '5000.00 CNY'
 * ```
 */
export function forecast(input: FunnelInput, options: ForecastOptions): ForecastResult {
  const o = parseOrThrow(ForecastOptionsSchema, options, 'forecast options');
  if (input?.deals === undefined) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'forecast needs the deals (amounts and expected close dates)',
      {
        path: ['deals'],
      },
    );
  }
  const calendar = fiscalCalendar((o.calendar ?? {}) as FiscalCalendarOptions);
  // read twice (history, then where each deal stands): keep one-shot iterables
  const stageChanges = Array.isArray(input.stageChanges) ? input.stageChanges : [...input.stageChanges];
  const deals = Array.isArray(input.deals) ? input.deals : [...input.deals];
  input = { ...input, stageChanges, deals };
  const aggregate = aggregateFunnel(input, { asOf: o.asOf, skippedStages: 'impute', calendar });
  const g = aggregate.overall;
  const currency = aggregate.currency ?? 'CNY';
  const units = aggregate.minorUnits;
  const asOfDay = dayNumber(o.asOf);
  const dayOf = (d: Date) => dayNumber(toCalendarDate(d, calendar.zone));
  const rows = aggregate.stages.filter((s) => s.kind === 'open');
  const m = rows.length;
  const won = g.entered[m]!;
  // historical: won ÷ (won + lost at this stage or later)
  const probs: { used: Decimal | null; row: Omit<ForecastStage, 'openDeals' | 'openAmount' | 'weighted'> }[] =
    rows.map((s, i) => {
      let lost = 0;
      for (let j = i; j < m; j++) lost += g.lost[j]!;
      const historical = countRate(won, won + lost, `no closed deal reached ${s.name}`);
      const useHistorical = o.probability === 'historical' && historical.denominator >= o.minSample;
      const used = useHistorical
        ? new Decimal(won).dividedBy(won + lost)
        : s.probability === null
          ? null
          : new Decimal(s.probability);
      return {
        used,
        row: {
          stageId: s.id,
          name: s.name,
          configured: s.probability,
          historical,
          used: used === null ? null : used.toNumber(),
          source: useHistorical ? 'historical' : used === null ? 'none' : 'configured',
        },
      };
    });
  // Where each deal stands at asOf: the last change on or before it.
  const codeOf = new Map<string, number>();
  rows.forEach((s, i) => {
    codeOf.set(s.id, i);
  });
  const pipeline = input.pipeline as { stages: { id: string | number; kind: string }[] };
  for (const s of pipeline.stages)
    if (s.kind !== 'open') codeOf.set(String(s.id), s.kind === 'won' ? m : m + 1);
  const last = new Map<string, { ms: number; stage: number }>();
  for (const c of input.stageChanges) {
    const at = c.at instanceof Date ? c.at : DateTimeSchema.parse(c.at);
    const ms = at.getTime();
    if (dayOf(at) > asOfDay) continue;
    const id = String(c.dealId);
    const prev = last.get(id);
    if (!prev || prev.ms <= ms) last.set(id, { ms, stage: codeOf.get(String(c.toStageId)) ?? -1 });
  }
  const periods = o.periods.map((p) => ({ p, start: dayNumber(p.start), end: dayNumber(p.end) }));
  const scale = 10 ** units;
  const stageOpen = new Array<number>(m).fill(0);
  const stageMinor = new Array<number>(m).fill(0);
  const periodMinor = periods.map(() => new Array<number>(m).fill(0));
  const periodDeals = periods.map(() => 0);
  const periodWon = periods.map(() => 0);
  let unscheduledDeals = 0;
  let unscheduledMinor = 0;
  for (const d of input.deals as Iterable<Deal>) {
    if (String(d.pipelineId) !== String((input.pipeline as { id: unknown }).id)) continue;
    const created = d.createdAt instanceof Date ? d.createdAt : DateTimeSchema.parse(d.createdAt);
    if (dayOf(created) > asOfDay) continue;
    const money = Money.isMoney(d.amount) ? d.amount : Money.fromJSON(d.amount as never);
    const minor = money.amount.times(scale).toNumber();
    const state = last.get(String(d.id));
    const stage = state ? state.stage : (codeOf.get(String(d.stageId)) ?? -1);
    if (stage === m && state) {
      const wonDay = dayOf(new Date(state.ms));
      periods.forEach((p, k) => {
        if (wonDay >= p.start && wonDay < p.end) periodWon[k]! += minor;
      });
    }
    if (stage < 0 || stage >= m) continue;
    stageOpen[stage]!++;
    stageMinor[stage]! += minor;
    const expected = d.expectedCloseDate ? dayOf(DateTimeSchema.parse(d.expectedCloseDate)) : Number.NaN;
    const k = periods.findIndex((p) => expected >= p.start && expected < p.end);
    if (k < 0) {
      unscheduledDeals++;
      unscheduledMinor += minor;
    } else {
      periodDeals[k]!++;
      periodMinor[k]![stage]! += minor;
    }
  }
  const money = (minor: number) => Money.fromMinor(minor, currency, units);
  const weigh = (minorByStage: number[]) => {
    let total = new Decimal(0);
    minorByStage.forEach((minor, i) => {
      const p = probs[i]!.used;
      if (p !== null) total = total.plus(p.times(minor));
    });
    return Money.of(total.dividedBy(scale), currency).round('half-up', units);
  };
  const stages: ForecastStage[] = probs.map(({ row }, i) => ({
    ...row,
    openDeals: stageOpen[i]!,
    openAmount: money(stageMinor[i]!),
    weighted: weigh(stageMinor.map((v, j) => (j === i ? v : 0))),
  }));
  const weighted = stages.reduce((a, s) => a.plus(s.weighted), Money.zero(currency));
  return {
    asOf: o.asOf,
    probability: o.probability,
    minSample: o.minSample,
    currency,
    stages,
    openDeals: stageOpen.reduce((a, b) => a + b, 0),
    openAmount: money(stageMinor.reduce((a, b) => a + b, 0)),
    weighted,
    periods: periods.map(({ p }, k) => {
      const amount = periodMinor[k]!.reduce((a, b) => a + b, 0);
      const target = o.targets[p.key] ?? null;
      const wonMoney = money(periodWon[k]!);
      const remaining = target === null ? null : Money.max(target.minus(wonMoney), Money.zero(currency));
      const remainingMinor = remaining === null ? 0 : remaining.amount.times(scale).toNumber();
      return {
        key: p.key,
        start: p.start,
        end: p.end,
        openDeals: periodDeals[k]!,
        openAmount: money(amount),
        weighted: weigh(periodMinor[k]!),
        won: wonMoney,
        target,
        remaining,
        coverage:
          remaining === null
            ? null
            : valueRate(
                money(amount),
                remaining,
                amount,
                remainingMinor,
                'the target is already reached: nothing remains to cover',
                periodDeals[k]!,
              ),
      };
    }),
    unscheduled: { openDeals: unscheduledDeals, openAmount: money(unscheduledMinor) },
    rounding: `half-up to ${units} decimals, once per stage and per period`,
  };
}
