// SPM.FXCONVERT: amounts in several currencies converted to one, exactly, rounded once, with the rate shown.
import { type ExchangeRateInput, type RateTable, rateCache, rateTable } from '../../currency/index';
import { CurrencyCodeSchema } from '../../model/index';
import { currencyMinorUnits, Money, type RoundingMode } from '../../money/index';
import { type CalendarDate, periodContaining } from '../../period/index';
import {
  describeCell,
  isEmptyCell,
  readTable,
  readVector,
  type SheetCell,
  type SheetResult,
  type SheetValue,
  type SheetVector,
} from '../cells';
import { cellDate } from '../dates';
import { problem, toSheetError } from '../errors';
import { cellDecimal, cellRoundingMode, cellWholeNumber, toCellNumber } from '../numbers';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { calendarOf } from './shared';

type Policy = 'date' | 'month' | 'quarter' | 'fixed';
const POLICIES: readonly Policy[] = ['date', 'month', 'quarter', 'fixed'];

const FROM_HEADERS = ['from', 'fromCurrency', 'base', '源币种', '原币种'];
const TO_HEADERS = ['to', 'toCurrency', 'quote', '目标币种'];
const RATE_HEADERS = ['rate', 'exchangeRate', 'fx', '汇率'];
const DATE_HEADERS = ['date', 'effectiveDate', 'effective', 'from date', 'since', '生效日期', '日期'];
const SOURCE_HEADERS = ['source', '来源'];

/** A currency code cell, upper-cased; anything else is a #VALUE! naming the cell. @internal */
export function currencyCell(value: SheetCell, where: string): string {
  const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!CurrencyCodeSchema.safeParse(text).success) {
    problem('#VALUE!', `${where}: expected a currency code such as CNY or USD, got ${describeCell(value)}`);
  }
  return text;
}

function policyOf(value: SheetCell): Policy {
  if (isEmptyCell(value)) return 'date';
  const text = String(value).trim().toLowerCase();
  if ((POLICIES as readonly string[]).includes(text)) return text as Policy;
  return problem(
    '#VALUE!',
    `policy: expected "date" (the latest rate on or before each date, the default), "month" or "quarter" (that period's average rate) or "fixed" (one rate per pair, dates ignored), got ${describeCell(value)}`,
  );
}

/**
 * The rates table: From, To, Rate and (unless fixed) Date, by header or in that order. Also read by COMMISSION.
 * @internal
 */
export function ratesOf(
  args: SheetArgs,
  policy: Policy,
  context: SheetArgs['context'],
): RateTable | ExchangeRateInput[] {
  const table = readTable(args.range('rates'), { name: 'rates' });
  const col = (names: readonly string[], position: number) =>
    table.header ? table.columnIndex(names) : position < table.width ? position : undefined;
  const from = col(FROM_HEADERS, 0);
  const to = col(TO_HEADERS, 1);
  const rate = col(RATE_HEADERS, 2);
  const date = col(DATE_HEADERS, 3);
  const source = table.header ? table.columnIndex(SOURCE_HEADERS) : undefined;
  if (from === undefined || to === undefined || rate === undefined) {
    problem('#N/A', 'rates: needs From, To and Rate columns (then Date, the day each rate takes effect)');
  }
  if (policy !== 'fixed' && date === undefined) {
    problem(
      '#N/A',
      `rates: needs a Date column (the day each rate takes effect) for policy "${policy}"; use policy "fixed" for one rate per pair`,
    );
  }
  const rates: ExchangeRateInput[] = [];
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    const r = cellDecimal(row[rate!], `${where} (rate)`);
    if (!r.greaterThan(0)) problem('#NUM!', `${where}: a rate must be above zero, got ${r.toFixed()}`);
    const f = currencyCell(row[from!], `${where} (from)`);
    const t = currencyCell(row[to!], `${where} (to)`);
    if (f === t) problem('#VALUE!', `${where}: from and to are both ${f}; a currency to itself is always 1`);
    const effectiveDate: CalendarDate =
      policy === 'fixed' ? '1970-01-01' : cellDate(row[date!], `${where} (date)`, context);
    const s = source === undefined ? undefined : row[source];
    rates.push({
      from: f,
      to: t,
      rate: r.toFixed(),
      effectiveDate,
      ...(isEmptyCell(s) ? {} : { source: String(s) }),
    });
  });
  if (rates.length === 0) problem('#VALUE!', 'rates: no rates given; expected rows of From, To, Rate, Date');
  if (policy === 'fixed') {
    const seen = new Set<string>();
    for (const r of rates) {
      const key = `${r.from}→${r.to}`;
      if (seen.has(key))
        problem('#VALUE!', `rates: ${key} is given twice; policy "fixed" takes one rate per pair`);
      seen.add(key);
    }
    return rates;
  }
  return rateTable(rates);
}

