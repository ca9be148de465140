// Private helpers for the analytics sheet functions: CRM records (stages, deals, stage changes, activities)
// read from ranges with a header row, one bad row reported as that row while the others are used.
import { dayNumber } from '../../period/index';
import {
  describeCell,
  isEmptyCell,
  readTable,
  type SheetCell,
  type SheetTable,
  type SheetValue,
} from '../cells';
import { cellDate } from '../dates';
import { problem, toSheetError } from '../errors';
import { cellDecimal } from '../numbers';
import type { SheetArgs, SheetContext } from '../registry';

/** The pipeline id every record read from a sheet belongs to: a sheet holds one pipeline. */
export const SHEET_PIPELINE = 'pipeline';

/** Header names accepted for each field (compared with headerKey: case, spaces and underscores ignored). */
export const HEADERS = {
  deal: ['deal', 'dealId', 'deal id', 'opportunity', 'opportunityId', 'id', '商机', '商机编号'],
  stage: ['stage', 'stageId', 'stage name', 'stageName', 'id', 'name', '阶段'],
  stageName: ['name', 'stageName', 'stage name', 'label', '名称'],
  dealStage: [
    'stage',
    'stageName',
    'stageId',
    'stage name',
    'currentStage',
    'current stage',
    '阶段',
    '当前阶段',
  ],
  kind: ['kind', 'type', 'stageKind', 'outcome', 'status', '类型'],
  order: ['order', 'position', 'sort', '顺序'],
  probability: ['probability', 'winProbability', '概率'],
  sla: ['slaDays', 'sla', 'expectedDays'],
  rotting: ['rottingDays', 'rotting'],
  to: ['to', 'toStage', 'toStageId', 'newStage', 'newValue', 'stage', 'stageName', '阶段', '新阶段'],
  from: ['from', 'fromStage', 'fromStageId', 'oldStage', 'oldValue', '原阶段'],
  date: ['date', 'at', 'changedAt', 'changeDate', 'createdDate', 'time', '日期', '时间'],
  owner: ['owner', 'ownerId', 'rep', 'repId', 'salesperson', '负责人', '销售'],
  team: ['team', 'teamId', '团队'],
  account: ['account', 'accountId', 'customer', '客户'],
  amount: ['amount', 'value', 'dealAmount', '金额'],
  currency: ['currency', '币种'],
  created: ['created', 'createdAt', 'createdDate', 'createDate', '创建日期', '创建时间'],
  closed: ['closed', 'closedAt', 'closeDate', 'closedDate', '关闭日期'],
  expected: ['expectedClose', 'expectedCloseDate', 'closeDateExpected', 'forecastClose', '预计成交日期'],
  source: ['source', 'leadSource', '来源'],
  product: ['product', '产品'],
  activityId: ['id', 'activity', 'activityId'],
  activityType: ['type', 'activityType', 'kind', '类型'],
  quality: ['quality', 'highQuality', '有效'],
} as const;

/** A row that could not be read: where it is and why. */
export interface RowProblem {
  readonly where: string;
  readonly error: unknown;
}

/** A table's rows read into records, with the rows that failed kept apart. */
export interface ReadRows<T> {
  readonly records: T[];
  readonly problems: RowProblem[];
}

/** Reads every non-empty data row of a table with `read`; a row whose `read` throws is a problem of that row. */
export function readRows<T>(
  table: SheetTable,
  read: (row: readonly SheetCell[], where: string, index: number) => T | undefined,
): ReadRows<T> {
  const records: T[] = [];
  const problems: RowProblem[] = [];
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    try {
      const record = read(row, where, i);
      if (record !== undefined) records.push(record);
    } catch (error) {
      problems.push({ where, error });
    }
  });
  return { records, problems };
}

/** Result rows for problems: the error in the first cell (it names the row), the rest empty. */
export function problemRows(problems: readonly RowProblem[], width: number): SheetValue[][] {
  return problems.map(({ error, where }) => {
    const cell = toSheetError(error);
    const message = cell.message.startsWith(where) ? cell.message : `${where}: ${cell.message}`;
    return [{ ...cell, message }, ...new Array<SheetValue>(Math.max(0, width - 1)).fill('')];
  });
}

