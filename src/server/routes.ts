// The HTTP routes of the headless server, as an explicit table over the paths of src/shared/routes.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Api, HistoryQuery, SettingsPatch } from '../shared/api.js';
import { HTTP_ROUTES, STREAM_DETAIL } from '../shared/routes.js';
import { staleAfterMs } from '../shared/time.js';
import type { EventStreams } from './event-stream.js';
import { readJsonObject, sendJson } from './http-util.js';
import type { MetricsCollector } from './metrics.js';
import { decodeHistoryQuery, parseRowKey } from './query.js';

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

/** Every route; a `FieldError` thrown by a handler (or by the engine) is answered 400 `{ error, field }`. */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: HTTP_ROUTES.snapshot,
    handle: async ({ res, api }) => sendJson(res, 200, await api.getSnapshot()),
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.stream,
    handle: ({ req, res, url, streams }) =>
      streams.attach(req, res, url.searchParams.get(STREAM_DETAIL.param) === STREAM_DETAIL.on),
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.history,
    handle: async ({ res, url, api }) => {
      // Unchecked on purpose: the engine refuses a bad query naming the field, as it does over IPC.
      const query = decodeHistoryQuery(url.searchParams) as HistoryQuery;
      sendJson(res, 200, await api.getHistory(query));
    },
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.settings,
    handle: async ({ res, api }) => sendJson(res, 200, await api.getSettings()),
  },
  {
    method: 'PATCH',
    path: HTTP_ROUTES.settings,
    handle: async ({ req, res, api }) => {
      const patch = (await readJsonObject(req)) as SettingsPatch;
      sendJson(res, 200, await api.updateSettings(patch));
    },
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.hardware,
    handle: async ({ res, api }) => sendJson(res, 200, await api.getHardware()),
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.processes,
    handle: async ({ res, url, api }) => {
      const key = parseRowKey(url.searchParams);
      sendJson(res, 200, await api.getProcesses(key));
    },
  },
  {
    method: 'GET',
    path: HTTP_ROUTES.metrics,
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
    path: HTTP_ROUTES.health,
    handle: async ({ res, api, streams }) => {
      const snapshot = await api.getSnapshot();
      if (snapshot === null) {
        sendJson(res, 200, { status: 'starting', lastTickAt: null, streams: streams.size });
        return;
      }
      const ageMs = Date.now() - snapshot.at;
      const stale = !snapshot.paused && ageMs > staleAfterMs(snapshot.intervalS);
      sendJson(res, stale ? 503 : 200, {
        status: stale ? 'stale' : 'ok',
        lastTickAt: snapshot.at,
        paused: snapshot.paused,
        streams: streams.size,
      });
    },
  },
];
