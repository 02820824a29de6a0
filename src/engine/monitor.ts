// The tick: CPU totals and cgroup unit counters every tick, the process list every tick (detail) or every ~60 s
// with a light read between (Linux), attributed so rows add up.
import type { CgroupCpuSource } from '../sensors/processes/cgroup-cpu.js';
import type { CpuTotalsSample } from '../sensors/processes/cpu-totals.js';
import { KERNEL_APP, type AppIdentity } from '../sensors/grouping/apps.js';
import { CpuAccounting } from '../sensors/processes/accounting.js';
import type { LightProcessSnapshot, ProcessSample, ProcessSnapshot } from '../sensors/processes/types.js';
import type { AppRow, AttributionPolicy, ProcessInfo } from '../shared/api.js';
import { MS_PER_MINUTE, MS_PER_SECOND, SECONDS_PER_MINUTE, staleAfterMs } from '../shared/time.js';
import type { GapRecord } from './history/types.js';
import type { IntensityReading } from './intensity/providers.js';
import { machineTick, type MachineTickValues, type MeasuredPower } from './machine.js';
import type { ModelParams } from './model.js';
import { buildRows, EXITED_ROW, SELF_ROW, type ConsumerTick } from './rows.js';
import { UnitAccounting, type Consumer, type UnitShare } from './unit-cpu.js';
import { windowCpu } from './window-split.js';

/** What the monitor reads; the engine wires real sensors, tests pass fixture sequences. */
export interface MonitorSensors {
  cpu: { read(): CpuTotalsSample };
  processes: {
    sample(): Promise<ProcessSnapshot>;
    /** A cheap partial read between complete ones (Linux); absent: ticks between reads are split by the last. */
    lightSample?(): LightProcessSnapshot;
    commandLine(id: string): readonly string[] | null;
  };
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
 * The tick as a snapshot shows it: settled when this tick read the processes, else provisional (`AppRow.provisional`)
 * until the next read settles it: split by what this tick's light read saw (Linux), or elsewhere by the previous
 * window's proportions.
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
  /**
   * CPU seconds per consumer key outside counted units that this tick's light read saw live processes use
   * (through `CpuAccounting`); null when there was none (other OSes, or the tick's read was a complete one).
   */
  seen: Map<string, number> | null;
}

/** What a complete process read found per consumer since the read before (light or complete). */
type ReadCpu = Map<string, { consumer: Consumer; cpuS: number }>;

/** Seconds between process reads when nobody is looking. */
export const SLOW_PROCESS_READ_S = SECONDS_PER_MINUTE;

/**
 * The share of wall time process reads may take while someone is looking: after a read that took C ms, the next
 * waits at least C / 0.05 ms. A procfs read (~15 ms) never waits past a 2 s tick; a Windows read through
 * systeminformation (seconds, it starts PowerShell) is then made about once a minute instead of every tick.
 */
export const DETAIL_READ_BUDGET = 0.05;

/**
 * Ticks are buffered until the next complete process read; then the window's per-app CPU from that read (exact
 * over the window) is split over the buffered ticks by what the light reads saw in each (`splitWindow`), each tick
 * still adding up to its busy seconds, and each is sent to the `SettledTicks` sink. Between complete reads, on
 * Linux, a light read every tick (new pids, the processes whose CPU moved lately, the reapers of vanished ones)
 * gives the tick's own provisional rows, so a process started while nobody looks shows within a tick; elsewhere a
 * tick between reads is split with the previous window's proportions. A tick longer than 3 intervals
 * (`staleAfterMs`, or a wall-clock jump, i.e. suspend) is a gap: never attributed; the ticks buffered before it are
 * settled as they were seen.
 *
 * Apps recognised by a cgroup unit (desktop scopes, services, containers, pods) are charged their unit's own
 * counter every tick, live and settled rows alike (scaled down only when the units together exceed the tick's
 * busy seconds); the process tree splits only the rest, among processes outside those units.
 *
 * `tick` and `drain` run one at a time, in the order called.
 */
