// Follows the process tree of one measured command: its live CPU seconds, RSS, and the CPU of orphaned children.

/** What the tree needs to know of one process at one instant (a `/proc/<pid>/stat` reading). */
export interface TreeProcessSample {
  pid: number;
  ppid: number;
  /** Start time since boot in clock ticks: pid + start is the identity (a reused pid is a new process). */
  startTicks: number;
  /** utime + stime of the process (all its threads), seconds. */
  cpuS: number;
  /** cutime + cstime: CPU of its children that it has already reaped (the kernel's accounting), seconds. */
  reapedChildrenCpuS: number;
  rssBytes: number;
}

/** Where the tree reads processes from (the sensors' /proc parser on Linux; a fake in tests). */
export interface ProcessSource {
  /** Every process in the system right now. */
  readAll(): TreeProcessSample[];
  /** Whether the process's environment holds `entry` (`NAME=value`); false when it cannot be read. */
  carriesEnv(pid: number, entry: string): boolean;
}

/** One look at the tree. */
export interface TreeTick {
  /** CPU seconds of the live tree, each process including the children it has reaped. */
  liveCpuS: number;
  /** CPU seconds of orphans (children re-parented away from the tree) that have since ended. */
  lostOrphanCpuS: number;
  /** CPU seconds of orphans still running (already inside `liveCpuS`). */
  liveOrphanCpuS: number;
  rssBytes: number;
  processCount: number;
}

interface Tracked {
  startTicks: number;
  cpuS: number;
  orphan: boolean;
}

/**
 * The process tree rooted at one pid. Each `sample()` finds the root's descendants by parent pid, keeps
 * following children that were re-parented away (orphans whose parent died: the kernel hands their CPU to
 * init, never to us), and remembers the last CPU figure of each orphan so it is not lost when it exits.
 * A process orphaned before any sample saw it is still found when the command's environment carries
 * `envTag` (every descendant inherits it): processes started after the root are checked once each.
 * CPU of children reaped inside the tree is in their parent's `reapedChildrenCpuS`, and the root's own CPU
 * reaches our process's `cutime` when we reap it, so nothing is counted twice.
 */
export class ProcessTree {
  private readonly tracked = new Map<number, Tracked>();
  private lostOrphanCpuS = 0;
  private members: number[] = [];
  /** The root's start time, fixed at first sight: a later process with the root's pid is someone else. */
  private rootStartTicks: number | null = null;

  /** Identities (`pid:start`) outside the tree already checked for the tag (once each). */
  private readonly checked = new Set<string>();

  constructor(
    private readonly source: ProcessSource,
    private readonly rootPid: number,
    private readonly envTag: string | null = null,
  ) {}

  sample(): TreeTick {
    const all = this.source.readAll();
    const byPid = new Map(all.map((p) => [p.pid, p]));
    const children = new Map<number, TreeProcessSample[]>();
    for (const p of all) {
      const list = children.get(p.ppid);
      if (list) list.push(p);
      else children.set(p.ppid, [p]);
    }
    this.forgetEnded(byPid);

    const members = new Map<number, TreeProcessSample>();
    const root = byPid.get(this.rootPid);
    if (root && this.rootStartTicks === null) this.rootStartTicks = root.startTicks;
    const seeds: TreeProcessSample[] = [];
    if (root && root.startTicks === this.rootStartTicks) seeds.push(root);
    for (const pid of this.tracked.keys()) {
      const live = byPid.get(pid);
      if (live) seeds.push(live);
    }
    this.walk(seeds, members, children);
    this.walk(this.adopt(all, members), members, children);
    this.members = [...members.keys()];
    let liveCpuS = 0;
    let liveOrphanCpuS = 0;
    let rssBytes = 0;
    for (const p of members.values()) {
      const orphan =
        p.pid !== this.rootPid && (this.tracked.get(p.pid)?.orphan === true || !members.has(p.ppid));
      const cpuS = p.cpuS + p.reapedChildrenCpuS;
      this.tracked.set(p.pid, { startTicks: p.startTicks, cpuS, orphan });
      liveCpuS += cpuS;
      if (orphan) liveOrphanCpuS += cpuS;
      rssBytes += p.rssBytes;
    }
    return {
      liveCpuS,
      lostOrphanCpuS: this.lostOrphanCpuS,
      liveOrphanCpuS,
      rssBytes,
      processCount: members.size,
    };
  }

  /** Pids in the tree at the last sample (the root first when it was alive). */
  memberPids(): number[] {
    return [...this.members];
  }

  /** Adds everything reachable from `seeds` through parent → child links to `members`. */
  private walk(
    seeds: TreeProcessSample[],
    members: Map<number, TreeProcessSample>,
    children: Map<number, TreeProcessSample[]>,
  ): void {
    const queue = [...seeds];
    while (queue.length > 0) {
      const p = queue.pop() as TreeProcessSample;
      if (members.has(p.pid)) continue;
      members.set(p.pid, p);
      for (const child of children.get(p.pid) ?? []) queue.push(child);
    }
  }

  /** Processes outside the tree, started after the root, that carry the command's environment tag. */
  private adopt(
    all: readonly TreeProcessSample[],
    members: Map<number, TreeProcessSample>,
  ): TreeProcessSample[] {
    if (this.envTag === null || this.rootStartTicks === null) return [];
    const live = new Set<string>();
    const found: TreeProcessSample[] = [];
    for (const p of all) {
      if (p.startTicks < this.rootStartTicks) continue;
      const id = `${p.pid}:${p.startTicks}`;
      live.add(id);
      if (members.has(p.pid) || this.checked.has(id)) continue;
      this.checked.add(id);
      // Adopted once; from the next sample on it is tracked like any member.
      if (this.source.carriesEnv(p.pid, this.envTag)) found.push(p);
    }
    for (const id of this.checked) if (!live.has(id)) this.checked.delete(id);
    return found;
  }

  /** Drops processes that ended; an ended orphan's last CPU figure is kept, since no one reaps it for us. */
  private forgetEnded(byPid: Map<number, TreeProcessSample>): void {
    for (const [pid, entry] of this.tracked) {
      const live = byPid.get(pid);
      if (live && live.startTicks === entry.startTicks) continue;
      if (entry.orphan) this.lostOrphanCpuS += entry.cpuS;
      this.tracked.delete(pid);
    }
  }
}