/** A table whose columns are looked up by header; `need` throws #N/A naming what is missing. */
export interface Columns {
  readonly table: SheetTable;
  /** The column for a field, or undefined. */
  get(field: keyof typeof HEADERS): number | undefined;
  /** The column for a field; #N/A naming the field and the headers found when it is missing. */
  need(field: keyof typeof HEADERS, label: string): number;
}

/**
 * Reads a range that must have a header row. `positional` gives the fields of the first columns when the
 * range has no header (`['deal', 'to', 'date']`).
 */
export function columnsOf(
  args: SheetArgs,
  name: string,
  positional: readonly (keyof typeof HEADERS)[] = [],
): Columns {
  const table = readTable(args.range(name), { name });
  const taken = new Map<keyof typeof HEADERS, number | undefined>();
  const get = (field: keyof typeof HEADERS): number | undefined => {
    if (taken.has(field)) return taken.get(field);
    let index: number | undefined;
    if (table.header) index = table.columnIndex(HEADERS[field]);
    else {
      const p = positional.indexOf(field);
      index = p >= 0 && p < table.width ? p : undefined;
    }
    taken.set(field, index);
    return index;
  };
  return {
    table,
    get,
    need(field, label) {
      const index = get(field);
      if (index !== undefined) return index;
      const found = table.header
        ? `its header has ${table.header.map((h) => `"${h}"`).join(', ')}`
        : `it has no header row${positional.length ? ` (then the columns are ${positional.join(', ')})` : ''}`;
      return problem(
        '#N/A',
        `${name}: needs a ${label} column (header ${HEADERS[field]
          .slice(0, 3)
          .map((h) => `"${h}"`)
          .join(' or ')}); ${found}`,
      );
    },
  };
}

/** An id cell: text or a whole number, not empty. */
export function cellId(value: SheetCell, where: string, what: string): string {
  if (isEmptyCell(value)) problem('#VALUE!', `${where}: the ${what} is empty`);
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string') return value.trim();
  return problem(
    '#VALUE!',
    `${where}: expected a ${what} (text or a whole number), got ${describeCell(value)}`,
  );
}

