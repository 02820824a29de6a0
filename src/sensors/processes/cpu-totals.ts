// Machine CPU totals: busy, idle and steal seconds summed over all CPUs, and the core count — from /proc/stat on
// Linux, from Node's os.cpus() (libuv) on systems without procfs.
import { readFileSync } from 'node:fs';
import { cpus, type CpuInfo } from 'node:os';
import { join } from 'node:path';
import { MS_PER_SECOND } from '../../core/units.js';
import { parseCpuTotals } from './proc-parse.js';

/** Cumulative machine CPU time at one instant; the engine takes deltas between ticks. */
export interface CpuTotalsSample {
  atMs: number;
  /** Seconds all CPUs spent busy (user, nice, system, irq, softirq) since boot. */
  busyS: number;
  /** Seconds all CPUs spent idle or waiting for I/O since boot. */
  idleS: number;
  /** Seconds of interrupt handling (irq + softirq), inside `busyS`; 0 where the OS does not tell it apart. */
  irqS: number;
  /** Seconds taken by the hypervisor for other guests (neither ours nor idle). */
  stealS: number;
  /** Logical CPUs online. */
  cores: number;
}

/** Reads `<root>/stat`; the root is the procfs mount (`/proc`) or a fixture tree. */
export class CpuTotalsReader {
  constructor(
    private readonly root: string,
    private readonly clockTicksPerS = 100,
  ) {}

  /** Throws an Error naming the file when it is missing or not a /proc/stat. */
  read(): CpuTotalsSample {
    const path = join(this.root, 'stat');
    const totals = parseCpuTotals(readFileSync(path, 'utf8'));
    if (!totals) throw new Error(`${path} has no "cpu" totals line; is ${this.root} a procfs?`);
    return {
      atMs: Date.now(),
      busyS: totals.busyTicks / this.clockTicksPerS,
      idleS: totals.idleTicks / this.clockTicksPerS,
      irqS: totals.irqTicks / this.clockTicksPerS,
      stealS: totals.stealTicks / this.clockTicksPerS,
      cores: totals.cores,
    };
  }
}

/**
 * Reads Node's `os.cpus()`: per-CPU cumulative milliseconds in user, nice, sys, idle and irq, which libuv takes
 * from `host_processor_info` on macOS, `NtQuerySystemInformation` on Windows and /proc/stat on Linux. Busy is
 * user + nice + sys + irq; there is no steal figure. Coarser than procfs (no softirq, no iowait), so Linux keeps
 * `CpuTotalsReader`.
 */
export class OsCpuTotalsReader {
  constructor(private readonly readCpus: () => CpuInfo[] = cpus) {}

  /** Throws when the OS reports no CPUs (libuv returns an empty list when it cannot read them). */
  read(): CpuTotalsSample {
    const list = this.readCpus();
    if (list.length === 0) throw new Error('os.cpus() returned no CPUs, so CPU use cannot be read');
    let busyMs = 0;
    let idleMs = 0;
    let irqMs = 0;
    for (const { times } of list) {
      busyMs += times.user + times.nice + times.sys + times.irq;
      idleMs += times.idle;
      irqMs += times.irq;
    }
    return {
      atMs: Date.now(),
      busyS: busyMs / MS_PER_SECOND,
      idleS: idleMs / MS_PER_SECOND,
      irqS: irqMs / MS_PER_SECOND,
      stealS: 0,
      cores: list.length,
    };
  }
}
