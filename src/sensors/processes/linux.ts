// Linux process sampler: reads /proc directly, one small stat read per process per tick, extras cached per identity.
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PF_KTHREAD, parseCgroupV2, parseCmdline, parseProcStat, parseStatusUid } from './proc-parse.js';
import type { ProcStat } from './proc-parse.js';
import type { LightProcessSnapshot, ProcessSample, ProcessSampler, ProcessSnapshot } from './types.js';

/** Options of the Linux sampler; the defaults are right for x86-64 and most arm64 kernels. */
export interface LinuxSamplerOptions {
  /** `USER_HZ`, the unit of utime/stime/starttime (`getconf CLK_TCK`); 100 on every mainstream kernel. */
  clockTicksPerS?: number;
  /** Page size, the unit of the stat RSS field (`getconf PAGESIZE`). */
  pageBytes?: number;
  /**
   * How many `<pid>/stat` descriptors to keep open between samples (default 4096). A kept descriptor is
   * re-read with one `pread` instead of open/read/close, which halves the per-process cost; procfs
   * answers ESRCH once that process is gone, so a reused pid is re-opened. 0 keeps none.
   */
  maxOpenStatFiles?: number;
}

/**
 * A light read re-reads a process whose CPU moved at any of its last this-many reads (a minute of 2 s ticks), so
 * bursty processes (an editor, a build's `make` between jobs) stay in view between complete reads, while the
 * hundreds that sleep cost nothing.
 */
export const ACTIVE_READS = 30;

/** A process as the latest read (complete or light) left it. */
interface Known {
  sample: ProcessSample;
  /** Reads since its CPU (own or reaped children's) last moved; 0 when it moved at the latest or is new. */
  idleReads: number;
  /** The light read that last listed its pid. */
  listed: number;
}

/** Facts read once per identity. */
interface Cached {
  uid: number | null;
  exe: string | null;
  cgroup: string | null;
  cmdline: string[] | null;
}

/**
 * Samples processes from a procfs root (normally `/proc`; tests pass a fixture tree).
 * Steady state costs one readdir plus one `pread` of a kept-open `<pid>/stat` per process into a reused
 * buffer; a new identity additionally reads `status`, `cgroup`, `cmdline` and the `exe` link once.
 * Holds up to `maxOpenStatFiles` descriptors: call `close()` when done.
 * Reads are synchronous on purpose: 1000 small procfs reads take a few ms, far less than handing each to
 * the libuv thread pool.
 */
export class LinuxProcessSampler implements ProcessSampler {
  private readonly cache = new Map<string, Cached>();
  private readonly buffer = Buffer.allocUnsafe(64 * 1024);
  private readonly statFds = new Map<number, number>();
  private readonly ticksPerS: number;
  private readonly pageBytes: number;
  private readonly maxOpenStatFiles: number;
  /** Every process of the latest read, by pid. */
  private readonly known = new Map<number, Known>();
  private lightReads = 0;
  /** The last pid handed out at the previous light read (`loadavg`), null before one or when unreadable. */
  private lastPidSeen: number | null = null;

  /** @param root the procfs mount, e.g. `/proc`. */
  constructor(
    private readonly root: string,
    options: LinuxSamplerOptions = {},
  ) {
    this.ticksPerS = options.clockTicksPerS ?? 100;
    this.pageBytes = options.pageBytes ?? 4096;
    this.maxOpenStatFiles = options.maxOpenStatFiles ?? 4096;
  }

  /** Closes the kept stat descriptors; call when the sampler is no longer used. Sampling again reopens. */
  close(): void {
    for (const fd of this.statFds.values()) closeSync(fd);
    this.statFds.clear();
  }

  async sample(): Promise<ProcessSnapshot> {
    return this.sampleSync();
  }

  /** Synchronous form of `sample()`, for callers that want no promise per tick. */
  sampleSync(): ProcessSnapshot {
    const atMs = Date.now();
    const processes: ProcessSample[] = [];
    const live = new Set<string>();
    const listed = this.listPids();
    const first = this.known.size === 0;
    for (const pid of listed) {
      const sample = this.readPid(pid);
      if (!sample) continue;
      processes.push(sample);
      live.add(sample.id);
      this.remember(sample, this.known.get(pid)?.listed ?? 0, first);
    }
    for (const id of this.cache.keys()) if (!live.has(id)) this.cache.delete(id);
    for (const [pid, k] of this.known) if (!live.has(k.sample.id)) this.known.delete(pid);
    if (this.statFds.size > listed.length) this.closeGone(new Set(listed));
    return { atMs, processes };
  }

