// SIGKILLs a running headless engine 20 times at random moments: the database passes integrity_check every time,
// no committed minute is lost or changed, and every stored minute still adds up, the store's durability promise.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src/engine/history/store.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ct-crash-'));
const child = join(import.meta.dirname, 'crash-child.ts');
// Each run starts 4 hours after the previous one, so runs never share a minute: a run covers at most ~1.5 h of
// simulated time (≤ 1.35 s of ticks at ≥ 5 ms each, 20 s per tick), and 20 runs span 80 h, well inside the 7 days
// before minutes are trimmed to hourly roll-ups.
const SPACING = 4 * 3_600_000;
const T0 = Date.UTC(2026, 0, 1);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Starts the child, waits until it ticks, lets it run `runMs`, then SIGKILLs it. */
async function runAndKill(startMs: number, runMs: number): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, String(startMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    proc.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, runMs));
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

type Minutes = Map<number, number>;

function minutesOf(store: HistoryStore): Minutes {
  const rows = store.db.prepare('SELECT minute, energy_j FROM machine_minutes').all() as {
    minute: number;
    energy_j: number;
  }[];
  return new Map(rows.map((r) => [r.minute, r.energy_j]));
}

describe('SIGKILL of a running engine', () => {
  it(
    'keeps the database sound and every committed minute, 20 kills in a row',
    { timeout: 180_000 },
    async () => {
      let seed = 12345;
      const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
      let committed: Minutes = new Map();
      for (let kill = 0; kill < 20; kill++) {
        await runAndKill(T0 + kill * SPACING, 150 + Math.floor(rand() * 1200));
        const store = new HistoryStore(join(dataDir, 'history.sqlite'));
        try {
          expect(store.integrityCheck()).toBe('ok');
          const now = minutesOf(store);
          for (const [minute, energyJ] of committed)
            expect(now.get(minute), `minute ${minute} after kill ${kill + 1}`).toBe(energyJ);
          expect(now.size).toBeGreaterThan(committed.size);
          expect(Math.max(...now.keys()) * 60_000).toBeLessThan(T0 + (kill + 1) * SPACING);
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
