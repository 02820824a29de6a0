// The wall clock jumps (forward by days or years, back by minutes, across a restart) while the engine records: it is
// recorded as a gap or skipped, history keeps every minute once, and nothing is deleted until the clock is trusted.
import { machineMinute } from '../../helpers/minutes.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLOCK_TRUST_MS } from '../../../src/engine/engine.js';
import { HistoryStore } from '../../../src/engine/history/store.js';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { FakeProc } from '../engine/fake-proc.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
/** Ticks of 20 s (the engine's `intervalS`), so a minute closes every 3 ticks; stale after 3 intervals = 60 s. */
const TICK_MS = 20_000;

/** Monotonic, wall and boot clocks a test moves by hand: the boot clock counts suspend, the monotonic one not. */
class JumpingClock {
  mono = 1_000_000;
  boot = 5_000_000;
  constructor(public wall: number) {}
  advance(ms: number): void {
    this.mono += ms;
    this.boot += ms;
    this.wall += ms;
  }
  monoMs = (): number => this.mono;
  wallMs = (): number => this.wall;
  bootMs = (): number => this.boot;
}

let proc: FakeProc;
let dataDir: string;
let clock: JumpingClock;
const engines: Engine[] = [];

beforeEach(() => {
  proc = new FakeProc();
  dataDir = mkdtempSync(join(tmpdir(), 'ct-clock-'));
  clock = new JumpingClock(T0);
  // The engine says what it does about a jump on stderr; the tests check the words, not the terminal.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  vi.restoreAllMocks();
  proc.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startEngine(): Promise<Engine> {
  const e = createEngine({ dataDir, procRoot: proc.root, clock });
  engines.push(e);
  await e.updateSettings({ intervalS: TICK_MS / 1000 });
  await e.start();
  return e;
}

/** `n` ticks of 20 s with 25 % of the fixture machine busy. */
async function run(e: Engine, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    proc.addMachineTicks(1000, 3000);
    for (const pid of proc.pids().slice(0, 2)) proc.addProcessTicks(pid, 400);
    clock.advance(TICK_MS);
    await e.tick();
  }
}

/** Minutes of history before the engine runs: one a minute over `days` days up to `endMs`, 60 s observed each. */
function seed(endMs: number, days: number): number {
  const store = new HistoryStore(join(dataDir, 'history.sqlite'));
  let n = 0;
  store.db.transaction(() => {
    for (let m = endMs - days * DAY; m < endMs; m += MINUTE * 30) {
      store.writeMinute({
        minuteMs: m,
        machine: machineMinute(),
        apps: [],
      });
      n += 1;
    }
  })();
  store.close();
  return n;
}

function stored(): {
  minutes: { minute: number; observed_s: number }[];
  hours: number;
  gaps: { start_ms: number; end_ms: number; reason: string }[];
} {
  const store = new HistoryStore(join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    return {
      minutes: store.db.prepare('SELECT minute, observed_s FROM machine_minutes ORDER BY minute').all() as {
        minute: number;
        observed_s: number;
      }[],
      hours: store.db.prepare('SELECT COUNT(*) FROM machine_hours').pluck().get() as number,
      gaps: store.db.prepare('SELECT start_ms, end_ms, reason FROM gaps ORDER BY start_ms').all() as {
        start_ms: number;
        end_ms: number;
        reason: string;
      }[],
    };
  } finally {
    store.close();
  }
}

const logged = (): string => vi.mocked(console.error).mock.calls.flat().join('\n');

describe('a wall clock set forward', () => {
  it('by 730 days is a `clock` gap and deletes nothing, until the clock has run steadily for a day', async () => {
    // Six days of history up to T0: all inside the 7 days of minutes and the 400 days of retention.
    const seeded = seed(T0, 6);
    const e = await startEngine();
    await run(e, 6);
    clock.wall += 730 * DAY; // set forward: neither the monotonic nor the boot clock moves
    await run(e, 6);
    // An hour of running later maintenance is due; the clock is not trusted yet.
    for (let i = 0; i < 3; i++) {
      clock.advance(61 * MINUTE);
      await run(e, 1);
    }
    let s = stored();
    expect(s.minutes.filter((m) => m.minute * MINUTE < T0)).toHaveLength(seeded);
    const jump = s.gaps.find((g) => g.reason === 'clock');
    expect(jump, JSON.stringify(s.gaps)).toBeDefined();
    expect(jump!.end_ms - jump!.start_ms).toBeGreaterThanOrEqual(730 * DAY);
    expect(logged()).toMatch(/not pruned until it has run steadily for a day/);
    // A day of steady running at the new time: retention counts from it, and 730 days later everything is old.
    clock.advance(CLOCK_TRUST_MS);
    await run(e, 3);
    clock.advance(61 * MINUTE);
    await run(e, 1);
    s = stored();
    expect(s.minutes.filter((m) => m.minute * MINUTE < T0)).toHaveLength(0);
  });

  it('by 30 days keeps every minute row (trimming to hours waits too)', async () => {
    const seeded = seed(T0, 6);
    const e = await startEngine();
    clock.wall += 30 * DAY;
    await run(e, 3);
    for (let i = 0; i < 2; i++) {
      clock.advance(61 * MINUTE);
      await run(e, 1);
    }
    expect(stored().minutes.filter((m) => m.minute * MINUTE < T0)).toHaveLength(seeded);
  });

  it('while the machine slept (the boot clock moved too) is a suspend gap, and retention is not held back', async () => {
    const e = await startEngine();
    await run(e, 3);
    clock.wall += 2 * 3_600_000;
    clock.boot += 2 * 3_600_000; // suspended: boot time counts it, monotonic time does not
    await run(e, 3);
    expect(stored().gaps.map((g) => g.reason)).toContain('suspend');
    expect(logged()).not.toMatch(/not pruned/);
  });
});

describe('a wall clock set back', () => {
  it('by 5 minutes records no minute twice and writes no gap that ends before it starts', async () => {
    const e = await startEngine();
    await run(e, 30); // 10 min
    clock.wall -= 5 * MINUTE;
    await run(e, 30); // 10 min more, the first 5 of them over time already recorded
    await e.stop();
    const s = stored();
    for (const m of s.minutes) expect(m.observed_s, `minute ${m.minute}`).toBeLessThanOrEqual(60.001);
    for (const g of s.gaps) expect(g.end_ms).toBeGreaterThanOrEqual(g.start_ms);
    // 20 minutes of ticks, the 5 repeated ones skipped: 15 minutes observed (± one tick at the seam).
    const observedS = s.minutes.reduce((sum, m) => sum + m.observed_s, 0);
    expect(observedS).toBeGreaterThanOrEqual(15 * 60 - 20);
    expect(observedS).toBeLessThanOrEqual(15 * 60);
    expect(logged()).toMatch(/wall clock was set back/);
  });

  it('across a restart: the new run does not record the time the last one already did', async () => {
    const first = await startEngine();
    await run(first, 30); // 10:00 → 10:10
    await first.stop();
    engines.splice(0);
    clock.wall -= 5 * MINUTE; // the next start believes it is 10:05
    const second = await startEngine();
    await run(second, 30);
    await second.stop();
    const s = stored();
    for (const m of s.minutes) expect(m.observed_s, `minute ${m.minute}`).toBeLessThanOrEqual(60.001);
    for (const g of s.gaps) expect(g.end_ms).toBeGreaterThanOrEqual(g.start_ms);
  });

  it('by more than a day is taken as a corrected clock: recording goes on at once', async () => {
    clock.wall += 3 * DAY;
    const e = await startEngine();
    await run(e, 6);
    clock.wall -= 3 * DAY;
    await run(e, 6);
    await e.stop();
    const s = stored();
    // The two minutes after the correction are recorded, each observed once.
    const after = s.minutes.filter((m) => m.minute * MINUTE < T0 + DAY);
    expect(after.reduce((sum, m) => sum + m.observed_s, 0)).toBeGreaterThanOrEqual(100);
    expect(logged()).toMatch(/more than a day/);
  });
});