  /**
   * A light read (docs/ARCHITECTURE.md, "One tick", step 5): a `<pid>/stat` read of the processes whose CPU moved
   * within the last `ACTIVE_READS` reads; then, when a pid was handed out since the previous read (the last pid of
   * `loadavg`, proc(5), moved), one of those processes reaped a child (its cutime grew) or vanished, one readdir of
   * the root to spot new pids and vanished ones, a `<pid>/stat` read of the new pids and of the live reapers of
   * the vanished (after the readdir, so their cutime holds what they reaped). Every other process is taken as
   * unchanged until the next `sample()`. With 1000 sleeping processes and nothing started, that is one small
   * read and a handful of preads.
   */
  lightSample(): LightProcessSnapshot {
    const atMs = Date.now();
    const lastPid = this.lastPid();
    let list = lastPid === null || lastPid !== this.lastPidSeen;
    this.lastPidSeen = lastPid;
    const changed = new Map<number, ProcessSample>();
    const vanished: string[] = [];
    const gone = new Map<number, ProcessSample>();
    const fresh: number[] = [];
    const drop = (pid: number, k: Known): void => {
      gone.set(pid, k.sample);
      this.forget(pid, k);
      vanished.push(k.sample.id);
    };
    for (const [pid, k] of this.known) {
      if (k.idleReads >= ACTIVE_READS) continue;
      const stat = this.readStat(pid);
      const sample = stat && stat.startTicks === k.sample.startTicks ? this.complete(stat) : null;
      if (!sample) {
        // Gone, or the pid now belongs to a new process (read as a new one below).
        drop(pid, k);
        if (stat) fresh.push(pid);
        list = true;
        continue;
      }
      if (sample.childrenCpuS > k.sample.childrenCpuS) list = true;
      changed.set(pid, sample);
      this.remember(sample, k.listed);
    }
    if (list) {
      const read = (this.lightReads += 1);
      for (const pid of this.listPids()) {
        const k = this.known.get(pid);
        if (k) k.listed = read;
        else if (!gone.has(pid)) fresh.push(pid);
      }
      for (const [pid, k] of this.known) if (k.listed !== read) drop(pid, k);
      // The first live ancestor of each vanished process reaped it (or will): its cutime moved.
      for (const p of gone.values()) {
        let reaper = p.ppid;
        for (let depth = 0; depth < 256 && gone.has(reaper); depth += 1)
          reaper = (gone.get(reaper) as ProcessSample).ppid;
        const k = this.known.get(reaper);
        const stat = k ? this.readStat(reaper) : null;
        const sample = k && stat && stat.startTicks === k.sample.startTicks ? this.complete(stat) : null;
        if (!k || !sample) continue;
        changed.set(reaper, sample);
        this.remember(sample, k.listed);
      }
      for (const pid of fresh) {
        const sample = this.readPid(pid);
        if (!sample) continue;
        changed.set(pid, sample);
        this.remember(sample, read);
      }
    }
    const processes: ProcessSample[] = [];
    for (const k of this.known.values()) processes.push(k.sample);
    return { atMs, processes, changed: [...changed.values()], vanished };
  }

  /** The pid the kernel handed out last (the 5th field of `loadavg`, proc(5)); null when it cannot be read. */
  private lastPid(): number | null {
    const text = this.readSmall(`${this.root}/loadavg`);
    const last = text === null ? NaN : Number(text.trim().split(/\s+/)[4]);
    return Number.isFinite(last) ? last : null;
  }

  /**
   * Records a process as just read: it moved when its CPU counters changed, or when it is new since a previous
   * read (at the very first read nothing is known to move: every process there starts idle).
   */
  private remember(sample: ProcessSample, listed: number, first = false): void {
    const known = this.known.get(sample.pid);
    if (known === undefined) {
      this.known.set(sample.pid, { sample, idleReads: first ? ACTIVE_READS : 0, listed });
      return;
    }
    const before = known.sample;
    const moved =
      before.id !== sample.id || before.cpuS !== sample.cpuS || before.childrenCpuS !== sample.childrenCpuS;
    // Updated in place: a complete read every tick (someone looking) allocates nothing here.
    known.sample = sample;
    known.idleReads = moved ? 0 : known.idleReads + 1;
    known.listed = listed;
  }

  /** Drops a process that is gone: its identity facts and its kept stat descriptor. */
  private forget(pid: number, k: Known): void {
    this.known.delete(pid);
    this.cache.delete(k.sample.id);
    const fd = this.statFds.get(pid);
    if (fd !== undefined) {
      closeSync(fd);
      this.statFds.delete(pid);
    }
  }

  commandLine(id: string): readonly string[] | null {
    return this.cache.get(id)?.cmdline ?? null;
  }

  /**
   * Whether a process's environment holds `entry` (`NAME=value`). `<pid>/environ` is NUL-separated like
   * `cmdline`. False when it cannot be read (ended, or another user's process): the caller's own children can.
   */
  environHas(pid: number, entry: string): boolean {
    const environ = this.readSmall(`${this.root}/${pid}/environ`);
    return environ !== null && parseCmdline(environ).includes(entry);
  }

