import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyMinorUnits, Decimal, Money, MoneySchema, OpenSpmError, toDecimal } from '../../src/index';

function errorOf(f: () => unknown): OpenSpmError {
  try {
    f();
  } catch (e) {
    if (e instanceof OpenSpmError) return e;
    throw e;
  }
  throw new Error('expected an OpenSpmError');
}

describe('Money', () => {
  it('parses strings, numbers, bigints and decimals exactly', () => {
    expect(Money.of('1234.50', 'CNY').toString()).toBe('1234.50 CNY');
    expect(Money.of(0.1, 'CNY').plus(Money.of(0.2, 'CNY')).toString()).toBe('0.30 CNY');
    expect(Money.of(10n, 'USD').toString()).toBe('10.00 USD');
    expect(Money.of(new Decimal('1e3'), 'JPY').toString()).toBe('1000 JPY');
    expect(Money.of(' 7 ', 'KWD').toString()).toBe('7.000 KWD');
  });

  it('rejects NaN, Infinity, junk text and bad currencies with stable codes', () => {
    expect(errorOf(() => Money.of(Number.NaN, 'CNY')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.of(Number.POSITIVE_INFINITY, 'CNY')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.of('¥1,000', 'CNY')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.of('', 'CNY')).code).toBe('INVALID_AMOUNT');
    expect(errorOf(() => Money.of('1', 'rmb')).code).toBe('INVALID_CURRENCY');
    expect(errorOf(() => Money.of({} as never, 'CNY')).code).toBe('INVALID_AMOUNT');
  });

  it('strict parsing rejects numbers that are not exact in binary', () => {
    expect(errorOf(() => Money.of(0.1, 'CNY', { strict: true })).code).toBe('INEXACT_NUMBER');
    expect(errorOf(() => Money.of(2 ** 60, 'CNY', { strict: true })).code).toBe('INEXACT_NUMBER');
    expect(Money.of(0.5, 'CNY', { strict: true }).toString()).toBe('0.50 CNY');
    expect(Money.of(123, 'CNY', { strict: true }).toString()).toBe('123.00 CNY');
    expect(toDecimal(0.375, { strict: true }).toString()).toBe('0.375');
  });

  it('never mixes currencies', () => {
    const e = errorOf(() => Money.of(1, 'CNY').plus(Money.of(1, 'USD')));
    expect(e.code).toBe('CURRENCY_MISMATCH');
    expect(e.message).toContain('CNY');
    expect(errorOf(() => Money.sum([Money.of(1, 'CNY'), Money.of(1, 'USD')])).path).toEqual([1]);
    expect(errorOf(() => Money.of(1, 'CNY').compare(Money.of(1, 'USD'))).code).toBe('CURRENCY_MISMATCH');
  });

  it('rounds only when asked, in the mode asked', () => {
    const m = Money.of('2.345', 'CNY');
    expect(m.toString()).toBe('2.345 CNY');
    expect(m.round('half-up').toString()).toBe('2.35 CNY');
    expect(m.round('half-even').toString()).toBe('2.34 CNY');
    expect(m.round('half-down').toString()).toBe('2.34 CNY');
    expect(m.round('down').toString()).toBe('2.34 CNY');
    expect(m.round('up').toString()).toBe('2.35 CNY');
    expect(m.negate().round('half-up').toString()).toBe('-2.35 CNY');
    expect(m.negate().round('down').toString()).toBe('-2.34 CNY');
    expect(m.negate().round('floor').toString()).toBe('-2.35 CNY');
    expect(m.negate().round('ceiling').toString()).toBe('-2.34 CNY');
    expect(Money.of('2.355', 'CNY').round('half-even').toString()).toBe('2.36 CNY');
    expect(Money.of('1234.5', 'CNY').round('half-up', 0).toString()).toBe('1235.00 CNY');
    expect(errorOf(() => m.round('nearest' as never)).code).toBe('INVALID_INPUT');
  });

  it('divides with an explicit rounding mode and refuses division by zero', () => {
    expect(Money.of('100', 'CNY').dividedBy(3, 'half-up').toString()).toBe('33.33 CNY');
    expect(Money.of('100', 'CNY').dividedBy(3, 'up').toString()).toBe('33.34 CNY');
    expect(errorOf(() => Money.of('100', 'CNY').dividedBy(0, 'half-up')).code).toBe('DIVISION_BY_ZERO');
    expect(Money.of('70', 'CNY').ratio(Money.of('100', 'CNY')).toString()).toBe('0.7');
    expect(errorOf(() => Money.of('70', 'CNY').ratio(Money.zero('CNY'))).code).toBe('DIVISION_BY_ZERO');
  });

  it('compares, serialises and is immutable', () => {
    const a = Money.of('1.5', 'CNY');
    expect(a.equals(Money.of('1.50', 'CNY'))).toBe(true);
    expect(a.compare(Money.of(2, 'CNY'))).toBe(-1);
    expect(Money.max(a, Money.of(3, 'CNY'), Money.of(2, 'CNY')).toString()).toBe('3.00 CNY');
    expect(Money.min(a, Money.of(3, 'CNY')).toString()).toBe('1.50 CNY');
    expect(JSON.stringify(a)).toBe('{"amount":"1.50","currency":"CNY"}');
    expect(Money.fromJSON(a.toJSON()).equals(a)).toBe(true);
    expect(Money.of('1e-7', 'CNY').toJSON().amount).toBe('0.0000001');
    expect(Object.isFrozen(a)).toBe(true);
    a.plus(Money.of(1, 'CNY'));
    expect(a.toString()).toBe('1.50 CNY');
    expect(Money.of('1234.56', 'CNY').toMinor()).toBe(123456n);
    expect(Money.fromMinor(123456n, 'CNY').toString()).toBe('1234.56 CNY');
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('BHD')).toBe(3);
  });

  it('does not change decimal.js settings of the host application', async () => {
    const { default: HostDecimal } = await import('decimal.js');
    expect(HostDecimal.precision).toBe(20);
    expect(HostDecimal.rounding).toBe(HostDecimal.ROUND_HALF_UP);
  });

  it('property: addition is exact and agrees with minor-unit integer sums', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), { maxLength: 50 }),
        (minors) => {
          const total = Money.sum(
            minors.map((m) => Money.fromMinor(m, 'USD')),
            'USD',
          );
          expect(total.toMinor()).toBe(minors.reduce((a, b) => a + b, 0n));
        },
      ),
    );
  });

  it('property: JSON round trip preserves the value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat({ max: 6 }), (n, scale) => {
        const m = Money.of(new Decimal(n.toString()).dividedBy(10 ** scale), 'EUR');
        expect(Money.fromJSON(JSON.parse(JSON.stringify(m))).equals(m)).toBe(true);
      }),
    );
  });
});

describe('MoneySchema', () => {
  it('accepts Money and its JSON form and reports bad input with the amount path', () => {
    expect(MoneySchema.parse({ amount: '99.90', currency: 'CNY' }).toString()).toBe('99.90 CNY');
    expect(MoneySchema.parse(Money.of(1, 'CNY')).toString()).toBe('1.00 CNY');
    const bad = MoneySchema.safeParse({ amount: 'abc', currency: 'CNY' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['amount']);
  });
});
