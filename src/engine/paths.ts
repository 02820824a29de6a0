// Where CarbonTray keeps its settings and history by default, the files of a data folder, and their permissions.
import { chmodSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The application-data folder: `$XDG_DATA_HOME/carbon-tray` (else `~/.local/share/carbon-tray`) on Linux and
 * other Unixes, `~/Library/Application Support/CarbonTray` on macOS, `%APPDATA%\CarbonTray` on Windows.
 * `env`, `platform` and `home` are parameters so each platform's rule is testable anywhere.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'CarbonTray');
  if (platform === 'win32')
    return join(
      env.APPDATA && env.APPDATA.length > 0 ? env.APPDATA : join(home, 'AppData', 'Roaming'),
      'CarbonTray',
    );
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const base = xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share');
  return join(base, 'carbon-tray');
}

/** The lock file's name in a data folder: it names the engine that records there (see `lock.ts`). */
export const LOCK_FILE = 'engine.lock';

/** The files inside a data folder. */
export function dataFiles(dataDir: string): { historyPath: string; settingsPath: string; lockPath: string } {
  return {
    historyPath: join(dataDir, 'history.sqlite'),
    settingsPath: join(dataDir, 'settings.json'),
    lockPath: join(dataDir, LOCK_FILE),
  };
}

/**
 * Every file of a data folder that CarbonTray owns — the database with its WAL, shared-memory and journal files,
 * the settings and the lock — so that no output of a command is ever written over one of them.
 */
export function ownDataFiles(dataDir: string): string[] {
  const { historyPath, settingsPath, lockPath } = dataFiles(dataDir);
  return [
    historyPath,
    `${historyPath}-wal`,
    `${historyPath}-shm`,
    `${historyPath}-journal`,
    settingsPath,
    lockPath,
  ];
}

/** The data folder's mode: only its owner may list or read it (the settings hold an API token). */
export const DATA_DIR_MODE = 0o700;

/** The settings file's mode: read and written by its owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Temporary files of an atomic settings write (conf 15 and electron-store 11 write through atomically 2:
 * `settings.json.tmp-<10 digits><6 hex>`), left behind when a process is killed mid-write; they hold the token too.
 */
const SETTINGS_TEMP = /^settings\.json\.tmp-[0-9a-f]+$/;

/** Creates the data folder, owner-only, if it does not exist (parents too, as `mkdir -p` would). */
export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
}

function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/**
 * Takes from `path` every permission bit that `mode` lacks; says so through `log`. A folder that is not the
 * user's own (another owner, the sticky bit of a shared folder such as /tmp, the home folder) is left alone.
 */
function tighten(path: string, mode: number, log: (line: string) => void): void {
  if (process.platform === 'win32') return;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if ((stat.mode & 0o777 & ~mode) === 0) return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  if (stat.isDirectory() && ((stat.mode & 0o1000) !== 0 || realpathSync(path) === realpathSync(homedir())))
    return;
  try {
    chmodSync(path, mode);
    log(`${path} was open to other users (mode ${modeText(stat.mode)}); it is now ${modeText(mode)}`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    log(`${path} is open to other users (mode ${modeText(stat.mode)}) and cannot be changed (${code})`);
  }
}

/**
 * Makes a data folder private before an engine records there: the folder 0700 and each of its own files that
 * exists (the settings, the database and its WAL, shared-memory and journal files, the lock) 0600 — looser modes
 * are tightened and logged — and leftover temporary settings files removed. Called by the engine that holds the
 * folder's lock, so no other writer's temporary file is taken away.
 */
export function secureDataDir(dataDir: string, log: (line: string) => void): void {
  tighten(dataDir, DATA_DIR_MODE, log);
  for (const path of ownDataFiles(dataDir)) tighten(path, PRIVATE_FILE_MODE, log);
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => SETTINGS_TEMP.test(n))) {
    try {
      unlinkSync(join(dataDir, name));
      log(`removed ${join(dataDir, name)}, a temporary settings file left by an interrupted write`);
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
}