export class Monitor {
  private prevCpu: CpuTotalsSample | null = null;
  private prevMonoMs = 0;
  private prevWallMs = 0;
  private prevBootMs: number | undefined = undefined;
  private readonly accounting = new CpuAccounting();
  private readonly units: UnitAccounting;
  private proportions: Proportion[] = [];
  /** The consumers of the current window: those of the latest complete read and apps light reads found since. */
  private consumers = new Map<string, Consumer>();
  /** The app of every process known now (the latest complete read's grouping, extended by light reads). */
  private apps = new Map<string, AppIdentity>();
  /** The processes charged their own CPU only (`UnitAccounting.ownOnly`) at the latest complete read. */
  private ownOnly: ReadonlySet<string> = new Set();
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
  /** The latest `tick` or `drain` under way: the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sensors: MonitorSensors,
    private readonly sink: SettledTicks,
    private readonly selfPid: number = process.pid,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.units = new UnitAccounting(sensors.cgroupCpu ?? null);
  }

  /**
   * Before a stop, pause or suspend: reads the process list and settles the ticks still waiting for a read with
   * their own window's split and the latest tick's context, then forgets the baseline: the next tick only sets a
   * new one. Waits for a tick under way. When the read fails, the ticks are settled as they were seen and it rejects.
   */
  drain(): Promise<void> {
    return this.serial(async () => {
      this.prevCpu = null;
      const ctx = this.lastCtx;
      if (!ctx || this.pending.length === 0) return;
      let read: ReadCpu;
      try {
        read = await this.readProcesses(ctx.monoMs, true);
      } catch (error) {
        this.settleAsSeen(ctx);
        throw error;
      }
      this.settleWindow(ctx, read);
    });
  }

  /** Settles the buffered ticks as they were seen, without a read (before a gap, or when a read failed). */
  private settleAsSeen(ctx: TickContext): void {
    const ticks = this.pending;
    this.pending = [];
    for (const t of ticks)
      this.sink.settled({ atMs: t.atMs, machine: t.machine, rows: this.seenRows(t, ctx, false) });
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

  /** Runs `run` after the `tick` or `drain` under way, if any, whether that one succeeded or not. */
  private serial<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Measures one tick; sends the ticks it settles to the sink before it resolves. */
  tick(ctx: TickContext): Promise<TickOutcome> {
    return this.serial(() => this.tickNow(ctx));
  }

  private async tickNow(ctx: TickContext): Promise<TickOutcome> {
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
      // A read now would count the gap's CPU too: the ticks before it are settled as they were seen.
      this.settleAsSeen(ctx);
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
      seen: null,
    };
    this.pending.push(tick);
    this.setBaseline(cpu, ctx);
    // A window of several ticks: this tick's own split from a light read, so the complete read adds only what
    // the light reads missed.
    if (!readNow || this.pending.length > 1) tick.seen = this.lightRead();
    if (!readNow) {
      this.ticksSinceRead += 1;
      return { kind: 'tick', wallJumpMs, ...this.shown(tick, this.seenRows(tick, ctx, true), false) };
    }
    const read = await this.readProcesses(ctx.monoMs, true);
    const rows = this.settleWindow(ctx, read);
    return { kind: 'tick', wallJumpMs, ...this.shown(tick, rows, ctx.detail) };
  }

