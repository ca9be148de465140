/**
 * Target decomposition (目标分解): a total split over time (year → quarter → month → week → day) and over
 * the organisation (team → sub-team → rep, with ramp, leavers, bounds and locks), laid out as a rep ×
 * period matrix that sums exactly both ways; re-planning, variance and attainment, and bottom-up
 * reconciliation. Every split is exact at the currency's minor unit and explains its weights and rounding.
 *
 * @module targets
 */
export type { TargetConversion, TargetCurrencyOptions } from './currency';
export {
  type TargetMatrixColumn,
  type TargetMatrixExplanation,
  type TargetMatrixInput,
  type TargetMatrixOptions,
  type TargetMatrixPeriod,
  type TargetMatrixRep,
  type TargetMatrixResult,
  type TargetMatrixRow,
  targetMatrix,
} from './matrix';
export {
  type OrgSplitMethod,
  type SplitTargetExplanation,
  type SplitTargetInput,
  type SplitTargetOptions,
  type SplitTargetResult,
  splitTarget,
  type TargetMember,
  type TargetMemberPart,
} from './org';
export type { RampRule } from './ramp';
export {
  type Commitment,
  type ReconcileTargetsInput,
  type ReconcileTargetsOptions,
  type ReconcileTargetsResult,
  type ReconcileTeam,
  reconcileTargets,
  type TeamReconciliation,
} from './reconcile';
export {
  type ReplannedPeriod,
  type ReplanPeriod,
  type ReplanTargetInput,
  type ReplanTargetOptions,
  type ReplanTargetResult,
  type RunRateProjection,
  replanTarget,
} from './replan';
export {
  type DecomposeTargetExplanation,
  type DecomposeTargetInput,
  type DecomposeTargetOptions,
  type DecomposeTargetResult,
  decomposeTarget,
  type PeriodValues,
  type TargetActual,
  type TargetDistribution,
  type TargetHistory,
  type TargetHistoryYear,
  type TargetLevel,
  type TargetLevelParts,
  type TargetPeriodPart,
  type TargetSeasonality,
  type TargetWeight,
  type TimeSplitMethod,
  type WithinRule,
} from './time';
export {
  type Achievement,
  type CreditLine,
  type CreditSplit,
  type PeriodVariance,
  type RepPeriodTarget,
  type RepVariance,
  type TargetVarianceInput,
  type TargetVarianceOptions,
  type TargetVarianceResult,
  targetVariance,
  type VarianceFigures,
  type VarianceRow,
} from './variance';
