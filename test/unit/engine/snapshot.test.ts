// Tests buildSnapshot: a tick's figures reach the wire shape unchanged, without attribution's internal parts.
import { describe, expect, it } from 'vitest';
import type { MachineTickValues } from '../../../src/engine/machine.js';
import type { ShownTick } from '../../../src/engine/monitor.js';
import { buildSnapshot } from '../../../src/engine/snapshot.js';
import type { AppRow, HardwareSummary, Headline, MachineTick } from '../../../src/shared/api.js';
import { STORAGE_OK } from '../../helpers/storage.js';

// Arbitrary, all different, not round: a figure sent to the wrong field or rounded on the way shows.
const onTheWire: MachineTick = {
  powerW: 41.237,
  powerSource: 'rapl',
  powerDetail: 'RAPL package+dram',
  energyJ: 82.474,
  operationalG: 0.0091638,
  embodiedG: 0.0017123,
  intensityGPerKWh: 400.1,
  intensitySource: 'custom',
  intensityDetail: 'custom intensity',
  cpuUtilization: 0.3791,
};
// Plus what only attribution uses; of it, just the interval goes on the wire (as the snapshot's own intervalS).
const machine: MachineTickValues = {
  ...onTheWire,
  memoryEnergyJ: 6.11,
  idleEnergyJ: 20.3,
  intervalS: 2.003,
  busyS: 3.033,
};
const row: AppRow = {
  key: 'app:editor',
  name: 'Editor',
  kind: 'app',
  powerW: 12.5,
  energyJ: 25.04,
  operationalG: 0.00278,
  embodiedG: 0.00031,
  gPerH: 5.553,
  share: 0.2814,
  cpuS: 1.517,
  rssBytes: 312_000_000,
  processCount: 7,
};
const headline: Headline = { nowGPerH: 19.61, lastHourGPerH: 18.02, nextHourGPerH: null, todayG: 123.45 };
const hardware: HardwareSummary = {
  deviceClass: 'laptop',
  embodiedKg: 331,
  embodiedIsDefault: true,
  lifetimeYears: 4,
  ageYears: 1.25,
  ageSource: 'firmware-date',
  amortizedFraction: 0.3125,
  amortization: 'linear',
  embodiedGPerH: 9.44,
};
const tick: ShownTick = { atMs: Date.UTC(2026, 2, 2, 10, 0, 2), machine, rows: [row], detailed: true };

describe('buildSnapshot', () => {
  it('passes the tick, headline and hardware through exactly, the machine as its MachineTick fields only', () => {
    const snapshot = buildSnapshot({ tick, headline, hardware, paused: false, storage: STORAGE_OK });
    expect(snapshot).toStrictEqual({
      at: tick.atMs,
      intervalS: machine.intervalS,
      machine: onTheWire,
      headline,
      rows: [row],
      hardware,
      paused: false,
      detailed: true,
      storage: STORAGE_OK,
    });
  });

  it('says whether the rows come from this tick’s process read (detailed) and whether attribution is paused', () => {
    expect(
      buildSnapshot({
        tick: { ...tick, detailed: false },
        headline,
        hardware,
        paused: false,
        storage: STORAGE_OK,
      }).detailed,
    ).toBe(false);
    const paused = buildSnapshot({ tick, headline, hardware, paused: true, storage: STORAGE_OK });
    expect(paused.paused).toBe(true);
    expect(paused.detailed).toBe(true);
  });
});
