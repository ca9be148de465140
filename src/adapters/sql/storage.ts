// One implementation of the storage port over SQL, shared by the PostgreSQL, MySQL/MariaDB and SQLite
// adapters: they differ only in their dialect (types, upsert syntax) and their driver wrapper.
import { ErrorCode, OpenSpmError } from '../../errors';
import {
  type CrmCollection,
  canonicalJson,
  type EditableCollection,
  type EditableInput,
  type LoadInput,
  type ReadQuery,
  STORAGE_PORT_VERSION,
  type StorageAdapter,
  type StorageCollection,
  type StorageRecords,
  type StoredResult,
  type WriteResultsOptions,
  type WriteResultsSummary,
} from '../../storage/index';
import {
  type CheckedQuery,
  CRM_COLLECTIONS,
  checkCollection,
  checkExpectedVersion,
  checkQuery,
  checkTenant,
  conflict,
  parseEditable,
  parseLoad,
  parseResults,
  storageError,
} from '../shared';
import type { MigrationSession, SqlDialect, SqlExecutor, SqlParam, SqlRow, SqlSession } from './dialect';
import { MAPPERS, type Migration, migrationsFor, TABLES, type TableSpec } from './tables';

/**
 * Options shared by the SQL adapters.
 *
 * @example
 * ```ts
 * import type { SqlStorageOptions } from 'openspm/adapters/postgres';
 * const options: SqlStorageOptions = { tablePrefix: 'spm_' };
 * ```
 */
export interface SqlStorageOptions {
  /**
   * Prefix of every table name (default `'openspm_'`): lower-case letters, digits and `_`, starting
   * with a letter. Lets openspm's tables sit beside the CRM's, or several installations share a database.
   */
  tablePrefix?: string;
}

/**
 * What {@link SqlStorage.migrate} did.
 *
 * @example
 * ```ts
 * import type { MigrateResult } from 'openspm/adapters/postgres';
 * const result: MigrateResult = { applied: [1, 2], version: 2 };
 * ```
 */
export interface MigrateResult {
  /** The versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  /** The schema version now. */
  version: number;
}

/**
 * A storage adapter on a SQL database: the port, plus its schema as versioned migrations.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPostgresStorage } from 'openspm/adapters/postgres';
 * const storage = createPostgresStorage(new PGlite());
 * await storage.migrate(); //=> { applied: [1, 2], version: 2 }
 * ```
 */
export interface SqlStorage extends StorageAdapter {
  /**
   * Creates or upgrades openspm's tables: runs the migrations not applied yet, each once, in order, and
   * records each in `<prefix>migrations`. Safe to call from several processes at once: the check and the
   * migrations run under a lock of the database (`pg_advisory_xact_lock` on PostgreSQL and PGlite, `GET_LOCK`
   * on MySQL/MariaDB, the adapter's queue on sql.js), so one caller applies and the others find the versions
   * recorded. A version already recorded (by your own migration tool, say) is never run again.
   */
  migrate(): Promise<MigrateResult>;
  /** The migrations, to read or to run with your own tool (then record them in `<prefix>migrations`). */
  readonly migrations: readonly Migration[];
  /** The table prefix in use. */
  readonly tablePrefix: string;
  /** Inserts or replaces CRM records of a tenant in one transaction (see {@link StorageAdapter.load}). */
  load(tenantId: string, data: LoadInput): Promise<void>;
}

const PREFIX = /^[a-z][a-z0-9_]{0,30}$/;

export function checkPrefix(prefix: unknown): string {
  const p = prefix ?? 'openspm_';
  if (typeof p !== 'string' || !PREFIX.test(p)) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `tablePrefix: expected lower-case letters, digits and "_", starting with a letter, at most 31 characters, got ${JSON.stringify(p)}`,
      { path: ['tablePrefix'] },
    );
  }
  return p;
}

