/**
 * The domain models: zod schemas with their inferred types, the dataset validator and the JSON Schema export.
 * This file is the whole public surface of the module.
 *
 * @module
 */
export { ACCOUNT_GRADES, type Account, type AccountGrade, type AccountInput, AccountSchema } from './account';
export {
  ACTIVITY_TYPES,
  type Activity,
  type ActivityInput,
  ActivitySchema,
  type ActivityType,
} from './activity';
export { CurrencyCodeSchema, DateTimeSchema, IdSchema } from './common';
export { type Dataset, type DatasetInput, DatasetSchema } from './dataset';
export { type Deal, type DealInput, DealSchema } from './deal';
export { type JsonSchema, type ModelName, modelSchemas, toJsonSchema } from './json-schema';
export {
  REP_ROLES,
  type Rep,
  type RepInput,
  type RepRole,
  RepSchema,
  type Team,
  type TeamInput,
  TeamSchema,
} from './org';
export { type Payment, type PaymentInput, PaymentSchema } from './payment';
export {
  type Pipeline,
  type PipelineInput,
  PipelineSchema,
  STAGE_KINDS,
  type Stage,
  type StageInput,
  type StageKind,
  StageSchema,
} from './pipeline';
export { type StageChange, type StageChangeInput, StageChangeSchema } from './stage-change';
export { type CurrencyPair, type ValidateDatasetOptions, validateDataset } from './validate-dataset';
