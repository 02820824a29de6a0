// The settings holder keeps what the user wrote: hand-edited refused values and unknown keys are reported, used as
// defaults and written back as they were; a file fault changes nothing; the token is shown masked.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION,
  SettingsValidationError,
  type StoredSettings,
} from '../../../../src/engine/settings/schema.js';
import { SettingsHolder } from '../../../../src/engine/settings/settings.js';
import { ConfSettingsStore, type SettingsStore } from '../../../../src/engine/settings/store.js';
import { FileFault } from '../../../../src/shared/errors.js';
import { maskSecret, SECRET_MASK, secretEnding } from '../../../../src/shared/settings-fields.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-holder-'));
  file = join(dir, 'settings.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = (): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the update to be refused');
    },
    (error: unknown) => error,
  );
}

/** A hand-edited file: two refused values, an unknown key (a typo), a deep value, one good value. */
const HAND_EDITED = `{
  "schemaVersion": 1,
  "pue": "high",
  "lifetimeYears": -3,
  "lifetimeyears": 8,
  "cpuTdpW": [[[[65]]]],
  "country": "DEU"
}`;

describe('hand-edited settings with refused values', () => {
  it('reports each refused value with its field, its value and the rule, and uses the default for it', () => {
    writeFileSync(file, HAND_EDITED);
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    // The good value is used; each refused one falls back to DEFAULT_SETTINGS (pue 1, lifetime null, TDP null).
    expect(holder.get()).toEqual({ ...DEFAULT_SETTINGS, country: 'DEU' });
    const byField = Object.fromEntries(holder.warnings.map((w) => [w.field, w.message]));
    expect(Object.keys(byField).sort()).toEqual(['cpuTdpW', 'lifetimeYears', 'lifetimeyears', 'pue']);
    expect(byField.pue).toMatch(
      /^pue: the stored value is not used: must be a number .* at least 1 and at most 3, got "high"; using the default 1/,
    );
    expect(byField.lifetimeYears).toMatch(/greater than 0 .* got -3; using the default null/);
    expect(byField.cpuTdpW).toMatch(/got an array/);
    expect(byField.lifetimeyears).toMatch(
      /^lifetimeyears: is not a setting this version knows; ignored, and kept in .*settings\.json/,
    );
    for (const message of Object.values(byField)) expect(message).toContain(file);
  });

  it('writes them back as they were with a patch of another field, and drops one once it is patched', async () => {
    writeFileSync(file, HAND_EDITED);
    const raw = JSON.parse(HAND_EDITED) as Record<string, unknown>;
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await holder.saveMigrated();
    expect(readFileSync(file, 'utf8')).toBe(HAND_EDITED);
    await holder.update({ intervalS: 5 });
    let stored = onDisk();
    expect(stored).toMatchObject({ intervalS: 5, country: 'DEU' });
    for (const key of ['pue', 'lifetimeYears', 'lifetimeyears', 'cpuTdpW'])
      expect(JSON.stringify(stored[key])).toBe(JSON.stringify(raw[key]));
    expect(holder.warnings.map((w) => w.field).sort()).toEqual([
      'cpuTdpW',
      'lifetimeYears',
      'lifetimeyears',
      'pue',
    ]);

    await holder.update({ pue: 1.2 });
    stored = onDisk();
    expect(stored.pue).toBe(1.2);
    expect(stored.lifetimeYears).toBe(-3);
    expect(holder.warnings.map((w) => w.field).sort()).toEqual(['cpuTdpW', 'lifetimeYears', 'lifetimeyears']);
    // A restart reads the same: the values the user has not fixed are still reported.
    const restarted = new SettingsHolder(new ConfSettingsStore(dir));
    expect(restarted.get()).toMatchObject({ pue: 1.2, intervalS: 5, lifetimeYears: null });
    expect(restarted.warnings.map((w) => w.field).sort()).toEqual([
      'cpuTdpW',
      'lifetimeYears',
      'lifetimeyears',
    ]);
  });

  it('keeps a refused value when a patch is refused, and a `__proto__` key as an ordinary key', async () => {
    writeFileSync(file, '{"schemaVersion":1,"pue":"high","__proto__":{"polluted":true}}');
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    expect(holder.warnings.map((w) => w.field).sort()).toEqual(['__proto__', 'pue']);
    const error = await rejection(holder.update({ lifetimeYears: 0 }));
    expect(error).toBeInstanceOf(SettingsValidationError);
    await holder.update({ lifetimeYears: 5 });
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ pue: 'high', lifetimeYears: 5 });
    expect(Object.hasOwn(JSON.parse(text) as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a newer schema version and its unknown fields', async () => {
    writeFileSync(file, `{"schemaVersion": ${SETTINGS_SCHEMA_VERSION + 1}, "pue": 1.1, "carbonBudget": 42}`);
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    expect(holder.warnings.map((w) => w.field).sort()).toEqual(['carbonBudget', 'schemaVersion']);
    await holder.update({ pue: 1.3 });
    expect(onDisk()).toMatchObject({
      schemaVersion: SETTINGS_SCHEMA_VERSION + 1,
      pue: 1.3,
      carbonBudget: 42,
    });
  });

  it('rewrites a clean older file in the current schema, but leaves one with problems as written', async () => {
    writeFileSync(file, '{"lifetimeYears": 5}');
    await new SettingsHolder(new ConfSettingsStore(dir)).saveMigrated();
    expect(onDisk()).toMatchObject({ schemaVersion: SETTINGS_SCHEMA_VERSION, lifetimeYears: 5 });
    writeFileSync(file, '{"lifetimeYears": 5, "pue": 0}');
    await new SettingsHolder(new ConfSettingsStore(dir)).saveMigrated();
    expect(readFileSync(file, 'utf8')).toBe('{"lifetimeYears": 5, "pue": 0}');
  });

  it.each([
    ['an array', '[{"pue": 1.2}]', /are an array, not an object of setting names/],
    ['a number', '42', /are 42, not an object/],
    ['not JSON', '{"pue": 1.2,', /cannot be read/],
  ])(
    'starts on the defaults from a file holding %s, and refuses to save over it',
    async (_what, text, said) => {
      writeFileSync(file, text);
      const holder = new SettingsHolder(new ConfSettingsStore(dir));
      expect(holder.get()).toEqual(DEFAULT_SETTINGS);
      expect(holder.warnings).toHaveLength(1);
      expect(holder.warnings[0]?.message).toMatch(said);
      await holder.saveMigrated();
      const fault = await rejection(holder.update({ pue: 1.5 }));
      expect(fault).toBeInstanceOf(FileFault);
      expect((fault as FileFault).message).toContain(file);
      expect(readFileSync(file, 'utf8')).toBe(text);
    },
  );
});