function rangeSql(collection: StorageCollection, fromMs: number, toMs: number): [string[], SqlParam[]] {
  const where: string[] = [];
  const params: SqlParam[] = [];
  const lt = (col: string) => {
    if (Number.isFinite(toMs)) {
      where.push(`${col} < ?`);
      params.push(toMs);
    }
  };
  const ge = (col: string, nullable: boolean, strict = false) => {
    if (Number.isFinite(fromMs)) {
      const op = strict ? '>' : '>=';
      where.push(nullable ? `(${col} IS NULL OR ${col} ${op} ?)` : `${col} ${op} ?`);
      params.push(fromMs);
    }
  };
  switch (collection) {
    case 'deals':
      lt('created_ms');
      ge('closed_ms', true);
      break;
    case 'stageChanges':
    case 'activities':
    case 'payments':
      ge('at_ms', false);
      lt('at_ms');
      break;
    case 'reps':
      lt('hire_ms');
      ge('end_ms', true);
      break;
    case 'targets':
      lt('start_ms');
      ge('end_ms', false, true);
      break;
    case 'scorecards':
    case 'plans':
      lt('from_ms');
      ge('to_ms', true, true);
      break;
    default:
  }
  return [where, params];
}

/**
 * `(a, b, c) > (x, y, z)` as `a >= x AND (a > x OR (b >= y AND (b > y OR c > z)))`: the leading `a >= x`
 * lets every database start an index range scan at the cursor, so each page costs its own rows only.
 */
function after(order: readonly string[], values: readonly SqlParam[]): [string, SqlParam[]] {
  const last = order.length - 1;
  let sql = `${order[last]} > ?`;
  const params: SqlParam[] = [values[last] as SqlParam];
  for (let i = last - 1; i >= 0; i--) {
    sql = `${order[i]} >= ? AND (${order[i]} > ? OR (${sql}))`;
    params.unshift(values[i] as SqlParam, values[i] as SqlParam);
  }
  return [`(${sql})`, params];
}

/** A condition and its parameters; `null` is "no row" (an empty list), `undefined` is "every row". */
type Condition = [string, SqlParam[]] | null | undefined;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const utf8 = new TextEncoder();

/**
 * The ids of a scope list that a database of this dialect can hold. The others (a lone surrogate, NUL where
 * text cannot hold it, more bytes than an id column holds) can never be a stored id, so no row matches them
 * and dropping them is exact. Sending them would not be: PostgreSQL refuses `\u0000` and lone surrogates in
 * JSON (the whole read would fail), so does MySQL a lone surrogate, SQLite decodes one into bytes that are
 * not UTF-8, and MySQL's JSON_TABLE would cut a too-long id to the column's width.
 */
function storableIds(dialect: SqlDialect, ids: ReadonlySet<string>): string[] {
  return [...ids].filter(
    (id) =>
      !LONE_SURROGATE.test(id) &&
      (dialect.nulInText || !id.includes('\u0000')) &&
      (dialect.maxIdBytes === null || utf8.encode(id).length <= dialect.maxIdBytes),
  );
}

/**
 * The WHERE condition of a scoped read (see `ReadScope`, and `scopeKeeps` in ../shared, which it matches row
 * for row). Every id list is bound as ONE parameter, a JSON array that the database unnests
 * (`dialect.inIds`): a scope of three ids or of fifty thousand is the same statement with the same
 * number of parameters, far below every database's limit (SQLite 999 or 32,766, PostgreSQL and MySQL 65,535),
 * and the statement text never varies with the scope, so prepared-statement and plan caches stay small.
 */
