// Statistics of repeated runs for measure and compare: median, min–max, and the ratios B/A with a verdict.
import { footprints } from '../core/footprints.js';
import { formatPercent } from '../shared/format.js';
import type { RunFigures } from './figures.js';

/** Median and range of one metric over runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median (mean of the two middle values for an even count) and range; NaN fields for no values. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** Which RSS figure counts as a run's memory in a comparison. */
export type MemoryBasis = 'peak' | 'avg';

/** The metrics compared, in the order they are printed; the keys of `--json`'s `ratios`. */
export const COMPARED_METRICS = [
  'wall',
  'cpu',
  'energy',
  'memory',
  'tFootprint',
  'cFootprint',
  'eFootprint',
] as const;
export type ComparedMetric = (typeof COMPARED_METRICS)[number];

/** One side's value of each metric for one run. */
function metricsOf(
  run: RunFigures,
  memory: MemoryBasis,
  dataBytes: number | null,
): Record<ComparedMetric, number> {
  const memoryBytes = memory === 'peak' ? run.peakRssBytes : run.avgRssBytes;
  const f = footprints({ wallS: run.wallS, cpuS: run.cpuS, energyJ: run.energyJ, memoryBytes, dataBytes });
  return {
    wall: run.wallS,
    cpu: run.cpuS,
    energy: run.energyJ,
    memory: memoryBytes,
    tFootprint: f.tFootprint,
    cFootprint: f.cFootprint,
    eFootprint: f.eFootprint,
  };
}

/** Summaries of every metric over one side's runs. */
export function summarizeRuns(
  runs: readonly RunFigures[],
  memory: MemoryBasis,
  dataBytes: number | null,
): Record<ComparedMetric, Summary> {
  const rows = runs.map((run) => metricsOf(run, memory, dataBytes));
  return Object.fromEntries(COMPARED_METRICS.map((m) => [m, summarize(rows.map((r) => r[m]))])) as Record<
    ComparedMetric,
    Summary
  >;
}

/** Ratios B/A of the medians; null where A's median is 0 (no ratio exists). */
export function ratios(
  a: Record<ComparedMetric, Summary>,
  b: Record<ComparedMetric, Summary>,
): Record<ComparedMetric, number | null> {
  return Object.fromEntries(
    COMPARED_METRICS.map((m) => {
      const base = a[m].median;
      return [m, base > 0 && Number.isFinite(base) ? b[m].median / base : null];
    }),
  ) as Record<ComparedMetric, number | null>;
}

/**
 * The verdict in words, on energy (the grid intensity is the same for both, so it cancels: less energy is
 * less operational carbon) and on the memory-corrected eFootprint when it disagrees.
 */
export function verdict(
  ratio: Record<ComparedMetric, number | null>,
  names: { a: string; b: string },
): string {
  const energy = ratio.energy;
  if (energy === null) return `No verdict: ${names.a} used no measurable energy.`;
  const lines: string[] = [];
  if (Math.abs(energy - 1) < 0.02) {
    lines.push(`${names.a} and ${names.b} use the same energy (within 2 %).`);
  } else if (energy < 1) {
    lines.push(
      `${names.b} is greener: ${formatPercent(1 - energy)} less energy and operational CO2e than ${names.a}.`,
    );
  } else {
    lines.push(
      `${names.a} is greener: ${formatPercent(1 - 1 / energy)} less energy and operational CO2e than ${names.b}.`,
    );
  }
  const e = ratio.eFootprint;
  if (e !== null && Math.abs(e - 1) >= 0.02 && e < 1 !== energy < 1) {
    const greener = e < 1 ? names.b : names.a;
    const by = e < 1 ? 1 - e : 1 - 1 / e;
    lines.push(`Corrected for memory (eFootprint), ${greener} is greener by ${formatPercent(by)}.`);
  }
  return lines.join(' ');
}
