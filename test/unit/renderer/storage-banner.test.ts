// The popup's storage banner: hidden while history is written, else the engine's reason and what waits or was lost.
import { describe, expect, it } from 'vitest';
import { storageBannerText } from '../../../renderer/views/storage-banner.js';
import { STORAGE_OK } from '../../helpers/storage.js';

const REASON =
  'cannot write the history (/data/history.sqlite): the disk is full; free some space on that disk; until then the unwritten minutes wait in memory (at most a day) and are written as soon as it can';

describe('the storage banner', () => {
  it('shows nothing while history is written', () => {
    expect(storageBannerText(STORAGE_OK)).toBeNull();
  });

  it('says the reason in the engine’s words, with the minutes waiting and the minutes lost', () => {
    const degraded = {
      status: 'degraded' as const,
      reason: REASON,
      pendingMinutes: 3,
      droppedMinutes: 0,
      writeErrors: 3,
    };
    expect(storageBannerText(degraded)).toBe(
      `History is not being saved (3 minutes wait in memory): ${REASON}.`,
    );
    expect(storageBannerText({ ...degraded, pendingMinutes: 1, droppedMinutes: 2 })).toBe(
      `History is not being saved (1 minute waits in memory, 2 minutes were lost): ${REASON}.`,
    );
    expect(storageBannerText({ ...degraded, pendingMinutes: 0 })).toBe(
      `History is not being saved: ${REASON}.`,
    );
  });
});
