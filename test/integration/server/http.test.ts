// The headless server over the real engine: every route, malformed requests as 400 JSON, SSE, metrics, access.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp.js';
import { HeadlessServer } from '../../../src/server/server.js';
import type { HistoryResult, Settings, Snapshot } from '../../../src/shared/api.js';

let dataDir: string;
let staticDir: string;
let engine: Engine;
let server: HeadlessServer;
let base: URL;

async function call(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(new URL(path, base), init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text);
  return { status: response.status, body, headers: response.headers };
}

/** The first `count` distinct snapshots of an event stream (the current one first, then one per tick). */
async function streamed(
  path: string,
  count: number,
): Promise<{ contentType: string | null; snapshots: Snapshot[] }> {
  const controller = new AbortController();
  const response = await fetch(new URL(path, base), { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const snapshots: Snapshot[] = [];
  while (snapshots.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    for (const match of text.matchAll(/event: snapshot\nid: \d+\ndata: (.*)\n\n/g)) {
      const snapshot = JSON.parse(match[1] as string) as Snapshot;
      if (!snapshots.some((s) => s.at === snapshot.at)) snapshots.push(snapshot);
    }
  }
  controller.abort();
  return { contentType: response.headers.get('content-type'), snapshots: snapshots.slice(0, count) };
}

const patch = (body: string, type = 'application/json'): RequestInit => ({
  method: 'PATCH',
  headers: { 'content-type': type },
  body,
});

/** Sends raw bytes and returns the raw response (for requests fetch refuses to send). */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(base.port), base.hostname, () => socket.write(request));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 3000);
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ct-http-'));
  staticDir = join(dataDir, 'static');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
  engine = createEngine({ dataDir: join(dataDir, 'data') });
  await engine.start();
  server = new HeadlessServer({ api: engine, host: '127.0.0.1', port: 0, token: null, staticDir });
  base = await server.listen();
  for (let i = 0; i < 50 && (await engine.getSnapshot()) === null; i += 1)
    await new Promise((r) => setTimeout(r, 200));
}, 30_000);

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('routes', () => {
  it('serves the snapshot, hardware, settings and health as JSON with the security headers', async () => {
    const snapshot = await call('/api/snapshot');
    expect(snapshot.status).toBe(200);
    expect((snapshot.body as Snapshot).rows.length).toBeGreaterThan(0);
    expect(snapshot.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(snapshot.headers.get('x-content-type-options')).toBe('nosniff');
    expect(snapshot.headers.get('cache-control')).toBe('no-store');
    expect((await call('/api/hardware')).status).toBe(200);
    expect(((await call('/api/settings')).body as Settings).attribution).toBe('capacity');
    const health = await call('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', paused: false });
  });

  it('answers a history window with the SCI totals spelled out', async () => {
    const now = Date.now();
    const { status, body } = await call(`/api/history?from=${now - 3_600_000}&to=${now}&stepS=60`);
    expect(status).toBe(200);
    const result = body as HistoryResult;
    expect(result.query).toEqual({ from: now - 3_600_000, to: now, stepS: 60 });
    expect(result.totals.totalG).toBeGreaterThanOrEqual(0);
  });

  it('serves the renderer files and nothing outside them', async () => {
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await call('/assets/app.js')).headers.get('cache-control')).toContain('immutable');
    expect((await call('/assets/%2F..%2F..%2Fdata%2Fsettings.json')).status).toBe(404);
    expect((await call('/missing.js')).status).toBe(404);
    const response = await raw(
      `GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(response).not.toContain('root:');
  });

  it('streams snapshots as server-sent events', async () => {
    const { contentType, snapshots } = await streamed('/api/stream', 2);
    expect(contentType).toBe('text/event-stream; charset=utf-8');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]?.at).toBeGreaterThan(snapshots[0]?.at as number);
  }, 15_000);

  it('asks the engine for detail only when the stream asks with ?detail=1', async () => {
    // The first event is the current snapshot, made before this stream subscribed; the ticks after it show the mode.
    const plain = (await streamed('/api/stream', 3)).snapshots.slice(1);
    expect(plain.map((s) => s.detailed)).toEqual([false, false]);
    const detailed = (await streamed('/api/stream?detail=1', 3)).snapshots.slice(1);
    // A process read may be skipped on a slow tick (the monitor's read budget), never on both.
    expect(detailed.some((s) => s.detailed)).toBe(true);
  }, 20_000);

  it('exposes /metrics that parses, consistent with the snapshot of the same tick', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const snapshot = (await call('/api/snapshot')).body as Snapshot;
      const text = (await call('/metrics')).body as string;
      const families = parsePrometheusTextFormat(text);
      const lastTick = families.find((f) => f.name === 'carbontray_last_tick_timestamp_seconds');
      if (Number(lastTick?.metrics[0]?.value) * 1000 !== snapshot.at) continue;
      const power = families.find((f) => f.name === 'carbontray_machine_power_watts');
      expect(Number(power?.metrics[0]?.value)).toBe(snapshot.machine.powerW);
      const appPower = families.find((f) => f.name === 'carbontray_app_power_watts');
      for (const row of snapshot.rows) {
        const sample = appPower?.metrics.find((m) => m.labels?.key === row.key);
        expect(sample?.labels).toEqual({ app: row.name, kind: row.kind, key: row.key });
        expect(Number(sample?.value)).toBe(row.powerW);
      }
      return;
    }
    throw new Error('no /metrics read landed on the same tick as /api/snapshot in 5 tries');
  });
});

describe('bad requests get a JSON error, never a crash', () => {
  it('refuses settings the engine refuses, naming the field, and keeps the old value', async () => {
    expect((await call('/api/settings', patch('{"lifetimeYears":5}'))).status).toBe(200);
    for (const body of ['{"lifetimeYears":0}', '{"lifetimeYears":-1}', '{"lifetimeYears":"ten"}']) {
      const refused = await call('/api/settings', patch(body));
      expect(refused.status).toBe(400);
      expect((refused.body as { field: string }).field).toBe('lifetimeYears');
      expect((refused.body as { error: string }).error).toMatch(/lifetime/i);
    }
    const unknown = await call('/api/settings', patch('{"colour":"green"}'));
    expect(unknown).toMatchObject({ status: 400, body: { field: 'colour' } });
    expect(((await call('/api/settings')).body as Settings).lifetimeYears).toBe(5);
  });

  it.each([
    ['not JSON', patch('{lifetime'), 400],
    ['an array', patch('[1,2]'), 400],
    ['null', patch('null'), 400],
    ['form data', patch('lifetimeYears=5', 'application/x-www-form-urlencoded'), 415],
    ['too large', patch(`{"country":"${'x'.repeat(70_000)}"}`), 413],
  ])('PATCH with %s', async (_what, init, status) => {
    const { status: got, body } = await call('/api/settings', init);
    expect(got).toBe(status);
    expect(typeof (body as { error: string }).error).toBe('string');
  });

  it.each([
    ['/api/history?from=abc&to=1', 400],
    ['/api/history?from=5&to=1', 400],
    ['/api/processes', 400],
    ['/api/nothing', 404],
  ])('GET %s', async (path, status) => {
    const { status: got, body } = await call(path);
    expect(got).toBe(status);
    expect(typeof (body as { error: string }).error).toBe('string');
  });

  it('refuses a wrong method with Allow', async () => {
    const { status, headers } = await call('/api/snapshot', { method: 'DELETE' });
    expect(status).toBe(405);
    expect(headers.get('allow')).toBe('GET');
  });

  it('answers malformed HTTP with 400 JSON and keeps serving', async () => {
    const response = await raw('BLAH\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400/);
    expect(response).toContain('{"error":"malformed HTTP request"}');
    expect((await call('/healthz')).status).toBe(200);
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const response = await raw(
      `GET /api/settings HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 403/);
  });
});