const WALL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date cell as an ISO instant for the analytics modules, which then run in UTC: the cell's day (placed
 * in the host's time zone, as every date function reads it) at midnight UTC, plus the time of day when the
 * cell has one the sheet shows as a wall-clock time (a serial's fraction, `2024-03-15 09:30` text), so two
 * changes on one day keep their order. A date-time with an offset or a `Date` keeps only its day.
 */
export function cellInstant(value: SheetCell, where: string, context: Required<SheetContext>): string {
  const day = cellDate(value, where, context);
  let ms = 0;
  if (typeof value === 'number') {
    ms = Math.round((value - Math.floor(value)) * 86_400) * 1000;
    if (ms >= 86_400_000) ms = 86_399_000;
  } else if (typeof value === 'string') {
    const m = WALL_TIME.exec(value.trim());
    if (m) ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  }
  if (ms === 0) return day;
  return new Date(Date.UTC(1970, 0, 1) + dayNumber(day) * 86_400_000 + ms).toISOString();
}

/** The calendar date of an instant made by {@link cellInstant}. */
export function instantDay(instant: string): string {
  return instant.slice(0, 10);
}

/** A non-negative decimal amount cell as text for `Money`; empty is 0. */
export function cellAmount(value: SheetCell, where: string): string {
  if (isEmptyCell(value)) return '0';
  const d = cellDecimal(value, where);
  if (d.isNegative()) problem('#NUM!', `${where}: an amount cannot be negative, got ${d.toFixed()}`);
  return d.toFixed();
}

/** A stage of the sheet's pipeline. */
export interface SheetStage {
  readonly id: string;
  readonly name: string;
  readonly order: number;
  readonly kind: 'open' | 'won' | 'lost';
  readonly probability?: number;
  readonly slaDays?: number;
  readonly rottingDays?: number;
}

const WON = /^(won|closed ?won|win|赢单|成交|已成交|签约)$/i;
const LOST = /^(lost|closed ?lost|lose|输单|丢单|失败|已丢单)$/i;

function kindOf(value: SheetCell, name: string, where: string): SheetStage['kind'] {
  if (isEmptyCell(value)) return WON.test(name) ? 'won' : LOST.test(name) ? 'lost' : 'open';
  const text = String(value).trim().toLowerCase();
  if (text === 'open' || text === 'won' || text === 'lost') return text;
  if (WON.test(text)) return 'won';
  if (LOST.test(text)) return 'lost';
  return problem('#VALUE!', `${where}: the kind must be "open", "won" or "lost", got ${describeCell(value)}`);
}

function optionalNumber(value: SheetCell, where: string, min: number, max: number): number | undefined {
  if (isEmptyCell(value)) return undefined;
  const d = cellDecimal(value, where);
  if (d.lessThan(min) || d.greaterThan(max)) {
    problem('#NUM!', `${where}: expected a number from ${min} to ${max}, got ${d.toFixed()}`);
  }
  return d.toNumber();
}

/** The stages, in the order of the range (or of an Order column); names are matched case-insensitively. */
export class SheetStages {
  readonly list: SheetStage[];
  private readonly byKey = new Map<string, SheetStage>();

  constructor(list: SheetStage[]) {
    this.list = list;
    for (const s of list) {
      this.byKey.set(s.id.toLowerCase(), s);
      if (!this.byKey.has(s.name.toLowerCase())) this.byKey.set(s.name.toLowerCase(), s);
    }
  }

  /** The stage a cell names; a row problem naming the stages when it is not one of them. */
  find(value: SheetCell, where: string): SheetStage {
    const key = cellId(value, where, 'stage');
    const stage = this.byKey.get(key.toLowerCase());
    if (stage) return stage;
    const names = this.list.map((s) => s.name);
    return problem(
      '#N/A',
      `${where}: stage "${key}" is not in stages (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})`,
    );
  }

  /** The pipeline for the modules. */
  pipeline() {
    return {
      id: SHEET_PIPELINE,
      name: 'Pipeline',
      stages: this.list.map((s) => ({ ...s })),
    };
  }
}

/** Reads the stages range: Stage (id or name), optional Kind, Order, Probability, SLA days, Rotting days. */
export function stagesOf(args: SheetArgs, name = 'stages'): SheetStages {
  const cols = columnsOf(args, name, ['stage', 'kind', 'probability']);
  const stageCol = cols.need('stage', 'Stage');
  // An Id column and a Name column: the id is the stage, and the name matches it too.
  const nameCol = cols.table.header ? cols.get('stageName') : undefined;
  const kindCol = cols.get('kind');
  const orderCol = cols.get('order');
  const list: SheetStage[] = [];
  const seen = new Set<string>();
  const orders = new Set<number>();
  // A bad stage row fails the call: every other figure depends on the stages.
  cols.table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = cols.table.where(i);
    const id = cellId(row[stageCol], where, 'stage');
    if (seen.has(id.toLowerCase())) problem('#VALUE!', `${where}: stage "${id}" is listed twice`);
    seen.add(id.toLowerCase());
    const order =
      orderCol === undefined || isEmptyCell(row[orderCol])
        ? list.length
        : (optionalNumber(row[orderCol], `${where} (order)`, 0, 1_000_000) ?? list.length);
    if (!Number.isInteger(order) || orders.has(order)) {
      problem('#VALUE!', `${where}: order ${order} must be a whole number used by one stage only`);
    }
    orders.add(order);
    const probCol = cols.get('probability');
    const slaCol = cols.get('sla');
    const rotCol = cols.get('rotting');
    const probability =
      probCol === undefined ? undefined : optionalNumber(row[probCol], `${where} (probability)`, 0, 1);
    const slaDays =
      slaCol === undefined ? undefined : optionalNumber(row[slaCol], `${where} (SLA days)`, 0, 36500);
    const rottingDays =
      rotCol === undefined ? undefined : optionalNumber(row[rotCol], `${where} (rotting days)`, 0, 36500);
    const unnamed = nameCol === undefined || nameCol === stageCol || isEmptyCell(row[nameCol]);
    const stageName = unnamed ? id : String(row[nameCol]).trim();
    list.push({
      id,
      name: stageName,
      order,
      kind: kindOf(kindCol === undefined ? undefined : row[kindCol], stageName, `${where} (kind)`),
      ...(probability !== undefined ? { probability } : {}),
      ...(slaDays ? { slaDays } : {}),
      ...(rottingDays ? { rottingDays } : {}),
    });
  });
  if (list.length === 0) problem('#VALUE!', `${name}: no stages given; list the pipeline's stages in order`);
  if (!list.some((s) => s.kind === 'open')) {
    problem(
      '#VALUE!',
      `${name}: no open stage; mark won and lost stages in a Kind column, the others are open`,
    );
  }
  list.sort((a, b) => a.order - b.order);
  return new SheetStages(list);
}

