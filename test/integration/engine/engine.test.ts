// The engine on a /proc fixture with a manual clock: lifetime 4 → 8 y halves embodied g/h and survives restart,
// invalid lifetimes are refused, minutes reach history and add up, gaps and pauses are recorded, not attributed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfSettingsStore,
  createEngine,
  openHistory,
  SettingsValidationError,
  type Engine,
} from '../../../src/engine/index.js';
import { SettingsHolder } from '../../../src/engine/settings/settings.js';
import type { Snapshot } from '../../../src/shared/api.js';
import { FakeProc, ManualClock } from './fake-proc.js';

const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
let proc: FakeProc;
let dataDir: string;
let clock: ManualClock;
const engines: Engine[] = [];

beforeEach(() => {
  proc = new FakeProc();
  dataDir = mkdtempSync(join(tmpdir(), 'ct-engine-'));
  clock = new ManualClock(T0);
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  proc.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

function engine(): Engine {
  const e = createEngine({ dataDir, procRoot: proc.root, clock });
  engines.push(e);
  return e;
}

/** One 2 s tick in which every process uses `ticksPerPid[i]` clock ticks and the machine the sum + 20 idle. */
async function step(e: Engine, pattern: readonly number[]): Promise<Snapshot> {
  let busy = 0;
  proc.pids().forEach((pid, i) => {
    const t = pattern[i % pattern.length] as number;
    proc.addProcessTicks(pid, t);
    busy += t;
  });
  proc.addMachineTicks(busy, 800 - busy);
  clock.advance(2000);
  const s = await e.tick();
  if (!s) throw new Error('no snapshot');
  return s;
}

const embodiedGPerH = (s: Snapshot): Map<string, number> =>
  new Map(s.rows.filter((r) => r.kind !== 'idle').map((r) => [r.key, (r.embodiedG / s.intervalS) * 3600]));

describe('engine on a /proc fixture', () => {
  it('halves every app’s embodied g/h when the lifetime goes from 4 to 8 years, and keeps it across a restart', async () => {
    const e = engine();
    await e.updateSettings({ lifetimeYears: 4, deviceClass: 'laptop' });
    e.subscribe(() => undefined, { detail: true });
    await e.tick();
    const pattern = [3, 0, 7, 1, 12, 5];
    const before = await step(e, pattern);
    await e.updateSettings({ lifetimeYears: 8 });
    const after = await step(e, pattern);
    const b = embodiedGPerH(before);
    const a = embodiedGPerH(after);
    expect(b.size).toBeGreaterThan(5);
    for (const [key, g] of b) {
      if (g === 0) continue;
      expect(a.get(key)).toBeCloseTo(g / 2, 12);
    }
    // SCI M = TE / lifetime: the laptop default 180 kg over 4 y = 180 000 g / 35 040 h = 5.137 g/h (case SCI-1's method, docs/ARCHITECTURE.md).
    expect(before.hardware.embodiedGPerH).toBeCloseTo(180_000 / 35_040, 6);
    expect(after.hardware.embodiedGPerH).toBeCloseTo(180_000 / 35_040 / 2, 6);
    await e.stop();
    const restarted = engine();
    expect((await restarted.getSettings()).lifetimeYears).toBe(8);
  });

  it.each([0, -2, 'eight'])(
    'refuses lifetime %j with a message naming the field, keeping the old value on disk',
    async (bad) => {
      const e = engine();
      await e.updateSettings({ lifetimeYears: 6 });
      const file = readFileSync(join(dataDir, 'settings.json'), 'utf8');
      const error = await e.updateSettings({ lifetimeYears: bad as number }).catch((x: unknown) => x);
      expect(error).toBeInstanceOf(SettingsValidationError);
      expect((error as SettingsValidationError).field).toBe('lifetimeYears');
      expect((error as Error).message).toMatch(/^lifetimeYears: must be a number of years greater than 0/);
      expect((await e.getSettings()).lifetimeYears).toBe(6);
      expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).toBe(file);
    },
  );

  it('writes each finished minute with rows adding up to the machine, and records a stall as a gap', async () => {
    const e = engine();
    await e.tick();
    for (let i = 0; i < 65; i++) await step(e, [4, 1, 9]); // 130 s: two complete minutes
    clock.advance(20_000); // a stalled loop: 20 s > 3 × 2 s
    await e.tick();
    await step(e, [4, 1, 9]);
    const q = e.history;
    if (!q) throw new Error('no history');
    const rows = q.rawRows(T0, clock.wall);
    const minutes = rows.filter((r) => r.key === 'machine');
    expect(minutes.length).toBeGreaterThanOrEqual(2);
    for (const m of minutes) {
      const apps = rows.filter((r) => r.at === m.at && r.key !== 'machine');
      const energy = apps.reduce((s, r) => s + r.energyJ, 0);
      expect(Math.abs(energy - m.energyJ)).toBeLessThanOrEqual(m.energyJ * 1e-3);
      expect(apps.length).toBeLessThanOrEqual(10 + 3 + 1); // top 10, idle/exited/self, other
    }
    const gaps = q.gaps(T0, clock.wall);
    expect(gaps).toEqual([{ startMs: T0 + 130_000, endMs: T0 + 150_000, reason: 'stall' }]);
    // The minute holding the gap only counts observed ticks: nothing of the 20 s is attributed. The tick after the
    // gap is in the still-open minute until stop(), which adds it to the part written before the gap.
    expect(q.observedS(T0, clock.wall + 60_000)).toBeCloseTo(130, 6);
    await e.stop();
    const reopened = openHistory(dataDir);
    expect(reopened?.queries.observedS(T0, clock.wall + 60_000)).toBeCloseTo(132, 6);
    reopened?.close();
  });

  it('with persist: false reads the settings but writes no history', async () => {
    await new SettingsHolder(new ConfSettingsStore(dataDir)).update({ lifetimeYears: 5 });
    const top = createEngine({ dataDir, procRoot: proc.root, clock, persist: false });
    engines.push(top);
    expect((await top.getSettings()).lifetimeYears).toBe(5);
    await top.tick();
    for (let i = 0; i < 40; i++) await step(top, [3, 1]);
    await top.stop();
    expect(existsSync(join(dataDir, 'history.sqlite'))).toBe(false);
  });

  it('records a pause as a gap and does not tick while paused', async () => {
    const e = engine();
    await e.tick();
    await step(e, [2]);
    e.setPaused(true);
    expect(e.isPaused()).toBe(true);
    clock.advance(60_000);
    expect((await e.tick())?.at).toBe(T0 + 2000);
    e.setPaused(false);
    expect(e.history?.gaps(T0, clock.wall)).toEqual([
      { startMs: T0 + 2000, endMs: T0 + 62_000, reason: 'paused' },
    ]);
  });
});
