import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import mysql from 'mysql2/promise';
import pg from 'pg';
import initSqlJs, { type Database } from 'sql.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createMysqlStorage, mysqlMigrations } from '../../src/adapters/mysql/index';
import { createPostgresStorage, postgresMigrations } from '../../src/adapters/postgres/index';
import type { SqlStorage } from '../../src/adapters/sql/storage';
import { createSqliteStorage, sqliteMigrations } from '../../src/adapters/sqlite/index';
import { dropStatements, runPrefix } from './helpers';

/** A database to migrate: new adapter instances on it (as separate processes would have), and raw SQL. */
interface Backend {
  name: string;
  dialect: 'postgres' | 'mysql' | 'sqlite';
  /** A new adapter on the same database (on the servers: on a pool of its own). */
  make(prefix: string): SqlStorage;
  exec(sql: string, params?: (string | number)[]): Promise<void>;
  rows(sql: string, params?: (string | number)[]): Promise<Record<string, unknown>[]>;
  /** The index names on the tables of a prefix. */
  indexes(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

const CONCURRENT = 6;
const V1_NAME = 'create the openspm tables';

const indexName = (statement: string) =>
  /^CREATE INDEX (?:IF NOT EXISTS )?(\S+) ON /.exec(statement)?.[1] ?? '';

function migrationsTableDdl(backend: Backend, prefix: string): string {
  // What migrate() of openspm 1.x (schema version 1) created.
  return `CREATE TABLE IF NOT EXISTS ${prefix}migrations (version INTEGER NOT NULL PRIMARY KEY, name ${backend.dialect === 'mysql' ? 'VARCHAR(200)' : 'TEXT'} NOT NULL)`;
}

/** A database as openspm left it at schema version 1: migration 1's statements, version 1 recorded. */
async function schemaV1(backend: Backend, prefix: string): Promise<void> {
  const v1 = backend.make(prefix).migrations[0];
  expect(v1?.version).toBe(1);
  for (const statement of v1?.statements ?? []) await backend.exec(statement);
  await backend.exec(migrationsTableDdl(backend, prefix));
  await backend.exec(`INSERT INTO ${prefix}migrations (version, name) VALUES (?, ?)`, [1, V1_NAME]);
}

const sample = {
  deals: [
    {
      id: 'D-1',
      pipelineId: 'P',
      ownerId: 'R-1',
      teamId: 'T-1',
      amount: { amount: '1234.56', currency: 'CNY' },
      createdAt: '2024-01-05',
      stageId: 'won',
    },
    {
      id: 'D-2',
      pipelineId: 'P',
      ownerId: 'R-2',
      amount: { amount: '0.01', currency: 'USD' },
      createdAt: '2024-02-05',
      stageId: 'lead',
    },
  ],
  activities: [{ id: 'A-1', type: 'call', repId: 'R-1', at: '2024-01-06T10:00:00Z' }],
  payments: [{ id: 'Y-1', dealId: 'D-1', amount: { amount: '1234.56', currency: 'CNY' }, at: '2024-03-01' }],
  accounts: [{ id: 'C-1', name: 'Acme', ownerId: 'R-1' }],
};

async function readAll(storage: SqlStorage, tenantId: string, scope?: unknown) {
  const out: Record<string, unknown[]> = {};
  for (const collection of ['deals', 'activities', 'payments', 'accounts'] as const) {
    out[collection] = [];
    for await (const page of storage.read(collection, { tenantId, scope } as never))
      out[collection].push(...page);
  }
  return out;
}

/** PGlite starts in seconds, and a loaded machine is slow: a generous limit (speed is measured in bench/). */
const SLOW = 60_000;

function migrationSuite(label: string, open: () => Promise<Backend>) {
  describe(`migrate(): ${label}`, { timeout: SLOW }, () => {
    let backend: Backend | undefined;
    const prefixes: string[] = [];
    const get = async () => {
      backend ??= await open();
      return backend;
    };
    const fresh = (name: string) => {
      const p = runPrefix(`mg${name}`);
      prefixes.push(p);
      return p;
    };
    afterAll(async () => {
      if (!backend) return;
      for (const p of prefixes) for (const sql of dropStatements(p)) await backend.exec(sql);
      await backend.close();
    }, SLOW);

    it('a fresh database gets migrations 1 and 2, once, with every index of migration 2', async () => {
      const b = await get();
      const prefix = fresh('f');
      const storage = b.make(prefix);
      expect(await storage.migrate()).toEqual({ applied: [1, 2], version: 2 });
      expect(await storage.migrate()).toEqual({ applied: [], version: 2 });
      expect(await b.make(prefix).migrate()).toEqual({ applied: [], version: 2 });
      const rows = await b.rows(`SELECT version, name FROM ${prefix}migrations ORDER BY version`);
      expect(rows.map((r) => [Number(r.version), r.name])).toEqual([
        [1, V1_NAME],
        [2, 'index the columns scoped reads filter on'],
      ]);
      const v2 = storage.migrations[1]?.statements.map(indexName) ?? [];
      expect(v2.length).toBeGreaterThan(0);
      const present = await b.indexes(prefix);
      for (const name of v2) expect(present).toContain(name);
    });

    it(`${CONCURRENT} adapters migrating a fresh database at once all succeed, each version applied once`, async () => {
      const b = await get();
      const prefix = fresh('c');
      const results = await Promise.all(Array.from({ length: CONCURRENT }, () => b.make(prefix).migrate()));
      for (const r of results) expect(r.version).toBe(2);
      expect(results.flatMap((r) => r.applied).sort()).toEqual([1, 2]);
      const rows = await b.rows(`SELECT version FROM ${prefix}migrations ORDER BY version`);
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2]);
      const storage = b.make(prefix);
      await storage.load('acme', sample);
      expect((await readAll(storage, 'acme')).deals).toHaveLength(2);
    });

    it('a database at version 1 upgrades to 2 (concurrently) with its data intact', async () => {
      const b = await get();
      const prefix = fresh('u');
      await schemaV1(b, prefix);
      const before = b.make(prefix);
      await before.load('acme', sample);
      await before.load('other', { deals: [sample.deals[1]] as never });
      const data = await readAll(before, 'acme');
      const scope = { all: false, repIds: ['R-1'], teamIds: [] };
      const scoped = await readAll(before, 'acme', scope);
      expect((await b.indexes(prefix)).some((n) => n.endsWith('_by_owner'))).toBe(false);

      const results = await Promise.all(Array.from({ length: CONCURRENT }, () => b.make(prefix).migrate()));
      expect(results.flatMap((r) => r.applied)).toEqual([2]);
      for (const r of results) expect(r.version).toBe(2);
      const rows = await b.rows(`SELECT version FROM ${prefix}migrations ORDER BY version`);
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2]);

      const after = b.make(prefix);
      expect(await readAll(after, 'acme')).toEqual(data);
      expect(await readAll(after, 'acme', scope)).toEqual(scoped);
      expect(scoped.deals).toHaveLength(1);
      expect((await readAll(after, 'other')).deals).toHaveLength(1);
      for (const name of after.migrations[1]?.statements.map(indexName) ?? [])
        expect(await b.indexes(prefix)).toContain(name);
    });

