import { ACTIVITY_TYPES, type ActivityType, validateDataset } from '../../model/index';
import { periodContaining } from '../../period/index';
import {
  type AnomalyTarget,
  detectAnomalies,
  type WarningLocale,
  type WarningSubject,
} from '../../warnings/index';
import { describeCell, headerKey, isEmptyCell, type SheetCell, type SheetValue } from '../cells';
import { cellDate } from '../dates';
import { problem, toSheetError } from '../errors';
import { defineSheetFunction, type SheetArgs } from '../registry';
import {
  badDealIds,
  cellAmount,
  cellId,
  cellInstant,
  columnsOf,
  currencyOf,
  dealsOf,
  problemRows,
  type ReadRows,
  readRows,
  type SheetStage,
  SheetStages,
  stageChangesOf,
  stagesOf,
} from './crm';
import { periodKindOf } from './target-calendar';

const COLUMNS = ['Code', 'Severity', 'Subject', 'Message', 'Action'];
const COLUMNS_ZH = ['代码', '级别', '对象', '说明', '建议'];

const SUBJECT: Record<WarningLocale, Record<WarningSubject['kind'], string>> = {
  en: { deal: 'deal', rep: 'rep', team: 'team', account: 'account', stage: 'stage', company: 'company' },
  'zh-CN': { deal: '商机', rep: '销售', team: '团队', account: '客户', stage: '阶段', company: '公司' },
};

const SEVERITY_ZH: Record<string, string> = { critical: '严重', warning: '警告', info: '提示' };

function localeOf(value: SheetCell): WarningLocale {
  if (isEmptyCell(value)) return 'en';
  const text = String(value).trim().toLowerCase();
  if (text === 'en' || text.startsWith('en-') || text === 'english') return 'en';
  if (text === 'zh' || text === 'zh-cn' || text === 'zh-hans' || text === '中文') return 'zh-CN';
  return problem('#VALUE!', `locale: expected "en" or "zh-CN", got ${describeCell(value)}`);
}

/** Stages named in the stage changes (To) and the deals (Stage), in order of first appearance. */
function inferredStages(args: SheetArgs): SheetStages {
  const names: string[] = [];
  const seen = new Set<string>();
  const add = (cell: SheetCell) => {
    if (isEmptyCell(cell)) return;
    const name = String(cell).trim();
    if (seen.has(name.toLowerCase())) return;
    seen.add(name.toLowerCase());
    names.push(name);
  };
  const changes = columnsOf(args, 'stageChanges', ['deal', 'to', 'date', 'from']);
  const to = changes.get('to');
  if (to !== undefined) for (const row of changes.table.rows) add(row[to]);
  const deals = columnsOf(args, 'deals', ['deal', 'dealStage', 'created', 'owner', 'amount']);
  const stage = deals.get('dealStage');
  if (stage !== undefined) for (const row of deals.table.rows) add(row[stage]);
  const WON = /^(won|closed ?won|win|赢单|成交|已成交|签约)$/i;
  const LOST = /^(lost|closed ?lost|lose|输单|丢单|失败|已丢单)$/i;
  const list: SheetStage[] = names.map((name, order) => ({
    id: name,
    name,
    order,
    kind: WON.test(name) ? 'won' : LOST.test(name) ? 'lost' : 'open',
  }));
  if (!list.some((s) => s.kind === 'open')) {
    problem('#VALUE!', 'stages: no open stage found in the deals or stage changes; pass a stages range');
  }
  return new SheetStages(list);
}

interface SheetActivity {
  id: string;
  type: ActivityType;
  repId: string;
  dealId?: string;
  accountId?: string;
  at: string;
  quality?: boolean;
}

function activityType(value: SheetCell, where: string): ActivityType {
  if (isEmptyCell(value)) return 'other';
  const key = headerKey(String(value));
  const type = ACTIVITY_TYPES.find((t) => headerKey(t) === key || headerKey(t) === key.replace(/s$/, ''));
  if (type === undefined) {
    problem(
      '#VALUE!',
      `${where}: the type must be one of ${ACTIVITY_TYPES.join(', ')}, got ${describeCell(value)}`,
    );
  }
  return type;
}

