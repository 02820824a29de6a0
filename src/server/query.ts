// Decoders of the server's query strings (pure): they only turn text into values; the engine checks history queries.
import type { HistoryQuery } from '../shared/api.js';
import { FieldError } from '../shared/errors.js';

/** The fields of a history query as a transport received them, before the engine checks them. */
export type UncheckedHistoryQuery = { [K in keyof HistoryQuery]?: unknown };

/** A parameter as a number when it reads as one, else its text (which the engine refuses naming the field). */
function numberParam(params: URLSearchParams, name: string): number | string | undefined {
  const text = params.get(name);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? text : value;
}

/**
 * `from`, `to`, `stepS` and `app` of `GET /api/history` as the object IPC would carry: numbers where the text is
 * numeric, left out where missing or blank. Nothing is checked here: `Engine.getHistory` refuses a bad query, naming
 * the field (`checkHistoryQuery`), the same over HTTP and IPC. Other parameters (such as `token`) are not part of it.
 */
export function decodeHistoryQuery(params: URLSearchParams): UncheckedHistoryQuery {
  const query: UncheckedHistoryQuery = {};
  for (const name of ['from', 'to', 'stepS'] as const) {
    const value = numberParam(params, name);
    if (value !== undefined) query[name] = value;
  }
  const app = params.get('app');
  if (app !== null) query.app = app;
  return query;
}

/** The `key` of `GET /api/processes?key=`. */
export function parseRowKey(params: URLSearchParams): string {
  const key = params.get('key');
  if (key === null || key.trim() === '')
    throw new FieldError('key', 'is required (a row key from the snapshot)');
  return key;
}
