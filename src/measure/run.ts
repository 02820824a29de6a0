// Runs one command with its output passing through, following its process tree: wall, CPU, RSS, exit status.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MS_PER_SECOND } from '../core/units.js';
import { ProcessTree } from '../sensors/processes/tree.js';
import type { TreeMember, TreeRead } from '../sensors/processes/tree.js';
import type { ProcessSample } from '../sensors/processes/types.js';

/** How a run ended. `interrupted`: a signal reached us while it ran, and we passed it on. */
export type RunOutcome = 'ok' | 'failed' | 'signalled' | 'interrupted' | 'not-found' | 'not-executable';

/** A process the command started that was still running when the run was reported. */
export type Survivor = TreeMember;

/** The resources one run of the command used (its whole process tree). */
export interface RunSample {
  /** Epoch ms when the command was started. */
  startedAtMs: number;
  wallS: number;
  /** CPU seconds of the tree (the sensors' process accounting: reaped children, orphans, the root's end). */
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
  /**
   * Processes the command started that outlived it (a daemon, `cmd &`), with their CPU so far (inside `cpuS`);
   * empty when none did or when the run waited for them.
   */
  stillRunning: Survivor[];
}

/** Live figures while the command runs (for the progress line). */
export interface RunProgress {
  wallS: number;
  cpuS: number;
  rssBytes: number;
  processCount: number;
  /** True once the command itself exited and the run waits for what it left running. */
  waiting: boolean;
}

/** What a run needs from the machine: every process now (the sensors' sampler) and a look at our own. */
export interface RunProbe {
  /** Every live process now, our own included. */
  read(): readonly ProcessSample[];
  /** Whether a process's environment holds `entry` (`NAME=value`); false when it cannot be read. */
  environHas(pid: number, entry: string): boolean;
  /** True when we run in the foreground process group of a terminal (a typed Ctrl-C reaches the command too). */
  terminalForeground(): boolean;
  /** Our own pid (the command's parent). */
  selfPid: number;
}

export interface RunOptions {
  /** Milliseconds between tree samples. */
  intervalMs: number;
  onProgress?: (progress: RunProgress) => void;
  /** After the command exits, keep following the processes it started until they have all ended. */
  waitDescendants?: boolean;
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * After the second signal sent SIGTERM to the command's processes, how long they get to end before SIGKILL
 * (systemd's stop timeout is 90 s, a terminal user waits a few seconds: this is the user's second ask).
 */
export const KILL_AFTER_MS = 3_000;

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
  /** How many processes the tree has now. */
  size(): number;
}

/** The relay's view of one run. */
interface Attached {
  target: SignalTarget;
  /** Signals received while the run was running. */
  signals: number;
  killTimer: NodeJS.Timeout | null;
}

/**
 * Forwards SIGINT/SIGTERM/SIGHUP to the running command instead of dying, so the partial measurement can still be
 * printed. A command that does not stop is escalated: the second signal sends SIGTERM to its whole tree, and
 * SIGKILL follows `KILL_AFTER_MS` later (or at once on a third signal). One instance per `measure`/`compare`
 * invocation; `dispose()` restores default handling.
 */
export class SignalRelay {
  private attached: Attached | null = null;
  private readonly handlers = new Map<string, () => void>();
  /** The first signal received, if any: no further runs start after it. */
  received: NodeJS.Signals | null = null;

  constructor(
    private readonly terminalForeground: () => boolean,
    private readonly notify: (line: string) => void,
  ) {
    for (const name of FORWARDED) {
      const handler = (): void => this.forward(name);
      this.handlers.set(name, handler);
      process.on(name, handler);
    }
  }

  attach(target: SignalTarget): void {
    this.detach();
    this.attached = { target, signals: 0, killTimer: null };
  }

  /** Ends the run's relaying; true when a signal reached us while it was running. */
  detach(): boolean {
    const attached = this.attached;
    this.attached = null;
    if (!attached) return false;
    if (attached.killTimer) clearTimeout(attached.killTimer);
    return attached.signals > 0;
  }

  dispose(): void {
    this.detach();
    for (const [name, handler] of this.handlers) process.off(name, handler);
    this.handlers.clear();
  }