    it('applies nothing when the version row is already there (a migration run by your own tool)', async () => {
      const b = await get();
      const prefix = fresh('r');
      await schemaV1(b, prefix);
      const storage = b.make(prefix);
      for (const statement of storage.migrations[1]?.statements ?? []) await b.exec(statement);
      await b.exec(`INSERT INTO ${prefix}migrations (version, name) VALUES (?, ?)`, [2, 'by hand']);
      expect(await storage.migrate()).toEqual({ applied: [], version: 2 });
      const rows = await b.rows(`SELECT version, name FROM ${prefix}migrations ORDER BY version`);
      expect(rows.map((r) => [Number(r.version), r.name])).toEqual([
        [1, V1_NAME],
        [2, 'by hand'],
      ]);
    });

    it('completes a migration 2 that was interrupted after some of its indexes', async () => {
      const b = await get();
      const prefix = fresh('p');
      await schemaV1(b, prefix);
      const storage = b.make(prefix);
      // On MySQL each CREATE INDEX commits itself: a lost connection can leave the first ones behind.
      for (const statement of storage.migrations[1]?.statements.slice(0, 2) ?? []) await b.exec(statement);
      expect(await storage.migrate()).toEqual({ applied: [2], version: 2 });
      for (const name of storage.migrations[1]?.statements.map(indexName) ?? [])
        expect(await b.indexes(prefix)).toContain(name);
    });
  });
}

// ---- the databases ----

migrationSuite('sqlite on sql.js (adapters sharing one Database)', async () => {
  const SQL = await initSqlJs();
  const db: Database = new SQL.Database();
  const rows = async (sql: string, params: (string | number)[] = []) => {
    const statement = db.prepare(sql);
    statement.bind(params);
    const out: Record<string, unknown>[] = [];
    while (statement.step()) out.push(statement.getAsObject());
    statement.free();
    return out;
  };
  return {
    name: 'sqlite',
    dialect: 'sqlite',
    make: (prefix) => createSqliteStorage(db, { tablePrefix: prefix }),
    exec: async (sql, params) => {
      db.run(sql, params);
    },
    rows,
    indexes: async (prefix) =>
      (
        await rows("SELECT name FROM sqlite_master WHERE type = 'index' AND substr(tbl_name, 1, ?) = ?", [
          prefix.length,
          prefix,
        ])
      ).map((r) => String(r.name)),
    close: async () => db.close(),
  };
});

