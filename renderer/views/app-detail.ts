// The app detail: the SCI for the window with O, M and R spelled out, energy, CPU and RAM time, chart, processes.
import type { Api, AppRow, HistoryResult, ProcessInfo, Snapshot } from '../../src/shared/api.js';
import { StackedGramsChart } from '../charts.js';
import { el, Segmented, setText } from '../dom.js';
import {
  formatBytes,
  formatClock,
  formatDay,
  formatDuration,
  formatEnergy,
  formatGPerH,
  formatGrams,
  formatPercent,
  formatRamTime,
  formatWatts,
} from '../../src/shared/format.js';
import { MS_PER_MINUTE, MS_PER_SECOND, SECONDS_PER_DAY, SECONDS_PER_HOUR } from '../../src/shared/time.js';
import { WINDOW_CHOICES, windowQuery, type WindowId } from '../windows.js';
import { kindLabel, PROVISIONAL_TITLE, SYNTHETIC_KINDS } from './list-row.js';
import { ProcessTable } from './process-table.js';

/** Processes of a live row are re-read this often while the detail is open. */
const PROCESS_REFRESH_MS = 5 * MS_PER_SECOND;
const HISTORY_REFRESH_MS = MS_PER_MINUTE;
/** Ticks kept for the live chart of the `now` window (3 minutes at the default 2 s). */
const LIVE_TICKS = 90;

/** One tick of this row, as the engine reported it. */
interface LiveTick {
  at: number;
  operationalG: number;
  embodiedG: number;
}

function fact(label: string): { dt: HTMLElement; dd: HTMLElement } {
  return { dt: el('dt', { text: label }), dd: el('dd', { class: 'num', text: '—' }) };
}

