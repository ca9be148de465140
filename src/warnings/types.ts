import type { Period } from '../period/index';

/**
 * The rules {@link detectAnomalies} can run, each switchable and configurable under `options.rules`.
 *
 * @example
 * ```ts
 * import { WARNING_RULES } from 'openspm';
 * WARNING_RULES.includes('stalledInStage'); //=> true
 * ```
 */
export const WARNING_RULES = [
  'stalledInStage',
  'noActivity',
  'followUpOverdue',
  'followUpTimeliness',
  'closeDateOverdue',
  'closeDateSlipped',
  'amountDecreased',
  'stageRegression',
  'stageSkipped',
  'conversionDrop',
  'performanceDecline',
  'pace',
  'coverageGap',
  'hockeyStick',
  'churnRisk',
  'dataQuality',
] as const;

/**
 * One of {@link WARNING_RULES}.
 *
 * @example
 * ```ts
 * import type { WarningRule } from 'openspm';
 * const rule: WarningRule = 'conversionDrop';
 * ```
 */
export type WarningRule = (typeof WARNING_RULES)[number];

/**
 * Every warning code, with the rule that raises it. Codes are stable across versions: store them, match on them.
 *
 * @example
 * ```ts
 * import { WARNING_CODES } from 'openspm';
 * WARNING_CODES.STALLED_IN_STAGE; //=> 'stalledInStage'
 * WARNING_CODES.PERFORMANCE_DIP; //=> 'performanceDecline'
 * ```
 */
export const WARNING_CODES = {
  /** An open deal has been in its stage longer than the stage's threshold. */
  STALLED_IN_STAGE: 'stalledInStage',
  /** An open deal has had no activity for longer than its stage's rotting days. */
  DEAL_ROTTING: 'noActivity',
  /** An account's next follow-up, by its grade's cadence, is past due. */
  FOLLOW_UP_OVERDUE: 'followUpOverdue',
  /** A rep's share of follow-ups done on time (跟进及时率) is below the minimum. */
  FOLLOW_UP_TIMELINESS_LOW: 'followUpTimeliness',
  /** An open deal's expected close date has passed. */
  CLOSE_DATE_OVERDUE: 'closeDateOverdue',
  /** An open deal's close date was pushed later several times. */
  CLOSE_DATE_SLIPPED: 'closeDateSlipped',
  /** An open deal's close date was pushed out of the current period. */
  CLOSE_DATE_PUSHED_OUT: 'closeDateSlipped',
  /** An open deal's amount was reduced. */
  AMOUNT_DECREASED: 'amountDecreased',
  /** A deal moved back to an earlier stage. */
  STAGE_REGRESSION: 'stageRegression',
  /** A deal jumped over one or more stages. */
  STAGE_SKIPPED: 'stageSkipped',
  /** A stage's conversion this period is below its trailing baseline by more than chance. */
  CONVERSION_DROP: 'conversionDrop',
  /** A rep's or team's weekly result or activity fell below its own expected band. */
  PERFORMANCE_DIP: 'performanceDecline',
  /** A rep's or team's weekly result or activity rose above its own expected band. */
  PERFORMANCE_SPIKE: 'performanceDecline',
  /** At the current run rate the period target will not be reached. */
  PACE_BEHIND: 'pace',
  /** Open pipeline closing this period is below the required multiple of the remaining target. */
  COVERAGE_GAP: 'coverageGap',
  /** Too much of a period's bookings came in its final month or week. */
  HOCKEY_STICK: 'hockeyStick',
  /** An account has had no activity or order for longer than its usual interval. */
  CHURN_RISK: 'churnRisk',
  /** Activities were logged in bulk long after they happened. */
  ACTIVITY_LOGGED_LATE: 'dataQuality',
  /** An open deal's owner is not a known, current member of the sales organisation. */
  DEAL_WITHOUT_OWNER: 'dataQuality',
  /** An open deal has a zero amount. */
  DEAL_WITHOUT_AMOUNT: 'dataQuality',
  /** Events of a deal contradict each other in time or state. */
  EVENT_OUT_OF_ORDER: 'dataQuality',
} as const satisfies Record<string, WarningRule>;

/**
 * One of the keys of {@link WARNING_CODES}.
 *
 * @example
 * ```ts
 * import type { WarningCode } from 'openspm';
 * const code: WarningCode = 'COVERAGE_GAP';
 * ```
 */
