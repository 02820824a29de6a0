// Where settings are kept: the `SettingsStore` interface and its `conf`-backed implementation for headless mode.
import { join } from 'node:path';
import Conf from 'conf';
import type { StoredSettings } from './schema.js';

/**
 * Persistence of the settings document (`settings.json` in the data folder). It only reads and writes whole
 * documents; validation and migration are the schema's job, so the Electron app's electron-store implementation
 * (same `SETTINGS_FILE` name and folder) behaves the same.
 */
export interface SettingsStore {
  /** The stored document as parsed JSON, or `undefined` when nothing is stored yet. */
  read(): unknown;
  /** Replaces the stored document (atomically). */
  write(doc: StoredSettings): void;
  /** Where the document lives, for messages. */
  readonly path: string;
}

/** File name (without extension) and extension shared by every `SettingsStore` implementation. */
export const SETTINGS_FILE = { configName: 'settings', fileExtension: 'json' } as const;

function unreadable(path: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`the settings file ${path} cannot be read (${reason}); fix or remove it`);
}

/** The headless store: `conf` writing `<dataDir>/settings.json` atomically. */
export class ConfSettingsStore implements SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(dataDir: string) {
    try {
      this.conf = new Conf<Record<string, unknown>>({
        cwd: dataDir,
        ...SETTINGS_FILE,
        projectSuffix: '',
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      });
    } catch (error) {
      throw unreadable(join(dataDir, `${SETTINGS_FILE.configName}.${SETTINGS_FILE.fileExtension}`), error);
    }
  }

  get path(): string {
    return this.conf.path;
  }

  read(): unknown {
    let store: Record<string, unknown>;
    try {
      store = this.conf.store;
    } catch (error) {
      throw unreadable(this.path, error);
    }
    return Object.keys(store).length === 0 ? undefined : store;
  }

  write(doc: StoredSettings): void {
    this.conf.store = { ...doc };
  }
}
