// `carbon-tray serve`: the headless server — the engine, the JSON API, live events, /metrics and the popup UI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../engine/index.js';
import { defaultDataDir } from '../../engine/index.js';
import { isLocalHost } from '../../server/index.js';
import { HeadlessServer } from '../../server/index.js';
import { dataDirFlag, flagLines, HELP_FLAG, parseFlags, type FlagSpec } from '../flags.js';
import type { Command } from '../command.js';
import { flagString, parseCount } from '../options.js';
import { UsageError } from '../usage-error.js';

/** The flags of `serve`, parsed. */
export interface ServeOptions {
  host: string;
  port: number;
  token: string | null;
  dataDir: string;
}

/** The port used when none is given. */
export const DEFAULT_PORT = 7340;

const FLAGS: Record<string, FlagSpec> = {
  port: {
    type: 'string',
    help: 'N',
    about: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)`,
  },
  host: {
    type: 'string',
    help: 'ADDRESS',
    about: 'address to bind (default 127.0.0.1); any other than 127.0.0.1, ::1, localhost needs --token',
  },
  token: {
    type: 'string',
    help: 'SECRET',
    about: 'required on every request: Authorization: Bearer SECRET, or ?token=SECRET once in a browser',
  },
  'data-dir': dataDirFlag('settings and history'),
  help: HELP_FLAG,
};

function help(): string {
  return [
    'Usage: carbon-tray serve [--port N] [--host ADDRESS] [--token SECRET] [--data-dir DIR]',
    '',
    'Runs the engine and serves the popup UI, a JSON API, live events and Prometheus /metrics.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

/** Parses the arguments of `serve`; null means `--help` was asked. Throws `UsageError` naming the flag. */
export function parseServeArgs(args: string[], defaultDir: () => string): ServeOptions | null {
  const values = parseFlags(args, FLAGS);
  if (values.help === true) return null;
  const portText = flagString(values, 'port') ?? String(DEFAULT_PORT);
  const port = parseCount(portText, '--port', 0);
  if (port > 65_535) throw new UsageError('--port', `expected a port number 0..65535, got '${portText}'`);
  const host = flagString(values, 'host') ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host', 'needs an address');
  const token = flagString(values, 'token') ?? null;
  if (token === '') throw new UsageError('--token', 'needs a non-empty secret');
  if (!isLocalHost(host) && token === null) {
    throw new UsageError('--host', `binding ${host} exposes the API beyond this machine; give --token too`);
  }
  const dataDir = flagString(values, 'data-dir');
  if (dataDir === '') throw new UsageError('--data-dir', 'needs a folder');
  return { host, port, token, dataDir: dataDir ?? defaultDir() };
}

/** The built renderer: `dist/renderer` of the package, found from this file in src/ or dist/. */
export function rendererDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  const built = join(dir, 'dist', 'renderer');
  return existsSync(join(built, 'index.html')) ? built : null;
}

/**
 * Resolves on the first SIGINT or SIGTERM. The listeners stay until `release()` (after the shutdown): libraries
 * that re-raise a signal when nobody else listens (conf's atomic writes) would otherwise kill the process mid-way.
 */
function shutdownSignal(): { received: Promise<NodeJS.Signals>; release(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => resolve(signal);
  });
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function listenOrExplain(server: HeadlessServer, options: ServeOptions): Promise<URL> {
  try {
    return await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new UsageError('--host', `${options.host} is not an address of this machine`);
    }
    if (code === 'EADDRINUSE') throw new Error(`port ${options.port} is already in use (try --port 0)`);
    if (code === 'EACCES')
      throw new Error(`not allowed to listen on port ${options.port} (try a port above 1023)`);
    throw error;
  }
}

export const serve: Command = {
  name: 'serve',
  summary: 'run headless: the popup UI in a browser, a JSON API, live events and Prometheus /metrics',
  async run(args) {
    const options = parseServeArgs(args, defaultDataDir);
    if (options === null) {
      console.log(help());
      return 0;
    }
    const staticDir = rendererDir();
    const engine = createEngine({ dataDir: options.dataDir });
    const server = new HeadlessServer({
      api: engine,
      host: options.host,
      port: options.port,
      token: options.token,
      staticDir,
    });
    const signal = shutdownSignal();
    await engine.start();
    try {
      const url = await listenOrExplain(server, options);
      const access = options.token === null ? '' : ' (token required)';
      console.log(`carbon-tray serve: listening on ${url.href}${access}; data in ${options.dataDir}`);
      if (staticDir === null)
        console.error('carbon-tray serve: the popup UI is not built; run `npm run build`');
      await signal.received;
      await server.close();
    } finally {
      await engine.stop();
      signal.release();
    }
    return 0;
  },
};
