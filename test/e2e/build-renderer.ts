// Makes sure dist/renderer holds the current popup UI: rebuilt only when a source is newer than the build.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './serve-process.js';

const OUT = join(REPO_ROOT, 'dist', 'renderer');
const SOURCES = [join(REPO_ROOT, 'renderer'), join(REPO_ROOT, 'src', 'shared')];

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let built: Promise<void> | null = null;

/**
 * `vite build --config renderer/vite.config.ts` as `npm run build` does, skipped when the build is current (CI
 * builds in `npm ci`). The new build is swapped in by renames, so a server of another test file never serves a
 * half-written folder.
 */
export function buildRenderer(): Promise<void> {
  built ??= (async () => {
    const index = join(OUT, 'index.html');
    if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...SOURCES.map(newestMtimeMs))) return;
    const fresh = `${OUT}.build-${process.pid}`;
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn', build: { outDir: fresh } });
    } finally {
      process.chdir(cwd);
    }
    const old = `${OUT}.old-${process.pid}`;
    if (existsSync(OUT)) renameSync(OUT, old);
    renameSync(fresh, OUT);
    rmSync(old, { recursive: true, force: true });
  })();
  return built;
}