  private forward(name: NodeJS.Signals): void {
    this.received ??= name;
    const attached = this.attached;
    if (!attached || !attached.target.running()) return;
    attached.signals += 1;
    const { target } = attached;
    if (attached.signals === 1) {
      // A terminal's Ctrl-C already reached the command, which shares our foreground process group.
      if (name === 'SIGINT' && this.terminalForeground()) return;
      target.kill(name);
      return;
    }
    if (attached.signals === 2) {
      this.notify(
        `still running after ${name}: sent SIGTERM to its ${plural(target.size(), 'process', 'processes')}; ` +
          `SIGKILL in ${KILL_AFTER_MS / MS_PER_SECOND} s or at the next Ctrl-C`,
      );
      target.kill('SIGTERM');
      attached.killTimer = setTimeout(() => this.kill(attached), KILL_AFTER_MS);
      attached.killTimer.unref();
      return;
    }
    this.kill(attached);
  }

  private kill(attached: Attached): void {
    if (!attached.target.running()) return;
    this.notify(`sent SIGKILL to its ${plural(attached.target.size(), 'process', 'processes')}`);
    attached.target.kill('SIGKILL');
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function treeTarget(child: ChildProcess, tree: ProcessTree | null, waiting: () => boolean): SignalTarget {
  const pids = (): Set<number> => {
    const all = new Set(tree?.memberPids() ?? []);
    if (child.pid !== undefined && !exited(child)) all.add(child.pid);
    return all;
  };
  return {
    running: () => !exited(child) || (waiting() && pids().size > 0),
    size: () => pids().size,
    kill: (signal) => {
      for (const pid of pids()) {
        try {
          process.kill(pid, signal);
        } catch {
          // it ended meanwhile
        }
      }
    },
  };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
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
 * Runs `command` (argv) with stdio inherited and follows its process tree every `intervalMs` (the sensors'
 * `ProcessTree`). CPU is the kernel's accounting of every process the command started, through `CpuAccounting`:
 * children reaped between samples through their parent, orphans by their last sample, the root's last moments
 * through our own reaped-children CPU. What the command left running is named, or waited for.
 */
export async function runMeasured(
  command: readonly string[],
  probe: RunProbe,
  relay: SignalRelay,
  options: RunOptions,
): Promise<RunSample> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('no command to run');
  const startedAtMs = Date.now();
  const rss = new RssStats();
  const tag = `${process.pid}.${startedAtMs}.${randomUUID()}`;
  const tree = new ProcessTree({
    selfPid: probe.selfPid,
    envTag: `${MEASURE_ENV}=${tag}`,
    environHas: (pid, entry) => probe.environHas(pid, entry),
  });
  tree.baseline(probe.read());
  const start = performance.now();
  // The tag first: /proc/<pid>/environ is read from its start, and a nested `measure` gets its own tag.
  const { [MEASURE_ENV]: _outer, ...env } = process.env;
  const child = spawn(file, args, { stdio: 'inherit', env: { [MEASURE_ENV]: tag, ...env } });
  if (child.pid !== undefined) tree.started(child.pid);
  let waiting = false;
  relay.attach(treeTarget(child, tree, () => waiting));
  let last: TreeRead | null = null;
  const sample = (): TreeRead => {
    const read = tree.read(probe.read());
    const elapsedMs = performance.now() - start;
    if (read.members.length > 0 || last === null) rss.add(elapsedMs, read.rssBytes);
    last = read;
    options.onProgress?.({
      wallS: elapsedMs / MS_PER_SECOND,
      cpuS: read.cpuS,
      rssBytes: read.rssBytes,
      processCount: read.members.length,
      waiting,
    });
    return read;
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
  let wallS = (performance.now() - start) / MS_PER_SECOND;
  // The root is reaped: this read takes its last moments from our own reaped-children CPU.
  let final = sample();
  if (options.waitDescendants === true && final.members.length > 0) {
    waiting = true;
    while (final.members.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
      final = sample();
    }
    wallS = (performance.now() - start) / MS_PER_SECOND;
  }
  const interrupted = relay.detach();

  let outcome: RunOutcome;
  let exitCode: number;
  if (ended.error) {
    const notFound = ended.error.code === 'ENOENT';
    outcome = notFound ? 'not-found' : 'not-executable';
    exitCode = notFound ? 127 : 126;
  } else {
    exitCode = statusOf(ended.code, ended.signal);
    if (interrupted) outcome = 'interrupted';
    else if (ended.signal !== null) outcome = 'signalled';
    else outcome = exitCode === 0 ? 'ok' : 'failed';
  }
  return {
    startedAtMs,
    wallS,
    cpuS: final.cpuS,
    peakRssBytes: rss.peakBytes,
    avgRssBytes: rss.averageBytes(),
    exitCode,
    outcome,
    signal: ended.signal,
    samples: rss.count,
    stillRunning: final.members,
  };
}
