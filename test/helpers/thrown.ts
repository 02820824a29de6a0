// The error a call throws, for tests that check what a refusal says.

/**
 * The error of class `type` that `fn` throws; anything else thrown is rethrown, and throwing nothing fails
 * (naming `what` was tried, when given).
 */
export function thrownBy<E extends Error>(
  type: abstract new (...args: never[]) => E,
  fn: () => unknown,
  what?: string,
): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}${what === undefined ? '' : ` for ${what}`}`);
}
