import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateMinor, Decimal } from '../../src/money';
import { addDays, fiscalCalendar, isWorkingDay, periodContaining } from '../../src/period';
import {
  callSheetFunction,
  isSheetError,
  SHEET_FUNCTIONS,
  type SheetArg,
  type SheetResult,
  sheetFunctions,
} from '../../src/sheets/index';

const { TARGETSPLIT, TARGETCALENDAR, TIEREDCOMMISSION, WORKINGDAYS, ADDWORKINGDAYS, PERIODKEY, ISODATE } =
  sheetFunctions;
const sumCents = (cells: unknown[]) =>
  cells.reduce<Decimal>((s, c) => s.plus(new Decimal(c as number)), new Decimal(0)).toFixed(2);

describe('SPM.TARGETSPLIT', () => {
  it('splits by weights into parts that sum exactly, keeping the shape of the weights', () => {
    expect(TARGETSPLIT(100, [[1], [1], [1]])).toEqual([[33.34], [33.33], [33.33]]);
    expect(TARGETSPLIT(100, [[1, 1, 1]])).toEqual([[33.34, 33.33, 33.33]]);
    expect(TARGETSPLIT(100, [['Weight'], [1], ['50%']])).toEqual([['Target'], [66.67], [33.33]]);
    expect(TARGETSPLIT(1000, [[3], [0], [1]], 0)).toEqual([[750], [0], [250]]);
  });

  it('reports the bad row, the bad total, and a split of nothing', () => {
    expect(TARGETSPLIT(100, [[1], [null], [2]])).toEqual([
      [{ error: '#VALUE!', message: 'weights row 2: is empty; give every part a weight (0 for none)' }],
    ]);
    expect(TARGETSPLIT(100.005, [[1]])).toEqual([
      [
        {
          error: '#NUM!',
          message: 'total: 100.005 has more than 2 decimals; round it first (ROUND) or raise decimals',
        },
      ],
    ]);
    expect(TARGETSPLIT(100, [[0], [0]])[0]![0]).toMatchObject({ error: '#DIV/0!' });
    expect(
      TARGETSPLIT(100, [
        [1, 2],
        [3, 4],
      ])[0]![0],
    ).toMatchObject({ error: '#VALUE!' });
  });

  it('always sums exactly to the total and matches allocateMinor (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: 1, maxLength: 30 }),
        (cents, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const total = new Decimal(cents).dividedBy(100).toNumber();
          const result = TARGETSPLIT(
            total,
            weights.map((w) => [w]),
          );
          const parts = result.map((row) => row[0]);
          expect(sumCents(parts)).toBe(new Decimal(cents).dividedBy(100).toFixed(2));
          expect(parts.map((p) => Math.round((p as number) * 100))).toEqual(allocateMinor(cents, weights));
        },
      ),
    );
  });
});

