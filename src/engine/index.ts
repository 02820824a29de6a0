// Builds the engine every shell uses: settings, history, sensors and the tick loop wired behind one facade.
import { existsSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import { openCgroupCpu } from '../sensors/processes/cgroup-cpu.js';
import { CpuTotalsReader, OsCpuTotalsReader } from '../sensors/processes/cpu-totals.js';
import { DEFAULT_APPLICATION_DIRS, DesktopEntries } from '../sensors/grouping/desktop-entries.js';
import { AppGrouper } from '../sensors/grouping/apps.js';
import { createProcessSampler } from '../sensors/processes/sampler.js';
import { LinuxProcessSampler } from '../sensors/processes/linux.js';
import type { HardwareInfo } from '../shared/api.js';
import { Engine, SYSTEM_CLOCK, type EngineClock } from './engine.js';
import type { HistoryQueries } from './history/queries.js';
import { ResilientHistory } from './history/resilient.js';
import { HistoryStore } from './history/store.js';
import { acquireEngineLock, logPrefix, type EngineLock } from './lock.js';
import { detectHardware } from './hardware.js';
import type { ModelParams } from './model.js';
import type { MonitorSensors } from './monitor.js';
import { dataFiles, secureDataDir } from './paths.js';
import { PowerSources } from './power-sources.js';
import { SettingsHolder } from './settings/settings.js';
import { ConfSettingsStore, type SettingsStore } from './settings/store.js';

export { Engine } from './engine.js';
export type { EngineClock } from './engine.js';
export { dataFiles, defaultDataDir, ownDataFiles } from './paths.js';
export { EngineLockedError } from './lock.js';
export {
  DEFAULT_SETTINGS,
  SETTINGS_SCHEMA_VERSION,
  SettingsValidationError,
  applyPatch,
  loadStored,
  toStored,
} from './settings/schema.js';
export type { StoredSettings } from './settings/schema.js';
export { SETTINGS_FILE, SETTINGS_FILE_MODE, ConfSettingsStore } from './settings/store.js';
export type { SettingsStore } from './settings/store.js';
export { HistoryQueryError } from './history/check.js';
export { repairDataDir } from './history/repair.js';
export type { FolderRepair, RepairResult, TableRepair } from './history/repair.js';
export type { HistoryQueries } from './history/queries.js';

/** How to build an engine. */
export interface EngineOptions {
  /** Folder for `settings.json` and `history.sqlite` (see `defaultDataDir()`). */
  dataDir: string;
  /** Where settings are kept; default a `ConfSettingsStore` in `dataDir` (Electron passes its electron-store one). */
  settingsStore?: SettingsStore;
  /** procfs mount; default `/proc` (tests pass a fixture tree). */
  procRoot?: string;
  /** sysfs mount; default `/sys`. */
  sysRoot?: string;
  /** `false`: read settings (and existing history, read-only) but write no history — for `carbon-tray top`. */
  persist?: boolean;
  /** Clocks; default the system's. Tests pass a simulated clock and call `engine.tick()` themselves. */
  clock?: EngineClock;
  /** Electricity Maps API root (tests point it at a local server). */
  electricityMapsUrl?: string;
  /**
   * Which OS's sensors to use; default this process's. Linux reads procfs; macOS and Windows read CPU totals from
   * `os.cpus()` and processes with `ps` (macOS) or systeminformation (Windows). Tests run the macOS path here.
   */
  platform?: NodeJS.Platform;
  /** Which shell runs the engine (`serve`, `tray`, …): named in the data folder's lock and in log lines. */
  shell?: string;
  /**
   * `false`: take no lock on the data folder (tests that share one). Otherwise an engine that writes history
   * takes `<dataDir>/engine.lock` before anything is written, and a second one on the folder is refused.
   */
  lock?: boolean;
}

/**
 * The engine for this machine. Nothing runs until `start()`; call `stop()` to flush the open minute and close the
 * database (and release the data folder's lock). Throws, naming the platform, where there is no process sampler
 * (anything but Linux, macOS, Windows), and `EngineLockedError`, naming the owner, when another engine records
 * into the data folder.
 */
export function createEngine(options: EngineOptions): Engine {
  const held: { lock: EngineLock | null } = { lock: null };
  try {
    return buildEngine(options, held);
  } catch (error) {
    held.lock?.release();
    throw error;
  }
}

/** The data folder's lock and privacy, before anything is written there (no lock for `persist: false`). */
function lockDataDir(options: EngineOptions): EngineLock | null {
  if (options.persist === false || options.lock === false) return null;
  const shell = options.shell ?? 'engine';
  const log = (line: string): void => console.error(`${logPrefix(shell)}${line}`);
  const lock = acquireEngineLock(options.dataDir, { shell, log });
  secureDataDir(options.dataDir, log);
  return lock;
}

function buildEngine(options: EngineOptions, held: { lock: EngineLock | null }): Engine {
  const platform = options.platform ?? process.platform;
  const procfs = platform === 'linux';
  const procRoot = options.procRoot ?? '/proc';
  // Before anything is opened: an unsupported platform fails here with the sampler's message.
  const sampler = procfs ? new LinuxProcessSampler(procRoot) : createProcessSampler(platform);
  held.lock = lockDataDir(options);
  const { historyPath } = dataFiles(options.dataDir);
  const settings = new SettingsHolder(options.settingsStore ?? new ConfSettingsStore(options.dataDir));
  let store: ResilientHistory | null = null;
  let reader: HistoryStore | null = null;
  if (options.persist === false) {
    if (existsSync(historyPath)) reader = new HistoryStore(historyPath, { readonly: true });
  } else {
    // Refuses a damaged database at start (the FileFault names both ways out); later faults only degrade.
    store = new ResilientHistory(historyPath);
  }
  const cpu = procfs ? new CpuTotalsReader(procRoot) : new OsCpuTotalsReader();
  const desktopDirs = [join(homedir(), '.local', 'share', 'applications'), ...DEFAULT_APPLICATION_DIRS];
  const grouper = new AppGrouper({ desktopEntries: new DesktopEntries(desktopDirs), platform });
  const power = new PowerSources(options.sysRoot ?? '/sys');
  const sensors: MonitorSensors = {
    cpu,
    processes: sampler,
    grouper,
    power: (monoS) => ({ measured: power.measured(monoS), hint: power.hint() }),
    gpuPowerW: () => power.gpuPowerW(),
    // cgroup v2 unit counters where cgroup2 is mounted in this process's namespace (procRoot/self/mountinfo).
    cgroupCpu: procfs ? openCgroupCpu(procRoot) : null,
  };
  const { inventory, detected } = detectHardware({
    procfs,
    procRoot,
    sysRoot: options.sysRoot ?? '/sys',
    fallbackCores: () => cpu.read().cores,
  });
  const hardwareInfo = (model: ModelParams): HardwareInfo => ({
    cpuModel: detected.cpuModel,
    cores: detected.cores,
    memoryBytes: detected.memoryBytes,
    deviceClass: detected.deviceClass,
    manufacturer: inventory.manufacturer,
    model: inventory.model,
    firmwareDate: detected.firmwareDate,
    batteries: inventory.batteries ?? 0,
    gpus: inventory.gpus ?? [],
    tdpW: model.tdpW,
    tdpSource: model.tdpSource,
    tdpNote: model.tdpNote,
  });
  const queries: HistoryQueries | null = (store ?? reader)?.queries ?? null;
  return new Engine({
    settings,
    sensors,
    store,
    queries,
    hardware: () => detected,
    hardwareInfo,
    clock: options.clock ?? SYSTEM_CLOCK,
    intensityEnv: options.electricityMapsUrl ? { electricityMapsUrl: options.electricityMapsUrl } : {},
    startExtras: () => power.startGpu(),
    onClose: () => {
      power.close();
      sampler.close();
      reader?.close();
      held.lock?.release();
    },
  });
}

/** This machine's hardware, detected as the engine does (for the CLI's `measure` and `export`). */
export function thisMachine(): ReturnType<typeof detectHardware> {
  return detectHardware({
    procfs: process.platform === 'linux',
    fallbackCores: () => availableParallelism(),
  });
}

/** Opens a data folder's history read-only, for `carbon-tray export` without running the engine. Null when none exists. */
export function openHistory(dataDir: string): { queries: HistoryQueries; close(): void } | null {
  const { historyPath } = dataFiles(dataDir);
  if (!existsSync(historyPath)) return null;
  const store = new HistoryStore(historyPath, { readonly: true });
  return { queries: store.queries, close: () => store.close() };
}

// What the CLI's calculator, measure and export need of the model and the machine, so shells import only this entry.
export { DEFAULT_PUE, MEMORY_W_PER_GB } from '../core/defaults.js';
export { joulesToKWh } from '../core/energy.js';
export { InputError } from '../core/errors.js';
export { estimate } from '../core/estimate.js';
export type { CpuPowerInput, EstimateInput, EstimateResult } from '../core/estimate.js';
export { annualIntensity, isKnownCountry } from '../core/intensity.js';
export { CAR_DESCRIPTION } from '../core/equivalents.js';
export { G_PER_KG, parseDuration, parseNumber, W_PER_KW } from '../core/units.js';
export type { RawHistoryRow } from './history/types.js';
export { AnnualIntensityProvider } from './intensity/providers.js';
export { createIntensityProvider } from './intensity/select.js';
export { resolveModel } from './model.js';
export type { DetectedHardware, ModelParams } from './model.js';
