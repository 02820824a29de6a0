// Measure contexts resolved the way the engine resolves its model, shared by the tests of a run's figures and report.
import { DEFAULT_SETTINGS } from '../../src/engine/settings/schema.js';
import { resolveModel } from '../../src/engine/model.js';
import type { DetectedHardware } from '../../src/engine/model.js';
import type { MeasureContext } from '../../src/measure/figures.js';
import type { RunSample } from '../../src/measure/run.js';
import type { DeviceClass, Settings } from '../../src/shared/api.js';

/** A machine of `deviceClass` with `cores` logical CPUs whose CPU is not in the TDP table and whose age is unknown. */
export function detected(deviceClass: DeviceClass, cores: number): DetectedHardware {
  return {
    cpuModel: null,
    cores,
    memoryBytes: 8e9,
    deviceClass,
    tableTdp: null,
    firmwareDate: null,
  };
}

/** A context on the class defaults (src/core/defaults.ts) of `deviceClass`, settings patched by `settings`. */
export function classContext(
  deviceClass: DeviceClass,
  cores: number,
  rest: Omit<MeasureContext, 'model'>,
  settings: Partial<Settings> = {},
  nowMs = Date.UTC(2026, 10, 23),
): MeasureContext {
  return {
    model: resolveModel({ ...DEFAULT_SETTINGS, ...settings }, detected(deviceClass, cores), nowMs),
    ...rest,
  };
}

/**
 * Two cores on the desktop class defaults: 65 W TDP, 342 kg over 6 years of 365 days (src/core/defaults.ts),
 * 0.375 W/GB, PUE 1; 500 g/kWh, no runs per year and no data size: each test spreads in what it varies.
 */
export const desktopMeasureContext: Readonly<MeasureContext> = classContext('desktop', 2, {
  intensityGPerKWh: 500,
  intensityDetail: '--intensity',
  runsPerYear: null,
  dataBytes: null,
});

/** A run that exited 0 after 2 s wall and 1 s CPU at 100 MB peak, 80 MB average RSS; each test spreads in the rest. */
export function runSample(overrides: Partial<RunSample> = {}): RunSample {
  return {
    startedAtMs: 0,
    wallS: 2,
    cpuS: 1,
    peakRssBytes: 100e6,
    avgRssBytes: 80e6,
    exitCode: 0,
    outcome: 'ok',
    signal: null,
    samples: 20,
    stillRunning: [],
    ...overrides,
  };
}
