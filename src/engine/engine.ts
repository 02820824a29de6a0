// The Engine facade every shell wraps: tick loop, snapshots, subscribers, history, settings, pause and suspend.
import type {
  HardwareInfo,
  HistoryQuery,
  HistoryResult,
  ProcessInfo,
  Settings,
  SettingsPatch,
  Snapshot,
} from '../shared/api.js';
import type { EngineFacade, GapReason } from '../shared/engine-facade.js';
import { HeadlineTracker } from './headline.js';
import type { HistoryQueries } from './history/queries.js';
import type { HistoryStore } from './history/store.js';
import type { IntensityProvider } from './intensity/providers.js';
import { createIntensityProvider, type IntensityEnvironment } from './intensity/select.js';
import { MinuteAccumulator } from './minutes.js';
import { hardwareSummary, resolveModel, type DetectedHardware, type ModelParams } from './model.js';
import type { AttributedTick, Monitor } from './monitor.js';
import type { SettingsHolder } from './settings/settings.js';
import { historyResult } from './history/result.js';

/** Monotonic and wall clocks; tests and the crash test pass a simulated one. */
export interface EngineClock {
  /** Monotonic milliseconds (never jumps back; stops during suspend on Linux). */
  monoMs(): number;
  /** Epoch milliseconds. */
  wallMs(): number;
}

/** The real clocks. */
export const SYSTEM_CLOCK: EngineClock = { monoMs: () => performance.now(), wallMs: () => Date.now() };

/** What the engine is built from (see `createEngine` in index.ts for the usual wiring). */
export interface EngineParts {
  settings: SettingsHolder;
  monitor: Monitor;
  /** Writable store, or null with `persist: false`. */
  store: HistoryStore | null;
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

const MAINTENANCE_MS = 3_600_000;
const INTENSITY_KEYS: readonly (keyof Settings)[] = ['country', 'customIntensity', 'electricityMapsToken'];

/** The `EngineFacade` plus what the CLI and tests need: one tick on demand and the history queries. */
export class Engine implements EngineFacade {
  private readonly subscribers = new Set<Subscriber>();
  private readonly minutes = new MinuteAccumulator();
  private readonly headline: HeadlineTracker;
  private intensity: IntensityProvider;
  private latest: Snapshot | null = null;
  private latestTicks: { seconds: number; totalG: number }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private ticking: Promise<Snapshot | null> | null = null;
  private paused = false;
  private awayFrom: { ms: number; reason: GapReason } | null = null;
  private lastMaintenanceMs = 0;
  private closed = false;

