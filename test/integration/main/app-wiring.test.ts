// The tray app's wiring (src/main/app.ts) with the real engine on this machine and a fake Electron module.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../../src/shared/routes.js';
import type { Snapshot } from '../../../src/shared/api.js';

/** The fake Electron: records what the app does with each module. Nothing here draws or runs Chromium. */
const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    dock: undefined,
    getAppPath: () => '/fake/app',
    quits: 0,
    quit(): void {
      let prevented = false;
      app.emit('before-quit', { preventDefault: () => (prevented = true) });
      if (!prevented) app.quits++;
    },
    getLoginItemSettings: () => ({ openAtLogin: false }),
    setLoginItemSettings: () => undefined,
  });
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const listeners = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn),
    on: (channel: string, fn: (...args: unknown[]) => unknown) => listeners.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
    removeAllListeners: (channel: string) => listeners.delete(channel),
  };
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const session = {
    defaultSession: {
      protocol: {
        handle: (scheme: string, fn: (request: Request) => Promise<Response>) =>
          protocolHandlers.set(scheme, fn),
      },
      permissionRequest: null as null | ((...args: unknown[]) => void),
      setPermissionRequestHandler(fn: (...args: unknown[]) => void) {
        this.permissionRequest = fn;
      },
      setPermissionCheckHandler: () => undefined,
    },
  };
  const windows: FakeWindow[] = [];
  class FakeWindow extends Emitter {
    visible = false;
    bounds = { x: 0, y: 0, width: 0, height: 0 };
    url = '';
    readonly webContents = {
      id: 7,
      isDevToolsOpened: () => false,
      executeJavaScript: async () => undefined,
      send: () => undefined,
    };
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
    isVisible = () => this.visible;
    show = () => void (this.visible = true);
    hide = () => void (this.visible = false);
    focus = () => undefined;
    setBounds = (b: typeof this.bounds) => void (this.bounds = b);
    setVisibleOnAllWorkspaces = () => undefined;
  }
  const trays: FakeTray[] = [];
  class FakeTray extends Emitter {
    tooltip = '';
    images = 0;
    menu: unknown = null;
    destroyed = false;
    constructor(readonly image: unknown) {
      super();
      trays.push(this);
    }
    setImage = () => void this.images++;
    setToolTip = (t: string) => void (this.tooltip = t);
    setTitle = () => undefined;
    setContextMenu = (m: unknown) => void (this.menu = m);
    popUpContextMenu = () => undefined;
    getBounds = () => ({ x: 1800, y: 0, width: 24, height: 24 });
    destroy = () => void (this.destroyed = true);
  }
  const display = {
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 32, width: 1920, height: 1048 },
    scaleFactor: 2,
  };
  const electron = {
    app,
    ipcMain,
    powerMonitor: new Emitter(),
    protocol: { registerSchemesAsPrivileged: () => undefined },
    session,
    shell: { openExternal: async () => undefined },
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template: unknown) => template },
    nativeImage: {
      createFromBuffer: (png: Buffer, options: unknown) => ({ png, options }),
      createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined }),
    },
    screen: {
      getCursorScreenPoint: () => ({ x: 1810, y: 10 }),
      getDisplayNearestPoint: () => display,
      getPrimaryDisplay: () => display,
    },
  };
  return { electron, handlers, listeners, protocolHandlers, windows, trays };
});

vi.mock('electron', () => ({ default: fake.electron, ...fake.electron }));
// electron-store is conf plus Electron's default folder; node_modules are not mocked, so conf stands in for it here.
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf');
  class ConfAsElectronStore extends Conf<Record<string, unknown>> {
    constructor(options: { name: string; cwd: string; fileExtension: string }) {
      super({ ...options, configName: options.name, projectName: 'carbon-tray', projectSuffix: '' });
    }
  }
  return { default: ConfAsElectronStore };
});

