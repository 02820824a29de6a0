// `carbon-tray serve`: the headless server — the engine, the JSON API, live events, /metrics and the popup UI.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../engine/index.js';
import { defaultDataDir } from '../../engine/index.js';
import { describeFileError } from '../../shared/errors.js';
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

/** The environment variable a token may come from (after `--token` and `--token-file`). */
export const TOKEN_ENV = 'CARBONTRAY_TOKEN';

const FLAGS: Record<string, FlagSpec> = {
  port: {
    type: 'string',
    help: 'N',
    about: `port to listen on (default ${DEFAULT_PORT}; 0 picks a free port)`,
  },
  host: {
    type: 'string',
    help: 'ADDRESS',
    about: 'address to bind (default 127.0.0.1); any other than 127.0.0.1, ::1, localhost needs a token',
  },
  'token-file': {
    type: 'string',
    help: 'FILE',
    about: `the secret required on every request, read from FILE (chmod 600); else $${TOKEN_ENV}`,
  },
  token: {
    type: 'string',
    help: 'SECRET',
    about: 'the secret given here (other users can see it in ps: prefer --token-file)',
  },
  'data-dir': dataDirFlag('settings and history'),
  help: HELP_FLAG,
};

function help(): string {
  return [
    'Usage: carbon-tray serve [--port N] [--host ADDRESS] [--token-file FILE] [--data-dir DIR]',
    '',
    'Runs the engine and serves the popup UI, a JSON API, live events and Prometheus /metrics.',
    `With a token (--token, else --token-file, else $${TOKEN_ENV}) every request needs`,
    '`Authorization: Bearer SECRET`; a browser opens the address once with ?token=SECRET and then holds a',
    'session cookie. One engine records into a data folder: a second one there is refused.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

/** Reads a token file: surrounding whitespace (the trailing newline) is dropped; warns when others can read it. */
function readTokenFile(path: string, warn: (line: string) => void): string {
  let text: string;
  let mode: number;
  try {
    mode = statSync(path).mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError('--token-file', `cannot read ${path}: ${describeFileError(error)}`);
  }
  const token = text.trim();
  if (token === '') throw new UsageError('--token-file', `${path} is empty; put the secret in it`);
  if (/[\r\n]/.test(token))
    throw new UsageError('--token-file', `${path} holds more than one line; put only the secret in it`);
  if (process.platform !== 'win32' && (mode & 0o044) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    warn(`warning: other users can read the token file ${path} (mode ${octal}); run chmod 600 ${path}`);
  }
  return token;
}

/** The token: `--token`, else `--token-file`, else `$CARBONTRAY_TOKEN`, else none. */
function resolveToken(
  values: ReturnType<typeof parseFlags>,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): string | null {
  const flag = flagString(values, 'token');
  if (flag !== undefined) {
    if (flag === '') throw new UsageError('--token', 'needs a non-empty secret');
    return flag;
  }
  const file = flagString(values, 'token-file');
  if (file !== undefined) {
    if (file === '') throw new UsageError('--token-file', 'needs a file name');
    return readTokenFile(file, warn);
  }
  const fromEnv = env[TOKEN_ENV];
  if (fromEnv === undefined) return null;
  if (fromEnv.trim() === '')
    throw new UsageError(TOKEN_ENV, 'is set but empty; give it the secret, or unset it');
  return fromEnv.trim();
}

/**
 * Parses the arguments of `serve`; null means `--help` was asked. Throws `UsageError` naming the flag. The token
 * may also come from `env` (`CARBONTRAY_TOKEN`); `warn` gets a line when the token file is readable by others.
 */
export function parseServeArgs(
  args: string[],
  defaultDir: () => string,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => console.error(`carbon-tray serve: ${line}`),
): ServeOptions | null {
  const values = parseFlags(args, FLAGS);
  if (values.help === true) return null;
  const portText = flagString(values, 'port') ?? String(DEFAULT_PORT);
  const port = parseCount(portText, '--port', 0);
  if (port > 65_535) throw new UsageError('--port', `expected a port number 0..65535, got '${portText}'`);
  const host = flagString(values, 'host') ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host', 'needs an address');
  const token = resolveToken(values, env, warn);
  if (!isLocalHost(host) && token === null) {
    throw new UsageError(
      '--host',
      `binding ${host} exposes the API beyond this machine; give a token too (--token-file FILE or $${TOKEN_ENV})`,
    );
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
    // Refused here, before anything is written, while another engine records into the folder (exit status 1).
    const engine = createEngine({ dataDir: options.dataDir, shell: 'serve' });
    const server = new HeadlessServer({
      api: engine,
      host: options.host,
      port: options.port,
      token: options.token,
      staticDir,
    });
    const signal = shutdownSignal();
    await engine.start();
    // Stored settings the engine does not use (hand-edited, refused): one line each; the file keeps them.
    for (const warning of (await engine.getSettings()).warnings)
      console.error(`carbon-tray serve: ${warning.message}`);
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
