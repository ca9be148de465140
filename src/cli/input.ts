import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { z } from 'zod';
import {
  AccountSchema,
  ActivitySchema,
  DealSchema,
  PaymentSchema,
  RepSchema,
  StageChangeSchema,
  StageSchema,
} from '../index';
import { CsvParser, type CsvRecord, isBadRecord } from './csv';

/** The kinds of export the tool reads. */
export type TableKind =
  | 'stages'
  | 'deals'
  | 'history'
  | 'activities'
  | 'payments'
  | 'reps'
  | 'accounts'
  | 'targets';

type FieldType = 'text' | 'int' | 'number' | 'date' | 'bool' | 'amount';

/** The fields of each kind and their types; any other column is ignored (or kept as a custom field). */
export const FIELDS: Record<TableKind, Record<string, FieldType>> = {
  stages: {
    pipelineId: 'text',
    pipelineName: 'text',
    currency: 'text',
    id: 'text',
    name: 'text',
    order: 'int',
    kind: 'text',
    probability: 'number',
    slaDays: 'number',
    rottingDays: 'number',
  },
  deals: {
    id: 'text',
    name: 'text',
    pipelineId: 'text',
    ownerId: 'text',
    teamId: 'text',
    accountId: 'text',
    source: 'text',
    product: 'text',
    amount: 'amount',
    currency: 'text',
    createdAt: 'date',
    expectedCloseDate: 'date',
    stageId: 'text',
    closedAt: 'date',
  },
  history: { dealId: 'text', fromStageId: 'text', toStageId: 'text', at: 'date', actorId: 'text' },
  activities: {
    id: 'text',
    type: 'text',
    repId: 'text',
    dealId: 'text',
    accountId: 'text',
    at: 'date',
    durationMinutes: 'number',
    outcome: 'text',
    quality: 'bool',
  },
  payments: { id: 'text', dealId: 'text', amount: 'amount', currency: 'text', at: 'date' },
  reps: {
    id: 'text',
    name: 'text',
    teamId: 'text',
    teamName: 'text',
    role: 'text',
    hireDate: 'date',
    endDate: 'date',
  },
  accounts: { id: 'text', name: 'text', grade: 'text', ownerId: 'text', region: 'text', industry: 'text' },
  targets: {
    id: 'text',
    period: 'text',
    scope: 'text',
    scopeId: 'text',
    metric: 'text',
    amount: 'amount',
    currency: 'text',
  },
};

/** A row that could not be used: where it is and why. */
export interface BadRow {
  file: string;
  kind: TableKind;
  /** 1-based line of a CSV record, or 1-based item of a JSON array. */
  line: number;
  unit: 'line' | 'item';
  reason: string;
}

/** A good row: its fields by model name (text, numbers, ISO dates), with its line. */
export interface InputRow {
  line: number;
  values: Record<string, string | number | boolean | undefined>;
}

/** What reading one file gave. */
export interface ReadTableResult {
  file: string;
  kind: TableKind;
  rows: InputRow[];
  bad: BadRow[];
  read: number;
  /** The date format detected per date column (`'ISO'`, `'M/D/YYYY'`, `'D/M/YYYY'`). */
  dateFormats: Record<string, string>;
  /** Columns of the file that map to no field. */
  ignoredColumns: string[];
}

/** Column mapping: `source=field`, optionally `kind.source=field` for one kind of file. */
export type ColumnMap = Map<string, string>;

/** Parses `--map a=b,deals.c=d`. */
export function parseColumnMap(text: string | undefined): ColumnMap {
  const map: ColumnMap = new Map();
  for (const part of (text ?? '').split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1)
      throw new Error(`--map: "${p}" is not source=field (e.g. deal_stage=stageId)`);
    map.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
  }
  return map;
}

const camel = (h: string) =>
  h
    .trim()
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The model field a column header means, after the mapping and case/underscore normalisation. */
export function fieldFor(header: string, kind: TableKind, map: ColumnMap): string | undefined {
  const h = header.trim().toLowerCase();
  const mapped = map.get(`${kind}.${h}`) ?? map.get(h);
  const fields = FIELDS[kind];
  const wanted = mapped ?? camel(header);
  if (wanted in fields) return wanted;
  const lower = wanted.toLowerCase();
  return Object.keys(fields).find((f) => f.toLowerCase() === lower);
}

const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;

