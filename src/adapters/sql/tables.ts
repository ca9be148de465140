// The tables of the SQL adapters: columns, keys, the migrations that create them, and the mapping of
// each row to and from its model (through zod, so a corrupt row names its table and key).
import type { z } from 'zod';
import { ErrorCode, OpenSpmError } from '../../errors';
import type { Money } from '../../money/index';
import {
  DocumentSchema,
  ResultSchema,
  type StorageCollection,
  type StoredDocument,
  type StoredResult,
  type StoredTarget,
  TargetSchema,
} from '../../storage/index';
import { CRM_SCHEMAS, corruptRow, dateMs, mapRow } from '../shared';
import type { ColumnType, SqlDialect, SqlParam, SqlRow } from './dialect';

export interface Column {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

export interface TableSpec {
  /** Table name without the prefix. */
  name: string;
  columns: readonly Column[];
  /** Primary key after tenant_id. */
  key: readonly string[];
  /** Keyset order of reads (unique, after tenant_id). */
  order: readonly string[];
  indexes?: readonly (readonly string[])[];
}

const c = (name: string, type: ColumnType, nullable = false): Column => ({ name, type, nullable });
const custom = c('custom_json', 'json', true);

/** Scorecards and plans are both versioned JSON documents with an effective date range: one layout. */
const documentTable = (name: string): TableSpec => ({
  name,
  columns: [
    c('id', 'id'),
    c('version', 'int'),
    c('name', 'text'),
    c('effective_from', 'text'),
    c('effective_to', 'text', true),
    c('from_ms', 'ms'),
    c('to_ms', 'ms', true),
    c('body_json', 'json'),
  ],
  key: ['id'],
  order: ['id'],
});

export const TABLES: Record<Exclude<StorageCollection, never>, TableSpec> = {
  pipelines: {
    name: 'pipelines',
    columns: [c('id', 'id'), c('name', 'text'), c('currency', 'text', true), c('stages_json', 'json')],
    key: ['id'],
    order: ['id'],
  },
  deals: {
    name: 'deals',
    columns: [
      c('id', 'id'),
      c('pipeline_id', 'id'),
      c('owner_id', 'id'),
      c('team_id', 'id', true),
      c('account_id', 'id', true),
      c('source', 'text', true),
      c('product', 'text', true),
      c('amount', 'amount'),
      c('currency', 'text'),
      c('created_ms', 'ms'),
      c('expected_close_ms', 'ms', true),
      c('stage_id', 'id'),
      c('closed_ms', 'ms', true),
      c('lost_reason', 'text', true),
      custom,
    ],
    key: ['id'],
    order: ['id'],
  },
  stageChanges: {
    name: 'stage_changes',
    columns: [
      c('deal_id', 'id'),
      c('seq', 'int'),
      c('from_stage_id', 'id', true),
      c('to_stage_id', 'id'),
      c('at_ms', 'ms'),
      c('actor_id', 'id', true),
    ],
    key: ['deal_id', 'seq'],
    order: ['at_ms', 'deal_id', 'seq'],
    indexes: [['at_ms', 'deal_id', 'seq']],
  },
  activities: {
    name: 'activities',
    columns: [
      c('id', 'id'),
      c('type', 'text'),
      c('rep_id', 'id'),
      c('deal_id', 'id', true),
      c('account_id', 'id', true),
      c('at_ms', 'ms'),
      c('duration_minutes', 'real', true),
      c('outcome', 'text', true),
      c('quality', 'bool', true),
      custom,
    ],
    key: ['id'],
    order: ['at_ms', 'id'],
    indexes: [['at_ms', 'id']],
  },
  payments: {
    name: 'payments',
    columns: [
      c('id', 'id'),
      c('deal_id', 'id'),
      c('amount', 'amount'),
      c('currency', 'text'),
      c('at_ms', 'ms'),
    ],
    key: ['id'],
    order: ['at_ms', 'id'],
    indexes: [['at_ms', 'id']],
  },
  accounts: {
    name: 'accounts',
    columns: [
      c('id', 'id'),
      c('name', 'text'),
      c('grade', 'text', true),
      c('owner_id', 'id', true),
      c('region', 'text', true),
      c('industry', 'text', true),
      custom,
    ],
    key: ['id'],
    order: ['id'],
  },
  reps: {
    name: 'reps',
    columns: [
      c('id', 'id'),
      c('name', 'text'),
      c('team_id', 'id'),
      c('hire_ms', 'ms'),
      c('end_ms', 'ms', true),
      c('role', 'text'),
    ],
    key: ['id'],
    order: ['id'],
  },
  teams: {
    name: 'teams',
    columns: [c('id', 'id'), c('name', 'text'), c('parent_id', 'id', true), c('manager_id', 'id', true)],
    key: ['id'],
    order: ['id'],
  },
  targets: {
    name: 'targets',
    columns: [
      c('id', 'id'),
      c('version', 'int'),
      c('period_kind', 'text'),
      c('period_key', 'text'),
      c('period_start', 'text'),
      c('period_end', 'text'),
      c('period_partial', 'bool', true),
      c('start_ms', 'ms'),
      c('end_ms', 'ms'),
      c('scope_type', 'text'),
      c('scope_id', 'id', true),
      c('metric', 'text'),
      c('amount', 'amount'),
      c('currency', 'text'),
      c('details_json', 'json', true),
    ],
    key: ['id'],
    order: ['id'],
  },
  scorecards: documentTable('scorecards'),
  plans: documentTable('plans'),
  results: {
    name: 'results',
    columns: [
      c('kind', 'id'),
      c('result_key', 'id'),
      c('period_key', 'text'),
      c('subject_id', 'id', true),
      c('amount', 'amount', true),
      c('currency', 'text', true),
      c('payload_json', 'json'),
    ],
    key: ['kind', 'result_key'],
    order: ['kind', 'result_key'],
    indexes: [['period_key', 'kind']],
  },
};

/**
 * A versioned schema change: what `migrate()` runs, in order, once. Read the statements to run them
 * with your own migration tool instead.
 */
export interface Migration {
  /** Increasing from 1. */
  version: number;
  /** What it does. */
  name: string;
  /** The SQL statements, in order. */
  statements: string[];
}

/** The longest table prefix MySQL and MariaDB take: 64 characters for a name, less the longest suffix (34). */
const MYSQL_PREFIX_MAX = 30;

export function migrationsFor(dialect: SqlDialect, prefix: string): Migration[] {
  // Migration 1's longest name, <prefix>stage_changes_by_at_ms_deal_id_seq, is the prefix + 34 characters:
  // MySQL refuses names over 64 characters (PostgreSQL cuts at 63, and the cut names stay distinct).
  if (dialect.name === 'mysql' && prefix.length > MYSQL_PREFIX_MAX) {
    throw new OpenSpmError(
      ErrorCode.INVALID_INPUT,
      `tablePrefix: at most ${MYSQL_PREFIX_MAX} characters on MySQL and MariaDB, which refuse index names over 64 characters (the longest is the prefix + "stage_changes_by_at_ms_deal_id_seq"); got ${prefix.length} characters in ${JSON.stringify(prefix)}`,
      { path: ['tablePrefix'] },
    );
  }
  const statements: string[] = [];
  for (const spec of Object.values(TABLES)) {
    const table = `${prefix}${spec.name}`;
    // MySQL keys are at most 3072 bytes: the results key holds 500 characters (2000 bytes of UTF-8), so
    // its kind (at most 64 ASCII characters) is narrower, and the indexed period key is bounded too.
    const mysqlResults: Record<string, string> = {
      kind: 'VARBINARY(64)',
      result_key: 'VARBINARY(2000)',
      period_key: 'VARBINARY(764)',
    };
    const type = (col: Column) =>
      (dialect.name === 'mysql' && spec.name === 'results' && mysqlResults[col.name]) ||
      dialect.types[col.type];
    const cols = [
      `tenant_id ${dialect.types.id} NOT NULL`,
      ...spec.columns.map((col) => `${col.name} ${type(col)}${col.nullable ? '' : ' NOT NULL'}`),
      `PRIMARY KEY (tenant_id, ${spec.key.join(', ')})`,
    ];
    statements.push(`CREATE TABLE ${table} (\n  ${cols.join(',\n  ')}\n)${dialect.tableOptions}`);
    for (const index of spec.indexes ?? []) {
      statements.push(
        `CREATE INDEX ${table}_by_${index.join('_')} ON ${table} (tenant_id, ${index.join(', ')})`,
      );
    }
  }
  return [
    { version: 1, name: 'create the openspm tables', statements },
    {
      version: 2,
      name: 'index the columns scoped reads filter on',
      statements: SCOPE_INDEXES.map(({ table, name, columns }) => {
        const t = `${prefix}${TABLES[table].name}`;
        // MySQL 8 has no CREATE INDEX IF NOT EXISTS (MariaDB has): the migrations table guards re-runs,
        // and `migrate()` takes an index that already exists as created (see storage.ts).
        const ifNotExists = dialect.name === 'mysql' ? '' : 'IF NOT EXISTS ';
        return `CREATE INDEX ${ifNotExists}${t}_${name} ON ${t} (tenant_id, ${columns.join(', ')})`;
      }),
    },
  ];
}

/**
 * Migration 2: one index per column a scoped read filters on (see `scopeSql` in storage.ts), led by
 * tenant_id like every read, and ending with the columns of the read's keyset order where they fit, so the
 * database finds a scope's rows by index instead of walking the whole tenant. Columns the primary key
 * already leads with are not indexed again: stage changes by deal_id (key tenant_id, deal_id, seq), people
 * and teams by id. Every column here is an id, an instant or a bounded binary key on MySQL, so no index
 * needs a prefix length, and the widest (results, 2,356 bytes) stays under InnoDB's 3,072-byte limit.
 * Names stay short (at most 31 + 18 characters), under PostgreSQL's 63 and MySQL's 64.
 */
const SCOPE_INDEXES: readonly { table: StorageCollection; name: string; columns: readonly string[] }[] = [
  // Deals by owner or by the team credited on the deal, and the deal subquery of stage changes/payments.
  { table: 'deals', name: 'by_owner', columns: ['owner_id', 'id'] },
  { table: 'deals', name: 'by_team', columns: ['team_id', 'id'] },
  { table: 'activities', name: 'by_rep', columns: ['rep_id', 'at_ms', 'id'] },
  { table: 'payments', name: 'by_deal', columns: ['deal_id', 'at_ms', 'id'] },
  { table: 'accounts', name: 'by_owner', columns: ['owner_id', 'id'] },
  { table: 'targets', name: 'by_scope', columns: ['scope_id', 'id'] },
  // MySQL: 764 + 764 + 64 + 764 bytes (kind and period_key are narrower VARBINARY there).
  { table: 'results', name: 'by_subject', columns: ['subject_id', 'kind', 'period_key'] },
];

// ---- rows to models and back ----

type Mapper = {
  toRow(record: unknown, seq?: number): SqlParam[];
  fromRow(row: SqlRow, table: string): unknown;
};

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
const msOf = (d: Date | undefined): number | null => (d ? d.getTime() : null);
const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const money = (m: Money) => [m.amount.toFixed(), m.currency];
const amountIn = (row: SqlRow) => ({ amount: str(row.amount), currency: str(row.currency) });

function parseJson(value: unknown, table: string, key: Record<string, unknown>, column: string): unknown {
  if (value === null || value === undefined) return null;
  try {
    return JSON.parse(String(value));
  } catch (error) {
    throw corruptRow(table, key, `${column} is not valid JSON`, error);
  }
}

const S = CRM_SCHEMAS;

function crm<T>(
  schema: z.ZodType<T>,
  keyOf: (row: SqlRow) => Record<string, unknown>,
  input: (row: SqlRow, k: Record<string, unknown>, table: string) => unknown,
) {
  return (row: SqlRow, table: string) => {
    const k = keyOf(row);
    return mapRow(schema, input(row, k, table), table, k);
  };
}

const byId = (row: SqlRow) => ({ tenant_id: row.tenant_id, id: row.id });

export const MAPPERS: Record<StorageCollection, Mapper> = {
  pipelines: {
    toRow: (r) => {
      const p = r as z.output<typeof S.pipelines>;
      return [p.id, p.name, p.currency ?? null, JSON.stringify(p.stages)];
    },
    fromRow: crm(S.pipelines as z.ZodType, byId, (row, k, t) => ({
      id: row.id,
      name: row.name,
      currency: row.currency,
      stages: parseJson(row.stages_json, t, k, 'stages_json'),
    })),
  },
  deals: {
    toRow: (r) => {
      const d = r as z.output<typeof S.deals>;
      return [
        d.id,
        d.pipelineId,
        d.ownerId,
        d.teamId ?? null,
        d.accountId ?? null,
        d.source ?? null,
        d.product ?? null,
        ...money(d.amount),
        d.createdAt.getTime(),
        msOf(d.expectedCloseDate),
        d.stageId,
        msOf(d.closedAt),
        d.lostReason ?? null,
        json(d.custom),
      ];
    },
    fromRow: crm(S.deals as z.ZodType, byId, (row, k, t) => ({
      id: row.id,
      pipelineId: row.pipeline_id,
      ownerId: row.owner_id,
      teamId: row.team_id,
      accountId: row.account_id,
      source: row.source,
      product: row.product,
      amount: amountIn(row),
      createdAt: date(row.created_ms),
      expectedCloseDate: date(row.expected_close_ms),
      stageId: row.stage_id,
      closedAt: date(row.closed_ms),
      lostReason: row.lost_reason,
      custom: parseJson(row.custom_json, t, k, 'custom_json'),
    })),
  },
  stageChanges: {
    toRow: (r, seq) => {
      const s = r as z.output<typeof S.stageChanges>;
      return [s.dealId, seq ?? 0, s.fromStageId, s.toStageId, s.at.getTime(), s.actorId ?? null];
    },
    fromRow: crm(
      S.stageChanges as z.ZodType,
      (row) => ({ tenant_id: row.tenant_id, deal_id: row.deal_id, seq: num(row.seq) }),
      (row) => ({
        dealId: row.deal_id,
        fromStageId: row.from_stage_id,
        toStageId: row.to_stage_id,
        at: date(row.at_ms),
        actorId: row.actor_id,
      }),
    ),
  },
  activities: {
    toRow: (r) => {
      const a = r as z.output<typeof S.activities>;
      return [
        a.id,
        a.type,
        a.repId,
        a.dealId ?? null,
        a.accountId ?? null,
        a.at.getTime(),
        a.durationMinutes ?? null,
        a.outcome ?? null,
        a.quality === undefined ? null : a.quality ? 1 : 0,
        json(a.custom),
      ];
    },
    fromRow: crm(S.activities as z.ZodType, byId, (row, k, t) => ({
      id: row.id,
      type: row.type,
      repId: row.rep_id,
      dealId: row.deal_id,
      accountId: row.account_id,
      at: date(row.at_ms),
      durationMinutes: num(row.duration_minutes),
      outcome: row.outcome,
      quality: row.quality === null || row.quality === undefined ? null : Number(row.quality) === 1,
      custom: parseJson(row.custom_json, t, k, 'custom_json'),
    })),
  },
  payments: {
    toRow: (r) => {
      const p = r as z.output<typeof S.payments>;
      return [p.id, p.dealId, ...money(p.amount), p.at.getTime()];
    },
    fromRow: crm(S.payments as z.ZodType, byId, (row) => ({
      id: row.id,
      dealId: row.deal_id,
      amount: amountIn(row),
      at: date(row.at_ms),
    })),
  },
  accounts: {
    toRow: (r) => {
      const a = r as z.output<typeof S.accounts>;
      return [
        a.id,
        a.name,
        a.grade ?? null,
        a.ownerId ?? null,
        a.region ?? null,
        a.industry ?? null,
        json(a.custom),
      ];
    },
    fromRow: crm(S.accounts as z.ZodType, byId, (row, k, t) => ({
      id: row.id,
      name: row.name,
      grade: row.grade,
      ownerId: row.owner_id,
      region: row.region,
      industry: row.industry,
      custom: parseJson(row.custom_json, t, k, 'custom_json'),
    })),
  },
  reps: {
    toRow: (r) => {
      const p = r as z.output<typeof S.reps>;
      return [p.id, p.name, p.teamId, p.hireDate.getTime(), msOf(p.endDate), p.role];
    },
    fromRow: crm(S.reps as z.ZodType, byId, (row) => ({
      id: row.id,
      name: row.name,
      teamId: row.team_id,
      hireDate: date(row.hire_ms),
      endDate: date(row.end_ms),
      role: row.role,
    })),
  },
  teams: {
    toRow: (r) => {
      const t = r as z.output<typeof S.teams>;
      return [t.id, t.name, t.parentId ?? null, t.managerId ?? null];
    },
    fromRow: crm(S.teams as z.ZodType, byId, (row) => ({
      id: row.id,
      name: row.name,
      parentId: row.parent_id,
      managerId: row.manager_id,
    })),
  },
  targets: {
    toRow: (r, version) => {
      const t = r as z.output<typeof TargetSchema>;
      return [
        t.id,
        version ?? 1,
        t.period.kind,
        t.period.key,
        t.period.start,
        t.period.end,
        t.period.partial === undefined ? null : t.period.partial ? 1 : 0,
        dateMs(t.period.start),
        dateMs(t.period.end),
        t.scope.type,
        t.scope.id ?? null,
        t.metric,
        ...money(t.amount),
        json(t.details),
      ];
    },
    fromRow: (row, table): StoredTarget => {
      const k = byId(row);
      const parsed = mapRow(
        TargetSchema,
        {
          id: row.id,
          period: {
            kind: row.period_kind,
            key: row.period_key,
            start: row.period_start,
            end: row.period_end,
            ...(row.period_partial === null || row.period_partial === undefined
              ? {}
              : { partial: Number(row.period_partial) === 1 }),
          },
          scope:
            row.scope_id === null ? { type: row.scope_type } : { type: row.scope_type, id: row.scope_id },
          metric: row.metric,
          amount: amountIn(row),
          ...(row.details_json === null
            ? {}
            : { details: parseJson(row.details_json, table, k, 'details_json') }),
        },
        table,
        k,
      );
      return { ...parsed, version: version(row, table) } as StoredTarget;
    },
  },
  scorecards: documentMapper(),
  plans: documentMapper(),
  results: {
    toRow: (r) => {
      const x = r as StoredResult;
      return [
        x.kind,
        x.key,
        x.periodKey,
        x.subjectId ?? null,
        x.amount ? x.amount.amount.toFixed() : null,
        x.amount ? x.amount.currency : null,
        JSON.stringify(x.payload),
      ];
    },
    fromRow: (row, table): StoredResult => {
      const k = { tenant_id: row.tenant_id, kind: row.kind, result_key: row.result_key };
      const payload = parseJson(row.payload_json, table, k, 'payload_json');
      return mapRow(
        RESULT_ROW,
        {
          kind: row.kind,
          key: row.result_key,
          periodKey: row.period_key,
          ...(row.subject_id === null ? {} : { subjectId: row.subject_id }),
          ...(row.amount === null ? {} : { amount: amountIn(row) }),
          payload,
        },
        table,
        k,
      ) as StoredResult;
    },
  },
};

const RESULT_ROW = ResultSchema as z.ZodType;

function version(row: SqlRow, table: string): number {
  const v = Number(row.version);
  if (!Number.isSafeInteger(v) || v < 1)
    throw corruptRow(table, byId(row), `version ${String(row.version)} is not a whole number >= 1`);
  return v;
}

function documentMapper(): Mapper {
  return {
    toRow: (r, v) => {
      const d = r as z.output<typeof DocumentSchema>;
      return [
        d.id,
        v ?? 1,
        d.name,
        d.effectiveFrom,
        d.effectiveTo ?? null,
        dateMs(d.effectiveFrom),
        d.effectiveTo === undefined ? null : dateMs(d.effectiveTo),
        JSON.stringify(d.body),
      ];
    },
    fromRow: (row, table): StoredDocument => {
      const k = byId(row);
      const parsed = mapRow(
        DocumentSchema,
        {
          id: row.id,
          name: row.name,
          effectiveFrom: row.effective_from,
          ...(row.effective_to === null ? {} : { effectiveTo: row.effective_to }),
          body: parseJson(row.body_json, table, k, 'body_json'),
        },
        table,
        k,
      );
      return { ...parsed, version: version(row, table) } as StoredDocument;
    },
  };
}
