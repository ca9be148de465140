/**
 * Retrospective review (复盘): `reviewPeriod` compares a team or rep across two periods, and
 * `processResultLinkage` measures which process work goes with results across a rep × period panel.
 * This file is the whole public surface of the module.
 *
 * @module
 */

export {
  type LinkagePair,
  type LinkagePanelRow,
  type LinkageRankItem,
  type ProcessResultLinkageInput,
  type ProcessResultLinkageOptions,
  type ProcessResultLinkageResult,
  processResultLinkage,
  type SuggestedProcessWeights,
} from './linkage';
export { REVIEW_METRICS, type ReviewMetric } from './metrics';
export {
  type RepMover,
  type ReviewAttainment,
  type ReviewChange,
  type ReviewFigure,
  type ReviewMetricRow,
  type ReviewPeriodInput,
  type ReviewPeriodOptions,
  type ReviewPeriodResult,
  type ReviewStageRow,
  type ReviewWarnings,
  reviewPeriod,
  type SummaryLine,
} from './review-period';
