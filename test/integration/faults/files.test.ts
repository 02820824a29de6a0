// Never destroy a file without asking, with the installed command: `export --output` and `measure --output` refuse
// the data folder's own files (even with --force), an existing file without --force, and a bad path before
// anything runs; a failed write leaves the old file as it was.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, startBin } from '../../helpers/bin-process.js';

let dataDir: string;
let work: string;

const history = (): string => join(dataDir, 'history.sqlite');
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** What must not change in the database: its bytes, its integrity and every table's row count. */
function databaseState(path = history()): { hash: string; integrity: string; counts: string } {
  const sqlite = (query: string): string => execFileSync('sqlite3', [path, query]).toString().trim();
  return {
    hash: sha256(path),
    integrity: sqlite('PRAGMA integrity_check'),
    counts: sqlite(
      "SELECT (SELECT count(*) FROM machine_minutes) || ' ' || (SELECT count(*) FROM app_minutes) || ' ' || (SELECT count(*) FROM apps) || ' ' || (SELECT count(*) FROM gaps)",
    ),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ct-files-data-'));
  work = mkdtempSync(join(tmpdir(), 'ct-files-out-'));
  // Real history: serve records a few ticks and writes the open minute when it stops.
  const p = startBin(['serve', '--port', '0', '--data-dir', dataDir]);
  await p.listening();
  await new Promise((r) => setTimeout(r, 5000));
  await p.stop();
  writeFileSync(join(dataDir, 'settings.json'), '{"lifetimeYears":5}\n', { mode: 0o600 });
}, 60_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Exit 2 and one line naming --output. */
function expectRefused(result: { code: number | null; stderr: string; stdout: string }, text: string): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('--output: ');
  expect(lines[0]).toContain(text);
}

describe("the data folder's own files", () => {
  it('refuses export --output <data dir>/history.sqlite, with or without --force, and the database stays intact', async () => {
    const before = databaseState();
    expect(before.integrity).toBe('ok');
    expect(Number(before.counts.split(' ')[0])).toBeGreaterThan(0);
    for (const force of [[], ['--force']]) {
      const result = await runBin(['export', '--data-dir', dataDir, '--output', history(), ...force]);
      expectRefused(result, `${history()} is one of CarbonTray's own files in ${dataDir}`);
      expect(result.stderr).toContain('choose another path');
      expect(result.stdout).toBe('');
    }
    expect(databaseState()).toEqual(before);
  });

  it('refuses the WAL and shared-memory files, the settings and the lock, and a path that only leads there', async () => {
    const before = databaseState();
    const settings = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    symlinkSync(history(), join(work, 'link-to-history.csv'));
    linkSync(join(dataDir, 'settings.json'), join(work, 'hardlink-to-settings.csv'));
    const paths = [
      `${history()}-wal`,
      `${history()}-shm`,
      join(dataDir, 'settings.json'),
      join(dataDir, 'engine.lock'),
      join(dataDir, '..', basename(dataDir), 'history.sqlite'),
      join(work, 'link-to-history.csv'),
      join(work, 'hardlink-to-settings.csv'),
    ];
    for (const path of paths) {
      const result = await runBin(['export', '--data-dir', dataDir, '--output', path, '--force']);
      expectRefused(result, "is one of CarbonTray's own files");
    }
    expect(databaseState()).toEqual(before);
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(settings);
    expect(existsSync(`${history()}-wal`)).toBe(false);
    expect(existsSync(join(dataDir, 'engine.lock'))).toBe(false);
  });

  it('refuses the default data folder’s files when no --data-dir is given (export and measure alike)', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'ct-files-xdg-'));
    try {
      const defaultDir = join(xdg, 'carbon-tray');
      mkdirSync(defaultDir, { mode: 0o700 });
      copyFileSync(history(), join(defaultDir, 'history.sqlite'));
      const before = databaseState(join(defaultDir, 'history.sqlite'));
      const env = { XDG_DATA_HOME: xdg };
      const exported = await runBin(
        ['export', '--output', join(defaultDir, 'history.sqlite'), '--force'],
        env,
      );
      expectRefused(exported, `own files in ${defaultDir}`);
      const marker = join(work, 'ran-default');
      const measured = await runBin(
        ['measure', '--output', join(defaultDir, 'history.sqlite'), '--', 'touch', marker],
        env,
      );
      expectRefused(measured, `own files in ${defaultDir}`);
      expect(existsSync(marker)).toBe(false);
      expect(databaseState(join(defaultDir, 'history.sqlite'))).toEqual(before);
    } finally {
      rmSync(xdg, { recursive: true, force: true });
    }
  });
});

