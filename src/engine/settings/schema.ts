// The one typed settings schema: defaults, per-field validation naming the field, and versioned migrations.
import { isKnownCountry } from '../../core/intensity.js';
import type { Settings, SettingsPatch } from '../../shared/api.js';
import { FieldError } from '../../shared/errors.js';
import {
  SETTINGS_FIELDS,
  SETTINGS_KEYS,
  type Choice,
  type NumberRange,
  type SettingsField,
  type TextFormat,
} from '../../shared/settings-fields.js';

/** Version of the stored document; bump it and append to `MIGRATIONS` when the stored shape changes. */
export const SETTINGS_SCHEMA_VERSION = 1;

/** The stored file: the flat `Settings` object plus its schema version (same file for conf and electron-store). */
export type StoredSettings = Settings & { schemaVersion: number };

/** Defaults of the settings (README, Settings; docs/ARCHITECTURE.md, "The model and its sources"); `null` means "detected or class default". */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  deviceClass: null,
  embodiedKg: null,
  purchaseDate: null,
  lifetimeYears: null,
  amortization: 'linear',
  cpuModel: 'teads',
  cpuTdpW: null,
  memoryWPerGB: 0.375,
  pue: 1,
  country: null,
  customIntensity: null,
  electricityMapsToken: null,
  attribution: 'capacity',
  intervalS: 2,
  retentionDays: 400,
  storeCommandLines: false,
});

/** An invalid setting: `field` is the key, `message` says what is wrong (the Api's `SettingsError` as JSON). */
export class SettingsValidationError extends FieldError {}

type Check = (value: unknown) => { ok: true; value: unknown } | { ok: false; message: string };

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function number(range: NumberRange, nullable: boolean): Check {
  const { min, max, minExclusive, integer, quantity } = range;
  return (value) => {
    const tooLow = typeof value === 'number' && (minExclusive ? value <= min : value < min);
    const bad =
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      tooLow ||
      value > max ||
      (integer === true && !Number.isInteger(value));
    if (!bad) return { ok: true, value };
    const within = `${minExclusive ? 'greater than' : 'at least'} ${min} and at most ${max}`;
    const kind = integer ? 'a whole number of' : 'a number of';
    const orNull = nullable ? ' (or null for the default)' : '';
    return { ok: false, message: `must be ${kind} ${quantity} ${within}${orNull}, got ${show(value)}` };
  };
}

function oneOf(choices: readonly Choice[], nullable: boolean): Check {
  const values = choices.flatMap((choice) => (choice.value === null ? [] : [choice.value]));
  return (value) => {
    if (typeof value === 'string' && values.includes(value)) return { ok: true, value };
    return {
      ok: false,
      message: `must be one of ${values.join(', ')}${nullable ? ' or null' : ''}, got ${show(value)}`,
    };
  };
}

const isoDate: Check = (value) => {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const parsed = match ? new Date(`${value as string}T00:00:00Z`) : null;
  if (!match || !parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    return { ok: false, message: `must be a date YYYY-MM-DD (or null), got ${show(value)}` };
  }
  if (parsed.getTime() > Date.now()) return { ok: false, message: `is in the future (${value as string})` };
  return { ok: true, value };
};

const country: Check = (value) => {
  if (typeof value === 'string' && /^[A-Za-z]{3}$/.test(value) && isKnownCountry(value)) {
    return { ok: true, value: value.toUpperCase() };
  }
  return {
    ok: false,
    message: `must be an ISO 3166-1 alpha-3 code with data (e.g. FRA, DEU, USA) or null, got ${show(value)}`,
  };
};

const token: Check = (value) => {
  if (
    typeof value === 'string' &&
    value.trim().length > 0 &&
    value.length <= 512 &&
    !/\s/.test(value.trim())
  ) {
    return { ok: true, value: value.trim() };
  }
  return {
    ok: false,
    message: 'must be an Electricity Maps API token (a non-empty string without spaces) or null',
  };
};

