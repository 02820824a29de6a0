// The engine on this real machine: rows add up to the machine every tick (detail or not), synthetic rows are
// present, and a stalled event loop is recorded as a gap instead of one giant tick.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import type { Snapshot } from '../../../src/shared/api.js';

let dataDir: string;
let engine: Engine;
beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ct-live-'));
  engine = createEngine({ dataDir });
  await engine.updateSettings({ intervalS: 0.5 });
});
afterEach(async () => {
  await engine.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function collect(detail: boolean, count: number): Promise<Snapshot[]> {
  return new Promise((resolve) => {
    const seen: Snapshot[] = [];
    const off = engine.subscribe(
      (s) => {
        seen.push(s);
        if (seen.length === count) {
          off();
          resolve(seen);
        }
      },
      { detail },
    );
  });
}

/** The power source this machine can measure with, checked the way the engine's readers look for it. */
function expectedPowerSource(): Snapshot['machine']['powerSource'] {
  const readable = (path: string): boolean => {
    try {
      readFileSync(path);
      return true;
    } catch {
      return false;
    }
  };
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);
  const powercap = '/sys/class/powercap';
  if (list(powercap).some((d) => /^intel-rapl:\d+$/.test(d) && readable(join(powercap, d, 'energy_uj'))))
    return 'rapl';
  const supplies = '/sys/class/power_supply';
  const discharging = list(supplies).some((d) => {
    const status = join(supplies, d, 'status');
    return readable(status) && readFileSync(status, 'utf8').trim() === 'Discharging';
  });
  if (discharging) console.log('live test: this machine runs on battery, so power is measured from it');
  return discharging ? 'battery' : 'model';
}

function expectConserved(s: Snapshot): void {
  const sum = (f: (r: Snapshot['rows'][number]) => number): number => s.rows.reduce((a, r) => a + f(r), 0);
  // Conservation: within 0.1 % every tick.
  expect(Math.abs(sum((r) => r.energyJ) - s.machine.energyJ)).toBeLessThanOrEqual(s.machine.energyJ * 1e-3);
  expect(Math.abs(sum((r) => r.embodiedG) - s.machine.embodiedG)).toBeLessThanOrEqual(
    s.machine.embodiedG * 1e-3,
  );
  expect(Math.abs(sum((r) => r.operationalG) - s.machine.operationalG)).toBeLessThanOrEqual(
    s.machine.operationalG * 1e-3,
  );
  expect(Math.abs(sum((r) => r.share) - 1)).toBeLessThanOrEqual(1e-3);
}

describe('engine on this machine', () => {
  it('adds up every tick with the full process list (detail), with Idle, Exited and CarbonTray rows', async () => {
    const pending = collect(true, 8);
    await engine.start();
    const snapshots = await pending;
    for (const s of snapshots) expectConserved(s);
    const last = snapshots[snapshots.length - 1] as Snapshot;
    // Reads may take 5 % of wall time (DETAIL_READ_BUDGET): at 0.5 s ticks a read slowed by a loaded machine
    // makes the next wait a few ticks, so only some snapshots here are sure to be detailed (unit-tested exactly).
    expect(snapshots.some((s) => s.detailed)).toBe(true);
    // Which source this machine offers decides the label: RAPL if readable, a discharging battery, else the model.
    expect(last.machine.powerSource).toBe(expectedPowerSource());
    expect(last.machine.powerW).toBeGreaterThan(0);
    const kinds = new Set(last.rows.map((r) => r.kind));
    for (const kind of ['idle', 'exited', 'self']) expect(kinds.has(kind as never)).toBe(true);
    expect(last.rows.find((r) => r.key === 'self')?.rssBytes).toBeGreaterThan(10e6);
    expect((await engine.getProcesses('self'))[0]?.pid).toBe(process.pid);
  });

  it('adds up every tick without detail too (process list at the slow cadence)', async () => {
    const pending = collect(false, 6);
    await engine.start();
    const snapshots = await pending;
    for (const s of snapshots) {
      expectConserved(s);
      expect(s.detailed).toBe(false);
    }
    // The first tick already has a process list to split by: our own row is there from the start.
    expect(snapshots[0]?.rows.find((r) => r.key === 'self')?.processCount).toBe(1);
  });

  it('records a stalled event loop as a gap', async () => {
    await engine.start();
    await collect(false, 2);
    const blockedFrom = Date.now();
    while (Date.now() - blockedFrom < 2500) {
      // Block the event loop for 2.5 s: more than 3 intervals of 0.5 s.
    }
    await collect(false, 2);
    const gaps = engine.history?.gaps(blockedFrom - 5000, Date.now()) ?? [];
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.reason).toBe('stall');
    expect((gaps[0]?.endMs ?? 0) - (gaps[0]?.startMs ?? 0)).toBeGreaterThanOrEqual(2500);
  });
});

describe("engine on the macOS sensors (ps and os.cpus()), run on this machine's procps ps", () => {
  it('adds up every tick and finds this test process under CarbonTray', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-darwin-path-'));
    const darwin = createEngine({ dataDir: dir, platform: 'darwin' });
    try {
      await darwin.updateSettings({ intervalS: 0.5 });
      const pending = new Promise<Snapshot[]>((resolve) => {
        const seen: Snapshot[] = [];
        const off = darwin.subscribe(
          (s) => {
            if (seen.push(s) < 5) return;
            off();
            resolve(seen);
          },
          { detail: true },
        );
      });
      await darwin.start();
      const snapshots = await pending;
      for (const s of snapshots) expectConserved(s);
      const last = snapshots[snapshots.length - 1] as Snapshot;
      expect(last.rows.find((r) => r.key === 'self')?.rssBytes).toBeGreaterThan(10e6);
      expect(last.rows.filter((r) => r.processCount > 0).length).toBeGreaterThan(1);
      // No /proc/cpuinfo or meminfo on that path: the figures come from os.cpus() and os.totalmem().
      const hardware = await darwin.getHardware();
      expect(hardware.cores).toBe(cpus().length);
      expect(hardware.memoryBytes).toBe(totalmem());
      expect(hardware.cpuModel).toBe(cpus()[0]?.model.trim());
    } finally {
      await darwin.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a platform it has no process sampler for, naming it', () => {
    expect(() => createEngine({ dataDir: tmpdir(), platform: 'freebsd' })).toThrow(
      'CarbonTray has no process sampler for the platform "freebsd"',
    );
  });
});
