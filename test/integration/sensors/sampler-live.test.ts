// Live tests on this machine: a busy child's CPU seconds, its grouping, its disappearance, and the real /proc/stat.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AppGrouper } from '../../../src/sensors/grouping/apps.js';
import { CpuTotalsReader } from '../../../src/sensors/processes/cpu-totals.js';
import { HardwareReader } from '../../../src/sensors/hardware/inventory.js';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';
import { parseProcStat } from '../../../src/sensors/processes/proc-parse.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function busyChild(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** utime + stime of a pid read straight from the kernel, independently of the sampler (proc(5) fields 14, 15). */
function kernelCpuS(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LinuxProcessSampler on this machine', () => {
  it('finds a busy child with CPU seconds within 2 % of the kernel, under the test’s own app', async () => {
    const child = busyChild();
    const pid = child.pid as number;
    // The machine is shared: wait until the child has really burnt half a second, however long that takes.
    for (let i = 0; i < 200 && kernelCpuS(pid) < 0.5; i += 1) await sleep(50);
    // Stop the child so both reads see the same counter, and wait until the kernel shows it stopped.
    process.kill(pid, 'SIGSTOP');
    for (
      let i = 0;
      i < 100 && parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state !== 'T';
      i += 1
    )
      await sleep(10);
    const sampler = new LinuxProcessSampler('/proc');
    const snapshot = sampler.sampleSync();
    const kernel = kernelCpuS(pid);
    const sample = snapshot.processes.find((p) => p.pid === pid);
    expect(kernel).toBeGreaterThanOrEqual(0.5);
    expect(sample).toBeDefined();
    expect(Math.abs((sample?.cpuS ?? 0) - kernel) / kernel).toBeLessThanOrEqual(0.02);
    expect(sample?.ppid).toBe(process.pid);
    expect(sample?.exe).toBe(process.execPath);
    expect(sample?.rssBytes).toBeGreaterThan(1024 * 1024);

    const apps = new AppGrouper({ platform: 'linux' }).groupAll(snapshot.processes, (id) =>
      sampler.commandLine(id),
    );
    const self = snapshot.processes.find((p) => p.pid === process.pid);
    expect(self).toBeDefined();
    expect(apps.get(sample?.id ?? '')).toEqual(apps.get(self?.id ?? ''));
    sampler.close();
  });

  it('drops a killed process and its cached identity', async () => {
    const child = busyChild();
    const pid = child.pid as number;
    await sleep(200);
    const sampler = new LinuxProcessSampler('/proc');
    const before = sampler.sampleSync().processes.find((p) => p.pid === pid);
    expect(before).toBeDefined();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await sleep(50);
    expect(sampler.sampleSync().processes.some((p) => p.pid === pid)).toBe(false);
    expect(sampler.commandLine(before?.id ?? '')).toBeNull();
    sampler.close();
  });

  it('sees this process and its child, with the identity of its own stat', async () => {
    const child = busyChild();
    await sleep(200);
    const sampler = new LinuxProcessSampler('/proc');
    const processes = sampler.sampleSync().processes;
    const own = processes.find((p) => p.pid === process.pid);
    expect(processes.find((p) => p.pid === child.pid)?.ppid).toBe(process.pid);
    // the identity matches our own stat read independently
    const direct = parseProcStat(readFileSync(`/proc/${process.pid}/stat`, 'utf8'));
    expect(own?.startTicks).toBe(direct?.startTicks);
    sampler.close();
  });
});

describe('CPU totals and hardware on this machine', () => {
  it('reads /proc/stat with the core count Node sees', async () => {
    const { availableParallelism } = await import('node:os');
    const a = new CpuTotalsReader('/proc').read();
    await sleep(300);
    const b = new CpuTotalsReader('/proc').read();
    expect(a.cores).toBe(availableParallelism());
    const elapsedCapacityS = ((b.atMs - a.atMs) / 1000) * a.cores;
    // busy + idle + steal grows by the cores × elapsed wall time (10 ms ticks, so ±20 % on 0.6 core-s)
    expect(b.busyS + b.idleS + b.stealS - (a.busyS + a.idleS + a.stealS)).toBeGreaterThan(
      elapsedCapacityS * 0.8,
    );
    expect(b.busyS + b.idleS + b.stealS - (a.busyS + a.idleS + a.stealS)).toBeLessThan(
      elapsedCapacityS * 1.2 + 0.05,
    );
  });

  it('leaves facts this VM lacks null (no DMI, no battery, no GPU) and uses a class default TDP', async () => {
    const hw = await new HardwareReader().read();
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    expect(hw.cpuModel).toBe(/^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim());
    expect(hw.manufacturer).toBeNull();
    expect(hw.firmwareDate).toBeNull();
    expect(hw.deviceClass).toBeNull();
    expect(hw.gpus).toEqual([]);
    expect(hw.tdp.source).toBe('class-default');
  });
});
