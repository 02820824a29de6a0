import { describe, expect, it } from 'vitest';
import { CpuAccounting } from '../../../src/sensors/processes/accounting.js';
import type { ProcessSample } from '../../../src/sensors/processes/types.js';

/**
 * A process as /proc/<pid>/stat shows it. `own` is utime + stime, `children` cutime + cstime (proc(5) fields
 * 14–17), both in seconds: when a parent waits for a child, the kernel adds the child's own + children to the
 * parent's children fields (proc(5), "cutime": "time that this process's waited-for children have been
 * scheduled").
 */
function proc(pid: number, ppid: number, own: number, children = 0, start = 1): ProcessSample {
  return {
    id: `${pid}:${start}`,
    pid,
    startTicks: start,
    ppid,
    name: `p${pid}`,
    cpuS: own,
    childrenCpuS: children,
    rssBytes: 0,
    uid: 0,
    kernelThread: false,
    exe: null,
    cgroup: null,
  };
}

describe('CpuAccounting', () => {
  it('charges a reaped child’s CPU since it was last seen to its live parent, never twice', () => {
    const acc = new CpuAccounting();
    acc.deltas([proc(10, 1, 1), proc(11, 10, 2, 0.5)], true);
    // 11 ran 3 more seconds (2 → 5, children 0.5 → 0.5) and exited; 10 waited: its cutime grew by 5.5.
    const d = acc.deltas([proc(10, 1, 1.25, 5.5)]);
    // 10: own 0.25 + reaped 5.5 − 11's total at the last read (2.5, counted then) = 3.25.
    expect(d.get('10:1')).toBeCloseTo(3.25, 9);
  });

  it('charges a grandchild that vanished with its parent to the first live ancestor, once', () => {
    const acc = new CpuAccounting();
    // make (60) → cc (61) → cc1 (62), cc1 seen with 2 s.
    acc.deltas([proc(60, 1, 1), proc(61, 60, 0.1), proc(62, 61, 2)], true);
    // cc1 ran 1 s more and was reaped by cc (cc's cutime 3), cc then reaped by make: make's cutime + 0.1 + 3.
    const d = acc.deltas([proc(60, 1, 1, 3.1)]);
    // 3.1 reaped − 0.1 (cc seen) − 2 (cc1 seen) = the 1 s cc1 used since the last read.
    expect(d.get('60:1')).toBeCloseTo(1, 9);
  });

  it('charges an identity in ownOnly its own utime + stime alone (what it reaped is counted by a unit)', () => {
    const acc = new CpuAccounting();
    acc.deltas([proc(1, 0, 5, 100), proc(40, 1, 2)], true);
    // init reaped 40 (2 s seen + 1.5 s since): its cutime grew by 3.5; its own CPU by 0.25.
    const ownOnly = new Set(['1:1']);
    const d = acc.deltas([proc(1, 0, 5.25, 103.5), proc(41, 1, 0.5, 7)], false, ownOnly);
    expect(d.get('1:1')).toBeCloseTo(0.25, 9);
    // first seen: its own total since it started, not its children's
    const first = acc.deltas(
      [proc(1, 0, 5.5, 103.5), proc(41, 1, 0.5, 7), proc(2, 0, 1, 9)],
      false,
      new Set(['2:1']),
    );
    expect(first.get('2:1')).toBeCloseTo(1, 9);
    expect(first.get('1:1')).toBeCloseTo(0.25, 9);
  });

  it('counts a child that started and ended between two reads wholly on its parent', () => {
    const acc = new CpuAccounting();
    acc.deltas([proc(20, 1, 0)], true);
    const d = acc.deltas([proc(20, 1, 0.1, 4)]);
    expect(d.get('20:1')).toBeCloseTo(4.1, 9);
  });

  it('takes nothing back from a parent that never waited for its vanished child', () => {
    const acc = new CpuAccounting();
    acc.deltas([proc(30, 1, 1), proc(31, 30, 3)], true);
    // 31 vanished but 30's cutime did not grow (SIGCHLD ignored: the kernel reaps it and accounts it nowhere).
    const d = acc.deltas([proc(30, 1, 1.5)]);
    expect(d.get('30:1')).toBeCloseTo(0.5, 9);
  });

  it('counts a new process from its start, its reaped children included, and a reused pid as new', () => {
    const acc = new CpuAccounting();
    acc.deltas([proc(40, 1, 7, 0, 100)], true);
    const d = acc.deltas([proc(40, 1, 0.3, 0.2, 900)]);
    expect(d.get('40:900')).toBeCloseTo(0.5, 9);
    // The old 40 vanished with parent 1, which is not in this read: nobody is charged for it.
    expect(d.size).toBe(1);
  });

  it('returns zeros for a baseline and after reset()', () => {
    const acc = new CpuAccounting();
    expect([...acc.deltas([proc(50, 1, 9, 9)], true).values()]).toEqual([0]);
    acc.reset();
    expect(acc.deltas([proc(50, 1, 10, 9)]).get('50:1')).toBeCloseTo(19, 9);
  });

  it('adds partial reads and the complete read after them up to what complete reads alone give', () => {
    // make (10) runs cc (11) which is seen once by a partial read with 0.5 s, then exits and is reaped:
    // make's cutime + cstime grows by cc's 1.2 s total (proc(5) fields 16–17).
    const steps = [
      [proc(10, 1, 1)],
      [proc(10, 1, 1.1), proc(11, 10, 0.5)],
      [proc(10, 1, 1.2, 1.2)],
      [proc(10, 1, 1.5, 1.2)],
    ];
    const complete = new CpuAccounting();
    complete.deltas(steps[0] as ProcessSample[], true);
    const direct = complete.deltas(steps[3] as ProcessSample[]).get('10:1') ?? 0;
    const acc = new CpuAccounting();
    acc.deltas(steps[0] as ProcessSample[], true);
    const first = acc.partial(steps[1] as ProcessSample[], []);
    const second = acc.partial(steps[2] as ProcessSample[], ['11:1']);
    const last = acc.deltas(steps[3] as ProcessSample[]);
    // 0.1 (make) + 0.5 (cc as seen) | make 0.1 + reaped 1.2 − cc's 0.5 seen = 0.8 | make 0.3.
    expect((first.get('10:1') ?? 0) + (first.get('11:1') ?? 0)).toBeCloseTo(0.6, 9);
    expect(second.get('10:1')).toBeCloseTo(0.8, 9);
    expect(last.get('10:1')).toBeCloseTo(0.3, 9);
    // 1.7 s in all: make's 0.5 of its own and cc's 1.2, the same as one complete read over the whole span.
    expect(direct).toBeCloseTo(1.7, 9);
    expect(
      (first.get('10:1') ?? 0) +
        (first.get('11:1') ?? 0) +
        (second.get('10:1') ?? 0) +
        (last.get('10:1') ?? 0),
    ).toBeCloseTo(direct, 9);
  });
});
