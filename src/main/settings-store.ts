// The Electron app's settings store: electron-store on the engine's schema and file (settings.json in the data folder).
import { join } from 'node:path';
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { StoredSettings } from '../engine/index.js';
import { SETTINGS_FILE, SETTINGS_FILE_MODE, type SettingsStore } from '../engine/index.js';

/**
 * Same document and file as the headless `ConfSettingsStore` (electron-store is conf underneath), so the app,
 * the server and the CLI share one settings file; validation and migrations stay in the engine's schema.
 * electron-store is opened on first use, so a tray app refused by another engine's lock touches no file.
 */
export class ElectronSettingsStore implements SettingsStore {
  readonly path: string;
  private opened: ElectronStore<Record<string, unknown>> | null = null;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, `${SETTINGS_FILE.configName}.${SETTINGS_FILE.fileExtension}`);
  }

  private get store(): ElectronStore<Record<string, unknown>> {
    if (this.opened === null) {
      this.opened = new ElectronStore<Record<string, unknown>>({
        cwd: this.dataDir,
        name: SETTINGS_FILE.configName,
        fileExtension: SETTINGS_FILE.fileExtension,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        // The settings hold the Electricity Maps token: owner-only, the temporary file of each write too.
        configFileMode: SETTINGS_FILE_MODE,
      });
      // electron-store answers this channel for stores created in renderers; none are, and main answers only the
      // validated Api channels (src/main/ipc.ts).
      ipcMain.removeAllListeners('electron-store-get-data');
    }
    return this.opened;
  }

  read(): unknown {
    const stored = this.store.store;
    return Object.keys(stored).length === 0 ? undefined : stored;
  }

  write(doc: StoredSettings): void {
    this.store.store = { ...doc };
  }
}
