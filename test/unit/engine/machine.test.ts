// Tests the machine side of a tick against hand-computed values from the model table and case TEADS of docs/ARCHITECTURE.md.
import { describe, expect, it } from 'vitest';
import { machineTick } from '../../../src/engine/machine.js';
import { resolveModel } from '../../../src/engine/model.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings/schema.js';

const T0 = Date.UTC(2026, 2, 2);
const hw = {
  cpuModel: null,
  cores: 4,
  memoryBytes: null,
  deviceClass: null,
  tableTdp: null,
  firmwareDate: null,
};
const intensity = { intensityGPerKWh: 400, source: 'custom' as const, detail: 'test' };

describe('machineTick', () => {
  it('models a desktop at 50 % with TEADS: 0.75 × 65 W + 8 GB × 0.375 W/GB', () => {
    const model = resolveModel({ ...DEFAULT_SETTINGS, deviceClass: 'desktop' }, hw, T0);
    // 4 cores × 2 s = 8 CPU-s; 4 busy → u = 0.5; TEADS f(0.5) = 0.75 (case TEADS, docs/ARCHITECTURE.md).
    const t = machineTick({
      intervalS: 2,
      busyS: 4,
      rssBytes: 8e9,
      measured: null,
      gpuPowerW: 0,
      intensity,
      model,
    });
    expect(t.cpuUtilization).toBe(0.5);
    expect(t.powerW).toBeCloseTo(48.75 + 3, 9);
    expect(t.energyJ).toBeCloseTo(103.5, 9);
    expect(t.memoryEnergyJ).toBeCloseTo(6, 9);
    // Idle baseline: TEADS f(0) = 0.12 × 65 W = 7.8 W over 2 s.
    expect(t.idleEnergyJ).toBeCloseTo(15.6, 9);
    // O = E × I = 103.5 J / 3.6e6 J/kWh × 400 g/kWh.
    expect(t.operationalG).toBeCloseTo((103.5 / 3.6e6) * 400, 12);
    // M = TE × Δt / lifetime: desktop 342 kg over 6 years of 365 days (Boavizta defaults, src/core/defaults.ts).
    expect(t.embodiedG).toBeCloseTo((342_000 * 2) / (6 * 365 * 86_400), 12);
    expect(t.powerSource).toBe('model');
    expect(t.powerDetail).toContain('TDP 65 W');
  });

  it('uses a measurement instead of the model, adds GPUs and applies PUE to both but not to embodied', () => {
    const model = resolveModel({ ...DEFAULT_SETTINGS, deviceClass: 'server', pue: 1.5 }, hw, T0);
    const measured = { powerW: 30, source: 'rapl' as const, detail: 'RAPL package+dram', memoryPowerW: 5 };
    const t = machineTick({
      intervalS: 2,
      busyS: 1,
      rssBytes: 8e9,
      measured,
      gpuPowerW: 10,
      intensity,
      model,
    });
    expect(t.powerW).toBeCloseTo((30 + 10) * 1.5, 9);
    expect(t.memoryEnergyJ).toBeCloseTo(5 * 1.5 * 2, 9);
    expect(t.powerSource).toBe('rapl');
    expect(t.powerDetail).toBe('RAPL package+dram, PUE 1.5');
    // Server: 950 kg over 4 years (Boavizta default, src/core/defaults.ts), no PUE on embodied carbon.
    expect(t.embodiedG).toBeCloseTo((950_000 * 2) / (4 * 365 * 86_400), 12);
  });

  it('shows why RAPL is not used next to the model when the user can fix it', () => {
    const model = resolveModel(DEFAULT_SETTINGS, hw, T0);
    const t = machineTick({
      intervalS: 2,
      busyS: 1,
      rssBytes: 0,
      measured: null,
      modelNote: 'energy_uj: permission denied',
      gpuPowerW: 0,
      intensity,
      model,
    });
    expect(t.powerDetail).toMatch(/^model teads, .*; energy_uj: permission denied$/);
  });
});
