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
  /** The row's split is an estimate until the next complete process read (`AppRow.provisional`). */
  provisional: boolean;
}

/** What the "≈" of a provisional row says (`AppRow.provisional`: a complete read is at most a minute away). */
export const PROVISIONAL_TITLE = 'Estimate until the next full process read, within a minute';

/** The engine's synthetic rows, listed apart from the applications. */
export const SYNTHETIC_KINDS: ReadonlySet<AppKind> = new Set(SYNTHETIC_ROW_KINDS);

export function fromAppRow(row: AppRow): ListRow {
  const { key, name, kind, gPerH, share, operationalG, embodiedG } = row;
  return { key, name, kind, gPerH, share, operationalG, embodiedG, provisional: row.provisional === true };
}

/** History is settled: never provisional. */
export function fromTopApp(top: HistoryTopApp): ListRow {
  const { key, name, kind, gPerH, share, operationalG, embodiedG } = top;
  return { key, name, kind, gPerH, share, operationalG, embodiedG, provisional: false };
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as AppKind] ?? kind;
}

/**
 * The DOM of one row, updated in place so live values never rebuild the list. Its accessible name is its text:
 * name, kind, g/h and share; the bar is decoration. A provisional row's value starts with "≈" (named "estimate",
 * with `PROVISIONAL_TITLE` as its tooltip).
 */
export class RowView {
  readonly element: HTMLLIElement;
  private readonly button: HTMLButtonElement;
  private readonly icon: HTMLSpanElement;
  private readonly name: HTMLSpanElement;
  private readonly kind: HTMLSpanElement;
  private readonly value: HTMLSpanElement;
  private readonly estimate: HTMLSpanElement;
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
      el('span', { class: 'row-value num' }, [
        el('span', {
          class: 'row-estimate',
          text: '≈ ',
          attrs: { role: 'img', 'aria-label': 'estimate', title: PROVISIONAL_TITLE, hidden: '' },
        }),
        el('span', { class: 'row-amount' }),
      ]),
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
    this.estimate = value?.firstElementChild as HTMLSpanElement;
    this.value = value?.lastElementChild as HTMLSpanElement;
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
    if (this.estimate.hidden === row.provisional) this.estimate.hidden = !row.provisional;
    setText(this.share, formatPercent(row.share));
    // Drawing proportions only (the bar's width and its operational part); no figure shown is computed here.
    this.fill.style.width = `${Math.min(100, Math.max(0, row.share * 100))}%`;
    const total = row.operationalG + row.embodiedG;
    this.fill.style.setProperty('--operational', total > 0 ? `${(row.operationalG / total) * 100}%` : '100%');
  }
}
