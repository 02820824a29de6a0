// The Engine facade every shell wraps: tick loop, snapshots, subscribers, history, settings, pause and suspend.
import type {
  HardwareInfo,
  HistoryQuery,
  HistoryResult,
  ProcessInfo,
  PublicSettings,
  Settings,
  SettingsPatch,
  Snapshot,
  StorageHealth,
} from '../shared/api.js';
import { uptime } from 'node:os';
import type { EngineFacade, GapReason, SettledTick } from '../shared/engine-facade.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, staleAfterMs } from '../shared/time.js';
import { HeadlineTracker } from './headline.js';
import type { HistoryQueries } from './history/queries.js';
import { UNUSED_STORAGE, type HistoryWriter } from './history/resilient.js';
import type { IntensityProvider } from './intensity/providers.js';
import { createIntensityProvider, type IntensityEnvironment } from './intensity/select.js';
import { hardwareSummary, resolveModel, type DetectedHardware, type ModelParams } from './model.js';
import { Monitor, type MonitorSensors } from './monitor.js';
import { TickRecorder } from './recorder.js';
import type { SettingsHolder } from './settings/settings.js';
import { buildSnapshot } from './snapshot.js';
import { historyResult } from './history/result.js';

/** Monotonic and wall clocks; tests and the crash test pass a simulated one. */
export interface EngineClock {
  /** Monotonic milliseconds (never jumps back; stops during suspend on Linux). */
  monoMs(): number;
  /** Epoch milliseconds. */
  wallMs(): number;
  /** Milliseconds since boot, suspended time included, unmoved by changes of the wall clock (tells sleep from a clock set forward). */
  bootMs?(): number;
}

/** The real clocks. */
export const SYSTEM_CLOCK: EngineClock = {
  monoMs: () => performance.now(),
  wallMs: () => Date.now(),
  bootMs: () => uptime() * MS_PER_SECOND,
};

/**
 * After the wall clock jumped (or disagrees with the history at start), retention and minute trimming wait until
 * it has run in step with the monotonic clock this long: a clock set two years ahead must not delete the history.
 */
export const CLOCK_TRUST_MS = MS_PER_DAY;

/** What the engine is built from (see `createEngine` in index.ts for the usual wiring). */
export interface EngineParts {
  settings: SettingsHolder;
  /** What the engine's Monitor reads each tick. */
  sensors: MonitorSensors;
  /** Where history is written (a `ResilientHistory`: its writes never throw), or null with `persist: false`. */
  store: HistoryWriter | null;
  /** Queries over the store (or over a read-only one with `persist: false`), null without any history. */
  queries: HistoryQueries | null;
  hardware: () => DetectedHardware;
  hardwareInfo: (model: ModelParams) => HardwareInfo;
  clock: EngineClock;
  intensityEnv: IntensityEnvironment;
  /** Started in the background by `start()` (the GPU probe). */
  startExtras?: () => Promise<void>;
  /** Called once when everything is closed. */
  onClose?: () => void;
}

interface Subscriber {
  cb: (snapshot: Snapshot) => void;
  detail: boolean;
}

const MAINTENANCE_MS = MS_PER_HOUR;
const INTENSITY_KEYS: readonly (keyof Settings)[] = ['country', 'customIntensity', 'electricityMapsToken'];

/** The `EngineFacade` plus what the CLI and tests need: one tick on demand and the history queries. */
export class Engine implements EngineFacade {
  private readonly subscribers = new Set<Subscriber>();
  private readonly settledSubscribers = new Set<(tick: SettledTick) => void>();
  private readonly headline: HeadlineTracker;
  private readonly recorder: TickRecorder;
  private readonly monitor: Monitor;
  private intensity: IntensityProvider;
  private latest: Snapshot | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private ticking: Promise<Snapshot | null> | null = null;
  /** What the last failing tick of the loop said; null while ticks succeed. */
  private tickFault: string | null = null;
  private paused = false;
  private awayFrom: { ms: number; reason: GapReason } | null = null;
  /** The latest `leave`'s drain and minute write, which `stop` waits for. */
  private leaving: Promise<void> = Promise.resolve();
  private lastMaintenanceMs = 0;
  /** Monotonic time until which the wall clock is not trusted for deleting by age; null when it is. */
  private clockDoubtUntilMonoMs: number | null = null;
  private closed = false;

  constructor(private readonly parts: EngineParts) {
    const now = parts.clock.wallMs();
    this.intensity = createIntensityProvider(parts.settings.get(), parts.intensityEnv);
    this.headline = new HeadlineTracker(parts.queries, now);
    this.recorder = new TickRecorder(this.headline, parts.store);
    this.monitor = new Monitor(parts.sensors, {
      settled: (t) => {
        this.recorder.settled(t);
        const tick: SettledTick = {
          at: t.atMs,
          intervalS: t.machine.intervalS,
          machine: t.machine,
          rows: t.rows,
        };
        notifyAll(this.settledSubscribers, (cb) => cb(tick), 'a settled-tick subscriber');
      },
    });
    parts.settings.onChange((next, previous) => {
      if (INTENSITY_KEYS.some((k) => next[k] !== previous[k])) {
        this.intensity.close();
        this.intensity = createIntensityProvider(next, parts.intensityEnv);
      }
      if (next.intervalS !== previous.intervalS && this.running) this.schedule();
    });
  }

