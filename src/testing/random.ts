/**
 * A small seeded pseudo-random generator (sfc32) using only integer and basic float arithmetic, so the
 * same seed gives the same data on every JavaScript engine (no Math.random, no transcendental functions
 * whose last digit may differ between engines).
 *
 * @example
 * ```ts
 * import { SeededRandom } from 'openspm/testing';
 * const random = new SeededRandom(42);
 * random.int(1, 6); // the same number on every run and every engine
 * ```
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /**
   * A float in [0, 1).
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * const u = new SeededRandom(1).next(); // 0 <= u < 1
   * ```
   */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /**
   * A whole number from `min` to `max`, both included.
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * new SeededRandom(7).int(1, 6); // 1..6
   * ```
   */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * True with probability `p`.
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * new SeededRandom(7).chance(0.25); // true about a quarter of the time
   * ```
   */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /**
   * One element of a non-empty array, uniformly.
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * new SeededRandom(7).pick(['call', 'visit', 'email']);
   * ```
   */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One element, with probability proportional to its weight.
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * new SeededRandom(7).weighted([['A', 1], ['B', 3]]); // 'B' three times as often as 'A'
   * ```
   */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let u = this.next() * total;
    for (const [value, w] of choices) {
      u -= w;
      if (u < 0) return value;
    }
    return choices[choices.length - 1]![0];
  }

  /**
   * A positive multiplier with median 1 and a long right tail (shaped like a log-normal with σ ≈ 0.6),
   * from a quantile table so that it needs no `Math.exp`.
   *
   * @example
   * ```ts
   * import { SeededRandom } from 'openspm/testing';
   * const days = 14 * new SeededRandom(7).skewed(); // around 14, sometimes 40
   * ```
   */
  skewed(): number {
    const u = this.next() * (SKEW_QUANTILES.length - 1);
    const i = Math.floor(u);
    const lo = SKEW_QUANTILES[i]!;
    const hi = SKEW_QUANTILES[i + 1]!;
    return lo + (hi - lo) * (u - i);
  }
}

/** Quantiles 0%, 5%, …, 100% of exp(0.6·Z), Z standard normal, with the tails capped. */
const SKEW_QUANTILES = [
  0.25, 0.37, 0.46, 0.53, 0.6, 0.67, 0.73, 0.79, 0.86, 0.93, 1, 1.08, 1.16, 1.26, 1.37, 1.5, 1.66, 1.87, 2.17,
  2.68, 4.5,
];
