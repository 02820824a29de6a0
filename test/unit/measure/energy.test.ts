// The RAPL meter of measure on writable fixture trees: the command's share of package+dram energy by CPU seconds.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raplMeter } from '../../../src/measure/energy.js';

/** A powercap tree with one package and one dram zone, and a /proc with a `stat` of 2 CPUs. */
function machine(): {
  powercap: string;
  proc: string;
  set(packageUj: number, dramUj: number, busyTicks: number): void;
} {
  const root = mkdtempSync(join(tmpdir(), 'carbon-tray-rapl-'));
  const powercap = join(root, 'powercap');
  const proc = join(root, 'proc');
  for (const [zone, name] of [
    ['intel-rapl:0', 'package-0'],
    ['intel-rapl:0:1', 'dram'],
  ] as const) {
    mkdirSync(join(powercap, zone), { recursive: true });
    writeFileSync(join(powercap, zone, 'name'), `${name}\n`);
    writeFileSync(join(powercap, zone, 'max_energy_range_uj'), '262143328850\n');
  }
  mkdirSync(proc);
  const set = (packageUj: number, dramUj: number, busyTicks: number): void => {
    writeFileSync(join(powercap, 'intel-rapl:0', 'energy_uj'), `${packageUj}\n`);
    writeFileSync(join(powercap, 'intel-rapl:0:1', 'energy_uj'), `${dramUj}\n`);
    // /proc/stat fields: user nice system idle iowait irq softirq steal (ticks of USER_HZ 100).
    const cpu = (busy: number): string => `${busy} 0 0 100000 0 0 0 0 0 0`;
    writeFileSync(
      join(proc, 'stat'),
      `cpu  ${cpu(busyTicks)}\ncpu0 ${cpu(busyTicks / 2)}\ncpu1 ${cpu(busyTicks / 2)}\n`,
    );
  };
  set(1_000_000, 500_000, 10_000);
  return { powercap, proc, set };
}

describe('RAPL meter', () => {
  it("gives the command its CPU seconds' share of the machine's package+dram energy, times PUE", () => {
    const m = machine();
    const { meter, note } = raplMeter(1.2, m);
    expect(note).toBeNull();
    meter?.start();
    // 90 J package + 10 J dram while the machine was busy 4 CPU-s (400 ticks), 1 s of it the command's.
    m.set(1_000_000 + 90e6, 500_000 + 10e6, 10_400);
    const measured = meter?.finish(1);
    // 100 J × PUE 1.2 × 1 s / 4 s = 30 J.
    expect(measured?.energyJ).toBeCloseTo(30, 6);
    expect(measured?.detail).toMatch(
      /^measured: RAPL package\+dram .* × PUE 1\.2, 25 % of the machine's busy CPU time$/,
    );
  });

  it('is absent without RAPL zones (virtual machines), with no note to show', () => {
    const root = mkdtempSync(join(tmpdir(), 'carbon-tray-norapl-'));
    expect(raplMeter(1, { powercap: root, proc: root })).toEqual({ meter: null, note: null });
  });
});
