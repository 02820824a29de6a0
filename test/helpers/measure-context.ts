// The measure context of a desktop on the class defaults, shared by the tests of a run's figures and its report.
import type { MeasureContext } from '../../src/measure/figures.js';

/** Two cores, a 65 W TDP, 500 g/kWh, no runs per year and no data size: each test spreads in what it varies. */
export const desktopMeasureContext: Readonly<MeasureContext> = {
  cores: 2,
  tdpW: 65,
  tdpNote: 'class default for desktops',
  memoryWPerGB: 0.375,
  pue: 1,
  intensityGPerKWh: 500,
  intensityDetail: '--intensity',
  // Desktop class default: 342 kg over 6 years of 365 days (src/core/defaults.ts).
  embodied: { embodiedKg: 342, lifetimeS: 6 * 365 * 86_400, note: 'desktop' },
  runsPerYear: null,
  dataBytes: null,
};
