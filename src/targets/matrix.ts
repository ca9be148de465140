import type { ConversionPolicy } from '../currency/index';
import { ErrorCode, type IssuePath } from '../errors';
import { allocateMinor, type Decimal, type DecimalInput, Money, type MoneyInput } from '../money/index';
import {
  type CalendarDate,
  customPeriod,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
} from '../period/index';
import { conversionNote, converter, type TargetConversion, type TargetCurrencyOptions } from './currency';
import { compileRamp, monthlyPercents, type RampRule } from './ramp';
import { checkShape } from './schemas';
import { apportion, fail, readCalendar, readMoney, readPeriod, readWeight, scaleToIntegers } from './shared';

/**
 * One column of a target matrix: a period and its target (a {@link TargetPeriodPart} fits).
 *
 * @example
 * ```ts
 * import type { TargetMatrixPeriod } from 'openspm';
 * const col: TargetMatrixPeriod = { period: '2025-01', amount: { amount: '100000', currency: 'CNY' } };
 * ```
 */
export interface TargetMatrixPeriod {
  /** The period, as a `Period` or a key. */
  readonly period: Period | string;
  /** Its target. */
  readonly amount: Money | MoneyInput;
}

/**
 * One row of a target matrix: a rep, with a weight, ramp dates and optionally a fixed total.
 *
 * @example
 * ```ts
 * import type { TargetMatrixRep } from 'openspm';
 * const rep: TargetMatrixRep = { id: 'u7', hireDate: '2025-02-03' };
 * ```
 */
export interface TargetMatrixRep {
  /** The rep's id. */
  readonly id: string;
  /** A name to show. */
  readonly name?: string;
  /** Weight (default 1): capacity, history share or a custom weight. */
  readonly weight?: DecimalInput;
  /** Hire date (or a `Date`, placed in the calendar's zone): the ramp applies by month of tenure, with the mid-month rule. */
  readonly hireDate?: CalendarDate | Date;
  /** Last day (or a `Date`): later months get nothing; its month counts when on or after the mid-month day. */
  readonly endDate?: CalendarDate | Date;
  /** Tenure month in the first period's month, instead of `hireDate`. */
  readonly rampMonth?: number;
  /**
   * The rep's fixed total (from {@link splitTarget}, with locks and bounds). Give it for every rep or for
   * none; rep totals must then sum to the period totals.
   */
  readonly total?: Money | MoneyInput;
}

/**
 * What to lay out: period totals (columns) and reps (rows).
 *
 * @example
 * ```ts
 * import type { TargetMatrixInput } from 'openspm';
 * const input: TargetMatrixInput = { periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }], reps: [{ id: 'a' }] };
 * ```
 */
export interface TargetMatrixInput {
  /** The periods and their targets, in order; they may be a decomposition's `leaves`. */
  readonly periods: readonly TargetMatrixPeriod[];
  /** The reps. */
  readonly reps: readonly TargetMatrixRep[];
}

/**
 * Options of {@link targetMatrix}.
 *
 * @example
 * ```ts
 * import type { TargetMatrixOptions } from 'openspm';
 * const options: TargetMatrixOptions = { ramp: { table: [25, 50, 75, 100] } };
 * ```
 */
