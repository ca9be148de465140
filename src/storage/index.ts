/**
 * The storage port: how openspm reads a CRM's data and writes its results, and the period-close job that
 * drives it. This file is the whole public surface of the module; adapters live in `openspm/adapters/*`.
 *
 * @module storage
 */
export {
  type PeriodCloseContext,
  type PeriodCloseStep,
  type PeriodCloseStepOutput,
  type PeriodCloseStepReport,
  type RunPeriodCloseOptions,
  type RunPeriodCloseResult,
  runPeriodClose,
} from './period-close';
export {
  type CrmCollection,
  type EditableCollection,
  type EditableInput,
  type LoadInput,
  type ReadQuery,
  type ReadScope,
  type ResultScope,
  STORAGE_PORT_VERSION,
  type StorageAdapter,
  type StorageCapabilities,
  type StorageCollection,
  type StorageRecords,
  type WriteResultsOptions,
  type WriteResultsSummary,
} from './port';
export {
  canonicalJson,
  type DocumentFields,
  type DocumentInput,
  DocumentSchema,
  type JsonValue,
  type ResultInput,
  ResultSchema,
  type StoredDocument,
  type StoredResult,
  type StoredTarget,
  type TargetFields,
  type TargetInput,
  TargetSchema,
  type TargetScope,
} from './records';
export {
  activityTotalsStep,
  defaultPeriodCloseSteps,
  periodTotalsStep,
  pipelineSnapshotStep,
  targetAllocationStep,
} from './steps';
export { funnelStep } from './steps/funnel';
export { createIncentivesStep, type IncentivesStepOptions, incentivesStep } from './steps/incentives';
export { DEFAULT_REPORT_SCORECARD, kpiScoreStep } from './steps/kpi';
export { targetVarianceStep } from './steps/targets';
export { warningStep } from './steps/warnings';
