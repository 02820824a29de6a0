// The HTTP routes of the headless server (DESIGN.md, Contracts), as an explicit table.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api, SettingsPatch } from '../shared/api.js';
import type { EventStreams } from './event-stream.js';
import { HttpError, readJsonObject, sendJson } from './http-util.js';
import type { MetricsCollector } from './metrics.js';
import { parseHistoryQuery, parseRowKey } from './query.js';

/** What a route handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  api: Api;
  metrics: MetricsCollector;
  streams: EventStreams;
}

/** One route: an exact path and method. */
export interface Route {
  method: 'GET' | 'PATCH';
  path: string;
  handle(ctx: RouteContext): Promise<void>;
}

/** Ticks older than this many intervals make `/healthz` report `stale` (the engine records such gaps too). */
const STALE_INTERVALS = 3;

/** A validation error from the engine carries the field it refused (Api: `SettingsError`). */
function settingsError(error: unknown): HttpError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { field, message } = error as { field?: unknown; message?: unknown };
  if (typeof field !== 'string' || typeof message !== 'string') return null;
  return new HttpError(400, message, field);
}

async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw settingsError(error) ?? error;
  }
}

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/api/snapshot',
    handle: async ({ res, api }) => sendJson(res, 200, await api.getSnapshot()),
  },
  {
    method: 'GET',
    path: '/api/stream',
    handle: ({ req, res, streams }) => streams.attach(req, res),
  },
  {
    method: 'GET',
    path: '/api/history',
    handle: async ({ res, url, api }) => {
      const query = parseHistoryQuery(url.searchParams);
      sendJson(res, 200, await engineCall(() => api.getHistory(query)));
    },
  },
  {
    method: 'GET',
    path: '/api/settings',
    handle: async ({ res, api }) => sendJson(res, 200, await api.getSettings()),
  },
  {
    method: 'PATCH',
    path: '/api/settings',
    handle: async ({ req, res, api }) => {
      const patch = (await readJsonObject(req)) as SettingsPatch;
      sendJson(res, 200, await engineCall(() => api.updateSettings(patch)));
    },
  },
  {
    method: 'GET',
    path: '/api/hardware',
    handle: async ({ res, api }) => sendJson(res, 200, await api.getHardware()),
  },
  {
    method: 'GET',
    path: '/api/processes',
    handle: async ({ res, url, api }) => {
      const key = parseRowKey(url.searchParams);
      sendJson(res, 200, await engineCall(() => api.getProcesses(key)));
    },
  },
  {
    method: 'GET',
    path: '/metrics',
    handle: async ({ res, metrics }) => {
      const text = metrics.render();
      res.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
      });
      res.end(text);
    },
  },
  {
    method: 'GET',
    path: '/healthz',
    handle: async ({ res, api, streams }) => {
      const snapshot = await api.getSnapshot();
      if (snapshot === null) {
        sendJson(res, 200, { status: 'starting', lastTickAt: null, streams: streams.size });
        return;
      }
      const ageMs = Date.now() - snapshot.at;
      const stale = !snapshot.paused && ageMs > STALE_INTERVALS * snapshot.intervalS * 1000;
      sendJson(res, stale ? 503 : 200, {
        status: stale ? 'stale' : 'ok',
        lastTickAt: snapshot.at,
        paused: snapshot.paused,
        streams: streams.size,
      });
    },
  },
];
