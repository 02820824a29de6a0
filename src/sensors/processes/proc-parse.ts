// Pure parsers for the Linux /proc text files the sampler reads (stat, status, cgroup, cmdline, /proc/stat).

/** The fields of `/proc/<pid>/stat` the sampler uses, in the kernel's units (see proc(5)). */
export interface ProcStat {
  pid: number;
  /** `comm`, between the first `(` and the last `)`; may itself contain spaces and parentheses. */
  name: string;
  /** One-letter state (`R`, `S`, `D`, `Z`, `I`, ...). */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** Foreground process group of the controlling terminal; -1 without a terminal. */
  tpgid: number;
  /** Kernel `PF_*` flags; `PF_KTHREAD` (0x00200000) marks kernel threads. */
  flags: number;
  utimeTicks: number;
  stimeTicks: number;
  /** cutime + cstime: CPU of the children this process has waited for (reaped), the kernel's accounting. */
  childrenUtimeTicks: number;
  childrenStimeTicks: number;
  numThreads: number;
  startTicks: number;
  rssPages: number;
}

/** `PF_KTHREAD` from include/linux/sched.h. */
export const PF_KTHREAD = 0x00200000;

/**
 * Parses one `/proc/<pid>/stat` line. Returns null when the text is not a stat line (truncated, empty).
 * Scans by index rather than splitting the whole line: it runs for every process every tick.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return null;
  const pid = Number(text.slice(0, open - 1));
  const name = text.slice(open + 1, close);
  // Field numbers below are proc(5)'s: 3 = state is the first field after ") ".
  const fields: string[] = [];
  let pos = close + 2;
  while (fields.length < 22) {
    const end = text.indexOf(' ', pos);
    if (end < 0) {
      const last = text.slice(pos).trimEnd();
      if (last !== '') fields.push(last);
      break;
    }
    fields.push(text.slice(pos, end));
    pos = end + 1;
  }
  if (fields.length < 22 || !Number.isInteger(pid)) return null;
  const n = (field: number): number => Number(fields[field - 3]);
  const stat: ProcStat = {
    pid,
    name,
    state: fields[0] as string,
    ppid: n(4),
    pgrp: n(5),
    session: n(6),
    tpgid: n(8),
    flags: n(9),
    utimeTicks: n(14),
    stimeTicks: n(15),
    childrenUtimeTicks: n(16),
    childrenStimeTicks: n(17),
    numThreads: n(20),
    startTicks: n(22),
    rssPages: n(24),
  };
  return Number.isFinite(stat.startTicks) && Number.isFinite(stat.utimeTicks) ? stat : null;
}

/** The real uid from `/proc/<pid>/status` (`Uid:` line, first of real/effective/saved/fs), or null. */
export function parseStatusUid(text: string): number | null {
  const match = /^Uid:\s+(\d+)/m.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * The cgroup v2 path from `/proc/<pid>/cgroup` (the `0::<path>` line), or null on a v1-only system.
 * A trailing ` (deleted)` (the cgroup was removed while the process lived) is dropped.
 */
export function parseCgroupV2(text: string): string | null {
  for (const line of text.split('\n')) {
    if (line.startsWith('0::')) return line.slice(3).replace(/ \(deleted\)$/, '');
  }
  return null;
}

/** argv from `/proc/<pid>/cmdline` (NUL-separated); empty for kernel threads and zombies. */
export function parseCmdline(text: string): string[] {
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Machine CPU time from `/proc/stat`, in clock ticks summed over all CPUs. */
export interface CpuTotalsTicks {
  /** user + nice + system + irq + softirq (guest time is already inside user and nice). */
  busyTicks: number;
  /** idle + iowait. */
  idleTicks: number;
  /** irq + softirq: interrupt handling, inside `busyTicks`; no process is charged for it. */
  irqTicks: number;
  /** Time the hypervisor ran something else while this machine wanted the CPU. */
  stealTicks: number;
  /** Number of `cpuN` lines: the logical CPUs online. */
  cores: number;
}

/** Parses `/proc/stat`; null when there is no aggregate `cpu ` line. */
export function parseCpuTotals(text: string): CpuTotalsTicks | null {
  let totals: number[] | null = null;
  let cores = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) totals = line.slice(4).trim().split(/\s+/).map(Number);
    else if (/^cpu\d/.test(line)) cores += 1;
  }
  if (!totals || totals.length < 4 || totals.some((v) => !Number.isFinite(v))) return null;
  const at = (i: number): number => totals[i] ?? 0;
  return {
    busyTicks: at(0) + at(1) + at(2) + at(5) + at(6),
    idleTicks: at(3) + at(4),
    irqTicks: at(5) + at(6),
    stealTicks: at(7),
    cores,
  };
}
