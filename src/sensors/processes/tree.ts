// The process tree of one command followed across reads, its CPU through the product's one CpuAccounting.
import { CpuAccounting } from './accounting.js';
import type { ProcessSample } from './types.js';

/** A process of the tree at the latest read, with the CPU it has used since it started. */
export interface TreeMember {
  pid: number;
  name: string;
  /** CPU seconds of the process and of the children it has reaped, since it started. */
  cpuS: number;
}

/** The tree at one read. */
export interface TreeRead {
  /**
   * CPU seconds of the whole tree since the command started: each member's CPU between reads (reaped children
   * included), CPU of members that ended since, and the root's last moments once we reaped it.
   */
  cpuS: number;
  rssBytes: number;
  /** The live members, the root first while it lives. */
  members: TreeMember[];
  rootAlive: boolean;
}

/** How the tree finds the command's processes. */
export interface TreeOptions {
  /** Our own pid: the root's parent, whose reaped-children CPU holds the root's last moments once it exited. */
  selfPid: number;
  /**
   * `NAME=value` in the command's environment (every descendant inherits it), so a process re-parented away
   * before a read saw it in the tree is still found; null to follow parent links only.
   */
  envTag: string | null;
  /** Whether a process's environment holds an entry (the sensors' sampler reads `<pid>/environ`). */
  environHas(pid: number, entry: string): boolean;
}

/**
 * The processes of one command: the root, its descendants by parent pid, descendants re-parented away after
 * their parent died (orphans: the kernel hands their CPU to init when they end, never to us, so they are
 * followed), and processes that carry the command's environment tag. Each read charges every member the CPU
 * `CpuAccounting` gives it (docs/ARCHITECTURE.md, "Process accounting"): a member's own CPU plus what its
 * reaped children used since they were last seen, so a compiler that lived between two reads is counted once,
 * through its parent. When the root has exited and we reaped it, our own reaped-children delta is its CPU
 * since the last read: the kernel's figure, not a guess. An orphan's CPU after its last read is lost (init
 * reaps it); at 10 reads a second that is a few clock ticks.
 */
export class ProcessTree {
  private readonly accounting = new CpuAccounting();
  private rootPid: number | null = null;
  private rootId: string | null = null;
  /** Identities in the tree at the last read, with their CPU since they started. */
  private members = new Map<string, number>();
  /** Identities first seen after the baseline and already checked for the tag (once each). */
  private readonly checked = new Set<string>();
  private baselineIds = new Set<string>();
  private selfCpuS: number | null = null;
  private totalS = 0;

  constructor(private readonly options: TreeOptions) {}

  /** The read before the command starts: none of these processes' CPU so far is the command's. */
  baseline(processes: readonly ProcessSample[]): void {
    this.accounting.deltas(processes, true);
    this.baselineIds = new Set(processes.map((p) => p.id));
    this.selfCpuS = this.selfOf(processes)?.cpuS ?? null;
  }

  /** The command started as `pid` (after `baseline`). */
  started(pid: number): void {
    this.rootPid = pid;
  }

  read(processes: readonly ProcessSample[]): TreeRead {
    const deltas = this.accounting.deltas(processes);
    const byPid = new Map<number, ProcessSample>();
    const children = new Map<number, ProcessSample[]>();
    for (const p of processes) {
      byPid.set(p.pid, p);
      const list = children.get(p.ppid);
      if (list) list.push(p);
      else children.set(p.ppid, [p]);
    }
    const root = this.rootPid === null ? undefined : byPid.get(this.rootPid);
    // Fixed at first sight, as our child: a later process with that pid is someone else.
    if (root && this.rootId === null && root.ppid === this.options.selfPid && !this.baselineIds.has(root.id))
      this.rootId = root.id;
    const rootAlive = root !== undefined && root.id === this.rootId;

    const seeds: ProcessSample[] = rootAlive ? [root] : [];
    for (const p of processes) if (p.id !== this.rootId && this.members.has(p.id)) seeds.push(p);
    const found = new Map<string, ProcessSample>();
    this.walk(seeds, found, children);
    this.walk(this.adopt(processes, found), found, children);

    const next = new Map<string, number>();
    let rssBytes = 0;
    for (const p of found.values()) {
      const deltaS = deltas.get(p.id) ?? 0;
      this.totalS += deltaS;
      next.set(p.id, (this.members.get(p.id) ?? 0) + deltaS);
      rssBytes += p.rssBytes;
    }
    this.members = next;
    this.totalS += this.reapedBySelf(processes, deltas);
    const members = [...found.values()].map((p) => ({
      pid: p.pid,
      name: p.name,
      cpuS: next.get(p.id) ?? 0,
    }));
    return { cpuS: this.totalS, rssBytes, members, rootAlive };
  }

  /** Pids of the tree at the last read. */
  memberPids(): number[] {
    return [...this.members.keys()].map((id) => Number(id.slice(0, id.indexOf(':'))));
  }

  /**
   * Our own delta minus our own CPU: what we reaped since the last read, net of what was already counted (the
   * root's last-seen total and its vanished descendants', which `CpuAccounting` takes back). Only the command
   * is our child, so this is the CPU the root used after its last read.
   */
  private reapedBySelf(processes: readonly ProcessSample[], deltas: Map<string, number>): number {
    const self = this.selfOf(processes);
    if (!self) return 0;
    const ownS = this.selfCpuS === null ? 0 : Math.max(0, self.cpuS - this.selfCpuS);
    this.selfCpuS = self.cpuS;
    return Math.max(0, (deltas.get(self.id) ?? 0) - ownS);
  }

  private selfOf(processes: readonly ProcessSample[]): ProcessSample | undefined {
    return processes.find((p) => p.pid === this.options.selfPid);
  }

  /** Adds everything reachable from `seeds` through parent → child links to `found`. */
  private walk(
    seeds: readonly ProcessSample[],
    found: Map<string, ProcessSample>,
    children: Map<number, ProcessSample[]>,
  ): void {
    const queue = [...seeds];
    while (queue.length > 0) {
      const p = queue.pop() as ProcessSample;
      if (found.has(p.id) || p.pid === this.options.selfPid) continue;
      found.set(p.id, p);
      for (const child of children.get(p.pid) ?? []) queue.push(child);
    }
  }

  /** Processes newer than the baseline, outside the tree, that carry the command's tag: checked once each. */
  private adopt(processes: readonly ProcessSample[], found: Map<string, ProcessSample>): ProcessSample[] {
    const { envTag } = this.options;
    if (envTag === null || this.rootPid === null) return [];
    const live = new Set<string>();
    const adopted: ProcessSample[] = [];
    for (const p of processes) {
      live.add(p.id);
      if (this.baselineIds.has(p.id) || p.pid === this.options.selfPid) continue;
      if (found.has(p.id) || this.checked.has(p.id)) continue;
      this.checked.add(p.id);
      if (this.options.environHas(p.pid, envTag)) adopted.push(p);
    }
    for (const id of this.checked) if (!live.has(id)) this.checked.delete(id);
    for (const id of this.baselineIds) if (!live.has(id)) this.baselineIds.delete(id);
    return adopted;
  }
}