function scopeSql(
  dialect: SqlDialect,
  collection: StorageCollection,
  scope: NonNullable<CheckedQuery['scope']>,
  tenantId: string,
  dealsTable: string,
): Condition {
  const reps = storableIds(dialect, scope.repIds);
  const teams = storableIds(dialect, scope.teamIds);
  const inList = (column: string, ids: readonly string[]): Condition =>
    ids.length === 0 ? null : [dialect.inIds(column), [JSON.stringify(ids)]];
  const and = (sql: string, params: SqlParam[], inner: Condition): Condition =>
    inner ? [`(${sql} AND ${inner[0]})`, [...params, ...inner[1]]] : null;
  const any = (...parts: Condition[]): Condition => {
    const kept = parts.filter((p): p is [string, SqlParam[]] => Boolean(p));
    if (kept.length === 0) return null;
    return [`(${kept.map((p) => p[0]).join(' OR ')})`, kept.flatMap((p) => p[1])];
  };
  // A deal is credited to the team stored on the deal itself (its `teamId`, the `team_id` column), never
  // to its owner's team: exactly `scopeShowsDeal`.
  const deals = () => any(inList('owner_id', reps), inList('team_id', teams));
  switch (collection) {
    case 'deals':
      return deals();
    case 'stageChanges':
    case 'payments': {
      // Of every deal the scope shows, whatever the deal's dates (as the memory adapter does).
      const shown = deals();
      return shown
        ? [
            `deal_id IN (SELECT id FROM ${dealsTable} WHERE tenant_id = ? AND ${shown[0]})`,
            [tenantId, ...shown[1]],
          ]
        : null;
    }
    case 'activities':
      return inList('rep_id', reps);
    case 'accounts':
      return inList('owner_id', reps);
    case 'reps':
      return inList('id', reps);
    case 'teams':
      return inList('id', teams);
    case 'targets':
      // Company targets (no scope id) only for a tenant-wide read, which has no condition at all.
      return any(
        and('scope_type = ?', ['rep'], inList('scope_id', reps)),
        and('scope_type = ?', ['team'], inList('scope_id', teams)),
      );
    case 'results':
      return any(inList('subject_id', reps), inList('subject_id', teams));
    default:
      // Pipelines, scorecards and plans are rules, not figures about people: never filtered.
      return undefined;
  }
}

/** MySQL's ER_DUP_KEYNAME: the index exists already. */
const DUPLICATE_INDEX = 1061;

/**
 * One migration statement. On MySQL each DDL statement commits itself, so a migration that failed midway
 * (a lost connection) may have created some of its indexes: MySQL 8 has no CREATE INDEX IF NOT EXISTS, so the
 * re-run takes "that index exists" as done. PostgreSQL and SQLite roll the whole migration back instead.
 */
async function runMigrationStatement(s: MigrationSession, statement: string): Promise<void> {
  try {
    await s.ddl(statement);
  } catch (error) {
    const errno = (error as { errno?: unknown }).errno;
    if (errno === DUPLICATE_INDEX && /^CREATE INDEX /.test(statement)) return;
    throw error;
  }
}

