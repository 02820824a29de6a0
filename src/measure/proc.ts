// The Linux process source of `measure`: every /proc/<pid>/stat through the sensors' parser, and our own stat.
import { readFileSync, readdirSync } from 'node:fs';
import { parseCmdline, parseProcStat } from '../sensors/processes/proc-parse.js';
import type { ProcStat } from '../sensors/processes/proc-parse.js';
import type { ProcessSource, TreeProcessSample } from './tree.js';

/** Units of the stat fields; the defaults are those of the sensors' Linux sampler (x86-64, most arm64). */
export interface ProcUnits {
  /** `USER_HZ` (`getconf CLK_TCK`). */
  clockTicksPerS: number;
  /** `getconf PAGESIZE`. */
  pageBytes: number;
}

const DEFAULT_UNITS: ProcUnits = { clockTicksPerS: 100, pageBytes: 4096 };

/** Our own process as the kernel accounts it. */
export interface SelfStat {
  /** cutime + cstime: CPU of the children we have reaped (and of everything they reaped), seconds. */
  reapedChildrenCpuS: number;
  /**
   * True when we run in the foreground process group of a terminal: a Ctrl-C there reaches the child
   * (same process group) directly, so forwarding it would deliver it twice.
   */
  terminalForeground: boolean;
}

/** Reads processes from a procfs root (`/proc`, or a fixture tree in tests). */
export class ProcProcessSource implements ProcessSource {
  private readonly units: ProcUnits;

  constructor(
    private readonly root: string,
    units: Partial<ProcUnits> = {},
  ) {
    this.units = { ...DEFAULT_UNITS, ...units };
  }

  readAll(): TreeProcessSample[] {
    const out: TreeProcessSample[] = [];
    for (const entry of readdirSync(this.root)) {
      const first = entry.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      const stat = this.readStat(entry);
      if (stat) out.push(this.toSample(stat));
    }
    return out;
  }

  /** `/proc/<pid>/environ` is NUL-separated like `cmdline`, so the sensors' cmdline parser reads it. */
  carriesEnv(pid: number, entry: string): boolean {
    try {
      return parseCmdline(readFileSync(`${this.root}/${pid}/environ`, 'utf8')).includes(entry);
    } catch {
      return false; // ended, or another user's process
    }
  }

  /** Our own process (`self`), or pid `pid` of a fixture tree. */
  readSelf(pid: number | 'self' = 'self'): SelfStat {
    const stat = this.readStat(String(pid));
    if (!stat) throw new Error(`cannot read ${this.root}/${pid}/stat`);
    return {
      reapedChildrenCpuS: (stat.childrenUtimeTicks + stat.childrenStimeTicks) / this.units.clockTicksPerS,
      terminalForeground: stat.tpgid > 0 && stat.tpgid === stat.pgrp,
    };
  }

  private readStat(pid: string): ProcStat | null {
    try {
      return parseProcStat(readFileSync(`${this.root}/${pid}/stat`, 'utf8'));
    } catch {
      return null; // the process ended between readdir and read
    }
  }

  private toSample(stat: ProcStat): TreeProcessSample {
    const { clockTicksPerS, pageBytes } = this.units;
    return {
      pid: stat.pid,
      ppid: stat.ppid,
      startTicks: stat.startTicks,
      cpuS: (stat.utimeTicks + stat.stimeTicks) / clockTicksPerS,
      reapedChildrenCpuS: (stat.childrenUtimeTicks + stat.childrenStimeTicks) / clockTicksPerS,
      rssBytes: stat.rssPages * pageBytes,
    };
  }
}
