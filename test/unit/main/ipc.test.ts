import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../src/main/app-protocol.js';
import { IpcBridge, MAX_SUBSCRIPTIONS_PER_WINDOW } from '../../../src/main/ipc.js';
import type { Api, HistoryResult, PublicSettings, Snapshot } from '../../../src/shared/api.js';
import { FieldError, FileFault } from '../../../src/shared/errors.js';
import { IPC_CHANNELS } from '../../../src/shared/routes.js';
import { appEvent, FakeIpcMain, FakeSender } from '../../helpers/fake-ipc.js';

/** An engine that records calls and lets the test push snapshots to subscribers. */
function fakeApi() {
  const calls: unknown[][] = [];
  const subscribers = new Set<{ cb: (s: Snapshot) => void; detail: boolean }>();
  const api: Api = {
    getSnapshot: async () => null,
    subscribe(cb, options) {
      const entry = { cb, detail: options?.detail === true };
      subscribers.add(entry);
      return () => subscribers.delete(entry);
    },
    getHistory: async (query) => {
      calls.push(['getHistory', query]);
      return { query, series: [], top: [], observedS: 0 } as unknown as HistoryResult;
    },
    getSettings: async () => ({ pue: 1 }) as PublicSettings,
    updateSettings: async (patch) => {
      calls.push(['updateSettings', patch]);
      if (patch.pue === 9) throw new FieldError('pue', 'must be at most 3');
      if (patch.pue === 2) {
        const cause = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
        throw new FileFault('/data/settings.json', 'cannot save the settings', cause, 'nothing was changed');
      }
      return { pue: patch.pue } as PublicSettings;
    },
    getHardware: async () => {
      throw new Error('DMI unreadable');
    },
    getProcesses: async (key) => (calls.push(['getProcesses', key]), []),
  };
  return { api, calls, subscribers, push: (s: Snapshot) => [...subscribers].forEach((e) => e.cb(s)) };
}

function setup() {
  const engine = fakeApi();
  const ipc = new FakeIpcMain();
  const logs: string[] = [];
  const bridge = new IpcBridge(engine.api, isAppUrl, (m) => logs.push(m));
  bridge.register(ipc);
  return { engine, ipc, bridge, logs };
}

