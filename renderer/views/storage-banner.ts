// The banner under the header while history cannot be written: the reason (path, cause, what to do) and what waits.
import type { StorageHealth } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';

/** The banner's text for a storage health; null while history is written (no banner). */
export function storageBannerText(storage: StorageHealth): string | null {
  if (storage.status === 'ok') return null;
  const n = storage.pendingMinutes;
  const lost = storage.droppedMinutes;
  // The counts first: the reason is long, and the banner scrolls rather than push the list off the popup.
  const counts = [
    ...(n === 0 ? [] : [`${n} minute${n === 1 ? ' waits' : 's wait'} in memory`]),
    ...(lost === 0 ? [] : [`${lost} minute${lost === 1 ? ' was' : 's were'} lost`]),
  ];
  const lead =
    counts.length === 0 ? 'History is not being saved' : `History is not being saved (${counts.join(', ')})`;
  return `${lead}: ${storage.reason ?? 'writes fail'}.`;
}

/** `role="alert"`, hidden while history is written; `show` takes each snapshot's `storage`. */
export class StorageBannerView {
  readonly element: HTMLElement;
  private readonly text = el('span', { class: 'storage-banner-text' });

  constructor() {
    this.element = el('div', { class: 'storage-banner', attrs: { id: 'storage-banner', role: 'alert' } }, [
      el('span', { class: 'storage-banner-icon', text: '!', attrs: { 'aria-hidden': 'true' } }),
      this.text,
    ]);
    this.element.hidden = true;
  }

  show(storage: StorageHealth): void {
    const text = storageBannerText(storage);
    this.element.hidden = text === null;
    setText(this.text, text ?? '');
  }
}
