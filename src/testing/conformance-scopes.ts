// The scoped-read part of the adapter conformance suite: security properties of `ReadQuery.scope`, checked
// against the port's semantics (`scopeKeeps`, the rule the memory adapter applies) on seeded random scopes.
// Private to openspm/testing; registered by runAdapterConformance.
import { type CheckedQuery, scopeKeeps, scopeShowsDeal } from '../adapters/shared';
import type {
  LoadInput,
  ReadQuery,
  ReadScope,
  ResultInput,
  StorageAdapter,
  StorageCollection,
  TargetInput,
} from '../storage/index';
import { canonicalJson } from '../storage/index';
import { HOSTILE, NUL_TEXT } from './conformance-fixtures';
import { SeededRandom } from './random';
import { generateSampleData } from './sample-data';

/** What the suite hands this part: its storage, tenants, seeding and assertions. */
export interface ScopeSuiteContext {
  storage(): StorageAdapter;
  tenant(label: string): string;
  seed(tenantId: string, data: LoadInput): Promise<void>;
  check(condition: unknown, message: string): void;
  same(actual: unknown, expected: unknown, what: string): void;
  rejects(promise: Promise<unknown>, code: string, what: string): Promise<unknown>;
  it(name: string, fn: () => Promise<void>, timeout?: number): void;
  timeout: number;
}

const COLLECTIONS: readonly StorageCollection[] = [
  'pipelines',
  'deals',
  'stageChanges',
  'activities',
  'payments',
  'accounts',
  'reps',
  'teams',
  'targets',
  'scorecards',
  'plans',
  'results',
];

/** The collections a scope filters; the others (rules, not figures about people) it never cuts. */
const FILTERED: readonly StorageCollection[] = [
  'deals',
  'stageChanges',
  'activities',
  'payments',
  'accounts',
  'reps',
  'teams',
  'targets',
  'results',
];

const RANGES: readonly { label: string; from?: Date; to?: Date }[] = [
  { label: 'all time' },
  {
    label: '[2024-02-01, 2024-04-01)',
    from: new Date('2024-02-01T00:00:00Z'),
    to: new Date('2024-04-01T00:00:00Z'),
  },
  { label: 'from 2024-05-15', from: new Date('2024-05-15T00:00:00Z') },
  { label: 'before 2024-03-01', to: new Date('2024-03-01T00:00:00Z') },
];

type Row = Record<string, unknown>;

async function readPages(
  storage: StorageAdapter,
  collection: StorageCollection,
  query: ReadQuery,
): Promise<{ rows: Row[]; pages: number[] }> {
  const rows: Row[] = [];
  const pages: number[] = [];
  for await (const page of storage.read(collection, query)) {
    pages.push(page.length);
    rows.push(...(page as unknown as Row[]));
  }
  return { rows, pages };
}

const byContent = (rows: readonly Row[]) => rows.map((r) => canonicalJson(r)).sort();

const describeRow = (collection: StorageCollection, r: Row): string => {
  if (collection === 'stageChanges') return `stage change of deal ${JSON.stringify(r.dealId)}`;
  if (collection === 'results') return `result ${JSON.stringify(r.kind)}/${JSON.stringify(r.key)}`;
  return `${collection.replace(/s$/, '')} ${JSON.stringify(r.id)}`;
};

const scopeText = (scope: ReadScope) => {
  const list = (ids: readonly string[]) =>
    ids.length > 6 ? `${ids.length} ids` : `[${ids.map((id) => JSON.stringify(id)).join(', ')}]`;
  return scope.all ? '{ all }' : `{ repIds: ${list(scope.repIds)}, teamIds: ${list(scope.teamIds)} }`;
};

const quarter = (q: 1 | 2) =>
  q === 1
    ? { kind: 'quarter' as const, key: 'FY2024-Q1', start: '2024-01-01', end: '2024-04-01' }
    : { kind: 'quarter' as const, key: 'FY2024-Q2', start: '2024-04-01', end: '2024-07-01' };

