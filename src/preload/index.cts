// The popup's preload (CommonJS, sandboxed): exposes the typed Api of src/shared as window.carbonTray, nothing else.
import electron = require('electron');
import type { Api, HistoryQuery, PublicSettings, SettingsPatch, Snapshot } from '../shared/api.js';
import type { IpcResult } from '../shared/routes.js';

/**
 * `IPC_CHANNELS` of src/shared/routes.ts, repeated because a sandboxed preload can require nothing but `electron`
 * (type imports vanish when compiled; test/unit/preload checks both lists are equal).
 */
const CHANNELS = {
  getSnapshot: 'carbon-tray:get-snapshot',
  getHistory: 'carbon-tray:get-history',
  getSettings: 'carbon-tray:get-settings',
  updateSettings: 'carbon-tray:update-settings',
  getHardware: 'carbon-tray:get-hardware',
  getProcesses: 'carbon-tray:get-processes',
  subscribe: 'carbon-tray:subscribe',
  unsubscribe: 'carbon-tray:unsubscribe',
  snapshot: 'carbon-tray:snapshot',
} as const;

/** The part of `ipcRenderer` the bridge uses. */
interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * The Api over IPC. A refused call rejects with a plain `{ field, message }` object (a `SettingsError`, or
 * `{ field: null, message, path }` for a file fault): the context bridge would strip the properties of an Error.
 */
function createApi(ipc: IpcRendererLike): Api {
  const listeners = new Map<number, (snapshot: Snapshot) => void>();
  let nextId = 1;
  ipc.on(CHANNELS.snapshot, (_event, id, snapshot) => {
    if (typeof id === 'number') listeners.get(id)?.(snapshot as Snapshot);
  });
  const call = async <T,>(channel: string, ...args: unknown[]): Promise<T> => {
    const result = (await ipc.invoke(channel, ...args)) as IpcResult<T>;
    if (result.ok) return result.value;
    // A file fault has no field but the path of the file (as HTTP's 503 `{ error, path }`).
    const { field, message } = result.error;
    return Promise.reject(
      'path' in result.error ? { field, message, path: result.error.path } : { field, message },
    );
  };
  return {
    getSnapshot: () => call(CHANNELS.getSnapshot),
    getHistory: (query: HistoryQuery) => call(CHANNELS.getHistory, query),
    getSettings: () => call<PublicSettings>(CHANNELS.getSettings),
    updateSettings: (patch: SettingsPatch) => call<PublicSettings>(CHANNELS.updateSettings, patch),
    getHardware: () => call(CHANNELS.getHardware),
    getProcesses: (key: string) => call(CHANNELS.getProcesses, key),
    subscribe(cb, options) {
      const id = nextId++;
      listeners.set(id, cb);
      ipc.send(CHANNELS.subscribe, { id, detail: options?.detail === true });
      return () => {
        if (listeners.delete(id)) ipc.send(CHANNELS.unsubscribe, { id });
      };
    },
  };
}

electron.contextBridge.exposeInMainWorld('carbonTray', createApi(electron.ipcRenderer));
