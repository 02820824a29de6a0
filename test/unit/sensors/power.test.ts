// Tests of the RAPL, battery and nvidia-smi readers on fixture trees and fixture commands.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatteryReader } from '../../../src/sensors/power/battery.js';
import { NvidiaSmiReader, parseGpuQuery, parsePmon } from '../../../src/sensors/power/nvidia-smi.js';
import { RaplReader, energyDeltaUj } from '../../../src/sensors/power/rapl.js';

const F = resolve('test/fixtures');
const temp = mkdtempSync(join(tmpdir(), 'ct-sys-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('RaplReader', () => {
  it('is pending on the first read, then gives watts across a counter wraparound', () => {
    const root = join(temp, 'powercap');
    cpSync(`${F}/sys/laptop/class/powercap`, root, { recursive: true });
    const rapl = new RaplReader(root);
    expect(rapl.read(100).status).toBe('pending');
    cpSync(`${F}/sys/laptop-2s-later/class/powercap`, root, { recursive: true });
    const reading = rapl.read(102);
    // fixture README: package 262140000000 → 16671150 µJ with max 262143328850 = 20 J in 2 s = 10 W;
    // dram +3 J = 1.5 W; psys +40 J = 20 W
    expect(reading.status).toBe('ok');
    if (reading.status !== 'ok') return;
    expect(reading.packageW).toBeCloseTo(10, 9);
    expect(reading.dramW).toBeCloseTo(1.5, 9);
    expect(reading.psysW).toBeCloseTo(20, 9);
    expect(reading.powerW).toBeCloseTo(11.5, 9);
    expect(reading.detail).toBe('RAPL package+dram');
    expect(reading.domains.find((d) => d.name === 'core')?.powerW).toBeCloseTo(6, 9); // +12 J / 2 s
  });

  it('computes a wrapped delta', () => {
    expect(energyDeltaUj(90, 10, 100)).toBe(20);
    expect(energyDeltaUj(10, 90, 100)).toBe(80);
  });

  it('says there is no RAPL where there are no zones (this VM has no /sys/class/powercap)', () => {
    const reading = new RaplReader('/sys/class/powercap').read();
    expect(reading).toMatchObject({ status: 'unavailable' });
    if (reading.status === 'unavailable') expect(reading.reason).toContain('no RAPL zones');
  });

  it('explains a permission-denied energy_uj and how to grant access, without crashing', () => {
    // root reads anything, so as root the reader runs as the unprivileged user nobody (65534); the copy is mode 000
    const root = join(temp, 'locked');
    cpSync(`${F}/sys/laptop/class/powercap`, root, { recursive: true });
    chmodSync(temp, 0o755);
    chmodSync(join(root, 'intel-rapl:0/energy_uj'), 0o000);
    const script = `import { RaplReader } from ${JSON.stringify(resolve('src/sensors/power/rapl.ts'))};
      process.stdout.write(JSON.stringify(new RaplReader(${JSON.stringify(root)}).read()));`;
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      ...asNobody,
      encoding: 'utf8',
      env: { ...process.env, HOME: '/tmp', TSX_DISABLE_CACHE: '1' },
      cwd: resolve('.'),
    });
    expect(child.stderr).toBe('');
    const reading = JSON.parse(child.stdout) as { status: string; reason: string };
    expect(reading.status).toBe('unavailable');
    expect(reading.reason).toContain('intel-rapl:0/energy_uj: permission denied');
    expect(reading.reason).toContain('chmod o+r');
  });
});

describe('BatteryReader', () => {
  it('reads power_now of a discharging battery and ignores peripheral batteries', () => {
    const reading = new BatteryReader(`${F}/sys/laptop/class/power_supply`).read();
    // BAT0/power_now 7843000 µW
    expect(reading).toMatchObject({ status: 'ok', powerW: 7.843, detail: 'battery discharge (BAT0)' });
  });

  it('multiplies current_now by voltage_now when there is no power_now', () => {
    const reading = new BatteryReader(`${F}/sys/laptop-current/class/power_supply`).read();
    // 0.812 A × 11.875 V = 9.6425 W
    expect(reading.status === 'ok' && reading.powerW).toBeCloseTo(9.6425, 9);
  });

  it('gives no reading while charging, and says why', () => {
    const reading = new BatteryReader(`${F}/sys/laptop-charging/class/power_supply`).read();
    expect(reading).toEqual({
      status: 'unavailable',
      reason:
        'battery BAT0 is Charging, not discharging: its power only measures the machine while on battery',
    });
  });

  it('says there is no battery on the desktop fixture', () => {
    expect(new BatteryReader(`${F}/sys/desktop/class/power_supply`).read().status).toBe('unavailable');
  });
});

describe('nvidia-smi', () => {
  it('parses board queries with [N/A] cells', () => {
    expect(parseGpuQuery('0, NVIDIA GeForce GT 710, [N/A], [N/A]\n')).toEqual([
      { index: 0, name: 'NVIDIA GeForce GT 710', powerW: null, utilizationPct: null },
    ]);
  });

  it('parses pmon in the driver 535 and 470 column layouts', () => {
    expect(
      parsePmon(spawnSync('cat', [`${F}/nvidia-smi/pmon-470.txt`], { encoding: 'utf8' }).stdout),
    ).toEqual([{ gpuIndex: 0, pid: 4711, type: 'C', smPct: 45 }]);
  });

  it('reads board power and per-process SM use through the command', async () => {
    const reading = await new NvidiaSmiReader(`${F}/nvidia-smi/nvidia-smi`).read();
    expect(reading.status).toBe('ok');
    if (reading.status !== 'ok') return;
    expect(reading.powerW).toBeCloseTo(215.43 + 31.07, 9); // query-gpu.csv
    expect(reading.processes).toEqual([
      { gpuIndex: 0, pid: 4711, type: 'C', smPct: 81 },
      { gpuIndex: 0, pid: 1789, type: 'G', smPct: 4 },
    ]);
  });

  it('explains a missing binary, a missing driver and boards without power sensing', async () => {
    const missing = await new NvidiaSmiReader(`${F}/nvidia-smi/not-installed`).read();
    expect(missing.status === 'unavailable' && missing.reason).toContain(
      'not found: no NVIDIA driver utilities',
    );
    const noDriver = await new NvidiaSmiReader(`${F}/nvidia-smi/nvidia-smi-no-driver`).read();
    expect(noDriver.status === 'unavailable' && noDriver.reason).toContain(
      "(exit 9): NVIDIA-SMI has failed because it couldn't communicate",
    );
    const noPower = await new NvidiaSmiReader(`${F}/nvidia-smi/nvidia-smi-no-power`).read();
    expect(noPower.status === 'unavailable' && noPower.reason).toContain(
      'power.draw is not supported by NVIDIA GeForce GT 710',
    );
  });
});
