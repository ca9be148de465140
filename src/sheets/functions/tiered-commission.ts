import { Decimal, type RoundingMode } from '../../money/index';
import { describeCell, isEmptyCell, readTable, readVector, type SheetCell, type SheetValue } from '../cells';
import { problem, toSheetError } from '../errors';
import { cellDecimal, cellRoundingMode, toCellNumber } from '../numbers';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { decimalsOf } from './shared';

/** One row of a tier table: from `from` (included) up to the next tier's `from`, `rate` applies. */
interface Tier {
  readonly from: Decimal;
  readonly rate: Decimal;
}

type Method = 'marginal' | 'retroactive';

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
const AMOUNT_HEADERS = ['amount', 'sales', 'revenue', 'value', 'attainment', 'total', '金额', '销售额'];
const FROM_HEADERS = ['from', 'threshold', 'min', 'above', 'over', 'lower', 'floor', 'start', '起点', '下限'];
const RATE_HEADERS = ['rate', 'commissionRate', 'pct', 'percent', 'percentage', '%', '比例', '提成比例'];

function tiersOf(args: SheetArgs): Tier[] {
  const table = readTable(args.range('tiers'), { name: 'tiers' });
  if (table.width < 2) {
    problem(
      '#VALUE!',
      'tiers: expected two columns, "From" (the threshold) and "Rate" (e.g. 0, 3%; 100000, 5%)',
    );
  }
  const fromCol = table.columnIndex(FROM_HEADERS) ?? 0;
  const rateCol = table.columnIndex(RATE_HEADERS) ?? (fromCol === 0 ? 1 : 0);
  const tiers: Tier[] = [];
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    const from = cellDecimal(row[fromCol], `${where} (from)`);
    const rate = cellDecimal(row[rateCol], `${where} (rate)`);
    if (from.isNegative())
      problem('#NUM!', `${where}: a threshold cannot be negative, got ${from.toFixed()}`);
    if (rate.isNegative()) problem('#NUM!', `${where}: a rate cannot be negative, got ${rate.toFixed()}`);
    const previous = tiers[tiers.length - 1];
    if (previous && !from.greaterThan(previous.from)) {
      problem(
        '#VALUE!',
        `${where}: thresholds must increase from row to row; ${from.toFixed()} does not exceed ${previous.from.toFixed()}`,
      );
    }
    tiers.push({ from, rate });
  });
  if (tiers.length === 0) problem('#VALUE!', 'tiers: no tiers given; expected rows of "From" and "Rate"');
  return tiers;
}

function methodOf(value: SheetCell): Method {
  if (isEmptyCell(value)) return 'marginal';
  const text = String(value).trim().toLowerCase();
  if (text === 'marginal' || text === 'retroactive') return text;
  return problem('#VALUE!', `method: expected "marginal" or "retroactive", got ${describeCell(value)}`);
}

/** The exact commission on `amount`, and the highest tier reached (-1 when below the first threshold). */
export function tieredCommission(
  amount: Decimal,
  tiers: readonly Tier[],
  method: Method,
): { commission: Decimal; tier: number } {
  let tier = -1;
  for (let i = 0; i < tiers.length && amount.greaterThanOrEqualTo(tiers[i]!.from); i++) tier = i;
  if (tier < 0) return { commission: new Decimal(0), tier };
  if (method === 'retroactive') return { commission: amount.times(tiers[tier]!.rate), tier };
  let commission = new Decimal(0);
  for (let i = 0; i <= tier; i++) {
    const upper = tiers[i + 1]?.from;
    const top = upper === undefined || amount.lessThan(upper) ? amount : upper;
    commission = commission.plus(top.minus(tiers[i]!.from).times(tiers[i]!.rate));
  }
  return { commission, tier };
}

interface Settings {
  tiers: Tier[];
  method: Method;
  decimals: number;
  mode: RoundingMode;
  explain: boolean;
}

/** The result cells for one amount: commission, then (explained) tier, rate and effective rate. */
function cellsFor(amount: Decimal, s: Settings, where: string): SheetValue[] {
  if (amount.isNegative()) {
    problem(
      '#NUM!',
      `${where}: sales of ${amount.toFixed()} are negative; tiers apply to totals of 0 or more`,
    );
  }
  const { commission, tier } = tieredCommission(amount, s.tiers, s.method);
  const paid = toCellNumber(commission, s.decimals, s.mode, where);
  if (!s.explain) return [paid];
  const rate = tier < 0 ? 0 : toCellNumber(s.tiers[tier]!.rate, 10, 'half-even', where);
  // Effective rate from the exact commission: a zero sales amount has none ("not applicable"), never NaN.
  const effective = amount.isZero()
    ? 'n/a (no sales)'
    : toCellNumber(commission.dividedBy(amount), 10, 'half-even', where);
  return [paid, tier < 0 ? 'below first tier' : tier + 1, rate, effective];
}

const EXPLAIN_COLUMNS = ['Commission', 'Tier', 'Rate', 'Effective rate'];

function errorRow(error: unknown, width: number): SheetValue[] {
  const cell = toSheetError(error);
  return [cell, ...new Array<SheetValue>(width - 1).fill('')];
}

