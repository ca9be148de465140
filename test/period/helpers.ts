import { expect } from 'vitest';
import { OpenSpmError } from '../../src/errors';

/** Runs `fn`, expects an OpenSpmError with this code and path, and returns it for more checks. */
export function expectError(
  fn: () => unknown,
  code: string,
  path: readonly (string | number)[],
): OpenSpmError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected an OpenSpmError to be thrown').toBeInstanceOf(OpenSpmError);
  const error = caught as OpenSpmError;
  expect({ code: error.code, path: error.path }).toEqual({ code, path });
  return error;
}

/** Day numbers of 0001-01-01 and 9999-12-31. */
export const MIN_DAY = -719162;
export const MAX_DAY = 2932896;
