import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMysqlStorage, type MysqlPoolLike, mysqlMigrations } from '../../src/adapters/mysql/index';
import { createPostgresStorage, postgresMigrations } from '../../src/adapters/postgres/index';
import { createSqliteStorage, sqliteMigrations } from '../../src/adapters/sqlite/index';

async function sqlite(prefix?: string) {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  const storage = createSqliteStorage(db, { tablePrefix: prefix });
  return { db, storage };
}

const deal = {
  id: 'D-1',
  pipelineId: 'P',
  ownerId: 'R',
  amount: { amount: '10.50', currency: 'CNY' },
  createdAt: '2024-01-01',
  stageId: 's',
};

describe('SQL adapters', () => {
  it('migrate runs each migration once and records it', async () => {
    const { db, storage } = await sqlite('spm_');
    expect(await storage.migrate()).toEqual({ applied: [1, 2], version: 2 });
    expect(await storage.migrate()).toEqual({ applied: [], version: 2 });
    expect(db.exec('SELECT version, name FROM spm_migrations')[0]?.values).toEqual([
      [1, 'create the openspm tables'],
      [2, 'index the columns scoped reads filter on'],
    ]);
  });

  it('stores money as exact decimals, never floating point', () => {
    for (const migrations of [postgresMigrations(), mysqlMigrations(), sqliteMigrations()]) {
      const sql = migrations.flatMap((m) => m.statements).join('\n');
      for (const line of sql.split('\n').filter((l) => /^\s+amount /.test(l))) {
        expect(line).toMatch(/NUMERIC|DECIMAL\(65, 30\)|TEXT/);
      }
    }
    expect(postgresMigrations({ tablePrefix: 'x_' })[0]?.statements[0]).toContain('CREATE TABLE x_pipelines');
  });

  it('a corrupt row gives CORRUPT_ROW naming the table and the key', async () => {
    const { db, storage } = await sqlite();
    await storage.migrate();
    await storage.load('acme', { deals: [deal] });
    db.run("UPDATE openspm_deals SET amount = 'ten' WHERE id = 'D-1'");
    const read = async () => {
      for await (const _ of storage.read('deals', { tenantId: 'acme' })) break;
    };
    await expect(read()).rejects.toMatchObject({ code: 'CORRUPT_ROW' });
    await expect(read()).rejects.toThrow(/table openspm_deals, row \(tenant_id "acme", id "D-1"\): amount/);
    db.run("UPDATE openspm_deals SET amount = '1', custom_json = '{oops' WHERE id = 'D-1'");
    await expect(read()).rejects.toThrow(/custom_json is not valid JSON/);
  });

  it('validates what it is given: drivers, prefixes, records', async () => {
    expect(() => createPostgresStorage({} as never)).toThrow(/pg Pool or a PGlite/);
    expect(() => createMysqlStorage({} as never)).toThrow(/mysql2\/promise pool/);
    expect(() => createSqliteStorage({} as never)).toThrow(/sql.js Database/);
    const { storage } = await sqlite();
    expect(() =>
      createSqliteStorage({ prepare() {}, run() {} } as never, { tablePrefix: 'x; DROP' }),
    ).toThrow(/tablePrefix/);
    await storage.migrate();
    await expect(
      storage.load('acme', { deals: [{ ...deal, amount: { amount: '-1', currency: 'CNY' } }] }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(storage.load('acme', { bogus: [] } as never)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('MySQL refuses an amount DECIMAL(65, 30) cannot hold instead of rounding it', async () => {
    const pool: MysqlPoolLike = {
      execute: async () => [[], []],
      query: async () => [[], []],
      getConnection: async () => {
        throw new Error('not reached');
      },
    };
    const storage = createMysqlStorage(pool);
    await expect(
      storage.load('acme', {
        deals: [{ ...deal, amount: { amount: '0.1234567890123456789012345678901', currency: 'CNY' } }],
      }),
    ).rejects.toMatchObject({ code: 'OUT_OF_RANGE' });
  });

  it('a driver failure is a STORAGE_ERROR with the cause, and nothing is written', async () => {
    const { storage } = await sqlite();
    // No migrate: the tables do not exist.
    await expect(
      storage.writeResults('acme', [{ kind: 'x', key: 'k', periodKey: 'p', payload: {} }]),
    ).rejects.toMatchObject({
      code: 'STORAGE_ERROR',
    });
  });
});
