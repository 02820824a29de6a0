// The live settings of one engine: loads through the schema, validates updates, writes only valid documents.
import type { Settings } from '../../shared/api.js';
import { applyPatch, loadStored, toStored } from './schema.js';
import type { SettingsStore } from './store.js';

/** The current settings, backed by a `SettingsStore`. Invalid updates throw and leave memory and disk as they were. */
export class SettingsHolder {
  private current: Settings;
  /** Problems found in the stored document when it was read (invalid values fall back to defaults). */
  readonly warnings: string[];
  private readonly listeners: ((next: Settings, previous: Settings) => void)[] = [];
  /** Updates run one after another, each validated against the result of the previous one. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly migrated: boolean;

  constructor(private readonly store: SettingsStore) {
    const loaded = loadStored(store.read());
    this.current = loaded.settings;
    this.warnings = loaded.warnings;
    this.migrated = loaded.migrated;
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Writes a document that was stored in an older schema back in the current one (nothing to do otherwise). */
  async saveMigrated(): Promise<void> {
    if (this.migrated) await this.store.write(toStored(this.current));
  }

  /**
   * Validates the patch (rejects with `SettingsValidationError` naming the field, writing nothing), then saves
   * and notifies listeners.
   */
  update(patch: unknown): Promise<Settings> {
    const run = async (): Promise<Settings> => {
      const next = applyPatch(this.current, patch);
      await this.store.write(toStored(next));
      const previous = this.current;
      this.current = next;
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
}