export interface TargetMatrixOptions extends TargetCurrencyOptions {
  /** The ramp for new hires (by the month each period starts in). */
  readonly ramp?: RampRule;
  /** The calendar for period keys. */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /** The matrix's currency; default the first period's. Period and rep totals in others are converted into it. */
  readonly reportingCurrency?: string;
  /**
   * Which rate: `'on-date'` (default; a period's target at the rate on the period's first day, a rep total at
   * the rate on the first period's first day), `'period-average'` (the period's average; for a rep total, the
   * average over all the periods), or any `ConversionPolicy` (fixed plan rates).
   */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * A column of the result.
 *
 * @example
 * ```ts
 * import { targetMatrix } from 'openspm';
 * const m = targetMatrix({ periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }], reps: [{ id: 'a' }, { id: 'b' }] });
 * m.periods[0].total.toString(); //=> '1000.00 CNY'
 * ```
 */
export interface TargetMatrixColumn {
  /** The period key. */
  readonly key: string;
  /** The period. */
  readonly period: Period;
  /** The period's target: the sum of its column. */
  readonly total: Money;
}

/**
 * A row of the result.
 *
 * @example
 * ```ts
 * import { targetMatrix } from 'openspm';
 * const m = targetMatrix({ periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }], reps: [{ id: 'a' }, { id: 'b' }] });
 * m.reps[0].total.toString(); //=> '500.00 CNY'
 * ```
 */
export interface TargetMatrixRow {
  /** The rep's id. */
  readonly id: string;
  /** The rep's name, when given. */
  readonly name?: string;
  /** The rep's target: the sum of its row. */
  readonly total: Money;
}

/**
 * How a matrix was made.
 *
 * @example
 * ```ts
 * import { targetMatrix } from 'openspm';
 * const m = targetMatrix({ periods: [{ period: '2025-01', amount: { amount: '1000', currency: 'CNY' } }], reps: [{ id: 'a' }, { id: 'b' }] });
 * m.explain.mode; //=> 'per-period'
 * ```
 */
export interface TargetMatrixExplanation {
  /**
   * `'per-period'`: each period's target split over the reps active in it (rep totals are the row sums);
   * `'fixed-totals'`: rep totals given, cells fitted to both margins and rounded under control.
   */
  readonly mode: 'per-period' | 'fixed-totals';
  /** The rounding rule used. */
  readonly rule: string;
  /** Cells that got a minor unit above the floor of their exact (or fitted) share. */
  readonly roundedUp: number;
  /** Fixed totals only: units moved along augmenting paths after the greedy pass (usually 0). */
  readonly moved: number;
  /** Fixed totals only: iterations of the proportional fit. */
  readonly iterations: number;
  /** One sentence saying what was done. */
  readonly text: string;
  /**
   * When amounts in other currencies were converted: how many, and (fixed totals) how converted rep totals
   * were fitted to the period totals by largest remainder.
   */
  readonly conversion?: string;
}

/**
 * The result of {@link targetMatrix}: a rep × period matrix whose rows sum to the rep totals and columns
 * to the period totals, exactly, in minor units.
 *
 * @example
 * ```ts
 * import { targetMatrix } from 'openspm';
 * const m = targetMatrix({ periods: [{ period: '2025-01', amount: { amount: '10', currency: 'CNY' } }], reps: [{ id: 'a' }, { id: 'b' }] });
 * m.cells; //=> [[500], [500]]
 * ```
 */
export interface TargetMatrixResult {
  /** The currency. */
  readonly currency: string;
  /** Its minor units: `cells` are counts of 10^-minorUnits. */
  readonly minorUnits: number;
  /** The grand total. */
  readonly total: Money;
  /** The columns. */
  readonly periods: readonly TargetMatrixColumn[];
  /** The rows. */
  readonly reps: readonly TargetMatrixRow[];
  /** `cells[rep][period]` in integer minor units (`Money.fromMinor(cell, currency)` for money). */
  readonly cells: readonly (readonly number[])[];
  /** How it was done. */
  readonly explain: TargetMatrixExplanation;
  /** Period and rep totals converted into the matrix's currency (only when some were). */
  readonly conversions?: readonly TargetConversion[];
}

/**
 * Lays out targets as a rep × period matrix, consistent both ways at the minor unit: every column sums
 * to its period's target, every row to the rep's total, and all to the grand total.
 *
 * Without rep totals (`'per-period'`), each period's target is split over the reps by weight × ramp
 * percent in that period (largest remainder, ties to the earlier rep); a rep's total is its row sum.
 * With rep totals (`'fixed-totals'`, e.g. from {@link splitTarget} with locks and bounds), the cells are
 * fitted to both margins proportionally to weight × ramp (iterative proportional fitting, computed in
 * double precision as weights only), then rounded under control: every cell starts at the floor of its
 * fitted share; the units each period still needs go to the reps with the largest remainders (ties to the
 * earlier rep) that still need units; any unit left over moves along an augmenting path (max-flow). So each
 * cell is its fitted share rounded down or up, rows and columns are exact, and nothing is negative.
 *
 * @param input - periods with targets, and reps.
 * @param options - ramp, calendar, currency options.
 * @throws OpenSpmError `INFEASIBLE_TARGET` (rep totals not summing to the period totals, a period nobody
 *   is active in, a rep total its active periods cannot carry), `INVALID_WEIGHTS`, `CURRENCY_MISMATCH` (without
 *   currency options), `MISSING_EXCHANGE_RATE`.
 * @example
 * ```ts
 * import { targetMatrix } from 'openspm';
 * const m = targetMatrix(
 *   {
 *     periods: [
 *       { period: '2025-01', amount: { amount: '100.00', currency: 'CNY' } },
 *       { period: '2025-02', amount: { amount: '100.00', currency: 'CNY' } },
 *     ],
 *     reps: [{ id: 'a' }, { id: 'b' }, { id: 'c', hireDate: '2025-01-05' }],
 *   },
 *   { ramp: { table: [50, 100] } },
 * );
 * m.cells; //=> [[4000, 3334], [4000, 3333], [2000, 3333]]
 * m.reps.map((r) => r.total.toString()); //=> ['73.34 CNY', '73.33 CNY', '53.33 CNY']
 * ```
 */
export function targetMatrix(
  input: TargetMatrixInput,
  options: TargetMatrixOptions = {},
): TargetMatrixResult {
  checkShape('targetMatrix', input, options);
  if (input === null || typeof input !== 'object')
    fail(ErrorCode.INVALID_INPUT, [], 'expected { periods, reps }');
  if (!Array.isArray(input.periods) || input.periods.length === 0) {
    fail(ErrorCode.INVALID_INPUT, ['periods'], 'expected at least one period');
  }
  if (!Array.isArray(input.reps) || input.reps.length === 0) {
    fail(ErrorCode.INVALID_INPUT, ['reps'], 'expected at least one rep');
  }
  const calendar = readCalendar(options.calendar);
  const ramp = compileRamp(options.ramp, ['ramp']);
  const m = input.periods.length;
  const n = input.reps.length;
  let currency = options.reportingCurrency ?? '';
  let minorUnits = currency === '' ? 2 : Money.zero(currency).minorUnits;
  const cv = converter(options);
  const periods: Period[] = [];
  const colTotals = new Array<number>(m);
  let grand = 0;
  input.periods.forEach((p, j) => {
    const path: IssuePath = ['periods', j];
    const period = readPeriod(p?.period, calendar, [...path, 'period']);
    periods.push(period);
    let amount = readMoney(p.amount, [...path, 'amount']);
    if (currency === '') {
      currency = amount.currency;
      minorUnits = amount.minorUnits;
    }
    amount = cv.convert(amount, currency, minorUnits, () => ({ date: period.start, period }), [
      ...path,
      'amount',
    ]);
    if (amount.currency !== currency) {
      fail(
        ErrorCode.CURRENCY_MISMATCH,
        [...path, 'amount'],
        `is in ${amount.currency}, period 0 in ${currency}`,
      );
    }
    const minor = amount.toMinor(minorUnits);
    if (minor < 0n) fail(ErrorCode.INVALID_INPUT, [...path, 'amount'], `cannot be negative, got ${amount}`);
    colTotals[j] = safe(minor, [...path, 'amount']);
    grand += colTotals[j]!;
  });
  safe(BigInt(grand), ['periods']);

  // Seeds: weight × ramp percent of the month each period starts in, as exact integers.
  const ids = new Set<string>();
  const weights = scaleToIntegers(
    input.reps.map((r, i) => {
      if (r === null || typeof r !== 'object' || typeof r.id !== 'string' || r.id === '') {
        fail(ErrorCode.INVALID_INPUT, ['reps', i, 'id'], 'every rep needs an id');
      }
      if (ids.has(r.id)) fail(ErrorCode.DUPLICATE_ID, ['reps', i, 'id'], `rep "${r.id}" is listed twice`);
      ids.add(r.id);
      return readWeight(r.weight ?? 1, ['reps', i, 'weight']);
    }),
  );
  const tooLarge = () =>
    fail(ErrorCode.OUT_OF_RANGE, ['reps'], 'weights × ramp percents are too large; use smaller weights');
  const full = Number(ramp.full);
  const seeds: number[][] = input.reps.map((r, i) => {
    const w = Number(weights[i]!);
    const row = new Array<number>(m);
    // A rep without dates is at 100 % in every period: one product for the whole row.
    if (r.hireDate === undefined && r.endDate === undefined && r.rampMonth === undefined) {
      const s = w * full;
      if (!Number.isSafeInteger(s)) tooLarge();
      return row.fill(s);
    }
    const percents = monthlyPercents(r, ramp, periods, ['reps', i], calendar.zone);
    for (let j = 0; j < m; j++) {
      const s = w * Number(percents[j]!);
      if (!Number.isSafeInteger(s)) tooLarge();
      row[j] = s;
    }
    return row;
  });

  const withTotals = input.reps.filter((r) => r.total !== undefined).length;
  if (withTotals !== 0 && withTotals !== n) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['reps'],
      `${withTotals} of ${n} reps have a total; give a total for every rep or for none`,
    );
  }
  const cells: number[][] = input.reps.map(() => new Array<number>(m).fill(0));
  let explain: TargetMatrixExplanation;
  let fitNote: string | null = null;
  if (withTotals === 0) {
    let roundedUp = 0;
    for (let j = 0; j < m; j++) {
      const col = new Array<number>(n);
      let any = false;
      for (let i = 0; i < n; i++) {
        col[i] = seeds[i]![j]!;
        if (col[i]! > 0) any = true;
      }
      if (!any) {
        if (colTotals[j] === 0) continue;
        fail(
          ErrorCode.INFEASIBLE_TARGET,
          ['periods', j],
          `nobody is active in ${periods[j]!.key} to carry its target`,
        );
      }
      // Dividing by the common divisor keeps the shares exact and allocateMinor on its fast path.
      let g = 0;
      for (let i = 0; i < n && g !== 1; i++) g = gcdNumber(g, col[i]!);
      if (g > 1) for (let i = 0; i < n; i++) col[i] = col[i]! / g;
      const parts = allocateMinor(colTotals[j]!, col);
      let sum = 0;
      for (const s of col) sum += s;
      for (let i = 0; i < n; i++) {
        cells[i]![j] = parts[i]!;
        if (parts[i]! * sum > colTotals[j]! * col[i]!) roundedUp++;
      }
    }
    explain = {
      mode: 'per-period',
      rule: 'each period split over reps by weight × ramp, largest remainder, ties to the earlier rep',
      roundedUp,
      moved: 0,
      iterations: 0,
      text: `${m} period targets each split over ${n} reps by weight × ramp (largest remainder, ties to the earlier rep); rep totals are the row sums.`,
    };
  } else {
    let horizon: Period | undefined;
    const whole = (): Period => {
      if (horizon === undefined) {
        let start = periods[0]!.start;
        let end = periods[0]!.end;
        for (const p of periods) {
          if (p.start < start) start = p.start;
          if (p.end > end) end = p.end;
        }
        horizon = customPeriod(start, end);
      }
      return horizon;
    };
    const before = cv.list.length;
    const convertedRep: boolean[] = [];
    const exactRep: Decimal[] = [];
    const repTotals = input.reps.map((r, i) => {
      const given = readMoney(r.total, ['reps', i, 'total']);
      const t = cv.convert(given, currency, minorUnits, () => ({ date: whole().start, period: whole() }), [
        'reps',
        i,
        'total',
      ]);
      convertedRep.push(t !== given);
      exactRep.push(t !== given ? cv.list[cv.list.length - 1]!.exact : t.amount);
      if (t.currency !== currency)
        fail(
          ErrorCode.CURRENCY_MISMATCH,
          ['reps', i, 'total'],
          `is in ${t.currency}, the periods in ${currency}`,
        );
      const minor = t.toMinor(minorUnits);
      if (minor < 0n) fail(ErrorCode.INVALID_INPUT, ['reps', i, 'total'], `cannot be negative, got ${t}`);
      return safe(minor, ['reps', i, 'total']);
    });
    let sum = repTotals.reduce((a, b) => a + b, 0);
    const convertedReps = cv.list.length - before;
    if (convertedReps > 0 && sum !== grand && Math.abs(sum - grand) <= cv.list.length) {
      // Converted rep totals, each rounded on its own, may miss the period totals by rounding: what the
      // reps given in the matrix's currency leave is apportioned over the converted ones by their exact
      // converted values (largest remainder), so each moves by at most the difference.
      const fixed = repTotals.reduce((a, v, i) => (convertedRep[i] ? a : a + v), 0);
      const idx = repTotals.map((_, i) => i).filter((i) => convertedRep[i]);
      const weights = scaleToIntegers(idx.map((i) => exactRep[i]!));
      const diff = sum - grand;
      const money = (v: number) => Money.fromMinor(v, currency, minorUnits);
      if (grand - fixed >= 0 && weights.some((w) => w > 0n)) {
        const split = apportion(BigInt(grand - fixed), weights, ['reps']);
        let moved = 0;
        idx.forEach((i, k) => {
          const v = Number(split.parts[k]!);
          moved += Math.abs(v - repTotals[i]!);
          repTotals[i] = v;
        });
        sum = grand;
        fitNote = `the ${convertedReps} rep total(s) converted into ${currency} came to ${money(Math.abs(diff))} ${diff > 0 ? 'more' : 'less'} than the period totals (rounding); ${money(grand - fixed)} (the grand total less the rep totals given in ${currency}) was re-apportioned over them by their exact converted values (largest remainder): ${moved} minor unit(s) moved`;
      }
    }
    if (sum !== grand) {
      fail(
        ErrorCode.INFEASIBLE_TARGET,
        ['reps'],
        `rep totals sum to ${Money.fromMinor(sum, currency, minorUnits)}, the periods to ${Money.fromMinor(grand, currency, minorUnits)}; they must be equal`,
      );
    }
    explain = controlledRounding(seeds, repTotals, colTotals, cells, periods, input.reps);
  }
  const money = (v: number) => Money.fromMinor(v, currency, minorUnits);
  const converted = conversionNote(cv.list, currency);
  if (converted !== null) {
    explain = { ...explain, conversion: fitNote === null ? converted : `${converted}; ${fitNote}` };
  }
  return {
    currency,
    minorUnits,
    total: money(grand),
    periods: periods.map((p, j) => ({ key: p.key, period: p, total: money(colTotals[j]!) })),
    reps: input.reps.map((r, i) => {
      let t = 0;
      for (const v of cells[i]!) t += v;
      return { id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), total: money(t) };
    }),
    cells,
    explain,
    ...(cv.list.length > 0 ? { conversions: cv.list } : {}),
  };
}

