import { Decimal } from '../../money/index';
import { addDays, type Period, parsePeriodKey } from '../../period/index';
import {
  type DecomposeTargetOptions,
  decomposeTarget,
  type TargetLevel,
  type TimeSplitMethod,
  targetMatrix,
} from '../../targets/index';
import {
  describeCell,
  headerKey,
  isEmptyCell,
  readTable,
  readVector,
  type SheetCell,
  type SheetValue,
} from '../cells';
import { problem, toSheetError } from '../errors';
import { cellDecimal, toCellNumber } from '../numbers';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { CALENDAR_PARAMETERS, calendarOf, decimalsOf } from './shared';

const LEVELS: readonly TargetLevel[] = ['half', 'quarter', 'month', 'week', 'day'];

function levelOf(value: SheetCell, period: Period): TargetLevel {
  if (isEmptyCell(value)) return ['year', 'half', 'quarter'].includes(period.kind) ? 'month' : 'day';
  const text = String(value).trim().toLowerCase();
  const level = LEVELS.find(
    (l) => text === l || text === `${l}s` || text === `${l}ly` || (l === 'day' && text === 'daily'),
  );
  if (level === undefined) {
    problem('#VALUE!', `level: expected one of ${LEVELS.join(', ')}, got ${describeCell(value)}`);
  }
  return level;
}

type SheetMethod = 'even' | 'workingDays' | 'calendarDays' | 'weights';

function methodOf(value: SheetCell, hasWeights: boolean): SheetMethod {
  if (isEmptyCell(value)) return hasWeights ? 'weights' : 'even';
  const text = headerKey(String(value));
  if (text === 'even' || text === 'equal') return 'even';
  if (text === 'workingdays' || text === 'working') return 'workingDays';
  if (text === 'calendardays' || text === 'calendar' || text === 'days') return 'calendarDays';
  if (['weights', 'custom', 'seasonality', 'seasonal', 'indexes'].includes(text)) return 'weights';
  return problem(
    '#VALUE!',
    `method: expected "even", "workingDays", "calendarDays" or "seasonality" (custom weights), got ${describeCell(value)}`,
  );
}

function periodOf(value: SheetCell, calendar: ReturnType<typeof calendarOf>): Period {
  let key: string;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999)
    key = `FY${value}`;
  else if (typeof value === 'string') key = value.trim();
  else
    problem(
      '#VALUE!',
      `period: expected a period key such as FY2025, FY2025-Q2 or 2025-03, got ${describeCell(value)}`,
    );
  try {
    return parsePeriodKey(key, calendar);
  } catch {
    return problem(
      '#VALUE!',
      `period: "${key}" is not a period key; write FY2025, FY2025-H1, FY2025-Q2, 2025-03 or 2025-W05`,
    );
  }
}

/** The weights range: one column (or row) in period order, or a Period | Weight table by key. */
function weightsOf(
  args: SheetArgs,
  level: TargetLevel,
  calendar: ReturnType<typeof calendarOf>,
): { level: TargetLevel; indexes: string[] | Record<string, string> } {
  const range = args.range('weights');
  const width = range.reduce((m, row) => Math.max(m, row.length), 0);
  const read = (cell: SheetCell, where: string) => {
    if (isEmptyCell(cell)) problem('#VALUE!', `${where}: is empty; give every period a weight (0 for none)`);
    const d = cellDecimal(cell, where);
    if (d.isNegative()) problem('#NUM!', `${where}: a weight cannot be negative, got ${d.toFixed()}`);
    return d.toFixed();
  };
  if (width >= 2 && range.length >= 2) {
    const table = readTable(range, { name: 'weights' });
    const keyCol = table.columnIndex(['period', 'key', 'month', 'quarter', 'week', '期间']) ?? 0;
    const weightCol =
      table.columnIndex(['weight', 'index', 'share', 'percent', '权重', '系数']) ?? (keyCol === 0 ? 1 : 0);
    const byKey: Record<string, string> = {};
    let keyLevel: TargetLevel | undefined;
    table.rows.forEach((row, i) => {
      if (row.every(isEmptyCell)) return;
      const where = table.where(i);
      const cell = row[keyCol];
      if (isEmptyCell(cell)) problem('#VALUE!', `${where}: the period is empty`);
      const key = String(cell).trim();
      let p: Period;
      try {
        p = parsePeriodKey(key, calendar);
      } catch {
        p = problem('#VALUE!', `${where}: "${key}" is not a period key such as 2025-03 or FY2025-Q2`);
      }
      if (!LEVELS.includes(p.kind as TargetLevel)) {
        problem(
          '#VALUE!',
          `${where}: weights are given per half, quarter, month, week or day, not per ${p.kind}`,
        );
      }
      if (keyLevel !== undefined && p.kind !== keyLevel) {
        problem('#VALUE!', `${where}: ${key} is a ${p.kind}, the rows above are ${keyLevel}s; use one level`);
      }
      keyLevel = p.kind as TargetLevel;
      byKey[p.key] = read(row[weightCol], `${where} (weight)`);
    });
    if (keyLevel === undefined) problem('#VALUE!', 'weights: no rows');
    return { level: keyLevel, indexes: byKey };
  }
  const vector = readVector(range, 'weights');
  return { level, indexes: vector.values.map((cell, i) => read(cell, vector.where(i))) };
}

