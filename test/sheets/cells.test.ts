import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, Money } from '../../src/money';
import { cellNumber, headerKey, isEmptyCell, readTable } from '../../src/sheets/index';

describe('range helpers', () => {
  it('treats null, undefined and blank text as empty, and nothing else', () => {
    expect([null, undefined, '', '  '].every(isEmptyCell)).toBe(true);
    expect([0, false, 'x', Number.NaN].some(isEmptyCell)).toBe(false);
  });

  it('normalises headers', () => {
    expect(headerKey('Working days')).toBe('workingdays');
    expect(headerKey('working_days')).toBe(headerKey('WorkingDays'));
  });

  it('detects a header row, pads short rows and names rows as the user sees them', () => {
    const t = readTable([['Rep', 'Amount'], ['Li', 5], ['Han']], { name: 'sales' });
    expect(t.header).toEqual(['Rep', 'Amount']);
    expect(t.rows).toEqual([
      ['Li', 5],
      ['Han', null],
    ]);
    expect(t.columnIndex(['sales', 'amount'])).toBe(1);
    expect(t.columnIndex(['nope'])).toBeUndefined();
    expect(t.where(0)).toBe('sales row 2');
    // Numbers, percentages and dates written as text are data, not a header.
    expect(readTable([['0', '3%']]).header).toBeUndefined();
    expect(readTable([['2024-01-01', 'x']]).header).toBeUndefined();
    expect(readTable([['a', 'b']], { header: false }).rows).toEqual([['a', 'b']]);
    expect(readTable([[1, 2]], { header: true }).header).toEqual(['1', '2']);
    expect(readTable(7).rows).toEqual([[7]]);
    expect(readTable(undefined).rows).toEqual([]);
  });

  it('never changes its input', () => {
    const input = [['Rep', 'Amount'], ['Li', 5], ['Han']];
    const copy = JSON.parse(JSON.stringify(input));
    readTable(input);
    expect(input).toEqual(copy);
  });
});

describe('cellNumber', () => {
  it('rounds once, explicitly, and refuses what a cell cannot hold exactly', () => {
    expect(cellNumber(Money.of('426.005', 'CNY'))).toBe(426.01);
    expect(cellNumber('426.005', { rounding: 'half-even' })).toBe(426);
    expect(cellNumber('-0.001')).toBe(0);
    expect(Object.is(cellNumber('-0.001'), -0)).toBe(false);
    expect(cellNumber('999999999999.99')).toBe(999999999999.99);
    expect(() => cellNumber('12345678901234.56')).toThrow(/15 significant digits/);
  });

  it('gives the double that prints as the exact decimal, for any 15-digit amount (property)', () => {
    const cents = fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n });
    fc.assert(
      fc.property(cents, (c) => {
        const exact = new Decimal(c.toString()).dividedBy(100);
        const n = cellNumber(exact);
        expect(new Decimal(n).equals(exact)).toBe(true);
      }),
    );
  });
});
