// The Api over HTTP and server-sent events, for the popup served by `carbon-tray serve` in a browser.
import type {
  Api,
  HardwareInfo,
  HistoryQuery,
  HistoryResult,
  ProcessInfo,
  Settings,
  SettingsPatch,
  Snapshot,
} from '../../src/shared/api.js';

/** A refused request; `field` is set when the engine named the setting it refused. */
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

/** Talks to the headless server of the page's own origin (cookies carry the token, if any). */
export class HttpApi implements Api {
  private readonly listeners = new Set<Listener>();
  private source: EventSource | null = null;

  constructor(private readonly base = '/') {}

  getSnapshot(): Promise<Snapshot | null> {
    return this.request<Snapshot | null>('api/snapshot');
  }

  subscribe(cb: Listener): () => void {
    this.listeners.add(cb);
    if (this.source === null) this.open();
    return () => {
      this.listeners.delete(cb);
      if (this.listeners.size === 0) {
        this.source?.close();
        this.source = null;
      }
    };
  }

  getHistory(query: HistoryQuery): Promise<HistoryResult> {
    const params = new URLSearchParams({
      from: String(query.from),
      to: String(query.to),
      stepS: String(query.stepS),
    });
    if (query.app !== undefined) params.set('app', query.app);
    return this.request<HistoryResult>(`api/history?${params.toString()}`);
  }

  getSettings(): Promise<Settings> {
    return this.request<Settings>('api/settings');
  }

  updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.request<Settings>('api/settings', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
  }

  getHardware(): Promise<HardwareInfo> {
    return this.request<HardwareInfo>('api/hardware');
  }

  getProcesses(key: string): Promise<ProcessInfo[]> {
    return this.request<ProcessInfo[]>(`api/processes?${new URLSearchParams({ key }).toString()}`);
  }

  private open(): void {
    const source = new EventSource(`${this.base}api/stream`);
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as Snapshot;
      for (const listener of [...this.listeners]) listener(snapshot);
    });
    this.source = source;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${this.base}${path}`, { credentials: 'same-origin', ...init });
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