const COLUMNS = ['Period', 'First day', 'Last day', 'Share', 'Target'];

/** SPM.TARGETDECOMPOSE: a total target over the periods of a year (quarter, month) by a method. */
export const TARGETDECOMPOSE = defineSheetFunction({
  name: 'TARGETDECOMPOSE',
  description:
    'Decomposes a target over a period’s halves, quarters, months, weeks or days: evenly, by working or calendar days, or by seasonality weights; the parts sum exactly to the total.',
  parameters: [
    { name: 'total', type: 'number', description: 'The target to decompose, e.g. 12000000.' },
    {
      name: 'period',
      type: 'text',
      description: 'The period it covers: a key such as FY2025 (or 2025), FY2025-H1, FY2025-Q2, 2025-03.',
    },
    {
      name: 'level',
      type: 'text',
      optional: true,
      description:
        'The parts: "half", "quarter", "month" (default for a year, half or quarter), "week" (ISO) or "day".',
    },
    {
      name: 'method',
      type: 'text',
      optional: true,
      description:
        '"even" (default), "workingDays", "calendarDays" or "seasonality" (the weights range; the default when weights are given).',
    },
    {
      name: 'weights',
      type: 'range',
      optional: true,
      description:
        'Seasonality or custom weights, any non-negative numbers: one per part in order (a column or a row), or a table Period | Weight by key (2025-01, FY2025-Q1) at the same or a coarser level, shared inside by working days.',
    },
    {
      name: 'reps',
      type: 'range',
      optional: true,
      description:
        'For a rep × period plan: a header row Rep and Weight (capacity, last year’s sales; default 1 each) or Target (each rep’s fixed total, summing to the total).',
    },
    ...CALENDAR_PARAMETERS,
    {
      name: 'fiscalStartMonth',
      type: 'number',
      optional: true,
      description: 'The month the fiscal year starts, 1–12 (FY2025 starting April 2025: 4); default 1.',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals of each part, 0 to 10; default 2. The total must not have more.',
    },
  ],
  result: {
    description:
      'A header row, then one row per part: its key (FY2025-Q1, 2025-03, 2025-W05), first and last day (weeks are cut at the period’s edges), its share of the total (6 decimals) and its target. With reps: a rep × period plan, a header row Rep, the period keys and Total, one row per rep and a Total row, exact both ways.',
    columns: COLUMNS,
  },
  example: '=SPM.TARGETDECOMPOSE(12000000, "FY2025", "month", "seasonality", Seasonality!B2:B13)',
  run(args) {
    const decimals = decimalsOf(args);
    const total = cellDecimal(args.cell('total'), 'total');
    if (total.decimalPlaces() > decimals) {
      problem(
        '#NUM!',
        `total: ${total.toFixed()} has more than ${decimals} decimals; round it first (ROUND) or raise decimals`,
      );
    }
    const calendar = calendarOf(args, { fiscalStartMonth: args.cell('fiscalStartMonth') });
    const period = periodOf(args.cell('period'), calendar);
    const level = levelOf(args.cell('level'), period);
    const hasWeights = args.range('weights').length > 0;
    const method = methodOf(args.cell('method'), hasWeights);
    if (method === 'weights' && !hasWeights) {
      problem(
        '#VALUE!',
        'weights is required for method "seasonality": one weight per part, or Period | Weight rows',
      );
    }
    const options: DecomposeTargetOptions = {
      levels: [level],
      calendar,
      allowNegative: true,
      method: (method === 'weights' ? 'seasonality' : method) as TimeSplitMethod,
      ...(method === 'weights' ? { seasonality: weightsOf(args, level, calendar) } : {}),
    };
    // The split works in whole minor units of a currency; a currency without minor units (JPY) and the
    // total scaled by 10^decimals make the unit 10^-decimals exactly, for any decimals.
    const scale = new Decimal(10).pow(decimals);
    let result: ReturnType<typeof decomposeTarget>;
    try {
      result = decomposeTarget(
        { total: { amount: total.times(scale).toFixed(), currency: 'JPY' }, period },
        options,
      );
    } catch (error) {
      // Name the sheet's argument rather than the module's option.
      const cell = toSheetError(error);
      return problem(cell.error, cell.message.replace(/^seasonality\.indexes/, 'weights'));
    }
    if (args.range('reps').length > 0) return plan(args, result, scale, decimals, calendar);
    return [
      COLUMNS,
      ...result.leaves.map((part, i) => [
        part.key,
        part.period.start,
        addDays(part.period.end, -1),
        part.share === null ? 'n/a (the total is 0)' : Number(part.share),
        toCellNumber(part.amount.amount.dividedBy(scale), decimals, 'half-even', `row ${i + 2}`),
      ]),
    ];
  },
});

