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

  constructor(private readonly store: SettingsStore) {
    const loaded = loadStored(store.read());
    this.current = loaded.settings;
    this.warnings = loaded.warnings;
    if (loaded.migrated) store.write(toStored(this.current));
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Validates the patch (throws `SettingsValidationError` naming the field), then saves and notifies. */
  update(patch: unknown): Settings {
    const next = applyPatch(this.current, patch);
    this.store.write(toStored(next));
    const previous = this.current;
    this.current = next;
    for (const listener of this.listeners) listener({ ...next }, previous);
    return { ...next };
  }

  /** Called after every saved update. */
  onChange(listener: (next: Settings, previous: Settings) => void): void {
    this.listeners.push(listener);
  }
}