export type WarningCode = keyof typeof WARNING_CODES;

/**
 * How urgent a warning is: `info` to read, `warning` to act on this week, `critical` to act on today.
 *
 * @example
 * ```ts
 * import { WARNING_SEVERITIES } from 'openspm';
 * WARNING_SEVERITIES; //=> ['info', 'warning', 'critical']
 * ```
 */
export const WARNING_SEVERITIES = ['info', 'warning', 'critical'] as const;

/**
 * One of {@link WARNING_SEVERITIES}.
 *
 * @example
 * ```ts
 * import type { WarningSeverity } from 'openspm';
 * const severity: WarningSeverity = 'critical';
 * ```
 */
export type WarningSeverity = (typeof WARNING_SEVERITIES)[number];

/**
 * The locales of the message catalogue: English and Simplified Chinese.
 *
 * @example
 * ```ts
 * import { WARNING_LOCALES } from 'openspm';
 * WARNING_LOCALES; //=> ['en', 'zh-CN']
 * ```
 */
export const WARNING_LOCALES = ['en', 'zh-CN'] as const;

/**
 * One of {@link WARNING_LOCALES}.
 *
 * @example
 * ```ts
 * import type { WarningLocale } from 'openspm';
 * const locale: WarningLocale = 'zh-CN';
 * ```
 */
export type WarningLocale = (typeof WARNING_LOCALES)[number];

/**
 * A text in every locale of the catalogue.
 *
 * @example
 * ```ts
 * import type { LocalizedText } from 'openspm';
 * const text: LocalizedText = { en: 'Call the customer', 'zh-CN': '联系客户' };
 * ```
 */
export interface LocalizedText {
  /** English. */
  readonly en: string;
  /** Simplified Chinese. */
  readonly 'zh-CN': string;
}

/**
 * What a warning is about. `id` is the deal, rep, team, account or stage id; `company` means the whole dataset.
 *
 * @example
 * ```ts
 * import type { WarningSubject } from 'openspm';
 * const subject: WarningSubject = { kind: 'deal', id: 'D-17', name: 'D-17', ownerId: 'rep-1', pipelineId: 'p1', stageId: 'proposal' };
 * ```
 */
export interface WarningSubject {
  /** The kind of thing the warning is about. */
  readonly kind: 'deal' | 'rep' | 'team' | 'account' | 'stage' | 'company';
  /** Its id (`'*'` for the company). */
  readonly id: string;
  /** A name to show: the rep's or account's name, the stage's name, else the id. */
  readonly name: string;
  /** The rep responsible: the deal's or account's owner, or the rep itself. */
  readonly ownerId?: string;
  /** The pipeline, for deal and stage subjects. */
  readonly pipelineId?: string;
  /** The stage, for deal and stage subjects. */
  readonly stageId?: string;
}

/**
 * Where a threshold came from, so a reader can check it: a stage field (`stage.slaDays`), a learned statistic
 * (`learned`), an option (`option`), a rule default (`default`) or a target (`target`).
 *
 * @example
 * ```ts
 * import type { ThresholdSource } from 'openspm';
 * const source: ThresholdSource = 'learned';
 * ```
 */
export type ThresholdSource =
  | 'stage.slaDays'
  | 'stage.rottingDays'
  | 'learned'
  | 'option'
  | 'default'
  | 'target'
  | 'grade cadence';

/**
 * The numbers behind a warning: the value measured, how it was compared, the threshold and where it came from,
 * the sample it rests on, and any further figures (`details`) — enough for a rep to check it by hand.
 *
 * @example
 * ```ts
 * import type { WarningEvidence } from 'openspm';
 * const evidence: WarningEvidence = {
 *   metric: 'days in stage',
 *   value: 35,
 *   comparison: '>',
 *   threshold: 28,
 *   thresholdSource: 'learned',
 *   thresholdNote: 'p90 of days in "Proposal" among 412 won deals',
 *   sampleSize: 412,
 *   details: { enteredStageAt: '2024-05-27' },
 * };
 * ```
 */
