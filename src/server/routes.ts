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

/** A route that answers 200 with the JSON of what `produce` resolves to. */
function json(
  method: Route['method'],
  path: string,
  produce: (ctx: RouteContext) => Promise<unknown>,
): Route {
  return { method, path, handle: async (ctx) => sendJson(ctx.res, 200, await produce(ctx)) };
}

/** Every route; a `FieldError` thrown by a handler (or by the engine) is answered 400 `{ error, field }`. */
export const ROUTES: readonly Route[] = [
  json('GET', HTTP_ROUTES.snapshot, ({ api }) => api.getSnapshot()),
  {
    method: 'GET',
    path: HTTP_ROUTES.stream,
    handle: ({ req, res, url, streams }) =>
      streams.attach(req, res, url.searchParams.get(STREAM_DETAIL.param) === STREAM_DETAIL.on),
  },
  // Unchecked on purpose: the engine refuses a bad query naming the field, as it does over IPC.
  json('GET', HTTP_ROUTES.history, ({ url, api }) =>
    api.getHistory(decodeHistoryQuery(url.searchParams) as HistoryQuery),
  ),
  json('GET', HTTP_ROUTES.settings, ({ api }) => api.getSettings()),
  // Any body of any shape is a 400 naming the field (the schema refuses what the body reader lets through), a
  // settings file that cannot be written a 503 naming the path; the answer shows the token masked.
  json('PATCH', HTTP_ROUTES.settings, async ({ req, api }) =>
    api.updateSettings((await readJsonObject(req, 'settings')) as SettingsPatch),
  ),
  json('GET', HTTP_ROUTES.hardware, ({ api }) => api.getHardware()),
  json('GET', HTTP_ROUTES.processes, ({ url, api }) => api.getProcesses(parseRowKey(url.searchParams))),
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
      // History that cannot be written is as unhealthy as ticks that stopped: the reason says what to do.
      const degraded = snapshot.storage.status === 'degraded';
      sendJson(res, stale || degraded ? 503 : 200, {
        status: stale ? 'stale' : degraded ? 'degraded' : 'ok',
        ...(degraded ? { reason: snapshot.storage.reason } : {}),
        lastTickAt: snapshot.at,
        paused: snapshot.paused,
        streams: streams.size,
        storage: snapshot.storage,
      });
    },
  },
];
