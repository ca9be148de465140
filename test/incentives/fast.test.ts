import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileFast,
  fastEarned,
  fastEarnedNumber,
  formatScaled,
  formatScaledNumber,
  ratio10Number,
  roundScaled,
  roundScaledNumber,
  withNumbers,
} from '../../src/incentives/fast';
import { Decimal, ROUNDING_MODES, roundDecimal, validatePlan } from '../../src/index';

describe('bigint helpers of the volume path', () => {
  it('round like roundDecimal on the magnitude, in every mode', () => {
    for (const mode of ROUNDING_MODES) {
      for (const n of [
        0n,
        1n,
        5n,
        15n,
        25n,
        149n,
        150n,
        151n,
        250n,
        -5n,
        -15n,
        -151n,
        12345678901234567895n,
      ]) {
        const d = new Decimal(n.toString()).dividedBy(100);
        const magnitude = roundDecimal(d.abs(), 0, mode);
        const expected = d.isNegative() ? magnitude.negated() : magnitude;
        expect(`${mode} ${n} ${roundScaled(n, 2, mode)}`).toBe(`${mode} ${n} ${expected.toFixed(0)}`);
      }
    }
  });

  it('print the shortest decimal', () => {
    expect(formatScaled(123450n, 4)).toBe('12.345');
    expect(formatScaled(5n, 3)).toBe('0.005');
    expect(formatScaled(-5n, 3)).toBe('-0.005');
    expect(formatScaled(1000n, 2)).toBe('10');
    expect(formatScaled(0n, 6)).toBe('0');
    expect(formatScaled(42n, 0)).toBe('42');
  });

  it('compute the same earnings on numbers as on bigints', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('marginal', 'retroactive'),
        fc.boolean(),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc.constantFrom(null, '0.3', '0.75'),
        (mode, upper, total, quota, threshold) => {
          const plan = validatePlan({
            id: 'p',
            version: 1,
            currency: 'CNY',
            effective: { from: '2024-01-01' },
            boundary: upper ? 'upper' : 'lower',
            components: [
              {
                id: 'c',
                type: 'commission',
                rates: {
                  type: 'tiered',
                  mode: mode as 'marginal',
                  tiers: [
                    { from: 0, to: '0.5', rate: '0.013' },
                    { from: '0.5', to: '1.25', rate: '0.05' },
                    { from: '1.25', rate: '0.0875' },
                  ],
                },
                ...(threshold ? { threshold: { at: threshold, retroactive: mode === 'marginal' } } : {}),
              },
            ],
          });
          const f = withNumbers(compileFast(plan, 2)!);
          const big = fastEarned(f, BigInt(total), BigInt(quota));
          const num = fastEarnedNumber(f, total, quota);
          if (num !== null) expect(num).toBe(big.value);
        },
      ),
    );
  });

  it('round and print the same on plain numbers as on bigints', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, decimals, mode) => {
          expect(roundScaledNumber(n, decimals, mode)).toBe(Number(roundScaled(BigInt(n), decimals, mode)));
          expect(formatScaledNumber(n, decimals)).toBe(formatScaled(BigInt(n), decimals));
        },
      ),
    );
  });

  it('divide to 10 decimals half-even on plain numbers exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 89_999_999_999 }),
        fc.integer({ min: 1, max: 89_999_999_999 }),
        (a, b) => {
          const exact = new Decimal(a).dividedBy(b).toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN).toString();
          expect(ratio10Number(a, b)).toBe(exact);
        },
      ),
    );
    expect(ratio10Number(1, 3)).toBe('0.3333333333');
    expect(ratio10Number(2, 3)).toBe('0.6666666667');
  });
});
