import { describe, expect, it } from 'vitest';
import { formatScaled, roundScaled } from '../../src/incentives/fast';
import { Decimal, ROUNDING_MODES, roundDecimal } from '../../src/index';

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
});
