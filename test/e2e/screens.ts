// Helpers of the browser tests: screenshots under test-artifacts/screenshots, and reading shown figures back.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './serve-process.js';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

/** Saves a screenshot of the page as `<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

const GRAM_UNITS: Record<string, number> = { µg: 1e-6, mg: 0.001, g: 1, kg: 1000, t: 1e6 };

/** Reads a rate the popup shows ("4.88 g/h", "976 mg/h") back as g/h. */
export function parseGPerH(text: string): number {
  const match = /^([\d.]+) (µg|mg|g|kg|t)\/h$/.exec(text.trim());
  if (match === null) throw new Error(`not a g/h figure: '${text}'`);
  return Number(match[1]) * (GRAM_UNITS[match[2] as string] as number);
}

/** Counts painted pixels of a canvas, to tell a drawn chart from an empty one. */
export function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; data !== undefined && i < data.length; i += 4) if ((data[i] as number) > 0) painted += 1;
    return painted;
  });
}
