// Tests the live Electricity Maps provider against a local HTTP server answering like the real v3 API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { annualIntensity } from '../../../../src/core/intensity.js';
import { ElectricityMapsProvider } from '../../../../src/engine/intensity/electricity-maps.js';
import { AnnualIntensityProvider } from '../../../../src/engine/intensity/providers.js';
import { createIntensityProvider } from '../../../../src/engine/intensity/select.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let server: Server;
let url: string;
let handler: Handler;
const requests: { path: string; token: string | undefined }[] = [];

beforeEach(async () => {
  requests.length = 0;
  server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', token: req.headers['auth-token'] as string | undefined });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
// The shape of GET /v3/carbon-intensity/latest from the Electricity Maps API documentation.
const latest = {
  zone: 'DE',
  carbonIntensity: 302,
  datetime: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T09:58:00.000Z',
  emissionFactorType: 'lifecycle',
  isEstimated: true,
  estimationMethod: 'TIME_SLICER_AVERAGE',
};
const fallback = new AnnualIntensityProvider('DEU');
const DEU = annualIntensity('DEU').intensityGPerKWh;
const T0 = Date.UTC(2026, 2, 2, 10);

function provider(
  extra: Partial<ConstructorParameters<typeof ElectricityMapsProvider>[0]> = {},
): ElectricityMapsProvider {
  return new ElectricityMapsProvider({
    token: 'tok-123',
    zone: 'DE',
    fallback,
    baseUrl: url,
    timeoutMs: 300,
    backoffMs: 1000,
    maxBackoffMs: 8000,
    ...extra,
  });
}

describe('ElectricityMapsProvider', () => {
  it('answers live values with the zone and token, and averages the forecast of the next hour', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/v3/carbon-intensity/forecast')) {
        json(res, 200, {
          zone: 'DE',
          forecast: [
            { carbonIntensity: 300, datetime: '2026-03-02T10:00:00.000Z' },
            { carbonIntensity: 200, datetime: '2026-03-02T10:30:00.000Z' },
            { carbonIntensity: 900, datetime: '2026-03-02T12:00:00.000Z' },
          ],
        });
      } else json(res, 200, latest);
    };
    const p = provider();
    expect(p.current(T0)).toMatchObject({ source: 'annual-fallback', intensityGPerKWh: DEU });
    await p.refresh(T0);
    expect(p.current(T0)).toEqual({
      intensityGPerKWh: 302,
      source: 'live',
      detail: 'Electricity Maps DE at 2026-03-02T10:00:00.000Z, estimated',
    });
    expect(requests[0]).toEqual({ path: '/v3/carbon-intensity/latest?zone=DE', token: 'tok-123' });
    // The forecast points at 10:00 and 10:30 fall in [T0, T0 + 1 h): (300 + 200) / 2.
    expect(p.nextHourGPerKWh(T0)).toBe(250);
    p.close();
  });

  it('falls back to the annual average on a refused token, says why, and backs off exponentially', async () => {
    handler = (_req, res) => json(res, 401, { message: 'Invalid authentication token' });
    const p = provider();
    await p.refresh(T0);
    const reading = p.current(T0);
    expect(reading.source).toBe('annual-fallback');
    expect(reading.intensityGPerKWh).toBe(DEU);
    expect(reading.detail).toContain(
      'HTTP 401: Invalid authentication token (check the Electricity Maps token)',
    );
    expect(p.status()).toMatchObject({ failures: 1, nextAttemptMs: T0 + 1000 });
    await p.refresh(T0 + 1000);
    expect(p.status()).toMatchObject({ failures: 2, nextAttemptMs: T0 + 1000 + 2000 });
    await p.refresh(T0 + 3000);
    await p.refresh(T0 + 7000);
    await p.refresh(T0 + 15000);
    // 1, 2, 4, 8 s then capped at maxBackoffMs = 8 s.
    expect(p.status()).toMatchObject({ failures: 5, nextAttemptMs: T0 + 15000 + 8000 });
    // current() does not hammer the API during the back-off.
    const before = requests.length;
    p.current(T0 + 16000);
    expect(requests.length).toBe(before);
    p.close();
  });

  it('says so when the API does not answer in time', async () => {
    handler = () => undefined;
    const p = provider();
    await p.refresh(T0);
    expect(p.current(T0).detail).toContain('no answer within 300 ms');
    p.close();
  });

  it('says so when offline (connection refused)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const p = provider({ baseUrl: `http://127.0.0.1:${port}` });
    await p.refresh(T0);
    expect(p.current(T0).detail).toMatch(
      /live intensity unavailable \(offline: ECONNREFUSED\); using DEU annual average/,
    );
    p.close();
  });

  it('refuses an answer without a usable intensity, and keeps a live value only up to maxAgeMs', async () => {
    let ok = true;
    handler = (_req, res) =>
      ok ? json(res, 200, latest) : json(res, 200, { zone: 'DE', carbonIntensity: null });
    const p = provider({ maxAgeMs: 60_000 });
    await p.refresh(T0);
    ok = false;
    await p.refresh(T0 + 30_000);
    expect(p.current(T0 + 30_000).source).toBe('live');
    expect(p.current(T0 + 61_000)).toMatchObject({ source: 'annual-fallback' });
    expect(p.current(T0 + 61_000).detail).toContain('no usable carbonIntensity');
    p.close();
  });

  it('is chosen for a token; a custom value wins over it', () => {
    const live = createIntensityProvider(
      { country: 'DEU', customIntensity: null, electricityMapsToken: 't' },
      { electricityMapsUrl: 'http://127.0.0.1:1' },
    );
    expect(live).toBeInstanceOf(ElectricityMapsProvider);
    live.close();
    expect(
      createIntensityProvider({ country: 'DEU', customIntensity: 50, electricityMapsToken: 't' }).current(T0),
    ).toMatchObject({ source: 'custom', intensityGPerKWh: 50 });
    // No country set: Europe/Paris guesses France (tz zone.tab: Europe/Paris = FR).
    expect(
      createIntensityProvider(
        { country: null, customIntensity: null, electricityMapsToken: null },
        { timeZone: 'Europe/Paris' },
      ).current(T0).detail,
    ).toMatch(/^FRA .*time zone/);
  });
});