describe('token', () => {
  it('is required on every request when set: a Bearer header in any case, or a ?token= login', async () => {
    const guarded = new HeadlessServer({ api: engine, host: '127.0.0.1', port: 0, token: 'k3y', staticDir });
    const url = await guarded.listen();
    try {
      for (const path of ['/', '/api/snapshot', '/metrics', '/healthz', '/api/stream']) {
        const response = await fetch(new URL(path, url));
        expect(response.status).toBe(401);
        expect(await response.json()).toMatchObject({ error: expect.stringContaining('token') });
      }
      expect(
        (await fetch(new URL('/api/snapshot', url), { headers: { authorization: 'Bearer nope' } })).status,
      ).toBe(401);
      // RFC 7235 § 2.1: the auth scheme is case-insensitive.
      for (const scheme of ['Bearer', 'bearer', 'BEARER'])
        expect(
          (await fetch(new URL('/api/snapshot', url), { headers: { authorization: `${scheme} k3y` } }))
            .status,
        ).toBe(200);
      // The old cookie that held the token itself opens nothing.
      expect(
        (await fetch(new URL('/api/settings', url), { headers: { cookie: 'carbontray_token=k3y' } })).status,
      ).toBe(401);
    } finally {
      await guarded.close();
    }
  });

  it('exchanges ?token= for a session id in a cookie named by the port, and redirects without the token', async () => {
    const guarded = new HeadlessServer({ api: engine, host: '127.0.0.1', port: 0, token: 'k3y', staticDir });
    const url = await guarded.listen();
    try {
      const login = await fetch(new URL('/?tab=history&token=k3y', url), { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/?tab=history');
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie).not.toContain('k3y');
      expect(setCookie).toMatch(
        new RegExp(`^carbontray_session_${url.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`),
      );
      const cookie = setCookie.split(';')[0] as string;
      expect((await fetch(new URL('/api/settings', url), { headers: { cookie } })).status).toBe(200);
      expect((await fetch(new URL('/', url), { headers: { cookie } })).status).toBe(200);
      // Under another port's name the same id opens nothing.
      const elsewhere = cookie.replace(`_${url.port}=`, `_${Number(url.port) + 1}=`);
      expect((await fetch(new URL('/api/settings', url), { headers: { cookie: elsewhere } })).status).toBe(
        401,
      );
      // Not GET: no session, no redirect; the token in the query lets this one request in.
      const post = await fetch(new URL('/api/settings?token=k3y', url), patch('{}'));
      expect(post.headers.get('set-cookie')).toBeNull();
      expect(post.status).not.toBe(401);
      await guarded.close();
      // Sessions live in memory: a restarted server on the same port knows none of them.
      const again = new HeadlessServer({
        api: engine,
        host: '127.0.0.1',
        port: Number(url.port),
        token: 'k3y',
        staticDir,
      });
      await again.listen();
      try {
        // A new connection: fetch's pooled one ended with the first server.
        const status = await new Promise<number | undefined>((resolve, reject) => {
          get(new URL('/api/settings', url), { headers: { cookie }, agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode);
          }).on('error', reject);
        });
        expect(status).toBe(401);
      } finally {
        await again.close();
      }
    } finally {
      await guarded.close().catch(() => undefined);
    }
  });

  it('cannot be left out on a non-loopback address', () => {
    expect(
      () => new HeadlessServer({ api: engine, host: '0.0.0.0', port: 0, token: null, staticDir }),
    ).toThrow(/requires a token/);
  });
});
