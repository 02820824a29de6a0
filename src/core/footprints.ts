// greeNsort footprints: resource use weighted by memory, so implementations that trade RAM for time compare fairly.
import { InputError } from './errors.js';
import { BYTES_PER_GB } from './units.js';

/** One measured run. `memoryBytes` is the memory charged to it (peak or average RSS). */
export interface FootprintInput {
  wallS: number;
  cpuS: number;
  energyJ: number;
  memoryBytes: number;
  /** Size of the data the run works on; enables %RAM as greeNsort defines it. */
  dataBytes?: number | null;
}

/**
 * Footprints after greeNsort: `%RAM = memory / data memory`, `tFootprint = wall × %RAM`,
 * `cFootprint = CPU-time × %RAM`, `eFootprint = energy × %RAM`. Without a data size, memory is counted
 * in GB instead (`basis: 'gb'`: GB·s, GB·CPU-s, GB·J); ratios between runs on the same data are the same.
 */
export interface Footprints {
  cpuTimeS: number;
  /** RAM-time: memory × wall time, byte-seconds. */
  ramTimeByteS: number;
  /** memory / data memory × 100; null without a data size. */
  ramPercent: number | null;
  basis: 'data' | 'gb';
  tFootprint: number;
  cFootprint: number;
  eFootprint: number;
}

export function footprints(input: FootprintInput): Footprints {
  const { wallS, cpuS, energyJ, memoryBytes, dataBytes = null } = input;
  for (const [name, value] of Object.entries({ wallS, cpuS, energyJ, memoryBytes })) {
    if (!(value >= 0)) throw new InputError(`${name} must be ≥ 0, got ${value}`);
  }
  if (dataBytes !== null && !(dataBytes > 0))
    throw new InputError(`data size must be > 0 bytes, got ${dataBytes}`);
  const factor = dataBytes === null ? memoryBytes / BYTES_PER_GB : memoryBytes / dataBytes;
  return {
    cpuTimeS: cpuS,
    ramTimeByteS: memoryBytes * wallS,
    ramPercent: dataBytes === null ? null : factor * 100,
    basis: dataBytes === null ? 'gb' : 'data',
    tFootprint: wallS * factor,
    cFootprint: cpuS * factor,
    eFootprint: energyJ * factor,
  };
}
