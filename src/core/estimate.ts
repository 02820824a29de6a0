// The Green-Algorithms-style calculation of one job: power → energy → operational + embodied → SCI → per year.
import { embodiedG } from './embodied.js';
import type { EmbodiedInput } from './embodied.js';
import { energyJ, joulesToKWh, operationalG } from './energy.js';
import { carKm } from './equivalents.js';
import { cpuFraction, cpuPowerFromCoresW, memoryPowerW, withPue } from './power.js';
import { perYearKg as yearly, sciG } from './sci.js';
import { G_PER_KG } from './units.js';
import type { CpuPowerModel } from './vocabulary.js';

/**
 * How the CPU's power is known: a TDP and a utilisation of the whole CPU (`P = TDP × f(u)`), or watts per
 * core and cores used (`P = W × cores`, the linear per-core form of Green Algorithms).
 */
export type CpuPowerInput =
  | { kind: 'none' }
  | { kind: 'tdp'; tdpW: number; utilization: number }
  | { kind: 'per-core'; wPerCore: number; coresUsed: number };

/** Everything one estimate needs; shells fill it from flags or settings. */
export interface EstimateInput {
  durationS: number;
  model: CpuPowerModel;
  cpu: CpuPowerInput;
  memoryGB: number;
  memoryWPerGB: number;
  gpuPowerW: number;
  pue: number;
  intensityGPerKWh: number;
  /** Embodied emissions; omitted when TE or the lifetime is unknown. */
  embodied: (EmbodiedInput & { resourceShare: number }) | null;
  functionalUnits: number;
  runsPerYear: number | null;
}

/** Every step of the calculation, so a report can show how the total was reached. */
export interface EstimateResult {
  cpuFraction: number | null;
  cpuPowerW: number;
  memoryPowerW: number;
  gpuPowerW: number;
  /** IT power × PUE. */
  powerW: number;
  energyKWh: number;
  intensityGPerKWh: number;
  operationalG: number;
  embodiedG: number;
  totalG: number;
  /** Total per functional unit. */
  sciG: number;
  perYearKg: number | null;
  /** Of `perYearKg` when runs per year are given, else of `totalG`. */
  carKm: number;
}

function cpuPower(model: CpuPowerModel, cpu: CpuPowerInput): { fraction: number | null; powerW: number } {
  switch (cpu.kind) {
    case 'none':
      return { fraction: null, powerW: 0 };
    case 'tdp': {
      const fraction = cpuFraction(model, cpu.utilization);
      return { fraction, powerW: cpu.tdpW * fraction };
    }
    case 'per-core':
      return { fraction: null, powerW: cpuPowerFromCoresW(cpu.wPerCore, cpu.coresUsed) };
  }
}

export function estimate(input: EstimateInput): EstimateResult {
  const cpu = cpuPower(input.model, input.cpu);
  const memW = memoryPowerW(input.memoryGB, input.memoryWPerGB);
  const powerW = withPue(cpu.powerW + memW + input.gpuPowerW, input.pue);
  const energyKWh = joulesToKWh(energyJ(powerW, input.durationS));
  const operational = operationalG(energyKWh, input.intensityGPerKWh);
  const embodied = input.embodied === null ? 0 : embodiedG({ ...input.embodied, durationS: input.durationS });
  const totalG = operational + embodied;
  const perYearKg = input.runsPerYear === null ? null : yearly(totalG, input.runsPerYear);
  return {
    cpuFraction: cpu.fraction,
    cpuPowerW: cpu.powerW,
    memoryPowerW: memW,
    gpuPowerW: input.gpuPowerW,
    powerW,
    energyKWh,
    intensityGPerKWh: input.intensityGPerKWh,
    operationalG: operational,
    embodiedG: embodied,
    totalG,
    sciG: sciG(operational, embodied, input.functionalUnits),
    perYearKg,
    carKm: perYearKg === null ? carKm(totalG) : carKm(perYearKg * G_PER_KG),
  };
}