/** Detail of one row; created when opened, disposed when closed. */
export class AppDetailView {
  readonly element: HTMLElement;
  readonly windowPicker: Segmented<WindowId>;
  private readonly title = el('h2', { class: 'detail-title', attrs: { id: 'detail-title', tabindex: '-1' } });
  private readonly kind = el('span', { class: 'detail-kind' });
  private readonly rate = el('span', { class: 'sci-rate num', attrs: { id: 'detail-sci' } });
  private readonly rateLabel = el('span', { class: 'sci-label' });
  private readonly o = fact('O · operational');
  private readonly m = fact('M · embodied');
  private readonly r = fact('R · unit');
  private readonly caption = el('p', { class: 'sci-caption' });
  private readonly energy = fact('Energy');
  private readonly power = fact('Power');
  private readonly cpu = fact('CPU time');
  private readonly ram = fact('RAM');
  private readonly share = fact('Share');
  private readonly count = fact('Processes');
  private readonly note = el('p', { class: 'detail-note' });
  private readonly canvas = el('canvas', {
    attrs: { id: 'detail-chart', role: 'img', 'aria-label': 'History chart' },
  });
  private readonly chartStatus = el('p', { class: 'chart-status' });
  private readonly chartTitle = el('h3', { class: 'section-title', text: 'History' });
  private readonly processes = new ProcessTable();
  private readonly chart: StackedGramsChart;
  private row: AppRow | null = null;
  private intervalS = 2;
  private history: HistoryResult | null = null;
  private readonly live: LiveTick[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private request = 0;

  constructor(
    private readonly api: Api,
    readonly key: string,
    name: string,
    private window: WindowId,
    onWindow: (window: WindowId) => void,
    onBack: () => void,
  ) {
    setText(this.title, name);
    this.windowPicker = new Segmented('Time window', WINDOW_CHOICES, window, (w) => {
      this.window = w;
      this.history = null;
      this.request += 1;
      this.render();
      if (w === 'now') this.drawLive(this.intervalS);
      else void this.loadHistory();
      onWindow(w);
    });
    const back = el('button', {
      class: 'back',
      text: 'All apps',
      attrs: { type: 'button', 'aria-label': 'Back to all apps' },
    });
    back.addEventListener('click', onBack);
    const grid = (facts: { dt: HTMLElement; dd: HTMLElement }[], cls: string): HTMLDListElement =>
      el(
        'dl',
        { class: cls },
        facts.map((f) => el('div', {}, [f.dt, f.dd])),
      );
    this.element = el(
      'section',
      { class: 'screen detail-screen', attrs: { 'aria-labelledby': 'detail-title' } },
      [
        el('div', { class: 'detail-head' }, [
          back,
          el('div', { class: 'detail-name' }, [this.title, this.kind]),
        ]),
        el('div', { class: 'toolbar' }, [this.windowPicker.element]),
        el('div', { class: 'sci-card' }, [
          el('div', { class: 'sci-top' }, [
            el('div', {}, [this.rateLabel, el('p', { class: 'sci-formula', text: 'SCI = (O + M) / R' })]),
            this.rate,
          ]),
          grid([this.o, this.m, this.r], 'sci-terms'),
          this.caption,
        ]),
        grid([this.energy, this.power, this.cpu, this.ram, this.share, this.count], 'facts-grid'),
        this.note,
        this.chartTitle,
        el('div', { class: 'chart-box' }, [this.canvas]),
        this.chartStatus,
        this.processes.title,
        this.processes.table,
      ],
    );
    this.chart = new StackedGramsChart(this.canvas, { legend: true });
    this.timers.push(setInterval(() => void this.loadHistory(), HISTORY_REFRESH_MS));
    if (!SYNTHETIC_KINDS.has(this.key.split(':')[0] as never)) {
      this.timers.push(setInterval(() => void this.loadProcesses(), PROCESS_REFRESH_MS));
    }
    void this.loadHistory();
    void this.loadProcesses();
  }

  /** Takes each live snapshot (the `now` window reads its row). */
  show(snapshot: Snapshot): void {
    this.row = snapshot.rows.find((r) => r.key === this.key) ?? null;
    if (this.row !== null) {
      setText(this.kind, kindLabel(this.row.kind));
      const last = this.live[this.live.length - 1];
      if (last === undefined || snapshot.at > last.at) {
        this.live.push({
          at: snapshot.at,
          operationalG: this.row.operationalG,
          embodiedG: this.row.embodiedG,
        });
        if (this.live.length > LIVE_TICKS) this.live.shift();
      }
    }
    this.intervalS = snapshot.intervalS;
    if (this.window === 'now') {
      this.render();
      this.drawLive(snapshot.intervalS);
    }
  }

  /** The `now` chart: this row's carbon per tick since the detail was opened. */
  private drawLive(intervalS: number): void {
    this.chart.update(
      this.live.map((t) => formatClock(t.at, true)),
      [
        { label: 'Operational', values: this.live.map((t) => t.operationalG), colorVar: '--c-operational' },
        { label: 'Embodied', values: this.live.map((t) => t.embodiedG), colorVar: '--c-embodied' },
      ],
    );
    setText(this.chartTitle, `Live · g CO2e per ${formatDuration(intervalS)} tick`);
    setText(this.chartStatus, this.live.length < 2 ? 'Collecting live ticks…' : '');
  }

  setWindow(window: WindowId): void {
    this.windowPicker.set(window);
    this.window = window;
  }

  private render(): void {
    const label = WINDOW_CHOICES.find((w) => w.value === this.window)?.label ?? '';
    setText(this.rateLabel, `SCI · ${label.toLowerCase()}`);
    setText(this.r.dd, '1 h');
    const facts = [this.o, this.m, this.energy, this.power, this.cpu, this.ram, this.share, this.count];
    const live = this.window === 'now';
    setText(this.energy.dt, live ? 'Energy · tick' : 'Energy');
    setText(this.cpu.dt, live ? 'CPU time · tick' : 'CPU time');
    setText(this.ram.dt, live ? 'RAM resident' : 'RAM time');
    if (live) {
      const row = this.row;
      if (row === null) {
        setText(this.rate, '—');
        setText(this.caption, '');
        setText(this.note, 'Not running now; pick a past window to see what it cost.');
        for (const f of facts) setText(f.dd, '—');
        return;
      }
      setText(this.note, '');
      setText(this.rate, `${row.provisional === true ? '≈ ' : ''}${formatGPerH(row.gPerH)}`);
      setText(this.o.dd, formatGrams(row.operationalG));
      setText(this.m.dd, formatGrams(row.embodiedG));
      setText(
        this.caption,
        `O and M of the last ${formatDuration(this.intervalS)}; R is one hour at this rate.` +
          (row.provisional === true ? ` ≈ ${PROVISIONAL_TITLE.toLowerCase()}.` : ''),
      );
      setText(this.energy.dd, formatEnergy(row.energyJ));
      setText(this.power.dd, formatWatts(row.powerW));
      setText(this.cpu.dd, formatDuration(row.cpuS));
      setText(this.ram.dd, formatBytes(row.rssBytes));
      setText(this.share.dd, formatPercent(row.share));
      setText(this.count.dd, String(row.processCount));
      return;
    }
    const h = this.history;
    if (h === null) {
      setText(this.rate, '…');
      return;
    }
    const t = h.totals;
    setText(this.rate, formatGPerH(t.gPerH));
    setText(this.o.dd, formatGrams(t.operationalG));
    setText(this.m.dd, formatGrams(t.embodiedG));
    setText(this.caption, `O and M over ${formatDuration(h.observedS)} observed; R is one hour of use.`);
    setText(this.energy.dd, formatEnergy(t.energyJ));
    setText(this.power.dd, '—');
    setText(this.cpu.dd, formatDuration(t.cpuS));
    setText(this.ram.dd, formatRamTime(t.rssByteS));
    setText(this.share.dd, '—');
    setText(this.count.dd, '—');
    setText(this.note, h.observedS === 0 ? 'Nothing recorded in this window yet.' : '');
  }

  private async loadHistory(): Promise<void> {
    if (this.window === 'now') return;
    const ticket = ++this.request;
    try {
      const result = await this.api.getHistory(windowQuery(this.window, Date.now(), this.key));
      if (ticket !== this.request) return;
      this.history = result;
      const step = result.query.stepS;
      const labels = result.series.map((p) =>
        step >= SECONDS_PER_DAY ? formatDay(p.at) : formatClock(p.at),
      );
      this.chart.update(labels, [
        {
          label: 'Operational',
          values: result.series.map((p) => p.operationalG),
          colorVar: '--c-operational',
        },
        { label: 'Embodied', values: result.series.map((p) => p.embodiedG), colorVar: '--c-embodied' },
      ]);
      const unit = step >= SECONDS_PER_DAY ? 'day' : step >= SECONDS_PER_HOUR ? 'hour' : 'minute';
      setText(this.chartTitle, `History · g CO2e per ${unit}`);
      setText(
        this.chartStatus,
        result.series.length === 0 ? 'No history yet: minutes are stored as they end.' : '',
      );
      this.render();
    } catch (error) {
      if (ticket !== this.request) return;
      setText(
        this.chartStatus,
        `Could not load the history: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async loadProcesses(): Promise<void> {
    let processes: ProcessInfo[];
    try {
      processes = await this.api.getProcesses(this.key);
    } catch {
      processes = [];
    }
    this.processes.show(processes);
  }

  /** Stops timers and releases the chart. */
  dispose(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.request += 1;
    this.chart.destroy();
  }
}
