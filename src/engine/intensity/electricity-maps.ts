// Live carbon intensity from the Electricity Maps API: cached, exponential back-off, annual fallback that says so.
import { MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from '../../shared/time.js';
import type { IntensityProvider, IntensityReading } from './providers.js';

/** Options of `ElectricityMapsProvider`; the timings are parameters so tests can run them quickly. */
export interface ElectricityMapsOptions {
  token: string;
  /** Electricity Maps zone (ISO alpha-2 such as `DE`, or a sub-zone such as `US-CAL-CISO`). */
  zone: string;
  /** What to say and use while live data is unavailable (the annual average). */
  fallback: IntensityProvider;
  /** API root; default `https://api.electricitymap.org`. */
  baseUrl?: string;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** How long a live value is fresh before it is fetched again. Default 15 min (the API updates hourly). */
  refreshMs?: number;
  /** How long a live value may be used when refreshing fails. Default 2 h. */
  maxAgeMs?: number;
  /** First back-off delay; doubles on each consecutive failure. Default 30 s. */
  backoffMs?: number;
  /** Longest back-off delay. Default 1 h. */
  maxBackoffMs?: number;
}

interface LiveValue {
  intensityGPerKWh: number;
  datetime: string;
  isEstimated: boolean;
  fetchedAtMs: number;
}

/** The message of a failed request: HTTP status and the API's own `message`/`error`, or the network error. */
async function describeFailure(response: Response): Promise<string> {
  let said = '';
  try {
    const body = (await response.json()) as { message?: unknown; error?: unknown };
    const text =
      typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : '';
    said = text ? `: ${text}` : '';
  } catch {
    said = '';
  }
  const hint =
    response.status === 401 || response.status === 403 ? ' (check the Electricity Maps token)' : '';
  return `HTTP ${response.status}${said}${hint}`;
}

/**
 * `current()` never waits on the network: it answers from the cache and starts a background refresh when one is
 * due. Failures back off exponentially (`backoffMs × 2^(n−1)`, capped) and, once the last live value is older than
 * `maxAgeMs`, the fallback is used with source `annual-fallback` and the reason in the detail.
 */
export class ElectricityMapsProvider implements IntensityProvider {
  private latest: LiveValue | null = null;
  private forecast: { atMs: number; intensityGPerKWh: number }[] = [];
  private failures = 0;
  private lastError = 'no answer yet';
  private nextAttemptMs = 0;
  private inflight: Promise<void> | null = null;
  private closed = false;
  private readonly controller = new AbortController();
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly refreshMs: number;
  private readonly maxAgeMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;

  constructor(private readonly options: ElectricityMapsOptions) {
    this.baseUrl = (options.baseUrl ?? 'https://api.electricitymap.org').replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10 * MS_PER_SECOND;
    this.refreshMs = options.refreshMs ?? 15 * MS_PER_MINUTE;
    this.maxAgeMs = options.maxAgeMs ?? 2 * MS_PER_HOUR;
    this.backoffMs = options.backoffMs ?? 30 * MS_PER_SECOND;
    this.maxBackoffMs = options.maxBackoffMs ?? MS_PER_HOUR;
  }

  current(nowMs: number): IntensityReading {
    if (nowMs >= this.nextAttemptMs && !this.inflight && !this.closed) void this.refresh(nowMs);
    const latest = this.latest;
    if (latest && nowMs - latest.fetchedAtMs <= this.maxAgeMs) {
      const estimated = latest.isEstimated ? ', estimated' : '';
      return {
        intensityGPerKWh: latest.intensityGPerKWh,
        source: 'live',
        detail: `Electricity Maps ${this.options.zone} at ${latest.datetime}${estimated}`,
      };
    }
    const fallback = this.options.fallback.current(nowMs);
    return {
      intensityGPerKWh: fallback.intensityGPerKWh,
      source: 'annual-fallback',
      detail: `live intensity unavailable (${this.lastError}); using ${fallback.detail}`,
    };
  }

  /** Average of the forecast points within the next hour, else the current value. */
  nextHourGPerKWh(nowMs: number): number {
    const points = this.forecast.filter((p) => p.atMs >= nowMs && p.atMs < nowMs + MS_PER_HOUR);
    if (points.length > 0) return points.reduce((s, p) => s + p.intensityGPerKWh, 0) / points.length;
    return this.current(nowMs).intensityGPerKWh;
  }

  /** Consecutive failures so far and when the next attempt is allowed (for tests and diagnostics). */
  status(): { failures: number; nextAttemptMs: number; lastError: string } {
    return { failures: this.failures, nextAttemptMs: this.nextAttemptMs, lastError: this.lastError };
  }

  /** Fetches the latest value (and the forecast, best effort) now; resolves when done, never rejects. */
  refresh(nowMs: number): Promise<void> {
    if (this.inflight) return this.inflight;
    this.inflight = this.fetchLatest(nowMs).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
  }

  private async get(path: string): Promise<Response> {
    const url = `${this.baseUrl}${path}?zone=${encodeURIComponent(this.options.zone)}`;
    const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.timeoutMs)]);
    return fetch(url, { headers: { 'auth-token': this.options.token }, signal });
  }

  private async fetchLatest(nowMs: number): Promise<void> {
    try {
      const response = await this.get('/v3/carbon-intensity/latest');
      if (!response.ok) throw new Error(await describeFailure(response));
      const body = (await response.json()) as {
        carbonIntensity?: unknown;
        datetime?: unknown;
        isEstimated?: unknown;
      };
      if (
        typeof body.carbonIntensity !== 'number' ||
        !Number.isFinite(body.carbonIntensity) ||
        body.carbonIntensity < 0
      ) {
        throw new Error('the answer has no usable carbonIntensity');
      }
      this.latest = {
        intensityGPerKWh: body.carbonIntensity,
        datetime: typeof body.datetime === 'string' ? body.datetime : new Date(nowMs).toISOString(),
        isEstimated: body.isEstimated === true,
        fetchedAtMs: nowMs,
      };
      this.failures = 0;
      this.nextAttemptMs = nowMs + this.refreshMs;
      await this.fetchForecast();
    } catch (error) {
      this.failures += 1;
      this.lastError = this.explain(error);
      this.nextAttemptMs = nowMs + Math.min(this.backoffMs * 2 ** (this.failures - 1), this.maxBackoffMs);
    }
  }

  /** The forecast endpoint is not in every plan: a refusal just means no forecast. */
  private async fetchForecast(): Promise<void> {
    try {
      const response = await this.get('/v3/carbon-intensity/forecast');
      if (!response.ok) return;
      const body = (await response.json()) as {
        forecast?: { carbonIntensity?: unknown; datetime?: unknown }[];
      };
      this.forecast = (Array.isArray(body.forecast) ? body.forecast : []).flatMap((p) =>
        typeof p.carbonIntensity === 'number' &&
        typeof p.datetime === 'string' &&
        !Number.isNaN(Date.parse(p.datetime))
          ? [{ atMs: Date.parse(p.datetime), intensityGPerKWh: p.carbonIntensity }]
          : [],
      );
    } catch {
      this.forecast = [];
    }
  }

  private explain(error: unknown): string {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return this.closed ? 'stopped' : `no answer within ${this.timeoutMs} ms`;
    }
    if (error instanceof Error && error.message === 'fetch failed') {
      const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
      return `offline: ${cause?.code ?? cause?.message ?? 'network error'}`;
    }
    return error instanceof Error ? error.message : String(error);
  }
}
