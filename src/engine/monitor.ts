// The tick: CPU totals and cgroup unit counters every tick, the process list every tick (detail) or every ~60 s,
// attributed so rows add up.
import type { CgroupCpuSource } from '../sensors/processes/cgroup-cpu.js';
import type { CpuTotalsSample } from '../sensors/processes/cpu-totals.js';
import { KERNEL_APP, type AppIdentity } from '../sensors/grouping/apps.js';
import { CpuAccounting } from '../sensors/processes/accounting.js';
import type { ProcessSample, ProcessSnapshot } from '../sensors/processes/types.js';
import type { AppRow, AttributionPolicy, ProcessInfo } from '../shared/api.js';
import { MS_PER_MINUTE, MS_PER_SECOND, SECONDS_PER_MINUTE, staleAfterMs } from '../shared/time.js';
import type { GapRecord } from './history/types.js';
import type { IntensityReading } from './intensity/providers.js';
import { machineTick, type MachineTickValues, type MeasuredPower } from './machine.js';
import type { ModelParams } from './model.js';
import { buildRows, EXITED_ROW, SELF_ROW, type ConsumerTick } from './rows.js';
import { UnitAccounting, type Consumer, type UnitShare } from './unit-cpu.js';

/** What the monitor reads; the engine wires real sensors, tests pass fixture sequences. */
export interface MonitorSensors {
  cpu: { read(): CpuTotalsSample };
  processes: { sample(): Promise<ProcessSnapshot>; commandLine(id: string): readonly string[] | null };
  grouper: {
    groupAll(
      processes: readonly ProcessSample[],
      commandLineOf?: (id: string) => readonly string[] | null,
    ): Map<string, AppIdentity>;
  };
  /** Measured machine power since the previous call (RAPL, battery), else null, and a fixable reason RAPL is unused. */
  power(monoS: number): { measured: MeasuredPower | null; hint: string | null };
  /** Measured GPU watts (0 without GPUs). */
  gpuPowerW(): number;
  /** cgroup v2 `cpu.stat` counters of units (Linux with cgroup2 mounted); null or absent elsewhere. */
  cgroupCpu?: CgroupCpuSource | null;
}

/** Per-tick context from the engine: the model, intensity and policy in force, and whether someone is looking. */
export interface TickContext {
  monoMs: number;
  wallMs: number;
  /**
   * Milliseconds on a clock that counts suspended time but not changes of the wall clock (`os.uptime()`); it tells
   * a suspend from a clock set forward. Absent (simulated clocks): a forward wall jump counts as a suspend.
   */
  bootMs?: number;
  intervalS: number;
  detail: boolean;
  model: ModelParams;
  intensity: IntensityReading;
  policy: AttributionPolicy;
}

/** One attributed tick, ready for the minute accumulator. */
export interface AttributedTick {
  atMs: number;
  machine: MachineTickValues;
  rows: AppRow[];
}

/** Where the monitor sends each tick once it is attributed for good (the engine: headline, minutes, history). */
export interface SettledTicks {
  settled(tick: AttributedTick): void;
}

/**
 * The tick as a snapshot shows it: settled when this tick read the processes, else split with the previous
 * window's proportions (and settled later).
 */
export interface ShownTick extends AttributedTick {
  /** True when the rows come from a process read made this tick while someone looks. */
  detailed: boolean;
}

/** The outcome of one call to `tick`; the ticks it settled have gone to the `SettledTicks` sink. */
export type TickOutcome =
  | { kind: 'baseline' }
  | { kind: 'gap'; gap: GapRecord }
  | ({
      kind: 'tick';
      /** How far the wall clock moved beyond the monotonic one since the last tick (negative: set back). */
      wallJumpMs: number;
    } & ShownTick);

/**
 * A consumer's share of a window of ticks: its fraction of the window's CPU seconds outside counted units (the part
 * the process tree accounts for).
 */
interface Proportion {
  consumer: Consumer;
  cpuFraction: number;
}

/** A measured tick waiting for the next process read. */
interface PendingTick {
  atMs: number;
  machine: MachineTickValues;
  /** The units' CPU, exact for this tick. */
  units: UnitShare[];
  /** Busy seconds outside counted units: split by the window's proportions once it is settled. */
  restS: number;
  /** Interrupt time (irq + softirq) inside `restS`. */
  irqS: number;
}

/** Seconds between process reads when nobody is looking. */
export const SLOW_PROCESS_READ_S = SECONDS_PER_MINUTE;

/**
 * The share of wall time process reads may take while someone is looking: after a read that took C ms, the next
 * waits at least C / 0.05 ms. A procfs read (~15 ms) never waits past a 2 s tick; a Windows read through
 * systeminformation (seconds, it starts PowerShell) is then made about once a minute instead of every tick.
 */
