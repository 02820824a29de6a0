// This machine's hardware as the model takes it, for every shell: the sensors' cheap inventory, then what Node reports.
import { cpus, totalmem } from 'node:os';
import { HardwareReader, withOsFacts } from '../sensors/hardware/inventory.js';
import type { HardwareInventory } from '../sensors/hardware/inventory.js';
import type { DetectedHardware } from './model.js';

/** Where the facts are read from. */
export interface HardwareSources {
  /** Linux reads procfs and sysfs; elsewhere the files say little and Node's `os` fills in. */
  procfs: boolean;
  procRoot?: string;
  sysRoot?: string;
  /** Logical CPUs when no file names them (the engine counts them in /proc/stat). */
  fallbackCores: () => number;
}

/** The inventory (shown as is in the hardware panel) and the facts `resolveModel` resolves the model from. */
export function detectHardware(sources: HardwareSources): {
  inventory: HardwareInventory;
  detected: DetectedHardware;
} {
  const files = new HardwareReader({
    sysRoot: sources.sysRoot ?? '/sys',
    procRoot: sources.procRoot ?? '/proc',
  }).readCheap();
  const osCpus = sources.procfs ? [] : cpus();
  const inventory = sources.procfs
    ? files
    : withOsFacts(files, {
        cpuModel: osCpus[0]?.model ?? null,
        cores: osCpus.length,
        memoryBytes: totalmem(),
      });
  const detected: DetectedHardware = {
    cpuModel: inventory.cpuModel,
    cores: inventory.cores ?? sources.fallbackCores(),
    memoryBytes: inventory.memoryBytes,
    deviceClass: inventory.deviceClass,
    tableTdp:
      inventory.tdp.source === 'table' ? { tdpW: inventory.tdp.tdpW, note: inventory.tdp.note } : null,
    firmwareDate: inventory.firmwareDate,
  };
  return { inventory, detected };
}
