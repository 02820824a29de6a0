// ProcessTree over scripted process lists: descendants, reaped children, orphans, pid reuse.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../../src/cli/measure-tree.js';
import type { ProcessSource, TreeProcessSample } from '../../../src/cli/measure-tree.js';

/** A source that returns one scripted list per sample. */
class ScriptedSource implements ProcessSource {
  private index = 0;
  constructor(private readonly frames: TreeProcessSample[][]) {}
  readAll(): TreeProcessSample[] {
    const frame = this.frames[Math.min(this.index, this.frames.length - 1)] as TreeProcessSample[];
    this.index += 1;
    return frame;
  }
}

const p = (
  pid: number,
  ppid: number,
  cpuS: number,
  extra: Partial<TreeProcessSample> = {},
): TreeProcessSample => ({
  pid,
  ppid,
  startTicks: pid * 10,
  cpuS,
  reapedChildrenCpuS: 0,
  rssBytes: 1e6,
  ...extra,
});

const init = p(1, 0, 50);
const unrelated = p(7, 1, 3);

describe('ProcessTree', () => {
  it('sums the root and its descendants, not other processes', () => {
    const tree = new ProcessTree(
      new ScriptedSource([[init, unrelated, p(100, 1, 1), p(101, 100, 2), p(102, 101, 0.5)]]),
      100,
    );
    const tick = tree.sample();
    expect(tick.liveCpuS).toBeCloseTo(3.5, 9);
    expect(tick.rssBytes).toBe(3e6);
    expect(tick.processCount).toBe(3);
    expect(tick.liveOrphanCpuS).toBe(0);
    expect(tree.memberPids().sort()).toEqual([100, 101, 102]);
  });

  it('counts a reaped child once, through its parent’s cutime', () => {
    const tree = new ProcessTree(
      new ScriptedSource([
        [init, p(100, 1, 1), p(101, 100, 2)],
        [init, p(100, 1, 1.1, { reapedChildrenCpuS: 2.4 })],
      ]),
      100,
    );
    tree.sample();
    const tick = tree.sample();
    expect(tick.liveCpuS).toBeCloseTo(3.5, 9);
    expect(tick.lostOrphanCpuS).toBe(0);
  });

  it('follows an orphan re-parented to init and keeps its CPU after it ends', () => {
    const tree = new ProcessTree(
      new ScriptedSource([
        [init, p(100, 1, 0.1), p(101, 100, 0.1), p(102, 101, 0.2)],
        // 101 exited (reaped by 100); 102 was re-parented to init.
        [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 }), p(102, 1, 0.6)],
        [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 }), p(102, 1, 0.9)],
        // 102 ended: init reaped it, so only the tree remembers its 0.9 s.
        [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 })],
      ]),
      100,
    );
    tree.sample();
    expect(tree.sample().liveOrphanCpuS).toBeCloseTo(0.6, 9);
    const third = tree.sample();
    expect(third.liveOrphanCpuS).toBeCloseTo(0.9, 9);
    expect(third.liveCpuS).toBeCloseTo(1.1, 9);
    const last = tree.sample();
    expect(last.lostOrphanCpuS).toBeCloseTo(0.9, 9);
    expect(last.liveOrphanCpuS).toBe(0);
  });

  it('treats a reused pid as a new process, outside the tree', () => {
    const tree = new ProcessTree(
      new ScriptedSource([
        [init, p(100, 1, 1)],
        [init, p(100, 1, 5, { startTicks: 99_999 })],
      ]),
      100,
    );
    expect(tree.sample().processCount).toBe(1);
    const tick = tree.sample();
    expect(tick.processCount).toBe(0);
    expect(tick.liveCpuS).toBe(0);
  });

  it('follows children an orphan starts', () => {
    const tree = new ProcessTree(
      new ScriptedSource([
        [init, p(100, 1, 0), p(101, 100, 0)],
        [init, p(101, 1, 0.2), p(103, 101, 0.3)],
      ]),
      100,
    );
    tree.sample();
    const tick = tree.sample();
    expect(tick.processCount).toBe(2);
    expect(tick.liveOrphanCpuS).toBeCloseTo(0.2, 9);
    expect(tick.liveCpuS).toBeCloseTo(0.5, 9);
  });
});
