// Answers the Api's getHistory from the history queries: a series, the window's top apps and totals.
import type { HistoryQuery, HistoryResult, HistoryTotals } from '../../shared/api.js';
import type { HistoryQueries } from './queries.js';

const STEPS_S: readonly number[] = [60, 3600, 86_400];
/** Apps ranked in a machine query. */
const TOP_APPS = 10;

const EMPTY_TOTALS: HistoryTotals = {
  energyJ: 0,
  operationalG: 0,
  embodiedG: 0,
  totalG: 0,
  cpuS: 0,
  rssByteS: 0,
  gPerH: 0,
};

/** A bad history query: the message names the field. */
export class HistoryQueryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'HistoryQueryError';
  }
}

/** Checks a query coming from IPC or HTTP; throws `HistoryQueryError` naming the bad field. */
export function checkHistoryQuery(query: HistoryQuery): void {
  for (const field of ['from', 'to'] as const) {
    if (typeof query[field] !== 'number' || !Number.isFinite(query[field]))
      throw new HistoryQueryError(field, `must be epoch milliseconds, got ${String(query[field])}`);
  }
  if (query.to < query.from)
    throw new HistoryQueryError('to', `must not be before from (${query.from}), got ${query.to}`);
  if (!STEPS_S.includes(query.stepS))
    throw new HistoryQueryError(
      'stepS',
      `must be one of ${STEPS_S.join(', ')} seconds, got ${String(query.stepS)}`,
    );
  if (query.app !== undefined && (typeof query.app !== 'string' || query.app.length === 0))
    throw new HistoryQueryError('app', 'must be a row key such as app:firefox');
}

/** The machine's (no `app`) or one app's series, top apps (machine only), totals and observed time. */
export function historyResult(queries: HistoryQueries | null, query: HistoryQuery): HistoryResult {
  checkHistoryQuery(query);
  if (!queries) return { query, series: [], top: [], totals: EMPTY_TOTALS, observedS: 0 };
  const { from, to, stepS, app } = query;
  if (app !== undefined) {
    return {
      query,
      series: queries.appSeries(app, from, to, stepS),
      top: [],
      totals: queries.appTotals(app, from, to),
      observedS: queries.observedS(from, to),
    };
  }
  return {
    query,
    series: queries.machineSeries(from, to, stepS),
    top: queries.topApps(from, to, TOP_APPS),
    totals: queries.machineTotals(from, to),
    observedS: queries.observedS(from, to),
  };
}
