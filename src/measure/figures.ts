// Turns measured runs into energy, carbon and footprints with the src/core formulas (measured or modelled energy).
import { embodiedG } from '../core/embodied.js';
import { joulesToKWh, operationalG } from '../core/energy.js';
import { carKm } from '../core/equivalents.js';
import { estimate } from '../core/estimate.js';
import { footprints } from '../core/footprints.js';
import type { Footprints } from '../core/footprints.js';
import { perYearKg, sciG } from '../core/sci.js';
import { BYTES_PER_GB, G_PER_KG, J_PER_KWH } from '../core/units.js';
import type { PowerSource } from '../core/vocabulary.js';
import { formatNumber } from '../shared/format.js';
import type { ModelParams } from '../engine/index.js';
import type { RunOutcome, RunSample, Survivor } from './run.js';

/** Where a run's energy came from: RAPL counters (measured) or the power model over CPU time and memory. */
export type EnergySource = Exclude<PowerSource, 'battery'>;

/** Everything beyond the run itself that its figures depend on; built once per invocation. */
export interface MeasureContext {
  /**
   * The machine's model exactly as the engine resolves it: logical CPUs (a run's CPU share is
   * `cpuS / (wallS × cores)`), TDP and its note, memory power, PUE, embodied TE, lifetime, age and amortization.
   */
  model: ModelParams;
  intensityGPerKWh: number;
  /** Why the intensity is what it is, e.g. `FRA annual average, Ember data via @tgwf/co2 0.19.0`. */
  intensityDetail: string;
  /** Runs per year for the per-year figures, or null. */
  runsPerYear: number | null;
  /** Size of the data the command works on, for %RAM (greeNsort), or null. */
  dataBytes: number | null;
}

/** A run's energy as measured by a meter (RAPL), already attributed to the command. */
export interface MeasuredEnergy {
  energyJ: number;
  detail: string;
}

/** The figures of one run, as written in `--json` (`runs[]`) and in saved measurements. */
export interface RunFigures {
  /** ISO 8601 start time. */
  startedAt: string;
  wallS: number;
  cpuS: number;
  /** Average cores busy: cpuS / wallS. */
  avgCores: number;
  peakRssBytes: number;
  avgRssBytes: number;
  exitCode: number;
  outcome: RunOutcome;
  energyJ: number;
  energySource: EnergySource;
  /** How the energy was obtained (the model's steps, or the meter). */
  energyDetail: string;
  operationalG: number;
  embodiedG: number;
  /** operational + embodied. */
  co2eG: number;
  /** SCI with R = one run of the command. */
  sciGPerRun: number;
  carKm: number;
  footprints: Footprints;
  /** Processes the command started that outlived it, with their CPU so far (inside `cpuS`). */
  stillRunning: Survivor[];
}

/** The CPU share of the machine a run used (the SCI resource share RS), 0..1. */
function cpuShare(run: RunSample, model: ModelParams): number {
  if (run.wallS <= 0 || model.cores <= 0) return 0;
  return Math.min(1, run.cpuS / (run.wallS * model.cores));
}

/**
 * Figures of one run. Modelled energy: `P = TDP × u` (linear, Green Algorithms: usage × TDP, the seed
 * article's model) with `u` the run's share of the machine's CPUs, plus `0.375 W/GB × average RSS`, times
 * PUE, over the wall time. A measured energy replaces that and keeps the rest of the chain.
 */
export function runFigures(
  run: RunSample,
  context: MeasureContext,
  measured: MeasuredEnergy | null,
): RunFigures {
  const { model } = context;
  const share = cpuShare(run, model);
  // M under the engine's amortization policy at the hardware's age (nothing past the lifetime for `remaining`).
  const embodiedInput = {
    embodiedKg: model.embodiedKg,
    lifetimeS: model.lifetimeS,
    ageS: model.ageS,
    policy: model.amortization,
    resourceShare: share,
  };
  let energy: number;
  let operational: number;
  let embodied: number;
  let energyDetail: string;
  if (measured) {
    energy = measured.energyJ;
    operational = operationalG(joulesToKWh(energy), context.intensityGPerKWh);
    embodied = embodiedG({ ...embodiedInput, durationS: run.wallS });
    energyDetail = measured.detail;
  } else {
    const result = estimate({
      durationS: run.wallS,
      model: 'linear',
      cpu: { kind: 'tdp', tdpW: model.tdpW, utilization: share },
      memoryGB: run.avgRssBytes / BYTES_PER_GB,
      memoryWPerGB: model.memoryWPerGB,
      gpuPowerW: 0,
      pue: model.pue,
      intensityGPerKWh: context.intensityGPerKWh,
      embodied: embodiedInput,
      functionalUnits: 1,
      runsPerYear: null,
    });
    energy = result.energyKWh * J_PER_KWH;
    operational = result.operationalG;
    embodied = result.embodiedG;
    energyDetail =
      `modelled: ${model.tdpW} W TDP (${model.tdpNote}) × ${formatNumber(share)} CPU share (linear)` +
      ` + ${model.memoryWPerGB} W/GB × RSS, × PUE ${model.pue}`;
  }
  const co2eG = operational + embodied;
  return {
    startedAt: new Date(run.startedAtMs).toISOString(),
    wallS: run.wallS,
    cpuS: run.cpuS,
    avgCores: run.wallS > 0 ? run.cpuS / run.wallS : 0,
    peakRssBytes: run.peakRssBytes,
    avgRssBytes: run.avgRssBytes,
    exitCode: run.exitCode,
    outcome: run.outcome,
    energyJ: energy,
    energySource: measured ? 'rapl' : 'model',
    energyDetail,
    operationalG: operational,
    embodiedG: embodied,
    co2eG,
    sciGPerRun: sciG(operational, embodied, 1),
    carKm: carKm(co2eG),
    footprints: footprints({
      wallS: run.wallS,
      cpuS: run.cpuS,
      energyJ: energy,
      memoryBytes: run.peakRssBytes,
      dataBytes: context.dataBytes,
    }),
    stillRunning: run.stillRunning,
  };
}

/** Per-year figures of a run repeated `runsPerYear` times. */
export function perYear(co2eGPerRun: number, runsPerYear: number): { kg: number; carKm: number } {
  const kg = perYearKg(co2eGPerRun, runsPerYear);
  return { kg, carKm: carKm(kg * G_PER_KG) };
}