/** Decides a date column's format from all its values: ISO, or M/D/YYYY unless a first part is over 12. */
export function detectDateFormat(values: readonly string[]): 'ISO' | 'M/D/YYYY' | 'D/M/YYYY' {
  let slash = 0;
  let iso = 0;
  let firstOver12 = false;
  let secondOver12 = false;
  for (const v of values) {
    if (ISO.test(v)) iso++;
    const m = SLASH.exec(v);
    if (m) {
      slash++;
      if (Number(m[1]) > 12) firstOver12 = true;
      if (Number(m[2]) > 12) secondOver12 = true;
    }
  }
  if (slash === 0 || iso > slash) return 'ISO';
  return firstOver12 && !secondOver12 ? 'D/M/YYYY' : 'M/D/YYYY';
}

const pad = (n: number | string) => String(n).padStart(2, '0');

/** One date value as ISO text, or an error reason. */
export function toIsoDate(value: string, format: string): { iso: string } | { reason: string } {
  if (ISO.test(value)) return { iso: value.replace(' ', 'T') };
  const m = SLASH.exec(value);
  if (!m)
    return {
      reason: `"${value}" is not a date (expected YYYY-MM-DD, or ${format === 'ISO' ? 'M/D/YYYY' : format})`,
    };
  const [a, b] = [Number(m[1]), Number(m[2])];
  const [month, day] = format === 'D/M/YYYY' ? [b, a] : [a, b];
  const year = Number(m[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCDate() !== day) {
    return {
      reason: `"${value}" is not a real date read as ${format === 'D/M/YYYY' ? 'D/M/YYYY' : 'M/D/YYYY'}`,
    };
  }
  let text = `${year}-${pad(month)}-${pad(day)}`;
  if (m[4] !== undefined) {
    let hour = Number(m[4]);
    const ampm = m[7]?.toLowerCase();
    if (ampm === 'pm' && hour < 12) hour += 12;
    if (ampm === 'am' && hour === 12) hour = 0;
    text += `T${pad(hour)}:${m[5]}:${m[6] ?? '00'}`;
  }
  return { iso: text };
}

const BOOL: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  false: false,
  no: false,
  n: false,
  '0': false,
  '': false,
};

/** Converts one raw text value to its field type, or gives a reason. */
function convert(
  raw: string,
  type: FieldType,
  dateFormat: string,
): { value: string | number | boolean | undefined } | { reason: string } {
  const v = raw.trim();
  if (v === '') return { value: undefined };
  switch (type) {
    case 'text':
      return { value: v };
    case 'int':
    case 'number': {
      const pct = v.endsWith('%');
      const n = Number((pct ? v.slice(0, -1) : v).replace(/,/g, ''));
      if (!Number.isFinite(n)) return { reason: `"${v}" is not a number` };
      return { value: pct ? n / 100 : n };
    }
    case 'amount': {
      // Kept as text (exact); thousands separators and a leading currency sign dropped.
      const t = v.replace(/^[$¥€£]/, '').replace(/,(?=\d{3}(\D|$))/g, '');
      if (!/^-?\d+(\.\d+)?$/.test(t))
        return { reason: `"${v}" is not an amount (expected digits such as 1234.50)` };
      return { value: t };
    }
    case 'bool': {
      const b = BOOL[v.toLowerCase()];
      return b === undefined ? { reason: `"${v}" is not yes/no (true, false, yes, no, 1, 0)` } : { value: b };
    }
    case 'date': {
      const d = toIsoDate(v, dateFormat);
      return 'iso' in d ? { value: d.iso } : d;
    }
  }
}

/** Progress callback: rows read so far and the fraction of the file's bytes read. */
export type Progress = (rows: number, fraction: number) => void;

async function* records(path: string, onBytes: (n: number) => void): AsyncGenerator<CsvRecord[], CsvParser> {
  const parser = new CsvParser();
  const decoder = new StringDecoder('utf8');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 })) {
    onBytes((chunk as Buffer).length);
    yield parser.push(decoder.write(chunk as Buffer));
  }
  yield parser.push(decoder.end());
  yield parser.end();
  return parser;
}

/**
 * Reads a CSV or JSON export of one kind: maps its columns, detects its date formats, converts every value
 * and returns good rows and bad ones (with the line and the reason). Model validation comes after.
 */
