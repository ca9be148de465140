/**
 * Weighted KPI scoring: scorecards as versioned data, built-in and custom metrics, normalisation curves,
 * weight profiles, `scoreKpis`, ranking, forced distribution, team scores and capability profiles.
 * This file is the whole public surface of the module.
 *
 * @module
 */

export {
  type CapabilityGap,
  type CapabilityProfileOptions,
  type CapabilityProfileResult,
  capabilityProfile,
} from './capability';
export {
  BUILT_IN_METRICS,
  type CustomMetric,
  type MetricContext,
  type MetricResult,
} from './metrics';
export {
  type ForcedDistributionOptions,
  type ForcedDistributionResult,
  forcedDistribution,
  type RankInput,
  type RankScoresOptions,
  type RankScoresResult,
  rankScores,
  type ScoredItem,
} from './rank';
export {
  type Curve,
  CurveSchema,
  type Dimension,
  DimensionSchema,
  defineScorecard,
  type KpiDefinition,
  KpiDefinitionSchema,
  type KpiDirection,
  type MetricRef,
  type MissingPolicy,
  type Scorecard,
  type ScorecardInput,
  ScorecardSchema,
  scorecardInForce,
  type WeightProfile,
  WeightProfileSchema,
} from './schema';
export {
  type DimensionScore,
  type KpiScore,
  type RepScore,
  type ScoredRepInput,
  type ScoreKpisInput,
  type ScoreKpisOptions,
  type ScoreKpisResult,
  scoreKpis,
} from './score';
export { type TeamScore, type TeamScoresOptions, type TeamScoresResult, teamScores } from './team';
