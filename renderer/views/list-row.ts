// One ranked row of the app list (name, kind icon, g/h, share bar split operational/embodied), reused live.
import type { AppKind, AppRow, HistoryTopApp } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';
import { formatGPerH, formatGrams, formatPercent, KIND_LABELS } from '../format.js';

/** What a list row shows, from a live snapshot row or a history window's top app. */
export interface ListRow {
  key: string;
  name: string;
  kind: AppKind;
  gPerH: number;
  share: number;
  operationalG: number;
  embodiedG: number;
}

/** The engine's synthetic rows, listed apart from the applications. */
export const SYNTHETIC_KINDS: ReadonlySet<AppKind> = new Set(['idle', 'exited', 'self']);

export function fromAppRow(row: AppRow): ListRow {
  const { key, name, kind, gPerH, share, operationalG, embodiedG } = row;
  return { key, name, kind, gPerH, share, operationalG, embodiedG };
}

export function fromTopApp(top: HistoryTopApp): ListRow {
  const { key, name, kind, gPerH, share, operationalG, embodiedG } = top;
  return { key, name, kind, gPerH, share, operationalG, embodiedG };
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as AppKind] ?? kind;
}

/** The DOM of one row, updated in place so live values never rebuild the list. */
export class RowView {
  readonly element: HTMLLIElement;
  private readonly button: HTMLButtonElement;
  private readonly icon: HTMLSpanElement;
  private readonly name: HTMLSpanElement;
  private readonly kind: HTMLSpanElement;
  private readonly value: HTMLSpanElement;
  private readonly share: HTMLSpanElement;
  private readonly fill: HTMLSpanElement;
  private readonly operational: HTMLSpanElement;
  private readonly embodied: HTMLSpanElement;

  /** The empty DOM of a row, built once per list and cloned for each row (cheaper than building each). */
  static template(): HTMLLIElement {
    const fill = el('span', { class: 'row-bar-fill' }, [
      el('span', { class: 'bar-operational' }),
      el('span', { class: 'bar-embodied' }),
    ]);
    const button = el('button', { class: 'row-button', attrs: { type: 'button' } }, [
      el('span', { class: 'kind-icon', attrs: { 'aria-hidden': 'true' } }),
      el('span', { class: 'row-title' }, [
        el('span', { class: 'row-name' }),
        el('span', { class: 'row-kind' }),
      ]),
      el('span', { class: 'row-value num' }),
      el('span', { class: 'row-bar', attrs: { 'aria-hidden': 'true' } }, [fill]),
      el('span', { class: 'row-share num' }),
    ]);
    return el('li', { class: 'row' }, [button]);
  }

  constructor(
    readonly key: string,
    template: HTMLLIElement,
  ) {
    this.element = template.cloneNode(true) as HTMLLIElement;
    this.button = this.element.firstElementChild as HTMLButtonElement;
    this.button.dataset.key = key;
    const [icon, title, value, bar, share] = [...this.button.children] as HTMLSpanElement[];
    this.icon = icon as HTMLSpanElement;
    this.name = title?.firstElementChild as HTMLSpanElement;
    this.kind = title?.lastElementChild as HTMLSpanElement;
    this.value = value as HTMLSpanElement;
    this.share = share as HTMLSpanElement;
    this.fill = bar?.firstElementChild as HTMLSpanElement;
    this.operational = this.fill.firstElementChild as HTMLSpanElement;
    this.embodied = this.fill.lastElementChild as HTMLSpanElement;
  }

  update(row: ListRow): void {
    this.icon.className = `kind-icon kind-${row.kind}`;
    setText(this.name, row.name);
    // Synthetic rows are named after their kind; saying it twice adds nothing.
    setText(this.kind, SYNTHETIC_KINDS.has(row.kind) ? '' : kindLabel(row.kind));
    const value = formatGPerH(row.gPerH);
    const share = formatPercent(row.share);
    setText(this.value, value);
    setText(this.share, share);
    this.fill.style.width = `${Math.min(100, Math.max(0, row.share * 100))}%`;
    // Drawing proportions only: flex weights scaled so the larger part is 1 (weights below 1 would not fill).
    const larger = Math.max(row.operationalG, row.embodiedG);
    this.operational.style.flexGrow = larger > 0 ? String(row.operationalG / larger) : '1';
    this.embodied.style.flexGrow = larger > 0 ? String(row.embodiedG / larger) : '0';
    this.button.setAttribute(
      'aria-label',
      `${row.name}, ${kindLabel(row.kind)}: ${value}, ${share} of the total; operational ${formatGrams(row.operationalG)}, embodied ${formatGrams(row.embodiedG)}`,
    );
    this.button.title = `Operational ${formatGrams(row.operationalG)} · embodied ${formatGrams(row.embodiedG)} — open details`;
  }
}
