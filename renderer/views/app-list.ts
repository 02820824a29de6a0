// The Apps screen: applications and services ranked by cost for a window, filter by kind, synthetic rows apart.
import type { Api, AppKind, Snapshot } from '../../src/shared/api.js';
import { el, Segmented, setText } from '../dom.js';
import { MS_PER_MINUTE } from '../../src/shared/time.js';
import { WINDOW_CHOICES, windowQuery, type WindowId } from '../windows.js';
import { fromAppRow, fromTopApp, type ListRow, RowView, SYNTHETIC_KINDS } from './list-row.js';

/** Kind filters offered above the list. */
type KindFilter = 'all' | 'app' | 'service' | 'container' | 'system';

const FILTERS: readonly { value: KindFilter; label: string }[] = [
  { value: 'all', label: 'All kinds' },
  { value: 'app', label: 'Apps' },
  { value: 'service', label: 'Services' },
  { value: 'container', label: 'Containers' },
  { value: 'system', label: 'Kernel & system' },
];

function passes(filter: KindFilter, kind: AppKind): boolean {
  if (filter === 'all') return true;
  if (filter === 'system') return kind === 'system' || kind === 'kernel';
  return kind === filter;
}

/** How often a history window's ranking is refreshed while shown. */
const HISTORY_REFRESH_MS = MS_PER_MINUTE;

/** The ranked list; `show(snapshot)` for live values, windows other than `now` query the history. */
export class AppListView {
  readonly element: HTMLElement;
  readonly windowPicker: Segmented<WindowId>;
  private readonly filterSelect: HTMLSelectElement;
  private readonly list = el('ul', {
    class: 'app-list',
    attrs: { 'aria-label': 'Applications and services' },
  });
  private readonly machineList = el('ul', {
    class: 'app-list',
    attrs: { 'aria-labelledby': 'machine-rows-title' },
  });
  private readonly machineGroup: HTMLElement;
  private readonly status = el('p', { class: 'list-status' });
  private readonly views = new Map<string, RowView>();
  private readonly rowTemplate = RowView.template();
  private filter: KindFilter = 'all';
  private snapshot: Snapshot | null = null;
  private historyRows: ListRow[] | null = null;
  private historyTimer: ReturnType<typeof setInterval> | null = null;
  private request = 0;

  constructor(
    private readonly api: Api,
    private window: WindowId,
    onWindow: (window: WindowId) => void,
    private readonly onOpen: (key: string, name: string) => void,
  ) {
    this.windowPicker = new Segmented('Time window', WINDOW_CHOICES, window, (w) => {
      this.setWindow(w);
      onWindow(w);
    });
    this.filterSelect = el('select', { attrs: { id: 'kind-filter', 'aria-label': 'Filter by kind' } });
    for (const f of FILTERS)
      this.filterSelect.append(el('option', { text: f.label, attrs: { value: f.value } }));
    this.filterSelect.addEventListener('change', () => {
      this.filter = this.filterSelect.value as KindFilter;
      this.render();
    });
    this.machineGroup = el('section', { class: 'machine-rows' }, [
      el('h2', { class: 'group-title', text: 'Not an application', attrs: { id: 'machine-rows-title' } }),
      this.machineList,
    ]);
    const onClick = (event: Event): void => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button.row-button');
      const key = button?.dataset.key;
      if (key !== undefined) this.onOpen(key, button?.querySelector('.row-name')?.textContent ?? key);
    };
    this.list.addEventListener('click', onClick);
    this.machineList.addEventListener('click', onClick);
    this.element = el('section', { class: 'screen apps-screen', attrs: { 'aria-label': 'Applications' } }, [
      el('div', { class: 'toolbar' }, [this.windowPicker.element]),
      el('div', { class: 'list-head' }, [this.status, this.filterSelect]),
      this.list,
      this.machineGroup,
    ]);
    this.render();
  }

  /** Takes a live snapshot (used directly by the `now` window). */
  show(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    if (this.window === 'now') this.render();
  }

  /** Switches the window; history windows are fetched, then refreshed every minute. */
  setWindow(window: WindowId): void {
    this.window = window;
    this.windowPicker.set(window);
    if (this.historyTimer !== null) clearInterval(this.historyTimer);
    this.historyTimer = null;
    this.historyRows = null;
    if (window !== 'now') {
      void this.loadHistory();
      this.historyTimer = setInterval(() => void this.loadHistory(), HISTORY_REFRESH_MS);
    }
    this.render();
  }

  private async loadHistory(): Promise<void> {
    const ticket = ++this.request;
    try {
      const result = await this.api.getHistory(windowQuery(this.window, Date.now()));
      if (ticket !== this.request) return;
      this.historyRows = result.top.map(fromTopApp);
      this.render();
    } catch (error) {
      if (ticket !== this.request) return;
      setText(
        this.status,
        `Could not load this window: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private rows(): ListRow[] | null {
    if (this.window === 'now') return this.snapshot === null ? null : this.snapshot.rows.map(fromAppRow);
    return this.historyRows;
  }

  private render(): void {
    const rows = this.rows();
    if (rows === null) {
      setText(this.status, this.window === 'now' ? 'Waiting for the first measurement…' : 'Loading…');
      this.place(this.list, []);
      this.place(this.machineList, []);
      this.machineGroup.hidden = true;
      return;
    }
    const ranked = [...rows].sort((a, b) => b.gPerH - a.gPerH);
    const apps = ranked.filter((r) => !SYNTHETIC_KINDS.has(r.kind) && passes(this.filter, r.kind));
    const machine = this.filter === 'all' ? ranked.filter((r) => SYNTHETIC_KINDS.has(r.kind)) : [];
    this.place(this.list, apps);
    this.place(this.machineList, machine);
    this.machineGroup.hidden = machine.length === 0;
    const count = `${apps.length} ${apps.length === 1 ? 'entry' : 'entries'}`;
    const window = WINDOW_CHOICES.find((w) => w.value === this.window)?.label.toLowerCase() ?? '';
    const top = apps[0];
    setText(
      this.status,
      top === undefined ? `Nothing recorded for ${window} yet.` : `${count} · ${window} · by g CO2e/h`,
    );
    const live = new Set(rows.map((r) => r.key));
    for (const [key, view] of this.views) {
      if (!live.has(key)) {
        view.element.remove();
        this.views.delete(key);
      }
    }
  }

  /** Puts `rows` into `list` in order, reusing each row's DOM; moves nodes only when the order changed. */
  private place(list: HTMLUListElement, rows: ListRow[]): void {
    const nodes = rows.map((row) => {
      let view = this.views.get(row.key);
      if (view === undefined) {
        view = new RowView(row.key, this.rowTemplate);
        this.views.set(row.key, view);
      }
      view.update(row);
      return view.element;
    });
    const current = list.children;
    const same = current.length === nodes.length && nodes.every((node, i) => current[i] === node);
    if (!same) list.replaceChildren(...nodes);
  }

  /** Stops the history refresh (when the screen goes away). */
  dispose(): void {
    if (this.historyTimer !== null) clearInterval(this.historyTimer);
    this.historyTimer = null;
  }
}
