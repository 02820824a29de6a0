// Bad input and unlucky settings files against the real server and engine: any PATCH body is 200 or 400 naming
// the field (never 500), an unwritable settings file is 503 naming the path with nothing half-applied, hand-edited
// values are reported and kept in the file, a file that is not JSON is never saved over, and the token is masked.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfSettingsStore, createEngine, type Engine } from '../../../src/engine/index.js';
import { MAX_BODY_BYTES } from '../../../src/server/http-util.js';
import { HeadlessServer } from '../../../src/server/server.js';
import type { PublicSettings } from '../../../src/shared/api.js';
import { SECRET_MASK, SETTINGS_KEYS } from '../../../src/shared/settings-fields.js';
import { ServeProcess } from '../../e2e/serve-process.js';
import { randomPatch, seeded } from '../../helpers/random-json.js';

/** A real engine and server on a fresh data folder; `settingsDir` puts settings.json elsewhere (a small tmpfs). */
interface Running {
  dataDir: string;
  engine: Engine;
  server: HeadlessServer;
  base: URL;
  /** What the server logged (a FileFault is logged with its message; an unexpected error with its stack). */
  logs: string[];
}

const running: Running[] = [];

async function start(options: { settingsDir?: string; electricityMapsUrl?: string } = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-input-'));
  const engine = createEngine({
    dataDir,
    shell: 'test',
    // Nothing leaves this machine: a token set by a test talks to a local stand-in, or to a closed port.
    electricityMapsUrl: options.electricityMapsUrl ?? 'http://127.0.0.1:1',
    ...(options.settingsDir === undefined
      ? {}
      : { settingsStore: new ConfSettingsStore(options.settingsDir) }),
  });
  await engine.start();
  const logs: string[] = [];
  const server = new HeadlessServer({
    api: engine,
    host: '127.0.0.1',
    port: 0,
    token: null,
    staticDir: null,
    log: (line) => logs.push(line),
  });
  const base = await server.listen();
  const run = { dataDir, engine, server, base, logs };
  running.push(run);
  return run;
}

async function stopAll(): Promise<void> {
  for (const run of running.splice(0)) {
    await run.server.close();
    await run.engine.stop();
    rmSync(run.dataDir, { recursive: true, force: true });
  }
}

/** One request; the body as JSON when the server says it is JSON. */
async function call(base: URL, path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, base), init);
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
  return { status: response.status, body: json ? (JSON.parse(text) as unknown) : text };
}

