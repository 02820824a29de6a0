// The Api contract shared by main, preload, server and renderer: one shape over IPC and HTTP.
import type {
  AmortizationPolicy,
  AppKind,
  AttributionPolicy,
  CpuPowerModel,
  DeviceClass,
  IntensitySource,
  PowerSource,
} from '../core/vocabulary.js';
import type { MachineFacts } from '../core/machine.js';

/** Enumerations written once in src/core, for the shells and the renderer (which do not import src/core). */
export { CPU_POWER_MODELS, SYNTHETIC_ROW_KINDS } from '../core/vocabulary.js';
export type * from '../core/vocabulary.js';

/** One application, service, container or synthetic row for the latest tick. */
export interface AppRow {
  /** Stable key, e.g. `service:nginx.service`, `app:firefox`, `container:3f2a…`, `idle`, `exited`, `self`. */
  key: string;
  name: string;
  kind: AppKind;
  powerW: number;
  /** Energy of the latest tick (after PUE). */
  energyJ: number;
  /** Operational carbon of the latest tick. */
  operationalG: number;
  /** Embodied carbon share of the latest tick. */
  embodiedG: number;
  /** (operational + embodied) per hour at the latest tick's rate. */
  gPerH: number;
  /** Fraction (0..1) of the machine's total carbon of the latest tick. */
  share: number;
  /** CPU seconds used in the latest tick. */
  cpuS: number;
  rssBytes: number;
  /** Number of live processes grouped in this row (0 for synthetic rows). */
  processCount: number;
  /**
   * Present (true) when this row's CPU split is an estimate until the next full process read (nobody looking: at
   * most a minute away), which settles it; absent on rows that are final, as history stores them.
   */
  provisional?: true;
}

export interface MachineTick {
  powerW: number;
  powerSource: PowerSource;
  /** Human-readable detail of the power source, e.g. `RAPL package+dram` or `model teads, TDP 65 W (class default)`. */
  powerDetail: string;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  intensityGPerKWh: number;
  intensitySource: IntensitySource;
  /** Why the intensity is what it is, e.g. `NLD annual average (Ember 2023 via @tgwf/co2)`. */
  intensityDetail: string;
  /** Machine CPU utilisation 0..1 over the latest tick. */
  cpuUtilization: number;
}

export interface Headline {
  nowGPerH: number;
  /** Observed over the last hour; null until there is any history. */
  lastHourGPerH: number | null;
  /** Expected for the next hour (modelled). */
  nextHourGPerH: number | null;
  todayG: number;
}

export interface HardwareSummary {
  deviceClass: DeviceClass;
  embodiedKg: number;
  /** True when `embodiedKg` is the device-class default rather than the user's figure. */
  embodiedIsDefault: boolean;
  lifetimeYears: number;
  ageYears: number | null;
  /** Where the age came from. */
  ageSource: 'purchase-date' | 'firmware-date' | 'unknown';
  amortizedFraction: number | null;
  amortization: AmortizationPolicy;
  /** Embodied rate under the chosen policy. */
  embodiedGPerH: number;
}

export interface Snapshot {
  /** Epoch milliseconds of the tick. */
  at: number;
  intervalS: number;
  machine: MachineTick;
  headline: Headline;
  rows: AppRow[];
  hardware: HardwareSummary;
  /** True while the engine is paused by the user. */
  paused: boolean;
  /** True when the rows come from the full process list of this tick (someone is looking). */
  detailed: boolean;
  /** Whether history is being written (the popup's banner, `/healthz`, `/metrics`). */
  storage: StorageHealth;
}

/**
 * Whether the engine's history writes succeed. `degraded` while the last write failed (disk full, read-only,
 * I/O error, a damaged or vanished file): the engine keeps running and keeps the unwritten minutes in memory.
 */
export interface StorageHealth {
  status: 'ok' | 'degraded';
  /** While degraded: the path, the cause in plain words and what to do (a `FileFault` message); else null. */
  reason: string | null;
  /** Finished minutes waiting in memory to be written (at most a day's). */
  pendingMinutes: number;
  /** Minutes given up since start: the oldest beyond a day of waiting, or unwritten at stop. */
  droppedMinutes: number;
  /** Failed write attempts since start. */
  writeErrors: number;
}

/** Persisted settings; `null` means "use the detected or default value" (README, Settings). */
export interface Settings {
  deviceClass: DeviceClass | null;
  embodiedKg: number | null;
  /** ISO date `YYYY-MM-DD`. */
  purchaseDate: string | null;
  lifetimeYears: number | null;
  amortization: AmortizationPolicy;
  cpuModel: CpuPowerModel;
  cpuTdpW: number | null;
  memoryWPerGB: number;
  pue: number;
  /** ISO 3166-1 alpha-3. */
  country: string | null;
  customIntensity: number | null;
  electricityMapsToken: string | null;
  attribution: AttributionPolicy;
  intervalS: number;
  retentionDays: number;
  storeCommandLines: boolean;
}