/** SPM.TIEREDCOMMISSION: commission on sales from a tier table, marginal or retroactive, exact then rounded once. */
export const TIEREDCOMMISSION = defineSheetFunction({
  name: 'TIEREDCOMMISSION',
  description:
    'Commission on sales from a tier table (From, Rate): marginal (each slice at its own rate) or retroactive (all at the highest rate reached); exact, rounded once.',
  parameters: [
    {
      name: 'sales',
      type: 'range',
      description:
        'A column of sales totals (one result per row), or a table with a header naming a Rep and an Amount column (one result per rep, amounts summed).',
    },
    {
      name: 'tiers',
      type: 'range',
      description:
        'Rows of From (threshold, included) and Rate (0.05 or 5%), thresholds increasing; an optional header row names them.',
    },
    {
      name: 'method',
      type: 'text',
      optional: true,
      description:
        '"marginal" (default: each slice of sales at its tier’s rate) or "retroactive" (all sales at the top tier’s rate).',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals the commission is rounded to, 0 to 10; default 2.',
    },
    {
      name: 'rounding',
      type: 'text',
      optional: true,
      description:
        'How the commission is rounded: half-up (default), half-even, half-down, down, up, floor, ceiling.',
    },
    {
      name: 'explain',
      type: 'boolean',
      optional: true,
      description: 'TRUE adds columns Tier, Rate and Effective rate (commission ÷ sales); default FALSE.',
    },
  ],
  result: {
    description:
      'For a column: one commission per sales row (with explain, four columns). For a Rep/Amount table: a header row, then Rep, Sales and Commission per rep (with explain, also Tier, Rate, Effective rate). A bad sales row shows its error in its own row.',
    columns: ['Rep', 'Sales', 'Commission', 'Tier', 'Rate', 'Effective rate'],
  },
  example: '=SPM.TIEREDCOMMISSION(B2:B20, Tiers!A1:B4, "marginal")',
  run(args) {
    const explainCell = args.cell('explain');
    if (!isEmptyCell(explainCell) && typeof explainCell !== 'boolean') {
      problem('#VALUE!', `explain: expected TRUE or FALSE, got ${describeCell(explainCell)}`);
    }
    const s: Settings = {
      tiers: tiersOf(args),
      method: methodOf(args.cell('method')),
      decimals: decimalsOf(args),
      mode: cellRoundingMode(args.cell('rounding'), 'rounding', 'half-up'),
      explain: explainCell === true,
    };
    const sales = args.range('sales');
    const width = sales.reduce((m, row) => Math.max(m, row.length), 0);
    if (width > 1 && sales.length > 1) return byRep(sales, s);
    const vector = readVector(sales, 'sales');
    const rows = vector.values.map((cell, i) => {
      if (isEmptyCell(cell)) return s.explain ? ['', '', '', ''] : [''];
      try {
        return cellsFor(cellDecimal(cell, vector.where(i)), s, vector.where(i));
      } catch (error) {
        return errorRow(error, s.explain ? 4 : 1);
      }
    });
    if (!s.explain)
      return vector.shape(
        rows.map((r) => r[0]!),
        'Commission',
      );
    if (vector.orientation === 'row') {
      problem('#VALUE!', 'explain: give sales as a column to get the explanation columns beside it');
    }
    return vector.header === undefined ? rows : [EXPLAIN_COLUMNS, ...rows];
  },
});

function byRep(range: readonly (readonly SheetCell[])[], s: Settings): SheetValue[][] {
  const table = readTable(range, { name: 'sales' });
  const repCol = table.columnIndex(REP_HEADERS);
  const amountCol = table.columnIndex(AMOUNT_HEADERS);
  if (repCol === undefined || amountCol === undefined) {
    problem(
      '#N/A',
      `sales: a range with several columns needs a header row naming a Rep column (${REP_HEADERS.slice(0, 3).join(', ')}) and an Amount column (${AMOUNT_HEADERS.slice(0, 3).join(', ')}); got ${table.header ? table.header.map((h) => `"${h}"`).join(', ') : 'no header'}`,
    );
  }
  const totals = new Map<string, { amount: Decimal; error?: unknown }>();
  const orphans: unknown[] = [];
  table.rows.forEach((row, i) => {
    const rep = row[repCol];
    const value = row[amountCol];
    if (isEmptyCell(rep) && isEmptyCell(value)) return;
    const where = table.where(i);
    try {
      if (isEmptyCell(rep))
        problem('#VALUE!', `${where}: the rep is empty for sales of ${describeCell(value)}`);
      const key = String(rep).trim();
      const entry = totals.get(key) ?? { amount: new Decimal(0) };
      totals.set(key, entry);
      if (entry.error !== undefined) return;
      try {
        entry.amount = entry.amount.plus(isEmptyCell(value) ? 0 : cellDecimal(value, `${where} (amount)`));
      } catch (error) {
        entry.error = error;
      }
    } catch (error) {
      orphans.push(error);
    }
  });
  const header = s.explain ? ['Rep', 'Sales', ...EXPLAIN_COLUMNS] : ['Rep', 'Sales', 'Commission'];
  const out: SheetValue[][] = [header];
  for (const [rep, { amount, error }] of totals) {
    try {
      if (error !== undefined) throw error;
      out.push([rep, toCellNumber(amount, 10, 'half-even', rep), ...cellsFor(amount, s, `rep ${rep}`)]);
    } catch (thrown) {
      out.push([rep, ...errorRow(thrown, header.length - 1)]);
    }
  }
  for (const error of orphans) out.push(['', ...errorRow(error, header.length - 1)]);
  return out;
}
