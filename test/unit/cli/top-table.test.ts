// The top table: apps ordered by CO2e per hour, clipped to the screen, with the machine summary above.
import { describe, expect, it } from 'vitest';
import { formatTop } from '../../../src/cli/report/top-table.js';
import type { AppRow, Snapshot } from '../../../src/shared/api.js';
import { desktopHardware } from '../../helpers/hardware.js';
import { STORAGE_OK } from '../../helpers/storage.js';

function row(key: string, gPerH: number, extra: Partial<AppRow> = {}): AppRow {
  return {
    key,
    name: key,
    kind: 'app',
    powerW: gPerH / 10,
    energyJ: 0,
    operationalG: 0,
    embodiedG: 0,
    gPerH,
    share: gPerH / 100,
    cpuS: 1,
    rssBytes: 100e6,
    processCount: 2,
    ...extra,
  };
}

const snapshot: Snapshot = {
  at: Date.UTC(2026, 10, 23, 16, 0, 5),
  intervalS: 2,
  machine: {
    powerW: 40,
    powerSource: 'model',
    powerDetail: 'model teads, TDP 65 W',
    energyJ: 80,
    operationalG: 0.01,
    embodiedG: 0.002,
    intensityGPerKWh: 56,
    intensitySource: 'annual',
    intensityDetail: 'FRA annual average',
    cpuUtilization: 0.5,
  },
  headline: { nowGPerH: 30, lastHourGPerH: 28, nextHourGPerH: null, todayG: 120 },
  rows: [
    row('small', 1),
    row('big', 60, { name: 'Firefox' }),
    row('mid', 20),
    row('idle', 19, { processCount: 0 }),
  ],
  hardware: desktopHardware(),
  paused: false,
  detailed: true,
  storage: STORAGE_OK,
};

describe('formatTop', () => {
  it('summarizes the machine and lists apps by CO2e per hour, largest first', () => {
    const lines = formatTop(snapshot, { columns: 120, rows: 40 });
    expect(lines[0]).toMatch(/^carbon-tray top — 16:00:05 UTC, every 2\.00 s/);
    expect(lines[1]).toMatch(/machine 40\.0 W \(model teads, TDP 65 W\), CPU 50 %, 56\.0 g\/kWh/);
    expect(lines[2]).toBe('now 30.0 g/h, last hour 28.0 g/h, today 120 g; embodied 6.51 g/h');
    expect(lines[4]).toMatch(/^APP\s+KIND\s+CO2e\/h\s+SHARE\s+POWER\s+CPU\s+RSS\s+PROCS$/);
    expect(lines.slice(5).map((l) => l.split(/\s+/)[0])).toEqual(['Firefox', 'mid', 'idle', 'small']);
    // 1 CPU second in a 2 s tick is 50 % of one core, as top shows it.
    expect(lines[5]).toMatch(/60\.0 g\s+60 %\s+6\.00 W\s+50 %\s+100 MB\s+2$/);
  });

  it('fits the screen: rows that do not fit are counted, lines are clipped', () => {
    const lines = formatTop(snapshot, { columns: 50, rows: 8 });
    expect(lines).toHaveLength(8);
    expect(lines[7]).toBe('… 2 more');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
  });

  it('keeps app names whole on an 80-column terminal when an exited app costs next to nothing', () => {
    // The rows of a CI run of 2026-11-23, where '0.000000264 µg' squeezed the names to 8 characters.
    const rows = [
      row('self', 0.104, { name: 'CarbonTray', kind: 'self', share: 0.0089, powerW: 0.118 }),
      row('exited', 2.64e-13, { name: 'Exited processes', kind: 'exited', share: 2.3e-14, powerW: 2.44e-13 }),
    ];
    const lines = formatTop({ ...snapshot, rows }, { columns: 80, rows: 24 });
    expect(lines[5]).toMatch(/^CarbonTray\s+self\s+104 mg/);
    expect(lines[6]).toMatch(/^Exited processes\s+exited\s+< 0\.001 µg\s+< 0\.01 %\s+< 0\.001 µW/);
  });
});
