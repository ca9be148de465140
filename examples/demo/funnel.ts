import {
  customPeriod,
  type Dataset,
  type FiscalCalendar,
  findBottlenecks,
  forecast,
  parsePeriodKey,
  stageConversion,
} from 'openspm';
import { grouped, printTable } from './table';

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`);
const days = (d: number | null) => (d === null ? 'n/a' : d.toFixed(1));

/** The sample pipeline's funnel, time in stage in working days, win rate, velocity, the top bottleneck and the forecast. */
export function printFunnel(data: Dataset, calendar: FiscalCalendar): void {
  const input = { pipeline: data.pipelines[0]!, deals: data.deals, stageChanges: data.stageChanges };
  const result = stageConversion(input, { asOf: '2024-12-31', days: 'working', calendar });
  const o = result.overall;
  printTable(
    'Funnel of every 2024 deal (cohort, skipped stages imputed), time in stage in working days',
    ['stage', 'entered', 'moved on', 'lost', 'open', 'next step', 'cumulative', 'median', 'p90', 'back'],
    o.stages.map((s) => [
      s.name,
      s.entered,
      s.movedOn,
      s.lost,
      s.open,
      s.kind === 'won' ? '' : s.conversion.nextStep.text,
      pct(s.conversion.cumulative.rate),
      s.kind === 'won' ? '' : days(s.timeInStage.median),
      s.kind === 'won' ? '' : days(s.timeInStage.p90),
      s.backwardMoves,
    ]),
  );
  const cycle = o.salesCycle.created;
  console.log(
    `Win rate ${o.winRate.wonOfClosed.text} of closed deals, ${o.winRate.wonOfAll.text} of all; by value ${pct(o.winRate.valueWonOfClosed?.rate ?? null)}.` +
      ` Sales cycle median ${days(cycle.median)} working days (n=${cycle.sampleSize}); average won deal ${grouped(o.averageDealSize!.average!)} ${result.currency};` +
      ` velocity ${grouped(o.velocity!.perDay!)} ${result.currency} per working day.`,
  );

  // The second half against the first: which stage got worse?
  const half = (start: string, end: string) =>
    stageConversion(input, {
      asOf: '2024-12-31',
      period: customPeriod(start, end),
      mode: 'period',
      calendar,
    });
  const bottlenecks = findBottlenecks(half('2024-07-01', '2025-01-01'), {
    baseline: half('2024-01-01', '2024-07-01'),
    minSample: 30,
  });
  console.log(
    `Top bottleneck, H2 against H1 (stage entries by period): ${bottlenecks.top?.explanation ?? 'none: every stage held up'}`,
  );

  const f = forecast(input, {
    asOf: '2024-12-31',
    minSample: 30,
    periods: [parsePeriodKey('FY2025-Q1', calendar)],
    calendar,
  });
  printTable(
    'Forecast at 2024-12-31: open pipeline weighted by historical stage-to-close probability',
    ['stage', 'open deals', `amount ${f.currency}`, 'configured', 'historical', `weighted ${f.currency}`],
    f.stages.map((s) => [
      s.name,
      s.openDeals,
      grouped(s.openAmount),
      pct(s.configured),
      s.historical.text,
      grouped(s.weighted),
    ]),
  );
  const q1 = f.periods[0]!;
  console.log(
    `Weighted pipeline ${grouped(f.weighted)} ${f.currency}; expected to close in ${q1.key}: ${q1.openDeals} deals, ${grouped(q1.openAmount)} ${f.currency}.`,
  );
}
