// Parsers of the server's query strings (pure): history windows and process keys, with 400-style errors.
import type { HistoryQuery } from '../shared/api.js';
import { HttpError } from './http-util.js';

/** Bucket sizes the history store answers (minute, hour, day). */
export const HISTORY_STEPS_S = [60, 3600, 86_400] as const;

/** Most buckets one history request may ask for (a week of minutes is 10,080). */
export const MAX_HISTORY_BUCKETS = 20_000;

function epochMs(params: URLSearchParams, name: string): number {
  const text = params.get(name);
  if (text === null || text.trim() === '')
    throw new HttpError(400, `${name} is required (epoch milliseconds)`, name);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new HttpError(400, `${name} must be epoch milliseconds (a whole number ≥ 0), got '${text}'`, name);
  }
  return value;
}

/** Parses `from`, `to`, `stepS` and optional `app` of `GET /api/history`. */
export function parseHistoryQuery(params: URLSearchParams): HistoryQuery {
  const from = epochMs(params, 'from');
  const to = epochMs(params, 'to');
  if (to <= from) throw new HttpError(400, `to (${to}) must be after from (${from})`, 'to');
  const stepText = params.get('stepS') ?? '60';
  const stepS = Number(stepText);
  if (!HISTORY_STEPS_S.includes(stepS as (typeof HISTORY_STEPS_S)[number])) {
    throw new HttpError(
      400,
      `stepS must be one of ${HISTORY_STEPS_S.join(', ')}, got '${stepText}'`,
      'stepS',
    );
  }
  if ((to - from) / (stepS * 1000) > MAX_HISTORY_BUCKETS) {
    throw new HttpError(
      400,
      `the window holds more than ${MAX_HISTORY_BUCKETS} buckets; use a larger stepS`,
      'stepS',
    );
  }
  const app = params.get('app');
  if (app !== null && app.trim() === '') throw new HttpError(400, 'app must be a row key when given', 'app');
  return app === null ? { from, to, stepS } : { app, from, to, stepS };
}

/** The `key` of `GET /api/processes?key=`. */
export function parseRowKey(params: URLSearchParams): string {
  const key = params.get('key');
  if (key === null || key.trim() === '')
    throw new HttpError(400, 'key is required (a row key from the snapshot)', 'key');
  return key;
}