export interface WarningEvidence {
  /** What was measured, in words (`'days in stage'`, `'conversion rate'`). */
  readonly metric: string;
  /** The value measured. Money is written as a decimal string in the dataset's currency. */
  readonly value: number | string;
  /**
   * How the value was compared with the threshold: the warning fires when `value comparison threshold` holds
   * (`'!='` for a state that is not the one expected).
   */
  readonly comparison: '>' | '>=' | '<' | '<=' | '!=';
  /** The threshold it was compared with. */
  readonly threshold: number | string;
  /** Where the threshold came from. */
  readonly thresholdSource: ThresholdSource;
  /** How the threshold was obtained, in words (`'p90 of 412 won deals'`, `'3 × remaining target'`). */
  readonly thresholdNote: string;
  /** The number of observations the statistic rests on, when there is one. */
  readonly sampleSize?: number;
  /** Further figures: counts, rates, p-values, intervals, dates (ISO text). */
  readonly details: Readonly<Record<string, number | string | boolean | null>>;
}

/**
 * One warning: a stable `id` for de-duplication across runs, the `code` and its `rule`, the `severity`, what it is
 * about, the period, the evidence, and a message and suggested action in English and Simplified Chinese.
 *
 * The id is a hash of the code, the subject and the *episode* (for a stalled deal: the time it entered the stage;
 * for an overdue close date: the date), never of `asOf` or of the measured value: the same situation seen again
 * tomorrow keeps its id; a new one (the deal moved and stalled again) gets a new id.
 *
 * @example
 * ```ts
 * import type { AnomalyWarning } from 'openspm';
 * function show(w: AnomalyWarning): string {
 *   return `[${w.severity}] ${w.message.en} → ${w.action.en}`;
 * }
 * ```
 */
export interface AnomalyWarning {
  /** Stable id: the same situation in a later run has the same id. */
  readonly id: string;
  /** Stable code, a key of {@link WARNING_CODES}. */
  readonly code: WarningCode;
  /** The rule that raised it. */
  readonly rule: WarningRule;
  /** How urgent it is (the rule's default, or the one configured). */
  readonly severity: WarningSeverity;
  /** What it is about. */
  readonly subject: WarningSubject;
  /** The period it refers to, when it has one (a conversion drop in a month, a pace warning in a quarter). */
  readonly period: Period | null;
  /** The numbers behind it. */
  readonly evidence: WarningEvidence;
  /** A short message for people, from the catalogue. */
  readonly message: LocalizedText;
  /** The suggested next action, from the catalogue. */
  readonly action: LocalizedText;
}

/**
 * Why a rule did not warn about something it looked at: a sample below its minimum, a missing input, a figure that
 * is not defined (zero denominator). A diagnostic is never a guess; it says what was not judged and why.
 *
 * @example
 * ```ts
 * import { DIAGNOSTIC_CODES } from 'openspm';
 * DIAGNOSTIC_CODES; //=> ['SAMPLE_TOO_SMALL', 'INPUT_MISSING', 'NOT_APPLICABLE', 'THRESHOLD_FALLBACK']
 * ```
 */
export const DIAGNOSTIC_CODES = [
  'SAMPLE_TOO_SMALL',
  'INPUT_MISSING',
  'NOT_APPLICABLE',
  'THRESHOLD_FALLBACK',
] as const;

/**
 * One of {@link DIAGNOSTIC_CODES}.
 *
 * @example
 * ```ts
 * import type { DiagnosticCode } from 'openspm';
 * const code: DiagnosticCode = 'SAMPLE_TOO_SMALL';
 * ```
 */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/**
 * A note from a rule about what it did not judge, and why.
 *
 * @example
 * ```ts
 * import type { WarningDiagnostic } from 'openspm';
 * const d: WarningDiagnostic = {
 *   rule: 'conversionDrop',
 *   code: 'SAMPLE_TOO_SMALL',
 *   subject: 'p1/proposal',
 *   message: 'conversion from "Proposal" not tested: 7 exits this period, fewer than the minimum 20',
 *   sampleSize: 7,
 *   minSample: 20,
 * };
 * ```
 */
export interface WarningDiagnostic {
  /** The rule. */
  readonly rule: WarningRule;
  /** What kind of note it is. */
  readonly code: DiagnosticCode;
  /** What it is about (`'p1/proposal'`, a rep id, `'*'` for the rule as a whole). */
  readonly subject: string;
  /** What was not judged and why, in English. */
  readonly message: string;
  /** The sample found, when the note is about a sample. */
  readonly sampleSize?: number;
  /** The minimum sample configured, when the note is about a sample. */
  readonly minSample?: number;
}
