// Tests that the settings schema accepts exactly what the shared field table says: keys, choices, ranges, nulls.
import { describe, expect, it } from 'vitest';
import {
  AMORTIZATION_POLICIES,
  ATTRIBUTION_POLICIES,
  CPU_POWER_MODELS,
  DEVICE_CLASSES,
} from '../../../../src/core/vocabulary.js';
import {
  DEFAULT_SETTINGS,
  SettingsValidationError,
  applyPatch,
  loadStored,
  toStored,
} from '../../../../src/engine/settings/schema.js';
import type { Settings } from '../../../../src/shared/api.js';
import { SETTINGS_FIELDS, SETTINGS_KEYS } from '../../../../src/shared/settings-fields.js';

/** The message of the refusal of `{ [key]: value }`, or null when the value is accepted. */
function refusal(key: keyof Settings, value: unknown): string | null {
  try {
    applyPatch(DEFAULT_SETTINGS, { [key]: value });
    return null;
  } catch (error) {
    if (!(error instanceof SettingsValidationError)) throw error;
    expect(error.field).toBe(key);
    return error.message;
  }
}

const selects = SETTINGS_KEYS.flatMap((key) => {
  const field = SETTINGS_FIELDS[key];
  return field.input === 'select' ? [{ key, field }] : [];
});
const numbers = SETTINGS_KEYS.flatMap((key) => {
  const field = SETTINGS_FIELDS[key];
  return field.input === 'number' ? [{ key, range: field.range, nullable: field.nullable }] : [];
});

describe('the settings field table', () => {
  it('has one field per setting, in the order of the defaults', () => {
    expect(SETTINGS_KEYS).toEqual(Object.keys(DEFAULT_SETTINGS));
  });

  it('offers the values of the vocabulary arrays as choices, in their order', () => {
    const values = (key: keyof Settings) => {
      const field = SETTINGS_FIELDS[key];
      return field.input === 'select' ? field.choices.map((c) => c.value) : [];
    };
    expect(values('deviceClass')).toEqual([null, ...DEVICE_CLASSES]);
    expect(values('amortization')).toEqual([...AMORTIZATION_POLICIES]);
    expect(values('cpuModel')).toEqual([...CPU_POWER_MODELS]);
    expect(values('attribution')).toEqual([...ATTRIBUTION_POLICIES]);
    expect(selects.map((s) => s.key)).toEqual(['deviceClass', 'amortization', 'cpuModel', 'attribution']);
  });

  it('gives a select an empty ("detected") choice exactly when the setting is nullable', () => {
    for (const { field } of selects) {
      expect(field.choices.filter((c) => c.value === null)).toHaveLength(field.nullable ? 1 : 0);
    }
  });

  it('labels every choice', () => {
    for (const { field } of selects) for (const choice of field.choices) expect(choice.label).not.toBe('');
  });
});

describe('the schema built from the table', () => {
  it('accepts its own defaults', () => {
    expect(loadStored(toStored(DEFAULT_SETTINGS))).toMatchObject({
      warnings: [],
      settings: DEFAULT_SETTINGS,
    });
  });

  it.each(SETTINGS_KEYS)('accepts null for %s exactly when the table says it is nullable', (key) => {
    if (SETTINGS_FIELDS[key].nullable) expect(refusal(key, null)).toBeNull();
    else expect(refusal(key, null)).toContain('got null');
  });

  it.each(selects)('accepts every choice of $key and lists exactly those when refusing', ({ key, field }) => {
    const values = field.choices.flatMap((c) => (c.value === null ? [] : [c.value]));
    for (const value of values) expect(refusal(key, value)).toBeNull();
    const orNull = field.nullable ? ' or null' : '';
    expect(refusal(key, 'nonsense')).toBe(
      `${key}: must be one of ${values.join(', ')}${orNull}, got "nonsense"`,
    );
  });

  it.each(numbers)('accepts $key within the range of the table and refuses it outside', ({ key, range }) => {
    const { min, max, minExclusive, integer, quantity } = range;
    expect(refusal(key, max)).toBeNull();
    expect(refusal(key, max + 1)).toContain(`at most ${max}`);
    if (minExclusive) expect(refusal(key, min)).toContain(`greater than ${min}`);
    else expect(refusal(key, min)).toBeNull();
    expect(refusal(key, min - 1)).toContain(quantity);
    if (integer) expect(refusal(key, min + 0.5)).toContain('whole number');
    else expect(refusal(key, min + 0.5)).toBeNull();
  });
});