export async function readTable(
  path: string,
  kind: TableKind,
  map: ColumnMap,
  progress?: Progress,
): Promise<ReadTableResult> {
  const size = (await stat(path)).size || 1;
  const bad: BadRow[] = [];
  const raw: { line: number; values: Record<string, string> }[] = [];
  const ignored: string[] = [];
  const fields = FIELDS[kind];
  if (extname(path).toLowerCase() === '.json') {
    const { readFile } = await import('node:fs/promises');
    let data: unknown;
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      bad.push({
        file: path,
        kind,
        line: 1,
        unit: 'item',
        reason: `not valid JSON: ${(e as Error).message}`,
      });
      return { file: path, kind, rows: [], bad, read: 0, dateFormats: {}, ignoredColumns: [] };
    }
    const items = Array.isArray(data) ? data : (data as Record<string, unknown>)?.[kind];
    if (!Array.isArray(items)) {
      bad.push({
        file: path,
        kind,
        line: 1,
        unit: 'item',
        reason: `expected a JSON array of ${kind} (or { "${kind}": [...] })`,
      });
      return { file: path, kind, rows: [], bad, read: 0, dateFormats: {}, ignoredColumns: [] };
    }
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        bad.push({ file: path, kind, line: i + 1, unit: 'item', reason: 'expected an object' });
        return;
      }
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
        const f = fieldFor(k, kind, map);
        if (f === undefined) {
          if (!seen.has(k)) ignored.push(k);
          seen.add(k);
          continue;
        }
        values[f] =
          v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
      raw.push({ line: i + 1, values });
    });
    progress?.(items.length, 1);
    return finish(path, kind, raw, bad, items.length, ignored, fields, 'item');
  }
  let header: (string | undefined)[] | undefined;
  let read = 0;
  let bytes = 0;
  const gen = records(path, (n) => {
    bytes += n;
  });
  let parser: CsvParser | undefined;
  for (;;) {
    const next = await gen.next();
    if (next.done) {
      parser = next.value;
      break;
    }
    for (const rec of next.value) {
      if (!header) {
        header = rec.fields.map((h) => {
          const f = fieldFor(h, kind, map);
          if (f === undefined && h.trim() !== '') ignored.push(h);
          return f;
        });
        continue;
      }
      read++;
      if (isBadRecord(rec)) continue; // reported from parser.problems below
      if (rec.fields.length !== header.length) {
        bad.push({
          file: path,
          kind,
          line: rec.line,
          unit: 'line',
          reason: `has ${rec.fields.length} fields, the header has ${header.length}`,
        });
        continue;
      }
      const values: Record<string, string> = {};
      header.forEach((f, i) => {
        if (f !== undefined) values[f] = rec.fields[i] as string;
      });
      raw.push({ line: rec.line, values });
    }
    progress?.(read, Math.min(1, bytes / size));
  }
  for (const p of parser.problems)
    bad.push({ file: path, kind, line: p.line, unit: 'line', reason: p.reason });
  if (!header)
    bad.push({
      file: path,
      kind,
      line: 1,
      unit: 'line',
      reason: 'the file is empty (expected a header line)',
    });
  return finish(path, kind, raw, bad, read, ignored, fields, 'line');
}

function finish(
  file: string,
  kind: TableKind,
  raw: { line: number; values: Record<string, string> }[],
  bad: BadRow[],
  read: number,
  ignoredColumns: string[],
  fields: Record<string, FieldType>,
  unit: 'line' | 'item',
): ReadTableResult {
  const dateFormats: Record<string, string> = {};
  for (const [f, t] of Object.entries(fields)) {
    if (t !== 'date') continue;
    const values = raw.map((r) => r.values[f]?.trim() ?? '').filter((v) => v !== '');
    if (values.length > 0) dateFormats[f] = detectDateFormat(values);
  }
  const rows: InputRow[] = [];
  for (const r of raw) {
    const values: InputRow['values'] = {};
    const reasons: string[] = [];
    for (const [f, text] of Object.entries(r.values)) {
      const type = fields[f] as FieldType;
      const c = convert(text, type, dateFormats[f] ?? 'ISO');
      if ('reason' in c) reasons.push(`${f}: ${c.reason}`);
      else values[f] = c.value;
    }
    if (reasons.length > 0) bad.push({ file, kind, line: r.line, unit, reason: reasons.join('; ') });
    else rows.push({ line: r.line, values });
  }
  bad.sort((a, b) => a.line - b.line);
  return { file, kind, rows, bad, read, dateFormats, ignoredColumns };
}

/** The zod schema a kind's model records are checked with. */
export const SCHEMAS = {
  stages: StageSchema,
  deals: DealSchema,
  history: StageChangeSchema,
  activities: ActivitySchema,
  payments: PaymentSchema,
  reps: RepSchema,
  accounts: AccountSchema,
} satisfies Partial<Record<TableKind, z.ZodType>>;

/** A zod error as one line a sales-ops person can act on: `field: message; field: message`. */
export function zodReason(error: z.ZodError): string {
  return error.issues
    .map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
}
