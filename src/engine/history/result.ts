// Answers the Api's getHistory from the history queries: a series, the window's top apps and totals.
import type { HistoryResult, HistoryTotals } from '../../shared/api.js';
import { checkHistoryQuery } from './check.js';
import type { HistoryQueries } from './queries.js';

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

/**
 * The machine's (no `app`) or one app's series, top apps (machine only), totals and observed time. `value` is what
 * a transport received; it is checked here (`checkHistoryQuery`), so IPC and HTTP accept and refuse the same.
 */
export function historyResult(queries: HistoryQueries | null, value: unknown): HistoryResult {
  const query = checkHistoryQuery(value);
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
