import { z } from 'zod';
import { ErrorCode, OpenSpmError } from '../errors';
import { AccountSchema } from './account';
import { ActivitySchema } from './activity';
import { DATE_TIME_OPTIONS } from './common';
import { DatasetSchema } from './dataset';
import { DealSchema } from './deal';
import { RepSchema, TeamSchema } from './org';
import { PaymentSchema } from './payment';
import { PipelineSchema, StageSchema } from './pipeline';
import { StageChangeSchema } from './stage-change';

/**
 * The zod schema of each model, by name: for looping over the models, or for picking a schema from a name
 * that came in as data (`modelSchemas[name].safeParse(row)`).
 *
 * @example
 * ```ts
 * import { modelSchemas } from 'openspm';
 * Object.keys(modelSchemas).length; //=> 10
 * modelSchemas.Team.parse({ id: 3, name: 'East region' }); //=> { id: '3', name: 'East region' }
 * ```
 */
export const modelSchemas = {
  /** See `PipelineSchema`. */
  Pipeline: PipelineSchema,
  /** See `StageSchema`. */
  Stage: StageSchema,
  /** See `DealSchema`. */
  Deal: DealSchema,
  /** See `StageChangeSchema`. */
  StageChange: StageChangeSchema,
  /** See `ActivitySchema`. */
  Activity: ActivitySchema,
  /** See `RepSchema`. */
  Rep: RepSchema,
  /** See `TeamSchema`. */
  Team: TeamSchema,
  /** See `AccountSchema`. */
  Account: AccountSchema,
  /** See `PaymentSchema`. */
  Payment: PaymentSchema,
  /** See `DatasetSchema`. */
  Dataset: DatasetSchema,
} as const;

/**
 * The name of a model, a key of {@link modelSchemas}.
 *
 * @example
 * ```ts
 * import type { ModelName } from 'openspm';
 * const model: ModelName = 'Deal';
 * ```
 */
export type ModelName = keyof typeof modelSchemas;

/**
 * A JSON Schema document (draft 2020-12), as a plain object (zod's JSON Schema type).
 *
 * @example
 * ```ts
 * import { toJsonSchema, type JsonSchema } from 'openspm';
 * const schema: JsonSchema = toJsonSchema('Team');
 * schema.type; //=> 'object'
 * ```
 */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

const DATE_JSON = [
  { type: 'string', format: 'date-time' },
  { type: 'string', format: 'date' },
];

type Def = { type: string; in?: z.ZodType; options?: readonly z.ZodType[] };
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/**
 * A branch that only a running program can check (`z.custom`, `z.instanceof`): the `Money` instance branch of
 * `MoneySchema`. JSON Schema cannot express it; zod would render it as `{}`, which accepts anything.
 */
function isProgramOnly(schema: z.core.$ZodType): boolean {
  return defOf(schema).type === 'custom';
}

/** The union a transform reads its input from, following pipes (`MoneySchema` is union → transform). */
function unionOptions(schema: z.core.$ZodType): readonly z.core.$ZodType[] | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = defOf(current);
    if (def.type === 'union') return def.options;
    if (def.type !== 'pipe') return undefined;
    current = def.in;
  }
  return undefined;
}

function override(ctx: { zodSchema: z.core.$ZodType; jsonSchema: Record<string, unknown> }): void {
  const { zodSchema, jsonSchema: json } = ctx;
  const def = defOf(zodSchema);
  // A date: an ISO 8601 string on the wire, never a `Date` (which JSON has not).
  if (def.type === 'union' && def.options === DATE_TIME_OPTIONS) {
    for (const key of Object.keys(json)) if (key !== 'description') delete json[key];
    json.anyOf = DATE_JSON.map((branch) => ({ ...branch }));
    return;
  }
  // Money: keep the JSON form `{ amount, currency }`, drop the `Money` instance branch.
  const options = unionOptions(zodSchema);
  const anyOf = json.anyOf;
  if (
    options &&
    Array.isArray(anyOf) &&
    anyOf.length === options.length &&
    options.some(isProgramOnly) &&
    !options.every(isProgramOnly)
  ) {
    const kept = anyOf.filter((_, i) => !isProgramOnly(options[i]!));
    delete json.anyOf;
    if (kept.length === 1) {
      const { description: _, ...branch } = kept[0] as Record<string, unknown>;
      Object.assign(json, branch);
    } else json.anyOf = kept;
  }
}

/**
 * The JSON Schema (draft 2020-12) of what a model accepts, for a CRM written in another language: validate
 * rows before sending them, or generate types from it. Dates are ISO 8601 strings (`format: 'date-time'` or
 * `'date'`; a date-time without an offset is read as UTC), money is `{ "amount": "120000.00", "currency": "CNY" }`,
 * ids are text or whole numbers, `null` is accepted for optional fields. Field descriptions are included.
 *
 * The JSON Schema checks shape only; cross-record checks (references, currency, history order) are done by
 * {@link validateDataset}.
 *
 * @example
 * ```ts
 * import { toJsonSchema } from 'openspm';
 * const deal = toJsonSchema('Deal');
 * deal.required; //=> ['id', 'pipelineId', 'ownerId', 'amount', 'createdAt', 'stageId']
 * deal.properties.amount.required; //=> ['amount', 'currency']
 * deal.properties.createdAt.anyOf[0]; //=> { type: 'string', format: 'date-time' }
 * ```
 */
export function toJsonSchema(model: ModelName): JsonSchema {
  const schema = modelSchemas[model];
  if (!schema) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `unknown model ${JSON.stringify(model)}; expected one of ${Object.keys(modelSchemas).join(', ')}`,
    );
  }
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => override(ctx as { zodSchema: z.core.$ZodType; jsonSchema: Record<string, unknown> }),
  }) as JsonSchema;
  return { ...json, title: model };
}
