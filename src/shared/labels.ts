// People's words for the engine's enumerations (row kinds, power and intensity sources), for every shell.
import type { AppKind, IntensitySource, PowerSource } from './api.js';

/** People's names for the kinds of rows. */
export const KIND_LABELS: Record<AppKind, string> = {
  app: 'App',
  service: 'Service',
  container: 'Container',
  kernel: 'Kernel',
  system: 'System',
  idle: 'Idle capacity',
  exited: 'Exited processes',
  self: 'CarbonTray',
};

/** Whether a power or energy figure is measured or modelled, in words: "modelled", "measured (RAPL)". */
export function powerSourceLabel(source: PowerSource): string {
  return source === 'model' ? 'modelled' : `measured (${source === 'rapl' ? 'RAPL' : 'battery'})`;
}

/** The intensity's origin in words. */
export const INTENSITY_SOURCE_LABELS: Record<IntensitySource, string> = {
  annual: 'annual avg',
  custom: 'custom',
  live: 'live',
  'annual-fallback': 'annual avg, live failed',
};
