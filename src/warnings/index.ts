/**
 * Anomaly warnings (异常预警): `detectAnomalies` runs a catalogue of switchable, configurable rules over a dataset
 * at an `asOf` and returns warnings with evidence, bilingual messages and stable ids.
 *
 * @module
 */
export { type AnomalyTargetConversion, type DetectAnomaliesResult, detectAnomalies } from './detect';
export { WARNING_MESSAGES, type WarningMessage } from './messages';
export type {
  AmountChange,
  AnomalyTarget,
  CloseDateChange,
  DetectAnomaliesOptions,
  RuleOptions,
  StageDaysThreshold,
  WarningRulesOptions,
} from './options';
export {
  type AnomalyWarning,
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  type LocalizedText,
  type ThresholdSource,
  WARNING_CODES,
  WARNING_LOCALES,
  WARNING_RULES,
  WARNING_SEVERITIES,
  type WarningCode,
  type WarningDiagnostic,
  type WarningEvidence,
  type WarningLocale,
  type WarningRule,
  type WarningSeverity,
  type WarningSubject,
} from './types';
