// Launches Debian's Chromium through playwright-core with the flags this machine needs (no sandbox, no GPU).
import { chromium, type Browser } from 'playwright-core';

/** Chromium installed by `.ci/run` (apt package `chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
}