/** A store whose writes fail with `code` (as fs does), after `okWrites` good ones. */
class FailingStore implements SettingsStore {
  readonly path = '/data/carbon-tray/settings.json';
  doc: unknown = undefined;
  constructor(
    private readonly code: string,
    private okWrites = 0,
  ) {}
  read(): unknown {
    return this.doc;
  }
  write(doc: StoredSettings): void {
    if (this.okWrites-- > 0) {
      this.doc = doc;
      return;
    }
    throw Object.assign(new Error(`${this.code}: simulated`), { code: this.code });
  }
}

describe('a settings store that cannot read its file', () => {
  it('names the file and the remedy even when the store’s error does not (electron-store’s parse error)', async () => {
    const store: SettingsStore = {
      path: '/data/carbon-tray/settings.json',
      read: () => {
        throw new SyntaxError('Unexpected token } in JSON at position 14');
      },
      write: () => {
        throw new Error('must not be written');
      },
    };
    const holder = new SettingsHolder(store);
    expect(holder.warnings).toEqual([
      {
        field: 'settings',
        message:
          'settings: the settings file /data/carbon-tray/settings.json cannot be read (Unexpected token } in JSON at position 14); fix or remove it; using the defaults, and the file is not saved over until it is fixed or removed',
      },
    ]);
    expect(await rejection(holder.update({ pue: 1.2 }))).toBeInstanceOf(FileFault);
  });
});

