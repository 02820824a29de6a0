// The shapes every process sampler returns, whatever the OS: one ProcessSample per process per tick.

// The kinds a process can be grouped under are part of the domain's vocabulary.
export type { ProcessAppKind } from '../../core/vocabulary.js';

/**
 * One process at one instant. `id` (pid + start time) is the identity: a reused pid is a new process.
 * Cumulative counters (`cpuS`) only grow for one identity, so the engine can take deltas between ticks.
 * There is deliberately no command line here: samples may be stored or served (the `storeCommandLines` setting, README).
 */
export interface ProcessSample {
  /** `${pid}:${startTicks}` — stable for the life of the process, different for a reused pid. */
  id: string;
  pid: number;
  /** Start time in clock ticks since boot (Linux), or epoch milliseconds elsewhere. */
  startTicks: number;
  ppid: number;
  /** Short name (Linux `comm`, at most 15 bytes). */
  name: string;
  /** Cumulative user + system CPU seconds of the process (threads included, reaped children excluded). */
  cpuS: number;
  /**
   * Cumulative CPU seconds of the children this process has waited for, and of everything they waited for
   * (Linux `cutime + cstime`, proc(5) fields 16–17): the kernel adds a child's CPU here when its parent reaps it.
   * 0 where the OS does not report it (macOS `ps`, Windows).
   */
  childrenCpuS: number;
  /** Resident set size in bytes. */
  rssBytes: number;
  /** Real user id, or null when the OS does not report it. */
  uid: number | null;
  /** True for Linux kernel threads (kthreadd and its children). */
  kernelThread: boolean;
  /** Executable path, read once per identity; null when unreadable (other users' processes, kernel threads). */
  exe: string | null;
  /** cgroup v2 path (e.g. `/system.slice/nginx.service`), read once per identity; null without cgroup v2. */
  cgroup: string | null;
}

/** Every live process at one instant. */
export interface ProcessSnapshot {
  /** Epoch milliseconds when the read started. */
  atMs: number;
  processes: ProcessSample[];
}

/**
 * A partial read (Linux: `LinuxProcessSampler.lightSample`): only the processes that may have changed since the
 * previous read were read again; every other process is taken as unchanged until the next complete read.
 */
export interface LightProcessSnapshot extends ProcessSnapshot {
  /** Every process the sampler knows now: `changed` as just read, the rest as last read. */
  processes: ProcessSample[];
  /** The processes read this time: new pids, those whose CPU moved lately, parents of vanished ones. */
  changed: ProcessSample[];
  /** Identities of the previous read that are gone. */
  vanished: string[];
}

/** One process sampler per OS, behind this interface (`createProcessSampler` picks one). */
export interface ProcessSampler {
  /**
   * Reads every live process. Expensive per-process facts (exe, cgroup, uid, command line) are read once
   * per identity and cached; identities that are gone are dropped from the cache on each call.
   * Processes that vanish while being read are skipped silently.
   */
  sample(): Promise<ProcessSnapshot>;
  /**
   * The cached command line (argv) of a sampled identity, for grouping only: never store, export or
   * serve it unless the user allowed it (`storeCommandLines`). Null when unknown or unreadable.
   */
  commandLine(id: string): readonly string[] | null;
  /**
   * A cheap partial read between complete ones, where the OS allows one (Linux); absent elsewhere: there, ticks
   * between complete reads have no per-process figures of their own.
   */
  lightSample?(): LightProcessSnapshot;
  /** Releases what the sampler holds between calls (Linux: kept-open stat descriptors). Sampling again works. */
  close(): void;
}
