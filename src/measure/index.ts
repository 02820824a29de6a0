// The public entry of src/measure (measuring one command's process tree): what `carbon-tray measure` and `compare` use.
export type { ComparedMetric, MemoryBasis, Summary } from './stats.js';
export type { MeasureContext, RunFigures } from './figures.js';
export { buildMeasurement, parseMeasurement } from './document.js';
export { SignalRelay, runMeasured, signalStatus } from './run.js';
export type { Measurement } from './document.js';
export { readSettings, resolveContext } from './context.js';
export { linuxProbe } from './probe.js';
export { runFigures } from './figures.js';
export { raplMeter } from './energy.js';
export type { EnergyMeter } from './energy.js';
export type { RunProbe, RunProgress, RunSample, Survivor } from './run.js';
export { COMPARED_METRICS, ratios, summarize, summarizeRuns, verdict } from './stats.js';
