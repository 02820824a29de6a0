// Secrets, with the installed command: the server's token comes from a file or the environment and never shows
// in `ps`; a `?token=` login hands out a session id in a cookie named by the port, never the token; the Bearer
// scheme in any case; the data folder 0700 and settings.json 0600, tightened at start, temporary files removed.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBin, startBin, type BinProcess } from '../../helpers/bin-process.js';

const TOKEN = 'tok-7c1e9a4b52d8';

let base: string;
let dataDir: string;
const started: BinProcess[] = [];

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ct-secrets-'));
  dataDir = join(base, 'data');
});
afterEach(async () => {
  for (const p of started.splice(0)) await p.stop('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ p: BinProcess; url: URL }> {
  const p = startBin(['serve', '--port', '0', '--data-dir', dataDir, ...args], env);
  started.push(p);
  return { p, url: await p.listening() };
}

/** The command line `ps` shows every user for a process. */
const psArgs = (pid: number): string => execFileSync('ps', ['-o', 'args=', '-p', String(pid)]).toString();

/** One request on a fresh connection: status, every Set-Cookie, the Location. */
function call(
  url: URL,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; cookies: string[]; location: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            cookies: res.headers['set-cookie'] ?? [],
            location: res.headers.location,
            body,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const bearer = (scheme = 'Bearer', token = TOKEN): Record<string, string> => ({
  authorization: `${scheme} ${token}`,
});

describe('where the token comes from', () => {
  it('--token-file: the trailing newline dropped, not in ps, no warning when the file is 0600', async () => {
    const file = join(base, 'token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const { p, url } = await serve(['--token-file', file]);
    expect(p.stdout).toContain('(token required)');
    expect(psArgs(p.pid)).toContain('--token-file');
    expect(psArgs(p.pid)).not.toContain(TOKEN);
    expect(p.stderr).not.toContain('warning');
    expect((await call(url, '/healthz')).status).toBe(401);
    expect((await call(url, '/healthz', { headers: bearer() })).status).toBe(200);
  });

  it('--token-file readable by others: one warning line naming the file and the fix', async () => {
    const file = join(base, 'token');
    writeFileSync(file, TOKEN);
    chmodSync(file, 0o644);
    const { p, url } = await serve(['--token-file', file]);
    expect(p.stderr).toContain(
      `carbon-tray serve: warning: other users can read the token file ${file} (mode 0644); run chmod 600 ${file}\n`,
    );
    expect((await call(url, '/healthz', { headers: bearer() })).status).toBe(200);
  });

  it('CARBONTRAY_TOKEN: not in ps; --token-file wins over it, --token over both', async () => {
    const { p, url } = await serve([], { CARBONTRAY_TOKEN: TOKEN });
    expect(psArgs(p.pid)).not.toContain(TOKEN);
    expect((await call(url, '/healthz')).status).toBe(401);
    expect((await call(url, '/healthz', { headers: bearer() })).status).toBe(200);
    await p.stop();

    const file = join(base, 'token');
    writeFileSync(file, 'from-the-file\n', { mode: 0o600 });
    const fromFile = await serve(['--token-file', file], { CARBONTRAY_TOKEN: TOKEN });
    expect((await call(fromFile.url, '/healthz', { headers: bearer() })).status).toBe(401);
    expect(
      (await call(fromFile.url, '/healthz', { headers: bearer('Bearer', 'from-the-file') })).status,
    ).toBe(200);
    await fromFile.p.stop();

    const fromFlag = await serve(['--token-file', file, '--token', 'from-the-flag'], {
      CARBONTRAY_TOKEN: TOKEN,
    });
    expect(
      (await call(fromFlag.url, '/healthz', { headers: bearer('Bearer', 'from-the-file') })).status,
    ).toBe(401);
    expect(
      (await call(fromFlag.url, '/healthz', { headers: bearer('Bearer', 'from-the-flag') })).status,
    ).toBe(200);
  });

  it.each([
    ['an empty token file', 'empty', '--token-file', 'is empty; put the secret in it'],
    ['a missing token file', 'missing', '--token-file', 'cannot read'],
    ['an empty CARBONTRAY_TOKEN', 'env', 'CARBONTRAY_TOKEN', 'is set but empty'],
  ])('refuses %s with one line, exit 2, starting nothing', async (_what, kind, field, text) => {
    const file = join(base, 'token');
    if (kind === 'empty') writeFileSync(file, '\n', { mode: 0o600 });
    const args = kind === 'env' ? [] : ['--token-file', file];
    const env = kind === 'env' ? { CARBONTRAY_TOKEN: '' } : {};
    const result = await runBin(['serve', '--port', '0', '--data-dir', dataDir, ...args], env);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`carbon-tray serve: ${field}: `);
    expect(lines[0]).toContain(text);
    expect(result.stdout).toBe('');
  });
});

describe('the browser login', () => {
  it('exchanges ?token= for a session id in carbontray_session_<port>, redirects without the token, never sets the token', async () => {
    const file = join(base, 'token');
    writeFileSync(file, TOKEN, { mode: 0o600 });
    const { url } = await serve(['--token-file', file]);
    const seen: string[] = [];
    const login = await call(url, `/?token=${TOKEN}`);
    seen.push(...login.cookies);
    expect(login.status).toBe(303);
    expect(login.location).toBe('/');
    expect(login.cookies).toHaveLength(1);
    const [name, value] = (login.cookies[0]?.split(';')[0] ?? '').split('=') as [string, string];
    expect(name).toBe(`carbontray_session_${url.port}`);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.cookies[0]).toContain('HttpOnly; SameSite=Strict; Path=/');
    const cookie = `${name}=${value}`;
    for (const path of ['/', '/api/snapshot', '/api/settings', '/healthz', '/metrics']) {
      const r = await call(url, path, { headers: { cookie } });
      seen.push(...r.cookies);
      expect(r.status, path).toBe(200);
    }
    // Another port's name, a made-up id and the token itself as a cookie open nothing.
    for (const other of [
      `carbontray_session_${Number(url.port) + 1}=${value}`,
      `${name}=${TOKEN}`,
      `carbontray_token=${TOKEN}`,
    ])
      expect((await call(url, '/api/settings', { headers: { cookie: other } })).status).toBe(401);
    const header = await call(url, '/api/settings', { headers: bearer('bearer') });
    seen.push(...header.cookies);
    expect(header.status).toBe(200);
    expect(seen.join('\n')).not.toContain(TOKEN);
  });

  it('accepts the Bearer scheme in any case (RFC 7235 § 2.1) and refuses other schemes', async () => {
    const { url } = await serve([], { CARBONTRAY_TOKEN: TOKEN });
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      expect((await call(url, '/api/snapshot', { headers: bearer(scheme) })).status, scheme).toBe(200);
    expect((await call(url, '/api/snapshot', { headers: bearer('Basic') })).status).toBe(401);
  });
});

describe('file permissions', () => {
  const mode = (path: string): number => statSync(path).mode & 0o777;

  it('creates the data folder 0700 and writes settings.json 0600 on a PATCH', async () => {
    const { url } = await serve([]);
    expect(mode(dataDir)).toBe(0o700);
    const patched = await call(url, '/api/settings', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"lifetimeYears":5}',
    });
    expect(patched.status).toBe(200);
    expect(mode(join(dataDir, 'settings.json'))).toBe(0o600);
    expect(mode(dataDir)).toBe(0o700);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('settings.json.tmp-'))).toEqual([]);
  });

  it('tightens a 0755 folder and a 0644 settings.json at start and removes leftover temporary settings files', async () => {
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'settings.json'), '{"lifetimeYears":6}\n');
    chmodSync(join(dataDir, 'settings.json'), 0o644);
    // What a kill in the middle of an atomic settings write leaves (atomically 2's temporary name).
    const leftover = join(dataDir, 'settings.json.tmp-1767225600abc123');
    writeFileSync(leftover, '{"electricityMapsToken":"secret"}');
    const { p } = await serve([]);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'settings.json'))).toBe(0o600);
    expect(readdirSync(dataDir)).not.toContain('settings.json.tmp-1767225600abc123');
    expect(p.stderr).toContain(
      `carbon-tray serve: ${dataDir} was open to other users (mode 0755); it is now 0700\n`,
    );
    expect(p.stderr).toContain(
      `carbon-tray serve: ${join(dataDir, 'settings.json')} was open to other users (mode 0644); it is now 0600\n`,
    );
    expect(p.stderr).toContain(
      `carbon-tray serve: removed ${leftover}, a temporary settings file left by an interrupted write\n`,
    );
  });
});
