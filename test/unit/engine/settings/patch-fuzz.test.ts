// Property test of the settings schema: any JSON value as a patch is applied whole or refused with a
// SettingsValidationError naming a field of the patch, never with another error (a stack overflow, a TypeError).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SettingsValidationError,
  applyPatch,
  loadStored,
  toStored,
} from '../../../../src/engine/settings/schema.js';
import type { Settings } from '../../../../src/shared/api.js';
import { SETTINGS_KEYS, SETTINGS_READ_ONLY_KEYS } from '../../../../src/shared/settings-fields.js';
import { randomPatch, randomValue, seeded } from '../../../helpers/random-json.js';

/** Longest message a refusal may carry: it describes a refused value, it never echoes a 60 KB one. */
const MAX_MESSAGE = 1_000;

/** What applying `patch` to `current` did: the settings, or the refusal; anything else thrown fails the test. */
function outcome(current: Settings, patch: unknown): Settings | SettingsValidationError {
  try {
    return applyPatch(current, patch);
  } catch (error) {
    if (error instanceof SettingsValidationError) return error;
    throw new Error(`applyPatch threw ${String(error)} for a patch, not a SettingsValidationError`);
  }
}

/** The property: a refusal names a key of the patch (or `settings` for the whole), else the result is valid. */
function check(current: Settings, patch: unknown): 'applied' | 'refused' {
  const result = outcome(current, patch);
  if (result instanceof SettingsValidationError) {
    const keys = typeof patch === 'object' && patch !== null ? Object.keys(patch) : [];
    expect([...keys, 'settings']).toContain(result.field);
    expect(result.message.startsWith(`${result.field}: `)).toBe(true);
    expect(result.message.length).toBeLessThan(MAX_MESSAGE);
    return 'refused';
  }
  // Every value of the result passes the schema (loading it back finds nothing to report)…
  expect(loadStored(toStored(result)).problems).toEqual([]);
  expect(Object.keys(result).sort()).toEqual([...SETTINGS_KEYS].sort());
  // …and a setting the patch did not name is unchanged.
  const named = Object.keys(patch as object);
  for (const key of SETTINGS_KEYS.filter((k) => !named.includes(k))) expect(result[key]).toBe(current[key]);
  return 'applied';
}

describe('applyPatch on random JSON', () => {
  it('applies or refuses 3000 random patches, naming the field, never throwing anything else', () => {
    const rand = seeded(20_261_202);
    const counts = { applied: 0, refused: 0 };
    let current: Settings = { ...DEFAULT_SETTINGS };
    for (let i = 0; i < 3000; i += 1) {
      const patch = randomPatch(rand).value;
      const verdict = check(current, patch);
      counts[verdict] += 1;
      if (verdict === 'applied') current = applyPatch(current, patch);
    }
    // Both paths are exercised (the generator sends plausible values about half the time).
    expect(counts.applied).toBeGreaterThan(100);
    expect(counts.refused).toBeGreaterThan(1000);
  });

  it.each([
    ['an array 30,000 deep', 30_000],
    ['an array 1,000,000 deep', 1_000_000],
  ])('refuses %s as a value naming the field, without walking into it', (_what, depth) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = [value];
    const error = outcome(DEFAULT_SETTINGS, { pue: value });
    expect(error).toBeInstanceOf(SettingsValidationError);
    expect((error as SettingsValidationError).field).toBe('pue');
    expect((error as SettingsValidationError).message).toMatch(/^pue: must be a number .*, got an array$/);
  });

  it('refuses a deep value of every setting, and any JSON value as the whole patch', () => {
    let nested: unknown = {};
    for (let i = 0; i < 30_000; i += 1) nested = { a: nested };
    for (const key of SETTINGS_KEYS) {
      expect((outcome(DEFAULT_SETTINGS, { [key]: nested }) as SettingsValidationError).field).toBe(key);
    }
    const rand = seeded(7);
    for (let i = 0; i < 200; i += 1) {
      const { value } = randomValue(rand);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) continue;
      expect((outcome(DEFAULT_SETTINGS, value) as SettingsValidationError).field).toBe('settings');
    }
  });

  it('keeps a `__proto__` key an ordinary, refused key, and ignores the read-only keys of the Api', () => {
    const patch = JSON.parse('{"__proto__": {"pue": 3}}') as unknown;
    expect((outcome(DEFAULT_SETTINGS, patch) as SettingsValidationError).field).toBe('__proto__');
    expect(({} as Record<string, unknown>).pue).toBeUndefined();
    const echoed = Object.fromEntries(SETTINGS_READ_ONLY_KEYS.map((key) => [key, [[[{ any: 'value' }]]]]));
    expect(applyPatch(DEFAULT_SETTINGS, { ...echoed, pue: 1.5 })).toEqual({ ...DEFAULT_SETTINGS, pue: 1.5 });
  });
});
