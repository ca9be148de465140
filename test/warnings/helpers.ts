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
  const result = detectAnomalies(data, { asOf: ASOF, ...extra, rules: rules as WarningRulesOptions });
  expectFilled(result);
  return result;
}

/** Every message and action of every warning has all its placeholders filled, in both locales. */
export function expectFilled(result: DetectAnomaliesResult): void {
  for (const w of result.warnings) {
    for (const text of [w.message.en, w.message['zh-CN'], w.action.en, w.action['zh-CN']]) {
      if (/\{\w+\}/.test(text) || text.includes('undefined') || text.includes('NaN'))
        throw new Error(`${w.code}: unfilled text "${text}"`);
    }
  }
}
