import type { LocalizedText, WarningCode, WarningSeverity } from './types';

/**
 * One entry of {@link WARNING_MESSAGES}: the default severity, and a message and a suggested action per locale.
 * Texts hold `{placeholders}` filled from the warning's figures.
 *
 * @example
 * ```ts
 * import { WARNING_MESSAGES, type WarningMessage } from 'openspm';
 * const entry: WarningMessage = WARNING_MESSAGES.CLOSE_DATE_OVERDUE;
 * entry.severity; //=> 'warning'
 * ```
 */
export interface WarningMessage {
  /** The severity used unless the rule's options set another. */
  readonly severity: WarningSeverity;
  /** The message, with `{placeholders}`. */
  readonly message: LocalizedText;
  /** The suggested next action, with `{placeholders}`. */
  readonly action: LocalizedText;
}

/**
 * The message catalogue: every warning code with its default severity and its message and suggested action in
 * English and Simplified Chinese. Complete for every code and locale (tested). Use it to show the texts in your own
 * UI, or to translate them further.
 *
 * @example
 * ```ts
 * import { WARNING_MESSAGES } from 'openspm';
 * WARNING_MESSAGES.STALLED_IN_STAGE.message['zh-CN'];
 * //=> '商机 {deal} 在「{stage}」阶段已停留 {days} 天，超过阈值 {threshold} 天（{sourceZh}）'
 * ```
 */
