// RAPL energy counters via /sys/class/powercap: package, dram and psys watts over the interval between reads.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MS_PER_SECOND } from '../../core/units.js';
import type { PowerReading } from './reading.js';
import { describeReadError } from './reading.js';

/** One powercap zone's counter at one instant. */
export interface RaplCounterSample {
  /** Zone directory, e.g. `intel-rapl:0` or `intel-rapl:0:2`. */
  zone: string;
  /** Domain name from the zone's `name` file: `package-0`, `dram`, `core`, `uncore`, `psys`. */
  name: string;
  energyUj: number;
  maxEnergyRangeUj: number;
}

/** Watts of one domain over the interval. */
export interface RaplDomainTick {
  zone: string;
  name: string;
  powerW: number;
}

/** What an `ok` RAPL reading carries besides `powerW` (= package + dram, the measured CPU and memory). */
export interface RaplDetail {
  intervalS: number;
  packageW: number;
  dramW: number | null;
  /** Whole-platform power (SoC + more) on laptops that expose it; not added to `powerW`. */
  psysW: number | null;
  domains: RaplDomainTick[];
}

export const RAPL_GRANT_HINT =
  'Since Linux 5.10 (CVE-2020-8694) the RAPL energy counters are readable by root only. To let CarbonTray ' +
  'read them: `sudo chmod o+r /sys/class/powercap/intel-rapl:*/energy_uj /sys/class/powercap/intel-rapl:*:*/energy_uj` ' +
  '(until reboot), or persistently a systemd-tmpfiles line such as `z /sys/class/powercap/intel-rapl:*/energy_uj 0444 - - -` ' +
  '(and the same for `intel-rapl:*:*`) in /etc/tmpfiles.d/carbontray-rapl.conf.';

/** Energy used between two readings of one counter, handling one wraparound at `maxEnergyRangeUj`. */
export function energyDeltaUj(previousUj: number, currentUj: number, maxEnergyRangeUj: number): number {
  return currentUj >= previousUj ? currentUj - previousUj : maxEnergyRangeUj - previousUj + currentUj;
}

/** Zone directories of the RAPL driver (`intel-rapl:N` and their `intel-rapl:N:M` subzones; AMD uses the same). */
function isRaplZone(name: string): boolean {
  return /^intel-rapl:\d+(:\d+)?$/.test(name);
}

/** Reads RAPL from a powercap root (`/sys/class/powercap` or a fixture); keeps the previous reading. */
export class RaplReader {
  private previous: { atS: number; counters: RaplCounterSample[] } | null = null;

  constructor(private readonly root: string = '/sys/class/powercap') {}

  /**
   * Reads all counters and returns the watts since the previous call (`pending` on the first call).
   * @param atS a monotonic time in seconds; defaults to `performance.now()`.
   */
  read(atS: number = performance.now() / MS_PER_SECOND): PowerReading<RaplDetail> {
    let zones: string[];
    try {
      zones = readdirSync(this.root).filter(isRaplZone).sort();
    } catch {
      zones = [];
    }
    if (zones.length === 0) {
      return {
        status: 'unavailable',
        reason: `no RAPL zones under ${this.root} (needs an Intel or AMD CPU with the intel_rapl powercap driver loaded; virtual machines usually have none)`,
      };
    }
    const counters: RaplCounterSample[] = [];
    for (const zone of zones) {
      const dir = join(this.root, zone);
      let energy: string;
      try {
        energy = readFileSync(join(dir, 'energy_uj'), 'utf8');
      } catch (error) {
        return {
          status: 'unavailable',
          reason: describeReadError(join(dir, 'energy_uj'), error, RAPL_GRANT_HINT),
        };
      }
      const name = this.text(join(dir, 'name')) ?? zone;
      const max = Number(this.text(join(dir, 'max_energy_range_uj')));
      const energyUj = Number(energy);
      if (!Number.isFinite(energyUj) || !Number.isFinite(max) || max <= 0) {
        return { status: 'unavailable', reason: `${dir}: energy_uj or max_energy_range_uj is not a number` };
      }
      counters.push({ zone, name, energyUj, maxEnergyRangeUj: max });
    }
    const previous = this.previous;
    this.previous = { atS, counters };
    if (!previous) return { status: 'pending', reason: 'first RAPL reading: watts need a second one' };
    const intervalS = atS - previous.atS;
    if (intervalS <= 0)
      return { status: 'pending', reason: 'no time passed since the previous RAPL reading' };
    return raplTick(previous.counters, counters, intervalS);
  }

  private text(path: string): string | null {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch {
      return null;
    }
  }
}

/** Pure: watts per domain between two sets of counters taken `intervalS` apart. */
export function raplTick(
  previous: RaplCounterSample[],
  current: RaplCounterSample[],
  intervalS: number,
): PowerReading<RaplDetail> {
  const domains: RaplDomainTick[] = [];
  for (const now of current) {
    const before = previous.find((p) => p.zone === now.zone);
    if (!before) continue;
    const deltaUj = energyDeltaUj(before.energyUj, now.energyUj, now.maxEnergyRangeUj);
    domains.push({ zone: now.zone, name: now.name, powerW: deltaUj / 1e6 / intervalS });
  }
  const sum = (match: (d: RaplDomainTick) => boolean): number | null => {
    const picked = domains.filter(match);
    return picked.length ? picked.reduce((s, d) => s + d.powerW, 0) : null;
  };
  const packageW = sum((d) => d.name.startsWith('package'));
  const dramW = sum((d) => d.name === 'dram');
  const psysW = sum((d) => d.name === 'psys');
  if (packageW === null) {
    return {
      status: 'unavailable',
      reason: 'RAPL has no package domain (only ' + domains.map((d) => d.name).join(', ') + ')',
    };
  }
  return {
    status: 'ok',
    powerW: packageW + (dramW ?? 0),
    detail: dramW === null ? 'RAPL package' : 'RAPL package+dram',
    intervalS,
    packageW,
    dramW,
    psysW,
    domains,
  };
}
