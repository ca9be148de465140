/**
 * The embedded default storage: everything in memory, in this process. Used by the demo, the docs and
 * tests; a CRM prototype can start here and move to `openspm/adapters/postgres` without code changes.
 *
 * @packageDocumentation
 */
import { Money } from '../../money/index';
import {
  type CrmCollection,
  canonicalJson,
  type EditableCollection,
  type EditableInput,
  type LoadInput,
  type ReadQuery,
  STORAGE_PORT_VERSION,
  type StorageAdapter,
  type StorageCapabilities,
  type StorageCollection,
  type StorageRecords,
  type StoredResult,
  type WriteResultsOptions,
  type WriteResultsSummary,
} from '../../storage/index';
import {
  CRM_COLLECTIONS,
  checkCollection,
  checkExpectedVersion,
  checkQuery,
  checkTenant,
  conflict,
  inRange,
  parseEditable,
  parseLoad,
  parseResults,
  scopeKeeps,
  scopeShowsDeal,
} from '../shared';

/**
 * Options of {@link createMemoryStorage}.
 *
 * @example
 * ```ts
 * import type { CreateMemoryStorageOptions } from 'openspm/adapters/memory';
 * const options: CreateMemoryStorageOptions = {};
 * ```
 */
export type CreateMemoryStorageOptions = Record<string, never>;

/**
 * The memory adapter: the port, with `load` always available.
 *
 * @example
 * ```ts
 * import { createMemoryStorage, type MemoryStorage } from 'openspm/adapters/memory';
 * const storage: MemoryStorage = createMemoryStorage();
 * await storage.load('acme', { teams: [{ id: 'T1', name: 'East' }] });
 * ```
 */
export interface MemoryStorage extends StorageAdapter {
  /** Inserts or replaces CRM records of a tenant (see {@link StorageAdapter.load}). */
  load(tenantId: string, data: LoadInput): Promise<void>;
}

interface StoredResultRow {
  result: StoredResult;
  text: string;
}

interface TenantData {
  crm: Map<CrmCollection, Map<string, unknown>>;
  editable: Map<EditableCollection, Map<string, { record: unknown; version: number }>>;
  results: Map<string, StoredResultRow>;
}

// Stage changes have no id of their own: deal id and position in the deal's history.
function crmKey(
  collection: CrmCollection,
  record: Record<string, unknown>,
  seq: Map<string, number>,
): string {
  if (collection !== 'stageChanges') return record.id as string;
  const deal = record.dealId as string;
  const n = seq.get(deal) ?? 0;
  seq.set(deal, n + 1);
  return `${deal}\u0000${String(n).padStart(10, '0')}`;
}

// Records go out as copies: a caller changing what it read never changes what is stored.
function copy<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Money || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copy(v);
  return out as T;
}

const resultId = (kind: string, key: string) => `${kind}\u0000${key}`;

/**
 * Creates an in-memory storage adapter: every collection of the port, all tenants kept apart, writes
 * transactional (a failed write leaves nothing behind), editable records versioned.
 *
 * @param _options - none yet.
 * @example
 * ```ts
 * import { createMemoryStorage } from 'openspm/adapters/memory';
 * const storage = createMemoryStorage();
 * await storage.writeResults('acme', [{ kind: 'warning', key: 'W1', periodKey: '2024-03', payload: {} }]);
 * //=> { inserted: 1, updated: 0, unchanged: 0, deleted: 0 }
 * ```
 */
