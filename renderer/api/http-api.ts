// The Api over HTTP and server-sent events, for the popup served by `carbon-tray serve` in a browser.
import type {
  Api,
  HardwareInfo,
  HistoryQuery,
  HistoryResult,
  ProcessInfo,
  PublicSettings,
  SettingsPatch,
  Snapshot,
} from '../../src/shared/api.js';
import { HTTP_ROUTES, STREAM_DETAIL } from '../../src/shared/routes.js';

/** A refused request: the server's message and status, and `field` when it named one (read with `describeRefusal`). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = (snapshot: Snapshot) => void;

/** One open event stream and the subscribers it feeds. */
interface Stream {
  source: EventSource;
  listeners: Set<Listener>;
}

/** Talks to the headless server of the page's own origin (cookies carry the token, if any). */
export class HttpApi implements Api {
  /** At most one stream per detail mode, open while it has subscribers. */
  private readonly streams = new Map<boolean, Stream>();

  getSnapshot(): Promise<Snapshot | null> {
    return this.request<Snapshot | null>(HTTP_ROUTES.snapshot);
  }

  subscribe(cb: Listener, options?: { detail?: boolean }): () => void {
    const detail = options?.detail === true;
    const stream = this.streams.get(detail) ?? this.open(detail);
    stream.listeners.add(cb);
    return () => {
      if (!stream.listeners.delete(cb) || stream.listeners.size > 0) return;
      stream.source.close();
      if (this.streams.get(detail) === stream) this.streams.delete(detail);
    };
  }

  getHistory(query: HistoryQuery): Promise<HistoryResult> {
    const params = new URLSearchParams({
      from: String(query.from),
      to: String(query.to),
      stepS: String(query.stepS),
    });
    if (query.app !== undefined) params.set('app', query.app);
    return this.request<HistoryResult>(`${HTTP_ROUTES.history}?${params.toString()}`);
  }

  getSettings(): Promise<PublicSettings> {
    return this.request<PublicSettings>(HTTP_ROUTES.settings);
  }

  updateSettings(patch: SettingsPatch): Promise<PublicSettings> {
    return this.request<PublicSettings>(HTTP_ROUTES.settings, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
  }

  getHardware(): Promise<HardwareInfo> {
    return this.request<HardwareInfo>(HTTP_ROUTES.hardware);
  }

  getProcesses(key: string): Promise<ProcessInfo[]> {
    return this.request<ProcessInfo[]>(`${HTTP_ROUTES.processes}?${new URLSearchParams({ key }).toString()}`);
  }

  private open(detail: boolean): Stream {
    const query = detail ? `?${STREAM_DETAIL.param}=${STREAM_DETAIL.on}` : '';
    const stream: Stream = { source: new EventSource(`${HTTP_ROUTES.stream}${query}`), listeners: new Set() };
    stream.source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as Snapshot;
      for (const listener of [...stream.listeners]) listener(snapshot);
    });
    this.streams.set(detail, stream);
    return stream;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(path, { credentials: 'same-origin', ...init });
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const { error, field } = (body ?? {}) as { error?: unknown; field?: unknown };
      throw new ApiError(
        typeof error === 'string' ? error : `${response.status} ${response.statusText}`,
        response.status,
        typeof field === 'string' ? field : undefined,
      );
    }
    return body as T;
  }
}
