// Battery discharge power via /sys/class/power_supply: the whole machine's draw, only while on battery.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PowerReading } from './reading.js';

/** One discharging battery's draw. */
export interface BatteryTick {
  name: string;
  powerW: number;
  /** `power_now`, or `current_now × voltage_now` where the battery reports no power. */
  from: 'power_now' | 'current_now×voltage_now';
}

/** Reads batteries from a power_supply root (`/sys/class/power_supply` or a fixture). */
export class BatteryReader {
  constructor(private readonly root: string = '/sys/class/power_supply') {}

  /** The machine's draw from its batteries now; unavailable without a battery or unless every battery discharges. */
  read(): PowerReading<{ batteries: BatteryTick[] }> {
    let names: string[];
    try {
      names = readdirSync(this.root).sort();
    } catch {
      names = [];
    }
    const batteries = names.filter(
      (n) => this.text(n, 'type') === 'Battery' && this.text(n, 'scope') !== 'Device',
    );
    if (batteries.length === 0)
      return { status: 'unavailable', reason: `no system battery under ${this.root}` };
    const ticks: BatteryTick[] = [];
    for (const name of batteries) {
      const status = this.text(name, 'status') ?? 'Unknown';
      if (status !== 'Discharging') {
        return {
          status: 'unavailable',
          reason: `battery ${name} is ${status}, not discharging: its power only measures the machine while on battery`,
        };
      }
      const powerUw = this.number(name, 'power_now');
      const currentUa = this.number(name, 'current_now');
      const voltageUv = this.number(name, 'voltage_now');
      if (powerUw !== null && powerUw > 0) ticks.push({ name, powerW: powerUw / 1e6, from: 'power_now' });
      else if (currentUa !== null && voltageUv !== null && currentUa > 0) {
        ticks.push({ name, powerW: (currentUa / 1e6) * (voltageUv / 1e6), from: 'current_now×voltage_now' });
      } else {
        return {
          status: 'unavailable',
          reason: `battery ${name} reports neither power_now nor current_now and voltage_now`,
        };
      }
    }
    return {
      status: 'ok',
      powerW: ticks.reduce((s, t) => s + t.powerW, 0),
      detail: `battery discharge (${ticks.map((t) => t.name).join('+')})`,
      batteries: ticks,
    };
  }

  private text(name: string, file: string): string | null {
    try {
      return readFileSync(join(this.root, name, file), 'utf8').trim();
    } catch {
      return null;
    }
  }

  private number(name: string, file: string): number | null {
    const text = this.text(name, file);
    const value = text === null ? NaN : Number(text);
    return Number.isFinite(value) ? Math.abs(value) : null; // some drivers report discharge current as negative
  }
}
