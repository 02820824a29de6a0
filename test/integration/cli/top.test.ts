// `carbon-tray top` on this machine without a terminal: one table per tick, then it quits after --iterations.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ENTRY = fileURLToPath(new URL('../../fixtures/cli/carbon-tray.ts', import.meta.url));

describe('carbon-tray top', () => {
  it('prints live tables of this machine and stops after --iterations', async () => {
    const result = await runCli(['top', '--iterations', '2']);
    expect(result.code).toBe(0);
    const tables = result.stdout.trimEnd().split(/\n\n(?=carbon-tray top)/);
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table).toMatch(/^APP\s+KIND\s+CO2e\/h/m);
      // The engine's synthetic rows (DESIGN.md, "Data flow of one tick") are always present.
      expect(table).toMatch(/^CarbonTray\s+self/m);
      expect(table).toMatch(/^Idle capacity\s+idle/m);
    }
    // No escape sequences when stdout is not a terminal.
    expect(result.stdout).not.toContain('\x1b[');
  }, 60_000);

  it('refuses a bad --iterations with exit 2', async () => {
    const result = await runCli(['top', '--iterations', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("carbon-tray top: --iterations: expected a whole number ≥ 1, got '0'\n");
  });

  it('redraws in place on a terminal and quits on q, leaving the alternate screen', async () => {
    // util-linux `script` gives the CLI a pseudo-terminal; we type into it through script's stdin.
    // SHELL is pinned so that this runs the same here as in CI (dash); `exec` leaves no shell in between.
    const child = spawn(
      'script',
      ['-qfec', `exec ${process.execPath} --import tsx ${ENTRY} top`, '/dev/null'],
      {
        env: {
          ...process.env,
          SHELL: '/bin/sh',
          XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'carbon-tray-top-')),
        },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const first = !out.includes('APP');
      out += chunk.toString();
      if (first && out.includes('APP')) setTimeout(() => child.stdin.write('q'), 200);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.startsWith('\x1b[?1049h\x1b[?25l\x1b[H\x1b[2Jcarbon-tray top')).toBe(true);
    expect(out).toMatch(/CarbonTray\s+self/);
    expect(out.trimEnd().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  }, 60_000);
});
