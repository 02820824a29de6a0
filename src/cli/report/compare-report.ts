// The comparison document of `compare` (JSON) and its human table: medians, min–max, ratios B/A, verdict.
import type { ComparedMetric, MemoryBasis, Summary } from '../../measure/index.js';
import { COMPARED_METRICS, ratios, summarizeRuns, verdict } from '../../measure/index.js';
import { formatBytes, formatDuration, formatEnergy, formatNumber, formatRatio } from '../../shared/format.js';
import type { RunFigures } from '../../measure/index.js';

/** Version tag of the `compare --json` document. */
export const COMPARISON_SCHEMA = 'carbon-tray.compare/1';

/** One side of a comparison. */
export interface ComparedSide {
  command: string[];
  /** How its energy was obtained (`model` or `rapl`). */
  energySource: string;
  summary: Record<ComparedMetric, Summary>;
  runs: RunFigures[];
}

/** The `compare --json` document. */
export interface Comparison {
  schema: typeof COMPARISON_SCHEMA;
  /** `interleaved` (A B A B ... run here) or `saved` (two measurement files). */
  mode: 'interleaved' | 'saved';
  memory: MemoryBasis;
  /** The data size the footprints are relative to; null: per GB (ratios are the same for the same data). */
  dataBytes: number | null;
  a: ComparedSide;
  b: ComparedSide;
  /** B/A of the medians; null where A's median is 0. */
  ratios: Record<ComparedMetric, number | null>;
  verdict: string;
}

/** Builds the comparison of two sides' runs. */
export function buildComparison(
  mode: Comparison['mode'],
  a: { command: string[]; runs: RunFigures[] },
  b: { command: string[]; runs: RunFigures[] },
  memory: MemoryBasis,
  dataBytes: number | null,
): Comparison {
  const side = (s: { command: string[]; runs: RunFigures[] }): ComparedSide => ({
    command: s.command,
    energySource: [...new Set(s.runs.map((r) => r.energySource))].join('+'),
    summary: summarizeRuns(s.runs, memory, dataBytes),
    runs: s.runs,
  });
  const sideA = side(a);
  const sideB = side(b);
  const r = ratios(sideA.summary, sideB.summary);
  return {
    schema: COMPARISON_SCHEMA,
    mode,
    memory,
    dataBytes,
    a: sideA,
    b: sideB,
    ratios: r,
    verdict: verdict(r, { a: 'A', b: 'B' }),
  };
}

const LABELS: Record<ComparedMetric, string> = {
  wall: 'wall time',
  cpu: 'CPU time',
  energy: 'energy',
  memory: 'memory',
  tFootprint: 'tFootprint',
  cFootprint: 'cFootprint',
  eFootprint: 'eFootprint',
};

function formatter(metric: ComparedMetric, perData: boolean): (value: number) => string {
  switch (metric) {
    case 'wall':
    case 'cpu':
      return formatDuration;
    case 'energy':
      return formatEnergy;
    case 'memory':
      return formatBytes;
    case 'tFootprint':
    case 'cFootprint':
      return (v) => `${formatNumber(v)} ${perData ? 's' : 'GB·s'}`;
    case 'eFootprint':
      return (v) => `${formatNumber(v)} ${perData ? 'J' : 'GB·J'}`;
  }
}

function cell(s: Summary, show: (v: number) => string): string {
  if (s.n === 0) return '—';
  return s.n === 1 ? show(s.median) : `${show(s.median)} (${show(s.min)} – ${show(s.max)})`;
}

/** The table and the verdict. */
export function formatComparison(c: Comparison): string {
  const runs = `${c.a.runs.length} run${c.a.runs.length === 1 ? '' : 's'} of A, ${c.b.runs.length} of B`;
  const how = c.mode === 'interleaved' ? 'interleaved A B A B …' : 'from saved measurements';
  const perData = c.dataBytes !== null;
  const rows = COMPARED_METRICS.map((m) => {
    const show = formatter(m, perData);
    let label = LABELS[m];
    if (m === 'memory') label = `memory (${c.memory})`;
    if (m === 'energy' && c.a.energySource === 'model' && c.b.energySource === 'model')
      label = 'energy (model)';
    return [label, cell(c.a.summary[m], show), cell(c.b.summary[m], show), formatRatio(c.ratios[m])];
  });
  const header = ['', 'A median (min – max)', 'B median (min – max)', 'B/A'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    '  ' +
    cells.map((text, i) => (i === cells.length - 1 ? text : text.padEnd(widths[i] as number))).join('  ');
  return [
    `carbon-tray compare: ${runs}, ${how}`,
    `  A: ${c.a.command.join(' ')}`,
    `  B: ${c.b.command.join(' ')}`,
    line(header),
    ...rows.map(line),
    perData
      ? `  footprints per greeNsort: × %RAM of ${formatBytes(c.dataBytes as number)} data`
      : '  footprints × GB of memory (no --data-bytes: the ratios are the same for the same data)',
    c.verdict,
  ].join('\n');
}
