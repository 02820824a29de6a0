// The machine side of one tick: utilisation, power (measured or modelled), energy, operational and embodied carbon.
import { embodiedG } from '../core/embodied.js';
import { energyJ, joulesToKWh, operationalG } from '../core/energy.js';
import { cpuPowerW, memoryPowerFromBytesW, withPue } from '../core/power.js';
import type { MachineTick, PowerSource } from '../shared/api.js';
import type { IntensityReading } from './intensity/providers.js';
import type { ModelParams } from './model.js';

/** A measured power figure for the tick (RAPL, battery discharge), replacing the CPU + memory model. */
export interface MeasuredPower {
  powerW: number;
  source: Exclude<PowerSource, 'model'>;
  detail: string;
  /** The measured part due to memory (RAPL dram), when known. */
  memoryPowerW: number | null;
}

/** Inputs of one tick's machine figures. */
export interface MachineTickInput {
  intervalS: number;
  /** Busy CPU seconds over the tick, all CPUs together (from /proc/stat). */
  busyS: number;
  /** Resident memory of all processes at the latest process read. */
  rssBytes: number;
  /** Measured power for the tick, else null to use the model. */
  measured: MeasuredPower | null;
  /** Why no measurement is used when the user could fix it (e.g. RAPL permissions), shown with the model. */
  modelNote?: string | null;
  /** Extra measured watts (GPUs), added on top. */
  gpuPowerW: number;
  intensity: IntensityReading;
  model: ModelParams;
}

/** `MachineTick` plus what attribution needs: the memory part and the idle baseline. */
export interface MachineTickValues extends MachineTick {
  memoryEnergyJ: number;
  idleEnergyJ: number;
  intervalS: number;
  busyS: number;
}

/** Computes the machine's figures for one tick, every formula from src/core. */
export function machineTick(input: MachineTickInput): MachineTickValues {
  const { model, intervalS } = input;
  const capacityS = model.cores * intervalS;
  const u = capacityS > 0 ? Math.min(1, Math.max(0, input.busyS / capacityS)) : 0;
  const modelCpuW = cpuPowerW(model.cpuModel, model.tdpW, u);
  const modelIdleW = cpuPowerW(model.cpuModel, model.tdpW, 0);
  const modelMemoryW = memoryPowerFromBytesW(input.rssBytes, model.memoryWPerGB);
  const itW = input.measured ? input.measured.powerW : modelCpuW + modelMemoryW;
  const memoryItW = input.measured
    ? (input.measured.memoryPowerW ?? Math.min(modelMemoryW, itW))
    : modelMemoryW;
  // With a measurement the idle baseline is the model's idle CPU power, never more than what was measured.
  const idleItW = Math.min(modelIdleW, Math.max(0, itW - memoryItW));
  const powerW = withPue(itW + input.gpuPowerW, model.pue);
  const energy = energyJ(powerW, intervalS);
  const detail = input.measured
    ? input.measured.detail
    : `model ${model.cpuModel}, TDP ${round(model.tdpW)} W (${model.tdpNote}) + memory ${model.memoryWPerGB} W/GB` +
      (input.modelNote ? `; ${input.modelNote}` : '');
  return {
    powerW,
    powerSource: input.measured ? input.measured.source : 'model',
    powerDetail: model.pue === 1 ? detail : `${detail}, PUE ${model.pue}`,
    energyJ: energy,
    operationalG: operationalG(joulesToKWh(energy), input.intensity.intensityGPerKWh),
    embodiedG: embodiedG({
      embodiedKg: model.embodiedKg,
      lifetimeS: model.lifetimeS,
      durationS: intervalS,
      ageS: model.ageS,
      policy: model.amortization,
    }),
    intensityGPerKWh: input.intensity.intensityGPerKWh,
    intensitySource: input.intensity.source,
    intensityDetail: input.intensity.detail,
    cpuUtilization: u,
    memoryEnergyJ: energyJ(withPue(memoryItW, model.pue), intervalS),
    idleEnergyJ: energyJ(withPue(idleItW, model.pue), intervalS),
    intervalS,
    busyS: input.busyS,
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
