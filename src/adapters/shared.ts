// Checks and helpers every shipped adapter shares: input validation at the port boundary, the time-range
// semantics of each collection, and the errors of the port. Private to the adapters.
import { z } from 'zod';
import { ErrorCode, OpenSpmError, parseOrThrow } from '../errors';
import {
  AccountSchema,
  ActivitySchema,
  DealSchema,
  PaymentSchema,
  PipelineSchema,
  RepSchema,
  StageChangeSchema,
  TeamSchema,
} from '../model/index';
import {
  type CrmCollection,
  DocumentSchema,
  type EditableCollection,
  type LoadInput,
  type ReadQuery,
  ResultSchema,
  type StorageCollection,
  type StorageRecords,
  TargetSchema,
} from '../storage/index';

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 10_000;

export const CRM_SCHEMAS = {
  pipelines: PipelineSchema,
  deals: DealSchema,
  stageChanges: StageChangeSchema,
  activities: ActivitySchema,
  payments: PaymentSchema,
  accounts: AccountSchema,
  reps: RepSchema,
  teams: TeamSchema,
} as const;

export const CRM_COLLECTIONS = Object.keys(CRM_SCHEMAS) as CrmCollection[];

export const EDITABLE_SCHEMAS = { targets: TargetSchema, scorecards: DocumentSchema, plans: DocumentSchema };

const COLLECTIONS: readonly StorageCollection[] = [
  ...CRM_COLLECTIONS,
  'targets',
  'scorecards',
  'plans',
  'results',
];

/** A read query, checked, with the range as epoch milliseconds (±Infinity when open). */
export interface CheckedQuery {
  tenantId: string;
  fromMs: number;
  toMs: number;
  pageSize: number;
  kind?: string;
  periodKey?: string;
  /** Absent when the read is not scoped or the scope is tenant-wide. */
  scope?: { repIds: Set<string>; teamIds: Set<string> };
}

export function checkTenant(tenantId: unknown): string {
  if (typeof tenantId !== 'string' || !/\S/.test(tenantId) || tenantId.length > 191) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `tenantId: expected a non-empty tenant id of at most 191 characters, got ${JSON.stringify(tenantId) ?? String(tenantId)}`,
      { path: ['tenantId'] },
    );
  }
  return tenantId;
}

export function checkCollection(collection: unknown): StorageCollection {
  if (!COLLECTIONS.includes(collection as StorageCollection)) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `collection: expected one of ${COLLECTIONS.join(', ')}, got ${JSON.stringify(collection)}`,
      { path: ['collection'] },
    );
  }
  return collection as StorageCollection;
}

const QuerySchema = z.object({
  tenantId: z.string(),
  from: z.date().optional(),
  to: z.date().optional(),
  pageSize: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
  kind: z.string().optional(),
  periodKey: z.string().optional(),
  scope: z.object({ all: z.boolean(), repIds: z.array(z.string()), teamIds: z.array(z.string()) }).optional(),
});

export function checkQuery(query: ReadQuery): CheckedQuery {
  const tenantId = checkTenant(query?.tenantId);
  const q = parseOrThrow(QuerySchema, query, 'read query');
  const fromMs = q.from ? q.from.getTime() : Number.NEGATIVE_INFINITY;
  const toMs = q.to ? q.to.getTime() : Number.POSITIVE_INFINITY;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) {
    throw new OpenSpmError(ErrorCode.INVALID_DATE, 'read query: from and to must be valid Dates', {
      path: [Number.isNaN(fromMs) ? 'from' : 'to'],
    });
  }
  return {
    tenantId,
    fromMs,
    toMs,
    pageSize: q.pageSize ?? DEFAULT_PAGE_SIZE,
    kind: q.kind,
    periodKey: q.periodKey,
    scope:
      q.scope && !q.scope.all
        ? { repIds: new Set(q.scope.repIds), teamIds: new Set(q.scope.teamIds) }
        : undefined,
  };
}

/** Validates the records of a load, every problem at once, with paths such as `deals[3].amount`. */
export function parseLoad(data: LoadInput): { [K in CrmCollection]?: StorageRecords[K][] } {
  const out: Record<string, unknown[]> = {};
  for (const [name, records] of Object.entries(data ?? {})) {
    if (records === undefined || records === null || name === 'currency') continue;
    if (!(name in CRM_SCHEMAS)) {
      throw new OpenSpmError(
        ErrorCode.INVALID_INPUT,
        `load: "${name}" is not a CRM collection (expected ${CRM_COLLECTIONS.join(', ')})`,
        { path: [name] },
      );
    }
    const schema = CRM_SCHEMAS[name as CrmCollection];
    out[name] = parseOrThrow(z.array(schema as z.ZodType), records, `${name} to load`, [name]) as unknown[];
  }
  return out as { [K in CrmCollection]?: StorageRecords[K][] };
}

export function parseEditable(collection: EditableCollection, record: unknown) {
  const schema = EDITABLE_SCHEMAS[collection];
  if (!schema) checkCollection(collection);
  return parseOrThrow(schema as z.ZodType, record, collection.replace(/s$/, '')) as
    | z.output<typeof TargetSchema>
    | z.output<typeof DocumentSchema>;
}

export function checkExpectedVersion(expectedVersion: unknown): number {
  if (!Number.isSafeInteger(expectedVersion) || (expectedVersion as number) < 0) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `expectedVersion: expected the version you read (a whole number, 0 for a new record), got ${String(expectedVersion)}`,
      { path: ['expectedVersion'] },
    );
  }
  return expectedVersion as number;
}

