// The time windows people pick (now, last hour, today, 7 days) as history queries.
import type { HistoryQuery } from '../src/shared/api.js';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  SECONDS_PER_DAY,
  SECONDS_PER_HOUR,
  SECONDS_PER_MINUTE,
} from '../src/shared/time.js';

/** A window of the app list and detail. `now` is the live snapshot. */
export type WindowId = 'now' | 'hour' | 'today' | 'week';

export const WINDOW_CHOICES: readonly { value: WindowId; label: string }[] = [
  { value: 'now', label: 'Now' },
  { value: 'hour', label: 'Last hour' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: '7 days' },
];

/** Local midnight of the day holding `at`. */
export function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** The history query for a window ending at `nowMs`; `now` charts the last hour by minute. */
export function windowQuery(window: WindowId, nowMs: number, app?: string): HistoryQuery {
  const base = (from: number, stepS: number): HistoryQuery =>
    app === undefined ? { from, to: nowMs, stepS } : { app, from, to: nowMs, stepS };
  switch (window) {
    case 'now':
    case 'hour':
      return base(nowMs - MS_PER_HOUR, SECONDS_PER_MINUTE);
    case 'today':
      return base(startOfDay(nowMs), SECONDS_PER_HOUR);
    case 'week':
      return base(startOfDay(nowMs) - 6 * MS_PER_DAY, SECONDS_PER_DAY);
  }
}
