/**
 * Stage conversion and pipeline analytics: the funnel (conversion, drop-off, time in stage), win rate, sales
 * cycle, velocity, bottlenecks, forecast, mergeable aggregates and history builders. This file is the whole
 * public surface of the module.
 *
 * @module
 */
export type {
  FunnelAggregate,
  FunnelConversions,
  FunnelConvertedAmount,
  FunnelDataQuality,
  FunnelDefinition,
  FunnelGroupAggregate,
  FunnelRateUsage,
  FunnelRateUsed,
  FunnelStageInfo,
} from './aggregate-types';
export {
  type Bottleneck,
  type FindBottlenecksOptions,
  type FindBottlenecksResult,
  findBottlenecks,
} from './bottlenecks';
export {
  type ForecastOptions,
  type ForecastPeriod,
  type ForecastResult,
  type ForecastStage,
  forecast,
} from './forecast';
export type { DayHistogram, DurationStats } from './histogram';
export {
  type HistoryFromCurrentStageOptions,
  type HistoryFromSnapshotsOptions,
  type HistoryFromStageDatesOptions,
  historyFromCurrentStage,
  historyFromSnapshots,
  historyFromStageDates,
  type StageHistoryResult,
  type StageSnapshotRow,
} from './history';
export type { FunnelAsyncInput, FunnelInput } from './input';
export type {
  FunnelGroupKey,
  FunnelMode,
  ReentryPolicy,
  ReopenPolicy,
  SkippedStagePolicy,
  StageConversionOptions,
} from './options';
export type { Rate, ValueRate } from './rate';
export type {
  AverageAmount,
  FunnelConversion,
  FunnelReport,
  FunnelStageRow,
  SalesCycleResult,
  SalesVelocityResult,
  StageConversionResult,
  WinRateResult,
} from './report';
export {
  aggregateFunnel,
  aggregateFunnelAsync,
  mergeFunnelAggregates,
  salesCycle,
  salesVelocity,
  stageConversion,
  stageConversionAsync,
  summarizeFunnel,
  winRate,
} from './stage-conversion';