/** Sample CRM data, with deals credited to other teams than their owner's, or to none. */
function scopedData(seed: number) {
  const data = generateSampleData({
    seed,
    reps: 6,
    teams: 2,
    deals: 60,
    accounts: 10,
    from: '2024-01-01',
    asOf: '2024-06-30',
  });
  const random = new SeededRandom(seed + 1);
  const teamIds = data.teams.map((t) => t.id);
  const deals = data.deals.map((d) => {
    const u = random.next();
    if (u < 0.25) return { ...d, teamId: random.pick(teamIds) };
    if (u < 0.4) {
      const { teamId: _, ...rest } = d;
      return rest;
    }
    return d;
  });
  // An account without an owner, and one owned by a person who is not a rep of the tenant.
  const accounts = [
    ...data.accounts,
    { id: 'acct-unowned', name: 'Unowned' },
    { id: 'acct-stranger', name: 'Stranger', ownerId: 'someone-else' },
    // U+FFFD is what a driver may make of a lone surrogate: a scope id `rep-1\ud800` must not show this.
    { id: 'acct-replacement', name: 'Replacement', ownerId: `${data.reps[3]?.id}\ufffd` },
  ];
  const { currency: _, ...crm } = data;
  return { ...crm, deals, accounts };
}

function scopedTargets(repIds: readonly string[], teamIds: readonly string[]): TargetInput[] {
  const targets: TargetInput[] = [];
  const amount = (n: number) => ({ amount: `${n}000.00`, currency: 'CNY' });
  for (const q of [1, 2] as const) {
    targets.push({
      id: `company-Q${q}`,
      period: quarter(q),
      scope: { type: 'company' },
      metric: 'won-amount',
      amount: amount(900),
    });
    for (const [i, id] of teamIds.entries()) {
      targets.push({
        id: `team-${id}-Q${q}`,
        period: quarter(q),
        scope: { type: 'team', id },
        metric: 'won-amount',
        amount: amount(100 + i),
      });
    }
    for (const [i, id] of repIds.entries()) {
      targets.push({
        id: `rep-${id}-Q${q}`,
        period: quarter(q),
        scope: { type: 'rep', id },
        metric: 'won-amount',
        amount: amount(10 + i),
      });
    }
  }
  return targets;
}

function scopedResults(
  repIds: readonly string[],
  teamIds: readonly string[],
  dealIds: readonly string[],
): ResultInput[] {
  const results: ResultInput[] = [];
  for (const periodKey of ['2024-03', '2024-06']) {
    for (const id of repIds)
      results.push({ kind: 'statement', key: `s-${id}-${periodKey}`, periodKey, subjectId: id, payload: {} });
    for (const id of teamIds)
      results.push({
        kind: 'team-total',
        key: `t-${id}-${periodKey}`,
        periodKey,
        subjectId: id,
        payload: {},
      });
    // Results about no one, a deal or a stage: only a tenant-wide read shows them.
    results.push({ kind: 'company', key: `c-${periodKey}`, periodKey, payload: { n: 1 } });
    for (const id of dealIds.slice(0, 5))
      results.push({ kind: 'deal-note', key: `${id}-${periodKey}`, periodKey, subjectId: id, payload: {} });
    results.push({ kind: 'stage', key: `lead-${periodKey}`, periodKey, subjectId: 'lead', payload: {} });
  }
  return results;
}

/** A random scope over the tenant's people and teams, with ids of the wrong kind and unknown ids mixed in. */
function randomScope(random: SeededRandom, repIds: readonly string[], teamIds: readonly string[]): ReadScope {
  if (random.chance(0.08)) return { all: true, repIds: [], teamIds: [] };
  const p = random.next() * 0.6;
  const reps = repIds.filter(() => random.chance(p));
  const teams = teamIds.filter(() => random.chance(p));
  if (random.chance(0.2)) reps.push(random.pick(teamIds));
  if (random.chance(0.2)) teams.push(random.pick(repIds));
  if (random.chance(0.2)) reps.push('nobody');
  return { all: false, repIds: reps, teamIds: teams };
}

/** Ids that look like real ones but are not: case, spaces, prefixes, suffixes, NUL, lone surrogates. */
function nearMisses(ids: readonly string[]): string[] {
  return ids.flatMap((id) => [
    id.toUpperCase(),
    ` ${id}`,
    `${id} `,
    id.slice(0, -1),
    `${id}x`,
    `${id}%`,
    `${id}\u0000`,
    `${id}\u0000x`,
    `${id}\ud800`,
    `${id}'`,
    `${id}".*`,
  ]);
}

