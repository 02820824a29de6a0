// End-to-end: the real tray app under Electron opens its popup and shows rows. Runs where Electron's binary and a display exist.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Electron's binary and a display, or why this machine lacks them. */
function electronHere(): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return {
      reason: `Electron's binary is not installed (require('electron') threw: ${(error as Error).message})`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path))
    return { reason: `Electron's binary is missing (${String(path)})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { path };
}

const electron = electronHere();
const notRun = 'reason' in electron ? electron.reason : null;
if (notRun !== null) console.warn(`Electron end-to-end test NOT RUN on this machine: ${notRun}`);

describe('the Electron tray app', () => {
  it.skipIf(notRun !== null)(
    `starts, opens the popup and reads the rows${notRun === null ? '' : ` — NOT RUN: ${notRun}`}`,
    async () => {
      if ('reason' in electron) return;
      expect(existsSync(join(root, 'dist', 'main', 'index.js')), 'run `npm run build` first').toBe(true);
      const dataDir = mkdtempSync(join(tmpdir(), 'carbon-tray-e2e-'));
      const app = await _electron.launch({
        executablePath: electron.path,
        args: [root, `--data-dir=${dataDir}`],
        cwd: root,
      });
      try {
        // The popup is created hidden at start; a second launch is what shows it (as a tray click does).
        const popup = await app.firstWindow();
        await app.evaluate(({ app: electronApp }) => {
          electronApp.emit('second-instance');
        });
        await expect
          .poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.isVisible()))
          .toBe(true);
        expect(popup.url()).toBe('carbon-tray://app/index.html');

        // The page sees the Api and nothing of Node.
        const surface = await popup.evaluate(() => ({
          api: Object.keys((window as unknown as { carbonTray: object }).carbonTray).sort(),
          require: typeof (window as unknown as { require?: unknown }).require,
          process: typeof (window as unknown as { process?: unknown }).process,
        }));
        expect(surface).toEqual({
          api: [
            'getHardware',
            'getHistory',
            'getProcesses',
            'getSettings',
            'getSnapshot',
            'subscribe',
            'updateSettings',
          ],
          require: 'undefined',
          process: 'undefined',
        });

        // Rows arrive from the live engine through the preload; each has a name and a key.
        await popup.waitForSelector('.row-button', { timeout: 30_000 });
        const rows = await popup.$$eval('.row-button', (buttons) =>
          buttons.map((b) => ({
            key: b.getAttribute('data-key'),
            name: b.querySelector('.row-name')?.textContent ?? '',
          })),
        );
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.key).toMatch(/\S/);
          expect(row.name).toMatch(/\S/);
        }

        // Navigation away from the app origin is refused.
        await popup.evaluate(() => {
          window.location.href = 'https://example.com/';
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(popup.url()).toBe('carbon-tray://app/index.html');
      } finally {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