function gcdNumber(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function safe(minor: bigint, path: IssuePath): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    fail(ErrorCode.OUT_OF_RANGE, path, 'is beyond 2^53 minor units; split it in smaller matrices');
  }
  return Number(minor);
}

/** Proportional fit to both margins, then floors and a max-flow for the remaining units. */
function controlledRounding(
  seeds: number[][],
  rows: number[],
  cols: number[],
  cells: number[][],
  periods: Period[],
  reps: readonly TargetMatrixRep[],
): TargetMatrixExplanation {
  const n = rows.length;
  const m = cols.length;
  for (let i = 0; i < n; i++) {
    if (rows[i]! > 0 && seeds[i]!.every((s) => s === 0)) {
      fail(
        ErrorCode.INFEASIBLE_TARGET,
        ['reps', i, 'total'],
        `rep "${reps[i]!.id}" has a total but is active in none of the periods`,
      );
    }
  }
  for (let j = 0; j < m; j++) {
    if (cols[j]! > 0 && seeds.every((row) => row[j] === 0)) {
      fail(
        ErrorCode.INFEASIBLE_TARGET,
        ['periods', j],
        `nobody is active in ${periods[j]!.key} to carry its target`,
      );
    }
  }
  // Iterative proportional fitting: fit[i][j] = seed × a[i] × b[j].
  const a = new Float64Array(n).fill(1);
  const b = new Float64Array(m).fill(1);
  let iterations = 0;
  for (; iterations < 500; iterations++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = seeds[i]!;
      for (let j = 0; j < m; j++) s += row[j]! * b[j]!;
      a[i] = s > 0 ? rows[i]! / s : 0;
    }
    let worst = 0;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += seeds[i]![j]! * a[i]!;
      const nb = s > 0 ? cols[j]! / s : 0;
      worst = Math.max(worst, Math.abs(s * b[j]! - cols[j]!));
      b[j] = nb;
    }
    if (worst < 1e-6) break;
  }
  // Floors, kept within the margins even where doubles land a hair above an integer.
  const frac: number[][] = [];
  const rowNeed = rows.slice();
  const colNeed = cols.slice();
  for (let i = 0; i < n; i++) {
    const fr = new Array<number>(m);
    for (let j = 0; j < m; j++) {
      const v = seeds[i]![j]! * a[i]! * b[j]!;
      let f = Math.floor(v);
      if (f > rowNeed[i]!) f = rowNeed[i]!;
      if (f > colNeed[j]!) f = colNeed[j]!;
      if (f < 0) f = 0;
      cells[i]![j] = f;
      rowNeed[i]! -= f;
      colNeed[j]! -= f;
      fr[j] = v - f;
    }
    frac.push(fr);
  }
  // Greedy: each period's missing units to the largest remainders among reps still short; a rep that
  // needs a unit in every period it has left comes first (else it could not be filled later).
  const added: number[][] = cells.map((row) => new Array<number>(row.length).fill(0));
  const left = new Int32Array(n); // periods from j on where the rep is active
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (seeds[i]![j]! > 0) left[i]! += 1;
  let roundedUp = 0;
  const order = new Int32Array(n);
  for (let j = 0; j < m; j++) {
    if (colNeed[j]! > 0) {
      let k = 0;
      for (let i = 0; i < n; i++) if (rowNeed[i]! > 0 && seeds[i]![j]! > 0) order[k++] = i;
      const cand = Array.from(order.subarray(0, k)).sort((x, y) => {
        const ux = rowNeed[x]! >= left[x]! ? 1 : 0;
        const uy = rowNeed[y]! >= left[y]! ? 1 : 0;
        return uy - ux || frac[y]![j]! - frac[x]![j]! || x - y;
      });
      for (const i of cand) {
        if (colNeed[j] === 0) break;
        cells[i]![j]! += 1;
        added[i]![j]! += 1;
        rowNeed[i]! -= 1;
        colNeed[j]! -= 1;
        roundedUp++;
      }
    }
    for (let i = 0; i < n; i++) if (seeds[i]![j]! > 0) left[i]! -= 1;
  }
  // Augmenting paths (max-flow) for whatever the greedy pass could not place.
  let moved = 0;
  for (let j0 = 0; j0 < m; j0++) {
    while (colNeed[j0]! > 0) {
      const path =
        augment(j0, seeds, added, rowNeed, n, m, false) ?? augment(j0, seeds, cells, rowNeed, n, m, true);
      if (path === null) {
        fail(
          ErrorCode.INFEASIBLE_TARGET,
          ['reps'],
          `the rep totals cannot be laid out over the periods they are active in (${periods[j0]!.key} cannot be filled)`,
        );
      }
      // path: [col, row, col, row, …, row]: +1 on (col→row), −1 on (row→next col).
      for (let k = 0; k + 1 < path.length; k += 2) {
        const j = path[k]!;
        const i = path[k + 1]!;
        cells[i]![j]! += 1;
        added[i]![j]! += 1;
        const next = path[k + 2];
        if (next !== undefined) {
          cells[i]![next]! -= 1;
          added[i]![next]! -= 1;
        }
      }
      colNeed[j0]! -= 1;
      rowNeed[path[path.length - 1]!]! -= 1;
      moved++;
    }
  }
  return {
    mode: 'fixed-totals',
    rule: 'fitted share rounded down, then up for the largest remainders per period (ties to the earlier rep), exact both ways by max-flow',
    roundedUp,
    moved,
    iterations: iterations + 1,
    text: `${n} rep totals × ${m} period totals: cells fitted proportionally to weight × ramp (${iterations + 1} iterations), rounded down, ${roundedUp} units placed by largest remainder and ${moved} moved along augmenting paths; rows and columns exact.`,
  };
}

