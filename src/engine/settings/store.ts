// Where settings are kept: the `SettingsStore` interface and its `conf`-backed implementation for headless mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Conf from 'conf';
import { PRIVATE_FILE_MODE } from '../paths.js';
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
  write(doc: StoredSettings): void | Promise<void>;
  /** Where the document lives, for messages. */
  readonly path: string;
}

/** File name (without extension) and extension shared by every `SettingsStore` implementation. */
export const SETTINGS_FILE = { configName: 'settings', fileExtension: 'json' } as const;

/** The settings file's mode for every `SettingsStore` (conf's and electron-store's `configFileMode`). */
export { PRIVATE_FILE_MODE as SETTINGS_FILE_MODE } from '../paths.js';

function unreadable(path: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`the settings file ${path} cannot be read (${reason}); fix or remove it`);
}

/**
 * The headless store: `conf` writes `<dataDir>/settings.json` atomically, in the JSON format electron-store uses.
 * Reading is a plain JSON parse of that file, and conf (with its schema validator, ~17 MB resident) is only loaded
 * on the first write, so an engine whose settings never change does not carry it.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;
  private conf: Conf<Record<string, unknown>> | null = null;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, `${SETTINGS_FILE.configName}.${SETTINGS_FILE.fileExtension}`);
  }

  read(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw unreadable(this.path, error);
    }
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw unreadable(this.path, error);
    }
  }

  async write(doc: StoredSettings): Promise<void> {
    if (!this.conf) {
      const { default: ConfClass } = await import('conf');
      this.conf = new ConfClass<Record<string, unknown>>({
        cwd: this.dataDir,
        ...SETTINGS_FILE,
        projectSuffix: '',
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
        // The settings hold the Electricity Maps token: owner-only, the temporary file of each write too.
        configFileMode: PRIVATE_FILE_MODE,
      });
    }
    this.conf.store = { ...doc };
  }
}
