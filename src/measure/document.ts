// The saved measurement document (`measure --json` / `--output`): building it, and reading it back for compare.
import { summarize } from './stats.js';
import type { EnergySource, MeasureContext, RunFigures } from './figures.js';
import { perYear } from './figures.js';
import type { RunOutcome } from './run.js';

/** Version tag of the document; readers refuse other versions. */
export const MEASUREMENT_SCHEMA = 'carbon-tray.measure/1';

/**
 * One measurement of a command (one or more runs). Top-level figures are the medians over `runs`
 * (one run: that run's figures); `runs` keeps every run.
 */
export interface Measurement {
  schema: typeof MEASUREMENT_SCHEMA;
  command: string[];
  wallS: number;
  cpuS: number;
  avgCores: number;
  peakRssBytes: number;
  avgRssBytes: number;
  energyJ: number;
  energySource: EnergySource;
  energyDetail: string;
  dataBytes: number | null;
  intensityGPerKWh: number;
  intensityDetail: string;
  operationalG: number;
  embodiedG: number;
  co2eG: number;
  sciGPerRun: number;
  carKm: number;
  perYear: { runsPerYear: number; kg: number; carKm: number } | null;
  /** greeNsort footprints of the median run figures; `ramPercent` null without `dataBytes`. */
  footprints: {
    ramPercent: number | null;
    tFootprint: number;
    cFootprint: number;
    eFootprint: number;
    basis: string;
  };
  /** The exit status returned (the last run's). */
  exitCode: number;
  outcome: RunOutcome;
  /** Processes the last run's command left running when it was reported (read as none from files saved before it was recorded). */
  stillRunning: RunFigures['stillRunning'];
  runs: RunFigures[];
}

const median = (runs: readonly RunFigures[], pick: (run: RunFigures) => number): number =>
  summarize(runs.map(pick)).median;

/** Builds the document from the runs (at least one) and the context they were computed in. */
export function buildMeasurement(
  command: readonly string[],
  runs: RunFigures[],
  context: MeasureContext,
): Measurement {
  const last = runs[runs.length - 1];
  if (!last) throw new Error('a measurement needs at least one run');
  const co2eG = median(runs, (r) => r.co2eG);
  return {
    schema: MEASUREMENT_SCHEMA,
    command: [...command],
    wallS: median(runs, (r) => r.wallS),
    cpuS: median(runs, (r) => r.cpuS),
    avgCores: median(runs, (r) => r.avgCores),
    peakRssBytes: median(runs, (r) => r.peakRssBytes),
    avgRssBytes: median(runs, (r) => r.avgRssBytes),
    energyJ: median(runs, (r) => r.energyJ),
    energySource: last.energySource,
    energyDetail: last.energyDetail,
    dataBytes: context.dataBytes,
    intensityGPerKWh: context.intensityGPerKWh,
    intensityDetail: context.intensityDetail,
    operationalG: median(runs, (r) => r.operationalG),
    embodiedG: median(runs, (r) => r.embodiedG),
    co2eG,
    sciGPerRun: median(runs, (r) => r.sciGPerRun),
    carKm: median(runs, (r) => r.carKm),
    perYear:
      context.runsPerYear === null
        ? null
        : { runsPerYear: context.runsPerYear, ...perYear(co2eG, context.runsPerYear) },
    footprints: {
      ramPercent:
        last.footprints.ramPercent === null ? null : median(runs, (r) => r.footprints.ramPercent ?? 0),
      tFootprint: median(runs, (r) => r.footprints.tFootprint),
      cFootprint: median(runs, (r) => r.footprints.cFootprint),
      eFootprint: median(runs, (r) => r.footprints.eFootprint),
      basis: last.footprints.basis,
    },
    exitCode: last.exitCode,
    outcome: last.outcome,
    stillRunning: last.stillRunning,
    runs,
  };
}

const RUN_NUMBERS = ['wallS', 'cpuS', 'peakRssBytes', 'avgRssBytes', 'energyJ'] as const;

/**
 * Reads a saved measurement for `compare`, checking the fields a comparison uses. Throws an Error naming
 * the file and the field when it is not a measurement this version can read.
 */
export function parseMeasurement(text: string, name: string): Measurement {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const bad = (what: string): Error => new Error(`${name} is not a carbon-tray measurement: ${what}`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('expected a JSON object');
  const record = doc as Record<string, unknown>;
  if (record.schema !== MEASUREMENT_SCHEMA) {
    throw bad(
      `schema is ${JSON.stringify(record.schema)}, expected "${MEASUREMENT_SCHEMA}" (measure --json)`,
    );
  }
  if (!Array.isArray(record.runs) || record.runs.length === 0) throw bad('"runs" must be a non-empty array');
  record.runs.forEach((run: unknown, i) => {
    if (typeof run !== 'object' || run === null) throw bad(`runs[${i}] is not an object`);
    for (const key of RUN_NUMBERS) {
      const value = (run as Record<string, unknown>)[key];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw bad(`runs[${i}].${key} must be a number ≥ 0`);
      }
    }
  });
  if (!Array.isArray(record.command) || !record.command.every((part) => typeof part === 'string')) {
    throw bad('"command" must be an array of strings');
  }
  const dataBytes = record.dataBytes;
  if (dataBytes !== null && dataBytes !== undefined && !(typeof dataBytes === 'number' && dataBytes > 0)) {
    throw bad('"dataBytes" must be null or a number > 0');
  }
  const measurement = doc as Measurement;
  return { ...measurement, stillRunning: Array.isArray(record.stillRunning) ? measurement.stillRunning : [] };
}