/**
 * The currency column: one code for every amount, or one per amount. Its first cell is a header only when it
 * is not a currency code (a column of codes would otherwise lose its first code as a "header").
 */
function currencyColumn(args: SheetArgs, n: number): { cell: SheetCell; where: string }[] {
  const range = args.range('currencies');
  const cells = range.length === 1 ? [...range[0]!] : range.map((row) => row[0]);
  if (range.length > 1 && range.some((row) => row.length > 1)) {
    problem('#VALUE!', 'currencies: expected one cell, or one column (or row) beside the amounts');
  }
  const first = cells[0];
  const header =
    cells.length > 1 &&
    typeof first === 'string' &&
    !CurrencyCodeSchema.safeParse(first.trim().toUpperCase()).success;
  const values = header ? cells.slice(1) : cells;
  const at = (i: number) =>
    `currencies ${range.length === 1 && cells.length > 1 ? 'column' : 'row'} ${i + (header ? 2 : 1)}`;
  if (values.length !== 1 && values.length !== n) {
    problem(
      '#VALUE!',
      `currencies: give one code for all amounts or one per amount (${n}), got ${values.length}`,
    );
  }
  return values.length === 1
    ? new Array(n).fill({ cell: values[0], where: at(0) })
    : values.map((cell, i) => ({ cell, where: at(i) }));
}

/** One value of a vector given either once (used for every row) or once per row. */
function pick(v: SheetVector, i: number, n: number, name: string): { cell: SheetCell; where: string } {
  if (v.values.length === 1) return { cell: v.values[0], where: v.where(0) };
  if (v.values.length !== n) {
    problem('#VALUE!', `${name}: give one cell or one per amount (${n}), got ${v.values.length}`);
  }
  return { cell: v.values[i], where: v.where(i) };
}

const EXPLAIN_COLUMNS = ['Converted', 'Rate', 'Rate date', 'Explanation'];

