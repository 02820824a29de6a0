// ProcessTree over scripted process reads: descendants, reaped children, orphans, the root's end, pid reuse, tags.
import { describe, expect, it } from 'vitest';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';
import { ProcessTree } from '../../../src/sensors/processes/tree.js';
import type { ProcessSample } from '../../../src/sensors/processes/types.js';

const SELF = 50;
const TAG = 'CARBON_TRAY_MEASURE=t1';

/** One process: own CPU `cpuS`, reaped children's `childrenCpuS` (the kernel's cutime + cstime). */
const p = (pid: number, ppid: number, cpuS: number, extra: Partial<ProcessSample> = {}): ProcessSample => {
  const startTicks = extra.startTicks ?? pid * 10;
  return {
    id: `${pid}:${startTicks}`,
    pid,
    startTicks,
    ppid,
    name: `p${pid}`,
    cpuS,
    childrenCpuS: 0,
    rssBytes: 1e6,
    uid: 1000,
    kernelThread: false,
    exe: null,
    cgroup: null,
    ...extra,
  };
};

const init = p(1, 0, 50);
const unrelated = p(7, 1, 3);
/** Us (the measuring process), with `childrenCpuS` the CPU of what we reaped: only ever the command. */
const self = (cpuS: number, childrenCpuS = 0): ProcessSample => p(SELF, 1, cpuS, { childrenCpuS });

/** A tree rooted at pid 100 (our child), after a baseline read of init, an unrelated process and us. */
function treeOf(tagged: ReadonlySet<number> = new Set()): { tree: ProcessTree; asked: number[] } {
  const asked: number[] = [];
  const tree = new ProcessTree({
    selfPid: SELF,
    envTag: TAG,
    environHas: (pid, entry) => {
      asked.push(pid);
      return entry === TAG && tagged.has(pid);
    },
  });
  tree.baseline([init, unrelated, self(1)]);
  tree.started(100);
  return { tree, asked };
}