/** A deal as the modules read it (instants as ISO text). */
export interface SheetDeal {
  id: string;
  pipelineId: string;
  ownerId: string;
  teamId?: string;
  accountId?: string;
  source?: string;
  product?: string;
  amount: { amount: string; currency: string };
  createdAt: string;
  expectedCloseDate?: string;
  stageId: string;
  closedAt?: string;
}

/** The owner given when a deal has none in the sheet. */
export const NO_OWNER = 'unassigned';

function optionalText(row: readonly SheetCell[], col: number | undefined): string | undefined {
  if (col === undefined || isEmptyCell(row[col])) return undefined;
  return String(row[col]).trim();
}

/** Reads the deals range: Deal, Stage, Created, and optionally Owner, Amount, Currency, Closed, Expected close, Team, Account, Source, Product. */
export function dealsOf(
  args: SheetArgs,
  stages: SheetStages,
  currency: string,
  name = 'deals',
): ReadRows<SheetDeal> & { ids: Set<string> } {
  const cols = columnsOf(args, name, ['deal', 'dealStage', 'created', 'owner', 'amount']);
  const dealCol = cols.need('deal', 'Deal');
  const stageCol = cols.need('dealStage', 'Stage');
  const createdCol = cols.need('created', 'Created');
  const c = {
    owner: cols.get('owner'),
    team: cols.get('team'),
    account: cols.get('account'),
    amount: cols.get('amount'),
    currency: cols.get('currency'),
    closed: cols.get('closed'),
    expected: cols.get('expected'),
    source: cols.get('source'),
    product: cols.get('product'),
  };
  const ids = new Set<string>();
  const read = readRows(cols.table, (row, where): SheetDeal => {
    const id = cellId(row[dealCol], where, 'deal id');
    if (ids.has(id)) problem('#VALUE!', `${where}: deal "${id}" is listed twice`);
    const stage = stages.find(row[stageCol], `${where} (stage)`);
    const createdAt = cellInstant(row[createdCol], `${where} (created)`, args.context);
    const closedAt =
      c.closed === undefined || isEmptyCell(row[c.closed])
        ? undefined
        : cellInstant(row[c.closed], `${where} (closed)`, args.context);
    if (closedAt !== undefined && closedAt < createdAt) {
      problem(
        '#VALUE!',
        `${where}: closed ${instantDay(closedAt)} is before created ${instantDay(createdAt)}`,
      );
    }
    const expected =
      c.expected === undefined || isEmptyCell(row[c.expected])
        ? undefined
        : cellInstant(row[c.expected], `${where} (expected close)`, args.context);
    const cur = optionalText(row, c.currency)?.toUpperCase() ?? currency;
    if (!/^[A-Z]{3}$/.test(cur))
      problem('#VALUE!', `${where}: currency must be a code such as CNY, got "${cur}"`);
    if (cur !== currency) {
      problem(
        '#VALUE!',
        `${where}: currency ${cur} differs from ${currency}; every deal must share one currency`,
      );
    }
    const owner =
      c.owner === undefined || isEmptyCell(row[c.owner]) ? NO_OWNER : cellId(row[c.owner], where, 'owner');
    const deal: SheetDeal = {
      id,
      pipelineId: SHEET_PIPELINE,
      ownerId: owner,
      amount: {
        amount: c.amount === undefined ? '0' : cellAmount(row[c.amount], `${where} (amount)`),
        currency: cur,
      },
      createdAt,
      stageId: stage.id,
    };
    const team = optionalText(row, c.team);
    const account = optionalText(row, c.account);
    const source = optionalText(row, c.source);
    const product = optionalText(row, c.product);
    if (team) deal.teamId = team;
    if (account) deal.accountId = account;
    if (source) deal.source = source;
    if (product) deal.product = product;
    if (closedAt) deal.closedAt = closedAt;
    if (expected) deal.expectedCloseDate = expected;
    ids.add(id);
    return deal;
  });
  return { ...read, ids };
}

