import { OpenSpmError } from '../../errors';
import {
  type CalculateIncentivesInput,
  calculateIncentives,
  type Plan,
  validatePlan,
} from '../../incentives/index';
import { currencyMinorUnits, Decimal, Money } from '../../money/index';
import {
  addDays,
  type CalendarDate,
  type CalendarPeriodKind,
  eachPeriod,
  fiscalCalendar,
} from '../../period/index';
import { describeCell, isEmptyCell, readTable, type SheetValue, toRange } from '../cells';
import { cellDate } from '../dates';
import { problem, toSheetError } from '../errors';
import { cellDecimal, cellWholeNumber, toCellNumber } from '../numbers';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { currencyCell, ratesOf } from './currency';

const REP_HEADERS = [
  'rep',
  'owner',
  'salesperson',
  'seller',
  'payee',
  'name',
  'ownerId',
  'repId',
  '销售',
  '负责人',
];
const AMOUNT_HEADERS = ['amount', 'sales', 'revenue', 'value', 'total', '金额', '销售额'];
const DATE_HEADERS = [
  'date',
  'closeDate',
  'closedAt',
  'wonDate',
  'bookingDate',
  'closed',
  'won',
  '日期',
  '成交日期',
];
const DEAL_HEADERS = ['deal', 'dealId', 'id', 'opportunity', 'order', '合同', '商机'];
const CURRENCY_HEADERS = ['currency', 'ccy', 'curr', '币种', '货币'];
const QUOTA_HEADERS = ['quota', 'target', 'amount', '配额', '目标'];
const PERIOD_HEADERS = ['period', 'periodKey', 'quarter', 'month', '期间'];

type Dec = InstanceType<typeof Decimal>;

/** Re-throws anything as a sheet problem, its message prefixed with where it happened. */
function rethrow(error: unknown, where?: string): never {
  const cell = toSheetError(error, where);
  return problem(cell.error, cell.message);
}

/** The plan versions in the plan argument: JSON in one cell, or in several cells read in order and joined. */
function plansOf(args: SheetArgs): Plan[] {
  const text = toRange(args.range('plan'))
    .flat()
    .filter((c) => !isEmptyCell(c))
    .map((c) => String(c))
    .join('');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return problem(
      '#VALUE!',
      `plan: not valid JSON (${(error as Error).message}); put the plan's JSON in one cell, or split it over cells read left to right, top to bottom`,
    );
  }
  const list = Array.isArray(json) ? json : [json];
  if (list.length === 0) problem('#VALUE!', 'plan: the JSON array holds no plan');
  const plans = list.map((p, i) => {
    try {
      return validatePlan(p as Plan);
    } catch (error) {
      return rethrow(error, list.length > 1 ? `plan version ${i + 1}` : 'plan');
    }
  });
  const ids = new Set(plans.map((p) => p.id));
  if (ids.size > 1) {
    problem(
      '#VALUE!',
      `plan: give the versions of one plan, got plans ${[...ids].map((i) => `"${i}"`).join(', ')}`,
    );
  }
  return plans;
}

interface SaleRow {
  rep: string;
  where: string;
}

function salesOf(args: SheetArgs, currency: string) {
  const table = readTable(args.range('sales'), { name: 'sales' });
  const col = (names: readonly string[], fallback: number) =>
    table.header === undefined ? fallback : table.columnIndex(names);
  const repCol = col(REP_HEADERS, 0);
  const amountCol = col(AMOUNT_HEADERS, 1);
  const dateCol = col(DATE_HEADERS, 2);
  const dealCol = col(DEAL_HEADERS, table.width > 3 ? 3 : -1);
  const currencyCol = col(CURRENCY_HEADERS, table.width > 4 ? 4 : -1);
  if (repCol === undefined || amountCol === undefined || dateCol === undefined) {
    problem(
      '#N/A',
      `sales: expected columns Rep, Amount and Date (and optionally Deal and Currency); the header names ${table.header?.map((h) => `"${h}"`).join(', ')}`,
    );
  }

  const deals: NonNullable<CalculateIncentivesInput['deals']> = [];
  const rows: SaleRow[] = [];
  const reps: string[] = [];
  const seen = new Set<string>();
  const dealIds = new Map<string, string>();
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    const repCell = row[repCol];
    if (isEmptyCell(repCell)) problem('#VALUE!', `${where}: the rep is empty`);
    const rep = String(repCell).trim();
    const amount = cellDecimal(row[amountCol], `${where} (amount)`);
    if (amount.isNegative())
      problem('#NUM!', `${where} (amount): a sale cannot be negative, got ${amount.toFixed()}`);
    // an empty currency cell (or no Currency column) is the plan's currency
    const currencyValue = currencyCol !== undefined && currencyCol >= 0 ? row[currencyCol] : undefined;
    const rowCurrency = isEmptyCell(currencyValue)
      ? currency
      : currencyCell(currencyValue, `${where} (currency)`);
    let money: Money;
    try {
      money = Money.of(amount, rowCurrency);
    } catch (error) {
      rethrow(error, `${where} (amount)`);
    }
    if (amount.decimalPlaces() > currencyMinorUnits(rowCurrency)) {
      problem(
        '#NUM!',
        `${where} (amount): ${amount.toFixed()} has more decimals than ${rowCurrency} has (${currencyMinorUnits(rowCurrency)})`,
      );
    }
    const date = cellDate(row[dateCol], `${where} (date)`, args.context);
    const dealCell = dealCol !== undefined && dealCol >= 0 ? row[dealCol] : undefined;
    const id = isEmptyCell(dealCell)
      ? `sales row ${where.replace(/^sales row /, '')}`
      : String(dealCell).trim();
    const other = dealIds.get(id);
    if (other !== undefined) problem('#VALUE!', `${where}: deal ${describeCell(id)} is also on ${other}`);
    dealIds.set(id, where);
    if (!seen.has(rep)) {
      seen.add(rep);
      reps.push(rep);
    }
    rows.push({ rep, where });
    deals.push({ id, amount: money, date, payeeId: rep });
  });
  if (deals.length === 0) problem('#VALUE!', 'sales: no rows with a rep, an amount and a date');
  return { deals, rows, reps };
}