const pgIndexes = async (rows: Backend['rows'], prefix: string): Promise<string[]> =>
  (
    await rows(
      'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND left(tablename, $1) = $2',
      [prefix.length, prefix],
    )
  ).map((r) => String(r.indexname));

const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

migrationSuite('postgres on PGlite (adapters sharing one PGlite)', async () => {
  const db = new PGlite();
  const rows: Backend['rows'] = async (sql, params = []) =>
    (await db.query<Record<string, unknown>>(numbered(sql), params)).rows;
  return {
    name: 'pglite',
    dialect: 'postgres',
    make: (prefix) => createPostgresStorage(db, { tablePrefix: prefix }),
    exec: async (sql, params = []) => {
      await db.query(numbered(sql), params);
    },
    rows,
    indexes: (prefix) => pgIndexes(rows, prefix),
    close: () => db.close(),
  };
});

const pgUrl = process.env.OPENSPM_TEST_POSTGRES_URL;
const myUrl = process.env.OPENSPM_TEST_MYSQL_URL;
if (!pgUrl) console.log('postgres server migrations skipped: OPENSPM_TEST_POSTGRES_URL is not set');
if (!myUrl) console.log('mysql server migrations skipped: OPENSPM_TEST_MYSQL_URL is not set');

if (pgUrl) {
  migrationSuite('postgres server (each adapter on a pg Pool of its own)', async () => {
    const admin = new pg.Pool({ connectionString: pgUrl, max: 2 });
    const pools: pg.Pool[] = [];
    const rows: Backend['rows'] = async (sql, params = []) => (await admin.query(numbered(sql), params)).rows;
    return {
      name: 'postgres',
      dialect: 'postgres',
      make: (prefix) => {
        const pool = new pg.Pool({ connectionString: pgUrl, max: 2 });
        pools.push(pool);
        return createPostgresStorage(pool, { tablePrefix: prefix });
      },
      exec: async (sql, params = []) => {
        await admin.query(numbered(sql), params);
      },
      rows,
      indexes: (prefix) => pgIndexes(rows, prefix),
      close: async () => {
        await Promise.all(pools.map((p) => p.end()));
        await admin.end();
      },
    };
  });
} else {
  describe.skip('migrate(): postgres server (OPENSPM_TEST_POSTGRES_URL not set)', () => {
    it('needs a server', () => {});
  });
}

if (myUrl) {
  migrationSuite('mysql/mariadb server (each adapter on a mysql2 pool of its own)', async () => {
    const admin = mysql.createPool({ uri: myUrl, connectionLimit: 2 });
    const pools: mysql.Pool[] = [];
    const rows: Backend['rows'] = async (sql, params = []) =>
      (await admin.query(sql, params))[0] as Record<string, unknown>[];
    return {
      name: 'mysql',
      dialect: 'mysql',
      make: (prefix) => {
        const pool = mysql.createPool({ uri: myUrl, connectionLimit: 2 });
        pools.push(pool);
        return createMysqlStorage(pool, { tablePrefix: prefix });
      },
      exec: async (sql, params = []) => {
        await admin.query(sql, params);
      },
      rows,
      indexes: async (prefix) =>
        (
          await rows(
            'SELECT DISTINCT INDEX_NAME AS name FROM information_schema.statistics WHERE TABLE_SCHEMA = DATABASE() AND LEFT(TABLE_NAME, ?) = ?',
            [prefix.length, prefix],
          )
        ).map((r) => String(r.name)),
      close: async () => {
        await Promise.all(pools.map((p) => p.end()));
        await admin.end();
      },
    };
  });
} else {
  describe.skip('migrate(): mysql server (OPENSPM_TEST_MYSQL_URL not set)', () => {
    it('needs a server', () => {});
  });
}

// ---- the DDL itself ----