/** SPM.FXCONVERT: amounts converted to one currency at the rate each date (or plan) calls for. */
export const FXCONVERT = defineSheetFunction({
  name: 'FXCONVERT',
  description:
    'Converts amounts to one currency with an exchange-rate table: the rate on each date (or a month/quarter average, or a fixed plan rate), exact, rounded once; a missing rate is an error naming the pair and date.',
  parameters: [
    { name: 'amounts', type: 'range', description: 'A column (or row) of amounts; empty cells stay empty.' },
    {
      name: 'currencies',
      type: 'range',
      description: 'The currency of the amounts: one code (USD) for all, or a column beside the amounts.',
    },
    { name: 'to', type: 'text', description: 'The currency to convert to (CNY).' },
    {
      name: 'rates',
      type: 'range',
      description:
        'Rows of From, To, Rate and Date (the day the rate takes effect; not needed for "fixed"): one unit of From is Rate units of To. The opposite pair is used inverted when only it is given.',
    },
    {
      name: 'dates',
      type: 'range',
      optional: true,
      description:
        'The date of each amount (a close date, a payment date): one date for all, or a column beside the amounts. Required unless policy is "fixed".',
    },
    {
      name: 'policy',
      type: 'text',
      optional: true,
      description:
        '"date" (default: the latest rate on or before each date), "month" or "quarter" (the day-weighted average over the period containing each date), or "fixed" (one plan rate per pair).',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals of the result; default the target currency’s (2 for CNY, 0 for JPY).',
    },
    {
      name: 'rounding',
      type: 'text',
      optional: true,
      description: 'The one rounding step’s mode: "half-even" (default), "half-up", "down", "up", …',
    },
    {
      name: 'explain',
      type: 'boolean',
      optional: true,
      description:
        'TRUE for a table Converted, Rate, Rate date, Explanation (with a header row) instead of the converted amounts alone.',
    },
    {
      name: 'fiscalStartMonth',
      type: 'number',
      optional: true,
      description:
        'The month the fiscal year starts, 1–12, for policy "quarter" (default 1: calendar quarters).',
    },
  ],
  result: {
    description:
      'The converted amounts in the shape of amounts; with explain, a table with one row per amount.',
    columns: EXPLAIN_COLUMNS,
  },
  example: '=SPM.FXCONVERT(Deals!E2:E500, Deals!F2:F500, "CNY", Rates!A1:D40, Deals!G2:G500)',
  run(args): SheetResult {
    const to = currencyCell(args.cell('to'), 'to');
    const policy = policyOf(args.cell('policy'));
    const rates = ratesOf(args, policy, args.context);
    const minorUnits = cellWholeNumber(args.cell('decimals'), 'decimals', 0, 10, currencyMinorUnits(to));
    const mode: RoundingMode = cellRoundingMode(args.cell('rounding'), 'rounding', 'half-even');
    const explain = args.cell('explain') === true;
    const calendar =
      policy === 'quarter'
        ? calendarOf(args, { fiscalStartMonth: args.cell('fiscalStartMonth'), workingDays: false })
        : undefined;
    const amounts = readVector(args.range('amounts'), 'amounts');
    const datesRange = args.range('dates');
    if (policy !== 'fixed' && datesRange.length === 0) {
      problem(
        '#VALUE!',
        `dates: required for policy "${policy}"; give the date of each amount, or use "fixed"`,
      );
    }
    const dates = datesRange.length ? readVector(datesRange, 'dates') : undefined;
    // A column of amounts on few days: each pair and day (or period) is looked up once.
    const cache = rateCache(to, {
      ...(policy === 'fixed' ? {} : { rates: rates as RateTable }),
      rounding: mode,
      minorUnits,
    });
    const n = amounts.values.length;
    const currencies = currencyColumn(args, n);
    const rows: SheetValue[][] = amounts.values.map((cell, i): SheetValue[] => {
      const blank = (): SheetValue[] => (explain ? ['', '', '', ''] : ['']);
      if (isEmptyCell(cell)) return blank();
      try {
        const where = amounts.where(i);
        const amount = cellDecimal(cell, where);
        const c = currencies[i]!;
        const from = currencyCell(c.cell, c.where);
        let day: CalendarDate | undefined;
        if (dates) {
          const d = pick(dates, i, n, 'dates');
          if (!isEmptyCell(d.cell)) day = cellDate(d.cell, d.where, args.context);
        }
        if (policy !== 'fixed' && day === undefined) problem('#VALUE!', `${where}: its date is empty`);
        const result = cache.convert(
          Money.of(amount, from),
          policy === 'fixed'
            ? { kind: 'fixed', rates: rates as ExchangeRateInput[] }
            : policy === 'date'
              ? { kind: 'on-date', date: day! }
              : { kind: 'period-average', period: periodContaining(policy, day!, calendar) },
        );
        const value = toCellNumber(result.amount.amount, minorUnits, mode, where);
        if (!explain) return [value];
        const rateDate = result.rate.periodKey ?? result.rate.rates[0]?.effectiveDate ?? '';
        return [
          value,
          toCellNumber(result.rate.rate, 10, 'half-even', where),
          policy === 'fixed' ? 'fixed' : rateDate,
          result.text,
        ];
      } catch (error) {
        const e = toSheetError(error);
        return explain ? [e, '', '', ''] : [e];
      }
    });
    if (explain) return [EXPLAIN_COLUMNS as unknown as SheetValue[], ...rows];
    return amounts.shape(
      rows.map((r) => r[0]!),
      amounts.header === undefined ? undefined : `${amounts.header} (${to})`,
    );
  },
});