describe('an existing file', () => {
  it('is kept without --force and replaced, keeping its mode, with --force', async () => {
    const out = join(work, 'existing.csv');
    writeFileSync(out, 'keep me\n');
    chmodSync(out, 0o640);
    const refused = await runBin(['export', '--data-dir', dataDir, '--output', out]);
    expectRefused(refused, `${out} already exists; give --force to replace it, or choose another path`);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const replaced = await runBin(['export', '--data-dir', dataDir, '--output', out, '--force']);
    expect(replaced.code).toBe(0);
    // CodeCarbon's emissions.csv starts with its timestamp column (src/cli/report/codecarbon-csv.ts).
    expect(readFileSync(out, 'utf8')).toMatch(/^timestamp,/);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readdirSync(work).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is refused by measure before the command runs (a long run never ends on a refused path)', async () => {
    const out = join(work, 'measured.json');
    writeFileSync(out, '{"keep":true}\n');
    const marker = join(work, 'ran');
    const refused = await runBin(['measure', '--output', out, '--', 'touch', marker]);
    expectRefused(refused, `${out} already exists; give --force`);
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe('{"keep":true}\n');
    const forced = await runBin(['measure', '--output', out, '--force', '--', 'touch', marker]);
    expect(forced.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { command: string[] }).command).toEqual([
      'touch',
      marker,
    ]);
  });
});

describe('a bad output path', () => {
  it('is refused before history is read or the command runs: a missing folder, a folder, --force alone', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ct-files-empty-'));
    try {
      // No history in `empty`: the refusal names --output, so the path was checked first.
      const missing = join(work, 'no-such-folder', 'x.csv');
      expectRefused(
        await runBin(['export', '--data-dir', empty, '--output', missing]),
        `the folder ${join(work, 'no-such-folder')} does not exist; create it, or choose another path`,
      );
      expectRefused(await runBin(['export', '--data-dir', empty, '--output', work]), `${work} is a folder`);
      const marker = join(work, 'ran-bad-path');
      expectRefused(await runBin(['measure', '--output', missing, '--', 'touch', marker]), 'does not exist');
      expect(existsSync(marker)).toBe(false);
      const alone = await runBin(['export', '--data-dir', dataDir, '--force']);
      expect(alone.code).toBe(2);
      expect(alone.stderr.trim()).toBe('carbon-tray export: --force: only goes with --output');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** A 64 KiB tmpfs, where this machine lets us mount one (root in a container that allows it). */
function smallTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'ct-files-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

describe('a write that fails', () => {
  it('on a full disk leaves the old file as it was and no temporary file behind (exit 1, the path and the cause; skipped, saying NOT RUN, where mounting a small tmpfs is not allowed)', async (ctx) => {
    const folder = smallTmpfs();
    if (folder === null) {
      console.error('NOT RUN: mounting a tmpfs is not allowed here, so the disk cannot be filled');
      ctx.skip();
      return;
    }
    try {
      const out = join(folder, 'old.csv');
      writeFileSync(out, 'keep me\n');
      // Fill the rest of the tmpfs until it refuses.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(folder, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
      } catch {
        // dd exits 1 at ENOSPC: the disk is full now.
      }
      const result = await runBin(['export', '--data-dir', dataDir, '--output', out, '--force']);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toMatch(
        new RegExp(
          `^carbon-tray export: cannot write the output file \\(${out}\\): the disk is full; nothing was changed`,
        ),
      );
      expect(readFileSync(out, 'utf8')).toBe('keep me\n');
      expect(readdirSync(folder).sort()).toEqual(['filler', 'old.csv']);
    } finally {
      execFileSync('umount', [folder]);
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