export function createMemoryStorage(_options: CreateMemoryStorageOptions = {}): MemoryStorage {
  const tenants = new Map<string, TenantData>();
  const tenant = (id: string): TenantData => {
    let t = tenants.get(id);
    if (!t) {
      t = { crm: new Map(), editable: new Map(), results: new Map() };
      tenants.set(id, t);
    }
    return t;
  };
  const capabilities: StorageCapabilities = {
    portVersion: STORAGE_PORT_VERSION,
    adapter: 'memory',
    transactionalWrites: true,
    nulInText: true,
    load: true,
    maxPageSize: 10_000,
    scopedReads: true,
  };

  function rows(
    collection: StorageCollection,
    t: TenantData,
    kind?: string,
    periodKey?: string,
  ): Iterable<unknown> {
    if (collection === 'results') {
      const out: unknown[] = [];
      for (const row of t.results.values()) {
        if (kind !== undefined && row.result.kind !== kind) continue;
        if (periodKey !== undefined && row.result.periodKey !== periodKey) continue;
        out.push(row.result);
      }
      return out;
    }
    if (collection === 'targets' || collection === 'scorecards' || collection === 'plans') {
      const map = t.editable.get(collection);
      return map ? [...map.values()].map((e) => ({ ...(e.record as object), version: e.version })) : [];
    }
    return t.crm.get(collection)?.values() ?? [];
  }

  return {
    capabilities,

    async *read<K extends StorageCollection>(
      collection: K,
      query: ReadQuery,
    ): AsyncIterable<StorageRecords[K][]> {
      checkCollection(collection);
      const q = checkQuery(query);
      const t = tenants.get(q.tenantId);
      if (!t) return;
      const scope = q.scope;
      const dealIds = new Set<string>();
      if (scope && (collection === 'stageChanges' || collection === 'payments')) {
        for (const deal of t.crm.get('deals')?.values() ?? []) {
          if (scopeShowsDeal(scope, deal)) dealIds.add((deal as { id: string }).id);
        }
      }
      let page: StorageRecords[K][] = [];
      for (const record of rows(collection, t, q.kind, q.periodKey)) {
        if (!inRange(collection, record, q.fromMs, q.toMs)) continue;
        if (scope && !scopeKeeps(collection, record, scope, dealIds)) continue;
        page.push(copy(record) as StorageRecords[K]);
        if (page.length === q.pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },

    async get<K extends EditableCollection>(collection: K, tenantId: string, id: string) {
      checkCollection(collection);
      const entry = tenants.get(checkTenant(tenantId))?.editable.get(collection)?.get(id);
      return entry
        ? (copy({ ...(entry.record as object), version: entry.version }) as StorageRecords[K])
        : null;
    },

    async save<K extends EditableCollection>(
      collection: K,
      tenantId: string,
      record: EditableInput[K],
      expectedVersion: number,
    ) {
      checkTenant(tenantId);
      checkCollection(collection);
      const expected = checkExpectedVersion(expectedVersion);
      const parsed = parseEditable(collection, record);
      const t = tenant(tenantId);
      let map = t.editable.get(collection);
      if (!map) {
        map = new Map();
        t.editable.set(collection, map);
      }
      const current = map.get(parsed.id);
      const actual = current ? current.version : 0;
      if (actual !== expected)
        throw conflict(collection, tenantId, parsed.id, expected, current ? actual : null);
      map.set(parsed.id, { record: copy(parsed), version: expected + 1 });
      return copy({ ...parsed, version: expected + 1 }) as unknown as StorageRecords[K];
    },

    async writeResults(tenantId, results, options: WriteResultsOptions = {}): Promise<WriteResultsSummary> {
      checkTenant(tenantId);
      const parsed = parseResults(results);
      const t = tenant(tenantId);
      // Work on a copy and swap it in at the end: a failure anywhere leaves the stored results untouched.
      const next = new Map(t.results);
      const summary: WriteResultsSummary = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
      const written = new Set<string>();
      parsed.forEach((r, i) => {
        const id = resultId(r.kind, r.key);
        const stored: StoredResult = { ...r };
        const text = canonicalJson(stored);
        const before = next.get(id);
        if (!before) summary.inserted++;
        else if (before.text === text) summary.unchanged++;
        else summary.updated++;
        next.set(id, { result: stored, text });
        written.add(id);
        options.onResultWritten?.(i);
      });
      for (const scope of options.replace ?? []) {
        for (const [id, row] of next) {
          if (
            row.result.kind === scope.kind &&
            row.result.periodKey === scope.periodKey &&
            !written.has(id)
          ) {
            next.delete(id);
            summary.deleted++;
          }
        }
      }
      t.results = next;
      return summary;
    },

    async load(tenantId: string, data: LoadInput) {
      checkTenant(tenantId);
      const parsed = parseLoad(data);
      const t = tenant(tenantId);
      for (const collection of CRM_COLLECTIONS) {
        const records = parsed[collection];
        if (!records) continue;
        let map = t.crm.get(collection);
        if (!map) {
          map = new Map();
          t.crm.set(collection, map);
        }
        const seq = new Map<string, number>();
        if (collection === 'stageChanges') {
          // A deal's history is replaced as a whole when it is loaded again.
          const deals = new Set(records.map((r) => (r as { dealId: string }).dealId));
          for (const [key, r] of map) if (deals.has((r as { dealId: string }).dealId)) map.delete(key);
        }
        for (const r of records) map.set(crmKey(collection, r as Record<string, unknown>, seq), r);
      }
    },

    async close() {
      tenants.clear();
    },
  };
}