  private shown(tick: PendingTick, rows: AppRow[], detailed: boolean): ShownTick {
    return { atMs: tick.atMs, machine: tick.machine, rows, detailed };
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
   * A light read: the CPU per consumer of the live processes it re-read, outside counted units, through the same
   * accounting as complete reads (so the next complete read counts only what it missed). Apps it finds join the
   * window's consumers. Null when the sampler has no light read.
   */
  private lightRead(): Map<string, number> | null {
    const light = this.sensors.processes.lightSample?.();
    if (!light) return null;
    if (light.changed.some((p) => !this.apps.has(p.id)))
      this.apps = this.sensors.grouper.groupAll(light.processes, (id) =>
        this.sensors.processes.commandLine(id),
      );
    const deltas = this.accounting.partial(light.changed, light.vanished, this.ownOnly);
    const seen = new Map<string, number>();
    const found = new Set<string>();
    for (const p of light.changed) {
      const app = this.appOf(p, this.apps);
      if (!this.consumers.has(app.key)) {
        this.consumers.set(app.key, {
          key: app.key,
          name: app.name,
          kind: app.kind,
          rssBytes: 0,
          processCount: 0,
        });
        found.add(app.key);
      }
      const consumer = this.consumers.get(app.key) as Consumer;
      if (found.has(app.key)) {
        consumer.rssBytes += p.rssBytes;
        consumer.processCount += 1;
      }
      const unit = this.units.unitOf(this.apps.get(p.id)?.unitCgroup);
      if (unit !== undefined && this.units.isCounted(unit)) continue;
      const deltaS = deltas.get(p.id) ?? 0;
      if (deltaS > 0) seen.set(app.key, (seen.get(app.key) ?? 0) + deltaS);
    }
    return seen;
  }

  /**
   * A tick's rows as it was seen (`provisional` until a complete read settles it): the light read's CPU per
   * consumer (scaled down if together it exceeds the tick), interrupt time to the kernel, the rest to `Exited
   * processes`; without a light read, the previous window's proportions.
   */
  private seenRows(tick: PendingTick, ctx: TickContext, provisional: boolean): AppRow[] {
    if (!tick.seen) {
      const cpu = new Map(this.proportions.map((p) => [p.consumer.key, p.cpuFraction * tick.restS]));
      return this.rowsFor(
        tick,
        this.proportions.map((p) => p.consumer),
        cpu,
        ctx,
        true,
      );
    }
    const liveS = [...tick.seen.values()].reduce((s, v) => s + v, 0);
    const irqS = Math.min(tick.irqS, Math.max(0, tick.restS - liveS));
    const scale = liveS + irqS > tick.restS && liveS > 0 ? (tick.restS - irqS) / liveS : 1;
    const cpu = new Map([...tick.seen].map(([key, s]) => [key, s * scale]));
    cpu.set(KERNEL_APP.key, (cpu.get(KERNEL_APP.key) ?? 0) + irqS);
    cpu.set(EXITED_ROW.key, Math.max(0, tick.restS - liveS * scale - irqS));
    return this.rowsFor(tick, this.windowConsumers(), cpu, ctx, provisional);
  }

  /** The window's consumers, with the kernel's and `Exited processes`' rows. */
  private windowConsumers(): Consumer[] {
    const out = [...this.consumers.values()];
    if (!this.consumers.has(KERNEL_APP.key)) out.push({ ...KERNEL_APP, rssBytes: 0, processCount: 0 });
    out.push({ ...EXITED_ROW, rssBytes: 0, processCount: 0 });
    return out;
  }

  /**
   * Settles every buffered tick after a complete read and returns the last one's rows: each consumer's CPU over the
   * window, split over the ticks by what the light reads saw in each (`windowCpu`), each tick adding up to its busy
   * seconds. The window's proportions are kept for ticks without a light read. The buffer is emptied first, so a
   * sink that throws never gets a tick twice.
   */
  private settleWindow(ctx: TickContext, read: ReadCpu): AppRow[] {
    const ticks = this.pending;
    this.pending = [];
    // The apps light reads found this window whose processes are gone by now keep their rows until it is settled;
    // from now on the window's consumers are this read's.
    for (const [key, e] of read) this.consumers.set(key, e.consumer);
    const consumers = this.windowConsumers();
    this.consumers = new Map([...read].map(([key, e]) => [key, e.consumer]));
    const windowRestS = ticks.reduce((s, t) => s + t.restS, 0);
    const { totals, split } = windowCpu(
      consumers.map((c) => c.key),
      ticks,
      new Map([...read].map(([key, e]) => [key, e.cpuS])),
    );
    this.proportions = consumers.map((consumer, c) => ({
      consumer,
      cpuFraction:
        windowRestS > 0 ? (totals[c] as number) / windowRestS : consumer.key === EXITED_ROW.key ? 1 : 0,
    }));
    let rows: AppRow[] = [];
    ticks.forEach((t, i) => {
      const cpu = new Map(consumers.map((c, ci) => [c.key, split[ci]?.[i] ?? 0]));
      rows = this.rowsFor(t, consumers, cpu, ctx, false);
      this.sink.settled({ atMs: t.atMs, machine: t.machine, rows });
    });
    return rows;
  }

  /**
   * One tick's rows: the units' own CPU, and the rest of its busy seconds as `cpuS` gives it per consumer key.
   * `provisional` marks every row but `Idle capacity` and the rows all of whose CPU is a unit's counter.
   */
  private rowsFor(
    tick: PendingTick,
    consumers: readonly Consumer[],
    cpuS: ReadonlyMap<string, number>,
    ctx: TickContext,
    provisional: boolean,
  ): AppRow[] {
    const byKey = new Map<string, ConsumerTick>();
    for (const c of consumers) byKey.set(c.key, { ...c, cpuS: cpuS.get(c.key) ?? 0 });
    const exact = new Set<string>();
    for (const u of tick.units) {
      const row = byKey.get(u.consumer.key);
      if (row && row.cpuS === 0) exact.add(u.consumer.key);
      if (row) row.cpuS += u.cpuS;
      else if (u.cpuS > 0) {
        byKey.set(u.consumer.key, { ...u.consumer, cpuS: u.cpuS });
        exact.add(u.consumer.key);
      }
    }
    const rows = buildRows(tick.machine, [...byKey.values()], ctx.policy, ctx.model.cores);
    if (!provisional) return rows;
    return rows.map((r) => (r.kind === 'idle' || exact.has(r.key) ? r : { ...r, provisional: true }));
  }

  /**
   * Reads every process, takes CPU per identity since the previous read, light or complete (reaped children
   * included, through `CpuAccounting`) and groups them into apps; returns each consumer's CPU outside the units
   * counted since the last complete read. With `window` false the read is a new baseline (nothing counted). Either
   * way its apps are the window's consumers from now on, and the units found in it are the ones counted until the
   * next.
   */
  private async readProcesses(monoMs: number, window: boolean): Promise<ReadCpu> {
    this.ticksSinceRead = 0;
    this.lastReadMonoMs = monoMs;
    const startedMs = this.nowMs();
    const snapshot = await this.sensors.processes.sample();
    this.readCostMs = this.nowMs() - startedMs;
    const commandLineOf = (id: string): readonly string[] | null => this.sensors.processes.commandLine(id);
    const apps = this.sensors.grouper.groupAll(snapshot.processes, commandLineOf);
    const unitOf = (p: ProcessSample): string | undefined => this.units.unitOf(apps.get(p.id)?.unitCgroup);
    const byApp: ReadCpu = new Map();
    this.ownOnly = this.units.ownOnly(snapshot.processes, unitOf);
    const deltas = this.accounting.deltas(snapshot.processes, !window, this.ownOnly);
    // Every unit of this read, with the rows its processes landed on: only a unit that is all one row is counted.
    const unitRows = new Map<string, Set<string>>();
    let rssTotalBytes = 0;
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
      entry.cpuS += deltas.get(p.id) ?? 0;
    }
    this.lastRead = { processes: snapshot.processes, apps, deltas };
    this.apps = apps;
    this.rssTotalBytes = rssTotalBytes;
    this.units.track(unitRows, (key) => byApp.get(key)?.consumer, !window);
    if (!window) this.consumers = new Map([...byApp].map(([key, e]) => [key, e.consumer]));
    return byApp;
  }
}
