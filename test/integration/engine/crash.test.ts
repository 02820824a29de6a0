// SIGKILLs a running headless engine 20 times at random moments, with the popup open and with nobody looking: the
// database passes integrity_check every time, no committed minute is lost or changed, every stored minute still adds
// up, and every minute that ended before the last finished tick is stored (a kill loses only the minute in progress).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/engine/history/store.js';

const root = mkdtempSync(join(tmpdir(), 'ct-crash-'));
const child = join(import.meta.dirname, 'crash-child.ts');
// Each run starts 4 hours after the previous one, so runs never share a minute: a run covers at most ~1.5 h of
// simulated time (≤ 1.35 s of ticks at ≥ 5 ms each, 20 s per tick), and 20 runs span 80 h, well inside the 7 days
// before minutes are trimmed to hourly roll-ups.
const SPACING = 4 * 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Starts the child, waits until it ticks, lets it run `runMs`, then SIGKILLs it. Resolves to the wall time of the
 * last tick it saw finish (every minute that ended by then must be stored).
 */
async function runAndKill(
  dataDir: string,
  looking: boolean,
  startMs: number,
  runMs: number,
): Promise<number> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', child, dataDir, String(startMs), looking ? '1' : '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let stdout = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('ready')) resolve();
    });
    proc.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, runMs));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  // What was read before the kill: later lines may still be in the pipe, so this is a lower bound.
  const seen = stdout;
  proc.kill('SIGKILL');
  await exited;
  const ticks = [...seen.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));
  return ticks.length > 0 ? Math.max(...ticks) : startMs;
}

type Minutes = Map<number, number>;

function minutesOf(store: HistoryStore): Minutes {
  const rows = store.db.prepare('SELECT minute, energy_j FROM machine_minutes').all() as {
    minute: number;
    energy_j: number;
  }[];
  return new Map(rows.map((r) => [r.minute, r.energy_j]));
}

describe.each([
  { looking: true, who: 'with the popup open' },
  { looking: false, who: 'with nobody looking' },
])('SIGKILL of a running engine $who', ({ looking }) => {
  it(
    'keeps the database sound, every committed minute, and every minute that ended, 20 kills in a row',
    { timeout: 180_000 },
    async () => {
      const dataDir = mkdtempSync(join(root, looking ? 'looking-' : 'nobody-'));
      let seed = 12345;
      const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
      let committed: Minutes = new Map();
      for (let kill = 0; kill < 20; kill++) {
        const startMs = T0 + kill * SPACING;
        const lastTickMs = await runAndKill(dataDir, looking, startMs, 150 + Math.floor(rand() * 1200));
        const store = new HistoryStore(join(dataDir, 'history.sqlite'));
        try {
          expect(store.integrityCheck()).toBe('ok');
          const now = minutesOf(store);
          for (const [minute, energyJ] of committed)
            expect(now.get(minute), `minute ${minute} after kill ${kill + 1}`).toBe(energyJ);
          expect(now.size).toBeGreaterThan(committed.size);
          expect(Math.max(...now.keys()) * 60_000).toBeLessThan(T0 + (kill + 1) * SPACING);
          // A tick belongs to the minute its end falls in, and the first tick of a minute writes the one before.
          for (let m = startMs; m + 60_000 <= lastTickMs; m += 60_000)
            expect(now.has(m / 60_000), `minute ${m / 60_000} ended before the kill ${kill + 1}`).toBe(true);
          // A minute is one transaction: its app rows add up to its machine row (no half-written minute).
          const bad = store.db
            .prepare(
              `SELECT m.minute FROM machine_minutes m JOIN app_minutes a ON a.minute = m.minute
             GROUP BY m.minute HAVING ABS(SUM(a.energy_j) - m.energy_j) > m.energy_j * 1e-3`,
            )
            .all();
          expect(bad).toEqual([]);
          committed = now;
        } finally {
          store.close();
        }
      }
    },
  );
});
