// Tests of the Linux sampler's light read on the desktop /proc fixture: new pids, the active set, reapers of
// vanished processes, pid reuse, and what it leaves for the next complete read.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVE_READS, LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';

const FIXTURE = 'test/fixtures/proc/desktop';
const temps: string[] = [];
function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ct-proc-light-'));
  temps.push(dir);
  cpSync(FIXTURE, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Rewrites fields of `<pid>/stat` in place (proc(5) numbering: 14 utime, 16 cutime, 22 starttime). */
function setStat(root: string, pid: number, fields: Record<number, number | string>): void {
  const path = join(root, String(pid), 'stat');
  const text = readFileSync(path, 'utf8');
  const close = text.lastIndexOf(')');
  const rest = text
    .slice(close + 2)
    .trimEnd()
    .split(' ');
  for (const [field, value] of Object.entries(fields)) rest[Number(field) - 3] = String(value);
  writeFileSync(path, `${text.slice(0, close + 2)}${rest.join(' ')}\n`);
}

/** A copy of pid `from`'s directory as a new process `pid`, child of `ppid`, started at `start` ticks. */
function spawnFixture(root: string, from: number, pid: number, ppid: number, start: number): void {
  cpSync(join(root, String(from)), join(root, String(pid)), { recursive: true, verbatimSymlinks: true });
  const path = join(root, String(pid), 'stat');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/^\d+ /, `${pid} `));
  setStat(root, pid, { 4: ppid, 22: start });
}

const ids = (samples: readonly { id: string }[]): string[] => samples.map((s) => s.id).sort();

describe('LinuxProcessSampler.lightSample', () => {
  it('reads nothing again after a first complete read where nothing moved, yet lists every process', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    const light = sampler.lightSample();
    expect(light.changed).toEqual([]);
    expect(light.vanished).toEqual([]);
    expect(light.processes).toHaveLength(22); // 22 pid directories in the fixture
  });

  it('spots a new pid within one light read, with its identity facts', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    // A new `make` (a copy of 4242) as pid 5000 under bash 4100, started at tick 90000 with 4.29 s of CPU.
    spawnFixture(root, 4242, 5000, 4100, 90000);
    const light = sampler.lightSample();
    expect(ids(light.changed)).toEqual(['5000:90000']);
    expect(light.changed[0]).toMatchObject({ ppid: 4100, name: 'make', exe: '/usr/bin/make', cpuS: 4.29 });
    expect(light.processes).toHaveLength(23);
  });

  it('re-reads a process whose CPU moved, until it has been still for ACTIVE_READS reads', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    setStat(root, 813, { 14: 1140 }); // the nginx worker used 10 s more: utime 140 → 1140 ticks
    sampler.sampleSync(); // a complete read sees it move
    setStat(root, 813, { 14: 1240 });
    const first = sampler.lightSample();
    expect(ids(first.changed)).toEqual(['813:906']);
    expect(first.changed[0]?.cpuS).toBeCloseTo(13.36, 6); // (1240 + 96) / 100
    // Still from now on: read again ACTIVE_READS times (each without a change), then left alone.
    let reads = 0;
    while (sampler.lightSample().changed.length > 0) reads += 1;
    expect(reads).toBe(ACTIVE_READS);
  });

  it('takes a still process as unchanged until the next complete read', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    setStat(root, 2712, { 14: 190 }); // the calculator was still at the complete read, then used 1 s
    expect(sampler.lightSample().changed).toEqual([]);
    expect(sampler.sampleSync().processes.find((p) => p.pid === 2712)?.cpuS).toBeCloseTo(2.21, 6); // (190 + 31) / 100
  });

  it('names a vanished process and re-reads its reaper, through a vanished parent', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    // cc1 (4250) exits and its parent make (4242) too; bash (4100) reaps make: its cutime (field 16) grows.
    rmSync(join(root, '4250'), { recursive: true });
    rmSync(join(root, '4242'), { recursive: true });
    setStat(root, 4100, { 16: 578 });
    const light = sampler.lightSample();
    expect([...light.vanished].sort()).toEqual(['4242:81234', '4250:81420']);
    expect(ids(light.changed)).toEqual(['4100:70480']);
    expect(light.changed[0]?.childrenCpuS).toBeCloseTo(5.78, 6);
    expect(light.processes).toHaveLength(20);
  });

  it('treats a pid reused by a new process as the old one vanished and a new one found', () => {
    const root = copyFixture();
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    setStat(root, 813, { 14: 1140 });
    sampler.sampleSync(); // 813 is in the active set
    setStat(root, 813, { 22: 95000, 14: 3 });
    const light = sampler.lightSample();
    expect(light.vanished).toEqual(['813:906']);
    // The new process, and the old one's parent (nginx 812), which may have reaped it.
    expect(ids(light.changed)).toEqual(['812:905', '813:95000']);
  });

  it('skips the readdir while no pid was handed out (loadavg), nothing active reaped and nothing vanished', () => {
    const root = copyFixture();
    // proc(5) loadavg: three load averages, running/total scheduling entities, the last pid handed out.
    writeFileSync(join(root, 'loadavg'), '0.08 0.03 0.01 1/178 5000\n');
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    sampler.lightSample(); // remembers the last pid, 5000
    // A new process directory while loadavg says no pid was handed out: not looked for (no readdir).
    spawnFixture(root, 4242, 5001, 4100, 90000);
    expect(sampler.lightSample().changed).toEqual([]);
    writeFileSync(join(root, 'loadavg'), '0.08 0.03 0.01 1/179 5001\n');
    expect(ids(sampler.lightSample().changed)).toEqual(['5001:90000']);
  });

  it('lists the pids when an active process reaped a child, though no pid was handed out', () => {
    const root = copyFixture();
    writeFileSync(join(root, 'loadavg'), '0.08 0.03 0.01 1/178 5000\n');
    const sampler = new LinuxProcessSampler(root);
    sampler.sampleSync();
    setStat(root, 4242, { 14: 400 }); // make moved: in the active set
    sampler.sampleSync();
    sampler.lightSample();
    // cc1 (4250, 1.49 s seen) exits and make reaps it: make's cutime grows by 1.49 s; loadavg unchanged.
    rmSync(join(root, '4250'), { recursive: true });
    setStat(root, 4242, { 16: 149 });
    const light = sampler.lightSample();
    expect(light.vanished).toEqual(['4250:81420']);
    expect(ids(light.changed)).toEqual(['4242:81234']);
    expect(light.changed[0]?.childrenCpuS).toBeCloseTo(1.49, 6);
  });
});