/** The deals' currency: the first Currency cell, else `XXX` (no currency: amounts are plain numbers). */
export function currencyOf(args: SheetArgs, name = 'deals'): string {
  const cols = columnsOf(args, name, []);
  const col = cols.get('currency');
  if (col === undefined) return 'XXX';
  for (const row of cols.table.rows) {
    if (!isEmptyCell(row[col])) return String(row[col]).trim().toUpperCase();
  }
  return 'XXX';
}

/** A stage change as the modules read it. */
export interface SheetStageChange {
  dealId: string;
  fromStageId: string | null;
  toStageId: string;
  at: string;
}

/**
 * Reads the stage-changes range: Deal, To (stage), Date, optional From. Without a From column each deal's
 * changes are taken in date order (ties in the range's order) and each comes from the stage before it.
 * Changes of deals that are not in `deals` (when deals were given) are row problems, unless the deal's own
 * row was a problem (reported there once).
 */
export function stageChangesOf(
  args: SheetArgs,
  stages: SheetStages,
  deals: { ids: Set<string>; bad: Set<string> } | undefined,
  name = 'stageChanges',
): ReadRows<SheetStageChange> {
  const cols = columnsOf(args, name, ['deal', 'to', 'date', 'from']);
  const dealCol = cols.need('deal', 'Deal');
  const toCol = cols.need('to', 'To (stage)');
  const dateCol = cols.need('date', 'Date');
  const fromCol = cols.get('from') === toCol ? undefined : cols.get('from');
  const read = readRows(cols.table, (row, where): SheetStageChange | undefined => {
    const dealId = cellId(row[dealCol], where, 'deal id');
    if (deals && !deals.ids.has(dealId)) {
      if (deals.bad.has(dealId)) return undefined;
      problem('#N/A', `${where}: deal "${dealId}" is not in deals`);
    }
    const to = stages.find(row[toCol], `${where} (to)`);
    const from =
      fromCol === undefined || isEmptyCell(row[fromCol])
        ? null
        : stages.find(row[fromCol], `${where} (from)`).id;
    return {
      dealId,
      fromStageId: from,
      toStageId: to.id,
      at: cellInstant(row[dateCol], `${where} (date)`, args.context),
    };
  });
  if (fromCol === undefined) {
    const byDeal = new Map<string, SheetStageChange[]>();
    for (const change of read.records) {
      const list = byDeal.get(change.dealId) ?? [];
      list.push(change);
      byDeal.set(change.dealId, list);
    }
    for (const list of byDeal.values()) {
      const sorted = list
        .map((c, i) => ({ c, i }))
        .sort((a, b) => (a.c.at < b.c.at ? -1 : a.c.at > b.c.at ? 1 : a.i - b.i));
      let previous: string | null = null;
      for (const { c } of sorted) {
        c.fromStageId = previous;
        previous = c.toStageId;
      }
    }
  }
  return read;
}

/** The ids of deals whose row was a problem (so their changes are not reported again). */
export function badDealIds(args: SheetArgs, name = 'deals'): Set<string> {
  const cols = columnsOf(args, name, ['deal']);
  const col = cols.get('deal');
  const out = new Set<string>();
  if (col === undefined) return out;
  for (const row of cols.table.rows) {
    const v = row[col];
    if (!isEmptyCell(v)) out.add(String(v).trim());
  }
  return out;
}
