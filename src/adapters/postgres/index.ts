/**
 * The PostgreSQL storage adapter: the same code on a `pg` Pool (a server) and on PGlite (PostgreSQL
 * embedded in the process, or in a browser). Neither driver is imported here: you pass the one you use.
 * Money is stored as `NUMERIC`, instants as epoch milliseconds (`BIGINT`), every query is parameterised.
 *
 * @packageDocumentation
 */
import { ErrorCode, OpenSpmError } from '../../errors';
import {
  hash32,
  postgresDialect,
  type SqlExecutor,
  type SqlParam,
  type SqlRow,
  type SqlSession,
} from '../sql/dialect';
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
 * What a query returns, in the subset both `pg` and PGlite give.
 *
 * @example
 * ```ts
 * import type { PostgresQueryResult } from 'openspm/adapters/postgres';
 * const empty: PostgresQueryResult = { rows: [], rowCount: 0 };
 * ```
 */
export interface PostgresQueryResult {
  /** The rows, as objects by column name. */
  rows: Record<string, unknown>[];
  /** Rows changed (`pg`). */
  rowCount?: number | null;
  /** Rows changed (PGlite). */
  affectedRows?: number;
}

/**
 * Anything with `query(text, params)`: a `pg` Pool, a `pg` Client, a PGlite database or transaction.
 *
 * @example
 * ```ts
 * import type { PostgresQueryable } from 'openspm/adapters/postgres';
 * const fake: PostgresQueryable = { query: async () => ({ rows: [] }) };
 * ```
 */
export interface PostgresQueryable {
  /** Runs one statement with `$1…` parameters. */
  query(text: string, params?: unknown[]): Promise<PostgresQueryResult>;
}

/**
 * The part of a `pg` Pool the adapter uses: queries, and a client for transactions.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import type { PgPoolLike } from 'openspm/adapters/postgres';
 * const pool: PgPoolLike = new pg.Pool({ connectionString: 'postgres://localhost/crm' });
 * ```
 */
export interface PgPoolLike extends PostgresQueryable {
  /** A client of the pool, for one transaction. */
  connect(): Promise<PgClientLike>;
}

/**
 * A client checked out of a `pg` Pool.
 *
 * @example
 * ```ts
 * import type { PgClientLike } from 'openspm/adapters/postgres';
 * const done = (client: PgClientLike) => client.release();
 * ```
 */
export interface PgClientLike extends PostgresQueryable {
  /** Gives the client back to the pool (with an error: destroys it). */
  release(error?: Error | boolean): void;
}

/**
 * The part of a PGlite database the adapter uses.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import type { PGliteLike } from 'openspm/adapters/postgres';
 * const db: PGliteLike = new PGlite();
 * ```
 */
export interface PGliteLike extends PostgresQueryable {
  /** Runs `fn` in a transaction. */
  transaction<T>(fn: (tx: PostgresQueryable) => Promise<T>): Promise<T>;
  /** Runs SQL text without parameters (several statements allowed). */
  exec(sql: string): Promise<unknown>;
}

/**
 * A PostgreSQL driver the adapter accepts: a `pg` Pool or a PGlite database.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import type { PostgresDriver } from 'openspm/adapters/postgres';
 * const driver: PostgresDriver = new PGlite();
 * ```
 */
export type PostgresDriver = PgPoolLike | PGliteLike;

/**
 * Options of {@link createPostgresStorage}.
 *
 * @example
 * ```ts
 * import type { CreatePostgresStorageOptions } from 'openspm/adapters/postgres';
 * const options: CreatePostgresStorageOptions = { tablePrefix: 'spm_' };
 * ```
 */
export interface CreatePostgresStorageOptions extends SqlStorageOptions {}

// `?` placeholders become `$1, $2…`; the SQL text of the adapter never holds a literal question mark.
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function session(q: PostgresQueryable): SqlSession {
  return {
    async all(sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
      return (await q.query(numbered(sql), [...params])).rows;
    },
    async run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
      const r = await q.query(numbered(sql), [...params]);
      return r.affectedRows ?? r.rowCount ?? 0;
    },
  };
}