describe('ProcessTree', () => {
  it('sums the root and its descendants since they started, not other processes', () => {
    const { tree } = treeOf();
    const read = tree.read([init, unrelated, self(1), p(100, SELF, 1), p(101, 100, 2), p(102, 101, 0.5)]);
    expect(read.cpuS).toBeCloseTo(3.5, 9);
    expect(read.rssBytes).toBe(3e6);
    expect(read.members.map((m) => m.pid).sort()).toEqual([100, 101, 102]);
    expect(read.rootAlive).toBe(true);
  });

  it('counts a child reaped between reads once, through its parent’s cutime', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 1), p(101, 100, 2)]);
    // 101 used 0.4 s more after the first read, then 100 reaped it: cutime 2.4.
    const read = tree.read([init, self(1), p(100, SELF, 1.1, { childrenCpuS: 2.4 })]);
    expect(read.cpuS).toBeCloseTo(3.5, 9);
  });

  it('counts a compiler driver and its cc1 that ended between reads against the first live ancestor', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 0.1), p(101, 100, 0.2), p(102, 101, 0.3)]);
    // 102 (cc1) gained 0.5 s and was reaped by 101 (cc), which gained 0.1 s and was reaped by 100 (make).
    const read = tree.read([init, self(1), p(100, SELF, 0.1, { childrenCpuS: 0.3 + 0.8 })]);
    expect(read.cpuS).toBeCloseTo(0.1 + 0.3 + 0.8, 9);
  });

  it('takes the root’s last moments from our own reaped-children CPU, and nothing of our own CPU', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 1), p(101, 100, 0.5)]);
    // After the read: 101 used 0.2 s more and was reaped by 100, which used 0.3 s more; we reaped 100, whose
    // final utime + stime + cutime + cstime (1.3 + 0.7) reached our cutime. We used 0.25 s ourselves meanwhile.
    const read = tree.read([init, self(1.25, 2.0)]);
    expect(read.cpuS).toBeCloseTo(2.0, 9);
    expect(read.rootAlive).toBe(false);
    expect(read.members).toEqual([]);
  });

  it('counts a root that ended before any read saw it, through our cutime', () => {
    const { tree } = treeOf();
    expect(tree.read([init, self(1.01, 0.03)]).cpuS).toBeCloseTo(0.03, 9);
  });

  it('follows an orphan re-parented to init and keeps its CPU after it ends', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 0.1), p(101, 100, 0.1), p(102, 101, 0.2)]);
    // 101 exited (reaped by 100); 102 was re-parented to init.
    expect(
      tree.read([init, self(1), p(100, SELF, 0.1, { childrenCpuS: 0.1 }), p(102, 1, 0.6)]).cpuS,
    ).toBeCloseTo(0.8, 9);
    const third = tree.read([init, self(1), p(100, SELF, 0.1, { childrenCpuS: 0.1 }), p(102, 1, 0.9)]);
    expect(third.cpuS).toBeCloseTo(1.1, 9);
    expect(third.members.find((m) => m.pid === 102)?.cpuS).toBeCloseTo(0.9, 9);
    // 102 ended and init reaped it: its 0.9 s stay counted; init's cutime is not ours.
    expect(tree.read([init, self(1), p(100, SELF, 0.1, { childrenCpuS: 0.1 })]).cpuS).toBeCloseTo(1.1, 9);
  });

  it('names what outlived the command, with its CPU so far', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 0.01), p(101, 100, 0.2)]);
    // sh (100) exited right after starting 101 in the background; 101 was re-parented to init.
    const read = tree.read([init, self(1, 0.02), p(101, 1, 1.5)]);
    expect(read.members).toEqual([{ pid: 101, name: 'p101', cpuS: 1.5 }]);
    expect(read.cpuS).toBeCloseTo(0.02 + 1.5, 9);
  });

  it('treats a reused pid as a new process, outside the tree', () => {
    const { tree } = treeOf();
    expect(tree.read([init, self(1), p(100, SELF, 1)]).members).toHaveLength(1);
    // We reaped the root (its 1 s reached our cutime); pid 100 now belongs to someone else's new process.
    const read = tree.read([init, self(1, 1), p(100, 1, 5, { startTicks: 99_999 })]);
    expect(read.members).toHaveLength(0);
    expect(read.cpuS).toBeCloseTo(1, 9);
  });

  it('follows children an orphan starts', () => {
    const { tree } = treeOf();
    tree.read([init, self(1), p(100, SELF, 0), p(101, 100, 0)]);
    const read = tree.read([init, self(1), p(101, 1, 0.2), p(103, 101, 0.3)]);
    expect(read.members).toHaveLength(2);
    expect(read.cpuS).toBeCloseTo(0.5, 9);
  });

  it('adopts a process orphaned before any read saw it, by the environment tag, and nothing else', () => {
    // 103 was started by a child of 100 that exited before the first read; 104 is unrelated and newer than the
    // baseline; 7 and init were in the baseline and are never asked about.
    const { tree, asked } = treeOf(new Set([103]));
    const first = tree.read([init, unrelated, self(1), p(100, SELF, 0.1), p(103, 1, 0.2), p(104, 1, 0.3)]);
    expect(first.members.map((m) => m.pid).sort()).toEqual([100, 103]);
    expect(first.cpuS).toBeCloseTo(0.3, 9);
    expect(
      tree.read([init, unrelated, self(1), p(100, SELF, 0.1), p(103, 1, 0.7), p(104, 1, 0.9)]).cpuS,
    ).toBeCloseTo(0.8, 9);
    expect(tree.read([init, unrelated, self(1), p(100, SELF, 0.1), p(104, 1, 1.2)]).cpuS).toBeCloseTo(0.8, 9);
    // Each newer identity outside the tree is asked about once.
    expect(asked.sort()).toEqual([103, 104]);
  });
});

// /proc files captured on this VM (test/fixtures/proc/measure/README.md).
const MEASURE_FIXTURE = 'test/fixtures/proc/measure';

describe('LinuxProcessSampler, the facts measure needs', () => {
  it('finds the command’s tag in a NUL-separated environ, and nothing in a process without one', () => {
    const sampler = new LinuxProcessSampler(MEASURE_FIXTURE);
    expect(sampler.environHas(7224, 'CARBON_TRAY_MEASURE=7213.1795000000000.5b1e')).toBe(true);
    expect(sampler.environHas(7224, 'CARBON_TRAY_MEASURE=7213')).toBe(false);
    expect(sampler.environHas(7216, 'CARBON_TRAY_MEASURE=7213.1795000000000.5b1e')).toBe(false);
  });

  it('tells whether a process runs in the foreground process group of a terminal', () => {
    const sampler = new LinuxProcessSampler(MEASURE_FIXTURE);
    // self/stat was captured under a pseudo-terminal (tpgid 7341 = pgrp 7341); 7216 had no terminal (tpgid -1).
    expect(sampler.inForegroundGroup()).toBe(true);
    expect(sampler.inForegroundGroup(7216)).toBe(false);
    expect(sampler.inForegroundGroup(99_999)).toBe(false);
  });
});
