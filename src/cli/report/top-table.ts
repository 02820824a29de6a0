// The table `carbon-tray top` draws from one snapshot: a machine summary, then apps by gCO2e per hour.
import type { AppRow, Snapshot } from '../../shared/api.js';
import {
  formatBytes,
  formatDuration,
  formatGPerH,
  formatGrams,
  formatIntensity,
  formatPercent,
  formatWatts,
} from '../../shared/format.js';

/** Screen size available to the table. */
export interface TableSize {
  columns: number;
  rows: number;
}

const HEADER = ['APP', 'KIND', 'CO2e/h', 'SHARE', 'POWER', 'CPU', 'RSS', 'PROCS'] as const;

function cells(row: AppRow, intervalS: number): string[] {
  return [
    row.name,
    row.kind,
    // The header says per hour; the cell stays short.
    formatGrams(row.gPerH),
    formatPercent(row.share),
    formatWatts(row.powerW),
    // CPU seconds per second of the tick, as top shows it (100 % = one core busy). A load, not a 0..1 share, so
    // not formatPercent: whole percent keeps an idle row at '0 %', where '< 0.01 %' would take the names' room.
    intervalS > 0 ? `${Math.round((row.cpuS / intervalS) * 100)} %` : '—',
    formatBytes(row.rssBytes),
    row.processCount > 0 ? String(row.processCount) : '',
  ];
}

function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** The summary lines and the table, clipped to the screen; rows ordered by CO2e per hour, largest first. */
export function formatTop(snapshot: Snapshot, size: TableSize): string[] {
  const m = snapshot.machine;
  const h = snapshot.headline;
  const time = new Date(snapshot.at).toISOString().slice(11, 19);
  const lines = [
    `carbon-tray top — ${time} UTC, every ${formatDuration(snapshot.intervalS)}${snapshot.paused ? ' (paused)' : ''}` +
      '   q or Ctrl-C quits',
    `machine ${formatWatts(m.powerW)} (${m.powerDetail}), CPU ${formatPercent(m.cpuUtilization)}, ` +
      `${formatIntensity(m.intensityGPerKWh)} (${m.intensityDetail})`,
    `now ${formatGPerH(h.nowGPerH)}` +
      (h.lastHourGPerH === null ? '' : `, last hour ${formatGPerH(h.lastHourGPerH)}`) +
      (h.nextHourGPerH === null ? '' : `, next hour ~${formatGPerH(h.nextHourGPerH)}`) +
      `, today ${formatGrams(h.todayG)}; embodied ${formatGPerH(snapshot.hardware.embodiedGPerH)}`,
    '',
  ];
  const rows = [...snapshot.rows].sort((a, b) => b.gPerH - a.gPerH);
  const body = rows.map((row) => cells(row, snapshot.intervalS));
  const widths = HEADER.map((title, i) =>
    Math.max(title.length, ...body.map((r) => (r[i] as string).length)),
  );
  // The name column takes what the others leave.
  const others = widths.slice(1).reduce((sum, w) => sum + w + 2, 0);
  widths[0] = Math.max(8, Math.min(widths[0] as number, size.columns - others));
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => (i === 0 ? fit(value, widths[0] as number) : value.padStart(widths[i] as number)))
      .join('  ')
      .slice(0, size.columns);
  lines.push(line(HEADER));
  const room = Math.max(0, size.rows - lines.length - 1);
  for (const r of body.slice(0, room)) lines.push(line(r));
  if (body.length > room) lines.push(`… ${body.length - room} more`);
  return lines.map((text) => text.slice(0, size.columns));
}