export const DETAIL_READ_BUDGET = 0.05;

/**
 * Ticks are buffered until the next process read; then each buffered tick is attributed with the window's real
 * per-app CPU split, scaled to that tick's busy seconds — so per-app CPU over the window is exact and every tick
 * still adds up — and sent to the `SettledTicks` sink. Snapshots between reads split the tick with the previous
 * window's proportions (`detailed` false). A tick longer than 3 intervals (`staleAfterMs`, or a wall-clock jump,
 * i.e. suspend) is a gap: never attributed; the ticks buffered before it are settled with the latest proportions.
 *
 * Apps recognised by a cgroup unit (desktop scopes, services, containers, pods) are charged their unit's own
 * counter every tick, live and settled rows alike (scaled down only when the units together exceed the tick's
 * busy seconds); the window's proportions split only the rest, among processes outside those units.
 */
export class Monitor {
  private prevCpu: CpuTotalsSample | null = null;
  private prevMonoMs = 0;
  private prevWallMs = 0;
  private prevBootMs: number | undefined = undefined;
  private readonly accounting = new CpuAccounting();
  private readonly units: UnitAccounting;
  private proportions: Proportion[] = [];
  private rssTotalBytes = 0;
  private pending: PendingTick[] = [];
  /** The context of the latest tick: `drain` settles with its policy and cores. */
  private lastCtx: TickContext | null = null;
  private ticksSinceRead = 0;
  /** Wall milliseconds the latest process read took, and the monotonic time it was made. */
  private readCostMs = 0;
  private lastReadMonoMs = Number.NEGATIVE_INFINITY;
  /** The latest read, kept as is so `processes()` can answer without building per-process objects every tick. */
  private lastRead: {
    processes: readonly ProcessSample[];
    apps: Map<string, AppIdentity>;
    deltas: Map<string, number>;
  } | null = null;

  constructor(
    private readonly sensors: MonitorSensors,
    private readonly sink: SettledTicks,
    private readonly selfPid: number = process.pid,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.units = new UnitAccounting(sensors.cgroupCpu ?? null);
  }

  /**
   * Settles the ticks still waiting for a process read with the latest proportions and the latest tick's context
   * (before a stop, pause or suspend), and forgets the baseline: the next tick only sets a new one.
   */
  drain(): void {
    this.prevCpu = null;
    if (this.lastCtx) this.settle(this.lastCtx, this.proportions);
  }

  /**
   * The processes of one row at the latest process read (CPU seconds since the read before). Command lines only
   * with `withCommandLines` (the user's `storeCommandLines` setting).
   */
  processes(key: string, withCommandLines: boolean): ProcessInfo[] {
    const read = this.lastRead;
    if (!read) return [];
    const out: ProcessInfo[] = [];
    for (const p of read.processes) {
      if (this.appOf(p, read.apps).key !== key) continue;
      const info: ProcessInfo = {
        pid: p.pid,
        name: p.name,
        cpuS: read.deltas.get(p.id) ?? 0,
        rssBytes: p.rssBytes,
      };
      const argv = withCommandLines ? this.sensors.processes.commandLine(p.id) : null;
      out.push(argv ? { ...info, cmdline: argv.join(' ') } : info);
    }
    return out.sort((a, b) => b.cpuS - a.cpuS);
  }

  private appOf(
    p: ProcessSample,
    apps: Map<string, AppIdentity>,
  ): Pick<AppIdentity, 'key' | 'name'> & { kind: ConsumerTick['kind'] } {
    if (p.pid === this.selfPid) return SELF_ROW;
    return apps.get(p.id) ?? { key: `process:${p.name}`, name: p.name, kind: 'system' };
  }