describe('migration DDL', () => {
  const all = { postgres: postgresMigrations, mysql: mysqlMigrations, sqlite: sqliteMigrations };

  it('migration 1 is byte for byte what databases at version 1 applied', () => {
    // Fingerprints of migration 1 as released: a change here would leave existing databases behind.
    const expected: Record<string, string> = {
      postgres: '0d8e52b75b61d561578952a023915bf07d151f7adce3bb3c72828646dc2a780f',
      mysql: 'ca46ea53ea14362d2932ddcd4a3fe21f5e4fe8a78635e1524ac75daaaaca551e',
      sqlite: 'ede3c7301b14fba5ff928441405d2991c35202e2a3178cd4bac3cb9ea280b932',
    };
    for (const [name, migrations] of Object.entries(all)) {
      const v1 = migrations()[0];
      expect(createHash('sha256').update(JSON.stringify(v1)).digest('hex'), name).toBe(expected[name]);
    }
  });

  it('MySQL takes a table prefix of at most 30 characters, so every name of every migration fits in 64', () => {
    const names = (statements: readonly string[]) =>
      statements.map((st) => /^CREATE (?:TABLE|INDEX) (\w+)/.exec(st)?.[1] ?? '');
    const longest = Math.max(
      ...mysqlMigrations({ tablePrefix: 'p'.repeat(30) }).flatMap((m) =>
        names(m.statements).map((n) => n.length),
      ),
    );
    expect(longest).toBe(64);
    expect(() => mysqlMigrations({ tablePrefix: 'p'.repeat(31) })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: ['tablePrefix'] }),
    );
    const pool = { execute: async () => [[]], query: async () => [[]], getConnection: async () => ({}) };
    expect(() => createMysqlStorage(pool as never, { tablePrefix: 'p'.repeat(31) })).toThrow(
      /tablePrefix: at most 30 characters on MySQL and MariaDB/,
    );
  });

  it('migration 2 creates indexes led by tenant_id, with IF NOT EXISTS except on MySQL 8 (which has none)', () => {
    for (const [name, migrations] of Object.entries(all)) {
      const v2 = migrations({ tablePrefix: 'p'.repeat(name === 'mysql' ? 30 : 31) })[1];
      expect(v2?.version).toBe(2);
      for (const statement of v2?.statements ?? []) {
        expect(statement).toMatch(/^CREATE INDEX .* ON \S+ \(tenant_id, [a-z_, ]+\)$/);
        expect(statement.includes('IF NOT EXISTS'), statement).toBe(name !== 'mysql');
        // PostgreSQL cuts names at 63 characters, MySQL refuses more than 64.
        expect(indexName(statement).length).toBeLessThanOrEqual(63);
      }
    }
    expect(mysqlMigrations()[1]?.statements).toContain(
      'CREATE INDEX openspm_activities_by_rep ON openspm_activities (tenant_id, rep_id, at_ms, id)',
    );
  });
});

describe('scoped reads search the migration 2 indexes (SQLite EXPLAIN QUERY PLAN)', { timeout: SLOW }, () => {
  it('a rep-scoped read of deals, accounts and payments searches by owner, not the whole tenant', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    const seen: [string, unknown[]][] = [];
    const spy = {
      prepare: (sql: string) => {
        const statement = db.prepare(sql);
        return {
          bind: (values?: (string | number | null)[]) => {
            seen.push([sql, values ?? []]);
            return statement.bind(values);
          },
          step: () => statement.step(),
          getAsObject: () => statement.getAsObject(),
          free: () => statement.free(),
        };
      },
      run: (sql: string, params?: (string | number | null)[]) => db.run(sql, params),
      getRowsModified: () => db.getRowsModified(),
    };
    const storage = createSqliteStorage(spy);
    await storage.migrate();
    const owners = 200;
    const ids = Array.from({ length: 4000 }, (_, i) => i);
    await storage.load('acme', {
      deals: ids.map((i) => ({
        id: `D${i}`,
        pipelineId: 'P',
        ownerId: `R${i % owners}`,
        teamId: `T${i % 20}`,
        amount: { amount: '1', currency: 'CNY' },
        createdAt: '2024-01-01',
        stageId: 's',
      })),
      payments: ids.map((i) => ({
        id: `Y${i}`,
        dealId: `D${i}`,
        amount: { amount: '1', currency: 'CNY' },
        at: '2024-02-01',
      })),
      accounts: ids.map((i) => ({ id: `C${i}`, name: `C${i}`, ownerId: `R${i % owners}` })),
    });
    // With statistics (ANALYZE, or PRAGMA optimize) SQLite weighs a scope's few rows against the tenant's.
    db.run('ANALYZE');
    const plan = async (collection: 'deals' | 'accounts' | 'payments') => {
      seen.length = 0;
      const scope = { all: false, repIds: ['R7'], teamIds: [] };
      for await (const _ of storage.read(collection, { tenantId: 'acme', scope, pageSize: 5 })) break;
      const [sql, params] = seen[seen.length - 1] ?? ['', []];
      return (db.exec(`EXPLAIN QUERY PLAN ${sql}`, params as (string | number)[])[0]?.values ?? [])
        .map((row) => String(row[3]))
        .join('\n');
    };
    expect(await plan('deals')).toMatch(/SEARCH openspm_deals USING INDEX openspm_deals_by_owner/);
    expect(await plan('accounts')).toMatch(/SEARCH openspm_accounts USING INDEX openspm_accounts_by_owner/);
    expect(await plan('payments')).toMatch(/openspm_deals_by_owner \(tenant_id=\? AND owner_id=\?\)/);
    db.close();
  });
});
