// Tests the settings schema, migrations and the conf-backed store: invalid updates name the field and write nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION,
  SettingsValidationError,
  applyPatch,
  loadStored,
} from '../../../../src/engine/settings/schema.js';
import { SettingsHolder } from '../../../../src/engine/settings/settings.js';
import { ConfSettingsStore } from '../../../../src/engine/settings/store.js';
import { FileFault } from '../../../../src/shared/errors.js';
import { thrownBy } from '../../../helpers/thrown.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function refusedUpdate(promise: Promise<unknown>): Promise<SettingsValidationError> {
  const error = await promise.then(
    () => null,
    (x: unknown) => x,
  );
  if (error instanceof SettingsValidationError) return error;
  throw new Error(`expected a SettingsValidationError, got ${String(error)}`);
}

const refusal = (fn: () => unknown): SettingsValidationError => thrownBy(SettingsValidationError, fn);

describe('settings schema', () => {
  it('has the documented defaults', () => {
    // docs/ARCHITECTURE.md "The model and its sources": teads for the monitor, 0.375 W/GB, PUE 1, capacity attribution, 2 s ticks; 400 days of history (README, settings).
    expect(DEFAULT_SETTINGS).toMatchObject({
      cpuModel: 'teads',
      memoryWPerGB: 0.375,
      pue: 1,
      attribution: 'capacity',
      intervalS: 2,
      retentionDays: 400,
      storeCommandLines: false,
      lifetimeYears: null,
    });
  });

  it.each([
    ['lifetimeYears', 0, 'greater than 0'],
    ['lifetimeYears', -3, 'greater than 0'],
    ['lifetimeYears', 'eight', 'must be a number of years'],
    ['attribution', 'fair', 'capacity, active, full'],
    ['country', 'XYZ', 'alpha-3'],
    ['purchaseDate', '2024-02-30', 'YYYY-MM-DD'],
    ['retentionDays', 1.5, 'whole number'],
    ['pue', 0.9, 'at least 1'],
    ['storeCommandLines', 'yes', 'true or false'],
    ['tdp', 65, 'is not a setting'],
  ])('refuses %s = %j naming the field', (field, value, text) => {
    const error = refusal(() => applyPatch(DEFAULT_SETTINGS, { [field]: value }));
    expect(error.field).toBe(field);
    expect(error.message).toContain(text);
  });

  it('normalises country codes to upper case', () => {
    expect(applyPatch(DEFAULT_SETTINGS, { country: 'fra' }).country).toBe('FRA');
  });

  it('reads an unversioned hand-written file, keeps valid values and warns about the rest', () => {
    const loaded = loadStored({ lifetimeYears: 5, pue: 'high', colour: 'green' });
    expect(loaded.settings.lifetimeYears).toBe(5);
    expect(loaded.settings.pue).toBe(1);
    expect(loaded.migrated).toBe(true);
    expect(loaded.warnings.join('\n')).toMatch(/pue[\s\S]*colour/);
  });
});

describe('SettingsHolder with ConfSettingsStore', () => {
  it('saves a valid update to <dataDir>/settings.json with the schema version, and reads it back', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await holder.update({ lifetimeYears: 8, country: 'DEU' });
    const onDisk = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      lifetimeYears: 8,
      country: 'DEU',
    });
    expect(new SettingsHolder(new ConfSettingsStore(dir)).get().lifetimeYears).toBe(8);
  });

  it('writes nothing and keeps the old value when any field of a patch is invalid', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await holder.update({ lifetimeYears: 4 });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    const error = await refusedUpdate(holder.update({ pue: 1.2, lifetimeYears: -1 }));
    expect(error.field).toBe('lifetimeYears');
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
    expect(holder.get()).toMatchObject({ lifetimeYears: 4, pue: 1 });
  });

  it('applies concurrent updates one after another', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await Promise.all([
      holder.update({ lifetimeYears: 5 }),
      holder.update({ pue: 1.2 }),
      holder.update({ country: 'FRA' }),
    ]);
    expect(new SettingsHolder(new ConfSettingsStore(dir)).get()).toMatchObject({
      lifetimeYears: 5,
      pue: 1.2,
      country: 'FRA',
    });
  });

  it('starts on the defaults from a file that is not JSON, says so naming it, and never saves over it', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"lifetimeYears": 6,');
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    expect(holder.get()).toEqual(DEFAULT_SETTINGS);
    expect(holder.warnings).toHaveLength(1);
    expect(holder.warnings[0]).toMatchObject({ field: 'settings' });
    expect(holder.warnings[0]?.message).toMatch(/settings\.json cannot be read .*fix or remove it/);
    await holder.saveMigrated();
    const fault = await holder.update({ lifetimeYears: 8 }).then(
      () => null,
      (x: unknown) => x,
    );
    expect(fault).toBeInstanceOf(FileFault);
    expect((fault as FileFault).path).toBe(join(dir, 'settings.json'));
    expect((fault as FileFault).message).toMatch(/fix the file .* or remove it, then restart/);
    expect(holder.get().lifetimeYears).toBeNull();
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"lifetimeYears": 6,');
  });
});
