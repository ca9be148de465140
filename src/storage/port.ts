import type { Account, Activity, Deal, Payment, Pipeline, Rep, StageChange, Team } from '../model/index';
import type {
  DocumentInput,
  ResultInput,
  StoredDocument,
  StoredResult,
  StoredTarget,
  TargetInput,
} from './records';

/**
 * The version of the storage port this package implements. An adapter declares the version it was written
 * against in its capabilities; the core refuses an adapter of another major version.
 *
 * @example
 * ```ts
 * import { STORAGE_PORT_VERSION } from 'openspm';
 * STORAGE_PORT_VERSION; //=> 1
 * ```
 */
export const STORAGE_PORT_VERSION = 1;

/**
 * What each collection of the port holds: its name and the model a read yields.
 *
 * @example
 * ```ts
 * import type { StorageRecords } from 'openspm';
 * type DealRow = StorageRecords['deals']; // a Deal
 * ```
 */
export interface StorageRecords {
  /** Pipelines with their stages (no time filter). */
  pipelines: Pipeline;
  /** Deals alive in the range: created before `to`, and open or closed at or after `from`. */
  deals: Deal;
  /** Stage changes with `from <= at < to`, each deal's in time order. */
  stageChanges: StageChange;
  /** Activities with `from <= at < to`. */
  activities: Activity;
  /** Payments with `from <= at < to`. */
  payments: Payment;
  /** Customer accounts (no time filter). */
  accounts: Account;
  /** People employed in the range: hired before `to`, and not gone before `from`. */
  reps: Rep;
  /** Teams (no time filter). */
  teams: Team;
  /** Targets whose period overlaps the range; editable, with a version. */
  targets: StoredTarget;
  /** KPI scorecards effective in the range; editable, with a version. */
  scorecards: StoredDocument;
  /** Commission plans effective in the range; editable, with a version. */
  plans: StoredDocument;
  /** Results written by {@link StorageAdapter.writeResults}, filtered by `kind` and `periodKey`. */
  results: StoredResult;
}

/**
 * The name of a collection the port reads.
 *
 * @example
 * ```ts
 * import type { StorageCollection } from 'openspm';
 * const name: StorageCollection = 'activities';
 * ```
 */
export type StorageCollection = keyof StorageRecords;

/**
 * The collections that a CRM owns and openspm only reads (and {@link StorageAdapter.load} fills in tests
 * and demos).
 *
 * @example
 * ```ts
 * import type { CrmCollection } from 'openspm';
 * const name: CrmCollection = 'deals';
 * ```
 */
export type CrmCollection =
  | 'pipelines'
  | 'deals'
  | 'stageChanges'
  | 'activities'
  | 'payments'
  | 'accounts'
  | 'reps'
  | 'teams';

/**
 * The editable collections: a person changes these, so every save carries the version it was read at.
 *
 * @example
 * ```ts
 * import type { EditableCollection } from 'openspm';
 * const name: EditableCollection = 'plans';
 * ```
 */
export type EditableCollection = 'targets' | 'scorecards' | 'plans';

/**
 * A read: always one tenant, optionally a time range `[from, to)`, read in pages.
 *
 * @example
 * ```ts
 * import type { ReadQuery } from 'openspm';
 * const query: ReadQuery = {
 *   tenantId: 'acme',
 *   from: new Date('2024-07-01T00:00:00Z'),
 *   to: new Date('2024-10-01T00:00:00Z'),
 *   pageSize: 1000,
 * };
 * ```
 */
export interface ReadQuery {
  /** The tenant whose rows are read; no row of another tenant is ever returned. */
  tenantId: string;
  /** Start of the range (included); absent for "since the beginning". */
  from?: Date;
  /** End of the range (excluded); absent for "until now and later". */
  to?: Date;
  /** Rows per page, 1 to 10,000; default 1,000. */
  pageSize?: number;
  /** For `results` only: one result kind. */
  kind?: string;
  /** For `results` only: one period key. */
  periodKey?: string;
  /**
   * Only the rows a viewer may see: pass `scopeFor(...)`. Adapters without `capabilities.scopedReads` (none of the shipped ones) throw
   * `NOT_SUPPORTED` for a scope that is not tenant-wide rather than return rows outside it.
   */
  scope?: ReadScope;
}