export const WARNING_MESSAGES: Readonly<Record<WarningCode, WarningMessage>> = {
  STALLED_IN_STAGE: {
    severity: 'warning',
    message: {
      en: 'Deal {deal} has been in "{stage}" for {days} days, above the threshold of {threshold} days ({source})',
      'zh-CN': '商机 {deal} 在「{stage}」阶段已停留 {days} 天，超过阈值 {threshold} 天（{sourceZh}）',
    },
    action: {
      en: 'Agree a concrete next step with the customer, or close the deal as lost',
      'zh-CN': '与客户约定明确的下一步，或将商机关闭为丢单',
    },
  },
  DEAL_ROTTING: {
    severity: 'warning',
    message: {
      en: 'Deal {deal} in "{stage}" has had no activity for {days} days, above the {threshold} days allowed',
      'zh-CN': '商机 {deal}（「{stage}」阶段）已 {days} 天无跟进活动，超过允许的 {threshold} 天',
    },
    action: {
      en: 'Call or visit the customer this week and log the activity',
      'zh-CN': '本周内致电或拜访客户，并记录跟进活动',
    },
  },
  FOLLOW_UP_OVERDUE: {
    severity: 'warning',
    message: {
      en: 'Follow-up with {account} (grade {grade}) was due on {due}: {days} days since the last contact, cadence {threshold} days',
      'zh-CN':
        '{account}（{grade} 类客户）应于 {due} 跟进：距上次联系已 {days} 天，跟进周期为 {threshold} 天',
    },
    action: {
      en: 'Contact the customer and schedule the next follow-up',
      'zh-CN': '尽快联系客户，并安排下一次跟进',
    },
  },
  FOLLOW_UP_TIMELINESS_LOW: {
    severity: 'warning',
    message: {
      en: '{rep} did {onTime} of {due} follow-ups on time ({rate}), below the {threshold} expected',
      'zh-CN': '{rep} 按时完成跟进 {onTime}/{due} 次（跟进及时率 {rate}），低于要求的 {threshold}',
    },
    action: {
      en: 'Review the follow-up plan with the rep and reset reminders by account grade',
      'zh-CN': '与销售一起复盘跟进计划，按客户分级重新设置提醒',
    },
  },
  CLOSE_DATE_OVERDUE: {
    severity: 'warning',
    message: {
      en: 'Deal {deal} was expected to close on {date}, {days} days ago, and is still open',
      'zh-CN': '商机 {deal} 预计成交日期为 {date}，已过去 {days} 天，仍未关闭',
    },
    action: {
      en: 'Update the expected close date with the customer, or close the deal',
      'zh-CN': '与客户确认并更新预计成交日期，或关闭商机',
    },
  },
  CLOSE_DATE_SLIPPED: {
    severity: 'warning',
    message: {
      en: 'Deal {deal} had its close date pushed later {pushes} times (now {date})',
      'zh-CN': '商机 {deal} 的预计成交日期已推迟 {pushes} 次（当前为 {date}）',
    },
    action: {
      en: 'Requalify the deal: confirm budget, decision maker and timeline',
      'zh-CN': '重新评估商机：确认预算、决策人和时间表',
    },
  },
  CLOSE_DATE_PUSHED_OUT: {
    severity: 'warning',
    message: {
      en: 'Deal {deal} was pushed out of {period}: its close date moved from {from} to {date}',
      'zh-CN': '商机 {deal} 被推出 {period}：预计成交日期由 {from} 改为 {date}',
    },
    action: {
      en: 'Remove it from this period’s forecast and find what blocks the signature',
      'zh-CN': '将其移出本期预测，并找出阻碍签约的原因',
    },
  },
  AMOUNT_DECREASED: {
    severity: 'info',
    message: {
      en: 'Deal {deal} dropped from {from} to {to} ({decrease} less) in the last {lookback} days',
      'zh-CN': '商机 {deal} 金额在近 {lookback} 天内由 {from} 降至 {to}（减少 {decrease}）',
    },
    action: {
      en: 'Check whether scope was cut or a discount given, and update the forecast',
      'zh-CN': '核实是否缩减了范围或给予了折扣，并更新预测',
    },
  },
  STAGE_REGRESSION: {
    severity: 'info',
    message: {
      en: 'Deal {deal} moved back from "{from}" to "{to}" on {date}',
      'zh-CN': '商机 {deal} 于 {date} 由「{from}」退回「{to}」',
    },
    action: {
      en: 'Find out what the customer reopened and plan how to move forward again',
      'zh-CN': '了解客户重新考虑的问题，制定再次推进的计划',
    },
  },
  STAGE_SKIPPED: {
    severity: 'info',
    message: {
      en: 'Deal {deal} jumped from "{from}" to "{to}" on {date}, skipping {skipped} stage(s): {names}',
      'zh-CN': '商机 {deal} 于 {date} 由「{from}」直接进入「{to}」，跳过 {skipped} 个阶段：{names}',
    },
    action: {
      en: 'Check that the skipped steps were really done, or correct the stage history',
      'zh-CN': '确认被跳过的环节确已完成，或更正阶段记录',
    },
  },
  CONVERSION_DROP: {
    severity: 'warning',
    message: {
      en: 'Conversion from "{stage}" fell to {rate} ({moved} of {exits}) in {period}, against {baseline} before (p = {p})',
      'zh-CN':
        '「{stage}」阶段转化率在 {period} 降至 {rate}（{exits} 个中推进 {moved} 个），此前基线为 {baseline}（p = {p}）',
    },
    action: {
      en: 'Review the deals lost from this stage for a common reason (price, competitor, product fit)',
      'zh-CN': '复盘该阶段的丢单，找出共同原因（价格、竞争对手、产品匹配）',
    },
  },
  PERFORMANCE_DIP: {
    severity: 'warning',
    message: {
      en: '{name}: {metric} in week {week} was {value}, below the expected range {low} to {high} (median {median})',
      'zh-CN': '{name}：第 {week} 周{metricZh}为 {value}，低于正常范围 {low} 至 {high}（中位数 {median}）',
    },
    action: {
      en: 'Talk with the rep this week: workload, pipeline, anything blocking',
      'zh-CN': '本周与销售沟通：工作量、商机储备及遇到的阻碍',
    },
  },
  PERFORMANCE_SPIKE: {
    severity: 'info',
    message: {
      en: '{name}: {metric} in week {week} was {value}, above the expected range {low} to {high} (median {median})',
      'zh-CN': '{name}：第 {week} 周{metricZh}为 {value}，高于正常范围 {low} 至 {high}（中位数 {median}）',
    },
    action: {
      en: 'Check the records are genuine, then share what worked with the team',
      'zh-CN': '核实记录真实有效，再与团队分享成功经验',
    },
  },
  PACE_BEHIND: {
    severity: 'critical',
    message: {
      en: '{name} has won {won} of a {target} target in {period}; at this pace the period ends at {projected} ({attainment} of target)',
      'zh-CN':
        '{name} 在 {period} 已成交 {won}，目标 {target}；按当前速度期末约为 {projected}（达成率 {attainment}）',
    },
    action: {
      en: 'Win {needed} per day from now on: focus on the deals closest to signing',
      'zh-CN': '此后每天需成交 {needed}：集中精力推进最接近签约的商机',
    },
  },
  COVERAGE_GAP: {
    severity: 'warning',
    message: {
      en: '{name}: open pipeline closing in {period} is {pipeline}, {coverage}× the remaining target {remaining}, below {threshold}×',
      'zh-CN':
        '{name}：{period} 内预计成交的在手商机为 {pipeline}，仅为剩余目标 {remaining} 的 {coverage} 倍，低于 {threshold} 倍',
    },
    action: {
      en: 'Generate more pipeline now: {gap} more is needed to reach {threshold}× coverage',
      'zh-CN': '立即补充商机：还需 {gap} 才能达到 {threshold} 倍覆盖',
    },
  },
  HOCKEY_STICK: {
    severity: 'info',
    message: {
      en: '{name}: {share} of {period} bookings ({final} of {total}) came in its final {part}, above {threshold}',
      'zh-CN':
        '{name}：{period} 成交额的 {share}（{total} 中的 {final}）集中在最后一{partZh}，超过 {threshold}',
    },
    action: {
      en: 'Spread closing across the period: review pipeline weekly, not only at period end',
      'zh-CN': '让成交在期内更均衡：每周检视商机，而非只在期末冲刺',
    },
  },
  CHURN_RISK: {
    severity: 'warning',
    message: {
      en: '{account}: no activity or order for {days} days, above {threshold} days ({source})',
      'zh-CN': '{account}：已 {days} 天无活动或订单，超过 {threshold} 天（{sourceZh}）',
    },
    action: {
      en: 'Have the account owner contact the customer and check satisfaction',
      'zh-CN': '请客户负责人主动联系客户，了解满意度',
    },
  },
  ACTIVITY_LOGGED_LATE: {
    severity: 'info',
    message: {
      en: '{rep} logged {count} activities on {date}, each more than {threshold} days after it happened',
      'zh-CN': '{rep} 于 {date} 集中补录了 {count} 条活动，均晚于发生时间 {threshold} 天以上',
    },
    action: {
      en: 'Ask the rep to log activities on the day they happen',
      'zh-CN': '请销售在活动当天及时记录',
    },
  },
  DEAL_WITHOUT_OWNER: {
    severity: 'warning',
    message: {
      en: 'Open deal {deal} is owned by {owner}, {reason}',
      'zh-CN': '在手商机 {deal} 的负责人 {owner}{reasonZh}',
    },
    action: {
      en: 'Reassign the deal to an active rep',
      'zh-CN': '将商机重新分配给在职销售',
    },
  },
  DEAL_WITHOUT_AMOUNT: {
    severity: 'info',
    message: {
      en: 'Open deal {deal} in "{stage}" has no amount',
      'zh-CN': '在手商机 {deal}（「{stage}」阶段）未填写金额',
    },
    action: {
      en: 'Enter the expected amount so the forecast counts it',
      'zh-CN': '填写预计金额，使其计入预测',
    },
  },
  EVENT_OUT_OF_ORDER: {
    severity: 'info',
    message: {
      en: 'Deal {deal}: {problem}',
      'zh-CN': '商机 {deal}：{problemZh}',
    },
    action: {
      en: 'Correct the dates or the stage in the CRM',
      'zh-CN': '在 CRM 中更正日期或阶段',
    },
  },
};

/** Fills `{placeholders}`; a missing one is left visible as `{name}` (the tests check none remain). @internal */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** The localized message and action of a code with its figures. @internal */
export function render(
  code: WarningCode,
  params: Readonly<Record<string, string | number>>,
): { message: LocalizedText; action: LocalizedText } {
  const entry = WARNING_MESSAGES[code];
  return {
    message: { en: fill(entry.message.en, params), 'zh-CN': fill(entry.message['zh-CN'], params) },
    action: { en: fill(entry.action.en, params), 'zh-CN': fill(entry.action['zh-CN'], params) },
  };
}
