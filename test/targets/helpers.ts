import { expect } from 'vitest';
import { OpenSpmError } from '../../src/index';

export const cny = (amount: string) => ({ amount, currency: 'CNY' });

/** The OpenSpmError thrown by `f` (fails the test when nothing or something else is thrown). */
export function errorOf(f: () => unknown): OpenSpmError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenSpmError);
    return error as OpenSpmError;
  }
  throw new Error('expected an OpenSpmError, nothing was thrown');
}