  constructor(private readonly parts: EngineParts) {
    const now = parts.clock.wallMs();
    this.intensity = createIntensityProvider(parts.settings.get(), parts.intensityEnv);
    this.headline = new HeadlineTracker(parts.queries, now);
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
    const last = this.parts.queries?.lastMinuteMs() ?? null;
    if (
      this.parts.store &&
      last !== null &&
      now - (last + 60_000) > 3 * this.parts.settings.get().intervalS * 1000
    ) {
      this.parts.store.writeGap({ startMs: last + 60_000, endMs: now, reason: 'stopped' });
    }
    this.maintain(now);
    void this.parts.startExtras?.();
    await this.tick();
    this.schedule();
  }

  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    this.drain();
    this.closeMinute();
    this.intensity.close();
    this.parts.store?.close();
    this.parts.onClose?.();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const intervalMs = this.parts.settings.get().intervalS * 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.running) return;
      void this.tick().finally(() => {
        if (this.running && !this.timer) this.schedule();
      });
    }, intervalMs);
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
    const { clock, settings, monitor } = this.parts;
    const s = settings.get();
    const wallMs = clock.wallMs();
    const model = resolveModel(s, this.parts.hardware(), wallMs);
    const intensity = this.intensity.current(wallMs);
    const detail = [...this.subscribers].some((x) => x.detail);
    const outcome = await monitor.tick({
      monoMs: clock.monoMs(),
      wallMs,
      intervalS: s.intervalS,
      detail,
      model,
      intensity,
      policy: s.attribution,
    });
    if (outcome.kind === 'baseline') return this.latest;
    this.record(outcome.attributed);
    if (outcome.kind === 'gap') {
      this.closeMinute();
      this.parts.store?.writeGap(outcome.gap);
      return this.latest;
    }
    this.latestTicks = [
      ...this.latestTicks.slice(-9),
      {
        seconds: outcome.machine.intervalS,
        totalG: outcome.machine.operationalG + outcome.machine.embodiedG,
      },
    ];
    const snapshot: Snapshot = {
      at: outcome.atMs,
      intervalS: outcome.machine.intervalS,
      machine: {
        powerW: outcome.machine.powerW,
        powerSource: outcome.machine.powerSource,
        powerDetail: outcome.machine.powerDetail,
        energyJ: outcome.machine.energyJ,
        operationalG: outcome.machine.operationalG,
        embodiedG: outcome.machine.embodiedG,
        intensityGPerKWh: outcome.machine.intensityGPerKWh,
        intensitySource: outcome.machine.intensitySource,
        intensityDetail: outcome.machine.intensityDetail,
        cpuUtilization: outcome.machine.cpuUtilization,
      },
      headline: this.headline.headline(wallMs, this.latestTicks, {
        intensityGPerKWh: this.intensity.nextHourGPerKWh(wallMs) ?? intensity.intensityGPerKWh,
        model,
      }),
      rows: outcome.rows,
      hardware: hardwareSummary(model),
      paused: false,
      detailed: outcome.detailed,
    };
    this.latest = snapshot;
    this.maintain(wallMs);
    this.publish(snapshot);
    return snapshot;
  }

  /** Sends attributed ticks to the headline and the minute accumulator; writes each minute that closes. */
  private record(ticks: readonly AttributedTick[]): void {
    for (const t of ticks) {
      this.headline.add(
        t.atMs,
        t.machine.intervalS,
        t.machine.operationalG + t.machine.embodiedG,
        t.machine.energyJ,
      );
      const closed = this.minutes.add(t.atMs, t.machine, t.rows);
      if (closed) this.parts.store?.writeMinute(closed);
    }
  }

  /** Attributes the ticks the monitor still holds (they wait for the next process read when nobody looks). */
  private drain(): void {
    const s = this.parts.settings.get();
    this.record(this.parts.monitor.drain(s.attribution, this.parts.hardware().cores));
  }

  private closeMinute(): void {
    const closed = this.minutes.flush();
    if (closed) this.parts.store?.writeMinute(closed);
  }

  private maintain(nowMs: number): void {
    if (!this.parts.store || nowMs - this.lastMaintenanceMs < MAINTENANCE_MS) return;
    this.lastMaintenanceMs = nowMs;
    this.parts.store.maintain(nowMs, this.parts.settings.get().retentionDays);
  }

  private publish(snapshot: Snapshot): void {
    for (const s of [...this.subscribers]) {
      try {
        s.cb(snapshot);
      } catch (error) {
        // A failing subscriber must not stop the others or the loop.
        console.error(
          `carbon-tray: a snapshot subscriber failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  async getSnapshot(): Promise<Snapshot | null> {
    return this.latest ? { ...this.latest, paused: this.paused } : null;
  }

  subscribe(cb: (snapshot: Snapshot) => void, options?: { detail?: boolean }): () => void {
    const entry: Subscriber = { cb, detail: options?.detail === true };
    this.subscribers.add(entry);
    return () => {
      this.subscribers.delete(entry);
    };
  }

  async getHistory(query: HistoryQuery): Promise<HistoryResult> {
    return historyResult(this.parts.queries, query);
  }

  async getSettings(): Promise<Settings> {
    return this.parts.settings.get();
  }

  /** Rejects with a `SettingsValidationError` (`field`, `message`) and saves nothing when any field is invalid. */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.parts.settings.update(patch);
  }

  async getHardware(): Promise<HardwareInfo> {
    const model = resolveModel(this.parts.settings.get(), this.parts.hardware(), this.parts.clock.wallMs());
    return this.parts.hardwareInfo(model);
  }

  async getProcesses(key: string): Promise<ProcessInfo[]> {
    return this.parts.monitor.processes(key, this.parts.settings.get().storeCommandLines);
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
    this.drain();
    this.closeMinute();
  }

  private comeBack(reason: GapReason): void {
    if (!this.awayFrom || this.awayFrom.reason !== reason) return;
    this.parts.store?.writeGap({ startMs: this.awayFrom.ms, endMs: this.parts.clock.wallMs(), reason });
    this.awayFrom = null;
  }
}
