// The assumptions behind a measured run's figures: the engine's model of this machine, its intensity, flag overrides.
import { existsSync } from 'node:fs';
import { AnnualIntensityProvider, createIntensityProvider, resolveModel } from '../engine/index.js';
import type { DetectedHardware } from '../engine/index.js';
import { dataFiles } from '../engine/index.js';
import { loadStored } from '../engine/index.js';
import { ConfSettingsStore } from '../engine/index.js';
import type { Settings } from '../shared/api.js';
import type { MeasureContext } from './figures.js';

/** Overrides given on the command line. */
export interface ContextFlags {
  intensityGPerKWh: number | null;
  country: string | null;
  runsPerYear: number | null;
  dataBytes: number | null;
}

/**
 * Resolves the context: the model's parameters exactly as the engine resolves them (`resolveModel`: settings over
 * detected hardware over class defaults, docs/ARCHITECTURE.md "The model"), and the intensity: `--intensity`, else
 * `--country`'s annual average, else the engine's offline choice for the settings (custom, else the annual average
 * of the country setting or of the time zone's country, else the world). A run is measured offline: an Electricity
 * Maps token in the settings is not used here.
 */
export function resolveContext(
  settings: Settings,
  hardware: DetectedHardware,
  flags: ContextFlags,
  nowMs: number = Date.now(),
): MeasureContext {
  const intensity =
    flags.intensityGPerKWh !== null
      ? { intensityGPerKWh: flags.intensityGPerKWh, detail: '--intensity' }
      : flags.country !== null
        ? new AnnualIntensityProvider(flags.country).current()
        : createIntensityProvider({ ...settings, electricityMapsToken: null }).current(nowMs);
  return {
    model: resolveModel(settings, hardware, nowMs),
    intensityGPerKWh: intensity.intensityGPerKWh,
    intensityDetail: intensity.detail,
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