/**
 * What a scoped read keeps (an `AccessScope` from `scopeFor` is one). Deals: of a listed person or credited to
 * a listed team; stage changes and payments: of those deals; activities, accounts (by owner) and people: of
 * listed people; teams: the listed ones; targets: a listed person's or team's (company targets only when `all`);
 * results: whose `subjectId` is a listed person or team; pipelines, scorecards and plans: all (they are rules,
 * not figures about people).
 *
 * @example
 * ```ts
 * import type { ReadScope } from 'openspm';
 * const scope: ReadScope = { all: false, repIds: ['li'], teamIds: [] };
 * ```
 */
export interface ReadScope {
  /** `true` for the whole tenant: nothing is filtered. */
  readonly all: boolean;
  /** People whose rows are read. */
  readonly repIds: readonly string[];
  /** Teams whose rows are read. */
  readonly teamIds: readonly string[];
}

/**
 * Optional features of an adapter, so the core asks rather than assumes.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * createMemoryStorage().capabilities.nulInText; //=> true
 * ```
 */
export interface StorageCapabilities {
  /** The port version the adapter implements ({@link STORAGE_PORT_VERSION}). */
  portVersion: number;
  /** A short name for messages, such as `'postgres'`. */
  adapter: string;
  /** Whether `writeResults` is all-or-nothing (every shipped adapter: true). */
  transactionalWrites: boolean;
  /** Whether text may contain the NUL character (`\u0000`); PostgreSQL and SQLite via sql.js cannot. */
  nulInText: boolean;
  /** Whether {@link StorageAdapter.load} is available to fill the CRM collections (tests, demos, imports). */
  load: boolean;
  /** The largest page size the adapter serves. */
  maxPageSize: number;
  /** Whether reads honour {@link ReadQuery.scope} (every shipped adapter: true); absent means false. */
  scopedReads?: boolean;
}

/**
 * A kind of result in a period: the unit a write can replace as a whole.
 *
 * @example
 * ```ts
 * import type { ResultScope } from 'openspm';
 * const scope: ResultScope = { kind: 'warning', periodKey: '2024-09' };
 * ```
 */
export interface ResultScope {
  /** The result kind. */
  kind: string;
  /** The period key. */
  periodKey: string;
}

/**
 * Options of {@link StorageAdapter.writeResults}.
 *
 * @example
 * ```ts
 * import type { WriteResultsOptions } from 'openspm';
 * const options: WriteResultsOptions = { replace: [{ kind: 'period-total', periodKey: '2024-Q3' }] };
 * ```
 */
export interface WriteResultsOptions {
  /**
   * Scopes (a kind in a period) this write replaces as a whole: stored results of these scopes that are not
   * in this write are deleted, in the same transaction. Without it, writes only insert and update.
   */
  replace?: readonly ResultScope[];
  /**
   * Called inside the transaction after each result is written, with its index. Throwing from it aborts the
   * write and rolls everything back (use it for progress, cancellation, or to test rollback).
   */
  onResultWritten?: (index: number) => void;
}

/**
 * What a write changed. Writing the same results again reports them all as `unchanged`.
 *
 * @example
 * ```ts
 * import type { WriteResultsSummary } from 'openspm';
 * const summary: WriteResultsSummary = { inserted: 3, updated: 0, unchanged: 0, deleted: 0 };
 * ```
 */
export interface WriteResultsSummary {
  /** Results that were not stored before. */
  inserted: number;
  /** Results stored before with a different content. */
  updated: number;
  /** Results stored before with exactly this content (nothing written). */
  unchanged: number;
  /** Results of a replaced scope that this write no longer contains. */
  deleted: number;
}

/**
 * A record to save in an editable collection, by collection.
 *
 * @example
 * ```ts
 * import type { EditableInput } from 'openspm';
 * type PlanInput = EditableInput['plans']; // a DocumentInput
 * ```
 */
