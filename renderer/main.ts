// The popup UI: header, tabs (Apps, History, Settings), live snapshots from whichever Api the page has.
import type { Api, Snapshot } from '../src/shared/api.js';
import { MS_PER_SECOND } from '../src/shared/time.js';
import { chooseApi } from './api/choose-api.js';
import { el, must } from './dom.js';
import { AppDetailView } from './views/app-detail.js';
import { AppListView } from './views/app-list.js';
import { HeadlineView } from './views/headline.js';
import { HistoryView } from './views/history-view.js';
import { SettingsView } from './views/settings-view.js';
import { StorageBannerView } from './views/storage-banner.js';
import { FIRST_RENDER_MEASURE } from './measures.js';
import type { WindowId } from './windows.js';
import './styles/base.css';
import './styles/header.css';
import './styles/list.css';
import './styles/detail.css';
import './styles/settings.css';
import './styles/banner.css';

type Tab = 'apps' | 'history' | 'settings';

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'apps', label: 'Apps' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
];

/** The whole popup, bound to one Api. */
class Popup {
  private readonly headline = new HeadlineView();
  private readonly storageBanner = new StorageBannerView();
  private readonly list: AppListView;
  private readonly history: HistoryView;
  private readonly settings: SettingsView;
  private readonly panels = new Map<Tab, HTMLElement>();
  private readonly tabs = new Map<Tab, HTMLButtonElement>();
  private readonly appsPanel: HTMLElement;
  private detail: AppDetailView | null = null;
  private window: WindowId = 'now';
  private tab: Tab = 'apps';
  private snapshot: Snapshot | null = null;
  /** The live subscription and whether it asks for detail (the full process list every tick). */
  private live: { detail: boolean; unsubscribe: () => void } | null = null;

  constructor(
    private readonly api: Api,
    root: HTMLElement,
  ) {
    this.list = new AppListView(
      api,
      this.window,
      (w) => (this.window = w),
      (key, name) => this.openDetail(key, name),
    );
    this.history = new HistoryView(api);
    this.settings = new SettingsView(api);
    const tablist = el('nav', { class: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Screens' } });
    this.appsPanel = el('div', {}, [this.list.element]);
    const content: Record<Tab, HTMLElement> = {
      apps: this.appsPanel,
      history: this.history.element,
      settings: this.settings.element,
    };
    for (const { id, label } of TABS) {
      const tab = el('button', {
        class: 'tab',
        text: label,
        attrs: { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}` },
      });
      tab.addEventListener('click', () => this.select(id));
      tab.addEventListener('keydown', (event) => this.onTabKey(event, id));
      this.tabs.set(id, tab);
      tablist.append(tab);
      const panel = el(
        'main',
        { class: 'panel', attrs: { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}` } },
        [content[id]],
      );
      this.panels.set(id, panel);
    }
    root.replaceChildren(this.headline.element, this.storageBanner.element, tablist, ...this.panels.values());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.detail !== null) this.closeDetail();
    });
    this.select('apps');
  }

  /** Subscribes to live snapshots and shows the current one at once. */
  async start(): Promise<void> {
    this.follow();
    document.addEventListener('visibilitychange', () => this.follow());
    setInterval(() => this.headline.tickClock(Date.now()), MS_PER_SECOND);
    const current = await this.api.getSnapshot();
    if (current !== null) this.onSnapshot(current);
  }

  /**
   * Subscribes with detail while the page is on screen and without it while hidden, so a background tab (or a
   * hidden popup) does not make the engine read every process each tick. The new subscription starts before the
   * old one ends, so no tick is missed.
   */
  private follow(): void {
    const detail = !document.hidden;
    if (this.live?.detail === detail) return;
    const unsubscribe = this.api.subscribe((snapshot) => this.onSnapshot(snapshot), { detail });
    this.live?.unsubscribe();
    this.live = { detail, unsubscribe };
  }

  private onSnapshot(snapshot: Snapshot): void {
    if (this.snapshot !== null && snapshot.at <= this.snapshot.at) return;
    const first = this.snapshot === null;
    const started = performance.now();
    this.snapshot = snapshot;
    this.headline.update(snapshot);
    this.storageBanner.show(snapshot.storage);
    this.list.show(snapshot);
    this.detail?.show(snapshot);
    this.settings.show(snapshot);
    if (first) {
      // The measure ends after the next frame, so layout and paint of the rows are included.
      requestAnimationFrame(() =>
        setTimeout(
          () => performance.measure(FIRST_RENDER_MEASURE, { start: started, end: performance.now() }),
          0,
        ),
      );
    }
  }

  private select(tab: Tab): void {
    if (this.tab === 'history' && tab !== 'history') this.history.deactivate();
    this.tab = tab;
    for (const [id, button] of this.tabs) {
      const selected = id === tab;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      (this.panels.get(id) as HTMLElement).hidden = !selected;
    }
    if (tab === 'history') this.history.activate();
    if (tab === 'settings') void this.settings.activate();
  }

  private onTabKey(event: KeyboardEvent, current: Tab): void {
    const index = TABS.findIndex((t) => t.id === current);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length] as (typeof TABS)[number];
    this.select(next.id);
    this.tabs.get(next.id)?.focus();
  }

  private openDetail(key: string, name: string): void {
    this.detail?.dispose();
    this.detail = new AppDetailView(
      this.api,
      key,
      name,
      this.window,
      (w) => (this.window = w),
      () => this.closeDetail(),
    );
    if (this.snapshot !== null) this.detail.show(this.snapshot);
    this.appsPanel.replaceChildren(this.detail.element);
    must<HTMLElement>(this.detail.element, '#detail-title').focus();
  }

  private closeDetail(): void {
    const key = this.detail?.key;
    this.detail?.dispose();
    this.detail = null;
    this.list.setWindow(this.window);
    this.appsPanel.replaceChildren(this.list.element);
    if (key !== undefined)
      this.list.element.querySelector<HTMLButtonElement>(`button[data-key="${CSS.escape(key)}"]`)?.focus();
  }
}

void new Popup(chooseApi(), must<HTMLElement>(document, '#app')).start();
