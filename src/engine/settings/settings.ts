// The live settings of one engine: loads through the schema, validates updates, writes only valid documents, and
// never loses what the user wrote by hand (refused values and unknown keys are written back as they were).
import type { PublicSettings, Settings, SettingsWarning } from '../../shared/api.js';
import { FileFault } from '../../shared/errors.js';
import { maskSecret } from '../../shared/settings-fields.js';
import { applyPatch, loadStored, patchedKeys, toStored } from './schema.js';
import type { SettingsStore } from './store.js';

/** What `update` says when the file cannot be written: what the user can do (nothing was changed). */
const WRITE_REMEDY =
  'nothing was changed; make the data folder and the file writable (or free some space), then try again';

/**
 * The current settings, backed by a `SettingsStore`. Invalid updates throw a `SettingsValidationError` and a
 * failed write a `FileFault`; either leaves memory and disk as they were.
 *
 * A stored value the schema refuses is reported (`warnings`), replaced by its default in memory, and written back
 * as it was with every save until a patch names that setting. A stored file that cannot be used at all (not JSON,
 * unreadable, not an object) is reported, the defaults are used, and it is never saved over.
 */
export class SettingsHolder {
  private current: Settings;
  private readonly listeners: ((next: Settings, previous: Settings) => void)[] = [];
  /** Updates run one after another, each validated against the result of the previous one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly migrated: boolean;
  /** Stored values not in use, written back untouched (refused values until their setting is patched, unknown keys). */
  private kept: Map<string, unknown>;
  /** What was found wrong in the stored document; a patch of a setting drops that setting's warning. */
  private problems: SettingsWarning[];
  private readonly storedVersion: number;
  /** Set when the stored file was not used: saving would destroy what the user wrote, so saves are refused. */
  private readonly unusable: boolean;

  constructor(private readonly store: SettingsStore) {
    let raw: unknown;
    let readError: unknown = null;
    try {
      raw = store.read();
    } catch (error) {
      readError = error;
    }
    const loaded = loadStored(raw, store.path);
    this.current = loaded.settings;
    this.kept = loaded.kept;
    this.problems = loaded.problems;
    this.storedVersion = loaded.storedVersion;
    this.migrated = loaded.migrated;
    this.unusable = loaded.unusable || readError !== null;
    if (readError !== null) {
      const reason = readError instanceof Error ? readError.message : String(readError);
      // The headless store names the file and the remedy; electron-store's parse error says neither.
      const said = reason.includes(store.path)
        ? reason
        : `the settings file ${store.path} cannot be read (${reason}); fix or remove it`;
      this.problems.push({
        field: 'settings',
        message: `settings: ${said}; using the defaults, and the file is not saved over until it is fixed or removed`,
      });
    }
  }

  /** The settings in use (with the real secrets: for the engine only). */
  get(): Settings {
    return { ...this.current };
  }

  /** What was found wrong in the stored settings and is not fixed yet. */
  get warnings(): SettingsWarning[] {
    return this.problems.map((problem) => ({ ...problem }));
  }

  /** The settings as the Api shows them: secrets masked, with the warnings. */
  shown(settings: Readonly<Settings> = this.current): PublicSettings {
    return {
      ...settings,
      electricityMapsToken: maskSecret(settings.electricityMapsToken),
      electricityMapsTokenSet: settings.electricityMapsToken !== null,
      warnings: this.warnings,
    };
  }

  /**
   * Writes a document stored in an older schema back in the current one. Nothing is written when the file had
   * problems (it stays exactly as the user wrote it until they change a setting) or when it could not be used; a
   * failed write is reported among the warnings, never thrown (the engine runs on what it read).
   */
  async saveMigrated(): Promise<void> {
    if (!this.migrated || this.unusable || this.problems.length > 0) return;
    try {
      await this.store.write(toStored(this.current, this.kept, this.storedVersion));
    } catch (error) {
      const fault = this.writeFault(error);
      this.problems.push({ field: 'settings', message: `settings: ${fault.message}` });
    }
  }

  /**
   * Validates the patch (rejects with `SettingsValidationError` naming the field, writing nothing), then saves
   * (rejects with a `FileFault` naming the path when the file cannot be written, changing nothing) and notifies
   * listeners.
   */
  update(patch: unknown): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const next = applyPatch(this.current, patch);
      if (this.unusable) {
        throw new FileFault(
          this.store.path,
          'cannot save the settings',
          new Error(
            'the file could not be used when CarbonTray started, and saving would replace what is in it',
          ),
          'fix the file (a JSON object of settings) or remove it, then restart CarbonTray',
        );
      }
      const touched = new Set<string>(patchedKeys(patch));
      const kept = new Map([...this.kept].filter(([key]) => !touched.has(key)));
      try {
        await this.store.write(toStored(next, kept, this.storedVersion));
      } catch (error) {
        throw this.writeFault(error);
      }
      const previous = this.current;
      this.current = next;
      this.kept = kept;
      this.problems = this.problems.filter((problem) => !touched.has(problem.field));
      for (const listener of this.listeners) listener({ ...next }, previous);
      return { ...next };
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Called after every saved update. */
  onChange(listener: (next: Settings, previous: Settings) => void): void {
    this.listeners.push(listener);
  }

  private writeFault(error: unknown): FileFault {
    if (error instanceof FileFault) return error;
    return new FileFault(this.store.path, 'cannot save the settings', error, WRITE_REMEDY);
  }
}