/** The rep × period plan: each period's target shared by the reps' weights (or fixed totals), exact both ways. */
function plan(
  args: SheetArgs,
  result: ReturnType<typeof decomposeTarget>,
  scale: Decimal,
  decimals: number,
  calendar: ReturnType<typeof calendarOf>,
): SheetValue[][] {
  const table = readTable(args.range('reps'), { name: 'reps' });
  const repCol = table.columnIndex(['rep', 'repId', 'owner', 'name', 'salesperson', '销售', '负责人']) ?? 0;
  const weightCol = table.columnIndex(['weight', 'capacity', 'share', 'history', '权重']);
  const targetCol = table.columnIndex(['target', 'total', 'quota', '目标']);
  const reps: { id: string; weight?: string; total?: { amount: string; currency: string } }[] = [];
  const seen = new Set<string>();
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    const cell = row[repCol];
    if (isEmptyCell(cell)) problem('#VALUE!', `${where}: the rep is empty`);
    const id = String(cell).trim();
    if (seen.has(id)) problem('#VALUE!', `${where}: rep "${id}" is listed twice`);
    seen.add(id);
    const rep: (typeof reps)[number] = { id };
    if (weightCol !== undefined && !isEmptyCell(row[weightCol])) {
      const w = cellDecimal(row[weightCol], `${where} (weight)`);
      if (w.isNegative()) problem('#NUM!', `${where}: a weight cannot be negative, got ${w.toFixed()}`);
      rep.weight = w.toFixed();
    }
    if (targetCol !== undefined && !isEmptyCell(row[targetCol])) {
      const t = cellDecimal(row[targetCol], `${where} (target)`);
      if (t.decimalPlaces() > decimals) {
        problem('#NUM!', `${where}: the target ${t.toFixed()} has more than ${decimals} decimals`);
      }
      rep.total = { amount: t.times(scale).toFixed(), currency: 'JPY' };
    }
    reps.push(rep);
  });
  if (reps.length === 0) {
    problem('#VALUE!', 'reps: no reps given; a header row Rep (and Weight or Target), then one rep per row');
  }
  // The reps' totals: fixed Targets (which must add up to the total), or the total split by the weights
  // (largest remainder, ties to the first rep); the matrix then fits both margins exactly.
  const fixed = reps.filter((r) => r.total !== undefined).length;
  if (fixed > 0 && fixed < reps.length) {
    problem(
      '#VALUE!',
      'reps: give every rep a Target, or none (then the total is split by the Weight column)',
    );
  }
  if (fixed === 0) {
    const weights = reps.map((r) => new Decimal(r.weight ?? 1));
    if (weights.every((w) => w.isZero()))
      problem('#DIV/0!', 'reps: every weight is zero; nothing to split by');
    const totals = result.total.allocate(weights);
    reps.forEach((r, i) => {
      r.total = { amount: totals[i]!.amount.toFixed(), currency: 'JPY' };
    });
  } else {
    const sum = reps.reduce((s, r) => s.plus(r.total!.amount), new Decimal(0));
    if (!sum.equals(result.total.amount)) {
      problem(
        '#VALUE!',
        `reps: the rep targets total ${sum.dividedBy(scale).toFixed()}, not the total ${result.total.amount.dividedBy(scale).toFixed()}`,
      );
    }
  }
  let matrix: ReturnType<typeof targetMatrix>;
  try {
    matrix = targetMatrix(
      {
        periods: result.leaves.map((p) => ({ period: p.period, amount: p.amount })),
        reps: reps.map((r) => ({ id: r.id, total: r.total! })),
      },
      { calendar },
    );
  } catch (error) {
    return problem(toSheetError(error).error, toSheetError(error).message);
  }
  const cellOf = (minor: number | bigint, where: string) =>
    toCellNumber(new Decimal(minor.toString()).dividedBy(scale), decimals, 'half-even', where);
  const periodTotals = result.leaves.map((p) => p.amount.amount);
  return [
    ['Rep', ...result.leaves.map((p) => p.key), 'Total'],
    ...matrix.reps.map((rep, r) => [
      rep.id,
      ...matrix.cells[r]!.map((c, j) => cellOf(c, `rep ${rep.id} ${result.leaves[j]!.key}`)),
      toCellNumber(rep.total.amount.dividedBy(scale), decimals, 'half-even', `rep ${rep.id}`),
    ]),
    [
      'Total',
      ...periodTotals.map((a, j) =>
        toCellNumber(a.dividedBy(scale), decimals, 'half-even', result.leaves[j]!.key),
      ),
      toCellNumber(result.total.amount.dividedBy(scale), decimals, 'half-even', 'total'),
    ],
  ];
}