export interface EditableInput {
  /** A target to save. */
  targets: TargetInput;
  /** A scorecard to save. */
  scorecards: DocumentInput;
  /** A plan to save. */
  plans: DocumentInput;
}

/**
 * The CRM data {@link StorageAdapter.load} accepts: any of the CRM collections, as model inputs (a whole
 * `Dataset` fits; its `currency` is ignored).
 *
 * @example
 * ```ts
 * import type { LoadInput } from 'openspm';
 * const input: LoadInput = { teams: [{ id: 'T1', name: 'East' }] };
 * ```
 */
export interface LoadInput {
  /** Pipelines with their stages. */
  pipelines?: readonly unknown[] | null;
  /** Deals. */
  deals?: readonly unknown[] | null;
  /** Stage changes; each deal's in time order (a deal's history is replaced as a whole). */
  stageChanges?: readonly unknown[] | null;
  /** Activities. */
  activities?: readonly unknown[] | null;
  /** Payments. */
  payments?: readonly unknown[] | null;
  /** Accounts. */
  accounts?: readonly unknown[] | null;
  /** Reps. */
  reps?: readonly unknown[] | null;
  /** Teams. */
  teams?: readonly unknown[] | null;
  /** A Dataset's currency: ignored. */
  currency?: unknown;
}

/**
 * The storage port: how openspm reads a CRM's data and writes its results back. Implement it to embed
 * openspm in your CRM, or use a shipped adapter (`openspm/adapters/memory`, `/postgres`, `/mysql`,
 * `/sqlite`). Prove an implementation with `runAdapterConformance` from `openspm/testing`.
 *
 * The contract, in short:
 * - **Tenant isolation**: every call names a tenant; nothing of another tenant is ever read or changed.
 * - **Reads** are async iterables of pages (arrays), so memory never grows with the table; rows are
 *   validated models (a row that does not validate throws `CORRUPT_ROW`, naming the table and key).
 * - **Writes** of results are transactional per call (all or nothing) and idempotent by `(kind, key)`.
 * - **Editable** records (targets, scorecards, plans) carry a `version`; a save names the version it
 *   was read at (0 for a new record) and a stale save throws `VERSION_CONFLICT`.
 * - Money is exact (a decimal column or text, never a float); instants keep their millisecond.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * const storage = createMemoryStorage();
 * await storage.load('acme', { teams: [{ id: 'T1', name: 'East' }] });
 * for await (const page of storage.read('teams', { tenantId: 'acme' })) {
 *   page.map((t) => t.name); //=> ['East']
 * }
 * ```
 */
export interface StorageAdapter {
  /** The adapter's optional features. */
  readonly capabilities: StorageCapabilities;
  /**
   * Reads one collection of one tenant in pages (see {@link StorageRecords} for each collection's time
   * filter). Pages are never empty; the iteration ends after the last one.
   */
  read<K extends StorageCollection>(collection: K, query: ReadQuery): AsyncIterable<StorageRecords[K][]>;
  /** One editable record by id, or `null` when the tenant has none with that id. */
  get<K extends EditableCollection>(
    collection: K,
    tenantId: string,
    id: string,
  ): Promise<StorageRecords[K] | null>;
  /**
   * Saves an editable record if its stored version is still `expectedVersion` (0: it must not exist yet),
   * and returns it with its new version (`expectedVersion + 1`). Throws `VERSION_CONFLICT` otherwise.
   */
  save<K extends EditableCollection>(
    collection: K,
    tenantId: string,
    record: EditableInput[K],
    expectedVersion: number,
  ): Promise<StorageRecords[K]>;
  /** Writes results in one transaction, idempotently by `(kind, key)`; see {@link WriteResultsOptions}. */
  writeResults(
    tenantId: string,
    results: readonly ResultInput[],
    options?: WriteResultsOptions,
  ): Promise<WriteResultsSummary>;
  /**
   * Inserts or replaces CRM records of a tenant in one transaction (only when `capabilities.load`; a CRM's
   * own adapter usually reads tables it already has and leaves this out).
   */
  load?(tenantId: string, data: LoadInput): Promise<void>;
  /** Releases what the adapter holds (never the driver you passed in). Optional. */
  close?(): Promise<void>;
}
