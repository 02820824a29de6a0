// Resolves the model's parameters from the settings and the detected hardware (settings win, then detection, then class defaults).
import { DEVICE_CLASS_DEFAULTS } from '../core/defaults.js';
import { amortizedFraction, embodiedRateGPerH } from '../core/embodied.js';
import { classTdpW } from '../core/power.js';
import { MS_PER_SECOND, SECONDS_PER_YEAR } from '../core/units.js';
import type {
  AmortizationPolicy,
  CpuPowerModel,
  DeviceClass,
  HardwareInfo,
  HardwareSummary,
  Settings,
} from '../shared/api.js';

/** What the engine knows about the machine before any setting is applied. */
export interface DetectedHardware {
  cpuModel: string | null;
  cores: number;
  memoryBytes: number | null;
  deviceClass: DeviceClass | null;
  /** TDP found in the bundled table of CPU families, with its note; null when the CPU is not in it. */
  tableTdp: { tdpW: number; note: string } | null;
  /** Firmware (BIOS) date `YYYY-MM-DD`, used as the hardware's age when there is no purchase date. */
  firmwareDate: string | null;
}

/** Every parameter a tick needs, already resolved. */
export interface ModelParams {
  deviceClass: DeviceClass;
  cores: number;
  cpuModel: CpuPowerModel;
  tdpW: number;
  tdpSource: HardwareInfo['tdpSource'];
  tdpNote: string;
  memoryWPerGB: number;
  pue: number;
  embodiedKg: number;
  embodiedIsDefault: boolean;
  lifetimeYears: number;
  lifetimeS: number;
  /** Hardware age now, seconds; null when unknown. */
  ageS: number | null;
  ageSource: HardwareSummary['ageSource'];
  amortization: AmortizationPolicy;
}

function ageFrom(date: string | null, nowMs: number): number | null {
  if (date === null) return null;
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(t) ? null : Math.max(0, (nowMs - t) / MS_PER_SECOND);
}

/** Settings first, then detection, then the device class defaults of src/core/defaults.ts. */
export function resolveModel(settings: Settings, hw: DetectedHardware, nowMs: number): ModelParams {
  const deviceClass = settings.deviceClass ?? hw.deviceClass ?? 'desktop';
  const defaults = DEVICE_CLASS_DEFAULTS[deviceClass];
  const cores = Math.max(1, hw.cores);
  let tdp: Pick<ModelParams, 'tdpW' | 'tdpSource' | 'tdpNote'>;
  if (settings.cpuTdpW !== null)
    tdp = { tdpW: settings.cpuTdpW, tdpSource: 'setting', tdpNote: `TDP ${settings.cpuTdpW} W (settings)` };
  else if (hw.tableTdp) tdp = { tdpW: hw.tableTdp.tdpW, tdpSource: 'table', tdpNote: hw.tableTdp.note };
  else {
    const byClass = classTdpW(deviceClass, cores);
    tdp = { tdpW: byClass.tdpW, tdpSource: 'class-default', tdpNote: byClass.note };
  }
  const lifetimeYears = settings.lifetimeYears ?? defaults.lifetimeYears;
  const purchaseAge = ageFrom(settings.purchaseDate, nowMs);
  const firmwareAge = purchaseAge === null ? ageFrom(hw.firmwareDate, nowMs) : null;
  return {
    deviceClass,
    cores,
    cpuModel: settings.cpuModel,
    ...tdp,
    memoryWPerGB: settings.memoryWPerGB,
    pue: settings.pue,
    embodiedKg: settings.embodiedKg ?? defaults.embodiedKg,
    embodiedIsDefault: settings.embodiedKg === null,
    lifetimeYears,
    lifetimeS: lifetimeYears * SECONDS_PER_YEAR,
    ageS: purchaseAge ?? firmwareAge,
    ageSource: purchaseAge !== null ? 'purchase-date' : firmwareAge !== null ? 'firmware-date' : 'unknown',
    amortization: settings.amortization,
  };
}

/** The hardware summary of the snapshot (class, TE, lifetime, age, % amortized, embodied g/h under the policy). */
export function hardwareSummary(model: ModelParams): HardwareSummary {
  return {
    deviceClass: model.deviceClass,
    embodiedKg: model.embodiedKg,
    embodiedIsDefault: model.embodiedIsDefault,
    lifetimeYears: model.lifetimeYears,
    ageYears: model.ageS === null ? null : model.ageS / SECONDS_PER_YEAR,
    ageSource: model.ageSource,
    amortizedFraction: amortizedFraction(model.ageS, model.lifetimeS),
    amortization: model.amortization,
    embodiedGPerH: embodiedRateGPerH({
      embodiedKg: model.embodiedKg,
      lifetimeS: model.lifetimeS,
      ageS: model.ageS,
      policy: model.amortization,
    }),
  };
}
