import { PGlite } from '@electric-sql/pglite';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../src/adapters/memory/index';
import { createPostgresStorage } from '../../src/adapters/postgres/index';
import { createSqliteStorage } from '../../src/adapters/sqlite/index';
import { type AccessOrg, type ReadQuery, type StorageAdapter, scopeFor } from '../../src/index';

const person = (id: string, teamId: string, role = 'rep') => ({
  id,
  name: id,
  teamId,
  hireDate: '2020-01-01',
  role,
});
const org = {
  teams: [
    { id: 'east', name: 'East', managerId: 'wang' },
    { id: 'west', name: 'West' },
  ],
  reps: [
    person('wang', 'east', 'manager'),
    person('li', 'east'),
    person('zhao', 'east'),
    person('sun', 'west'),
  ],
} as AccessOrg;
const deal = (id: string, ownerId: string) => ({
  id,
  pipelineId: 'p',
  ownerId,
  amount: { amount: '100', currency: 'CNY' },
  createdAt: '2024-01-01',
  stageId: 'lead',
});

async function all<K extends 'deals' | 'payments' | 'activities' | 'reps' | 'teams' | 'results'>(
  storage: StorageAdapter,
  collection: K,
  query: ReadQuery,
): Promise<string[]> {
  const out: string[] = [];
  for await (const page of storage.read(collection, query)) {
    for (const r of page as unknown as { id?: string; key?: string }[]) out.push(r.id ?? r.key!);
  }
  return out.sort();
}

type Loadable = StorageAdapter & Required<Pick<StorageAdapter, 'load'>>;
const adapters: [string, () => Promise<Loadable>][] = [
  ['memory', async () => createMemoryStorage()],
  [
    'sqlite',
    async () => {
      const SQL = await initSqlJs();
      const storage = createSqliteStorage(new SQL.Database());
      await storage.migrate();
      return storage;
    },
  ],
  [
    'postgres (PGlite)',
    async () => {
      const storage = createPostgresStorage(new PGlite());
      await storage.migrate();
      return storage;
    },
  ],
];

describe('scoped storage reads', () => {
  it.each(adapters)('the %s adapter reads only what the scope shows', async (_name, make) => {
    const storage = await make();
    expect(storage.capabilities.scopedReads).toBe(true);
    await storage.load('acme', {
      pipelines: [{ id: 'p', name: 'P', stages: [{ id: 'lead', name: 'Lead', order: 0, kind: 'open' }] }],
      deals: [deal('d1', 'li'), deal('d2', 'zhao'), deal('d3', 'sun')],
      payments: [
        { id: 'pay1', dealId: 'd1', amount: { amount: '10', currency: 'CNY' }, at: '2024-02-01' },
        { id: 'pay3', dealId: 'd3', amount: { amount: '10', currency: 'CNY' }, at: '2024-02-01' },
      ],
      activities: [
        { id: 'a1', type: 'call', repId: 'li', at: '2024-02-01' },
        { id: 'a3', type: 'call', repId: 'sun', at: '2024-02-01' },
      ],
      reps: org.reps,
      teams: org.teams,
    });
    await storage.writeResults('acme', [
      { kind: 'statement', key: 's-li', periodKey: '2024-02', subjectId: 'li', payload: {} },
      { kind: 'statement', key: 's-zhao', periodKey: '2024-02', subjectId: 'zhao', payload: {} },
      { kind: 'team', key: 't-east', periodKey: '2024-02', subjectId: 'east', payload: {} },
      { kind: 'company', key: 'c', periodKey: '2024-02', payload: {} },
    ]);
    const li = scopeFor('li', org, { asOf: '2024-03-01' });
    const q = { tenantId: 'acme', scope: li };
    expect(await all(storage, 'deals', q)).toEqual(['d1']);
    expect(await all(storage, 'payments', q)).toEqual(['pay1']);
    expect(await all(storage, 'activities', q)).toEqual(['a1']);
    expect(await all(storage, 'reps', q)).toEqual(['li']);
    expect(await all(storage, 'teams', q)).toEqual([]);
    expect(await all(storage, 'results', q)).toEqual(['s-li']);
    const wang = scopeFor('wang', org, { asOf: '2024-03-01' });
    expect(await all(storage, 'deals', { tenantId: 'acme', scope: wang })).toEqual(['d1', 'd2']);
    expect(await all(storage, 'results', { tenantId: 'acme', scope: wang })).toEqual([
      's-li',
      's-zhao',
      't-east',
    ]);
    const admin = scopeFor({ id: 'it', role: 'admin' }, org, { asOf: '2024-03-01' });
    expect(await all(storage, 'results', { tenantId: 'acme', scope: admin })).toHaveLength(4);
  });

  it('a SQL adapter binds scope ids as parameters, never in the SQL text, whatever their number', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    const texts: string[] = [];
    const spy = {
      prepare: (sql: string) => {
        texts.push(sql);
        return db.prepare(sql);
      },
      run: (sql: string, params?: (string | number | null)[]) => {
        texts.push(sql);
        return db.run(sql, params);
      },
      getRowsModified: () => db.getRowsModified(),
    };
    const storage = createSqliteStorage(spy);
    await storage.migrate();
    await storage.load('acme', { deals: [deal('d1', "li'--"), deal('d2', 'zhao')], reps: org.reps });
    texts.length = 0;
    // 50,000 ids: beyond SQLite's 32,766 bound parameters, yet one parameter per list.
    const many = Array.from({ length: 50_000 }, (_, i) => `p${i}`);
    const scope = { all: false, repIds: [...many, "li'--"], teamIds: ['secret-team'] };
    expect(await all(storage, 'deals', { tenantId: 'acme', scope })).toEqual(['d1']);
    expect(
      texts.some((sql) => sql.includes("li'--") || sql.includes('p49999') || sql.includes('secret-team')),
    ).toBe(false);
  });

  it('an empty scope reads nothing in a SQL adapter, not everything', async () => {
    const SQL = await initSqlJs();
    const storage = createSqliteStorage(new SQL.Database());
    await storage.migrate();
    await storage.load('acme', { deals: [deal('d1', 'li')], reps: org.reps, teams: org.teams });
    const none = { all: false, repIds: [], teamIds: [] };
    for (const collection of ['deals', 'reps', 'teams', 'payments', 'activities', 'results'] as const) {
      expect(await all(storage, collection, { tenantId: 'acme', scope: none })).toEqual([]);
    }
  });
});
