// The popup in Chromium against `carbon-tray serve` whose data dir is on a small disk that fills up: the storage
// banner shows the engine's reason while history cannot be written, and goes away once it can again.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDisk, tryRun } from '../helpers/disk.js';
import { buildRenderer } from './build-renderer.js';
import { launchChromium } from './chromium.js';
import { screenshot } from './screens.js';
import { ServeProcess } from './serve-process.js';

const POPUP = { width: 380, height: 560 };
/** A minute is written at the first tick of the next one: a change shows within a minute and a few ticks. */
const MINUTE_AND_TICKS_MS = 75_000;

const work = mkdtempSync(join(tmpdir(), 'ct-banner-'));
const disk = join(work, 'small');
mkdirSync(disk);
const refused = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk]);

describe.skipIf(refused !== null)(
  `the storage banner${refused === null ? '' : ` (NOT RUN: a small disk cannot be mounted here: ${refused})`}`,
  () => {
    let server: ServeProcess;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      await buildRenderer();
      server = await ServeProcess.start(['--port', '0', '--data-dir', join(disk, 'data')]);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: POPUP, colorScheme: 'light' });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(server.url.href);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      tryRun('umount', [disk]);
      rmSync(work, { recursive: true, force: true });
    });

    it('shows the reason while the disk is full and hides it once history is written again', async () => {
      await page.waitForSelector('.row', { timeout: 20_000 });
      expect(await page.isVisible('#storage-banner')).toBe(false);
      const filler = fillDisk(disk);
      await page.waitForSelector('#storage-banner:not([hidden])', { timeout: MINUTE_AND_TICKS_MS });
      const text = (await page.textContent('#storage-banner')) ?? '';
      // The engine's FileFault message (src/engine/history/faults.ts) after the banner's lead-in.
      expect(text).toMatch(
        /^!History is not being saved \(\d+ minutes? waits? in memory\): cannot write the history \(.*history\.sqlite\): the disk is full; free some space on that disk/,
      );
      expect(await page.getAttribute('#storage-banner', 'role')).toBe('alert');
      await screenshot(page, 'storage-banner');
      rmSync(filler);
      await page.waitForSelector('#storage-banner', { state: 'hidden', timeout: MINUTE_AND_TICKS_MS });
      expect(pageErrors).toEqual([]);
    }, 200_000);
  },
);
