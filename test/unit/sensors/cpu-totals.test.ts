// Tests of the machine CPU totals readers: /proc/stat on fixtures, os.cpus() on a capture and live against /proc.
import { readFileSync } from 'node:fs';
import type { CpuInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CpuTotalsReader, OsCpuTotalsReader } from '../../../src/sensors/processes/cpu-totals.js';

describe('CpuTotalsReader', () => {
  it('converts /proc/stat ticks to seconds at USER_HZ 100 (test/fixtures/proc/desktop/stat)', () => {
    const totals = new CpuTotalsReader('test/fixtures/proc/desktop').read();
    // busy = 2255340 + 4410 + 601200 + 0 + 10833 ticks; idle = 18803000 + 21050; steal 512
    expect(totals).toMatchObject({ busyS: 28717.83, idleS: 188240.5, stealS: 5.12, cores: 4 });
  });

  it('names the file when the root has no /proc/stat', () => {
    expect(() => new CpuTotalsReader('test/fixtures/sys/laptop').read()).toThrow(
      'test/fixtures/sys/laptop/stat',
    );
    expect(() => new CpuTotalsReader('test/fixtures/proc/desktop/812').read()).toThrow(
      'has no "cpu" totals line',
    );
  });
});

describe('OsCpuTotalsReader (macOS and Windows; Linux keeps /proc/stat)', () => {
  // os.cpus() and /proc/stat captured at the same instant on this 2-vCPU Debian VM (test/fixtures/os).
  const captured = JSON.parse(readFileSync('test/fixtures/os/cpus-debian-vm.json', 'utf8')) as CpuInfo[];

  it('sums user + nice + sys + irq as busy and idle as idle, in seconds', () => {
    const totals = new OsCpuTotalsReader(() => captured).read();
    // busy = (3626700 + 56900 + 1850140 + 0) + (4066760 + 55030 + 1901950 + 0) ms; idle = 3953190 + 3427450 ms
    expect(totals.busyS).toBeCloseTo(11557.48, 6);
    expect(totals.idleS).toBeCloseTo(7380.64, 6);
    expect(totals).toMatchObject({ stealS: 0, cores: 2 });
  });

  it('agrees with /proc/stat of the same instant on user + nice + system (libuv reads that file on Linux)', () => {
    const stat = readFileSync('test/fixtures/os/proc-stat-same-instant', 'utf8');
    let ticks = 0;
    for (const line of stat.split('\n').filter((l) => /^cpu\d/.test(l))) {
      const [user, nice, system] = line.split(/\s+/).slice(1, 4).map(Number) as [number, number, number];
      ticks += user + nice + system;
    }
    expect(new OsCpuTotalsReader(() => captured).read().busyS).toBeCloseTo(ticks / 100, 6);
  });

  it('says what is wrong when the OS reports no CPUs', () => {
    expect(() => new OsCpuTotalsReader(() => []).read()).toThrow('os.cpus() returned no CPUs');
  });

  it('on this machine, counts the same busy time as /proc/stat over a busy half second', () => {
    const os = new OsCpuTotalsReader();
    const proc = new CpuTotalsReader('/proc');
    const [os0, proc0] = [os.read(), proc.read()];
    const end = Date.now() + 500;
    while (Date.now() < end); // busy
    const [os1, proc1] = [os.read(), proc.read()];
    const osBusy = os1.busyS - os0.busyS;
    const procBusy = proc1.busyS - proc0.busyS;
    expect(osBusy).toBeGreaterThan(0.4);
    // /proc/stat's busy also counts softirq, which libuv leaves out: a few clock ticks at most here.
    expect(Math.abs(osBusy - procBusy)).toBeLessThanOrEqual(0.05 + 0.05 * procBusy);
    expect(os1.cores).toBe(proc1.cores);
  });
});
