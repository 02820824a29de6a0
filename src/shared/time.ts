// Time for every layer that shows or checks it: the unit constants (from src/core) and when a tick counts as stale.
import { MS_PER_SECOND } from '../core/units.js';

export {
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  MINUTES_PER_HOUR,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  SECONDS_PER_MINUTE,
  SECONDS_PER_YEAR,
} from '../core/units.js';

/**
 * A tick that takes longer than this many intervals is not attributed: the engine records the time as a gap, and
 * `/healthz` and the popup call a snapshot that old stale.
 */
export const STALE_AFTER_INTERVALS = 3;

/** Milliseconds after which a tick of `intervalS` seconds is late enough to be a gap (or a stale snapshot). */
export function staleAfterMs(intervalS: number): number {
  return STALE_AFTER_INTERVALS * intervalS * MS_PER_SECOND;
}
