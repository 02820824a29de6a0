// The time windows people pick (now, last hour, today, 7 days) as history queries.
import type { HistoryQuery } from '../src/shared/api.js';

/** A window of the app list and detail. `now` is the live snapshot. */
export type WindowId = 'now' | 'hour' | 'today' | 'week';

export const WINDOW_CHOICES: readonly { value: WindowId; label: string }[] = [
  { value: 'now', label: 'Now' },
  { value: 'hour', label: 'Last hour' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: '7 days' },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

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
      return base(nowMs - HOUR_MS, 60);
    case 'today':
      return base(startOfDay(nowMs), 3600);
    case 'week':
      return base(startOfDay(nowMs) - 6 * DAY_MS, 86_400);
  }
}