const patch = (base: URL, body: string): Promise<{ status: number; body: unknown }> =>
  call(base, '/api/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body });

const settingsOf = async (base: URL): Promise<PublicSettings> =>
  (await call(base, '/api/settings')).body as PublicSettings;

/** A 400 as the README promises it: `{ error, field }`, the message starting with the field, and short. */
function expectFieldRefusal(result: { status: number; body: unknown }, field?: string): void {
  expect(result.status).toBe(400);
  const { error, field: named } = result.body as { error: unknown; field: unknown };
  expect(typeof named).toBe('string');
  if (field !== undefined) expect(named).toBe(field);
  expect(typeof error).toBe('string');
  expect((error as string).startsWith(`${named as string}: `)).toBe(true);
  expect((error as string).length).toBeLessThan(1000);
}

afterEach(stopAll);

describe('a settings PATCH of any shape is answered 200 or 400 naming the field, never 500', () => {
  it('answers the 60 KB PATCH nested 30,000 deep with 400 naming pue, and keeps serving', async () => {
    const { base, logs } = await start();
    // The body of the fault report: 30,000 arrays deep under pue, 60,008 bytes (under the 64 KB body limit).
    const body = `{"pue":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    expect(body.length).toBe(60_008);
    const refused = await patch(base, body);
    expectFieldRefusal(refused, 'pue');
    expect((refused.body as { error: string }).error).toMatch(
      /nested 30000 levels deep .* settings are flat/,
    );
    expect((await call(base, '/api/settings')).status).toBe(200);
    expect(logs).toEqual([]);
  });

  it.each([
    ['a string that reads as a number', 'pue', '{"pue":"NaN"}'],
    ['a number past the largest double', 'lifetimeYears', '{"lifetimeYears":1e999}'],
    ['a prototype key', '__proto__', '{"__proto__":{"pue":3}}'],
    ['a 60,000-character string', 'country', `{"country":"${'x'.repeat(60_000)}"}`],
    ['an object nested 10,000 deep', 'a', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['an array of settings', 'settings', '[{"pue":1.2}]'],
    [
      'a masked token not the stored one',
      'electricityMapsToken',
      `{"electricityMapsToken":"${SECRET_MASK}1a2b"}`,
    ],
  ])('answers %s with 400 naming %s', async (_what, field, body) => {
    const { base } = await start();
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    expectFieldRefusal(await patch(base, body), field);
    expect((await settingsOf(base)).pue).toBe(1);
  });

  it('answers 400 random bodies (deep, huge, NaN-ish, __proto__, long) with 200 or 400 {error, field} only', async () => {
    const { base, logs } = await start();
    const rand = seeded(12);
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 400; i += 1) {
      const { text } = randomPatch(rand, MAX_BODY_BYTES - 1000);
      const result = await patch(base, text);
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status === 200) {
        const shown = result.body as PublicSettings;
        expect(Object.keys(shown).sort()).toEqual(
          [...SETTINGS_KEYS, 'electricityMapsTokenSet', 'warnings'].sort(),
        );
        expect(
          shown.electricityMapsToken === null || shown.electricityMapsToken.startsWith(SECRET_MASK),
        ).toBe(true);
      } else {
        expectFieldRefusal(result);
      }
    }
    // Both answers occur (the generator sends plausible values about half the time), and nothing else.
    expect(Object.keys(statuses).sort()).toEqual(['200', '400']);
    expect(statuses[200]).toBeGreaterThan(20);
    expect(logs).toEqual([]);
    expect((await call(base, '/healthz')).status).toBeLessThan(500);
  }, 120_000);
});

/** Whether this machine lets the test mount a tmpfs (root in a VM does; a container or a user may not). */
function canMount(): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'ct-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** A 503 for the settings file: `{ error, path }`, the message naming the path and the cause in plain words. */
function expectFileFault(result: { status: number; body: unknown }, path: string, cause: string): void {
  expect(result.status).toBe(503);
  expect(result.body).toEqual({
    error: `cannot save the settings (${path}): ${cause}; nothing was changed; make the data folder and the file writable (or free some space), then try again`,
    path,
  });
}

describe('a settings file that cannot be written while the server runs', () => {
  const mounts: string[] = [];
  const mountable = canMount();
  afterEach(() => {
    for (const dir of mounts.splice(0)) {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A 64 KiB tmpfs for settings.json alone (history stays on the data folder, so only the settings file fails). */
  function smallDisk(): string {
    const dir = mkdtempSync(join(tmpdir(), 'ct-settings-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  }

  it('answers 503 naming the path when settings.json was replaced by a folder, and keeps the old settings', async () => {
    const { base, dataDir, logs } = await start();
    expect((await patch(base, '{"pue":1.2}')).status).toBe(200);
    const file = join(dataDir, 'settings.json');
    rmSync(file);
    mkdirSync(file);
    expectFileFault(await patch(base, '{"pue":1.5,"lifetimeYears":7}'), file, 'it is a folder');
    // Nothing half-applied: memory keeps the settings last saved, the server logged the fault once.
    expect(await settingsOf(base)).toMatchObject({ pue: 1.2, lifetimeYears: null });
    expect(logs).toEqual([expect.stringContaining(`cannot save the settings (${file}): it is a folder`)]);
  });

  it.skipIf(!mountable)(
    'answers 503 while its file system is read-only, and saves again once it is writable',
    async () => {
      const disk = smallDisk();
      const { base } = await start({ settingsDir: disk });
      expect((await patch(base, '{"pue":1.2}')).status).toBe(200);
      execFileSync('mount', ['-o', 'remount,ro', disk]);
      expectFileFault(
        await patch(base, '{"pue":1.5}'),
        join(disk, 'settings.json'),
        'the file system is read-only',
      );
      expect((await settingsOf(base)).pue).toBe(1.2);
      execFileSync('mount', ['-o', 'remount,rw', disk]);
      expect((await patch(base, '{"pue":1.5}')).status).toBe(200);
      expect(JSON.parse(readFileSync(join(disk, 'settings.json'), 'utf8'))).toMatchObject({ pue: 1.5 });
    },
  );

  it.skipIf(!mountable)(
    'answers 503 while its disk is full, keeps the saved file, and saves once space returns',
    async () => {
      const disk = smallDisk();
      const { base } = await start({ settingsDir: disk });
      expect((await patch(base, '{"pue":1.2}')).status).toBe(200);
      const saved = readFileSync(join(disk, 'settings.json'), 'utf8');
      // Fill the 64 KiB tmpfs (the filler stops at ENOSPC; tmpfs counts whole 4 KiB pages).
      const filler = join(disk, 'filler');
      writeFileSync(filler, '');
      try {
        for (;;) writeFileSync(filler, Buffer.alloc(4096), { flag: 'a' });
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      expectFileFault(await patch(base, '{"pue":1.5}'), join(disk, 'settings.json'), 'the disk is full');
      expect(readFileSync(join(disk, 'settings.json'), 'utf8')).toBe(saved);
      expect((await settingsOf(base)).pue).toBe(1.2);
      rmSync(filler);
      expect((await patch(base, '{"pue":1.5}')).status).toBe(200);
    },
  );
});

describe('hand-edited settings, with `carbon-tray serve`', () => {
  let dataDir: string;
  let serve: ServeProcess | null = null;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ct-hand-'));
  });
  afterEach(async () => {
    await serve?.stop();
    serve = null;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Waits until serve's output (stdout and stderr) holds `count` lines matching `pattern`. */
  async function outputLines(pattern: RegExp, count: number): Promise<string[]> {
    for (let i = 0; i < 50; i += 1) {
      const lines = (serve?.output.join('') ?? '').split('\n').filter((line) => pattern.test(line));
      if (lines.length >= count) return lines;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `serve printed fewer than ${count} lines matching ${pattern}:\n${serve?.output.join('')}`,
    );
  }

  it('reports each refused value at start, uses its default, and keeps it in the file until that setting is changed', async () => {
    const file = join(dataDir, 'settings.json');
    const written =
      '{\n  "schemaVersion": 1,\n  "pue": "1,5",\n  "lifetimeYears": -3,\n  "retentionDays": 30,\n  "colour": "green"\n}\n';
    writeFileSync(file, written);
    serve = await ServeProcess.start(['--port', '0', '--data-dir', dataDir]);
    // One stderr line per problem, naming the field, the value and the rule (src/shared/settings-fields.ts ranges).
    const lines = await outputLines(/^carbon-tray serve: (pue|lifetimeYears|colour): /, 3);
    expect(lines).toEqual([
      `carbon-tray serve: pue: the stored value is not used: must be a number of (power usage effectiveness) at least 1 and at most 3, got "1,5"; using the default 1 until it is changed (${file} keeps your value as written)`,
      `carbon-tray serve: lifetimeYears: the stored value is not used: must be a number of years greater than 0 and at most 50 (or null for the default), got -3; using the default null (detected or class default) until it is changed (${file} keeps your value as written)`,
      `carbon-tray serve: colour: is not a setting this version knows; ignored, and kept in ${file} as written`,
    ]);
    const shown = await settingsOf(serve.url);
    expect(shown).toMatchObject({ pue: 1, lifetimeYears: null, retentionDays: 30 });
    expect(shown.warnings.map((w) => w.field)).toEqual(['pue', 'lifetimeYears', 'colour']);
    // Start wrote nothing: the file is as the user wrote it, byte for byte.
    expect(readFileSync(file, 'utf8')).toBe(written);

    expect((await patch(serve.url, '{"intervalS":5}')).status).toBe(200);
    let stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ intervalS: 5, retentionDays: 30 });
    // The user's refused values, as they wrote them (JSON text of each value, byte for byte).
    for (const [key, text] of [
      ['pue', '"1,5"'],
      ['lifetimeYears', '-3'],
      ['colour', '"green"'],
    ])
      expect(JSON.stringify(stored[key as string])).toBe(text);

    const fixed = await patch(serve.url, '{"pue":1.5}');
    expect(fixed.status).toBe(200);
    expect((fixed.body as PublicSettings).warnings.map((w) => w.field)).toEqual(['lifetimeYears', 'colour']);
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ pue: 1.5, lifetimeYears: -3, colour: 'green', intervalS: 5 });
  }, 60_000);

  it('starts on the defaults from a file that is not JSON, says so, refuses to save over it and leaves it as it was', async () => {
    const file = join(dataDir, 'settings.json');
    const written = '{ "pue": 1.5, lifetimeYears: 6 }\n';
    writeFileSync(file, written);
    serve = await ServeProcess.start(['--port', '0', '--data-dir', dataDir]);
    const [line] = await outputLines(/^carbon-tray serve: settings: /, 1);
    expect(line).toMatch(
      new RegExp(
        `^carbon-tray serve: settings: the settings file ${file} cannot be read \\(.*\\); fix or remove it; using the defaults`,
      ),
    );
    const shown = await settingsOf(serve.url);
    expect(shown).toMatchObject({ pue: 1, lifetimeYears: null, warnings: [{ field: 'settings' }] });
    const refused = await patch(serve.url, '{"lifetimeYears":8}');
    expect(refused).toEqual({
      status: 503,
      body: {
        error: `cannot save the settings (${file}): the file could not be used when CarbonTray started, and saving would replace what is in it; fix the file (a JSON object of settings) or remove it, then restart CarbonTray`,
        path: file,
      },
    });
    expect(await serve.stop()).toBe(0);
    serve = null;
    expect(readFileSync(file, 'utf8')).toBe(written);
  }, 60_000);
});

describe('the Electricity Maps token is a secret', () => {
  const TOKEN = 'em-live-4f9c0d7e21aa1a2b';
  let stand: Server;
  let standUrl: string;
  const seenTokens: (string | undefined)[] = [];
  beforeAll(async () => {
    // A stand-in for the Electricity Maps v3 API: records the token it is sent, answers like the real one.
    stand = createServer((req, res) => {
      seenTokens.push(req.headers['auth-token'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          zone: 'DE',
          carbonIntensity: 302,
          datetime: new Date().toISOString(),
          forecast: [],
        }),
      );
    });
    await new Promise<void>((resolve) => stand.listen(0, '127.0.0.1', resolve));
    standUrl = `http://127.0.0.1:${(stand.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    stand.closeAllConnections();
    await new Promise<void>((resolve) => stand.close(() => resolve()));
  });

  it('is shown masked by every route, while the engine sends the real one', async () => {
    const { base, dataDir } = await start({ electricityMapsUrl: standUrl });
    const saved = await patch(
      base,
      JSON.stringify({ electricityMapsToken: TOKEN, country: 'DEU', intervalS: 0.5 }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      electricityMapsToken: `${SECRET_MASK}1a2b`,
      electricityMapsTokenSet: true,
    });
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      electricityMapsToken: TOKEN,
    });
    for (let i = 0; i < 50 && !seenTokens.includes(TOKEN); i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(seenTokens).toContain(TOKEN);
    // No answer of the API holds the token, nor any 8 characters of it.
    for (const path of ['/api/settings', '/api/snapshot', '/api/hardware', '/metrics', '/healthz']) {
      const { body } = await call(base, path);
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      expect(text, path).not.toContain(TOKEN.slice(0, 8));
      expect(text, path).not.toContain(TOKEN.slice(-8));
    }
  });

  it('is kept when the mask comes back (alone or in the whole GET body) or is left out, replaced by a new one, cleared by null', async () => {
    const { base, dataDir } = await start();
    const stored = (): unknown =>
      (JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>)
        .electricityMapsToken;
    expect((await patch(base, JSON.stringify({ electricityMapsToken: TOKEN }))).status).toBe(200);
    const whole = { ...(await settingsOf(base)), pue: 1.1 };
    expect((await patch(base, JSON.stringify(whole))).status).toBe(200);
    expect((await patch(base, JSON.stringify({ electricityMapsToken: `${SECRET_MASK}1a2b` }))).status).toBe(
      200,
    );
    expect((await patch(base, '{"pue":1.2}')).status).toBe(200);
    expect(stored()).toBe(TOKEN);
    const replaced = await patch(base, '{"electricityMapsToken":"em-other-token-5566"}');
    expect(replaced.body).toMatchObject({ electricityMapsToken: `${SECRET_MASK}5566` });
    expect(stored()).toBe('em-other-token-5566');
    const cleared = await patch(base, '{"electricityMapsToken":null}');
    expect(cleared.body).toMatchObject({ electricityMapsToken: null, electricityMapsTokenSet: false });
    expect(stored()).toBeNull();
  });
});