export type SettingsPatch = Partial<Settings>;

/** An update refused by validation: the field and what is wrong with it. Nothing was saved. */
export interface SettingsError {
  field: string;
  message: string;
}

/**
 * A stored setting that is not used: a hand-edited value the schema refuses (the default is used instead, and the
 * file keeps the value as written until that setting is changed), a key this version does not know, or a settings
 * file that cannot be read (the defaults are used, and the file is never overwritten).
 */
export interface SettingsWarning {
  /** The setting's key, `schemaVersion`, or `settings` for the file as a whole. */
  field: string;
  /** Starts with the field; says the value, the rule it breaks and what is used instead. */
  message: string;
}

/**
 * The settings as the Api shows them (GET and PATCH /api/settings, IPC): secrets masked, and the warnings about
 * the stored file. `electricityMapsTokenSet` and `warnings` are read-only: a patch may send them back, they are
 * ignored. A patch that sends the masked token back keeps the stored one.
 */
export interface PublicSettings extends Settings {
  /** `••••••1a2b` (its last 4 characters) when a token is stored, else null; the token itself never leaves the engine. */
  electricityMapsToken: string | null;
  /** True when an Electricity Maps token is stored. */
  electricityMapsTokenSet: boolean;
  warnings: SettingsWarning[];
}

export interface HistoryQuery {
  /** Omit for machine totals; give a row key for one app's series. */
  app?: string;
  /** Epoch ms. */
  from: number;
  /** Epoch ms. */
  to: number;
  /** Bucket size in seconds (60, 3600, 86400). */
  stepS: number;
}

export interface HistoryPoint {
  /** Bucket start, epoch ms. */
  at: number;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  /** Average power over the bucket's observed time. */
  powerW: number;
  /** operationalG + embodiedG of the bucket (the renderer never adds numbers itself). */
  totalG: number;
}

export interface HistoryTopApp {
  key: string;
  name: string;
  kind: AppKind;
  energyJ: number;
  operationalG: number;
  embodiedG: number;
  cpuS: number;
  /** RSS byte-seconds, for RAM time. */
  rssByteS: number;
  /** operationalG + embodiedG over the window. */
  totalG: number;
  /** SCI over the window with R = one hour of observed time: totalG per observed hour. */
  gPerH: number;
  /** Fraction (0..1) of the machine's totalG over the window. */
  share: number;
}

/** Totals of one app (or the machine) over a history window: the SCI spelled out (docs/ARCHITECTURE.md, "The model and its sources"). */
export interface HistoryTotals {
  energyJ: number;
  /** O of the SCI. */
  operationalG: number;
  /** M of the SCI. */
  embodiedG: number;
  /** O + M. */
  totalG: number;
  cpuS: number;
  /** RSS byte-seconds, for RAM time. */
  rssByteS: number;
  /** (O + M) / R with R = one hour of observed time. */
  gPerH: number;
}

export interface HistoryResult {
  query: HistoryQuery;
  series: HistoryPoint[];
  /** Ranked apps over the window (only for machine queries). */
  top: HistoryTopApp[];
  /** Totals of the queried app, or of the machine, over the window. */
  totals: HistoryTotals;
  /** Observed seconds within the window (gaps excluded). */
  observedS: number;
}

export interface ProcessInfo {
  pid: number;
  name: string;
  cpuS: number;
  rssBytes: number;
  /** Only when the user allows storing command lines. */
  cmdline?: string;
}

/** The machine as the popup's settings show it: the facts, its batteries and GPUs, and the TDP the model uses. */
export interface HardwareInfo extends MachineFacts {
  batteries: number;
  gpus: string[];
  /** TDP used by the model and where it came from. */
  tdpW: number;
  tdpSource: 'setting' | 'table' | 'class-default';
  tdpNote: string;
}

/** The one interface every shell and the renderer use. */
export interface Api {
  getSnapshot(): Promise<Snapshot | null>;
  /** Returns an unsubscribe function. `detail` asks for the full process list every tick. */
  subscribe(cb: (snapshot: Snapshot) => void, options?: { detail?: boolean }): () => void;
  getHistory(query: HistoryQuery): Promise<HistoryResult>;
  /** The settings with secrets masked, and what was found wrong in the stored file. */
  getSettings(): Promise<PublicSettings>;
  /**
   * Resolves to the saved settings (as `getSettings` shows them), or rejects with a `SettingsError`-shaped error
   * naming the field (nothing saved), or with the message of a file fault naming the path (nothing changed).
   */
  updateSettings(patch: SettingsPatch): Promise<PublicSettings>;
  getHardware(): Promise<HardwareInfo>;
  /** Processes grouped under one row (live). */
  getProcesses(key: string): Promise<ProcessInfo[]>;
}
