// The human report of `measure` and its live progress line (terminal only).
import { CAR_DESCRIPTION, G_PER_KG } from '../../engine/index.js';
import { summarize } from '../../measure/index.js';
import {
  formatBytes,
  formatDuration,
  formatEnergy,
  formatGrams,
  formatNumber,
  formatPercent,
  formatIntensity,
  formatKm,
} from '../../shared/format.js';
import { powerSourceLabel } from '../../shared/labels.js';
import type { Measurement } from '../../measure/index.js';
import type { RunProgress } from '../../measure/index.js';

const OUTCOME_WORDS: Record<Measurement['outcome'], string> = {
  ok: 'exited 0',
  failed: 'failed',
  signalled: 'killed by a signal',
  interrupted: 'interrupted — partial measurement',
  'not-found': 'command not found',
  'not-executable': 'command not executable',
};

/** `median (min–max)` of a metric over the runs, or just the value for one run. */
function spread(
  m: Measurement,
  pick: (run: Measurement['runs'][number]) => number,
  show: (v: number) => string,
): string {
  if (m.runs.length === 1) return show(pick(m.runs[0] as Measurement['runs'][number]));
  const s = summarize(m.runs.map(pick));
  return `${show(s.median)}  (${show(s.min)} – ${show(s.max)})`;
}

/** The report printed after the command ends (to stderr, so the command's stdout stays its own). */
export function formatMeasurement(m: Measurement): string {
  const label = (name: string): string => `  ${name.padEnd(14)}`;
  const runs = m.runs.length === 1 ? '1 run' : `${m.runs.length} runs, median (min – max)`;
  const lines = [
    `carbon-tray measure: ${m.command.join(' ')}  [${runs}; ${OUTCOME_WORDS[m.outcome]}, exit ${m.exitCode}]`,
    label('wall time') + spread(m, (r) => r.wallS, formatDuration),
    label('CPU time') +
      spread(m, (r) => r.cpuS, formatDuration) +
      `  (${formatNumber(m.avgCores)} cores on average)`,
    label('memory') +
      `peak ${spread(m, (r) => r.peakRssBytes, formatBytes)}, average ${formatBytes(m.avgRssBytes)}`,
    label('energy') + spread(m, (r) => r.energyJ, formatEnergy) + `  ${powerSourceLabel(m.energySource)}`,
    label('') + `(${m.energyDetail})`,
    label('carbon') +
      `${formatGrams(m.co2eG)} CO2e = ${formatGrams(m.operationalG)} operational at ` +
      `${formatIntensity(m.intensityGPerKWh)} + ${formatGrams(m.embodiedG)} embodied`,
    label('') + `(${m.intensityDetail})`,
    label('SCI') + `${formatGrams(m.sciGPerRun)} CO2e per run`,
  ];
  if (m.perYear) {
    lines.push(
      label('per year') +
        `${formatGrams(m.perYear.kg * G_PER_KG)} CO2e at ${formatNumber(m.perYear.runsPerYear)} runs ≈ ` +
        `${formatKm(m.perYear.carKm)} in ${CAR_DESCRIPTION}`,
    );
  } else {
    lines.push(label('car') + `≈ ${formatKm(m.carKm)} per run in ${CAR_DESCRIPTION}`);
  }
  const f = m.footprints;
  if (f.ramPercent !== null && m.dataBytes !== null) {
    lines.push(
      label('footprints') +
        `%RAM ${formatPercent(f.ramPercent / 100)} of ${formatBytes(m.dataBytes)} data; ` +
        `tFootprint ${formatNumber(f.tFootprint)} s, cFootprint ${formatNumber(f.cFootprint)} s, ` +
        `eFootprint ${formatNumber(f.eFootprint)} J`,
    );
  } else {
    lines.push(
      label('footprints') +
        `RAM-time ${formatNumber(f.tFootprint)} GB·s, CPU×RAM ${formatNumber(f.cFootprint)} GB·s, ` +
        `energy×RAM ${formatNumber(f.eFootprint)} GB·J  (give --data-bytes for %RAM)`,
    );
  }
  if (m.stillRunning.length > 0) {
    const names = m.stillRunning.map((p) => `${p.name} (pid ${p.pid}, ${formatDuration(p.cpuS)} CPU so far)`);
    lines.push(
      label('still running') + `${names.join(', ')}: outlived the command; their CPU so far is included`,
      label('') + '(--wait-descendants waits for them to end)',
    );
  }
  return lines.join('\n');
}

/** One line, rewritten in place with `\r` while the command runs (stderr on a terminal only). */
export function formatProgress(p: RunProgress, run: number, of: number): string {
  const which = of > 1 ? `run ${run}/${of}  ` : '';
  return (
    `\r\x1b[2K⏱ ${which}${formatDuration(p.wallS)}  CPU ${formatDuration(p.cpuS)}  ` +
    `RSS ${formatBytes(p.rssBytes)}  ${p.processCount} process${p.processCount === 1 ? '' : 'es'}` +
    (p.waiting ? '  (the command exited; waiting for what it left running)' : '')
  );
}

/** Erases the progress line. */
export const CLEAR_PROGRESS = '\r\x1b[2K';
