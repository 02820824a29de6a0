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

  constructor(readonly key: string) {
    this.icon = el('span', { class: 'kind-icon', attrs: { 'aria-hidden': 'true' } });
    this.name = el('span', { class: 'row-name' });
    this.kind = el('span', { class: 'row-kind' });
    this.value = el('span', { class: 'row-value num' });
    this.share = el('span', { class: 'row-share num' });
    this.operational = el('span', { class: 'bar-operational' });
    this.embodied = el('span', { class: 'bar-embodied' });
    this.fill = el('span', { class: 'row-bar-fill' }, [this.operational, this.embodied]);
    this.button = el('button', { class: 'row-button', attrs: { type: 'button', 'data-key': key } }, [
      this.icon,
      el('span', { class: 'row-title' }, [this.name, this.kind]),
      this.value,
      el('span', { class: 'row-bar', attrs: { 'aria-hidden': 'true' } }, [this.fill]),
      this.share,
    ]);
    this.element = el('li', { class: 'row' }, [this.button]);
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
