// The banner under the header while history cannot be written: the reason (path, cause, what to do) and what waits.
import type { StorageHealth } from '../../src/shared/api.js';
import { el, setText } from '../dom.js';

/** The banner's text for a storage health; null while history is written (no banner). */
export function storageBannerText(storage: StorageHealth): string | null {
  if (storage.status === 'ok') return null;
  const waiting =
    storage.pendingMinutes === 0
      ? ''
      : ` ${storage.pendingMinutes} minute${storage.pendingMinutes === 1 ? '' : 's'} wait${storage.pendingMinutes === 1 ? 's' : ''} in memory.`;
  const dropped =
    storage.droppedMinutes === 0
      ? ''
      : ` ${storage.droppedMinutes} minute${storage.droppedMinutes === 1 ? ' was' : 's were'} lost.`;
  return `History is not being saved: ${storage.reason ?? 'writes fail'}.${waiting}${dropped}`;
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
