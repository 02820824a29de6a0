// Tests the default data folder on each platform (rules of the brief: XDG on Linux, Application Support, %APPDATA%).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir, ownDataFiles, secureDataDir } from '../../../src/engine/paths.js';

describe('defaultDataDir', () => {
  it('uses $XDG_DATA_HOME/carbon-tray on Linux when it is absolute', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/x' }, 'linux', '/home/u')).toBe('/data/x/carbon-tray');
  });
  it('falls back to ~/.local/share/carbon-tray on Linux (unset or relative XDG_DATA_HOME)', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/carbon-tray');
    expect(defaultDataDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/u')).toBe(
      '/home/u/.local/share/carbon-tray',
    );
  });
  it('uses ~/Library/Application Support/CarbonTray on macOS', () => {
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/CarbonTray');
  });
  it('uses %APPDATA%\\CarbonTray on Windows', () => {
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u')).toMatch(
      /^C:\/Users\/u\/AppData\/Roaming[\\/]CarbonTray$/,
    );
  });
});

describe('ownDataFiles', () => {
  it('lists the database with its WAL, shared-memory and journal files, the settings and the lock', () => {
    expect(ownDataFiles('/d')).toEqual([
      '/d/history.sqlite',
      '/d/history.sqlite-wal',
      '/d/history.sqlite-shm',
      '/d/history.sqlite-journal',
      '/d/settings.json',
      '/d/engine.lock',
    ]);
  });
});

describe('secureDataDir', () => {
  let base: string;
  let lines: string[];
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'ct-secure-'));
    lines = [];
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it('tightens a 0755 folder and a 0644 settings file to 0700 and 0600, saying so once each', () => {
    const dir = join(base, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'settings.json'), '{}');
    chmodSync(join(dir, 'settings.json'), 0o644);
    secureDataDir(dir, (line) => lines.push(line));
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'settings.json'))).toBe(0o600);
    expect(lines).toEqual([
      `${dir} was open to other users (mode 0755); it is now 0700`,
      `${join(dir, 'settings.json')} was open to other users (mode 0644); it is now 0600`,
    ]);
    secureDataDir(dir, (line) => lines.push(line));
    expect(lines).toHaveLength(2);
  });

  it('tightens a 0644 history database and its WAL to 0600, and leaves files that do not exist alone', () => {
    const dir = join(base, 'data');
    mkdirSync(dir, { mode: 0o700 });
    for (const name of ['history.sqlite', 'history.sqlite-wal']) {
      writeFileSync(join(dir, name), '');
      chmodSync(join(dir, name), 0o644);
    }
    secureDataDir(dir, (line) => lines.push(line));
    expect(mode(join(dir, 'history.sqlite'))).toBe(0o600);
    expect(mode(join(dir, 'history.sqlite-wal'))).toBe(0o600);
    expect(lines).toEqual([
      `${join(dir, 'history.sqlite')} was open to other users (mode 0644); it is now 0600`,
      `${join(dir, 'history.sqlite-wal')} was open to other users (mode 0644); it is now 0600`,
    ]);
  });

  it("removes atomically's leftover settings.json.tmp-<10 digits><6 hex> files, and nothing else", () => {
    const dir = join(base, 'data');
    mkdirSync(dir, { mode: 0o700 });
    // The name atomically 2.1 (under conf 15) gives a temporary file (dist/utils/temp.js: `${path}.tmp-${timestamp}${random}`).
    writeFileSync(join(dir, 'settings.json.tmp-1767225600abc123'), '{"electricityMapsToken":"x"}');
    writeFileSync(join(dir, 'settings.json'), '{}', { mode: 0o600 });
    writeFileSync(join(dir, 'notes.tmp-1'), 'mine');
    secureDataDir(dir, (line) => lines.push(line));
    expect(readdirSync(dir).sort()).toEqual(['notes.tmp-1', 'settings.json']);
    expect(lines).toEqual([
      `removed ${join(dir, 'settings.json.tmp-1767225600abc123')}, a temporary settings file left by an interrupted write`,
    ]);
  });

  it('leaves a shared sticky folder such as /tmp alone', () => {
    const shared = join(base, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    secureDataDir(shared, (line) => lines.push(line));
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(lines).toEqual([]);
  });
});
