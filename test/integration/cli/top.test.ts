// `carbon-tray top` on this machine without a terminal: one table per tick, then it quits after --iterations.
import { describe, expect, it } from 'vitest';
import { runCli, runCliOnTerminal } from './run-cli.js';

describe('carbon-tray top', () => {
  it('prints live tables of this machine and stops after --iterations', async () => {
    const result = await runCli(['top', '--iterations', '2']);
    expect(result.code).toBe(0);
    const tables = result.stdout.trimEnd().split(/\n\n(?=carbon-tray top)/);
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table).toMatch(/^APP\s+KIND\s+CO2e\/h/m);
      // The engine's synthetic rows (docs/ARCHITECTURE.md, "One tick") are always present.
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
    // Once the first table is drawn, type q.
    const { code, out } = await runCliOnTerminal(['top'], { cue: 'APP', keys: 'q', afterMs: 200 });
    expect(code).toBe(0);
    expect(out.startsWith('\x1b[?1049h\x1b[?25l\x1b[H\x1b[2Jcarbon-tray top')).toBe(true);
    expect(out).toMatch(/CarbonTray\s+self/);
    expect(out.trimEnd().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
  }, 60_000);
});
