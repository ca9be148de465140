/**
 * Incentive calculation: commission plans as versioned, validated JSON data, and `calculateIncentives`
 * running credit → measure → rate schedule → modifiers → eligibility → ledger → statement.
 * This file is the whole public surface of the module.
 *
 * @module
 */
export { type CalculateIncentivesOptions, calculateIncentives } from './calculate';
export { formatStatement } from './format';
export type { CalculateIncentivesInput } from './input';
export { type Plan, type PlanInput, PlanSchema, validatePlan } from './plan';
export type {
  CalculateIncentivesResult,
  CreditConversion,
  CreditRecord,
  IncentiveStatement,
  StatementAttainment,
  StatementConversion,
  StatementLine,
  StatementLineKind,
  StatementModifier,
  StatementTierSlice,
  StatementTotals,
} from './statement';
export {
  type CalculatePayoutTotalsOptions,
  type CalculatePayoutTotalsResult,
  calculatePayoutTotals,
  type PayeeTotal,
  type PayoutTotalsInput,
} from './totals';
