// Output files of the CLI: which paths are refused before anything runs, and how a write replaces a file.
import {
  chmodSync,
  existsSync,
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
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkOutputFile, writeOutputFile } from '../../../src/cli/output-file.js';
import { UsageError } from '../../../src/cli/usage-error.js';
import { thrownBy } from '../../helpers/thrown.js';

let dir: string;
let dataDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ct-output-'));
  dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'history.sqlite'), 'SQLite format 3\0');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (path: string, force = false): string =>
  thrownBy(UsageError, () => checkOutputFile(path, { force, dataDirs: [dataDir] }), path).message;

describe('checkOutputFile', () => {
  it('accepts a new file in a writable folder, as an absolute path', () => {
    const out = checkOutputFile(join(dir, 'new.csv'), { force: false, dataDirs: [dataDir] });
    expect(out).toMatchObject({ path: join(dir, 'new.csv'), replaces: null, inPlace: false });
  });

  it("refuses the data folder's own files, even missing ones and even with --force", () => {
    for (const name of [
      'history.sqlite',
      'history.sqlite-wal',
      'history.sqlite-shm',
      'settings.json',
      'engine.lock',
    ])
      expect(refusal(join(dataDir, name), true)).toMatch(
        new RegExp(
          `^--output: .*${name} is one of CarbonTray's own files in ${dataDir} .*choose another path$`,
        ),
      );
  });

  it('refuses a symbolic link to the database (compared by real path)', () => {
    symlinkSync(join(dataDir, 'history.sqlite'), join(dir, 'innocent.csv'));
    expect(refusal(join(dir, 'innocent.csv'), true)).toContain("is one of CarbonTray's own files");
  });

  it('refuses an existing file without --force, naming --force and another path; takes it with --force', () => {
    writeFileSync(join(dir, 'old.csv'), 'old');
    expect(refusal(join(dir, 'old.csv'))).toBe(
      `--output: ${join(dir, 'old.csv')} already exists; give --force to replace it, or choose another path`,
    );
    expect(
      checkOutputFile(join(dir, 'old.csv'), { force: true, dataDirs: [dataDir] }).replaces,
    ).not.toBeNull();
  });

  it('refuses a folder, a missing folder, a file as folder and an empty name', () => {
    expect(refusal(dir, true)).toBe(`--output: ${dir} is a folder; give a file name`);
    expect(refusal(join(dir, 'nope', 'x.csv'))).toBe(
      `--output: the folder ${join(dir, 'nope')} does not exist; create it, or choose another path`,
    );
    writeFileSync(join(dir, 'plain'), '');
    expect(refusal(join(dir, 'plain', 'x.csv'))).toBe(
      `--output: ${join(dir, 'plain')} is not a folder; choose another path`,
    );
    expect(refusal('  ')).toBe('--output: needs a file name');
  });

  it('writes a device such as /dev/null in place, with no --force needed', () => {
    const out = checkOutputFile('/dev/null', { force: false, dataDirs: [dataDir] });
    expect(out.inPlace).toBe(true);
    writeOutputFile(out, 'gone');
    expect(existsSync('/dev/null')).toBe(true);
  });
});

describe('writeOutputFile', () => {
  it('creates a new file whole and leaves no temporary file', () => {
    const out = checkOutputFile(join(dir, 'new.csv'), { force: false, dataDirs: [dataDir] });
    writeOutputFile(out, 'a,b\n1,2\n');
    expect(readFileSync(join(dir, 'new.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir).sort()).toEqual(['data', 'new.csv']);
  });

  it('replaces an existing file keeping its mode, and the file a symbolic link points to, keeping the link', () => {
    writeFileSync(join(dir, 'target.csv'), 'old');
    chmodSync(join(dir, 'target.csv'), 0o640);
    symlinkSync(join(dir, 'target.csv'), join(dir, 'link.csv'));
    writeOutputFile(checkOutputFile(join(dir, 'link.csv'), { force: true, dataDirs: [dataDir] }), 'new');
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'target.csv')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'link.csv'), 'utf8')).toBe('new');
  });

  it('does not replace a file that appeared after the check without --force', () => {
    const out = checkOutputFile(join(dir, 'race.csv'), { force: false, dataDirs: [dataDir] });
    writeFileSync(join(dir, 'race.csv'), 'theirs');
    expect(() => writeOutputFile(out, 'ours')).toThrow(/race\.csv appeared meanwhile; give --force/);
    expect(readFileSync(join(dir, 'race.csv'), 'utf8')).toBe('theirs');
    expect(readdirSync(dir).sort()).toEqual(['data', 'race.csv']);
  });
});
