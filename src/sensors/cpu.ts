// Machine CPU totals from /proc/stat: busy, idle and steal seconds summed over all CPUs, and the core count.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCpuTotals } from './proc-parse.js';

/** Cumulative machine CPU time at one instant; the engine takes deltas between ticks. */
export interface CpuTotalsSample {
  atMs: number;
  /** Seconds all CPUs spent busy (user, nice, system, irq, softirq) since boot. */
  busyS: number;
  /** Seconds all CPUs spent idle or waiting for I/O since boot. */
  idleS: number;
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
      stealS: totals.stealTicks / this.clockTicksPerS,
      cores: totals.cores,
    };
  }
}
