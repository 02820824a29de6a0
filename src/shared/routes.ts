// The wire contract of the Api, written once: HTTP paths, IPC channels, the history steps and limits, the stream's detail.
import type { SettingsError } from './api.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from './time.js';

/** Paths of the headless server (src/server/routes.ts serves them, renderer/api/http-api.ts calls them). */
export const HTTP_ROUTES = {
  snapshot: '/api/snapshot',
  /** Server-sent events, one `snapshot` event per tick; see `STREAM_DETAIL`. */
  stream: '/api/stream',
  /** `?from=&to=&stepS=&app=`, decoded into a `HistoryQuery` that the engine checks. */
  history: '/api/history',
  /** GET the settings, PATCH a JSON object of settings to change. */
  settings: '/api/settings',
  hardware: '/api/hardware',
  /** `?key=` a row key of the snapshot. */
  processes: '/api/processes',
  /** Prometheus text exposition. */
  metrics: '/metrics',
  health: '/healthz',
} as const;

/**
 * `GET /api/stream?detail=1` subscribes with `detail` (the full process list every tick, for a page that shows it);
 * without the parameter (or with any other value) the stream carries the cheap snapshots only.
 */
export const STREAM_DETAIL = { param: 'detail', on: '1' } as const;

/**
 * IPC channel names between the preload and main. The sandboxed preload can require nothing but `electron`, so
 * src/preload/index.cts repeats them; test/unit/preload keeps both lists equal.
 */
export const IPC_CHANNELS = {
  getSnapshot: 'carbon-tray:get-snapshot',
  getHistory: 'carbon-tray:get-history',
  getSettings: 'carbon-tray:get-settings',
  updateSettings: 'carbon-tray:update-settings',
  getHardware: 'carbon-tray:get-hardware',
  getProcesses: 'carbon-tray:get-processes',
  /** renderer → main: `{ id, detail }`. */
  subscribe: 'carbon-tray:subscribe',
  /** renderer → main: `{ id }`. */
  unsubscribe: 'carbon-tray:unsubscribe',
  /** main → renderer: `(id, snapshot)`. */
  snapshot: 'carbon-tray:snapshot',
} as const;

/**
 * A refused call as IPC carries it: a refused field (`SettingsError`), or a file fault with the path and no field
 * (the `{ error, path }` HTTP answers 503), or any other failure's message with the field `request`.
 */
export type IpcRefusal = SettingsError | { field: null; message: string; path: string };

/**
 * What every IPC invoke channel resolves to. Errors travel as data because Electron keeps only the message of a
 * thrown Error across IPC, and the renderer needs the field a refusal names.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcRefusal };

/** Bucket sizes a history query may ask for: the minute and hour the store keeps, and a (UTC) day. */
export const HISTORY_STEPS_S: readonly number[] = [SECONDS_PER_MINUTE, SECONDS_PER_HOUR, SECONDS_PER_DAY];

/**
 * Most buckets one history query may span, `(to − from) / stepS`. The popup asks for at most 60 (the last hour by
 * minute; renderer/windows.ts, views/history-view.ts, views/app-detail.ts). 20,000 also admits every minute the
 * store keeps (7 days = 10,080), 30 days by the hour (720) and a leap year by the hour (8,784), while one reply
 * stays below a few megabytes of JSON (a point is about 150 bytes).
 */
export const MAX_HISTORY_BUCKETS = 20_000;

/** Longest row key (`app:…`, `service:…`) a request may name, in characters. */
export const MAX_ROW_KEY_LENGTH = 512;