  /** Measures one tick; sends the ticks it settles to the sink before it resolves. */
  async tick(ctx: TickContext): Promise<TickOutcome> {
    this.lastCtx = ctx;
    const cpu = this.sensors.cpu.read();
    const prev = this.prevCpu;
    if (!prev) {
      await this.readProcesses(ctx.monoMs, false);
      this.setBaseline(cpu, ctx);
      return { kind: 'baseline' };
    }
    const elapsedMs = ctx.monoMs - this.prevMonoMs;
    const wallElapsedMs = ctx.wallMs - this.prevWallMs;
    const wallJumpMs = wallElapsedMs - elapsedMs;
    const limitMs = staleAfterMs(ctx.intervalS);
    // A wall clock set back is not a gap: nothing was missed, only the time stamps moved (the recorder skips
    // the ticks that would land on minutes already recorded).
    if (elapsedMs > limitMs || wallJumpMs > limitMs) {
      const bootElapsedMs =
        ctx.bootMs === undefined || this.prevBootMs === undefined ? undefined : ctx.bootMs - this.prevBootMs;
      // Forward: the machine slept when the boot clock (which counts suspend) moved with the wall clock.
      const slept = bootElapsedMs === undefined || Math.abs(bootElapsedMs - wallElapsedMs) <= limitMs;
      const gap: GapRecord = {
        startMs: this.prevWallMs,
        endMs: Math.max(this.prevWallMs, ctx.wallMs),
        reason: wallJumpMs <= limitMs ? 'stall' : slept ? 'suspend' : 'clock',
      };
      this.settle(ctx, this.proportions);
      await this.readProcesses(ctx.monoMs, false);
      this.setBaseline(cpu, ctx);
      return { kind: 'gap', gap };
    }
    const intervalS = elapsedMs / MS_PER_SECOND;
    const busyS = Math.max(0, cpu.busyS - prev.busyS);
    const units = this.units.tickShares(busyS);
    const restS = Math.max(0, busyS - units.reduce((s, u) => s + u.cpuS, 0));
    const affordable = ctx.monoMs - this.lastReadMonoMs >= this.readCostMs / DETAIL_READ_BUDGET;
    // Without proportions yet (just started) there is nothing to split a tick by: read now rather than show every
    // busy second unattributed for the first minute.
    // Nobody looking, a read on the first tick of each minute settles the minute just ended, so it is written
    // within a tick of its end (a kill then loses only the minute in progress).
    const newMinute = Math.floor(ctx.wallMs / MS_PER_MINUTE) !== Math.floor(this.prevWallMs / MS_PER_MINUTE);
    const readNow =
      (ctx.detail && affordable) ||
      newMinute ||
      this.proportions.length === 0 ||
      this.ticksSinceRead + 1 >= Math.max(1, Math.round(SLOW_PROCESS_READ_S / ctx.intervalS));
    const machine = machineTick({
      intervalS,
      busyS,
      rssBytes: this.rssTotalBytes,
      ...this.powerNow(ctx.monoMs),
      gpuPowerW: this.sensors.gpuPowerW(),
      intensity: ctx.intensity,
      model: ctx.model,
    });
    const tick: PendingTick = {
      atMs: ctx.wallMs,
      machine,
      units,
      restS,
      irqS: Math.min(restS, Math.max(0, cpu.irqS - prev.irqS)),
    };
    this.pending.push(tick);
    this.setBaseline(cpu, ctx);
    if (!readNow) {
      this.ticksSinceRead += 1;
      const rows = this.rowsFor(tick, this.proportions, ctx);
      return { kind: 'tick', wallJumpMs, atMs: ctx.wallMs, machine, rows, detailed: false };
    }
    const windowRestS = this.pending.reduce((s, t) => s + t.restS, 0);
    const windowIrqS = this.pending.reduce((s, t) => s + t.irqS, 0);
    const proportions = await this.readProcesses(ctx.monoMs, true, windowRestS, windowIrqS);
    // Null only when a pause or suspend drained this tick during the read (with the previous proportions).
    const rows = this.settle(ctx, proportions)?.rows ?? this.rowsFor(tick, proportions, ctx);
    return { kind: 'tick', wallJumpMs, atMs: ctx.wallMs, machine, rows, detailed: ctx.detail };
  }

  private powerNow(monoMs: number): { measured: MeasuredPower | null; modelNote: string | null } {
    const { measured, hint } = this.sensors.power(monoMs / MS_PER_SECOND);
    return { measured, modelNote: hint };
  }

  private setBaseline(cpu: CpuTotalsSample, ctx: TickContext): void {
    this.prevCpu = cpu;
    this.prevMonoMs = ctx.monoMs;
    this.prevWallMs = ctx.wallMs;
    this.prevBootMs = ctx.bootMs;
  }

  /**
   * Attributes every buffered tick with `proportions` scaled to the tick's busy seconds and sends it to the sink;
   * returns the last one. The buffer is emptied first, so a sink that throws never gets a tick twice.
   */
  private settle(ctx: TickContext, proportions: Proportion[]): AttributedTick | null {
    const ticks = this.pending;
    this.pending = [];
    let last: AttributedTick | null = null;
    for (const t of ticks) {
      last = { atMs: t.atMs, machine: t.machine, rows: this.rowsFor(t, proportions, ctx) };
      this.sink.settled(last);
    }
    return last;
  }

