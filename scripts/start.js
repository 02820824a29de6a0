#!/usr/bin/env node
// `npm start`: builds, then starts the tray app, or says why it cannot and starts the headless server instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const windows = process.platform === 'win32';

/** Runs a command in the project folder with the terminal attached; returns its exit status. */
function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', shell: windows });
  if (result.error) {
    console.error(`carbon-tray start: could not run ${command}: ${result.error.message}`);
    return 1;
  }
  return result.status ?? 1;
}

/** The Electron binary, or why there is none (the `electron` package throws when its download was skipped). */
function findElectron() {
  try {
    const path = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { reason: `the Electron binary is missing (${String(path)})` };
  } catch (error) {
    return {
      reason: `the Electron binary is not installed (${error instanceof Error ? error.message : error})`,
    };
  }
}

/** Why no window can be shown here, or null. macOS and Windows always have a desktop; Linux needs X11 or Wayland. */
function missingDisplay() {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

const npm = windows ? 'npm.cmd' : 'npm';
if (run(npm, ['run', 'build']) !== 0) process.exit(1);

const electron = findElectron();
const reasons = [electron.reason, missingDisplay()].filter(Boolean);
if (reasons.length > 0) {
  console.log(`carbon-tray start: not starting the tray app: ${reasons.join('; ')}.`);
  console.log('carbon-tray start: starting the headless server instead: carbon-tray serve');
  process.exit(run(process.execPath, ['--max-semi-space-size=1', 'bin/carbon-tray.js', 'serve', ...args]));
}

// better-sqlite3 is a native module: it must be built for Electron's Node ABI before Electron can load it.
console.log('carbon-tray start: building native modules for Electron (electron-builder install-app-deps)');
if (run(npm, ['exec', '--', 'electron-builder', 'install-app-deps']) !== 0) process.exit(1);
console.log('carbon-tray start: starting the tray app');
const status = run(electron.path, ['.', ...args]);
console.log('carbon-tray start: to run the tests or the CLI with Node again: npm rebuild better-sqlite3');
process.exit(status);
