import { z } from 'zod';
import { ErrorCode, OpenSpmError } from '../errors';
import { IdSchema } from '../model/index';
import { type Money, type MoneyInput, MoneySchema, NonNegativeMoneySchema } from '../money/index';
import { CalendarDateSchema, type Period, PeriodSchema } from '../period/index';

/**
 * A JSON value: what a result's payload and a plan's or scorecard's body are stored as.
 *
 * @example
 * ```ts
 * import type { JsonValue } from 'openspm';
 * const value: JsonValue = { rate: '0.05', tiers: [1, 2, 3], note: null };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, `${value} cannot be stored; use null with a reason`);
  }
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return value;
}

/**
 * The canonical JSON text of a value: object keys sorted, `undefined` left out, Money as
 * `{ "amount", "currency" }`, Dates as ISO text, bigints as text. Equal content gives equal text, which is
 * how adapters tell an unchanged result from an updated one.
 *
 * @throws OpenSpmError `INVALID_INPUT` for NaN or an infinite number.
 * @example
 * ```ts
 * import { canonicalJson, Money } from 'openspm';
 * canonicalJson({ b: 1, a: Money.of('5', 'CNY') }); //=> '{"a":{"amount":"5.00","currency":"CNY"},"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'null';
}

const JsonSchema = z.unknown().transform((value, ctx): JsonValue => {
  try {
    return JSON.parse(canonicalJson(value)) as JsonValue;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not storable as JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
});

const TextSchema = z.string().min(1, 'must not be empty');

/** Kinds of results openspm's own steps write; adapters accept any kind matching the pattern. */
const RESULT_KIND = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * A target as saved: how much of a metric a company, team or rep should reach in a period.
 *
 * @example
 * ```ts
 * import { parsePeriodKey, TargetSchema } from 'openspm';
 * const target = TargetSchema.parse({
 *   id: 'T-2024-Q3',
 *   period: parsePeriodKey('2024-Q3'),
 *   scope: { type: 'company' },
 *   metric: 'won-amount',
 *   amount: { amount: '3000000', currency: 'CNY' },
 * });
 * target.amount.toString(); //=> '3000000.00 CNY'
 * ```
 */
export const TargetSchema = z.object({
  id: IdSchema.describe('Target id'),
  period: PeriodSchema.describe('The period the target is for'),
  scope: z
    .object({
      type: z.enum(['company', 'team', 'rep']).describe('Who the target is for'),
      id: IdSchema.optional().describe('The team or rep id; absent for the company'),
    })
    .refine((s) => (s.type === 'company') === (s.id === undefined), {
      message: 'a team or rep target needs the team or rep id; a company target has none',
    })
    .describe('Company, a team, or a rep'),
  metric: TextSchema.describe('What is counted, such as "won-amount" or "collected-amount"'),
  amount: NonNegativeMoneySchema.describe('The target amount'),
  details: JsonSchema.optional().describe('Anything else the CRM keeps with the target'),
}) as unknown as z.ZodType<TargetFields, TargetInput>;

/**
 * A target to save (model input).
 *
 * @example
 * ```ts
 * import type { TargetInput } from 'openspm';
 * const input: TargetInput = {
 *   id: 'T1',
 *   period: { kind: 'quarter', key: '2024-Q3', start: '2024-07-01', end: '2024-10-01' },
 *   scope: { type: 'team', id: 'EAST' },
 *   metric: 'won-amount',
 *   amount: { amount: '900000', currency: 'CNY' },
 * };
 * ```
 */
export interface TargetInput {
  /** Target id. */
  id: string | number;
  /** The period it is for, such as `parsePeriodKey('FY2024-Q3')`. */
  period: Period;
  /** Company, a team or a rep. */
  scope: TargetScope;
  /** What is counted, such as `'won-amount'` or `'collected-amount'`. */
  metric: string;
  /** The target amount: a Money or `{ amount, currency }`. */
  amount: Money | MoneyInput;
  /** Anything else the CRM keeps with it. */
  details?: unknown;
}

/**
 * Whom a target is for: the company, a team (with its id) or a rep (with their id).
 *
 * @example
 * ```ts
 * import type { TargetScope } from 'openspm';
 * const scope: TargetScope = { type: 'team', id: 'EAST' };
 * ```
 */
export interface TargetScope {
  /** `'company'`, `'team'` or `'rep'`. */
  type: 'company' | 'team' | 'rep';
  /** The team or rep id; absent for the company. */
  id?: string;
}

/**
 * A target's fields as validated (a {@link StoredTarget} without its version).
 *
 * @example
 * ```ts
 * import type { TargetFields } from 'openspm';
 * const metric = (t: TargetFields) => t.metric;
 * ```
 */
export interface TargetFields {
  /** Target id. */
  id: string;
  /** The period it is for. */
  period: Period;
  /** Company, a team or a rep. */
  scope: TargetScope;
  /** What is counted, such as `'won-amount'`. */
  metric: string;
  /** The target amount. */
  amount: Money;
  /** Anything else the CRM keeps with it. */
  details?: JsonValue;
}

/**
 * A stored target: the saved fields and its version (1 after the first save).
 *
 * @example
 * ```ts
 * import type { StoredTarget } from 'openspm';
 * const version = (t: StoredTarget) => t.version;
 * ```
 */
export interface StoredTarget extends TargetFields {
  /** Incremented by every save; pass it back as `expectedVersion`. */
  version: number;
}