  /** History queries (top apps, series, per-day totals, raw rows, gaps); null when there is no history. */
  get history(): HistoryQueries | null {
    return this.parts.queries;
  }

  async start(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    await this.parts.settings.saveMigrated();
    const now = this.parts.clock.wallMs();
    const queries = this.parts.queries;
    const lastMinuteMs = queries?.lastMinuteMs() ?? null;
    const stoppedMs = lastMinuteMs === null ? null : lastMinuteMs + MS_PER_MINUTE;
    if (queries && lastMinuteMs !== null) {
      // What the last stored minute observed ends history; a clock now behind it must not record that time twice.
      const recordedUntilMs =
        lastMinuteMs + queries.observedS(lastMinuteMs, stoppedMs ?? lastMinuteMs) * MS_PER_SECOND;
      this.recorder.recordedUntil(recordedUntilMs);
      const retentionMs = this.parts.settings.get().retentionDays * MS_PER_DAY;
      if (now < recordedUntilMs || now - recordedUntilMs > retentionMs) this.doubtClock('at start');
    }
    if (
      this.parts.store &&
      stoppedMs !== null &&
      now - stoppedMs > staleAfterMs(this.parts.settings.get().intervalS)
    ) {
      this.parts.store.writeGap({ startMs: stoppedMs, endMs: now, reason: 'stopped' });
    }
    this.maintain(now);
    void this.parts.startExtras?.();
    // The first tick only sets baselines; if it throws, the loop still starts and says so, as for any tick.
    await this.tick().then(
      () => this.noteTick(null),
      (error: unknown) => this.noteTick(error),
    );
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A tick that fails as the engine stops must not keep the open minute from being written.
    await this.ticking?.catch(() => null);
    await this.leaving;
    await this.drain();
    this.recorder.closeMinute();
    this.intensity.close();
    this.parts.store?.close();
    this.parts.onClose?.();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const intervalMs = this.parts.settings.get().intervalS * MS_PER_SECOND;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      void this.tick()
        .then(
          () => this.noteTick(null),
          (error: unknown) => this.noteTick(error),
        )
        .finally(() => {
          if (this.running && !this.timer) this.schedule();
        });
    }, intervalMs);
  }

  /**
   * The loop goes on whatever a tick throws: a failing tick is said once per distinct cause (not every tick), and
   * said again when ticks work again.
   */
  private noteTick(error: unknown): void {
    const cause = error === null ? null : error instanceof Error ? error.message : String(error);
    if (cause === this.tickFault) return;
    console.error(
      cause === null
        ? 'carbon-tray: ticks work again'
        : `carbon-tray: a tick failed (the engine goes on and tries again every tick): ${cause}`,
    );
    this.tickFault = cause;
  }

  /** Whether history writes succeed (`ok` without history: nothing is written, nothing fails). */
  storage(): StorageHealth {
    return this.parts.store?.health() ?? UNUSED_STORAGE;
  }

  /** Runs one tick now (the loop calls it; tests drive it directly). Resolves to the new snapshot, if any. */
  tick(): Promise<Snapshot | null> {
    this.ticking ??= this.runTick().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runTick(): Promise<Snapshot | null> {
    if (this.closed || this.paused || this.awayFrom) return this.latest;
    const { clock, settings } = this.parts;
    const s = settings.get();
    const wallMs = clock.wallMs();
    const model = resolveModel(s, this.parts.hardware(), wallMs);
    const intensity = this.intensity.current(wallMs);
    const outcome = await this.monitor.tick({
      monoMs: clock.monoMs(),
      wallMs,
      ...(clock.bootMs ? { bootMs: clock.bootMs() } : {}),
      intervalS: s.intervalS,
      detail: [...this.subscribers].some((x) => x.detail),
      model,
      intensity,
      policy: s.attribution,
    });
    if (outcome.kind === 'baseline') return this.latest;
    if (outcome.kind === 'tick' && outcome.wallJumpMs < -staleAfterMs(s.intervalS))
      this.doubtClock('set back');
    if (outcome.kind === 'gap') {
      if (outcome.gap.reason === 'clock') this.doubtClock('set forward');
      this.recorder.closeMinute();
      this.parts.store?.writeGap(outcome.gap);
      return this.latest;
    }
    this.headline.addShown(
      outcome.machine.intervalS,
      outcome.machine.operationalG + outcome.machine.embodiedG,
    );
    const headline = this.headline.headline(wallMs, {
      intensityGPerKWh: this.intensity.nextHourGPerKWh(wallMs) ?? intensity.intensityGPerKWh,
      model,
    });
    const snapshot = buildSnapshot({
      tick: outcome,
      headline,
      hardware: hardwareSummary(model),
      paused: false,
      storage: this.storage(),
    });
    this.latest = snapshot;
    this.maintain(wallMs);
    this.publish(snapshot);
    return snapshot;
  }

  /** The wall clock jumped: deleting by age waits until it has run steadily for `CLOCK_TRUST_MS`. */
  private doubtClock(when: string): void {
    if (this.clockDoubtUntilMonoMs === null) {
      console.error(
        `carbon-tray: the wall clock disagrees with the monotonic clock or the history (${when}); ` +
          'old history is not pruned until it has run steadily for a day',
      );
    }
    this.clockDoubtUntilMonoMs = this.parts.clock.monoMs() + CLOCK_TRUST_MS;
  }

  private maintain(nowMs: number): void {
    if (this.clockDoubtUntilMonoMs !== null) {
      if (this.parts.clock.monoMs() < this.clockDoubtUntilMonoMs) return;
      this.clockDoubtUntilMonoMs = null;
    }
    if (!this.parts.store || nowMs - this.lastMaintenanceMs < MAINTENANCE_MS) return;
    this.lastMaintenanceMs = nowMs;
    this.parts.store.maintain(nowMs, this.parts.settings.get().retentionDays);
  }

  private publish(snapshot: Snapshot): void {
    notifyAll(this.subscribers, (s) => s.cb(snapshot), 'a snapshot subscriber');
  }

  async getSnapshot(): Promise<Snapshot | null> {
    return this.latest ? { ...this.latest, paused: this.paused, storage: this.storage() } : null;
  }

  subscribe(cb: (snapshot: Snapshot) => void, options?: { detail?: boolean }): () => void {
    const entry: Subscriber = { cb, detail: options?.detail === true };
    this.subscribers.add(entry);
    return () => {
      this.subscribers.delete(entry);
    };
  }

  subscribeSettled(cb: (tick: SettledTick) => void): () => void {
    this.settledSubscribers.add(cb);
    return () => {
      this.settledSubscribers.delete(cb);
    };
  }

  async getHistory(query: HistoryQuery): Promise<HistoryResult> {
    return historyResult(this.parts.queries, query);
  }

  /** The settings as the Api shows them: the token masked, the warnings about the stored file. */
  async getSettings(): Promise<PublicSettings> {
    return this.parts.settings.shown();
  }

  /**
   * Rejects with a `SettingsValidationError` (`field`, `message`) and saves nothing when any field is invalid, or
   * with a `FileFault` (the path and the cause) and changes nothing when the file cannot be written.
   */
  async updateSettings(patch: SettingsPatch): Promise<PublicSettings> {
    return this.parts.settings.shown(await this.parts.settings.update(patch));
  }

  async getHardware(): Promise<HardwareInfo> {
    const model = resolveModel(this.parts.settings.get(), this.parts.hardware(), this.parts.clock.wallMs());
    return this.parts.hardwareInfo(model);
  }

  async getProcesses(key: string): Promise<ProcessInfo[]> {
    return this.monitor.processes(key, this.parts.settings.get().storeCommandLines);
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.leave('paused');
    else this.comeBack('paused');
    if (this.latest) this.publish({ ...this.latest, paused });
  }

  isPaused(): boolean {
    return this.paused;
  }

  noteSuspend(): void {
    this.leave('suspend');
  }

  noteResume(): void {
    this.comeBack('suspend');
  }

  /** Stops attributing: the open minute is written and the time until `comeBack` becomes a gap. */
  private leave(reason: GapReason): void {
    if (this.awayFrom) return;
    this.awayFrom = { ms: this.parts.clock.wallMs(), reason };
    // The buffered ticks settle with a process read of their own window, then the open minute is written.
    this.leaving = this.drain()
      .then(() => this.recorder.closeMinute())
      .catch((error: unknown) =>
        console.error(
          `carbon-tray: writing the open minute failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }

  /**
   * Reads the process list and settles the buffered ticks with their own window's split (`Monitor.drain`); a
   * failing read is said (the monitor then settles those ticks as they were seen) and does not stop the caller.
   */
  private async drain(): Promise<void> {
    await this.monitor
      .drain()
      .catch((error: unknown) =>
        console.error(
          `carbon-tray: the process read before stopping failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  }

  private comeBack(reason: GapReason): void {
    if (!this.awayFrom || this.awayFrom.reason !== reason) return;
    this.parts.store?.writeGap({ startMs: this.awayFrom.ms, endMs: this.parts.clock.wallMs(), reason });
    this.awayFrom = null;
  }
}

/** Calls `call` for each listener (a copy of the set: one may unsubscribe); a failing one must not stop the others. */
function notifyAll<T>(listeners: Set<T>, call: (listener: T) => void, what: string): void {
  for (const listener of [...listeners]) {
    try {
      call(listener);
    } catch (error) {
      console.error(`carbon-tray: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
