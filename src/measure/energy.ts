// Measured energy for a run: RAPL package+dram over the run, the command's part split by CPU seconds.
import { attribute } from '../core/attribution.js';
import { energyJ } from '../core/energy.js';
import { withPue } from '../core/power.js';
import { CpuTotalsReader } from '../sensors/processes/cpu-totals.js';
import { RaplReader } from '../sensors/power/rapl.js';
import { formatDuration, formatPercent, formatWatts } from '../shared/format.js';
import type { MeasuredEnergy } from './figures.js';

/** Meters a run's energy: `start()` before the command, `finish()` after it; null when there was no reading. */
export interface EnergyMeter {
  start(): void;
  /** The command's share of the machine's energy over the run, after PUE. */
  finish(commandCpuS: number): MeasuredEnergy | null;
}

/**
 * RAPL meter. RAPL counts the whole CPU package (and DRAM), so the command gets the part its CPU seconds
 * are of all busy CPU seconds in the machine over the run (core/attribution `full`, as Scaphandre and
 * PowerJoular split it). Idle package power therefore goes to whatever ran, the command included.
 */
export class RaplMeter implements EnergyMeter {
  private busyBeforeS = 0;

  constructor(
    private readonly rapl: RaplReader,
    private readonly cpu: CpuTotalsReader,
    private readonly pue: number,
  ) {}

  start(): void {
    this.rapl.read();
    this.busyBeforeS = this.cpu.read().busyS;
  }

  finish(commandCpuS: number): MeasuredEnergy | null {
    const reading = this.rapl.read();
    const totals = this.cpu.read();
    if (reading.status !== 'ok') return null;
    const machineJ = withPue(energyJ(reading.powerW, reading.intervalS), this.pue);
    const busyS = totals.busyS - this.busyBeforeS;
    const { shares } = attribute({
      policy: 'full',
      intervalS: reading.intervalS,
      cores: totals.cores,
      energyJ: machineJ,
      memoryEnergyJ: 0,
      idleEnergyJ: 0,
      embodiedG: 0,
      consumers: [
        { key: 'command', cpuS: commandCpuS, rssBytes: 0 },
        { key: 'rest', cpuS: Math.max(0, busyS - commandCpuS), rssBytes: 0 },
      ],
    });
    const share = machineJ > 0 ? (shares[0]?.energyJ ?? 0) / machineJ : 0;
    return {
      energyJ: shares[0]?.energyJ ?? 0,
      detail:
        `measured: ${reading.detail} ${formatWatts(reading.powerW)} × ${formatDuration(reading.intervalS)}` +
        ` × PUE ${this.pue}, ${formatPercent(share)} of the machine's busy CPU time`,
    };
  }
}

/**
 * The RAPL meter when the counters are readable; otherwise null and, when they exist but are not readable,
 * the reason (permissions) so the user can grant access.
 */
export function raplMeter(
  pue: number,
  roots: { powercap: string; proc: string } = { powercap: '/sys/class/powercap', proc: '/proc' },
): { meter: RaplMeter | null; note: string | null } {
  const probe = new RaplReader(roots.powercap).read();
  if (probe.status === 'unavailable') {
    return { meter: null, note: /permission/i.test(probe.reason) ? probe.reason : null };
  }
  return {
    meter: new RaplMeter(new RaplReader(roots.powercap), new CpuTotalsReader(roots.proc), pue),
    note: null,
  };
}