const chunks = <T>(list: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

const placeholders = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

export function createSqlStorage(
  dialect: SqlDialect,
  db: SqlExecutor,
  options: SqlStorageOptions = {},
): SqlStorage {
  const prefix = checkPrefix(options.tablePrefix);
  const migrations = migrationsFor(dialect, prefix);
  const table = (spec: TableSpec) => `${prefix}${spec.name}`;
  const selectList = (spec: TableSpec) =>
    [
      'tenant_id',
      ...spec.columns.map((col) =>
        col.type === 'amount' ? `${dialect.asText(col.name)} AS ${col.name}` : col.name,
      ),
    ].join(', ');
  const columnNames = (spec: TableSpec) => ['tenant_id', ...spec.columns.map((col) => col.name)];

  const checkAmounts = (spec: TableSpec, row: readonly SqlParam[], what: string) => {
    const limits = dialect.amountDigits;
    if (!limits) return;
    spec.columns.forEach((col, i) => {
      const v = row[i];
      if (col.type !== 'amount' || typeof v !== 'string') return;
      const [int = '', frac = ''] = v.replace('-', '').split('.');
      if (
        int.replace(/^0+/, '').length > limits.integer ||
        frac.replace(/0+$/, '').length > limits.fraction
      ) {
        throw new OpenSpmError(
          ErrorCode.OUT_OF_RANGE,
          `${what}: amount ${v} has more than ${limits.integer} digits before or ${limits.fraction} after the point, which ${dialect.name} DECIMAL(65, 30) cannot hold exactly`,
          { path: [what, col.name] },
        );
      }
    });
  };

  const guard = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw storageError(what, error);
    }
  };

  async function insertRows(
    s: SqlSession,
    spec: TableSpec,
    tenantId: string,
    rows: readonly SqlParam[][],
    upsert: boolean,
  ): Promise<void> {
    const cols = columnNames(spec);
    const per = Math.max(1, Math.floor(dialect.maxParams / cols.length));
    const updates = spec.columns.map((col) => col.name).filter((n) => !spec.key.includes(n));
    for (const batch of chunks(rows, per)) {
      const sql =
        `INSERT INTO ${table(spec)} (${cols.join(', ')}) VALUES ${batch.map(() => placeholders(cols.length)).join(', ')}` +
        (upsert ? ` ${dialect.upsert(['tenant_id', ...spec.key], updates)}` : '');
      await s.run(
        sql,
        batch.flatMap((r) => [tenantId, ...r]),
      );
    }
  }

  async function selectOne(
    s: SqlSession,
    spec: TableSpec,
    tenantId: string,
    id: string,
  ): Promise<SqlRow | undefined> {
    const rows = await s.all(
      `SELECT ${selectList(spec)} FROM ${table(spec)} WHERE tenant_id = ? AND id = ?`,
      [tenantId, id],
    );
    return rows[0];
  }

  const storage: SqlStorage = {
    capabilities: {
      portVersion: STORAGE_PORT_VERSION,
      adapter: dialect.name,
      transactionalWrites: true,
      nulInText: dialect.nulInText,
      load: true,
      maxPageSize: 10_000,
      scopedReads: true,
    },
    migrations,
    tablePrefix: prefix,

    async migrate() {
      return guard('migrate', () =>
        // Check and apply under the lock, so concurrent callers take turns: the second finds every version
        // recorded by the first and applies nothing.
        db.migrationLock(prefix, async (s) => {
          await s.ddl(
            `CREATE TABLE IF NOT EXISTS ${prefix}migrations (version INTEGER NOT NULL PRIMARY KEY, name ${dialect.name === 'mysql' ? 'VARCHAR(200)' : 'TEXT'} NOT NULL)`,
          );
          const recorded = async () =>
            new Set((await s.all(`SELECT version FROM ${prefix}migrations`)).map((r) => Number(r.version)));
          const done = await recorded();
          const applied: number[] = [];
          for (const m of migrations) {
            if (done.has(m.version)) continue;
            for (const statement of m.statements) await runMigrationStatement(s, statement);
            // A version row already there (recorded by a tool that does not take the lock) is left as is.
            await s.run(
              dialect.name === 'mysql'
                ? `INSERT IGNORE INTO ${prefix}migrations (version, name) VALUES (?, ?)`
                : `INSERT INTO ${prefix}migrations (version, name) VALUES (?, ?) ON CONFLICT (version) DO NOTHING`,
              [m.version, m.name],
            );
            applied.push(m.version);
          }
          return { applied, version: Math.max(0, ...(await recorded())) };
        }),
      );
    },

    async *read<K extends StorageCollection>(
      collection: K,
      query: ReadQuery,
    ): AsyncIterable<StorageRecords[K][]> {
      checkCollection(collection);
      const q = checkQuery(query);
      const spec = TABLES[collection];
      const mapper = MAPPERS[collection];
      const [where, params] = rangeSql(collection, q.fromMs, q.toMs);
      if (q.scope) {
        const scoped = scopeSql(dialect, collection, q.scope, q.tenantId, table(TABLES.deals));
        // An empty scope (or one none of whose ids can be stored) shows nothing: no query at all.
        if (scoped === null) return;
        if (scoped) {
          where.push(scoped[0]);
          params.push(...scoped[1]);
        }
      }
      if (collection === 'results') {
        if (q.kind !== undefined) {
          where.push('kind = ?');
          params.push(q.kind);
        }
        if (q.periodKey !== undefined) {
          where.push('period_key = ?');
          params.push(q.periodKey);
        }
      }
      let cursor: SqlParam[] | undefined;
      const name = table(spec);
      for (;;) {
        const conditions = ['tenant_id = ?', ...where];
        const bound: SqlParam[] = [q.tenantId, ...params];
        if (cursor) {
          const [sql, values] = after(spec.order, cursor);
          conditions.push(sql);
          bound.push(...values);
        }
        const rows = await guard(`read ${collection}`, () =>
          db.all(
            `SELECT ${selectList(spec)} FROM ${name} WHERE ${conditions.join(' AND ')} ORDER BY ${spec.order.join(', ')} LIMIT ${q.pageSize}`,
            bound,
          ),
        );
        if (rows.length === 0) return;
        yield rows.map((row) => mapper.fromRow(row, name) as StorageRecords[K]);
        if (rows.length < q.pageSize) return;
        const last = rows[rows.length - 1] as SqlRow;
        cursor = spec.order.map((col) => last[col] as SqlParam);
      }
    },

    async get<K extends EditableCollection>(collection: K, tenantId: string, id: string) {
      checkCollection(collection);
      checkTenant(tenantId);
      const spec = TABLES[collection];
      const row = await guard(`get ${collection}`, () => selectOne(db, spec, tenantId, String(id)));
      return row ? (MAPPERS[collection].fromRow(row, table(spec)) as StorageRecords[K]) : null;
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
      const spec = TABLES[collection];
      const row = MAPPERS[collection].toRow(parsed, expected + 1);
      checkAmounts(spec, row, collection);
      const current = async () => {
        const r = await selectOne(db, spec, tenantId, parsed.id);
        return r ? Number(r.version) : null;
      };
      let changed: number;
      try {
        if (expected === 0) {
          await insertRows(db, spec, tenantId, [row], false);
          changed = 1;
        } else {
          const cols = spec.columns.map((col) => col.name);
          changed = await db.run(
            `UPDATE ${table(spec)} SET ${cols.map((col) => `${col} = ?`).join(', ')} WHERE tenant_id = ? AND id = ? AND version = ?`,
            [...row, tenantId, parsed.id, expected],
          );
        }
      } catch (error) {
        // A concurrent first save lost the race on the primary key: that is a conflict, not a failure.
        const now = await guard(`save ${collection}`, current);
        if (expected === 0 && now !== null) throw conflict(collection, tenantId, parsed.id, expected, now);
        throw storageError(`save ${collection}`, error);
      }
      if (changed !== 1) {
        throw conflict(collection, tenantId, parsed.id, expected, await guard(`save ${collection}`, current));
      }
      return { ...parsed, version: expected + 1 } as unknown as StorageRecords[K];
    },

    async writeResults(tenantId, results, options: WriteResultsOptions = {}): Promise<WriteResultsSummary> {
      checkTenant(tenantId);
      const parsed = parseResults(results) as StoredResult[];
      const spec = TABLES.results;
      const mapper = MAPPERS.results;
      const name = table(spec);
      const rows = parsed.map((r) => {
        const row = mapper.toRow(r);
        checkAmounts(spec, row, 'results');
        return row;
      });
      return guard('write results', () =>
        db.transaction(async (s) => {
          const existing = new Map<string, string>();
          const byKind = new Map<string, string[]>();
          for (const r of parsed) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.key]);
          for (const [kind, keys] of byKind) {
            for (const batch of chunks(keys, 1000)) {
              const found = await s.all(
                `SELECT ${selectList(spec)} FROM ${name} WHERE tenant_id = ? AND kind = ? AND result_key IN ${placeholders(batch.length)}`,
                [tenantId, kind, ...batch],
              );
              for (const row of found) {
                const stored = mapper.fromRow(row, name) as StoredResult;
                existing.set(`${stored.kind}\u0000${stored.key}`, canonicalJson(stored));
              }
            }
          }
          const summary: WriteResultsSummary = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
          const written = new Set<string>();
          const cols = spec.columns.map((col) => col.name).filter((col) => !spec.key.includes(col));
          for (let i = 0; i < parsed.length; i++) {
            const r = parsed[i] as StoredResult;
            const row = rows[i] as SqlParam[];
            const id = `${r.kind}\u0000${r.key}`;
            written.add(id);
            const before = existing.get(id);
            if (before === undefined) {
              await insertRows(s, spec, tenantId, [row], false);
              summary.inserted++;
            } else if (before === canonicalJson(r)) {
              summary.unchanged++;
            } else {
              await s.run(
                `UPDATE ${name} SET ${cols.map((col) => `${col} = ?`).join(', ')} WHERE tenant_id = ? AND kind = ? AND result_key = ?`,
                [...row.slice(2), tenantId, r.kind, r.key],
              );
              summary.updated++;
            }
            options.onResultWritten?.(i);
          }
          for (const scope of options.replace ?? []) {
            const stale = (
              await s.all(
                `SELECT result_key FROM ${name} WHERE tenant_id = ? AND kind = ? AND period_key = ?`,
                [tenantId, String(scope.kind), String(scope.periodKey)],
              )
            )
              .map((row) => String(row.result_key))
              .filter((key) => !written.has(`${scope.kind}\u0000${key}`));
            for (const batch of chunks(stale, 1000)) {
              summary.deleted += await s.run(
                `DELETE FROM ${name} WHERE tenant_id = ? AND kind = ? AND result_key IN ${placeholders(batch.length)}`,
                [tenantId, String(scope.kind), ...batch],
              );
            }
          }
          return summary;
        }),
      );
    },

    async load(tenantId: string, data: LoadInput) {
      checkTenant(tenantId);
      const parsed = parseLoad(data);
      const prepared: [CrmCollection, SqlParam[][]][] = [];
      for (const collection of CRM_COLLECTIONS) {
        const records = parsed[collection];
        if (!records) continue;
        const spec = TABLES[collection];
        const mapper = MAPPERS[collection];
        let rows: SqlParam[][];
        if (collection === 'stageChanges') {
          const seq = new Map<string, number>();
          rows = records.map((r) => {
            const deal = (r as { dealId: string }).dealId;
            const n = seq.get(deal) ?? 0;
            seq.set(deal, n + 1);
            return mapper.toRow(r, n);
          });
        } else {
          // The last record with an id wins, as a second load of it would.
          const byId = new Map<string, SqlParam[]>();
          for (const r of records) byId.set((r as { id: string }).id, mapper.toRow(r));
          rows = [...byId.values()];
        }
        for (const row of rows) checkAmounts(spec, row, collection);
        prepared.push([collection, rows]);
      }
      await guard('load', () =>
        db.transaction(async (s) => {
          for (const [collection, rows] of prepared) {
            const spec = TABLES[collection];
            if (collection === 'stageChanges') {
              // A deal's history is replaced as a whole.
              const deals = [...new Set(rows.map((r) => r[0] as string))];
              for (const batch of chunks(deals, 1000)) {
                await s.run(
                  `DELETE FROM ${table(spec)} WHERE tenant_id = ? AND deal_id IN ${placeholders(batch.length)}`,
                  [tenantId, ...batch],
                );
              }
            }
            await insertRows(s, spec, tenantId, rows, collection !== 'stageChanges');
          }
        }),
      );
    },
  };
  return storage;
}

export type { Migration };