/** BFS from column j0 to a row still short; `loose` lets any positive cell give a unit back. */
function augment(
  j0: number,
  seeds: number[][],
  removable: number[][],
  rowNeed: number[],
  n: number,
  m: number,
  loose: boolean,
): number[] | null {
  const colFrom = new Int32Array(m).fill(-2);
  const rowFrom = new Int32Array(n).fill(-1);
  colFrom[j0] = -1;
  let queue = [j0];
  while (queue.length > 0) {
    const next: number[] = [];
    for (const j of queue) {
      for (let i = 0; i < n; i++) {
        if (rowFrom[i] !== -1 || seeds[i]![j]! === 0) continue;
        rowFrom[i] = j;
        if (rowNeed[i]! > 0) {
          const path: number[] = [i];
          let col = j;
          for (;;) {
            path.unshift(col);
            const prevRow = colFrom[col]!;
            if (prevRow === -1) break;
            path.unshift(prevRow);
            col = rowFrom[prevRow]!;
          }
          return path;
        }
        const row = removable[i]!;
        for (let k = 0; k < m; k++) {
          if (colFrom[k] === -2 && row[k]! > 0 && (loose || k !== j)) {
            colFrom[k] = i;
            next.push(k);
          }
        }
      }
    }
    queue = next;
  }
  return null;
}
