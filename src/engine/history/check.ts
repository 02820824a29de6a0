// The one check of a history query, whatever brought it (IPC passes its argument, HTTP its decoded query string).
import type { HistoryQuery } from '../../shared/api.js';
import { describeValue, FieldError, isPlainObject } from '../../shared/errors.js';
import { HISTORY_STEPS_S, MAX_HISTORY_BUCKETS, MAX_ROW_KEY_LENGTH } from '../../shared/routes.js';
import { MS_PER_SECOND } from '../../shared/time.js';

/** A refused history query; `field` is `query`, `from`, `to`, `stepS`, `app` or a key that is not a query field. */
export class HistoryQueryError extends FieldError {}

const QUERY_FIELDS = ['from', 'to', 'stepS', 'app'];

/** Largest time value of a JavaScript Date (ECMA-262, Time Values and Time Range: ±8.64e15 ms). */
const MAX_EPOCH_MS = 8.64e15;

function epochMs(value: unknown, field: 'from' | 'to'): number {
  if (value === undefined) throw new HistoryQueryError(field, 'is required (epoch milliseconds)');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_EPOCH_MS) {
    throw new HistoryQueryError(
      field,
      `must be epoch milliseconds (a whole number ≥ 0), got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * A window `[from, to)` of epoch milliseconds: whole numbers ≥ 0 with `from` ≤ `to`. Part of `checkHistoryQuery`,
 * and the guard of every `HistoryQueries` read.
 */
export function checkHistoryWindow(from: unknown, to: unknown): { from: number; to: number } {
  const fromMs = epochMs(from, 'from');
  const toMs = epochMs(to, 'to');
  if (toMs < fromMs) throw new HistoryQueryError('to', `must not be before from (${fromMs}), got ${toMs}`);
  return { from: fromMs, to: toMs };
}

function stepOf(value: unknown): number {
  const steps = HISTORY_STEPS_S.join(', ');
  if (value === undefined) throw new HistoryQueryError('stepS', `is required (${steps} seconds)`);
  if (typeof value !== 'number' || !HISTORY_STEPS_S.includes(value)) {
    throw new HistoryQueryError('stepS', `must be one of ${steps} seconds, got ${describeValue(value)}`);
  }
  return value;
}

function rowKey(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ROW_KEY_LENGTH) {
    throw new HistoryQueryError(
      'app',
      `must be a row key such as app:firefox (1 to ${MAX_ROW_KEY_LENGTH} characters), got ${describeValue(value)}`,
    );
  }
  return value;
}

/**
 * The history query in `value`, or a `HistoryQueryError` naming the first field that is wrong: an object of
 * `from`, `to`, `stepS` and optional `app` only; a window as `checkHistoryWindow`; `stepS` one of
 * `HISTORY_STEPS_S`; at most `MAX_HISTORY_BUCKETS` buckets; `app` a row key. Returns a copy of the known fields.
 */
export function checkHistoryQuery(value: unknown): HistoryQuery {
  if (!isPlainObject(value)) {
    throw new HistoryQueryError(
      'query',
      `must be an object { from, to, stepS, app? }, got ${describeValue(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (!QUERY_FIELDS.includes(key))
      throw new HistoryQueryError(key, 'is not a history query field (from, to, stepS, app)');
  }
  const { from, to } = checkHistoryWindow(value.from, value.to);
  const stepS = stepOf(value.stepS);
  const buckets = (to - from) / (stepS * MS_PER_SECOND);
  if (buckets > MAX_HISTORY_BUCKETS) {
    throw new HistoryQueryError(
      'stepS',
      `the window holds ${Math.ceil(buckets)} buckets of ${stepS} s, more than ${MAX_HISTORY_BUCKETS}; use a larger stepS or a shorter window`,
    );
  }
  const query: HistoryQuery = { from, to, stepS };
  if (value.app !== undefined) query.app = rowKey(value.app);
  return query;
}
