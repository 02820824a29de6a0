// The facts about a machine the model starts from, as the sensors read them and the Api shows them.
import type { DeviceClass } from './vocabulary.js';

/** What the firmware, /proc and /sys say about this machine; every fact that could not be read is null, never guessed. */
export interface MachineFacts {
  cpuModel: string | null;
  /** Logical CPUs. */
  cores: number | null;
  memoryBytes: number | null;
  /** From the chassis type; null when the firmware does not say. */
  deviceClass: DeviceClass | null;
  manufacturer: string | null;
  model: string | null;
  /** Firmware (BIOS) release date `YYYY-MM-DD`, a lower bound for the hardware's age. */
  firmwareDate: string | null;
}
