// Hardware inventory: DMI, /proc and /sys files first (cheap), systeminformation for what they lack.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classTdpW } from '../../core/power.js';
import type { MachineFacts } from '../../core/machine.js';
import type { DeviceClass } from '../../core/vocabulary.js';
import { chassisClass, chassisNameClass, dmiValue, firmwareDateIso } from './dmi.js';
import { matchTdp } from './tdp-table.js';

/** The TDP the model should use and where it comes from. */
export interface TdpResolution {
  tdpW: number;
  /** `table`: the bundled vendor figure; `class-default`: the device class default of src/core/defaults.ts. */
  source: 'table' | 'class-default';
  /** Human-readable origin, e.g. the vendor page, or `class default for laptops (...)`. */
  note: string;
}

/** What CarbonTray knows about this machine: the facts, what was looked up on demand, and the TDP to use. */
export interface HardwareInventory extends MachineFacts {
  /** Number of system batteries; null when not looked up. */
  batteries: number | null;
  /** GPU model names; null when not looked up (the cheap path does not name GPUs). */
  gpus: string[] | null;
  tdp: TdpResolution;
}

/**
 * TDP for a CPU: the bundled table when the model matches, else the class default (marked as such).
 * With no known class the desktop default is used and the note says it was assumed.
 */
export function resolveTdp(
  cpuModel: string | null,
  deviceClass: DeviceClass | null,
  cores: number | null,
): TdpResolution {
  const row = cpuModel ? matchTdp(cpuModel) : null;
  if (row) return { tdpW: row.tdpW, source: 'table', note: row.source };
  const { tdpW, note } = classTdpW(deviceClass ?? 'desktop', cores ?? 1);
  return {
    tdpW,
    source: 'class-default',
    note: deviceClass ? note : `${note} (device class unknown: desktop assumed)`,
  };
}

/** What Node itself reports on every OS (`os.cpus()[0].model`, `os.cpus().length`, `os.totalmem()`). */
export interface OsFacts {
  cpuModel: string | null;
  cores: number | null;
  memoryBytes: number | null;
}

/**
 * Fills the facts the files left null (no procfs or DMI: macOS, Windows) with what Node reports, and resolves
 * the TDP again for the CPU model found that way. Facts the files gave are kept.
 */
export function withOsFacts(inventory: HardwareInventory, os: OsFacts): HardwareInventory {
  const cpuModel = inventory.cpuModel ?? dmiValue(os.cpuModel);
  const cores = inventory.cores ?? (os.cores !== null && os.cores > 0 ? os.cores : null);
  const memoryBytes =
    inventory.memoryBytes ?? (os.memoryBytes !== null && os.memoryBytes > 0 ? os.memoryBytes : null);
  const changed = cpuModel !== inventory.cpuModel || cores !== inventory.cores;
  return {
    ...inventory,
    cpuModel,
    cores,
    memoryBytes,
    tdp: changed ? resolveTdp(cpuModel, inventory.deviceClass, cores) : inventory.tdp,
  };
}

/** Roots of the cheap path; tests pass fixture trees. */
export interface HardwareRoots {
  /** sysfs mount, e.g. `/sys`. */
  sysRoot: string;
  /** procfs mount, e.g. `/proc`. */
  procRoot: string;
}

/** Reads the inventory; construct once, read on start and when the user asks (it does not change per tick). */
export class HardwareReader {
  constructor(private readonly roots: HardwareRoots = { sysRoot: '/sys', procRoot: '/proc' }) {}

  /** Files only, synchronous, a few ms: DMI, /proc/cpuinfo, /proc/meminfo, power_supply. */
  readCheap(): HardwareInventory {
    const dmi = (name: string): string | null =>
      dmiValue(this.text(join(this.roots.sysRoot, 'class/dmi/id', name)));
    const cpuinfo = this.text(join(this.roots.procRoot, 'cpuinfo')) ?? '';
    const meminfo = this.text(join(this.roots.procRoot, 'meminfo')) ?? '';
    const cpuModel = dmiValue(/^(?:model name|Model|Hardware)\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]);
    const processors = cpuinfo.match(/^processor\s*:/gm)?.length ?? 0;
    const memKiB = /^MemTotal:\s+(\d+) kB/m.exec(meminfo)?.[1];
    const chassis = Number(dmi('chassis_type'));
    const deviceClass = Number.isInteger(chassis) && chassis > 0 ? chassisClass(chassis) : null;
    const cores = processors > 0 ? processors : null;
    return {
      cpuModel,
      cores,
      memoryBytes: memKiB ? Number(memKiB) * 1024 : null,
      deviceClass,
      manufacturer: dmi('sys_vendor') ?? dmi('board_vendor'),
      model: dmi('product_name') ?? dmi('board_name'),
      firmwareDate: firmwareDateIso(dmi('bios_date')),
      batteries: this.countBatteries(),
      gpus: null,
      tdp: resolveTdp(cpuModel, deviceClass, cores),
    };
  }

  /** The cheap path, then systeminformation for the facts it left null (spawns helpers: call rarely). */
  async read(): Promise<HardwareInventory> {
    const cheap = this.readCheap();
    // Loaded on first use: systeminformation adds ~11 MB to the resident size of a process that only needs readCheap.
    const { default: si } = await import('systeminformation');
    const [cpu, system, bios, chassis, battery, graphics, mem] = await Promise.all([
      si.cpu(),
      si.system(),
      si.bios(),
      si.chassis(),
      si.battery(),
      si.graphics(),
      si.mem(),
    ]);
    const cpuModel = cheap.cpuModel ?? dmiValue(`${cpu.manufacturer} ${cpu.brand}`.trim());
    const deviceClass = cheap.deviceClass ?? chassisNameClass(chassis.type);
    const cores = cheap.cores ?? (cpu.cores > 0 ? cpu.cores : null);
    return {
      cpuModel,
      cores,
      memoryBytes: cheap.memoryBytes ?? (mem.total > 0 ? mem.total : null),
      deviceClass,
      manufacturer: cheap.manufacturer ?? dmiValue(system.manufacturer),
      model: cheap.model ?? dmiValue(system.model),
      firmwareDate: cheap.firmwareDate ?? firmwareDateIso(bios.releaseDate),
      batteries: cheap.batteries ?? (battery.hasBattery ? 1 : 0),
      gpus: graphics.controllers.map((c) => dmiValue(c.model)).filter((m): m is string => m !== null),
      tdp: resolveTdp(cpuModel, deviceClass, cores),
    };
  }

  /** System batteries under power_supply (peripheral batteries have `scope` Device); null without the class. */
  private countBatteries(): number | null {
    const dir = join(this.roots.sysRoot, 'class/power_supply');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return null;
    }
    return names.filter(
      (n) =>
        this.text(join(dir, n, 'type'))?.trim() === 'Battery' &&
        this.text(join(dir, n, 'scope'))?.trim() !== 'Device',
    ).length;
  }

  private text(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  }
}