const appRoot = mkdtempSync(join(tmpdir(), 'carbon-tray-approot-'));
const dataDir = mkdtempSync(join(tmpdir(), 'carbon-tray-data-'));
mkdirSync(join(appRoot, 'dist', 'renderer'), { recursive: true });
writeFileSync(join(appRoot, 'dist', 'renderer', 'index.html'), '<!doctype html><title>popup</title>');
afterAll(() => [appRoot, dataDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

const trusted = (id = 7) => ({
  sender: { id, send: vi.fn(), isDestroyed: () => false, once: () => undefined },
  senderFrame: { url: 'carbon-tray://app/index.html' },
});

describe('startTrayApp with a fake Electron and the real engine', () => {
  it('shows the live figure in the tray, serves the Api to the popup only, and flushes history on quit', async () => {
    const { startTrayApp } = await import('../../../src/main/app.js');
    await startTrayApp({ appRoot, dataDir });
    const tray = fake.trays[0];
    const popup = fake.windows[0];
    expect(tray && popup).toBeTruthy();
    if (!tray || !popup) return;

    // The popup is hardened and loads the app origin.
    const prefs = popup.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toBe(join(appRoot, 'dist', 'preload', 'index.cjs'));
    expect(popup.url).toBe('carbon-tray://app/index.html');

    // Within a few ticks (2 s each by default) the tray shows a number from this machine.
    await vi.waitFor(() => expect(tray.tooltip).toMatch(/^CarbonTray: \d+(\.\d)? k?g\/h CO2e now$/), {
      timeout: 15_000,
      interval: 200,
    });
    expect(tray.images).toBeGreaterThanOrEqual(1);
    expect(Array.isArray(tray.menu)).toBe(true);

    // The popup's snapshot over IPC conserves energy: the rows sum to the machine (docs/ARCHITECTURE.md, One tick, step 5).
    const getSnapshot = fake.handlers.get(IPC_CHANNELS.getSnapshot);
    const answer = (await getSnapshot?.(trusted())) as { ok: true; value: Snapshot };
    expect(answer.ok).toBe(true);
    const sum = answer.value.rows.reduce((s, r) => s + r.energyJ, 0);
    expect(sum).toBeCloseTo(answer.value.machine.energyJ, 6);
    const refused = await getSnapshot?.({ ...trusted(), senderFrame: { url: 'https://example.com/' } });
    expect(refused).toMatchObject({ ok: false, error: { field: 'sender' } });

    // A detail subscription flows only while the popup is shown.
    const send = vi.fn();
    const sender = { id: popup.webContents.id, send, isDestroyed: () => false, once: () => undefined };
    fake.listeners.get(IPC_CHANNELS.subscribe)?.(
      { sender, senderFrame: { url: 'carbon-tray://app/index.html' } },
      { id: 1, detail: true },
    );
    await new Promise((r) => setTimeout(r, 2_500));
    expect(send).not.toHaveBeenCalled();
    tray.emit('click');
    expect(popup.visible).toBe(true);
    // Top bar (work area starts at y = 32), icon centred at x = 1812: x = 1920 - 380 - 8, y = 32 + 8.
    expect(popup.bounds).toEqual({ x: 1532, y: 40, width: 380, height: 560 });
    await vi.waitFor(
      () =>
        expect(send).toHaveBeenCalledWith(
          IPC_CHANNELS.snapshot,
          1,
          expect.objectContaining({ detailed: true }),
        ),
      { timeout: 10_000 },
    );
    popup.emit('blur');
    expect(popup.visible).toBe(false);

    // The renderer is served with the CSP; nothing outside dist/renderer is.
    const serve = fake.protocolHandlers.get('carbon-tray');
    const page = await serve?.(new Request('carbon-tray://app/index.html'));
    expect(page?.status).toBe(200);
    expect(page?.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'/);
    expect((await serve?.(new Request('carbon-tray://app/..%2f..%2fpackage.json')))?.status).toBe(404);

    // Every new web contents is locked down: no navigation off the app origin, no new windows.
    const contents = Object.assign(new EventEmitter(), {
      openHandler: null as null | ((d: { url: string }) => unknown),
    });
    Object.assign(contents, {
      setWindowOpenHandler: (fn: (d: { url: string }) => unknown) => (contents.openHandler = fn),
    });
    fake.electron.app.emit('web-contents-created', {}, contents);
    const navigation = { preventDefault: vi.fn() };
    contents.emit('will-navigate', navigation, 'https://example.com/');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });

    // Quitting waits for the engine to flush, then quits once; the history database is on disk.
    fake.electron.app.quit();
    expect(fake.electron.app.quits).toBe(0);
    await vi.waitFor(() => expect(fake.electron.app.quits).toBe(1), { timeout: 10_000 });
    expect(tray.destroyed).toBe(true);
    expect(fake.handlers.size).toBe(0);
    expect(existsSync(join(dataDir, 'history.sqlite'))).toBe(true);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  }, 60_000);
});
