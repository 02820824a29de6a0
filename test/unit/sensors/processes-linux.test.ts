// Tests of the Linux sampler on the desktop /proc fixture, including pid reuse and vanished processes.
import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';

const FIXTURE = 'test/fixtures/proc/desktop';
const temps: string[] = [];
function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-proc-'));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LinuxProcessSampler on the desktop fixture', () => {
  it('reads every process with identity, CPU seconds, RSS, uid, exe and cgroup', () => {
    const { processes } = new LinuxProcessSampler(FIXTURE).sampleSync();
    expect(processes).toHaveLength(22); // 22 pid directories in test/fixtures/proc/desktop
    const firefox = processes.find((p) => p.pid === 2210);
    // desktop/2210/stat: utime 98120 + stime 20533 ticks at USER_HZ 100; rss 112640 pages of 4 KiB
    expect(firefox).toMatchObject({
      id: '2210:31877',
      ppid: 1501,
      name: 'firefox',
      uid: 1000,
      exe: '/usr/lib/firefox/firefox',
      cgroup: '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-2210.scope',
      kernelThread: false,
    });
    expect(firefox?.cpuS).toBeCloseTo(1186.53, 6);
    expect(firefox?.rssBytes).toBe(112640 * 4096);
    const rcu = processes.find((p) => p.pid === 15);
    expect(rcu).toMatchObject({ kernelThread: true, exe: null, rssBytes: 0, cpuS: 18.53 });
  });

  it('keeps the command line out of samples but offers it for grouping', () => {
    const sampler = new LinuxProcessSampler(FIXTURE);
    const { processes } = sampler.sampleSync();
    const python = processes.find((p) => p.pid === 3071);
    expect(JSON.stringify(python)).not.toContain('hunter2');
    expect(sampler.commandLine(python?.id ?? '')).toEqual(['python3', 'app.py', '--token', 'hunter2']);
  });

  it('treats a reused pid with a new start time as a new identity and re-reads its exe', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    const before = sampler.sampleSync().processes.find((p) => p.pid === 4242);
    expect(before).toMatchObject({ id: '4242:81234', exe: '/usr/bin/make', cpuS: 4.29 });
    // pid 4242 exits and the kernel hands the pid to a new `gzip` started at tick 90000
    const stat = readFileSync(join(root, '4242/stat'), 'utf8')
      .replace('(make)', '(gzip)')
      .replace(' 377 52 ', ' 3 1 ')
      .replace(' 81234 ', ' 90000 ');
    writeFileSync(join(root, '4242/stat'), stat);
    unlinkSync(join(root, '4242/exe'));
    symlinkSync('/usr/bin/gzip', join(root, '4242/exe'));
    const after = sampler.sampleSync().processes.find((p) => p.pid === 4242);
    expect(after).toMatchObject({ id: '4242:90000', name: 'gzip', exe: '/usr/bin/gzip', cpuS: 0.04 });
    expect(sampler.commandLine('4242:81234')).toBeNull(); // the old identity left the cache
  });

  it('skips a process that vanished (no stat) and one that vanished between stat and status', () => {
    const root = copyFixture();
    rmSync(join(root, '4250'), { recursive: true });
    unlinkSync(join(root, '2305/status'));
    const pids = new LinuxProcessSampler(root).sampleSync().processes.map((p) => p.pid);
    expect(pids).not.toContain(4250);
    expect(pids).not.toContain(2305);
    expect(pids).toHaveLength(20);
  });
});

describe('kept stat descriptors', () => {
  it('give the same samples as opening every file, and see rewritten counters', () => {
    const root = copyFixture();
    const kept = new LinuxProcessSampler(root);
    const opened = new LinuxProcessSampler(root, { maxOpenStatFiles: 0 });
    kept.sampleSync();
    const path = join(root, '813/stat');
    // the worker used 1000 more utime ticks: 140 → 1140, so cpuS 2.36 → 12.36
    writeFileSync(path, readFileSync(path, 'utf8').replace(' 140 96 ', ' 1140 96 '));
    const a = kept.sampleSync().processes;
    expect(a).toEqual(opened.sampleSync().processes);
    expect(a.find((p) => p.pid === 813)?.cpuS).toBeCloseTo(12.36, 6);
    kept.close();
    expect(kept.sampleSync().processes).toHaveLength(22);
    kept.close();
  });
});