  /**
   * Whether the process (by default our own, `self`) runs in the foreground process group of its terminal
   * (`tpgid = pgrp`, proc(5) fields 5 and 8): a Ctrl-C typed there reaches that whole group directly.
   */
  inForegroundGroup(pid: number | 'self' = 'self'): boolean {
    const text = this.readSmall(`${this.root}/${pid}/stat`);
    const stat = text === null ? null : parseProcStat(text);
    return stat !== null && stat.tpgid > 0 && stat.tpgid === stat.pgrp;
  }

  private listPids(): number[] {
    const pids: number[] = [];
    for (const entry of readdirSync(this.root)) {
      const c = entry.charCodeAt(0);
      if (c >= 48 && c <= 57) pids.push(Number(entry));
    }
    return pids;
  }

  private readPid(pid: number): ProcessSample | null {
    const stat = this.readStat(pid);
    return stat ? this.complete(stat) : null;
  }

  /** Reads `<pid>/stat` through a kept descriptor when there is one, else opens it (and keeps it if allowed). */
  private readStat(pid: number): ProcStat | null {
    const kept = this.statFds.get(pid);
    if (kept !== undefined) {
      const text = this.pread(kept);
      if (text !== null) return parseProcStat(text);
      closeSync(kept); // ESRCH: that process is gone; the pid may now belong to a new one
      this.statFds.delete(pid);
    }
    if (this.statFds.size >= this.maxOpenStatFiles) {
      const text = this.readSmall(`${this.root}/${pid}/stat`);
      return text === null ? null : parseProcStat(text);
    }
    let fd: number;
    try {
      fd = openSync(`${this.root}/${pid}/stat`, 'r');
    } catch {
      return null;
    }
    const text = this.pread(fd);
    if (text === null) {
      closeSync(fd);
      return null;
    }
    this.statFds.set(pid, fd);
    return parseProcStat(text);
  }

  /** Closes kept descriptors of pids no longer listed in the root. */
  private closeGone(listed: Set<number>): void {
    for (const [pid, fd] of this.statFds) {
      if (listed.has(pid)) continue;
      closeSync(fd);
      this.statFds.delete(pid);
    }
  }

  /** Reads a whole small file from offset 0 into the reused buffer; null on error or when empty. */
  private pread(fd: number): string | null {
    try {
      const length = readSync(fd, this.buffer, 0, this.buffer.length, 0);
      return length > 0 ? this.buffer.toString('utf8', 0, length) : null;
    } catch {
      return null;
    }
  }

  /** Joins a stat with the per-identity facts, reading them on first sight. Null if the process vanished. */
  private complete(stat: ProcStat): ProcessSample | null {
    const id = `${stat.pid}:${stat.startTicks}`;
    let cached = this.cache.get(id);
    if (!cached) {
      const fresh = this.readIdentity(stat.pid);
      if (!fresh) return null;
      cached = fresh;
      this.cache.set(id, cached);
    }
    return {
      id,
      pid: stat.pid,
      startTicks: stat.startTicks,
      ppid: stat.ppid,
      name: stat.name,
      cpuS: (stat.utimeTicks + stat.stimeTicks) / this.ticksPerS,
      childrenCpuS: (stat.childrenUtimeTicks + stat.childrenStimeTicks) / this.ticksPerS,
      rssBytes: stat.rssPages * this.pageBytes,
      uid: cached.uid,
      kernelThread: (stat.flags & PF_KTHREAD) !== 0 || stat.pid === 2 || stat.ppid === 2,
      exe: cached.exe,
      cgroup: cached.cgroup,
    };
  }

  private readIdentity(pid: number): Cached | null {
    const dir = join(this.root, String(pid));
    const status = this.readSmall(`${dir}/status`);
    if (status === null) return null;
    const cgroup = this.readSmall(`${dir}/cgroup`);
    const cmdline = this.readSmall(`${dir}/cmdline`);
    let exe: string | null = null;
    try {
      exe = readlinkSync(`${dir}/exe`).replace(/ \(deleted\)$/, '');
    } catch {
      exe = null; // kernel threads have none; other users' processes need CAP_SYS_PTRACE
    }
    return {
      uid: parseStatusUid(status),
      exe,
      cgroup: cgroup === null ? null : parseCgroupV2(cgroup),
      cmdline: cmdline === null ? null : parseCmdline(cmdline),
    };
  }

  /** Reads a procfs file into the reused buffer; null when it is gone or unreadable. */
  private readSmall(path: string): string | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    const text = this.pread(fd);
    closeSync(fd);
    return text;
  }
}