/** The records a scoped read must return: the port's rule (`scopeKeeps`) applied to the unscoped read. */
function expected(
  collection: StorageCollection,
  unscoped: readonly Row[],
  scope: ReadScope,
  allDeals: readonly Row[],
): Row[] {
  if (scope.all) return [...unscoped];
  const sets: NonNullable<CheckedQuery['scope']> = {
    repIds: new Set(scope.repIds),
    teamIds: new Set(scope.teamIds),
  };
  const dealIds = new Set(allDeals.filter((d) => scopeShowsDeal(sets, d)).map((d) => d.id as string));
  return unscoped.filter((r) => scopeKeeps(collection, r, sets, dealIds));
}

export function registerScopedReadTests(ctx: ScopeSuiteContext): void {
  const { it, check, same, timeout } = ctx;

  /** Reads within a scope and checks every security property against the expected rows. */
  async function checkScopedRead(
    collection: StorageCollection,
    query: ReadQuery,
    unscoped: readonly Row[],
    allDeals: readonly Row[],
    what: string,
  ): Promise<number> {
    const scope = query.scope as ReadScope;
    const want = expected(collection, unscoped, scope, allDeals);
    const { rows, pages } = await readPages(ctx.storage(), collection, query);
    const size = query.pageSize ?? 1000;
    check(
      pages.every((n) => n > 0 && n <= size),
      `${what}: pages must hold 1 to ${size} rows, got ${pages.join(', ')}`,
    );
    if (!scope.all) {
      const sets = { repIds: new Set(scope.repIds), teamIds: new Set(scope.teamIds) };
      const dealIds = new Set(allDeals.filter((d) => scopeShowsDeal(sets, d)).map((d) => d.id as string));
      for (const r of rows) {
        check(
          scopeKeeps(collection, r, sets, dealIds),
          `${what}: SECURITY: the read returned ${describeRow(collection, r)}, which is outside the scope ${scopeText(scope)}`,
        );
      }
    }
    const got = byContent(rows);
    check(new Set(got).size === got.length, `${what}: a row came back twice (paging by ${size})`);
    const wanted = byContent(want);
    if (got.length !== wanted.length || got.some((r, i) => r !== wanted[i])) {
      const missing = wanted.filter((r) => !got.includes(r)).length;
      const extra = got.filter((r) => !wanted.includes(r)).length;
      same(
        got,
        wanted,
        `${what}: expected ${wanted.length} rows, got ${got.length} (${missing} missing, ${extra} not expected)`,
      );
    }
    return rows.length;
  }

  /** Seeds a tenant with sample data, targets, documents and results, and reads it all unscoped. */
  async function prepare(label: string, seed: number) {
    const storage = ctx.storage();
    const t = ctx.tenant(label);
    const data = scopedData(seed);
    await ctx.seed(t, data as LoadInput);
    const repIds = data.reps.map((r) => r.id);
    const teamIds = data.teams.map((x) => x.id);
    for (const target of scopedTargets(repIds, teamIds)) await storage.save('targets', t, target, 0);
    await storage.save('plans', t, { id: 'PL', name: 'Plan', effectiveFrom: '2024-01-01', body: {} }, 0);
    await storage.save(
      'scorecards',
      t,
      { id: 'SC', name: 'Card', effectiveFrom: '2024-01-01', effectiveTo: '2024-04-01', body: {} },
      0,
    );
    await storage.writeResults(
      t,
      scopedResults(
        repIds,
        teamIds,
        data.deals.map((d) => d.id),
      ),
    );
    const unscoped = new Map<string, Row[]>();
    for (const range of RANGES) {
      for (const collection of COLLECTIONS) {
        const { rows } = await readPages(storage, collection, {
          tenantId: t,
          from: range.from,
          to: range.to,
        });
        unscoped.set(`${collection} ${range.label}`, rows);
      }
    }
    const allDeals = unscoped.get('deals all time') as Row[];
    check(allDeals.length === data.deals.length, `the ${data.deals.length} seeded deals must be read back`);
    return { t, repIds, teamIds, unscoped, allDeals };
  }

  it(
    'scoped reads: an adapter without capabilities.scopedReads refuses a scope instead of ignoring it',
    async () => {
      const storage = ctx.storage();
      const t = ctx.tenant('scope-refuse');
      await ctx.seed(t, { teams: [{ id: 'T', name: 'T' }] });
      const all = await readPages(storage, 'teams', {
        tenantId: t,
        scope: { all: true, repIds: [], teamIds: [] },
      });
      check(all.rows.length === 1, 'a tenant-wide scope ({ all: true }) reads everything');
      if (storage.capabilities.scopedReads === true) return;
      for (const collection of FILTERED) {
        await ctx.rejects(
          readPages(storage, collection, { tenantId: t, scope: { all: false, repIds: ['R'], teamIds: [] } }),
          'NOT_SUPPORTED',
          `SECURITY: a scoped read of ${collection} by an adapter without capabilities.scopedReads`,
        );
      }
    },
    timeout,
  );

  it(
    'scoped reads: for random scopes, exactly the rows the scope shows, never one outside it, paged correctly',
    async () => {
      if (ctx.storage().capabilities.scopedReads !== true) return;
      const { t, repIds, teamIds, unscoped, allDeals } = await prepare('scope-random', 11);
      const random = new SeededRandom(20241204);
      let kept = 0;
      for (let draw = 0; draw < 24; draw++) {
        const scope = randomScope(random, repIds, teamIds);
        for (const collection of COLLECTIONS) {
          const range = random.pick(RANGES);
          const rows = unscoped.get(`${collection} ${range.label}`) as Row[];
          const pageSize = Math.max(random.pick([1, 2, 3, 7, 50, 1000]), Math.ceil(rows.length / 30));
          kept += await checkScopedRead(
            collection,
            { tenantId: t, from: range.from, to: range.to, pageSize, scope },
            rows,
            allDeals,
            `scoped read #${draw} of ${collection} (${range.label}, pages of ${pageSize}, scope ${scopeText(scope)})`,
          );
        }
      }
      check(kept > 0, 'the random scopes must show some rows');
      // Kind and period filters of results combine with the scope.
      const scope: ReadScope = { all: false, repIds: repIds.slice(0, 3), teamIds: teamIds.slice(0, 1) };
      const results = (unscoped.get('results all time') as Row[]).filter(
        (r) => r.kind === 'statement' && r.periodKey === '2024-03',
      );
      await checkScopedRead(
        'results',
        { tenantId: t, kind: 'statement', periodKey: '2024-03', pageSize: 2, scope },
        results,
        allDeals,
        'scoped read of statement results of 2024-03',
      );
    },
    Math.max(timeout, 120_000),
  );

  it(
    'scoped reads: an empty scope reads nothing, never everything; unknown and near-miss ids show nothing',
    async () => {
      if (ctx.storage().capabilities.scopedReads !== true) return;
      const { t, repIds, teamIds, unscoped, allDeals } = await prepare('scope-empty', 12);
      const scopes: ReadScope[] = [
        { all: false, repIds: [], teamIds: [] },
        { all: false, repIds: ['nobody'], teamIds: ['no-team'] },
        { all: false, repIds: nearMisses(repIds), teamIds: nearMisses(teamIds) },
      ];
      for (const scope of scopes) {
        for (const collection of COLLECTIONS) {
          const rows = unscoped.get(`${collection} all time`) as Row[];
          const n = await checkScopedRead(
            collection,
            { tenantId: t, scope },
            rows,
            allDeals,
            `scoped read of ${collection} with scope ${scopeText(scope)}`,
          );
          if (FILTERED.includes(collection)) {
            check(
              n === 0,
              `SECURITY: ${collection} with scope ${scopeText(scope)} must read nothing, got ${n} rows`,
            );
          } else {
            check(
              n === rows.length,
              `${collection} are rules, not figures about people: a scope never cuts them`,
            );
          }
        }
      }
      for (const collection of COLLECTIONS) {
        await checkScopedRead(
          collection,
          { tenantId: t, scope: { all: true, repIds: [], teamIds: [] } },
          unscoped.get(`${collection} all time`) as Row[],
          allDeals,
          `a tenant-wide scope reads every ${collection} row`,
        );
      }
      const other = ctx.tenant('scope-empty-other');
      await ctx.seed(other, { teams: [{ id: teamIds[0] as string, name: 'Other tenant' }] });
      const { rows } = await readPages(ctx.storage(), 'teams', {
        tenantId: other,
        scope: { all: false, repIds, teamIds },
      });
      same(
        rows.map((r) => r.name),
        ['Other tenant'],
        'a scope never reaches into another tenant',
      );
    },
    Math.max(timeout, 120_000),
  );

  it(
    'scoped reads: a scope of thousands of ids reads the same as its real ids alone',
    async () => {
      if (ctx.storage().capabilities.scopedReads !== true) return;
      const { t, repIds, teamIds, unscoped, allDeals } = await prepare('scope-large', 13);
      const random = new SeededRandom(7);
      const decoys = (label: string, n: number) => Array.from({ length: n }, (_, i) => `decoy-${label}-${i}`);
      for (let draw = 0; draw < 4; draw++) {
        const small = randomScope(random, repIds, teamIds);
        if (small.all) continue;
        const large: ReadScope = {
          all: false,
          repIds: [...decoys('rep', 2500), ...nearMisses(repIds), ...small.repIds, ...decoys('person', 2500)],
          teamIds: [...decoys('team', 1500), ...nearMisses(teamIds), ...small.teamIds],
        };
        for (const collection of FILTERED) {
          const rows = unscoped.get(`${collection} all time`) as Row[];
          const want = byContent(expected(collection, rows, small, allDeals));
          const pageSize = random.pick([3, 1000]);
          await checkScopedRead(
            collection,
            { tenantId: t, pageSize, scope: large },
            rows,
            allDeals,
            `scoped read of ${collection} with ${large.repIds.length + large.teamIds.length} ids`,
          );
          const { rows: got } = await readPages(ctx.storage(), collection, { tenantId: t, scope: large });
          same(byContent(got), want, `${collection}: thousands of decoy ids must change nothing`);
        }
      }
      // Every person and team of the tenant among thousands of others: everything about people is shown.
      const everyone: ReadScope = {
        all: false,
        repIds: [...decoys('r', 20_000), ...repIds],
        teamIds: [...decoys('t', 20_000), ...teamIds],
      };
      const { rows: deals } = await readPages(ctx.storage(), 'deals', { tenantId: t, scope: everyone });
      check(
        deals.length === allDeals.length,
        `40,000 ids listing everyone show all ${allDeals.length} deals`,
      );
    },
    Math.max(timeout, 120_000),
  );

  it(
    'scoped reads: hostile ids in a scope match byte for byte (quotes, SQL, case, trailing spaces, emoji)',
    async () => {
      const storage = ctx.storage();
      if (storage.capabilities.scopedReads !== true) return;
      const t = ctx.tenant('scope-hostile');
      const texts: string[] = [...HOSTILE];
      if (storage.capabilities.nulInText) texts.push(NUL_TEXT);
      const ids = texts.filter((s) => s.length <= 100);
      await ctx.seed(t, {
        teams: ids.map((id) => ({ id, name: `team ${id}` })),
        reps: ids.map((id, i) => ({ id, name: `rep ${i}`, teamId: id, hireDate: '2024-01-01' })),
      });
      await storage.writeResults(
        t,
        ids.map((id, i) => ({
          kind: 'statement',
          key: `k${i}`,
          periodKey: '2024-09',
          subjectId: id,
          payload: {},
        })),
      );
      const teams = (await readPages(storage, 'teams', { tenantId: t })).rows;
      const reps = (await readPages(storage, 'reps', { tenantId: t })).rows;
      const results = (await readPages(storage, 'results', { tenantId: t })).rows;
      const random = new SeededRandom(99);
      for (let draw = 0; draw < 6; draw++) {
        const scope: ReadScope = {
          all: false,
          repIds: ids.filter(() => random.chance(0.4)),
          teamIds: ids.filter(() => random.chance(0.4)),
        };
        await checkScopedRead(
          'teams',
          { tenantId: t, scope },
          teams,
          [],
          `teams with hostile ids, draw ${draw}`,
        );
        await checkScopedRead(
          'reps',
          { tenantId: t, scope },
          reps,
          [],
          `reps with hostile ids, draw ${draw}`,
        );
        await checkScopedRead(
          'results',
          { tenantId: t, scope, pageSize: 2 },
          results,
          [],
          `results, draw ${draw}`,
        );
      }
      const one = ids.find((id) => id === 'trailing') as string;
      const { rows } = await readPages(storage, 'teams', {
        tenantId: t,
        scope: { all: false, repIds: [], teamIds: [one, "'; DROP TABLE deals; --"] },
      });
      same(
        rows.map((r) => r.id).sort(),
        ["'; DROP TABLE deals; --", 'trailing'],
        'a scope of "trailing" shows "trailing", not "trailing "',
      );
    },
    timeout,
  );
}
