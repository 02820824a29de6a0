// The IPC wire format between the preload and main: channel names and the result envelope (mirrored in the preload).
import type { SettingsError } from '../shared/api.js';

/** Channel names. The sandboxed preload cannot import this file, so it repeats them; a unit test keeps both equal. */
export const IPC_CHANNELS = {
  getSnapshot: 'carbon-tray:get-snapshot',
  getHistory: 'carbon-tray:get-history',
  getSettings: 'carbon-tray:get-settings',
  updateSettings: 'carbon-tray:update-settings',
  getHardware: 'carbon-tray:get-hardware',
  getProcesses: 'carbon-tray:get-processes',
  /** renderer → main: `{ id, detail }`. */
  subscribe: 'carbon-tray:subscribe',
  /** renderer → main: `{ id }`. */
  unsubscribe: 'carbon-tray:unsubscribe',
  /** main → renderer: `(id, snapshot)`. */
  snapshot: 'carbon-tray:snapshot',
} as const;

/**
 * What every invoke channel resolves to. Errors travel as data because Electron keeps only the message of a
 * thrown Error across IPC, and the renderer needs the field name of a refused setting.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: SettingsError };