describe('IpcBridge invoke channels', () => {
  it('passes validated requests to the engine and wraps the answer', async () => {
    const { engine, ipc } = setup();
    const sender = new FakeSender(1);
    const query = { from: 0, to: 3_600_000, stepS: 60 };
    const result = await ipc.invoke(appEvent(sender), IPC_CHANNELS.getHistory, query);
    expect(result).toEqual({ ok: true, value: { query, series: [], top: [], observedS: 0 } });
    expect(await ipc.invoke(appEvent(sender), IPC_CHANNELS.getSnapshot)).toEqual({ ok: true, value: null });
    expect(engine.calls).toEqual([['getHistory', query]]);
  });

  it('refuses invalid messages before they reach the engine, naming the field', async () => {
    const { engine, ipc } = setup();
    const event = appEvent(new FakeSender(1));
    // A history query's fields are the engine's to check (test/integration/server/history-query-parity.test.ts).
    expect(await ipc.invoke(event, IPC_CHANNELS.getHistory, { from: 0, to: 1, stepS: 60 }, 'extra')).toEqual({
      ok: false,
      error: { field: 'arguments', message: 'arguments: this call takes one argument, got 2' },
    });
    expect(await ipc.invoke(event, IPC_CHANNELS.updateSettings, { nodeIntegration: true })).toMatchObject({
      ok: false,
      error: { field: 'nodeIntegration' },
    });
    expect(await ipc.invoke(event, IPC_CHANNELS.getProcesses, ['app:x'])).toMatchObject({
      ok: false,
      error: { field: 'key' },
    });
    expect(await ipc.invoke(event, IPC_CHANNELS.getSettings, 'extra')).toMatchObject({
      ok: false,
      error: { field: 'arguments' },
    });
    expect(engine.calls).toEqual([]);
  });

  it('carries the engine’s field errors and plain failures back as data', async () => {
    const { ipc } = setup();
    const event = appEvent(new FakeSender(1));
    expect(await ipc.invoke(event, IPC_CHANNELS.updateSettings, { pue: 9 })).toEqual({
      ok: false,
      error: { field: 'pue', message: 'pue: must be at most 3' },
    });
    expect(await ipc.invoke(event, IPC_CHANNELS.getHardware)).toEqual({
      ok: false,
      error: { field: 'request', message: 'DMI unreadable' },
    });
  });

  it('carries a file fault back with its message and path and no field, as HTTP answers it 503', async () => {
    const { ipc } = setup();
    expect(await ipc.invoke(appEvent(new FakeSender(1)), IPC_CHANNELS.updateSettings, { pue: 2 })).toEqual({
      ok: false,
      error: {
        field: null,
        message:
          'cannot save the settings (/data/settings.json): the file system is read-only; nothing was changed',
        path: '/data/settings.json',
      },
    });
  });

  it('refuses requests from any document but the app’s own', async () => {
    const { engine, ipc } = setup();
    for (const senderFrame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, null]) {
      const result = await ipc.invoke(
        { sender: new FakeSender(2), senderFrame },
        IPC_CHANNELS.getProcesses,
        'app:x',
      );
      expect(result).toMatchObject({ ok: false, error: { field: 'sender' } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('unregisters every channel', () => {
    const { ipc, bridge } = setup();
    bridge.unregister(ipc);
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
  });
});

describe('IpcBridge subscriptions', () => {
  const snapshot = { at: 1 } as Snapshot;

  it('forwards snapshots to the subscribing window with its subscription id', () => {
    const { engine, ipc } = setup();
    const sender = new FakeSender(1);
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 4, detail: true });
    expect([...engine.subscribers].map((s) => s.detail)).toEqual([true]);
    engine.push(snapshot);
    expect(sender.sent).toEqual([[IPC_CHANNELS.snapshot, 4, snapshot]]);
    ipc.send(appEvent(sender), IPC_CHANNELS.unsubscribe, { id: 4 });
    expect(engine.subscribers.size).toBe(0);
  });

  it('releases the engine subscriptions while the window is hidden and restores them when shown', () => {
    const { engine, ipc, bridge } = setup();
    const sender = new FakeSender(1);
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 1, detail: true });
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 2, detail: false });
    bridge.setLooking(1, false);
    expect(engine.subscribers.size).toBe(0);
    engine.push(snapshot);
    expect(sender.sent).toEqual([]);
    bridge.setLooking(1, true);
    expect([...engine.subscribers].map((s) => s.detail).sort()).toEqual([false, true]);
    engine.push(snapshot);
    expect(sender.sent.map((m) => m[1]).sort()).toEqual([1, 2]);
  });

  it('does not attach subscriptions made while the window is hidden until it is shown', () => {
    const { engine, ipc, bridge } = setup();
    const sender = new FakeSender(3);
    bridge.setLooking(3, false);
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 1, detail: true });
    expect(engine.subscribers.size).toBe(0);
    bridge.setLooking(3, true);
    expect(engine.subscribers.size).toBe(1);
  });

  it('ends a window’s subscriptions when it is destroyed', () => {
    const { engine, ipc } = setup();
    const sender = new FakeSender(1);
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 1, detail: true });
    sender.destroy();
    expect(engine.subscribers.size).toBe(0);
  });

  it('logs and ignores invalid, duplicate, excess and untrusted subscriptions', () => {
    const { engine, ipc, logs } = setup();
    const sender = new FakeSender(1);
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 'x', detail: true });
    ipc.send({ sender, senderFrame: { url: 'https://evil.example/' } }, IPC_CHANNELS.subscribe, {
      id: 1,
      detail: true,
    });
    for (let id = 1; id <= MAX_SUBSCRIPTIONS_PER_WINDOW + 1; id++)
      ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id, detail: false });
    ipc.send(appEvent(sender), IPC_CHANNELS.subscribe, { id: 1, detail: false });
    expect(engine.subscribers.size).toBe(MAX_SUBSCRIPTIONS_PER_WINDOW);
    expect(logs).toEqual([
      'CarbonTray: refused subscribe: id: must be a positive whole number, got "x"',
      'CarbonTray: refused subscribe from https://evil.example/',
      `CarbonTray: refused subscribe: a window may hold at most ${MAX_SUBSCRIPTIONS_PER_WINDOW} subscriptions`,
      'CarbonTray: refused subscribe: subscription 1 already exists',
    ]);
  });
});
