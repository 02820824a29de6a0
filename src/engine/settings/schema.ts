// The one typed settings schema: defaults, per-field validation naming the field, and versioned migrations.
import { isKnownCountry } from '../../core/intensity.js';
import type { Settings, SettingsWarning } from '../../shared/api.js';
import { describeValue, FieldError } from '../../shared/errors.js';
import {
  maskSecret,
  SECRET_MASK,
  SETTINGS_FIELDS,
  SETTINGS_KEYS,
  SETTINGS_READ_ONLY_KEYS,
  type Choice,
  type NumberRange,
  type SettingsField,
  type TextFormat,
} from '../../shared/settings-fields.js';

/** Version of the stored document; bump it and append to `MIGRATIONS` when the stored shape changes. */
export const SETTINGS_SCHEMA_VERSION = 1;

/**
 * The stored file: the flat `Settings` object plus its schema version (same file for conf and electron-store). A
 * hand-edited file may also hold values the schema refuses and keys it does not know; they are written back as
 * they were (see `toStored`).
 */
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

/**
 * A refused value in a message: never the value itself when it is large or nested (`String` of a deeply nested
 * array recurses until the stack overflows), strings cut short.
 */
const show = describeValue;

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

/** The keys of `Settings` whose field is a secret (shown masked by the Api). */
const SECRET_KEYS = SETTINGS_KEYS.filter((key) => SETTINGS_FIELDS[key].input === 'secret');

/**
 * Applies a patch to the current settings. Throws `SettingsValidationError` naming the first bad field (an
 * unknown key, a wrong type or range); the current settings are never modified. Any JSON value is refused this way,
 * never with another error: the checks look at a value's type first and never walk into it.
 *
 * The read-only keys of the Api's answer (`SETTINGS_READ_ONLY_KEYS`) are ignored, and a secret sent back as its
 * mask (what the Api shows) keeps the stored secret, so a GET body can be edited and sent back whole.
 */
export function applyPatch(current: Readonly<Settings>, patch: unknown): Settings {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SettingsValidationError(
      'settings',
      `an update must be an object of setting names to values, got ${show(patch)}`,
    );
  }
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (SETTINGS_READ_ONLY_KEYS.includes(key)) continue;
    const check = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof Settings] : undefined;
    if (!check)
      throw new SettingsValidationError(key, `is not a setting (known: ${SETTINGS_KEYS.join(', ')})`);
    if ((SECRET_KEYS as string[]).includes(key) && typeof value === 'string') {
      const stored = current[key as keyof Settings] as string | null;
      if (stored !== null && value === maskSecret(stored)) continue;
      if (value.startsWith(SECRET_MASK))
        throw new SettingsValidationError(
          key,
          'is a masked value that is not the stored one (it changed meanwhile?): send the whole new value, or null to remove it',
        );
    }
    const result = check(value);
    if (!result.ok) throw new SettingsValidationError(key, result.message);
    next[key] = result.value;
  }
  return next as unknown as Settings;
}

/** The keys of a patch that name settings (what a saved patch changed or confirmed). */
export function patchedKeys(patch: unknown): (keyof Settings)[] {
  if (typeof patch !== 'object' || patch === null) return [];
  return SETTINGS_KEYS.filter((key) => Object.hasOwn(patch, key));
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

/** Result of reading a stored document: the settings in use, and what was found wrong. */
export interface LoadedSettings {
  settings: Settings;
  /** One line per problem (what `measure` and `compare` print); the messages of `problems`. */
  warnings: string[];
  /** The problems by field, as the Api reports them. */
  problems: SettingsWarning[];
  /**
   * The stored values that are not used, exactly as parsed — refused values of known settings, and keys this
   * version does not know — to be written back untouched until the user changes them.
   */
  kept: Map<string, unknown>;
  /** The stored document's schema version (0 without one). */
  storedVersion: number;
  /**
   * True when the stored value is JSON but not an object of settings (an array, a number…): nothing in it is
   * used, and saving would replace it, so it must not be saved over.
   */
  unusable: boolean;
  /** True when the stored document was older than the schema (so it should be written back). */
  migrated: boolean;
}

/** How a warning says what is used instead of a refused stored value. */
function usedInstead(key: keyof Settings): string {
  const value = DEFAULT_SETTINGS[key];
  return `using the default ${value === null ? 'null (detected or class default)' : show(value)}`;
}

/**
 * Reads whatever is stored (possibly nothing, an old version or a hand-edited file): migrates it, then keeps
 * each valid value and uses the default, with a warning, for each invalid one. Refused values and unknown keys
 * are returned in `kept`, so they can be written back as they were. `path` (the file's) goes into the messages.
 */
export function loadStored(raw: unknown, path?: string): LoadedSettings {
  const problems: SettingsWarning[] = [];
  const kept = new Map<string, unknown>();
  const inFile = path === undefined ? 'the file' : path;
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const unusable = raw !== undefined && !isObject;
  if (unusable) {
    problems.push({
      field: 'settings',
      message: `settings: the stored settings are ${show(raw)}, not an object of setting names to values; using the defaults, and ${inFile} is not saved over until it is fixed or removed`,
    });
  }
  let doc: Record<string, unknown> = isObject ? { ...(raw as Record<string, unknown>) } : {};
  const fromVersion =
    typeof doc.schemaVersion === 'number' && Number.isFinite(doc.schemaVersion) ? doc.schemaVersion : 0;
  if (fromVersion > SETTINGS_SCHEMA_VERSION) {
    problems.push({
      field: 'schemaVersion',
      message: `schemaVersion: the settings were written by a newer CarbonTray (schema ${fromVersion}, this one reads ${SETTINGS_SCHEMA_VERSION}); using the fields this version knows and keeping the others as written`,
    });
  }
  for (const migration of MIGRATIONS) if (migration.to > fromVersion) doc = migration.migrate(doc);
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'schemaVersion') continue;
    const check = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof Settings] : undefined;
    if (!check) {
      kept.set(key, value);
      problems.push({
        field: key,
        message: `${key}: is not a setting this version knows; ignored, and kept in ${inFile} as written`,
      });
      continue;
    }
    const result = check(value);
    if (result.ok) {
      settings[key] = result.value;
      continue;
    }
    kept.set(key, value);
    problems.push({
      field: key,
      message: `${key}: the stored value is not used: ${result.message}; ${usedInstead(key as keyof Settings)} until it is changed (${inFile} keeps your value as written)`,
    });
  }
  return {
    settings: settings as unknown as Settings,
    warnings: problems.map((problem) => problem.message),
    problems,
    kept,
    storedVersion: fromVersion,
    unusable,
    migrated: fromVersion < SETTINGS_SCHEMA_VERSION && isObject,
  };
}

/**
 * The document to store for these settings: the schema version (a newer file's stays), every setting, then the
 * stored values kept as they were (`kept` replaces a setting's value in place, unknown keys come last).
 */
export function toStored(
  settings: Readonly<Settings>,
  kept: ReadonlyMap<string, unknown> = new Map(),
  storedVersion = SETTINGS_SCHEMA_VERSION,
): StoredSettings {
  const doc: Record<string, unknown> = {
    schemaVersion: Math.max(SETTINGS_SCHEMA_VERSION, storedVersion),
    ...settings,
  };
  // defineProperty, not assignment: a hand-written `__proto__` key stays an ordinary key.
  for (const [key, value] of kept) {
    Object.defineProperty(doc, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return doc as unknown as StoredSettings;
}