  /** One tick's rows: the units' own CPU, and the rest of its busy seconds split by `proportions`. */
  private rowsFor(tick: PendingTick, proportions: Proportion[], ctx: TickContext): AppRow[] {
    const consumers = new Map<string, ConsumerTick>();
    for (const p of proportions)
      consumers.set(p.consumer.key, { ...p.consumer, cpuS: p.cpuFraction * tick.restS });
    for (const u of tick.units) {
      const row = consumers.get(u.consumer.key);
      if (row) row.cpuS += u.cpuS;
      else if (u.cpuS > 0) consumers.set(u.consumer.key, { ...u.consumer, cpuS: u.cpuS });
    }
    return buildRows(tick.machine, [...consumers.values()], ctx.policy, ctx.model.cores);
  }

  /**
   * Reads every process, takes CPU per identity since the previous read (reaped children included, through
   * `CpuAccounting`) and groups them into apps. With `window`, returns each consumer's fraction of the window's
   * CPU outside the units counted during it — interrupt time to the kernel's row, CPU no live process accounts for
   * to `Exited processes` — and makes it the proportions used until the next read. Without, the read is a new
   * baseline. Either way the units found in this read are the ones counted until the next.
   */
  private async readProcesses(
    monoMs: number,
    window: boolean,
    windowRestS = 0,
    windowIrqS = 0,
  ): Promise<Proportion[]> {
    this.ticksSinceRead = 0;
    this.lastReadMonoMs = monoMs;
    const startedMs = this.nowMs();
    const snapshot = await this.sensors.processes.sample();
    this.readCostMs = this.nowMs() - startedMs;
    const commandLineOf = (id: string): readonly string[] | null => this.sensors.processes.commandLine(id);
    const apps = this.sensors.grouper.groupAll(snapshot.processes, commandLineOf);
    const unitOf = (p: ProcessSample): string | undefined => this.units.unitOf(apps.get(p.id)?.unitCgroup);
    const byApp = new Map<string, { consumer: Consumer; cpuS: number }>();
    const ownOnly = this.units.ownOnly(snapshot.processes, unitOf);
    const deltas = this.accounting.deltas(snapshot.processes, !window, ownOnly);
    // Every unit of this read, with the rows its processes landed on: only a unit that is all one row is counted.
    const unitRows = new Map<string, Set<string>>();
    let rssTotalBytes = 0;
    let liveCpuS = 0;
    for (const p of snapshot.processes) {
      const app = this.appOf(p, apps);
      let entry = byApp.get(app.key);
      if (!entry) {
        entry = {
          consumer: { key: app.key, name: app.name, kind: app.kind, rssBytes: 0, processCount: 0 },
          cpuS: 0,
        };
        byApp.set(app.key, entry);
      }
      rssTotalBytes += p.rssBytes;
      entry.consumer.rssBytes += p.rssBytes;
      entry.consumer.processCount += 1;
      const unit = unitOf(p);
      if (unit !== undefined) {
        const rows = unitRows.get(unit) ?? new Set<string>();
        rows.add(app.key);
        unitRows.set(unit, rows);
      }
      // The CPU of a process inside a counted unit was in that unit's counter, tick by tick.
      if (unit !== undefined && this.units.isCounted(unit)) continue;
      const deltaS = deltas.get(p.id) ?? 0;
      liveCpuS += deltaS;
      entry.cpuS += deltaS;
    }
    this.lastRead = { processes: snapshot.processes, apps, deltas };
    this.rssTotalBytes = rssTotalBytes;
    this.units.track(unitRows, (key) => byApp.get(key)?.consumer, !window);
    if (!window) return this.proportions;
    const irqS = Math.min(windowIrqS, Math.max(0, windowRestS - liveCpuS));
    if (irqS > 0) {
      const kernel = byApp.get(KERNEL_APP.key) ?? {
        consumer: { ...KERNEL_APP, rssBytes: 0, processCount: 0 },
        cpuS: 0,
      };
      kernel.cpuS += irqS;
      byApp.set(KERNEL_APP.key, kernel);
      liveCpuS += irqS;
    }
    const exitedS = Math.max(0, windowRestS - liveCpuS);
    const totalS = Math.max(windowRestS, liveCpuS + exitedS);
    const proportions: Proportion[] = [...byApp.values()].map((e) => ({
      consumer: e.consumer,
      cpuFraction: totalS > 0 ? e.cpuS / totalS : 0,
    }));
    // A window whose busy time was all in units says nothing about the rest: until the next read, busy time
    // outside them is CPU no live process was seen to use.
    proportions.push({
      consumer: { ...EXITED_ROW, rssBytes: 0, processCount: 0 },
      cpuFraction: totalS > 0 ? exitedS / totalS : 1,
    });
    this.proportions = proportions;
    return proportions;
  }
}