function activitiesOf(
  args: SheetArgs,
  deals: { ids: Set<string>; bad: Set<string> },
): ReadRows<SheetActivity> {
  const cols = columnsOf(args, 'activities', ['activityType', 'owner', 'deal', 'date']);
  const repCol = cols.need('owner', 'Rep');
  const dateCol = cols.need('date', 'Date');
  const typeCol = cols.get('activityType');
  const dealCol = cols.get('deal');
  const accountCol = cols.get('account');
  const qualityCol = cols.get('quality');
  const idCol = cols.table.header ? cols.table.columnIndex(['activityId', 'activity id']) : undefined;
  const ids = new Set<string>();
  return readRows(cols.table, (row, where, i): SheetActivity | undefined => {
    const id =
      idCol === undefined || isEmptyCell(row[idCol])
        ? `row-${i + 1}`
        : cellId(row[idCol], where, 'activity id');
    if (ids.has(id)) problem('#VALUE!', `${where}: activity "${id}" is listed twice`);
    const activity: SheetActivity = {
      id,
      type: activityType(typeCol === undefined ? undefined : row[typeCol], `${where} (type)`),
      repId: cellId(row[repCol], where, 'rep'),
      at: cellInstant(row[dateCol], `${where} (date)`, args.context),
    };
    if (dealCol !== undefined && !isEmptyCell(row[dealCol])) {
      const dealId = cellId(row[dealCol], where, 'deal id');
      if (!deals.ids.has(dealId)) {
        if (deals.bad.has(dealId)) return undefined;
        problem('#N/A', `${where}: deal "${dealId}" is not in deals`);
      }
      activity.dealId = dealId;
    }
    if (accountCol !== undefined && !isEmptyCell(row[accountCol])) {
      activity.accountId = cellId(row[accountCol], where, 'account');
    }
    if (qualityCol !== undefined && !isEmptyCell(row[qualityCol])) {
      const q = row[qualityCol];
      if (typeof q !== 'boolean')
        problem('#VALUE!', `${where}: quality must be TRUE or FALSE, got ${describeCell(q)}`);
      activity.quality = q;
    }
    ids.add(id);
    return activity;
  });
}

/** The targets range: Rep or Team and Target per row; a row naming neither is the company's target. */
function targetsOf(args: SheetArgs, currency: string, period: string): ReadRows<AnomalyTarget> {
  if (args.range('targets').length === 0) return { records: [], problems: [] };
  const cols = columnsOf(args, 'targets', ['owner']);
  const targetCol = cols.table.header
    ? (cols.table.columnIndex(['target', 'quota', 'amount', '目标', '指标']) ??
      problem('#N/A', 'targets: needs a Target column'))
    : 1;
  const repCol = cols.get('owner');
  const teamCol = cols.get('team');
  return readRows(cols.table, (row, where): AnomalyTarget => {
    const amount = cellAmount(row[targetCol], `${where} (target)`);
    const money = { amount, currency };
    if (repCol !== undefined && !isEmptyCell(row[repCol])) {
      return { subject: 'rep', id: cellId(row[repCol], where, 'rep'), period, amount: money };
    }
    if (teamCol !== undefined && !isEmptyCell(row[teamCol])) {
      return { subject: 'team', id: cellId(row[teamCol], where, 'team'), period, amount: money };
    }
    return { subject: 'company', period, amount: money };
  });
}

