// A stored minute of the machine for tests that fill a history by hand: round, easy figures, fully observed.
import type { MachineMinute } from '../../src/engine/history/types.js';

/**
 * One minute fully observed (60 s) at a quarter of the CPU: 600 J (10 W), 0.05 g operational + 0.01 g embodied,
 * 30 CPU-seconds, 300 gCO2e/kWh, modelled power and the annual intensity. Figures are made up, not measured.
 */
export function machineMinute(): MachineMinute {
  return {
    observedS: 60,
    energyJ: 600,
    operationalG: 0.05,
    embodiedG: 0.01,
    cpuS: 30,
    intensityGPerKWh: 300,
    utilization: 0.25,
    powerSource: 'model',
    intensitySource: 'annual',
  };
}
