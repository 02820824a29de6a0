// One ranked row of the app list (name, kind icon, g/h, share bar split operational/embodied), reused live.
import { SYNTHETIC_ROW_KINDS, type AppKind, type AppRow, type HistoryTopApp } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';
import { formatGPerH, formatPercent } from '../../src/shared/format.js';
import { KIND_LABELS } from '../../src/shared/labels.js';

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
export const SYNTHETIC_KINDS: ReadonlySet<AppKind> = new Set(SYNTHETIC_ROW_KINDS);

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

/**
 * The DOM of one row, updated in place so live values never rebuild the list. Its accessible name is its text:
 * name, kind, g/h and share; the bar is decoration.
 */
export class RowView {
  readonly element: HTMLLIElement;
  private readonly button: HTMLButtonElement;
  private readonly icon: HTMLSpanElement;
  private readonly name: HTMLSpanElement;
  private readonly kind: HTMLSpanElement;
  private readonly value: HTMLSpanElement;
  private readonly share: HTMLSpanElement;
  private readonly fill: HTMLSpanElement;

  /** The empty DOM of a row, built once per list and cloned for each row (cheaper than building each). */
  static template(): HTMLLIElement {
    const fill = el('span', { class: 'row-bar-fill' });
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
  }

  update(row: ListRow): void {
    const iconClass = `kind-icon kind-${row.kind}`;
    if (this.icon.className !== iconClass) this.icon.className = iconClass;
    setText(this.name, row.name);
    // Synthetic rows are named after their kind; saying it twice adds nothing.
    setText(this.kind, SYNTHETIC_KINDS.has(row.kind) ? '' : kindLabel(row.kind));
    setText(this.value, formatGPerH(row.gPerH));
    setText(this.share, formatPercent(row.share));
    // Drawing proportions only (the bar's width and its operational part); no figure shown is computed here.
    this.fill.style.width = `${Math.min(100, Math.max(0, row.share * 100))}%`;
    const total = row.operationalG + row.embodiedG;
    this.fill.style.setProperty('--operational', total > 0 ? `${(row.operationalG / total) * 100}%` : '100%');
  }
}
