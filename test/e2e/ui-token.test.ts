// A server bound to a non-loopback address: refused without the token, usable in a browser with it; bad flags exit 2.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer } from './build-renderer.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screens.js';
import { runServe, ServeProcess } from './serve-process.js';

const TOKEN = 'e2e-9f4c1d';

/**
 * An address other machines could reach: this machine's first non-internal IPv4 address (eth0 here), else
 * 0.0.0.0 (every interface), reached through 127.0.0.1. Either way the bind is not loopback-only.
 */
function nonLoopbackBind(): { bind: string; connect: string } {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found !== undefined) return { bind: found.address, connect: found.address };
  }
  return { bind: '0.0.0.0', connect: '127.0.0.1' };
}

describe('--host beyond loopback', () => {
  const { bind, connect } = nonLoopbackBind();
  let dataDir: string;
  let server: ServeProcess;
  let browser: Browser;
  let base: URL;

  beforeAll(async () => {
    await buildRenderer();
    dataDir = mkdtempSync(join(tmpdir(), 'ct-token-'));
    server = await ServeProcess.start([
      '--host',
      bind,
      '--port',
      '0',
      '--token',
      TOKEN,
      '--data-dir',
      dataDir,
    ]);
    base = new URL(`http://${connect}:${server.url.port}/`);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the bound address and says a token is required', () => {
    expect(server.url.hostname).toBe(bind);
    expect(server.output.join('')).toContain('(token required)');
    expect(server.output.join('')).not.toContain(TOKEN);
  });

  it('refuses every request without the token with 401 JSON', async () => {
    for (const path of ['', 'api/snapshot', 'api/settings', 'metrics', 'healthz']) {
      const response = await fetch(new URL(path, base));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: string }).error).toMatch(/token/);
    }
    const lowercase = await fetch(new URL('healthz', base), {
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(lowercase.status).toBe(200);
    const patch = await fetch(new URL('api/settings', base), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"lifetimeYears":1}',
    });
    expect(patch.status).toBe(401);
    const wrong = await fetch(new URL('api/snapshot', base), { headers: { authorization: 'Bearer wrong' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(new URL('healthz', base), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
  });

  it('shows the refusal in a browser, and the popup once opened with ?token=', async () => {
    const page = await browser.newPage({ viewport: { width: 380, height: 560 } });
    const refused = await page.goto(base.href).catch((e: unknown) => {
      throw new Error(`${String(e)}\n--- server output:\n${server.output.join('')}`);
    });
    expect(refused?.status()).toBe(401);
    const login = await page.goto(new URL(`?token=${TOKEN}`, base).href);
    // The login answered 303 to the same address without the token, with a session id in this port's cookie;
    // that cookie carries the session for the scripts, fetches and the event stream.
    expect(login?.request().redirectedFrom()?.url()).toContain(`token=${TOKEN}`);
    expect(page.url()).toBe(base.href);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).toEqual([`carbontray_session_${base.port}`]);
    expect(cookies[0]?.value).not.toContain(TOKEN);
    expect(cookies[0]?.httpOnly).toBe(true);
    expect(cookies[0]?.sameSite).toBe('Strict');
    await page.waitForSelector('.app-list .row-button', { timeout: 20_000 });
    expect(await page.textContent('#stat-now')).toMatch(/g\/h$/);
    await screenshot(page, 'apps-with-token');
    await page.close();
  });
});

describe('bad flags', () => {
  it.each([
    [['--host', '192.0.2.77'], '--host'],
    [['--port', 'eighty'], '--port'],
    [['--port', '70000'], '--port'],
    [['--colour', 'green'], '--colour'],
    [['--token'], '--token'],
  ])('%j exits 2 with one line naming %s', async (args, flag) => {
    const { code, stdout, stderr } = await runServe(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(flag);
  });

  it('refuses an address this machine does not have, naming --host', async () => {
    // 192.0.2.77 is in TEST-NET-1 (RFC 5737): the token is given, but nothing here owns that address.
    // A folder of its own: the engine starts (and locks its folder) before the address is refused.
    const dir = mkdtempSync(join(tmpdir(), 'ct-token-host-'));
    const { code, stderr } = await runServe([
      '--host',
      '192.0.2.77',
      '--token',
      TOKEN,
      '--port',
      '0',
      '--data-dir',
      dir,
    ]).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(
      /^carbon-tray serve: --host: 192\.0\.2\.77 is not an address of this machine$/,
    );
  });
});
