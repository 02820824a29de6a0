#!/usr/bin/env -S node --max-semi-space-size=1
// Entry point of the `carbon-tray` command: runs the compiled CLI (built by `npm install` via `prepare`).
// A 1 MB young generation keeps the long-running engine (serve, top) under 80 MB at its peak (bench/engine.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('carbon-tray: the CLI is not built yet; run `npm run build` in the project folder.');
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
