// One engine per data folder, with the installed command: a second `serve` (or `serve` beside the tray app) is
// refused naming the first and writes nothing, history is never recorded twice, a killed engine's lock is taken
// over, the lock goes with a clean stop, and `top` (read-only) takes none.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatClock } from '../../../src/shared/format.js';
import { runBin, startBin, type BinProcess } from '../../helpers/bin-process.js';

let dataDir: string;
const started: BinProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ct-lock-bin-'));
});
afterEach(async () => {
  for (const p of started.splice(0)) await p.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function serve(dir = dataDir): BinProcess {
  const p = startBin(['serve', '--port', '0', '--data-dir', dir]);
  started.push(p);
  return p;
}

const lockPath = (): string => join(dataDir, 'engine.lock');
const lockOwner = (): { pid: number; shell: string; startedAt: number } =>
  JSON.parse(readFileSync(lockPath(), 'utf8')) as { pid: number; shell: string; startedAt: number };

/** `sqlite3 -json` over the data folder's history. */
function sql<T>(query: string): T[] {
  const out = execFileSync('sqlite3', ['-json', join(dataDir, 'history.sqlite'), query]).toString();
  return out.trim() === '' ? [] : (JSON.parse(out) as T[]);
}

/** The line a refused engine prints (README, "One engine per data folder"). */
const refusalLine = (shell: string, pid: number, startedAt: number): string =>
  `carbon-tray serve: another CarbonTray engine (${shell}, pid ${pid}, since ${formatClock(startedAt)}) already records into ${dataDir}; stop it, or give --data-dir for a separate history`;

describe('a second engine on one data folder', () => {
  it('refuses a second serve with one line naming the first, exit 1, and history is not doubled', async () => {
    const first = serve();
    await first.listening();
    const runFrom = Date.now();
    const owner = lockOwner();
    expect(owner).toMatchObject({ pid: first.pid, shell: 'serve' });
    const filesBefore = readdirSync(dataDir).sort();

    const second = await runBin(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim().split('\n')).toEqual([refusalLine('serve', first.pid, owner.startedAt)]);
    // Nothing written by the refused one: the lock is still the first's, no file appeared.
    expect(lockOwner()).toEqual(owner);
    expect(readdirSync(dataDir).sort()).toEqual(filesBefore);

    // Let the first record for a while, then stop it: it writes the open minute.
    await new Promise((r) => setTimeout(r, 8000));
    const runMs = Date.now() - runFrom;
    await first.stop();
    const minutes = sql<{ minute: number; observed_s: number }>(
      'SELECT minute, observed_s FROM machine_minutes ORDER BY minute',
    );
    expect(minutes.length).toBeGreaterThan(0);
    for (const m of minutes) expect(m.observed_s).toBeLessThanOrEqual(60);
    // One engine observes at most the wall time it ran (the issue measured 120 s per minute with two); it ran
    // at least a few 2-second ticks.
    const observed = minutes.reduce((sum, m) => sum + m.observed_s, 0);
    expect(observed).toBeGreaterThanOrEqual(4);
    expect(observed).toBeLessThanOrEqual(runMs / 1000 + 2);
  }, 60_000);

  it('refuses serve while the tray app records into the folder, naming the tray app', async () => {
    // A live process standing in for the tray app, with the lock the tray app's engine writes (shell "tray").
    const tray = spawn('sleep', ['60']);
    try {
      const pid = tray.pid as number;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const procStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const startedAt = Date.now() - 60_000;
      writeFileSync(
        lockPath(),
        JSON.stringify({ pid, startedAt, shell: 'tray', host: hostname(), bootId, procStart }),
      );
      const refused = await runBin(['serve', '--port', '0', '--data-dir', dataDir]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([refusalLine('the tray app', pid, startedAt)]);
      expect(readdirSync(dataDir)).toEqual(['engine.lock']);
    } finally {
      tray.kill('SIGKILL');
    }
  });

  it('lets serve on another --data-dir run beside the first', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ct-lock-other-'));
    try {
      const first = serve();
      const second = serve(other);
      await Promise.all([first.listening(), second.listening()]);
      expect(lockOwner().pid).toBe(first.pid);
      expect((JSON.parse(readFileSync(join(other, 'engine.lock'), 'utf8')) as { pid: number }).pid).toBe(
        second.pid,
      );
      await Promise.all([first.stop(), second.stop()]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('the lock over an engine’s life', () => {
  it('is removed when serve stops on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const p = serve();
      await p.listening();
      expect(existsSync(lockPath())).toBe(true);
      expect((await p.stop(signal)).code).toBe(0);
      expect(existsSync(lockPath())).toBe(false);
    }
  });

  it('is taken over, with one line, after the first serve was killed (SIGKILL)', async () => {
    const first = serve();
    await first.listening();
    await first.stop('SIGKILL');
    const stale = lockOwner();
    expect(stale.pid).toBe(first.pid);
    const next = serve();
    await next.listening();
    expect(lockOwner().pid).toBe(next.pid);
    expect(next.stderr).toContain(
      `carbon-tray serve: took over the lock of serve, pid ${first.pid}, since ${formatClock(stale.startedAt)} in ${dataDir}: process ${first.pid} is no longer running\n`,
    );
    await next.stop();
  });

  it('is taken over when it comes from another boot, even if its pid is alive now', async () => {
    // This test process is alive; a lock with its pid from another boot is stale all the same.
    writeFileSync(
      lockPath(),
      JSON.stringify({
        pid: process.pid,
        startedAt: Date.now(),
        shell: 'serve',
        host: hostname(),
        bootId: '00000000-0000-0000-0000-000000000000',
        procStart: null,
      }),
    );
    const p = serve();
    await p.listening();
    expect(p.stderr).toMatch(
      /took over the lock of serve, pid \d+, since .* the machine has restarted since\n/,
    );
    await p.stop();
  });

  it('is not taken by top (it writes no history), which runs beside serve', async () => {
    const p = serve();
    await p.listening();
    const owner = lockOwner();
    const top = await runBin(['top', '--iterations', '1', '--data-dir', dataDir]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/g\/h/);
    expect(lockOwner()).toEqual(owner);
    await p.stop();
  });
});
