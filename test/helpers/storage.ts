// The history health of a snapshot whose writes all succeed, for tests that build snapshots by hand.
import type { StorageHealth } from '../../src/shared/api.js';

/** `ok`: nothing waits, nothing was dropped, no write failed. */
export const STORAGE_OK: StorageHealth = {
  status: 'ok',
  reason: null,
  pendingMinutes: 0,
  droppedMinutes: 0,
  writeErrors: 0,
};
