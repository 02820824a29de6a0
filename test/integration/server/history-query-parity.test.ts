// One table of history queries through IPC and HTTP over the same real engine: both accept, or both refuse naming the same field.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../src/main/app-protocol.js';
import { IpcBridge } from '../../../src/main/ipc.js';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { HeadlessServer } from '../../../src/server/server.js';
import type { HistoryResult } from '../../../src/shared/api.js';
import { IPC_CHANNELS, type IpcResult, MAX_HISTORY_BUCKETS } from '../../../src/shared/routes.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../../src/shared/time.js';
import { appEvent, FakeIpcMain, FakeSender } from '../../helpers/fake-ipc.js';

/** A fixed window start (2024-01-01 UTC), so every row is the same on every run. */
const T = Date.UTC(2024, 0, 1);

type Row = [what: string, query: Record<string, unknown>, refusedField: string | null];

const ROWS: Row[] = [
  ['an hour by minute', { from: T, to: T + MS_PER_HOUR, stepS: 60 }, null],
  ['a day by hour', { from: T, to: T + MS_PER_DAY, stepS: 3600 }, null],
  ['a week by day', { from: T, to: T + 7 * MS_PER_DAY, stepS: 86_400 }, null],
  ['one app by minute', { from: T, to: T + MS_PER_HOUR, stepS: 60, app: 'app:firefox' }, null],
  ['one app by hour', { from: T, to: T + MS_PER_DAY, stepS: 3600, app: 'service:nginx.service' }, null],
  ['one app by day', { from: T, to: T + 7 * MS_PER_DAY, stepS: 86_400, app: 'idle' }, null],
  ['an empty window (from == to)', { from: T, to: T, stepS: 60 }, null],
  ['the largest window', { from: T, to: T + MAX_HISTORY_BUCKETS * MS_PER_MINUTE, stepS: 60 }, null],
  ['from missing', { to: T, stepS: 60 }, 'from'],
  ['to missing', { from: T, stepS: 60 }, 'to'],
  ['stepS missing', { from: T, to: T + MS_PER_HOUR }, 'stepS'],
  ['from NaN', { from: Number.NaN, to: T, stepS: 60 }, 'from'],
  ['from negative', { from: -MS_PER_HOUR, to: T, stepS: 60 }, 'from'],
  ['to before from', { from: T + MS_PER_HOUR, to: T, stepS: 60 }, 'to'],
  ['stepS 30', { from: T, to: T + MS_PER_HOUR, stepS: 30 }, 'stepS'],
  ['stepS 1.5', { from: T, to: T + MS_PER_HOUR, stepS: 1.5 }, 'stepS'],
  ['stepS 0', { from: T, to: T + MS_PER_HOUR, stepS: 0 }, 'stepS'],
  ['stepS 120', { from: T, to: T + MS_PER_HOUR, stepS: 120 }, 'stepS'],
  [
    'one bucket over the limit',
    { from: T, to: T + (MAX_HISTORY_BUCKETS + 1) * MS_PER_MINUTE, stepS: 60 },
    'stepS',
  ],
  ['an empty app', { from: T, to: T + MS_PER_HOUR, stepS: 60, app: '' }, 'app'],
];

/** Either transport's answer in one shape: accepted with the checked query, or refused naming a field. */
type Outcome = { ok: true; query: unknown } | { ok: false; field: string | null };

let dataDir: string;
let engine: Engine;
let server: HeadlessServer;
let base: URL;
const ipc = new FakeIpcMain();
const event = appEvent(new FakeSender(1));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ct-parity-'));
  engine = createEngine({ dataDir });
  new IpcBridge(engine, isAppUrl).register(ipc);
  server = new HeadlessServer({ api: engine, host: '127.0.0.1', port: 0, token: null, staticDir: null });
  base = await server.listen();
});

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function overIpc(query: Record<string, unknown>): Promise<Outcome> {
  const result = (await ipc.invoke(event, IPC_CHANNELS.getHistory, query)) as IpcResult<HistoryResult>;
  return result.ok ? { ok: true, query: result.value.query } : { ok: false, field: result.error.field };
}

/** The query as the popup's HttpApi sends it: each given field as text. */
async function overHttp(query: Record<string, unknown>): Promise<Outcome> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) params.set(name, String(value));
  const response = await fetch(new URL(`/api/history?${params.toString()}`, base));
  const body = (await response.json()) as HistoryResult | { error: string; field?: string };
  if (response.ok) return { ok: true, query: (body as HistoryResult).query };
  expect(response.status).toBe(400);
  const { error, field } = body as { error: string; field?: string };
  expect(error.startsWith(`${field}: `)).toBe(true);
  return { ok: false, field: field as string };
}

describe('a history query over IPC and over HTTP', () => {
  it.each(ROWS)('%s', async (_what, query, refusedField) => {
    const ipcOutcome = await overIpc(query);
    const httpOutcome = await overHttp(query);
    expect(httpOutcome).toEqual(ipcOutcome);
    expect(ipcOutcome).toEqual(
      refusedField === null ? { ok: true, query } : { ok: false, field: refusedField },
    );
  });
});
