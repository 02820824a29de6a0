// A synthetic Api for the UI benchmark: N made-up rows whose figures wander each tick, clearly named as synthetic.
import type * as api from '../../src/shared/api.js';
import type { SettledFeed, SettledTick } from '../../src/shared/engine-facade.js';
import { checkHistoryQuery } from '../../src/engine/history/check.js';
import { DEFAULT_SETTINGS } from '../../src/engine/settings/schema.js';
import { desktopHardware } from '../helpers/hardware.js';
import { STORAGE_OK } from '../helpers/storage.js';

const KINDS: api.AppKind[] = ['app', 'service', 'container', 'system'];

/** A small deterministic generator (mulberry32), so two runs feed the page the same figures. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Feeds `rows` synthetic rows (`synthetic-001`…) every `intervalMs`. The values are arbitrary workload for
 * the renderer, not a model of anything; the UI benchmark uses it because this machine has far fewer apps.
 */
export class SyntheticApi implements api.Api, SettledFeed {
  private readonly listeners = new Set<(s: api.Snapshot) => void>();
  private readonly settledListeners = new Set<(t: SettledTick) => void>();
  private readonly next = random(42);
  private timer: ReturnType<typeof setInterval> | null = null;
  private latest: api.Snapshot;
  private settings: api.Settings = { ...DEFAULT_SETTINGS };

  constructor(
    private readonly rows: number,
    private readonly intervalMs: number,
  ) {
    this.latest = this.make(Date.now());
  }

  start(): void {
    this.timer = setInterval(() => {
      this.latest = this.make(Date.now());
      for (const cb of this.listeners) cb(this.latest);
      // Every synthetic tick is shown settled.
      const { at, intervalS, machine, rows } = this.latest;
      for (const cb of this.settledListeners) cb({ at, intervalS, machine, rows });
    }, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
  }

  private make(at: number): api.Snapshot {
    const rows: api.AppRow[] = [];
    for (let i = 0; i < this.rows; i += 1) {
      const w = this.next() * 3;
      rows.push({
        key: `synthetic:${i}`,
        name: `synthetic-${String(i + 1).padStart(3, '0')}`,
        kind: KINDS[i % KINDS.length] as api.AppKind,
        powerW: w,
        energyJ: w * 2,
        operationalG: w * 2e-4,
        embodiedG: 1e-5,
        gPerH: w * 0.4,
        share: this.next() / this.rows,
        cpuS: this.next(),
        rssBytes: Math.round(this.next() * 5e8),
        processCount: 1 + (i % 4),
      });
    }
    return {
      at,
      intervalS: this.intervalMs / 1000,
      machine: {
        powerW: 40,
        powerSource: 'model',
        powerDetail: 'synthetic feed',
        energyJ: 80,
        operationalG: 0.009,
        embodiedG: 0.004,
        intensityGPerKWh: 400,
        intensitySource: 'annual',
        intensityDetail: 'synthetic feed',
        cpuUtilization: 0.3,
      },
      headline: { nowGPerH: 23, lastHourGPerH: 22, nextHourGPerH: 24, todayG: 180 },
      rows,
      hardware: desktopHardware(),
      paused: false,
      detailed: true,
      storage: STORAGE_OK,
    };
  }

  async getSnapshot(): Promise<api.Snapshot | null> {
    return this.latest;
  }

  subscribe(cb: (snapshot: api.Snapshot) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  subscribeSettled(cb: (tick: SettledTick) => void): () => void {
    this.settledListeners.add(cb);
    return () => this.settledListeners.delete(cb);
  }

  /** No history, but the engine's check of the query: the server leaves it to the Api behind it. */
  async getHistory(query: api.HistoryQuery): Promise<api.HistoryResult> {
    const totals = { energyJ: 0, operationalG: 0, embodiedG: 0, totalG: 0, cpuS: 0, rssByteS: 0, gPerH: 0 };
    return { query: checkHistoryQuery(query), series: [], top: [], totals, observedS: 0 };
  }

  /** No token is ever stored here, so nothing to mask; no settings file, so no warnings. */
  async getSettings(): Promise<api.PublicSettings> {
    return { ...this.settings, electricityMapsTokenSet: false, warnings: [] };
  }

  async updateSettings(patch: api.SettingsPatch): Promise<api.PublicSettings> {
    this.settings = { ...this.settings, ...patch, electricityMapsToken: null };
    return this.getSettings();
  }

  async getHardware(): Promise<api.HardwareInfo> {
    return {
      cpuModel: 'synthetic',
      cores: 2,
      memoryBytes: 8e9,
      deviceClass: null,
      manufacturer: null,
      model: null,
      firmwareDate: null,
      batteries: 0,
      gpus: [],
      tdpW: 65,
      tdpSource: 'class-default',
      tdpNote: 'synthetic feed',
    };
  }

  async getProcesses(): Promise<api.ProcessInfo[]> {
    return [];
  }
}
