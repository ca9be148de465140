// docs/adapters.md, runnable: a CRM with its own table layout writes its own storage adapter.
//
// The CRM keeps deals in `crm_opportunity` with Chinese-CRM-style columns: amounts in fen (integer minor
// units), and the stage history as one date column per stage (lead_at, qualified_at, proposal_at, won_at,
// lost_at) instead of a stage-change table. The adapter maps those rows onto the port's models, streaming
// them in pages with keyset queries, and leaves what openspm writes (targets, plans, scorecards, results)
// to openspm's own SQLite tables in the same database. sql.js stands in for the CRM's database here; with
// PostgreSQL or MySQL only the driver calls change.
import {
  DealSchema,
  Money,
  OpenSpmError,
  PaymentSchema,
  type Pipeline,
  PipelineSchema,
  type ReadQuery,
  RepSchema,
  runPeriodClose,
  type StageChange,
  type StorageAdapter,
  type StorageCollection,
  type StorageRecords,
  TeamSchema,
} from 'openspm';
import { createSqliteStorage } from 'openspm/adapters/sqlite';
import initSqlJs from 'sql.js';

type Db = InstanceType<Awaited<ReturnType<typeof initSqlJs>>['Database']>;
type Row = Record<string, string | number | null>;

// The CRM's stage columns, in pipeline order, and the one pipeline they make.
const STAGE_COLUMNS = [
  { column: 'lead_at', stage: 'lead' },
  { column: 'qualified_at', stage: 'qualified' },
  { column: 'proposal_at', stage: 'proposal' },
  { column: 'won_at', stage: 'won' },
  { column: 'lost_at', stage: 'lost' },
] as const;

const PIPELINE: Pipeline = PipelineSchema.parse({
  id: 'default',
  name: '销售漏斗',
  currency: 'CNY',
  stages: [
    { id: 'lead', name: '线索', order: 0, kind: 'open', probability: 0.1 },
    { id: 'qualified', name: '需求确认', order: 1, kind: 'open', probability: 0.3 },
    { id: 'proposal', name: '方案报价', order: 2, kind: 'open', probability: 0.6 },
    { id: 'won', name: '赢单', order: 3, kind: 'won' },
    { id: 'lost', name: '输单', order: 4, kind: 'lost' },
  ],
});

/** Rows of one parameterised query (values are bound, never spliced into the SQL). */
function query(db: Db, sql: string, params: (string | number | null)[]): Row[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject() as Row);
    return rows;
  } finally {
    statement.free();
  }
}

/** Pages of a table by keyset on `key` (never OFFSET, never the whole table). */
async function* pages(db: Db, table: string, key: string, tenantId: string, pageSize: number) {
  let after = '';
  for (;;) {
    const rows = query(db, `SELECT * FROM ${table} WHERE org_id = ? AND ${key} > ? ORDER BY ${key} LIMIT ?`, [
      tenantId,
      after,
      pageSize,
    ]);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    after = String(rows[rows.length - 1]?.[key]);
  }
}

const instant = (text: string | number | null | undefined) =>
  text === null || text === undefined ? null : new Date(String(text));

