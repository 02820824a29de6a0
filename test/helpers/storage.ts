// The history health of a snapshot whose writes all succeed, for tests that build snapshots by hand.
import { UNUSED_STORAGE } from '../../src/engine/history/resilient.js';
import type { StorageHealth } from '../../src/shared/api.js';

/** `ok`: nothing waits, nothing was dropped, no write failed (the engine's own value for an unused history). */
export const STORAGE_OK: StorageHealth = UNUSED_STORAGE;