/** The first key of openspm's advisory locks ("opsm"); the second is a hash of the table prefix. */
const LOCK_CLASS = 0x6f70736d;

/**
 * The migration lock: a transaction that first takes a transaction-level advisory lock for the prefix, so
 * concurrent `migrate()` calls (other processes, other pool clients, other adapters) queue there until the
 * holder commits or rolls back; the check and every migration then run in that one transaction.
 */
function lockedMigration(transaction: SqlExecutor['transaction']): SqlExecutor['migrationLock'] {
  return (prefix, fn) =>
    transaction(async (s) => {
      await s.all('SELECT pg_advisory_xact_lock(?::integer, ?::integer)', [LOCK_CLASS, hash32(prefix)]);
      return fn({
        ...s,
        ddl: async (sql) => {
          await s.run(sql);
        },
      });
    });
}

function executor(driver: PostgresDriver): SqlExecutor {
  const base = session(driver);
  if (typeof (driver as PGliteLike).transaction === 'function') {
    const lite = driver as PGliteLike;
    const transaction: SqlExecutor['transaction'] = (fn) => lite.transaction((tx) => fn(session(tx)));
    return {
      ...base,
      transaction,
      ddl: async (sql) => {
        await lite.exec(sql);
      },
      migrationLock: lockedMigration(transaction),
    };
  }
  if (typeof (driver as PgPoolLike).connect !== 'function') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'driver: expected a pg Pool (query and connect) or a PGlite database (query, exec and transaction)',
      { path: ['driver'] },
    );
  }
  const pool = driver as PgPoolLike;
  const transaction: SqlExecutor['transaction'] = async (fn) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(session(client));
      await client.query('COMMIT');
      client.release();
      return out;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        client.release(rollbackError as Error);
      }
      throw error;
    }
  };
  return {
    ...base,
    transaction,
    ddl: async (sql) => {
      await pool.query(sql);
    },
    migrationLock: lockedMigration(transaction),
  };
}

/**
 * Creates the PostgreSQL storage adapter on a `pg` Pool or a PGlite database (same tables, same code).
 * Run `await storage.migrate()` once to create the tables. The adapter never closes your driver.
 *
 * @param driver - a `pg` Pool (`new pg.Pool(...)`) or a PGlite database (`new PGlite()`).
 * @param options - the table prefix.
 * @throws OpenSpmError `INVALID_INPUT` for a driver of another kind or a bad prefix.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { runPeriodClose } from 'openspm';
 * import { createPostgresStorage } from 'openspm/adapters/postgres';
 * const storage = createPostgresStorage(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * await storage.migrate(); //=> { applied: [1, 2], version: 2 } the first time
 * await runPeriodClose(storage, { tenantId: 'acme', period: 'FY2024-Q3', asOf: '2024-10-08' });
 * ```
 */
export function createPostgresStorage(
  driver: PostgresDriver,
  options: CreatePostgresStorageOptions = {},
): SqlStorage {
  if (!driver || typeof driver.query !== 'function') {
    throw new OpenSpmError(ErrorCode.INVALID_INPUT, 'driver: expected a pg Pool or a PGlite database', {
      path: ['driver'],
    });
  }
  return createSqlStorage(postgresDialect, executor(driver), options);
}

/**
 * The PostgreSQL migrations as SQL text, to read or run with your own migration tool.
 *
 * @param options - the table prefix (default `'openspm_'`).
 * @example
 * ```ts
 * import { postgresMigrations } from 'openspm/adapters/postgres';
 * postgresMigrations()[0]?.statements[0]?.startsWith('CREATE TABLE openspm_pipelines'); //=> true
 * ```
 */
export function postgresMigrations(options: SqlStorageOptions = {}): Migration[] {
  return migrationsFor(postgresDialect, checkPrefix(options.tablePrefix));
}
