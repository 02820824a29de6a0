// The hardware summary of a desktop on the class defaults, as a snapshot carries it.
import type { HardwareSummary } from '../../src/shared/api.js';

/**
 * A desktop on the class defaults (src/core/defaults.ts): 342 kg over 6 years, of unknown age, amortized linearly;
 * 342 kg / (6 × 8760 h) ≈ 6.51 g/h. A fresh object each call, so a test may change it freely.
 */
export function desktopHardware(): HardwareSummary {
  return {
    deviceClass: 'desktop',
    embodiedKg: 342,
    embodiedIsDefault: true,
    lifetimeYears: 6,
    ageYears: null,
    ageSource: 'unknown',
    amortizedFraction: null,
    amortization: 'linear',
    embodiedGPerH: 6.51,
  };
}
