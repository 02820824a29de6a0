// Runs one command with its output passing through, following its process tree: wall, CPU, RSS, exit status.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MS_PER_SECOND } from '../core/units.js';
import { ProcessTree } from './tree.js';
import type { ProcessSource, TreeTick } from './tree.js';
import type { SelfStat } from './proc.js';

/** How a run ended. `interrupted`: we forwarded SIGINT/SIGTERM to it. */
export type RunOutcome = 'ok' | 'failed' | 'signalled' | 'interrupted' | 'not-found' | 'not-executable';

/** The resources one run of the command used (its whole process tree). */
export interface RunSample {
  /** Epoch ms when the command was started. */
  startedAtMs: number;
  wallS: number;
  /** CPU seconds of the tree: the kernel's accounting of reaped children plus orphans we followed. */
  cpuS: number;
  peakRssBytes: number;
  /** Time-weighted mean of the tree's RSS over the samples. */
  avgRssBytes: number;
  /** Exit status as a shell reports it: the code, 128 + signal number, 127 not found, 126 not executable. */
  exitCode: number;
  outcome: RunOutcome;
  /** Signal that ended the command, if any (`SIGINT`, ...). */
  signal: string | null;
  /** Number of tree samples taken. */
  samples: number;
}

/** Live figures while the command runs (for the progress line). */
export interface RunProgress {
  wallS: number;
  cpuS: number;
  rssBytes: number;
  processCount: number;
}

/** What a run needs from the machine: the process source and our own kernel accounting. */
export interface RunProbe {
  source: ProcessSource;
  readSelf(): SelfStat;
}

export interface RunOptions {
  /** Milliseconds between tree samples. */
  intervalMs: number;
  onProgress?: (progress: RunProgress) => void;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Environment variable set for the measured command: every descendant inherits it, so a process orphaned
 * before a sample saw it in the tree is still recognised as the command's.
 */
export const MEASURE_ENV = 'CARBON_TRAY_MEASURE';

/** The running command as the relay sees it. */
export interface SignalTarget {
  running(): boolean;
  /** Sends the signal to every process of the command's tree, as a terminal does to its process group. */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Forwards SIGINT/SIGTERM/SIGHUP to the running child instead of dying, so the partial measurement can
 * still be printed. One instance per `measure`/`compare` invocation; `dispose()` restores default handling.
 */
export class SignalRelay {
  private target: SignalTarget | null = null;
  private readonly handlers = new Map<string, () => void>();
  /** The first signal received, if any: no further runs start after it. */
  received: NodeJS.Signals | null = null;

  constructor(private readonly readSelf: () => SelfStat) {
    for (const name of FORWARDED) {
      const handler = (): void => this.forward(name);
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  attach(target: SignalTarget | null): void {
    this.target = target;
  }

  dispose(): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }

  private forward(name: NodeJS.Signals): void {
    this.received ??= name;
    const target = this.target;
    if (!target || !target.running()) return;
    // A terminal's Ctrl-C already reached the command, which shares our foreground process group.
    if (name === 'SIGINT' && this.readSelf().terminalForeground) return;
    target.kill(name);
  }
}

function treeTarget(child: ChildProcess, tree: ProcessTree | null): SignalTarget {
  return {
    running: () => child.exitCode === null && child.signalCode === null,
    kill: (signal) => {
      const pids = new Set([child.pid, ...(tree?.memberPids() ?? [])]);
      for (const pid of pids) {
        try {
          if (pid !== undefined) process.kill(pid, signal);
        } catch {
          // it ended meanwhile
        }
      }
    },
  };
}

/** The shell's status for death by a signal: 128 + its number (130 for SIGINT). */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

function statusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? signalStatus(signal) : 128;
}

/** Time-weighted RSS statistics over the samples of one run. */
class RssStats {
  peakBytes = 0;
  private weightedByteMs = 0;
  private spanMs = 0;
  private last: { atMs: number; bytes: number } | null = null;
  count = 0;

  add(atMs: number, bytes: number): void {
    if (this.last) {
      this.weightedByteMs += this.last.bytes * (atMs - this.last.atMs);
      this.spanMs += atMs - this.last.atMs;
    }
    this.last = { atMs, bytes };
    this.peakBytes = Math.max(this.peakBytes, bytes);
    this.count += 1;
  }

  averageBytes(): number {
    if (this.spanMs > 0) return this.weightedByteMs / this.spanMs;
    return this.last?.bytes ?? 0;
  }
}

/**
 * Runs `command` (argv) with stdio inherited. CPU time is the delta of our own cutime+cstime once the
 * child is reaped (the kernel's accounting, including grandchildren that finished between samples), plus
 * the CPU of descendants that were re-parented away from the tree. RSS comes from samples of the tree.
 */
export async function runMeasured(
  command: readonly string[],
  probe: RunProbe,
  relay: SignalRelay,
  options: RunOptions,
): Promise<RunSample> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('no command to run');
  const reapedBefore = probe.readSelf().reapedChildrenCpuS;
  const startedAtMs = Date.now();
  const start = performance.now();
  const rss = new RssStats();
  let lastTick: TreeTick | null = null;

  const tag = `${MEASURE_ENV}=${process.pid}.${startedAtMs}.${randomUUID()}`;
  const child = spawn(file, args, {
    stdio: 'inherit',
    env: { ...process.env, [MEASURE_ENV]: tag.split('=')[1] },
  });
  const tree = child.pid === undefined ? null : new ProcessTree(probe.source, child.pid, tag);
  relay.attach(treeTarget(child, tree));
  const sample = (): void => {
    if (!tree) return;
    const tick = tree.sample();
    const elapsedMs = performance.now() - start;
    if (tick.processCount > 0 || lastTick === null) rss.add(elapsedMs, tick.rssBytes);
    lastTick = tick;
    options.onProgress?.({
      wallS: elapsedMs / MS_PER_SECOND,
      cpuS: tick.liveCpuS + tick.lostOrphanCpuS,
      rssBytes: tick.rssBytes,
      processCount: tick.processCount,
    });
  };
  sample();
  const timer = setInterval(sample, options.intervalMs);

  const ended = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    error: NodeJS.ErrnoException | null;
  }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => resolve({ code, signal, error: null }));
  });
  clearInterval(timer);
  relay.attach(null);
  const wallS = (performance.now() - start) / MS_PER_SECOND;
  // One last look for orphans still running after the root was reaped.
  const final = tree ? tree.sample() : null;
  const orphanCpuS = final ? final.lostOrphanCpuS + final.liveOrphanCpuS : 0;
  const cpuS = probe.readSelf().reapedChildrenCpuS - reapedBefore + orphanCpuS;

  let outcome: RunOutcome;
  let exitCode: number;
  if (ended.error) {
    const notFound = ended.error.code === 'ENOENT';
    outcome = notFound ? 'not-found' : 'not-executable';
    exitCode = notFound ? 127 : 126;
  } else {
    exitCode = statusOf(ended.code, ended.signal);
    if (relay.received !== null) outcome = 'interrupted';
    else if (ended.signal !== null) outcome = 'signalled';
    else outcome = exitCode === 0 ? 'ok' : 'failed';
  }
  return {
    startedAtMs,
    wallS,
    cpuS: Math.max(0, cpuS),
    peakRssBytes: rss.peakBytes,
    avgRssBytes: rss.averageBytes(),
    exitCode,
    outcome,
    signal: ended.signal,
    samples: rss.count,
  };
}