function quotasOf(
  args: SheetArgs,
  plans: Plan[],
  from: CalendarDate,
  to: CalendarDate,
  fiscalStartMonth: number,
) {
  const range = args.range('quotas');
  if (range.length === 0) return undefined;
  const table = readTable(range, { name: 'quotas' });
  const repCol = table.header === undefined ? 0 : table.columnIndex(REP_HEADERS);
  const quotaCol = table.header === undefined ? 1 : table.columnIndex(QUOTA_HEADERS);
  const periodCol =
    table.header === undefined ? (table.width > 2 ? 2 : undefined) : table.columnIndex(PERIOD_HEADERS);
  if (repCol === undefined || quotaCol === undefined) {
    problem('#N/A', 'quotas: expected columns Rep and Quota (and optionally Period, such as FY2024-Q3)');
  }
  const currency = (plans[0] as Plan).currency;
  const calendar = fiscalCalendar({ fiscalYearStartMonth: fiscalStartMonth });
  // Without a period, a rep's quota holds for every attainment period of the plan in the range.
  const kinds = new Set<string>();
  for (const p of plans)
    for (const c of p.components)
      kinds.add((c as { attainmentPeriod?: string }).attainmentPeriod ?? p.payPeriod);
  const keys = [...kinds].flatMap((k) =>
    eachPeriod(k as CalendarPeriodKind, from, to, calendar).map((p) => p.key),
  );
  const quotas: NonNullable<CalculateIncentivesInput['quotas']> = [];
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    if (isEmptyCell(row[repCol])) problem('#VALUE!', `${where}: the rep is empty`);
    const payeeId = String(row[repCol]).trim();
    const amount = cellDecimal(row[quotaCol], `${where} (quota)`);
    if (amount.isNegative()) problem('#NUM!', `${where} (quota): a quota cannot be negative`);
    const money = Money.of(amount, currency);
    const period = periodCol === undefined ? undefined : row[periodCol];
    for (const key of isEmptyCell(period) ? keys : [String(period).trim()]) {
      quotas.push({ payeeId, period: key, amount: money });
    }
  });
  return quotas;
}

/** Rewrites "deals[3].amount: …" to the sales row it came from. */
function rowError(error: unknown, rows: readonly SaleRow[]): never {
  if (error instanceof OpenSpmError) {
    const first = error.issues[0];
    if (first && first.path[0] === 'deals' && typeof first.path[1] === 'number') {
      const row = rows[first.path[1]];
      const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
      const text = first.message.replace(/^deals\[\d+\][.\w]*:\s*/, '');
      rethrow(new OpenSpmError(first.code, `${row?.where ?? 'sales'}: ${text}${more}`));
    }
  }
  throw error;
}

