import {
  type Dataset,
  type DetectAnomaliesOptions,
  type DetectAnomaliesResult,
  detectAnomalies,
  WARNING_RULES,
  type WarningRule,
  type WarningRulesOptions,
} from '../../src/index';
import { ASOF } from './fixtures';

/** Runs one rule only (all others switched off), with its options and any top-level options. */
export function runRule<R extends WarningRule>(
  data: Dataset,
  rule: R,
  ruleOptions: WarningRulesOptions[R] = {},
  extra: Partial<DetectAnomaliesOptions> = {},
): DetectAnomaliesResult {
  const rules: Record<string, unknown> = {};
  for (const r of WARNING_RULES) rules[r] = r === rule ? { ...ruleOptions } : { enabled: false };
  return detectAnomalies(data, { asOf: ASOF, ...extra, rules: rules as WarningRulesOptions });
}