const FORMATS: Readonly<Record<TextFormat, Check>> = { 'iso-date': isoDate, country, token };

const boolean: Check = (value) =>
  typeof value === 'boolean'
    ? { ok: true, value }
    : { ok: false, message: `must be true or false, got ${show(value)}` };

function valueCheck(field: SettingsField): Check {
  switch (field.input) {
    case 'number':
      return number(field.range, field.nullable);
    case 'select':
      return oneOf(field.choices, field.nullable);
    case 'checkbox':
      return boolean;
    default:
      return FORMATS[field.format];
  }
}

/** The check of one field, from its row of the shared table; `null` passes wherever the table allows it. */
function checkOf(field: SettingsField): Check {
  const check = valueCheck(field);
  if (!field.nullable) return check;
  return (value) => (value === null ? { ok: true, value: null } : check(value));
}

/** The schema: one validator per field of `Settings`, no other keys. */
const FIELDS = Object.fromEntries(
  SETTINGS_KEYS.map((key) => [key, checkOf(SETTINGS_FIELDS[key])]),
) as Readonly<Record<keyof Settings, Check>>;

/**
 * Applies a patch to the current settings. Throws `SettingsValidationError` naming the first bad field (an
 * unknown key, a wrong type or range); the current settings are never modified.
 */
export function applyPatch(current: Readonly<Settings>, patch: unknown): Settings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SettingsValidationError('settings', 'an update must be an object of setting names to values');
  }
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch as SettingsPatch)) {
    const check = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof Settings] : undefined;
    if (!check)
      throw new SettingsValidationError(key, `is not a setting (known: ${SETTINGS_KEYS.join(', ')})`);
    const result = check(value);
    if (!result.ok) throw new SettingsValidationError(key, result.message);
    next[key] = result.value;
  }
  return next as unknown as Settings;
}

/** A migration from the version before `to` to `to`, over the raw stored object. */
interface Migration {
  to: number;
  migrate(raw: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Explicit, ordered migrations. Version 1 is the first released shape; a file without `schemaVersion` (written
 * by hand) is read as version 0 and keeps every key version 1 knows.
 */
const MIGRATIONS: readonly Migration[] = [{ to: 1, migrate: (raw) => raw }];

/** Result of reading a stored document: the settings, and one warning per value that had to be dropped. */
export interface LoadedSettings {
  settings: Settings;
  warnings: string[];
  /** True when the stored document was older than the schema (so it should be written back). */
  migrated: boolean;
}

/**
 * Reads whatever is stored (possibly nothing, an old version or a hand-edited file): migrates it, then keeps
 * each valid value and falls back to the default, with a warning, for each invalid or unknown one.
 */
export function loadStored(raw: unknown): LoadedSettings {
  const warnings: string[] = [];
  let doc: Record<string, unknown> =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? { ...(raw as Record<string, unknown>) }
      : {};
  const fromVersion = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : 0;
  if (fromVersion > SETTINGS_SCHEMA_VERSION) {
    warnings.push(
      `settings were written by a newer CarbonTray (schema ${fromVersion}); reading the fields this version knows`,
    );
  }
  for (const migration of MIGRATIONS) if (migration.to > fromVersion) doc = migration.migrate(doc);
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'schemaVersion') continue;
    const check = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof Settings] : undefined;
    if (!check) {
      warnings.push(`ignoring unknown setting ${key}`);
      continue;
    }
    const result = check(value);
    if (result.ok) settings[key] = result.value;
    else warnings.push(`ignoring stored ${key}: ${result.message}; using the default`);
  }
  return {
    settings: settings as unknown as Settings,
    warnings,
    migrated: fromVersion < SETTINGS_SCHEMA_VERSION && raw !== undefined,
  };
}

/** The document to store for these settings. */
export function toStored(settings: Readonly<Settings>): StoredSettings {
  return { schemaVersion: SETTINGS_SCHEMA_VERSION, ...settings };
}
