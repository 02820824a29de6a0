import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Api, Snapshot } from '../../../src/shared/api.js';
import { IPC_CHANNELS } from '../../../src/shared/routes.js';

const source = readFileSync(new URL('../../../src/preload/index.cts', import.meta.url), 'utf8');

/**
 * Runs the preload as Electron runs a sandboxed preload: CommonJS, with a `require` that knows only
 * `electron` (here a fake that records what the preload exposes and sends).
 */
function loadPreload() {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'index.cts',
  });
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  let reply: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null });
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => (
        invoked.push([channel, ...args]),
        reply(channel, args)
      ),
      send: (channel: string, ...args: unknown[]) => sent.push([channel, ...args]),
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) =>
        listeners.set(channel, listener),
    },
  };
  const sandboxRequire = (name: string): unknown => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', outputText)(sandboxRequire, module, module.exports);
  return {
    exposed,
    invoked,
    sent,
    emit: (channel: string, ...args: unknown[]) => listeners.get(channel)?.({}, ...args),
    setReply: (fn: typeof reply) => (reply = fn),
  };
}

describe('preload', () => {
  it('exposes exactly the Api as window.carbonTray, and nothing else', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['carbonTray']);
    const api = exposed.get('carbonTray') as Record<string, unknown>;
    const apiMethods: (keyof Api)[] = [
      'getSnapshot',
      'subscribe',
      'getHistory',
      'getSettings',
      'updateSettings',
      'getHardware',
      'getProcesses',
    ];
    expect(Object.keys(api).sort()).toEqual([...apiMethods].sort());
    for (const method of apiMethods) expect(typeof api[method]).toBe('function');
  });

  it('uses the same channel names as main (IPC_CHANNELS of src/shared/routes.ts)', () => {
    const channels = [...source.matchAll(/^\s+(\w+): '(carbon-tray:[\w-]+)',$/gm)].map((m) => [m[1], m[2]]);
    expect(Object.fromEntries(channels)).toEqual(IPC_CHANNELS);
  });

  it('invokes the channel of each call and unwraps the result', async () => {
    const preload = loadPreload();
    const api = preload.exposed.get('carbonTray') as Api;
    preload.setReply((channel) => ({ ok: true, value: channel }));
    const query = { from: 0, to: 1, stepS: 60 };
    expect(await api.getHistory(query)).toBe(IPC_CHANNELS.getHistory);
    expect(await api.getProcesses('app:firefox')).toBe(IPC_CHANNELS.getProcesses);
    await api.getSnapshot();
    await api.getSettings();
    await api.getHardware();
    await api.updateSettings({ pue: 1.1 });
    expect(preload.invoked).toEqual([
      [IPC_CHANNELS.getHistory, query],
      [IPC_CHANNELS.getProcesses, 'app:firefox'],
      [IPC_CHANNELS.getSnapshot],
      [IPC_CHANNELS.getSettings],
      [IPC_CHANNELS.getHardware],
      [IPC_CHANNELS.updateSettings, { pue: 1.1 }],
    ]);
  });

  it('rejects a refused call with a { field, message } SettingsError', async () => {
    const preload = loadPreload();
    const api = preload.exposed.get('carbonTray') as Api;
    preload.setReply(() => ({
      ok: false,
      error: { field: 'pue', message: 'pue: must be at most 3, got 9' },
    }));
    await expect(api.updateSettings({ pue: 9 })).rejects.toEqual({
      field: 'pue',
      message: 'pue: must be at most 3, got 9',
    });
  });

  it('rejects a file fault with its message and path, and no field', async () => {
    const preload = loadPreload();
    const api = preload.exposed.get('carbonTray') as Api;
    const error = {
      field: null,
      message: 'cannot save the settings (/d/settings.json): the disk is full',
      path: '/d/settings.json',
    };
    preload.setReply(() => ({ ok: false, error }));
    await expect(api.updateSettings({ pue: 1.2 })).rejects.toEqual(error);
  });

  it('subscribes over IPC events, routes snapshots by id and unsubscribes once', () => {
    const preload = loadPreload();
    const api = preload.exposed.get('carbonTray') as Api;
    const a: Snapshot[] = [];
    const b: Snapshot[] = [];
    const stopA = api.subscribe((s) => a.push(s), { detail: true });
    api.subscribe((s) => b.push(s));
    expect(preload.sent).toEqual([
      [IPC_CHANNELS.subscribe, { id: 1, detail: true }],
      [IPC_CHANNELS.subscribe, { id: 2, detail: false }],
    ]);
    const one = { at: 1 } as Snapshot;
    preload.emit(IPC_CHANNELS.snapshot, 1, one);
    preload.emit(IPC_CHANNELS.snapshot, 2, one);
    preload.emit(IPC_CHANNELS.snapshot, 9, one);
    expect([a.length, b.length]).toEqual([1, 1]);
    stopA();
    stopA();
    preload.emit(IPC_CHANNELS.snapshot, 1, one);
    expect(a.length).toBe(1);
    expect(preload.sent.slice(2)).toEqual([[IPC_CHANNELS.unsubscribe, { id: 1 }]]);
  });
});
