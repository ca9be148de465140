// What differs between PostgreSQL, MySQL/MariaDB and SQLite, and the small driver interface the shared
// SQL storage runs on. Private to the adapters.

/** A row as a driver returns it. */
export type SqlRow = Record<string, unknown>;

/** A value bound to a placeholder: never spliced into the SQL text. */
export type SqlParam = string | number | null;

/** One connection (or the transaction's connection): queries with `?` placeholders. */
export interface SqlSession {
  all(sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
}

/** A database: sessions, a transaction helper, and DDL. */
export interface SqlExecutor extends SqlSession {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Runs DDL (migration statements, no parameters). */
  ddl(sql: string): Promise<void>;
  /**
   * Runs `fn` holding the migration lock of the tables of `prefix`, on one connection, so two processes (or
   * two adapters on one database) that migrate at once take turns: PostgreSQL and PGlite take
   * `pg_advisory_xact_lock` in a transaction that `fn` runs in (DDL is transactional there); MySQL takes
   * `GET_LOCK` on a connection of its own (DDL commits itself there) and releases it after; SQLite runs `fn`
   * in a transaction of the in-process queue every adapter on that database shares.
   */
  migrationLock<T>(prefix: string, fn: (session: MigrationSession) => Promise<T>): Promise<T>;
}

/** The connection `migrationLock` runs on: queries, and DDL on that same connection. */
export interface MigrationSession extends SqlSession {
  /** Runs one DDL statement on this connection (in the lock's transaction where the database has one). */
  ddl(sql: string): Promise<void>;
}

/** A 32-bit FNV-1a hash of a text, as a signed integer (a PostgreSQL `integer`). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Column kinds, mapped to each database's type. */
export type ColumnType = 'id' | 'text' | 'json' | 'amount' | 'ms' | 'int' | 'bool' | 'real';

export interface SqlDialect {
  name: 'postgres' | 'mysql' | 'sqlite';
  types: Record<ColumnType, string>;
  /** Wraps a column so it reads back as exact text (NUMERIC → text, etc.). */
  asText(column: string): string;
  /** The multi-row upsert tail: conflict target, then the columns to update. */
  upsert(keys: readonly string[], columns: readonly string[]): string;
  /** Extra text after CREATE TABLE (…). */
  tableOptions: string;
  /** Largest number of bound parameters per statement we use. */
  maxParams: number;
  /** Exact digits an amount column holds, or null when unbounded. */
  amountDigits: { integer: number; fraction: number } | null;
  /** Whether text may hold U+0000. */
  nulInText: boolean;
  /**
   * A subquery yielding one id per element of a JSON array of strings bound to its single `?`: how a scoped
   * read binds a list of any length as one parameter (see `scopeSql` in storage.ts).
   */
  idsFromJson: string;
  /**
   * `column` is one of the ids of the JSON array bound to the single `?`. PostgreSQL compares with
   * `= ANY(ARRAY(…))`: the planner can then search an index for the list (it plans `IN (SELECT …)` as a
   * join with a set-returning function it guesses at 100 rows, and scans); the others use `IN (idsFromJson)`.
   */
  inIds(column: string): string;
  /** The most UTF-8 bytes an id column holds, or null when unbounded. */
  maxIdBytes: number | null;
}

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  types: {
    id: 'TEXT COLLATE "C"',
    text: 'TEXT',
    json: 'TEXT',
    amount: 'NUMERIC',
    ms: 'BIGINT',
    int: 'INTEGER',
    bool: 'SMALLINT',
    real: 'DOUBLE PRECISION',
  },
  asText: (c) => `${c}::text`,
  upsert: (keys, columns) =>
    `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  tableOptions: '',
  maxParams: 30_000,
  amountDigits: null,
  nulInText: false,
  idsFromJson: 'SELECT value FROM json_array_elements_text(?::json)',
  inIds: (column) => `${column} = ANY(ARRAY(SELECT json_array_elements_text(?::json)))`,
  maxIdBytes: null,
};

export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  types: {
    // Binary ids: compared byte by byte (no case folding, no trailing-space padding), as the port needs.
    id: 'VARBINARY(764)',
    text: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
    json: 'LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
    amount: 'DECIMAL(65, 30)',
    ms: 'BIGINT',
    int: 'INT',
    bool: 'TINYINT',
    real: 'DOUBLE',
  },
  asText: (c) => `CAST(${c} AS CHAR)`,
  upsert: (_keys, columns) =>
    `ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = VALUES(${c})`).join(', ')}`,
  tableOptions: ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin',
  maxParams: 30_000,
  amountDigits: { integer: 35, fraction: 30 },
  nulInText: true,
  // MySQL 8.0.4+ and MariaDB 10.6+; the column has the id columns' type, so ids compare byte for byte.
  idsFromJson: "SELECT j.id FROM JSON_TABLE(?, '$[*]' COLUMNS (id VARBINARY(764) PATH '$')) AS j",
  inIds: (column) => `${column} IN (${mysqlDialect.idsFromJson})`,
  maxIdBytes: 764,
};

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  types: {
    id: 'TEXT',
    text: 'TEXT',
    json: 'TEXT',
    // Exact decimal text: SQLite has no decimal type, and REAL would round.
    amount: 'TEXT',
    ms: 'INTEGER',
    int: 'INTEGER',
    bool: 'INTEGER',
    real: 'REAL',
  },
  asText: (c) => c,
  upsert: (keys, columns) =>
    `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  tableOptions: '',
  maxParams: 30_000,
  amountDigits: null,
  nulInText: false,
  // JSON functions are built into SQLite since 3.38 (and into every sql.js build).
  idsFromJson: 'SELECT value FROM json_each(?)',
  inIds: (column) => `${column} IN (${sqliteDialect.idsFromJson})`,
  maxIdBytes: null,
};
