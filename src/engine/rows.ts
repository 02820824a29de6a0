// Turns one tick's machine figures and consumers into the rows people see, through core/attribution.
import { attribute } from '../core/attribution.js';
import { joulesToKWh, operationalG } from '../core/energy.js';
import type { AppKind, AppRow, AttributionPolicy } from '../shared/api.js';
import { SECONDS_PER_HOUR } from '../shared/time.js';
import type { MachineTickValues } from './machine.js';

/** One consumer of a tick before attribution: an app, `Exited processes` or CarbonTray itself. */
export interface ConsumerTick {
  key: string;
  name: string;
  kind: AppKind;
  cpuS: number;
  rssBytes: number;
  processCount: number;
}

/** The synthetic rows' keys, names and kinds (docs/ARCHITECTURE.md, "One tick"). */
export const IDLE_ROW = { key: 'idle', name: 'Idle capacity', kind: 'idle' } as const;
export const EXITED_ROW = { key: 'exited', name: 'Exited processes', kind: 'exited' } as const;
export const SELF_ROW = { key: 'self', name: 'CarbonTray', kind: 'self' } as const;

/**
 * Attributes the tick and returns one row per consumer plus `Idle capacity`, largest first. Energy and embodied
 * carbon add up to the machine's (core/attribution.ts); operational carbon is each row's energy × the tick's
 * intensity, so it adds up too.
 */
export function buildRows(
  machine: MachineTickValues,
  consumers: readonly ConsumerTick[],
  policy: AttributionPolicy,
  cores: number,
): AppRow[] {
  const result = attribute({
    policy,
    intervalS: machine.intervalS,
    cores,
    energyJ: machine.energyJ,
    memoryEnergyJ: machine.memoryEnergyJ,
    idleEnergyJ: machine.idleEnergyJ,
    embodiedG: machine.embodiedG,
    consumers,
  });
  const totalG = machine.operationalG + machine.embodiedG;
  const row = (
    c: Omit<ConsumerTick, 'cpuS' | 'rssBytes' | 'processCount'> & Partial<ConsumerTick>,
    energy: number,
    embodied: number,
  ): AppRow => {
    const operational = operationalG(joulesToKWh(energy), machine.intensityGPerKWh);
    return {
      key: c.key,
      name: c.name,
      kind: c.kind,
      powerW: machine.intervalS > 0 ? energy / machine.intervalS : 0,
      energyJ: energy,
      operationalG: operational,
      embodiedG: embodied,
      gPerH: machine.intervalS > 0 ? ((operational + embodied) / machine.intervalS) * SECONDS_PER_HOUR : 0,
      share: totalG > 0 ? (operational + embodied) / totalG : 0,
      cpuS: c.cpuS ?? 0,
      rssBytes: c.rssBytes ?? 0,
      processCount: c.processCount ?? 0,
    };
  };
  const rows = consumers.map((c, i) => {
    const share = result.shares[i];
    return row(c, share?.energyJ ?? 0, share?.embodiedG ?? 0);
  });
  const idleCpuS = Math.max(0, cores * machine.intervalS - consumers.reduce((s, c) => s + c.cpuS, 0));
  rows.push(row({ ...IDLE_ROW, cpuS: idleCpuS }, result.idle.energyJ, result.idle.embodiedG));
  return rows.sort((a, b) => b.gPerH - a.gPerH);
}
