// Linux process sampler: reads /proc directly, one small stat read per process per tick, extras cached per identity.
import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PF_KTHREAD, parseCgroupV2, parseCmdline, parseProcStat, parseStatusUid } from './proc-parse.js';
import type { ProcStat } from './proc-parse.js';
import type { ProcessSample, ProcessSampler, ProcessSnapshot } from './types.js';

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
    for (const pid of listed) {
      const sample = this.readPid(pid);
      if (!sample) continue;
      processes.push(sample);
      live.add(sample.id);
    }
    for (const id of this.cache.keys()) if (!live.has(id)) this.cache.delete(id);
    if (this.statFds.size > listed.length) this.closeGone(new Set(listed));
    return { atMs, processes };
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