/**
 * A scorecard or plan document as saved: its body is validated by the module that uses it (the KPI or
 * incentives module); the port stores it as JSON with an effective range and a version.
 *
 * @example
 * ```ts
 * import { DocumentSchema } from 'openspm';
 * DocumentSchema.parse({ id: 'P1', name: 'AE plan 2024', effectiveFrom: '2024-01-01', body: { rate: '0.05' } }).name;
 * //=> 'AE plan 2024'
 * ```
 */
export const DocumentSchema: z.ZodType<DocumentFields, DocumentInput> = z
  .object({
    id: IdSchema.describe('Document id'),
    name: TextSchema.describe('Name shown to people'),
    effectiveFrom: CalendarDateSchema.describe('First day it applies'),
    effectiveTo: CalendarDateSchema.optional().describe('Day after the last day it applies; absent: open'),
    body: JsonSchema.describe('The plan or scorecard definition'),
  })
  .refine((d) => d.effectiveTo === undefined || d.effectiveTo > d.effectiveFrom, {
    path: ['effectiveTo'],
    message: 'must be after effectiveFrom',
  });

/**
 * A scorecard or plan to save (model input).
 *
 * @example
 * ```ts
 * import type { DocumentInput } from 'openspm';
 * const plan: DocumentInput = { id: 'P1', name: 'AE plan', effectiveFrom: '2024-01-01', body: {} };
 * ```
 */
export interface DocumentInput {
  /** Document id. */
  id: string | number;
  /** Name shown to people. */
  name: string;
  /** First day it applies, `'YYYY-MM-DD'`. */
  effectiveFrom: string;
  /** Day after the last day it applies; absent while open. */
  effectiveTo?: string;
  /** The definition: any JSON-serializable value. */
  body: unknown;
}

/**
 * A scorecard's or plan's fields as validated (a {@link StoredDocument} without its version).
 *
 * @example
 * ```ts
 * import type { DocumentFields } from 'openspm';
 * const from = (d: DocumentFields) => d.effectiveFrom;
 * ```
 */
export interface DocumentFields {
  /** Document id. */
  id: string;
  /** Name shown to people. */
  name: string;
  /** First day it applies, `'YYYY-MM-DD'`. */
  effectiveFrom: string;
  /** Day after the last day it applies; absent while open. */
  effectiveTo?: string;
  /** The definition, as JSON. */
  body: JsonValue;
}

/**
 * A stored scorecard or plan, with its version.
 *
 * @example
 * ```ts
 * import type { StoredDocument } from 'openspm';
 * const name = (d: StoredDocument) => `${d.name} v${d.version}`;
 * ```
 */
export interface StoredDocument extends DocumentFields {
  /** Incremented by every save; pass it back as `expectedVersion`. */
  version: number;
}

/**
 * One result to write: a stable `(kind, key)`, the period it belongs to, an optional headline amount
 * (stored in an exact decimal column so a CRM can query it) and the whole result as JSON.
 *
 * @example
 * ```ts
 * import { Money, ResultSchema } from 'openspm';
 * const r = ResultSchema.parse({
 *   kind: 'period-total',
 *   key: '2024-Q3|rep|R1',
 *   periodKey: '2024-Q3',
 *   subjectId: 'R1',
 *   amount: Money.of('1200.50', 'CNY'),
 *   payload: { won: { count: 3 } },
 * });
 * r.amount?.toString(); //=> '1200.50 CNY'
 * ```
 */
export const ResultSchema: z.ZodType<StoredResult, ResultInput> = z.object({
  kind: z
    .string()
    .regex(RESULT_KIND, 'must be lower-case letters, digits and dashes, such as "kpi-score"')
    .describe('Result kind, such as "target-allocation", "kpi-score", "payout-statement", "warning"'),
  key: TextSchema.max(500, 'must be at most 500 characters').describe(
    'Stable key, unique within the kind: writing the same key again replaces the result',
  ),
  periodKey: TextSchema.describe('The period the result belongs to'),
  subjectId: IdSchema.optional().describe('The rep, team, stage or deal the result is about'),
  amount: MoneySchema.optional().describe('Headline amount, stored exactly'),
  payload: JsonSchema.describe('The whole result as JSON'),
});

/**
 * A result to write (input form: the amount may be a Money or `{ amount, currency }`, the payload any
 * JSON-serializable value).
 *
 * @example
 * ```ts
 * import type { ResultInput } from 'openspm';
 * const r: ResultInput = { kind: 'warning', key: 'W1', periodKey: '2024-03', payload: { rule: 'stalled' } };
 * ```
 */
export interface ResultInput {
  /** Result kind: lower-case letters, digits and dashes, such as `'kpi-score'`. */
  kind: string;
  /** Stable key, unique within the kind (at most 500 characters). */
  key: string;
  /** The period it belongs to. */
  periodKey: string;
  /** The rep, team, stage or deal it is about. */
  subjectId?: string | number;
  /** Headline amount: a Money or `{ amount, currency }`. */
  amount?: Money | MoneyInput;
  /** The whole result: any JSON-serializable value (Money and Dates become JSON). */
  payload: unknown;
}

/**
 * A stored result, as read back.
 *
 * @example
 * ```ts
 * import type { StoredResult } from 'openspm';
 * const label = (r: StoredResult) => `${r.kind} ${r.key}`;
 * ```
 */
export interface StoredResult {
  /** Result kind. */
  kind: string;
  /** Stable key within the kind. */
  key: string;
  /** The period it belongs to. */
  periodKey: string;
  /** What it is about. */
  subjectId?: string;
  /** Headline amount. */
  amount?: Money;
  /** The whole result as JSON. */
  payload: JsonValue;
}
