// Per-process CPU between two reads, the kernel's way: a process's own CPU plus what its reaped children used since
// they were last seen, so a build's short-lived compilers land on the build, never on `Exited processes`.
import type { ProcessSample } from './types.js';

/** Deeper chains of vanished ancestors than this are cut (a loop of ppids cannot occur, but a bound is cheap). */
const MAX_DEPTH = 256;

/** What is remembered of one identity between reads. */
interface Seen {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime at the last read: all the CPU this process and its reaped children used. */
  totalS: number;
  childrenS: number;
  ownS: number;
}

/**
 * Turns successive process reads into CPU seconds per identity (docs/ARCHITECTURE.md, "Process accounting").
 *
 * When a child exits and its parent waits for it, the kernel adds the child's utime + stime + cutime + cstime to
 * the parent's cutime + cstime (proc(5), fields 16–17). So between two reads a live process's CPU is
 * `Δ(utime + stime) + Δ(cutime + cstime) − Σ lastSeen(children that vanished)`, where `lastSeen` is the child's
 * own total at the previous read (already counted then), and a vanished child of a vanished parent counts as a
 * child of the first live ancestor. The subtraction is capped by the parent's
 * `Δ(cutime + cstime)`: a child its parent never waited for (SIGCHLD ignored, re-parented to a reaper) adds nothing
 * there, so nothing is taken back. A process first seen counts everything since it started, its reaped children
 * included. CPU of processes that ended and that no live process waited for is in nobody's delta: the caller's
 * remainder (`Exited processes`).
 */
export class CpuAccounting {
  private seen = new Map<string, Seen>();

  /** Forgets every identity: the next read counts nothing for processes already running (a new baseline). */
  reset(): void {
    this.seen.clear();
  }

  /**
   * CPU seconds per identity since the previous call, for every process of this complete read. With
   * `baseline`, only remembers the read and returns zeros (the first read, or the first after a gap).
   * Identities in `ownOnly` are charged their own utime + stime alone: they parent processes whose CPU is
   * counted elsewhere (a cgroup unit's counter), so what they reaped is not theirs to count again.
   */
  deltas(
    processes: readonly ProcessSample[],
    baseline = false,
    ownOnly: ReadonlySet<string> = new Set(),
  ): Map<string, number> {
    const previous = this.seen;
    const next = new Map<string, Seen>();
    for (const p of processes) next.set(p.id, seenOf(p));
    this.seen = next;
    if (baseline) return new Map(processes.map((p) => [p.id, 0]));
    const vanished: Seen[] = [];
    for (const [id, s] of previous) if (!next.has(id)) vanished.push(s);
    return charge(processes, previous, vanished, ownOnly);
  }

  /**
   * CPU seconds per identity of `changed` since each was last seen, for a partial read (the Linux light read):
   * `changed` holds the processes re-read now, `vanishedIds` the identities gone since the previous read; every
   * other remembered identity is taken as unchanged. The same rule as `deltas`, so a sequence of partial reads
   * followed by a complete one adds up to what complete reads alone would give (each step counts from the last).
   */
  partial(
    changed: readonly ProcessSample[],
    vanishedIds: readonly string[],
    ownOnly: ReadonlySet<string> = new Set(),
  ): Map<string, number> {
    const vanished: Seen[] = [];
    for (const id of vanishedIds) {
      const s = this.seen.get(id);
      if (s === undefined) continue;
      vanished.push(s);
      this.seen.delete(id);
    }
    const out = charge(changed, this.seen, vanished, ownOnly);
    for (const p of changed) this.seen.set(p.id, seenOf(p));
    return out;
  }
}

function seenOf(p: ProcessSample): Seen {
  return {
    pid: p.pid,
    ppid: p.ppid,
    ownS: p.cpuS,
    childrenS: p.childrenCpuS,
    totalS: p.cpuS + p.childrenCpuS,
  };
}

/**
 * Each process's CPU since `previous` (what was remembered of it), its reaped children included, less the
 * last-seen totals of the `vanished` identities it reaped.
 */
function charge(
  processes: readonly ProcessSample[],
  previous: ReadonlyMap<string, Seen>,
  vanishedList: readonly Seen[],
  ownOnly: ReadonlySet<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  // The last-seen totals of vanished children, by the live process that reaped them: the parent they had then,
  // or, when that parent vanished too (a compiler driver and its cc1), the first live ancestor: a parent's final
  // cutime, which its own reaper received, holds its reaped children.
  const vanished = new Map<number, Seen>();
  for (const s of vanishedList) vanished.set(s.pid, s);
  const vanishedByParent = new Map<number, number>();
  for (const s of vanished.values()) {
    let reaper = s.ppid;
    for (let depth = 0; depth < MAX_DEPTH && vanished.has(reaper); depth += 1)
      reaper = (vanished.get(reaper) as Seen).ppid;
    vanishedByParent.set(reaper, (vanishedByParent.get(reaper) ?? 0) + s.totalS);
  }
  for (const p of processes) {
    const before = previous.get(p.id);
    const own = ownOnly.has(p.id);
    if (!before) {
      out.set(p.id, Math.max(0, own ? p.cpuS : p.cpuS + p.childrenCpuS));
      continue;
    }
    const ownS = Math.max(0, p.cpuS - before.ownS);
    if (own) {
      out.set(p.id, ownS);
      continue;
    }
    const childrenS = Math.max(0, p.childrenCpuS - before.childrenS);
    // Only a parent that was this same identity at the last read can have reaped those children.
    const counted = vanishedByParent.get(p.pid) ?? 0;
    out.set(p.id, ownS + Math.max(0, childrenS - counted));
  }
  return out;
}
