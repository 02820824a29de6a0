// ProcessTree over scripted process lists: descendants, reaped children, orphans, pid reuse.
import { describe, expect, it } from 'vitest';
import { ProcessTree } from '../../../src/measure/tree.js';
import type { ProcessSource, TreeProcessSample } from '../../../src/measure/tree.js';

/** A source that returns one scripted list per sample. */
class ScriptedSource implements ProcessSource {
  private index = 0;
  /** Pids whose environment was asked about. */
  readonly asked: number[] = [];
  constructor(
    private readonly frames: TreeProcessSample[][],
    private readonly tagged: ReadonlySet<number> = new Set(),
  ) {}
  carriesEnv(pid: number, entry: string): boolean {
    this.asked.push(pid);
    return entry === 'CARBON_TRAY_MEASURE=t1' && this.tagged.has(pid);
  }
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

/** The tree of root pid 100 over scripted process lists, one list per sample (the last one repeats). */
const treeOf = (...frames: TreeProcessSample[][]): ProcessTree =>
  new ProcessTree(new ScriptedSource(frames), 100);

describe('ProcessTree', () => {
  it('sums the root and its descendants, not other processes', () => {
    const tree = treeOf([init, unrelated, p(100, 1, 1), p(101, 100, 2), p(102, 101, 0.5)]);
    const tick = tree.sample();
    expect(tick.liveCpuS).toBeCloseTo(3.5, 9);
    expect(tick.rssBytes).toBe(3e6);
    expect(tick.processCount).toBe(3);
    expect(tick.liveOrphanCpuS).toBe(0);
    expect(tree.memberPids().sort()).toEqual([100, 101, 102]);
  });

  it('counts a reaped child once, through its parent’s cutime', () => {
    const tree = treeOf(
      [init, p(100, 1, 1), p(101, 100, 2)],
      [init, p(100, 1, 1.1, { reapedChildrenCpuS: 2.4 })],
    );
    tree.sample();
    const tick = tree.sample();
    expect(tick.liveCpuS).toBeCloseTo(3.5, 9);
    expect(tick.lostOrphanCpuS).toBe(0);
  });

  it('follows an orphan re-parented to init and keeps its CPU after it ends', () => {
    const tree = treeOf(
      [init, p(100, 1, 0.1), p(101, 100, 0.1), p(102, 101, 0.2)],
      // 101 exited (reaped by 100); 102 was re-parented to init.
      [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 }), p(102, 1, 0.6)],
      [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 }), p(102, 1, 0.9)],
      // 102 ended: init reaped it, so only the tree remembers its 0.9 s.
      [init, p(100, 1, 0.1, { reapedChildrenCpuS: 0.1 })],
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
    const tree = treeOf([init, p(100, 1, 1)], [init, p(100, 1, 5, { startTicks: 99_999 })]);
    expect(tree.sample().processCount).toBe(1);
    const tick = tree.sample();
    expect(tick.processCount).toBe(0);
    expect(tick.liveCpuS).toBe(0);
  });

  it('follows children an orphan starts', () => {
    const tree = treeOf([init, p(100, 1, 0), p(101, 100, 0)], [init, p(101, 1, 0.2), p(103, 101, 0.3)]);
    tree.sample();
    const tick = tree.sample();
    expect(tick.processCount).toBe(2);
    expect(tick.liveOrphanCpuS).toBeCloseTo(0.2, 9);
    expect(tick.liveCpuS).toBeCloseTo(0.5, 9);
  });

  it('adopts a process orphaned before any sample saw it, by the environment tag, and nothing else', () => {
    const source = new ScriptedSource(
      [
        // 103 was started by a child of 100 that exited before this first sample; 104 is unrelated and
        // newer than the root; 7 is older than the root and never asked about.
        [init, unrelated, p(100, 1, 0.1), p(103, 1, 0.2), p(104, 1, 0.3)],
        [init, unrelated, p(100, 1, 0.1), p(103, 1, 0.7), p(104, 1, 0.9)],
        [init, unrelated, p(100, 1, 0.1), p(104, 1, 1.2)],
      ],
      new Set([103]),
    );
    const tree = new ProcessTree(source, 100, 'CARBON_TRAY_MEASURE=t1');
    const first = tree.sample();
    expect(first.processCount).toBe(2);
    expect(first.liveOrphanCpuS).toBeCloseTo(0.2, 9);
    expect(tree.sample().liveOrphanCpuS).toBeCloseTo(0.7, 9);
    expect(tree.sample().lostOrphanCpuS).toBeCloseTo(0.7, 9);
    // Each newer identity outside the tree is asked about once; older processes (init, 7) never.
    expect(source.asked.sort()).toEqual([103, 104]);
  });
});
