// The tray app once Electron is ready: engine, IPC bridge, popup and tray wired together.
import { join } from 'node:path';
import { app, ipcMain, powerMonitor } from 'electron';
import { createEngine } from '../engine/index.js';
import type { Snapshot } from '../shared/api.js';
import { isAppUrl } from './app-protocol.js';
import { AppLife } from './app-life.js';
import { IpcBridge } from './ipc.js';
import { loginItemFor } from './login-item.js';
import { PopupWindow } from './popup-window.js';
import { hardenApp } from './security.js';
import { ElectronSettingsStore } from './settings-store.js';
import { AppTray } from './tray.js';

/** Where the app's files are: the app folder (or asar) holding dist/ and assets/. */
export interface AppPaths {
  appRoot: string;
  /** Settings and history (the same folder the CLI and the headless server use by default). */
  dataDir: string;
}

/**
 * Starts monitoring and shows the tray. Throws when the engine cannot run on this machine or another engine
 * records into the data folder (see `startFailure` for what the user is told).
 */
export async function startTrayApp({ appRoot, dataDir }: AppPaths): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide();
  hardenApp(join(appRoot, 'dist', 'renderer'));
  // Throws EngineLockedError, naming the owner, while `serve` or another tray app records into dataDir.
  const engine = createEngine({ dataDir, settingsStore: new ElectronSettingsStore(dataDir), shell: 'tray' });
  const bridge = new IpcBridge(engine, isAppUrl);
  bridge.register(ipcMain);
  const popup = new PopupWindow({
    preloadPath: join(appRoot, 'dist', 'preload', 'index.cjs'),
    devTools: !app.isPackaged,
    onLooking: (webContentsId, looking) => bridge.setLooking(webContentsId, looking),
  });
  const login = loginItemFor(app);
  let latest: Snapshot | null = null;
  const tray: AppTray = new AppTray(
    join(appRoot, 'assets'),
    {
      toggle: () => popup.toggle(tray.tray.getBounds()),
      openDashboard: () => popup.show(tray.tray.getBounds()),
      openSettings: () => popup.showSettings(tray.tray.getBounds()),
      setPaused: (paused) => {
        engine.setPaused(paused);
        tray.refreshMenu();
        tray.update(latest && { ...latest, paused });
      },
      setLaunchAtLogin: (enabled) => {
        login.setEnabled(enabled);
        tray.refreshMenu();
      },
      quit: () => app.quit(),
    },
    () => ({
      paused: engine.isPaused(),
      launchAtLogin: login.isEnabled(),
      launchAtLoginSupported: login.supported,
    }),
  );
  const unsubscribe = engine.subscribe((snapshot) => {
    latest = snapshot;
    tray.update(snapshot);
  });
  const life = new AppLife(engine, {
    showPopup: () => popup.show(tray.tray.getBounds()),
    beforeStop: () => {
      unsubscribe();
      bridge.unregister(ipcMain);
      popup.allowClose();
      tray.destroy();
    },
    log: (message) => console.error(message),
  });
  life.attach(app, powerMonitor);
  await engine.start();
  // Stored settings the engine does not use (hand-edited, refused): one line each; the popup shows them too.
  for (const warning of (await engine.getSettings()).warnings)
    console.error(`CarbonTray: ${warning.message}`);
}
