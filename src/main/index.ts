// Entry point of the Electron main process: one instance, the app scheme, then the tray app once ready.
import { join, resolve } from 'node:path';
import { app, dialog } from 'electron';
import { defaultDataDir } from '../engine/index.js';
import { startTrayApp } from './app.js';
import { startFailure } from './start-failure.js';
import { registerAppScheme } from './security.js';

registerAppScheme();
// A 1 MB young generation keeps the engine's peak memory down (bench/engine.ts: 85 → 76 MB with the popup open).
app.commandLine.appendSwitch('js-flags', '--max-semi-space-size=1');

// `--data-dir=DIR` as in the CLI: settings, history and the Electron profile then all live in DIR.
const dataDirSwitch = app.commandLine.getSwitchValue('data-dir');
const dataDir = dataDirSwitch === '' ? defaultDataDir() : resolve(dataDirSwitch);
if (dataDirSwitch !== '') app.setPath('userData', join(dataDir, 'electron-profile'));

if (!app.requestSingleInstanceLock()) {
  // Another CarbonTray runs; it receives 'second-instance' and shows its popup.
  app.quit();
} else {
  // A tray app keeps running with no window open.
  app.on('window-all-closed', () => undefined);
  app
    .whenReady()
    .then(() => startTrayApp({ appRoot: app.getAppPath(), dataDir }))
    .catch((error: unknown) => {
      const { title, message } = startFailure(error);
      console.error(`CarbonTray: ${message}`);
      dialog.showErrorBox(title, message);
      app.exit(1);
    });
}
