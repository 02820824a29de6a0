// Builds the popup UI into dist/renderer once per test process, so browser tests run the current source.
import { build } from 'vite';
import { REPO_ROOT } from './serve-process.js';

let built: Promise<void> | null = null;

/** `vite build --config renderer/vite.config.ts`, as `npm run build` does. */
export function buildRenderer(): Promise<void> {
  built ??= (async () => {
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      await build({ configFile: 'renderer/vite.config.ts', logLevel: 'warn' });
    } finally {
      process.chdir(cwd);
    }
  })();
  return built;
}
