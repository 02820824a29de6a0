// The History screen: a stacked chart of the top apps for a day or a week, and the daily totals.
import type { Api, HistoryPoint, HistoryResult } from '../../src/shared/api.js';
import { StackedGramsChart } from '../charts.js';
import { el, Segmented, setText } from '../dom.js';
import { formatClock, formatDay, formatGrams } from '../../src/shared/format.js';
import { MS_PER_DAY, MS_PER_MINUTE, SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../src/shared/time.js';
import { startOfDay } from '../windows.js';

type Range = 'day' | 'week';

const RANGES: readonly { value: Range; label: string }[] = [
  { value: 'day', label: 'Last 24 h' },
  { value: 'week', label: 'Last 7 days' },
];

/** How many apps get their own colour; the machine total shows what the rest adds. */
const STACKED_APPS = 5;
const REFRESH_MS = MS_PER_MINUTE;

/** The History screen; loads when shown, refreshes every minute while visible. */
export class HistoryView {
  readonly element: HTMLElement;
  private readonly picker: Segmented<Range>;
  private readonly canvas = el('canvas', {
    attrs: { id: 'history-chart', role: 'img', 'aria-label': 'Emissions by application' },
  });
  /** Created when the screen is first shown, so opening the popup does not load Chart.js. */
  private chart: StackedGramsChart | null = null;
  private readonly status = el('p', { class: 'chart-status' });
  private readonly daysBody = el('tbody');
  private timer: ReturnType<typeof setInterval> | null = null;
  private request = 0;

  constructor(private readonly api: Api) {
    this.picker = new Segmented('History range', RANGES, 'day', () => void this.load());
    this.element = el('section', { class: 'screen history-screen', attrs: { 'aria-label': 'History' } }, [
      el('div', { class: 'toolbar' }, [this.picker.element]),
      el('h2', { class: 'section-title', text: 'By application' }),
      el('div', { class: 'chart-box chart-box-tall' }, [this.canvas]),
      this.status,
      el('h2', { class: 'section-title', text: 'Daily totals' }),
      el('table', { class: 'days-table' }, [
        el('thead', {}, [
          el('tr', {}, [
            el('th', { text: 'Day', attrs: { scope: 'col' } }),
            el('th', { text: 'Operational', attrs: { scope: 'col' } }),
            el('th', { text: 'Embodied', attrs: { scope: 'col' } }),
            el('th', { text: 'Total', attrs: { scope: 'col' } }),
          ]),
        ]),
        this.daysBody,
      ]),
    ]);
  }

  /** Starts loading and refreshing (the screen became visible). */
  activate(): void {
    this.chart ??= new StackedGramsChart(this.canvas, { legend: true });
    void this.load();
    if (this.timer === null) this.timer = setInterval(() => void this.load(), REFRESH_MS);
  }

  /** Stops refreshing (the screen was hidden). */
  deactivate(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.request += 1;
  }

  private async load(): Promise<void> {
    const ticket = ++this.request;
    const now = Date.now();
    const range = this.picker.current;
    const query =
      range === 'day'
        ? { from: now - MS_PER_DAY, to: now, stepS: SECONDS_PER_HOUR }
        : { from: startOfDay(now) - 6 * MS_PER_DAY, to: now, stepS: SECONDS_PER_DAY };
    try {
      const [machine, days] = await Promise.all([
        this.api.getHistory(query),
        this.api.getHistory({ from: startOfDay(now) - 6 * MS_PER_DAY, to: now, stepS: SECONDS_PER_DAY }),
      ]);
      const top = machine.top.slice(0, STACKED_APPS);
      const perApp = await Promise.all(top.map((app) => this.api.getHistory({ ...query, app: app.key })));
      if (ticket !== this.request) return;
      this.drawChart(
        machine,
        top.map((app, i) => ({ name: app.name, result: perApp[i] as HistoryResult })),
      );
      this.fillDays(days.series);
    } catch (error) {
      if (ticket !== this.request) return;
      setText(
        this.status,
        `Could not load the history: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private drawChart(machine: HistoryResult, apps: { name: string; result: HistoryResult }[]): void {
    const buckets = machine.series.map((p) => p.at);
    const daily = machine.query.stepS >= SECONDS_PER_DAY;
    const labels = buckets.map((at) => (daily ? formatDay(at) : formatClock(at)));
    const byBucket = (series: HistoryPoint[]): number[] => {
      const values = new Map(series.map((p) => [p.at, p.totalG]));
      return buckets.map((at) => values.get(at) ?? 0);
    };
    this.chart?.update(
      labels,
      apps.map((app, i) => ({
        label: app.name,
        values: byBucket(app.result.series),
        colorVar: `--c-series-${i + 1}`,
      })),
    );
    setText(
      this.status,
      buckets.length === 0
        ? 'No history yet: minutes are stored as they end.'
        : `Machine total ${formatGrams(machine.totals.totalG)} · top ${apps.length} shown`,
    );
  }

  private fillDays(series: HistoryPoint[]): void {
    const rows = [...series]
      .reverse()
      .map((p) =>
        el('tr', {}, [
          el('th', { text: formatDay(p.at), attrs: { scope: 'row' } }),
          el('td', { class: 'num', text: formatGrams(p.operationalG) }),
          el('td', { class: 'num', text: formatGrams(p.embodiedG) }),
          el('td', { class: 'num', text: formatGrams(p.totalG) }),
        ]),
      );
    if (rows.length === 0)
      rows.push(
        el('tr', {}, [el('td', { class: 'empty', text: 'No days recorded yet.', attrs: { colspan: '4' } })]),
      );
    this.daysBody.replaceChildren(...rows);
  }
}
