// The Electron app's settings store: electron-store on the engine's schema and file (settings.json in the data folder).
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { StoredSettings } from '../engine/index.js';
import { SETTINGS_FILE, type SettingsStore } from '../engine/index.js';

/**
 * Same document and file as the headless `ConfSettingsStore` (electron-store is conf underneath), so the app,
 * the server and the CLI share one settings file; validation and migrations stay in the engine's schema.
 */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store: ElectronStore<Record<string, unknown>>;

  constructor(dataDir: string) {
    this.store = new ElectronStore<Record<string, unknown>>({
      cwd: dataDir,
      name: SETTINGS_FILE.configName,
      fileExtension: SETTINGS_FILE.fileExtension,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
    // electron-store answers this channel for stores created in renderers; none are, and main answers only the
    // validated Api channels (src/main/ipc.ts).
    ipcMain.removeAllListeners('electron-store-get-data');
  }

  get path(): string {
    return this.store.path;
  }

  read(): unknown {
    const stored = this.store.store;
    return Object.keys(stored).length === 0 ? undefined : stored;
  }

  write(doc: StoredSettings): void {
    this.store.store = { ...doc };
  }
}