export function parseResults(results: unknown) {
  const parsed = parseOrThrow(z.array(ResultSchema), results, 'results', ['results']);
  const seen = new Map<string, number>();
  parsed.forEach((r, i) => {
    const id = `${r.kind}\u0000${r.key}`;
    const before = seen.get(id);
    if (before !== undefined) {
      throw new OpenSpmError(
        ErrorCode.DUPLICATE_ID,
        `results[${i}]: kind "${r.kind}" key "${r.key}" is also results[${before}]; each result needs its own key`,
        { path: ['results', i, 'key'] },
      );
    }
    seen.set(id, i);
  });
  return parsed;
}

export function conflict(
  collection: string,
  tenantId: string,
  id: string,
  expected: number,
  actual: number | null,
) {
  const what = collection.replace(/s$/, '');
  const message =
    actual === null
      ? `${what} "${id}" of tenant "${tenantId}" does not exist (expected version ${expected}); it may have been deleted — reload it`
      : expected === 0
        ? `${what} "${id}" of tenant "${tenantId}" already exists (version ${actual}); read it and save with expectedVersion ${actual}`
        : `${what} "${id}" of tenant "${tenantId}" was changed by someone else: you read version ${expected}, it is now version ${actual}; reload it, reapply your change and save again`;
  return new OpenSpmError(ErrorCode.VERSION_CONFLICT, message, { path: [collection, id] });
}

export function corruptRow(table: string, key: Record<string, unknown>, detail: string, cause?: unknown) {
  const keyText = Object.entries(key)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(', ');
  return new OpenSpmError(ErrorCode.CORRUPT_ROW, `table ${table}, row (${keyText}): ${detail}`, {
    path: [table],
    cause,
  });
}

/** Parses a stored row's model input with the collection's schema; a failure names the table and key. */
export function mapRow<T>(
  schema: z.ZodType<T>,
  input: unknown,
  table: string,
  key: Record<string, unknown>,
): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const detail = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(row)'}: ${i.message}`)
    .join('; ');
  throw corruptRow(table, key, detail, result.error);
}

export const ms = (d: Date | undefined): number | null => (d ? d.getTime() : null);

/** Whether a record falls in `[fromMs, toMs)` under its collection's rule (see StorageRecords). */
export function inRange(
  collection: StorageCollection,
  record: unknown,
  fromMs: number,
  toMs: number,
): boolean {
  const r = record as Record<string, unknown>;
  const t = (v: unknown) => (v instanceof Date ? v.getTime() : null);
  switch (collection) {
    case 'deals': {
      const closed = t(r.closedAt);
      return (t(r.createdAt) as number) < toMs && (closed === null || closed >= fromMs);
    }
    case 'stageChanges':
    case 'activities':
    case 'payments': {
      const at = t(r.at) as number;
      return at >= fromMs && at < toMs;
    }
    case 'reps': {
      const end = t(r.endDate);
      return (t(r.hireDate) as number) < toMs && (end === null || end >= fromMs);
    }
    case 'targets': {
      const p = r.period as { start: string; end: string };
      return dateMs(p.start) < toMs && dateMs(p.end) > fromMs;
    }
    case 'scorecards':
    case 'plans': {
      const end = r.effectiveTo as string | undefined;
      return dateMs(r.effectiveFrom as string) < toMs && (end === undefined || dateMs(end) > fromMs);
    }
    default:
      return true;
  }
}

/** A calendar date `'YYYY-MM-DD'` as the epoch milliseconds of its UTC midnight. */
export function dateMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

export function storageError(what: string, cause: unknown): OpenSpmError {
  if (cause instanceof OpenSpmError) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new OpenSpmError(ErrorCode.STORAGE_ERROR, `${what}: the database failed: ${detail}`, { cause });
}

/** The deals a scope shows (of a listed person or credited to a listed team). */
export function scopeShowsDeal(scope: NonNullable<CheckedQuery['scope']>, deal: unknown): boolean {
  const d = deal as { ownerId: string; teamId?: string };
  return scope.repIds.has(d.ownerId) || (d.teamId !== undefined && scope.teamIds.has(d.teamId));
}

/**
 * Whether a scoped read keeps a record (see `ReadScope`). `dealIds` are the ids of the deals the scope shows,
 * for stage changes and payments.
 */
export function scopeKeeps(
  collection: StorageCollection,
  record: unknown,
  scope: NonNullable<CheckedQuery['scope']>,
  dealIds: ReadonlySet<string>,
): boolean {
  const r = record as Record<string, unknown>;
  const rep = (v: unknown) => typeof v === 'string' && scope.repIds.has(v);
  const team = (v: unknown) => typeof v === 'string' && scope.teamIds.has(v);
  switch (collection) {
    case 'deals':
      return scopeShowsDeal(scope, r);
    case 'stageChanges':
    case 'payments':
      return dealIds.has(r.dealId as string);
    case 'activities':
      return rep(r.repId);
    case 'accounts':
      return rep(r.ownerId);
    case 'reps':
      return rep(r.id);
    case 'teams':
      return team(r.id);
    case 'targets': {
      const s = r.scope as { type: string; id?: string };
      return s.type === 'rep' ? rep(s.id) : s.type === 'team' ? team(s.id) : false;
    }
    case 'results':
      return rep(r.subjectId) || team(r.subjectId);
    default:
      return true;
  }
}

/** Thrown by adapters that cannot honour a scoped read, rather than return rows outside the scope. */
export function scopeNotSupported(adapter: string): OpenSpmError {
  return new OpenSpmError(
    ErrorCode.NOT_SUPPORTED,
    `read query: the ${adapter} adapter does not filter reads by scope (capabilities.scopedReads is false); read without a scope and cut the rows with scopeDataset or filterByScope`,
    { path: ['scope'] },
  );
}
