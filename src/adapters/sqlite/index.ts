/**
 * The SQLite storage adapter, on a sql.js database: SQLite compiled to WebAssembly, so it installs with
 * no compiler on any machine and runs in a browser too (not imported here: you pass your database).
 * Money is stored as exact decimal text, instants as epoch milliseconds; every query is parameterised.
 *
 * @packageDocumentation
 */
import { ErrorCode, OpenSpmError } from '../../errors';
import { type SqlExecutor, type SqlRow, type SqlSession, sqliteDialect } from '../sql/dialect';

/**
 * A value bound to a `?` placeholder: text, a number or null. Values never become part of the SQL text.
 *
 * @example
 * ```ts
 * import type { SqliteParam } from 'openspm/adapters/sqlite';
 * const params: SqliteParam[] = ['acme', 42, null];
 * ```
 */
export type SqliteParam = string | number | null;
type SqlParam = SqliteParam;

import {
  checkPrefix,
  createSqlStorage,
  type MigrateResult,
  type Migration,
  type SqlStorage,
  type SqlStorageOptions,
} from '../sql/storage';
import { migrationsFor } from '../sql/tables';

export type { MigrateResult, Migration, SqlStorage, SqlStorageOptions };

/**
 * The part of a sql.js prepared statement the adapter uses.
 *
 * @example
 * ```ts
 * import type { SqliteStatementLike } from 'openspm/adapters/sqlite';
 * type Step = SqliteStatementLike['step'];
 * ```
 */
export interface SqliteStatementLike {
  /** Binds the `?` parameters. */
  bind(values?: SqlParam[]): boolean;
  /** Moves to the next row; false after the last. */
  step(): boolean;
  /** The current row as an object by column name. */
  getAsObject(): Record<string, unknown>;
  /** Frees the statement. */
  free(): boolean;
}

/**
 * The part of a sql.js `Database` the adapter uses (`new SQL.Database()` after `await initSqlJs()`).
 *
 * @example
 * ```ts
 * import initSqlJs from 'sql.js';
 * import type { SqliteDatabaseLike } from 'openspm/adapters/sqlite';
 * const SQL = await initSqlJs();
 * const db: SqliteDatabaseLike = new SQL.Database();
 * ```
 */
export interface SqliteDatabaseLike {
  /** Prepares a statement. */
  prepare(sql: string): SqliteStatementLike;
  /** Runs a statement with parameters. */
  run(sql: string, params?: SqlParam[]): unknown;
  /** Rows changed by the last statement. */
  getRowsModified(): number;
}

/**
 * Options of {@link createSqliteStorage}.
 *
 * @example
 * ```ts
 * import type { CreateSqliteStorageOptions } from 'openspm/adapters/sqlite';
 * const options: CreateSqliteStorageOptions = { tablePrefix: 'spm_' };
 * ```
 */
export interface CreateSqliteStorageOptions extends SqlStorageOptions {}

function session(db: SqliteDatabaseLike): SqlSession {
  return {
    async all(sql: string, params: readonly SqlParam[] = []) {
      const statement = db.prepare(sql);
      try {
        statement.bind([...params]);
        const rows: SqlRow[] = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return rows;
      } finally {
        statement.free();
      }
    },
    async run(sql: string, params: readonly SqlParam[] = []) {
      db.run(sql, [...params]);
      return db.getRowsModified();
    },
  };
}

// The queue of each database, shared by every adapter created on it: sql.js is one connection in this
// process, so two adapters on one database must take turns too (their transactions would nest otherwise).
const queues = new WeakMap<SqliteDatabaseLike, Promise<unknown>>();

function executor(db: SqliteDatabaseLike): SqlExecutor {
  // One connection: calls take turns, and a transaction holds it from BEGIN to COMMIT or ROLLBACK.
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const queue = queues.get(db) ?? Promise.resolve();
    const next = queue.then(fn, fn);
    queues.set(
      db,
      next.catch(() => undefined),
    );
    return next;
  };
  const inner = session(db);
  const transaction: SqlExecutor['transaction'] = (fn) =>
    exclusive(async () => {
      db.run('BEGIN');
      try {
        const out = await fn(inner);
        db.run('COMMIT');
        return out;
      } catch (error) {
        db.run('ROLLBACK');
        throw error;
      }
    });
  return {
    all: (sql, params) => exclusive(() => inner.all(sql, params)),
    run: (sql, params) => exclusive(() => inner.run(sql, params)),
    transaction,
    ddl: (sql) =>
      exclusive(async () => {
        db.run(sql);
      }),
    // The queue is the lock: one transaction holds the database from the check to the last migration.
    migrationLock: (_prefix, fn) =>
      transaction((s) =>
        fn({
          ...s,
          ddl: async (sql) => {
            db.run(sql);
          },
        }),
      ),
  };
}

/**
 * Creates the SQLite storage adapter on a sql.js database. Run `await storage.migrate()` once to create
 * the tables; save the database with sql.js's `db.export()` when you want it on disk.
 *
 * @param db - a sql.js `Database`.
 * @param options - the table prefix.
 * @throws OpenSpmError `INVALID_INPUT` for something that is not a sql.js database, or a bad prefix.
 * @example
 * ```ts
 * import initSqlJs from 'sql.js';
 * import { createSqliteStorage } from 'openspm/adapters/sqlite';
 * const SQL = await initSqlJs();
 * const storage = createSqliteStorage(new SQL.Database());
 * await storage.migrate(); //=> { applied: [1, 2], version: 2 }
 * ```
 */
export function createSqliteStorage(
  db: SqliteDatabaseLike,
  options: CreateSqliteStorageOptions = {},
): SqlStorage {
  if (!db || typeof db.prepare !== 'function' || typeof db.run !== 'function') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'db: expected a sql.js Database (prepare, run, getRowsModified)',
      {
        path: ['db'],
      },
    );
  }
  return createSqlStorage(sqliteDialect, executor(db), options);
}

/**
 * The SQLite migrations as SQL text, to read or run with your own migration tool.
 *
 * @param options - the table prefix (default `'openspm_'`).
 * @example
 * ```ts
 * import { sqliteMigrations } from 'openspm/adapters/sqlite';
 * sqliteMigrations({ tablePrefix: 'spm_' })[0]?.statements[0]?.startsWith('CREATE TABLE spm_'); //=> true
 * ```
 */
export function sqliteMigrations(options: SqlStorageOptions = {}): Migration[] {
  return migrationsFor(sqliteDialect, checkPrefix(options.tablePrefix));
}