/** One opportunity row → a Deal (validated: a bad row throws, naming the table and key). */
function toDeal(row: Row) {
  const reached = STAGE_COLUMNS.filter((s) => row[s.column] !== null);
  const closed = row.won_at ?? row.lost_at;
  const parsed = DealSchema.safeParse({
    id: row.opp_no,
    pipelineId: PIPELINE.id,
    ownerId: row.owner_code,
    amount: Money.fromMinor(Number(row.amount_fen), 'CNY'),
    createdAt: instant(row.created_on),
    stageId: reached.at(-1)?.stage ?? 'lead',
    closedAt: instant(closed),
    custom: { title: row.title },
  });
  if (!parsed.success) {
    throw new Error(`crm_opportunity ${row.opp_no}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  }
  return parsed.data;
}

/** The per-stage date columns → the deal's stage changes, in time order. */
function toStageChanges(row: Row): StageChange[] {
  const reached = STAGE_COLUMNS.filter((s) => row[s.column] !== null).sort(
    (a, b) => Date.parse(String(row[a.column])) - Date.parse(String(row[b.column])),
  );
  return reached.map((s, i) => ({
    dealId: String(row.opp_no),
    fromStageId: i === 0 ? null : (reached[i - 1]?.stage ?? null),
    toStageId: s.stage,
    at: new Date(String(row[s.column])),
  }));
}

/** The adapter: the CRM's tables for the CRM collections, openspm's own tables for the rest. */
export function createCrmStorage(db: Db): StorageAdapter {
  const own = createSqliteStorage(db, { tablePrefix: 'spm_' });
  async function* read(collection: StorageCollection, q: ReadQuery): AsyncIterable<unknown[]> {
    const from = q.from?.getTime() ?? Number.NEGATIVE_INFINITY;
    const to = q.to?.getTime() ?? Number.POSITIVE_INFINITY;
    const size = q.pageSize ?? 1000;
    if (q.scope && !q.scope.all) {
      throw new OpenSpmError('NOT_SUPPORTED', 'this adapter does not filter reads by scope', {
        path: ['scope'],
      });
    }
    const inRange = (d: Date | null | undefined) =>
      d !== null && d !== undefined && d.getTime() >= from && d.getTime() < to;
    switch (collection) {
      case 'pipelines':
        yield [PIPELINE];
        return;
      case 'deals':
        for await (const rows of pages(db, 'crm_opportunity', 'opp_no', q.tenantId, size)) {
          const deals = rows
            .map(toDeal)
            .filter((d) => d.createdAt.getTime() < to && (!d.closedAt || d.closedAt.getTime() >= from));
          if (deals.length) yield deals;
        }
        return;
      case 'stageChanges':
        for await (const rows of pages(db, 'crm_opportunity', 'opp_no', q.tenantId, size)) {
          const changes = rows.flatMap(toStageChanges).filter((c) => inRange(c.at));
          if (changes.length) yield changes;
        }
        return;
      case 'payments':
        for await (const rows of pages(db, 'crm_receipt', 'receipt_no', q.tenantId, size)) {
          const payments = rows
            .map((r) =>
              PaymentSchema.parse({
                id: r.receipt_no,
                dealId: r.opp_no,
                amount: Money.fromMinor(Number(r.amount_fen), 'CNY'),
                at: r.received_at,
              }),
            )
            .filter((p) => inRange(p.at));
          if (payments.length) yield payments;
        }
        return;
      case 'reps':
        for await (const rows of pages(db, 'crm_staff', 'staff_code', q.tenantId, size)) {
          yield rows.map((r) =>
            RepSchema.parse({
              id: r.staff_code,
              name: r.full_name,
              teamId: r.dept_code,
              hireDate: r.joined_on,
              endDate: r.left_on,
            }),
          );
        }
        return;
      case 'teams':
        for await (const rows of pages(db, 'crm_dept', 'dept_code', q.tenantId, size)) {
          yield rows.map((r) =>
            TeamSchema.parse({ id: r.dept_code, name: r.dept_name, parentId: r.parent_code }),
          );
        }
        return;
      case 'activities':
      case 'accounts':
        return; // this CRM keeps none
      default:
        yield* own.read(collection, q);
    }
  }
  return {
    // Its CRM tables are read without a scope filter: it must not claim scopedReads from its own tables.
    capabilities: { ...own.capabilities, adapter: 'acme-crm', load: false, scopedReads: false },
    read: read as <K extends StorageCollection>(
      collection: K,
      q: ReadQuery,
    ) => AsyncIterable<StorageRecords[K][]>,
    get: (collection, tenantId, id) => own.get(collection, tenantId, id),
    save: (collection, tenantId, record, expectedVersion) =>
      own.save(collection, tenantId, record, expectedVersion),
    writeResults: (tenantId, results, options) => own.writeResults(tenantId, results, options),
  };
}

// ---- the CRM's database, as it exists before openspm arrives ----
const SQL = await initSqlJs();
const db = new SQL.Database();
db.run(`
  CREATE TABLE crm_dept (org_id TEXT, dept_code TEXT, dept_name TEXT, parent_code TEXT, PRIMARY KEY (org_id, dept_code));
  CREATE TABLE crm_staff (org_id TEXT, staff_code TEXT, full_name TEXT, dept_code TEXT, joined_on TEXT, left_on TEXT,
    PRIMARY KEY (org_id, staff_code));
  CREATE TABLE crm_opportunity (org_id TEXT, opp_no TEXT, title TEXT, owner_code TEXT, amount_fen INTEGER,
    created_on TEXT, lead_at TEXT, qualified_at TEXT, proposal_at TEXT, won_at TEXT, lost_at TEXT,
    PRIMARY KEY (org_id, opp_no));
  CREATE TABLE crm_receipt (org_id TEXT, receipt_no TEXT, opp_no TEXT, amount_fen INTEGER, received_at TEXT,
    PRIMARY KEY (org_id, receipt_no));
`);
const insert = (table: string, rows: (string | number | null)[][]) => {
  for (const row of rows) db.run(`INSERT INTO ${table} VALUES (${row.map(() => '?').join(', ')})`, row);
};
insert('crm_dept', [['acme', 'D01', '华东大区', null]]);
insert('crm_staff', [
  ['acme', 'S001', '王芳', 'D01', '2022-03-01', null],
  ['acme', 'S002', '李强', 'D01', '2024-08-15', null],
]);
insert('crm_opportunity', [
  [
    'acme',
    'OPP-1',
    'ERP 升级',
    'S001',
    12000000,
    '2024-06-03',
    '2024-06-03',
    '2024-06-20',
    '2024-07-10',
    '2024-08-30T10:00:00+08:00',
    null,
  ],
  ['acme', 'OPP-2', 'CRM 年费', 'S002', 4800000, '2024-08-20', '2024-08-20', '2024-09-02', null, null, null],
  [
    'acme',
    'OPP-3',
    '数据平台',
    'S001',
    9950050,
    '2024-05-11',
    '2024-05-11',
    '2024-05-30',
    '2024-06-15',
    null,
    '2024-07-22',
  ],
  [
    'acme',
    'OPP-4',
    '培训服务',
    'S002',
    650000,
    '2024-09-01',
    '2024-09-01',
    '2024-09-05',
    '2024-09-12',
    '2024-09-29',
    null,
  ],
]);
insert('crm_receipt', [
  ['acme', 'R-1', 'OPP-1', 6000000, '2024-09-15'],
  ['acme', 'R-2', 'OPP-4', 650000, '2024-09-30'],
]);

// ---- openspm on top of it ----
const storage = createCrmStorage(db);
await createSqliteStorage(db, { tablePrefix: 'spm_' }).migrate(); // openspm's own tables, once
const close = await runPeriodClose(storage, {
  tenantId: 'acme',
  period: 'FY2024-Q3',
  asOf: '2024-10-08',
  calendar: { zone: 'Asia/Shanghai' },
});
for (const step of close.steps) console.log(`${step.name}: ${JSON.stringify(step.summary)}`);
console.log(`written: ${JSON.stringify(close.write)}`);
const history: StageChange[] = [];
for await (const page of storage.read('stageChanges', { tenantId: 'acme' })) history.push(...page);
console.log(
  'OPP-3 history from its stage date columns:',
  history
    .filter((c) => c.dealId === 'OPP-3')
    .map((c) => c.toStageId)
    .join(' → '),
);
