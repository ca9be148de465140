/**
 * The MySQL and MariaDB storage adapter, on a `mysql2/promise` pool (not imported here: you pass yours).
 * Money is stored as `DECIMAL(65, 30)` (amounts beyond it are refused, never rounded), ids as binary
 * strings compared byte by byte, instants as epoch milliseconds; every query is a prepared statement.
 *
 * @packageDocumentation
 */
import { ErrorCode, OpenSpmError } from '../../errors';
import { mysqlDialect, type SqlExecutor, type SqlParam, type SqlRow, type SqlSession } from '../sql/dialect';
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
 * The part of a `mysql2/promise` connection the adapter uses.
 *
 * @example
 * ```ts
 * import type { MysqlConnectionLike } from 'openspm/adapters/mysql';
 * type Execute = MysqlConnectionLike['execute'];
 * ```
 */
export interface MysqlConnectionLike {
  /** A prepared statement with `?` parameters; resolves to `[rows or result header, fields]`. */
  execute(sql: string, values?: (string | number | null)[]): Promise<[unknown, unknown]>;
  /** A text statement (DDL). */
  query(sql: string): Promise<[unknown, unknown]>;
  /** Starts a transaction. */
  beginTransaction(): Promise<void>;
  /** Commits it. */
  commit(): Promise<void>;
  /** Rolls it back. */
  rollback(): Promise<void>;
  /** Gives the connection back to its pool. */
  release(): void;
}

/**
 * The part of a `mysql2/promise` pool the adapter uses (`mysql.createPool(...)`).
 *
 * @example
 * ```ts
 * import mysql from 'mysql2/promise';
 * import type { MysqlPoolLike } from 'openspm/adapters/mysql';
 * const pool: MysqlPoolLike = mysql.createPool('mysql://root@127.0.0.1:3306/crm');
 * ```
 */
export interface MysqlPoolLike {
  /** A prepared statement on any connection of the pool. */
  execute(sql: string, values?: (string | number | null)[]): Promise<[unknown, unknown]>;
  /** A text statement (DDL) on any connection of the pool. */
  query(sql: string): Promise<[unknown, unknown]>;
  /** One connection, for a transaction. */
  getConnection(): Promise<MysqlConnectionLike>;
}

/**
 * Options of {@link createMysqlStorage}.
 *
 * @example
 * ```ts
 * import type { CreateMysqlStorageOptions } from 'openspm/adapters/mysql';
 * const options: CreateMysqlStorageOptions = { tablePrefix: 'spm_' };
 * ```
 */
export interface CreateMysqlStorageOptions extends SqlStorageOptions {}

const decoder = new TextDecoder();

// Binary ids come back as bytes: read them as the UTF-8 text they were written as.
function normalise(rows: unknown): SqlRow[] {
  if (!Array.isArray(rows)) return [];
  for (const row of rows as SqlRow[]) {
    for (const key of Object.keys(row)) {
      const v = row[key];
      if (v instanceof Uint8Array) row[key] = decoder.decode(v);
    }
  }
  return rows as SqlRow[];
}

function session(q: Pick<MysqlPoolLike, 'execute'>): SqlSession {
  return {
    async all(sql: string, params: readonly SqlParam[] = []) {
      const [rows] = await q.execute(sql, [...params]);
      return normalise(rows);
    },
    async run(sql: string, params: readonly SqlParam[] = []) {
      const [header] = await q.execute(sql, [...params]);
      return Number((header as { affectedRows?: number }).affectedRows ?? 0);
    },
  };
}

function executor(pool: MysqlPoolLike): SqlExecutor {
  return {
    ...session(pool),
    async transaction(fn) {
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        const out = await fn(session(conn));
        await conn.commit();
        return out;
      } catch (error) {
        await conn.rollback().catch(() => undefined);
        throw error;
      } finally {
        conn.release();
      }
    },
    ddl: async (sql) => {
      await pool.query(sql);
    },
    async migrationLock(prefix, fn) {
      // GET_LOCK belongs to a connection, and MySQL commits each DDL statement itself: the lock, the check
      // and every migration run on one connection of the pool, the lock released on that same connection.
      // Lock names are server-wide: the database's name is part of it (hashed, as names stop at 64).
      const conn = await pool.getConnection();
      try {
        const [rows] = await conn.execute(
          "SELECT GET_LOCK(CONCAT('openspm_migrate_', SHA1(CONCAT(COALESCE(DATABASE(), ''), '.', ?))), ?) AS got",
          [prefix, LOCK_WAIT_SECONDS],
        );
        const got = normalise(rows)[0]?.got;
        if (Number(got) !== 1) {
          throw new Error(
            `another migrate() of the ${prefix}* tables has held the migration lock for ${LOCK_WAIT_SECONDS} s (GET_LOCK returned ${String(got)}); run migrate() again when it is done`,
          );
        }
        try {
          const s = session(conn);
          return await fn({
            ...s,
            ddl: async (sql) => {
              await conn.query(sql);
            },
          });
        } finally {
          await conn
            .execute(
              "SELECT RELEASE_LOCK(CONCAT('openspm_migrate_', SHA1(CONCAT(COALESCE(DATABASE(), ''), '.', ?))))",
              [prefix],
            )
            .catch(() => undefined);
        }
      } finally {
        conn.release();
      }
    },
  };
}

/** How long `migrate()` waits for a concurrent one to finish (index builds on big tables take a while). */
const LOCK_WAIT_SECONDS = 600;

/**
 * Creates the MySQL / MariaDB storage adapter on a `mysql2/promise` pool. Run `await storage.migrate()`
 * once to create the tables. The adapter never ends your pool.
 *
 * @param pool - `mysql.createPool(...)` from `mysql2/promise`.
 * @param options - the table prefix.
 * @throws OpenSpmError `INVALID_INPUT` for something that is not a pool, or a bad prefix.
 * @example
 * ```ts
 * import mysql from 'mysql2/promise';
 * import { createMysqlStorage } from 'openspm/adapters/mysql';
 * const storage = createMysqlStorage(mysql.createPool('mysql://root@127.0.0.1:3306/crm'));
 * await storage.migrate(); //=> { applied: [1, 2], version: 2 } the first time
 * ```
 */
export function createMysqlStorage(pool: MysqlPoolLike, options: CreateMysqlStorageOptions = {}): SqlStorage {
  if (!pool || typeof pool.execute !== 'function' || typeof pool.getConnection !== 'function') {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      'pool: expected a mysql2/promise pool (execute, query and getConnection); with the callback API use pool.promise()',
      { path: ['pool'] },
    );
  }
  return createSqlStorage(mysqlDialect, executor(pool), options);
}

/**
 * The MySQL / MariaDB migrations as SQL text, to read or run with your own migration tool.
 *
 * @param options - the table prefix (default `'openspm_'`).
 * @example
 * ```ts
 * import { mysqlMigrations } from 'openspm/adapters/mysql';
 * mysqlMigrations()[0]?.version; //=> 1
 * ```
 */
export function mysqlMigrations(options: SqlStorageOptions = {}): Migration[] {
  return migrationsFor(mysqlDialect, checkPrefix(options.tablePrefix));
}