/** SPM.WARNINGS: anomaly warnings (stalled, rotting and overdue deals, regressions…) from CRM ranges. */
export const WARNINGS = defineSheetFunction({
  name: 'WARNINGS',
  description:
    'Anomaly warnings at a date: deals stalled or rotting in a stage, overdue close dates, stage regressions and skips, follow-ups, conversion drops and more; one row per warning.',
  parameters: [
    {
      name: 'deals',
      type: 'range',
      description:
        'The deals with a header row: Deal, Stage (current), Created, and optionally Owner, Amount, Closed, Expected close, Account, Team.',
    },
    {
      name: 'stageChanges',
      type: 'range',
      description:
        'The stage history with a header row: Deal, To (the stage entered), Date, optionally From.',
    },
    {
      name: 'activities',
      type: 'range',
      description:
        'Activities with a header row: Rep, Date, and optionally Type (call, visit, meeting, email…), Deal, Account, Quality. A header row alone: none.',
    },
    {
      name: 'asOf',
      type: 'date',
      description:
        'The day the warnings are for, e.g. =TODAY(); the whole day counts, later events are ignored.',
    },
    {
      name: 'stages',
      type: 'range',
      optional: true,
      description:
        'The stages in order: Stage, optionally Kind (open, won, lost), SLA days, Rotting days. Default: as they first appear, Won/Lost by name.',
    },
    {
      name: 'locale',
      type: 'text',
      optional: true,
      description: 'The language of the messages: "en" (default) or "zh-CN".',
    },
    {
      name: 'targets',
      type: 'range',
      optional: true,
      description:
        'Targets of the current period, for pace and pipeline coverage: a header row Rep (or Team) and Target; a row with neither is the company’s.',
    },
    {
      name: 'periodKind',
      type: 'text',
      optional: true,
      description:
        'The period of targets, pace, coverage and hockey stick: "quarter" (default), "month", "half", "year" or "week".',
    },
  ],
  result: {
    description:
      'A header row, then one row per warning, most severe first: its code (STALLED_IN_STAGE…), severity (critical, warning, info), subject, message and suggested action. Rows of the inputs that could not be read follow, each as an error naming its row.',
    columns: COLUMNS,
  },
  example:
    '=SPM.WARNINGS(Deals!A1:H500, Changes!A1:C3000, Activities!A1:E9000, TODAY(), Stages!A1:D7, "zh-CN")',
  run(args) {
    const asOf = cellDate(args.cell('asOf'), 'asOf', args.context);
    const locale = localeOf(args.cell('locale'));
    const stages = args.range('stages').length > 0 ? stagesOf(args) : inferredStages(args);
    const currency = currencyOf(args);
    const deals = dealsOf(args, stages, currency);
    const bad = badDealIds(args);
    for (const id of deals.ids) bad.delete(id);
    const known = { ids: deals.ids, bad };
    const changes = stageChangesOf(args, stages, known);
    const activities = activitiesOf(args, known);
    const byTime = <T extends { at: string }>(list: T[]) =>
      list
        .map((x, i) => ({ x, i }))
        .sort((a, b) => (a.x.at < b.x.at ? -1 : a.x.at > b.x.at ? 1 : a.i - b.i))
        .map((e) => e.x);
    let dataset: ReturnType<typeof validateDataset>;
    try {
      dataset = validateDataset(
        {
          currency,
          pipelines: [stages.pipeline()],
          deals: deals.records,
          stageChanges: byTime(changes.records),
          activities: activities.records,
        },
        { allowHistoryGaps: true },
      );
    } catch (error) {
      return problem(toSheetError(error).error, toSheetError(error).message);
    }
    const periodKind = periodKindOf(args.cell('periodKind'), 'periodKind', 'quarter');
    const targets = targetsOf(args, currency, periodContaining(periodKind, asOf, { zone: 'UTC' }).key);
    // The whole as-of day counts: the moment judged is its last second (the sheet's days are UTC days).
    const result = detectAnomalies(dataset, {
      asOf: `${asOf}T23:59:59Z`,
      calendar: { zone: 'UTC' },
      periodKind,
      ...(targets.records.length > 0 ? { targets: targets.records } : {}),
    });
    const rows: SheetValue[][] = [locale === 'zh-CN' ? COLUMNS_ZH : COLUMNS];
    for (const w of result.warnings) {
      rows.push([
        w.code,
        locale === 'zh-CN' ? (SEVERITY_ZH[w.severity] ?? w.severity) : w.severity,
        w.subject.kind === 'company'
          ? SUBJECT[locale].company
          : `${SUBJECT[locale][w.subject.kind]} ${w.subject.name}`,
        w.message[locale],
        w.action[locale],
      ]);
    }
    rows.push(
      ...problemRows(
        [...deals.problems, ...changes.problems, ...activities.problems, ...targets.problems],
        COLUMNS.length,
      ),
    );
    return rows;
  },
});