/** SPM.COMMISSION: payouts per rep from a commission plan (JSON) and a sales range, with calculateIncentives. */
export const COMMISSION = defineSheetFunction({
  name: 'COMMISSION',
  description:
    'Payout per rep from a commission plan (the plan JSON of openspm) and a sales range (Rep, Amount, Date, Deal): credited sales, attainment, payout and plan version.',
  parameters: [
    {
      name: 'plan',
      type: 'range',
      description:
        'The plan as JSON in one cell, or split over several cells (read left to right, top to bottom); a JSON array gives several versions of one plan.',
    },
    {
      name: 'sales',
      type: 'range',
      description:
        'Won deals: Rep, Amount, Date (booking date) and optionally Deal id and Currency columns, in this order or named by a header row; each deal credited 100% to its rep. A sale in another currency than the plan is converted by the plan’s exchange.',
    },
    {
      name: 'quotas',
      type: 'range',
      optional: true,
      description:
        'Rep, Quota and optionally Period (such as FY2024-Q3) columns; without a period a quota holds for every attainment period. Needed when the plan pays on attainment.',
    },
    {
      name: 'from',
      type: 'date',
      optional: true,
      description:
        'First day paid for; default: the first sale date. Pay periods overlapping from–to are paid.',
    },
    {
      name: 'to',
      type: 'date',
      optional: true,
      description: 'Last day paid for (included); default: the last sale date.',
    },
    {
      name: 'fiscalStartMonth',
      type: 'number',
      optional: true,
      description: 'Month the fiscal year starts, 1–12 (default 1): names quarters in quota periods.',
    },
    {
      name: 'rates',
      type: 'range',
      optional: true,
      description:
        'Exchange rates (From, To, Rate, Date, as for FXCONVERT) for sales in other currencies, when the plan converts at transaction-date or period-average rates; a plan with fixed rates carries its own.',
    },
  ],
  result: {
    description:
      'A header row, then one row per rep in the order they first appear in sales: credited sales, attainment (with quotas: measure ÷ quota of the last attainment period, a ratio), payout (the plan’s rounding), plan version(s).',
    columns: ['Rep', 'Credited', 'Attainment', 'Payout', 'Plan version'],
  },
  example: '=SPM.COMMISSION(Plan!A1, Sales!A1:D500, Quotas!A1:C20)',
  run(args) {
    const plans = plansOf(args);
    const plan = plans[0] as Plan;
    const { deals, rows, reps } = salesOf(args, plan.currency);
    const rates = args.range('rates').length > 0 ? ratesOf(args, 'date', args.context) : undefined;
    const dates = deals.map((d) => d.date as CalendarDate).sort();
    const from = isEmptyCell(args.cell('from'))
      ? (dates[0] as CalendarDate)
      : cellDate(args.cell('from'), 'from', args.context);
    const last = isEmptyCell(args.cell('to'))
      ? (dates[dates.length - 1] as CalendarDate)
      : cellDate(args.cell('to'), 'to', args.context);
    if (last < from) problem('#VALUE!', `to: ${last} is before from (${from})`);
    const to = addDays(last, 1);
    const fiscalStartMonth = cellWholeNumber(args.cell('fiscalStartMonth'), 'fiscalStartMonth', 1, 12, 1);
    const quotas = quotasOf(args, plans, from, to, fiscalStartMonth);
    const starts = plans.map((p) => p.effective.from).sort();
    let result: ReturnType<typeof calculateIncentives>;
    try {
      result = calculateIncentives(
        {
          plans,
          assignments: reps.map((payeeId) => ({ payeeId, planId: plan.id, from: starts[0] as CalendarDate })),
          deals,
          ...(quotas ? { quotas } : {}),
        },
        {
          from,
          to,
          calendar: { fiscalYearStartMonth: fiscalStartMonth, zone: args.context.timeZone },
          ...(rates ? { rates } : {}),
        },
      );
    } catch (error) {
      return rowError(error, rows);
    }
    const minor = currencyMinorUnits(plan.currency);
    const per = new Map<
      string,
      { credited: Dec; payout: Dec; attainment?: string | null; versions: Set<number> }
    >();
    for (const rep of reps)
      per.set(rep, { credited: new Decimal(0), payout: new Decimal(0), versions: new Set() });
    for (const c of result.credits) {
      if (c.date < from || c.date >= to) continue;
      const p = per.get(c.payeeId);
      // a sale in another currency is credited at its converted share, in the plan's currency
      const converted = c.converted?.find((x) => x.plans.some((v) => v.id === plan.id));
      if (p) p.credited = p.credited.plus((converted?.amount ?? c.amount).amount);
    }
    for (const st of result.statements) {
      const p = per.get(st.payeeId);
      if (!p) continue;
      p.payout = p.payout.plus(st.totals.payable.amount);
      p.versions.add(st.plan.version);
      const withQuota = st.attainment.filter((a) => a.quota !== null);
      const a = withQuota[withQuota.length - 1] ?? st.attainment[st.attainment.length - 1];
      if (a) p.attainment = a.attainment;
    }
    const header: SheetValue[] = quotas
      ? ['Rep', 'Credited', 'Attainment', 'Payout', 'Plan version']
      : ['Rep', 'Credited', 'Payout', 'Plan version'];
    const out: SheetValue[][] = [header];
    for (const rep of reps) {
      const p = per.get(rep) as NonNullable<ReturnType<typeof per.get>>;
      const versions = [...p.versions].sort((a, b) => a - b);
      const version =
        versions.length === 0 ? 'not on the plan in the range' : `${plan.id} v${versions.join(', v')}`;
      const credited = toCellNumber(p.credited, minor, 'half-even', `rep ${rep}`);
      const payout = toCellNumber(p.payout, minor, 'half-even', `rep ${rep}`);
      if (!quotas) {
        out.push([rep, credited, payout, version]);
        continue;
      }
      const attainment =
        p.attainment === undefined || p.attainment === null
          ? 'n/a (no quota)'
          : toCellNumber(new Decimal(p.attainment), 10, 'half-even', `rep ${rep}`);
      out.push([rep, credited, attainment, payout, version]);
    }
    return out;
  },
});
