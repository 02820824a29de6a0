// The assumptions behind a measured run's figures: settings (read-only), hardware, intensity and flag overrides.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DEVICE_CLASS_DEFAULTS } from '../core/defaults.js';
import { annualIntensity } from '../core/intensity.js';
import { classTdpW } from '../core/power.js';
import { SECONDS_PER_YEAR } from '../core/units.js';
import { AnnualIntensityProvider, resolveCountry } from '../engine/index.js';
import { dataFiles } from '../engine/index.js';
import { loadStored } from '../engine/index.js';
import { ConfSettingsStore } from '../engine/index.js';
import { HardwareReader } from '../sensors/hardware/inventory.js';
import type { DeviceClass, Settings } from '../shared/api.js';
import type { MeasureContext } from './figures.js';

/** What is known of this machine's hardware. */
export interface HardwareFacts {
  cores: number;
  /** Detected device class, or null (then `desktop`, unless the settings say otherwise). */
  deviceClass: DeviceClass | null;
  /** TDP from the bundled table of CPU families, with its note, or null when the CPU is not in it. */
  tableTdp: { tdpW: number; note: string } | null;
}

/** Overrides given on the command line. */
export interface ContextFlags {
  intensityGPerKWh: number | null;
  country: string | null;
  runsPerYear: number | null;
  dataBytes: number | null;
}

/** The device class used when neither the settings nor the hardware tell (the middle of the three). */
const FALLBACK_CLASS: DeviceClass = 'desktop';

/**
 * Resolves the context: flags over settings over detected hardware over class defaults (docs/ARCHITECTURE.md, "The
 * model"). Intensity: `--intensity`, else `--country`'s annual average, else the custom intensity setting,
 * else the annual average of the country setting or of the time zone's country, else the world average.
 */
export function resolveContext(
  settings: Settings,
  hardware: HardwareFacts,
  flags: ContextFlags,
): MeasureContext {
  const deviceClass = settings.deviceClass ?? hardware.deviceClass ?? FALLBACK_CLASS;
  const classSource = settings.deviceClass ? 'setting' : hardware.deviceClass ? 'detected' : 'assumed';
  const defaults = DEVICE_CLASS_DEFAULTS[deviceClass];

  let tdp: { tdpW: number; note: string };
  if (settings.cpuTdpW !== null) tdp = { tdpW: settings.cpuTdpW, note: 'cpuTdpW setting' };
  else if (hardware.tableTdp) tdp = hardware.tableTdp;
  else tdp = classTdpW(deviceClass, hardware.cores);

  let intensity: { intensityGPerKWh: number; detail: string };
  if (flags.intensityGPerKWh !== null) {
    intensity = { intensityGPerKWh: flags.intensityGPerKWh, detail: '--intensity' };
  } else if (flags.country !== null) {
    const a = annualIntensity(flags.country);
    intensity = { intensityGPerKWh: a.intensityGPerKWh, detail: a.detail };
  } else if (settings.customIntensity !== null) {
    intensity = { intensityGPerKWh: settings.customIntensity, detail: 'customIntensity setting' };
  } else {
    const { country: guessed, fromTimeZone } = resolveCountry(settings.country);
    const reading = new AnnualIntensityProvider(guessed, fromTimeZone).current();
    intensity = { intensityGPerKWh: reading.intensityGPerKWh, detail: reading.detail };
  }

  const embodiedKg = settings.embodiedKg ?? defaults.embodiedKg;
  const lifetimeYears = settings.lifetimeYears ?? defaults.lifetimeYears;
  const embodiedNote =
    settings.embodiedKg !== null
      ? 'embodiedKg setting'
      : `${defaults.embodiedSource} (${classSource} ${deviceClass})`;
  return {
    cores: hardware.cores,
    tdpW: tdp.tdpW,
    tdpNote: tdp.note,
    memoryWPerGB: settings.memoryWPerGB,
    pue: settings.pue,
    intensityGPerKWh: intensity.intensityGPerKWh,
    intensityDetail: intensity.detail,
    embodied: {
      embodiedKg,
      lifetimeS: lifetimeYears * SECONDS_PER_YEAR,
      note: `${embodiedNote}, ${lifetimeYears} y lifetime`,
    },
    runsPerYear: flags.runsPerYear,
    dataBytes: flags.dataBytes,
  };
}

/**
 * The user's settings, read-only: a missing file means defaults, and nothing is ever written (measure and
 * export must not migrate or create the app's files). Warnings name values that were ignored.
 */
export function readSettings(dataDir: string): { settings: Settings; warnings: string[] } {
  const { settingsPath } = dataFiles(dataDir);
  const raw = existsSync(settingsPath) ? new ConfSettingsStore(dataDir).read() : undefined;
  const loaded = loadStored(raw);
  return { settings: loaded.settings, warnings: loaded.warnings };
}

/** This machine's hardware from the sensors' cheap inventory (DMI, /proc/cpuinfo; a few ms, no helpers). */
export function detectHardware(reader: HardwareReader = new HardwareReader()): HardwareFacts {
  const inventory = reader.readCheap();
  return {
    cores: inventory.cores ?? availableParallelism(),
    deviceClass: inventory.deviceClass,
    tableTdp:
      inventory.tdp.source === 'table'
        ? { tdpW: inventory.tdp.tdpW, note: `${inventory.cpuModel}: ${inventory.tdp.note}` }
        : null,
  };
}