describe('SPM.TARGETCALENDAR', () => {
  it('splits by working days per month by default, with holidays and make-up days', () => {
    const result = TARGETCALENDAR(
      100000,
      '2024-09-01',
      '2024-10-31',
      undefined,
      [['2024-10-01'], ['2024-10-02'], ['2024-10-03'], ['2024-10-04'], ['2024-10-07']],
      [['2024-09-29'], ['2024-10-12']],
    );
    expect(result).toEqual([
      ['Period', 'First day', 'Last day', 'Working days', 'Target'],
      ['2024-09', '2024-09-01', '2024-09-30', 22, 53658.54],
      ['2024-10', '2024-10-01', '2024-10-31', 19, 46341.46],
    ]);
  });

  it('handles fiscal quarters, Friday–Saturday weekends, and cut weeks at the edges', () => {
    const q = TARGETCALENDAR(400, 45383, 45747, 'quarters', null, null, 'Fri,Sat', 4, 0);
    expect(q.map((r) => r[0])).toEqual(['Period', 'FY2024-Q1', 'FY2024-Q2', 'FY2024-Q3', 'FY2024-Q4']);
    expect(sumCents(q.slice(1).map((r) => r[4]))).toBe('400.00');
    const w = TARGETCALENDAR(1000, '2024-02-01', '2024-02-29', 'week');
    expect(w[1]).toEqual(['2024-W05', '2024-02-01', '2024-02-04', 2, 95.24]);
  });

  it('says why it cannot split', () => {
    expect(TARGETCALENDAR(100, '2024-03-02', '2024-03-03')[0]![0]).toEqual({
      error: '#DIV/0!',
      message: 'no working days from 2024-03-02 to 2024-03-03 in this calendar; nothing to split by',
    });
    expect(TARGETCALENDAR(100, '2024-03-05', '2024-03-01')[0]![0]).toMatchObject({ error: '#NUM!' });
    expect(TARGETCALENDAR(100, '2024-01-01', '2024-12-31', 'fortnight')[0]![0]).toMatchObject({
      error: '#VALUE!',
      message: 'by: expected one of year, half, quarter, month, week, day, got "fortnight"',
    });
    expect(TARGETCALENDAR(100, '2024-01-01', '2024-12-31', 'month', [['2024-13-01']])[0]![0]).toMatchObject({
      message: expect.stringMatching(/^holidays row 1: "2024-13-01" does not exist/),
    });
  });

  it('sums exactly and follows working days for any span (property)', () => {
    const start = fc.integer({ min: 19700, max: 20500 });
    fc.assert(
      fc.property(
        start,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 1e10 }),
        (s, len, cents) => {
          const from = addDays('1970-01-01', s);
          const to = addDays(from, len);
          const total = new Decimal(cents).dividedBy(100).toNumber();
          const result = TARGETCALENDAR(total, from, to, 'month');
          if (isSheetError(result[0]![0])) {
            expect(result[0]![0]).toMatchObject({ error: '#DIV/0!' }); // a weekend-only span
            return;
          }
          expect(sumCents(result.slice(1).map((r) => r[4]))).toBe(
            new Decimal(cents).dividedBy(100).toFixed(2),
          );
          expect(result[1]![1]).toBe(from);
          expect(result[result.length - 1]![2]).toBe(to);
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** All-Decimal reference: each slice of the amount at its tier's rate, or all of it at the top rate. */
function reference(amount: string, tiers: [number, number][], method: 'marginal' | 'retroactive'): Decimal {
  const a = new Decimal(amount);
  let total = new Decimal(0);
  let top = -1;
  tiers.forEach(([from], i) => {
    if (a.greaterThanOrEqualTo(from)) top = i;
  });
  if (top < 0) return total;
  if (method === 'retroactive') return a.times(String(tiers[top]![1]));
  for (let i = 0; i <= top; i++) {
    const upper = tiers[i + 1]?.[0];
    const end = upper === undefined ? a : Decimal.min(a, upper);
    total = total.plus(end.minus(tiers[i]![0]).times(String(tiers[i]![1])));
  }
  return total;
}

describe('SPM.TIEREDCOMMISSION', () => {
  const tiers = [
    ['From', 'Rate'],
    [0, 0.03],
    [100000, 0.05],
    [200000, '8%'],
  ];

  it('pays marginal and retroactive commission, rounded once', () => {
    expect(TIEREDCOMMISSION([[250000]], tiers)).toEqual([[12000]]);
    expect(TIEREDCOMMISSION([[250000]], tiers, 'retroactive')).toEqual([[20000]]);
    expect(TIEREDCOMMISSION([[100000]], tiers, 'retroactive')).toEqual([[5000]]); // the threshold is reached
    expect(TIEREDCOMMISSION([[333.35]], [[0, 0.015]], 'marginal', 2, 'half-even')).toEqual([[5]]);
    expect(TIEREDCOMMISSION([[333.35]], [[0, 0.015]], 'marginal', 2, 'up')).toEqual([[5.01]]);
    expect(TIEREDCOMMISSION([[50]], [[100, 0.1]])).toEqual([[0]]); // below the first threshold
  });

  it('explains each figure: tier, rate, effective rate (not applicable for no sales)', () => {
    expect(TIEREDCOMMISSION([['Sales'], [250000], [0], [50]], tiers, 'marginal', 2, 'half-up', true)).toEqual(
      [
        ['Commission', 'Tier', 'Rate', 'Effective rate'],
        [12000, 3, 0.08, 0.048],
        [0, 1, 0.03, 'n/a (no sales)'],
        [1.5, 1, 0.03, 0.03],
      ],
    );
  });

  it('sums a Rep/Amount table per rep, and keeps a bad row to its own rep', () => {
    const sales = [
      ['Region', 'Owner', 'Amount'],
      ['East', 'Li Lei', 120000],
      ['East', 'Han Mei', 80000],
      ['West', 'Li Lei', 100000],
      ['West', 'Wu', 'n/a'],
      [null, null, null],
    ];
    expect(TIEREDCOMMISSION(sales, tiers)).toEqual([
      ['Rep', 'Sales', 'Commission'],
      ['Li Lei', 220000, 9600],
      ['Han Mei', 80000, 2400],
      ['Wu', { error: '#VALUE!', message: 'sales row 5 (amount): expected a number, got "n/a"' }, ''],
    ]);
    expect(
      TIEREDCOMMISSION(
        [
          ['x', 'y'],
          [1, 2],
        ],
        tiers,
      )[0]![0],
    ).toMatchObject({ error: '#N/A' });
  });

  it('checks the tier table and names the row', () => {
    expect(
      TIEREDCOMMISSION(
        [[1]],
        [
          ['From', 'Rate'],
          [0, 0.03],
          [0, 0.05],
        ],
      ),
    ).toEqual([
      [
        {
          error: '#VALUE!',
          message: 'tiers row 3: thresholds must increase from row to row; 0 does not exceed 0',
        },
      ],
    ]);
    expect(TIEREDCOMMISSION([[1]], [[0, -0.1]])[0]![0]).toMatchObject({ error: '#NUM!' });
    expect(TIEREDCOMMISSION([[1]], [[0]])[0]![0]).toMatchObject({ error: '#VALUE!' });
    expect(TIEREDCOMMISSION([[1]], [[0, 0.1]], 'flat')[0]![0]).toMatchObject({ error: '#VALUE!' });
    expect(TIEREDCOMMISSION([[1]], [[0, 0.1]], null, null, 'bankers')[0]![0]).toMatchObject({
      error: '#VALUE!',
    });
    expect(TIEREDCOMMISSION([[1]], [[0, 0.1]], null, null, null, 'yes')[0]![0]).toMatchObject({
      error: '#VALUE!',
    });
  });

  it('equals an all-Decimal reference, rounded once (property)', () => {
    const tierTable = fc
      .uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 5 })
      .chain((froms) =>
        fc.tuple(
          fc.constant(froms.sort((a, b) => a - b)),
          fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: froms.length, maxLength: froms.length }),
        ),
      )
      .map(([froms, rates]) => froms.map((f, i) => [f, rates[i]! / 10000] as [number, number]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e11 }),
        tierTable,
        fc.constantFrom('marginal' as const, 'retroactive' as const),
        (cents, table, method) => {
          const amount = new Decimal(cents).dividedBy(100).toFixed(2);
          const paid = (TIEREDCOMMISSION([[Number(amount)]], table, method) as number[][])[0]![0];
          expect(
            new Decimal(paid!).equals(
              reference(amount, table, method).toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
            ),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('SPM.WORKINGDAYS', () => {
  it('counts both ends like NETWORKDAYS, per row, broadcasting a single cell', () => {
    expect(WORKINGDAYS('2024-03-15', '2024-03-18')).toEqual([[2]]);
    expect(WORKINGDAYS('2024-03-18', '2024-03-15')).toEqual([[-2]]);
    expect(WORKINGDAYS([['2024-10-01'], ['2024-10-31'], [null]], '2024-10-07')).toEqual([[5], [-19], ['']]);
    expect(WORKINGDAYS('2024-09-27', '2024-10-08', [['2024-10-01']], [['2024-09-29']], '7')).toEqual([[10]]);
    expect(WORKINGDAYS([['2024-01-01'], ['bad']], [['2024-01-31'], ['2024-02-01']])).toEqual([
      [23],
      [{ error: '#VALUE!', message: expect.stringMatching(/^start row 2: "bad" is not a date/) }],
    ]);
    expect(
      WORKINGDAYS([['2024-01-01'], ['2024-01-02']], [['2024-01-31'], ['2024-02-01'], ['x']])[0]![0],
    ).toMatchObject({
      error: '#VALUE!',
      message: 'start and end must be the same size, got a 2×1 range and a 3×1 range',
    });
  });

  it('equals a day-by-day count (property)', () => {
    const calendar = fiscalCalendar({ holidays: ['2024-05-01', '2024-10-01'], workdays: ['2024-09-29'] });
    fc.assert(
      fc.property(fc.integer({ min: 19700, max: 20200 }), fc.integer({ min: -60, max: 60 }), (s, len) => {
        const from = addDays('1970-01-01', s);
        const to = addDays(from, len);
        let expected = 0;
        const [lo, hi] = len >= 0 ? [from, to] : [to, from];
        for (let d = lo; d <= hi; d = addDays(d, 1)) if (isWorkingDay(d, calendar)) expected++;
        const result = WORKINGDAYS(from, to, [['2024-05-01'], ['2024-10-01']], [['2024-09-29']]);
        expect(result).toEqual([[len >= 0 ? expected : -expected]]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('SPM.ADDWORKINGDAYS', () => {
  it('moves by working days, per row, with holidays and make-up days', () => {
    expect(ADDWORKINGDAYS('2024-03-15', 1)).toEqual([['2024-03-18']]);
    expect(ADDWORKINGDAYS('2024-03-18', -1)).toEqual([['2024-03-15']]);
    expect(ADDWORKINGDAYS('2024-03-15', [[0], [5], [null], ['x'], [1.5]])).toEqual([
      ['2024-03-15'],
      ['2024-03-22'],
      [''],
      [{ error: '#VALUE!', message: 'days row 4: expected a number, got "x"' }],
      [{ error: '#NUM!', message: 'days row 5: expected a whole number from -100000 to 100000, got 1.5' }],
    ]);
  });

  it('is undone by going back, and counted by WORKINGDAYS (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 19700, max: 20200 }), fc.integer({ min: 1, max: 300 }), (s, k) => {
        const start = addDays('1970-01-01', s);
        const due = (ADDWORKINGDAYS(start, k, [['2024-10-01']]) as string[][])[0]![0]!;
        const count = WORKINGDAYS(start, due, [['2024-10-01']])[0]![0];
        // The start itself is not counted, the due day is (it is a working day).
        expect(count).toBe(k + (isWorkingDay(start, fiscalCalendar({ holidays: ['2024-10-01'] })) ? 1 : 0));
      }),
      { numRuns: 100 },
    );
  });
});

describe('SPM.PERIODKEY and SPM.ISODATE', () => {
  it('keys each date by fiscal period, keeping the shape and empty cells', () => {
    expect(PERIODKEY([['2024-05-20', null, 45366]], 'quarter', 4, 'end')).toEqual([
      ['FY2025-Q1', '', 'FY2024-Q4'],
    ]);
    expect(PERIODKEY([['2024-12-30']], 'week')).toEqual([['2025-W01']]);
    expect(PERIODKEY([['2024-12-30']], 'month')).toEqual([['2024-12']]);
    expect(PERIODKEY([['2024-12-30']], 'quarter', 4, 'middle')[0]![0]).toMatchObject({ error: '#VALUE!' });
    expect(PERIODKEY([['2024-12-30']], 'quarter', 13)[0]![0]).toMatchObject({ error: '#NUM!' });
  });

  it('agrees with periodContaining (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2_900_000 }).filter((s) => s !== 60),
        fc.constantFrom('year', 'half', 'quarter', 'month', 'week', 'day' as const),
        fc.integer({ min: 1, max: 12 }),
        (serial, kind, month) => {
          const key = PERIODKEY([[serial]], kind, month)[0]![0];
          const date = (ISODATE([[serial]]) as string[][])[0]![0]!;
          expect(key).toBe(periodContaining(kind, date, fiscalCalendar({ fiscalYearStartMonth: month })).key);
        },
      ),
      { numRuns: 100 },
    );
  });
});

const anyCell = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('2024-03-15', '5%', 'Rep', 'Amount', 'From', 'Rate', 'quarter', 'retroactive', ''),
  fc.date({ noInvalidDate: false }),
);
const anyRange = fc.array(fc.array(anyCell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });
const anyArg = fc.oneof(anyCell, anyRange);

function checkResult(result: SheetResult): void {
  expect(Array.isArray(result) && result.length > 0).toBe(true);
  for (const row of result) {
    expect(row.length).toBeGreaterThan(0);
    for (const cell of row) {
      if (isSheetError(cell)) {
        expect(cell.message).not.toMatch(/TypeError|RangeError|undefined is not|Cannot read|\[object /);
        expect(cell.message).not.toMatch(/bug/);
      } else {
        expect(['number', 'string', 'boolean']).toContain(typeof cell);
        if (typeof cell === 'number') expect(Number.isFinite(cell)).toBe(true);
      }
    }
  }
}

describe('every sheet function', () => {
  it('never throws and never shows a JavaScript exception, whatever it is given (property)', () => {
    for (const fn of SHEET_FUNCTIONS) {
      fc.assert(
        fc.property(fc.array(anyArg, { maxLength: fn.parameters.length + 1 }), (args) => {
          checkResult(callSheetFunction(fn.name, args as SheetArg[]));
        }),
        { numRuns: 150 },
      );
    }
  });

  it('never changes its arguments', () => {
    const sales = [
      ['Rep', 'Amount'],
      ['Li', 5],
      ['Han', 'x'],
    ];
    const copy = JSON.parse(JSON.stringify(sales));
    TIEREDCOMMISSION(sales, [[0, 0.1]]);
    TARGETSPLIT(
      10,
      sales.slice(1).map((r) => [r[1]!]),
    );
    expect(sales).toEqual(copy);
  });

  it('reports unknown names, too many arguments and ranges where one cell is expected', () => {
    expect(callSheetFunction('SPM.NOPE', [])[0]![0]).toMatchObject({ error: '#NAME?' });
    expect(callSheetFunction('spm_isodate', [[['2024-01-01']]])).toEqual([['2024-01-01']]);
    expect(callSheetFunction('ISODATE', [1, 2])[0]![0]).toEqual({
      error: '#VALUE!',
      message: 'SPM.ISODATE takes at most 1 arguments, got 2',
    });
    expect(TARGETSPLIT([[1], [2]], [[1]])[0]![0]).toEqual({
      error: '#VALUE!',
      message: 'total: expected one cell, got a 2×1 range',
    });
    expect(TARGETSPLIT([[100]], [[1]])).toEqual([[100]]); // a 1×1 range is one cell
  });
});