describe('a settings file that cannot be written', () => {
  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EROFS', 'the file system is read-only'],
    ['EACCES', 'permission denied'],
    ['EISDIR', 'it is a folder'],
  ])(
    'refuses the update with a FileFault naming the path and the cause (%s), and changes nothing',
    async (code, words) => {
      const store = new FailingStore(code, 1);
      const holder = new SettingsHolder(store);
      let notified = 0;
      holder.onChange(() => (notified += 1));
      await holder.update({ pue: 1.2 });
      const fault = await rejection(holder.update({ pue: 1.5, lifetimeYears: 7 }));
      expect(fault).toBeInstanceOf(FileFault);
      expect((fault as FileFault).path).toBe(store.path);
      expect((fault as FileFault).message).toBe(
        `cannot save the settings (${store.path}): ${words}; nothing was changed; make the data folder and the file writable (or free some space), then try again`,
      );
      // Memory keeps the last saved settings; listeners heard only the saved update.
      expect(holder.get()).toMatchObject({ pue: 1.2, lifetimeYears: null });
      expect(notified).toBe(1);
      expect(store.doc).toMatchObject({ pue: 1.2, lifetimeYears: null });
    },
  );

  it('reports a failed schema upgrade at start among the warnings instead of failing the start', async () => {
    const store = new FailingStore('EROFS');
    store.doc = { lifetimeYears: 5 };
    const holder = new SettingsHolder(store);
    await holder.saveMigrated();
    expect(holder.get().lifetimeYears).toBe(5);
    expect(holder.warnings).toEqual([
      {
        field: 'settings',
        message: expect.stringMatching(/^settings: cannot save the settings .*read-only/),
      },
    ]);
  });
});

describe('the Electricity Maps token as the Api shows it', () => {
  const TOKEN = 'em-4f9c0d7e21aa1a2b';

  it('shows the last 4 characters after the mask, a boolean, and never the token', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    expect(holder.shown()).toMatchObject({ electricityMapsToken: null, electricityMapsTokenSet: false });
    await holder.update({ electricityMapsToken: TOKEN });
    const shown = holder.shown();
    expect(shown).toMatchObject({
      electricityMapsToken: `${SECRET_MASK}1a2b`,
      electricityMapsTokenSet: true,
    });
    expect(JSON.stringify(shown)).not.toContain(TOKEN.slice(0, -4));
    expect(secretEnding(shown.electricityMapsToken)).toBe('1a2b');
    // The engine's own view has the real token.
    expect(holder.get().electricityMapsToken).toBe(TOKEN);
  });

  it('keeps the token when the mask comes back or the field is left out, replaces it with a new one, clears it with null', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await holder.update({ electricityMapsToken: TOKEN });
    await holder.update({ ...holder.shown(), pue: 1.1 });
    expect(holder.get()).toMatchObject({ electricityMapsToken: TOKEN, pue: 1.1 });
    expect(onDisk().electricityMapsToken).toBe(TOKEN);
    await holder.update({ pue: 1.2 });
    expect(holder.get().electricityMapsToken).toBe(TOKEN);
    await holder.update({ electricityMapsToken: 'em-new-token-99887766' });
    expect(holder.shown().electricityMapsToken).toBe(`${SECRET_MASK}7766`);
    await holder.update({ electricityMapsToken: null });
    expect(holder.shown()).toMatchObject({ electricityMapsToken: null, electricityMapsTokenSet: false });
    expect(onDisk().electricityMapsToken).toBeNull();
  });

  it('refuses a mask that is not the stored token’s, rather than saving the mask as a token', async () => {
    const holder = new SettingsHolder(new ConfSettingsStore(dir));
    await holder.update({ electricityMapsToken: TOKEN });
    const error = await rejection(holder.update({ electricityMapsToken: `${SECRET_MASK}ffff` }));
    expect(error).toBeInstanceOf(SettingsValidationError);
    expect((error as SettingsValidationError).field).toBe('electricityMapsToken');
    expect(holder.get().electricityMapsToken).toBe(TOKEN);
  });

  it('shows none of a short token', () => {
    // Showing 4 of 6 characters would give most of it away: a mask shows an end only from 12 characters.
    expect(maskSecret('abcdef')).toBe(SECRET_MASK);
    expect(secretEnding(maskSecret('abcdef'))).toBeNull();
    expect(maskSecret('abcdefghijkl')).toBe(`${SECRET_MASK}ijkl`);
  });
});
