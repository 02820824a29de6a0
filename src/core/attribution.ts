// Splits one tick's machine energy and embodied carbon among consumers under the three policies of docs/ARCHITECTURE.md (attribution).

import type { AttributionPolicy } from './vocabulary.js';

/** One consumer of a tick: an app, the `Exited processes` remainder or CarbonTray itself. */
export interface AttributionConsumer {
  key: string;
  /** CPU seconds used during the tick. */
  cpuS: number;
  /** Resident memory at the end of the tick. */
  rssBytes: number;
}

/** The machine side of one tick, already after PUE. */
export interface AttributionInput {
  policy: AttributionPolicy;
  /** Length of the tick. */
  intervalS: number;
  /** Logical CPUs: the machine's CPU capacity is `cores × intervalS` CPU seconds. */
  cores: number;
  /** Machine operational energy of the tick (CPU + memory + GPU, after PUE). */
  energyJ: number;
  /** The part of `energyJ` due to memory power; `capacity` splits it by RSS share. */
  memoryEnergyJ: number;
  /** Energy the machine would have used idle over the tick; `active` keeps it in `Idle capacity`. */
  idleEnergyJ: number;
  /** Machine embodied carbon of the tick (TE × Δt / lifetime). */
  embodiedG: number;
  consumers: readonly AttributionConsumer[];
}

/** One consumer's part of the tick. */
export interface AttributionShare {
  key: string;
  energyJ: number;
  embodiedG: number;
}

/** Every consumer's part plus the `Idle capacity` remainder; together they sum to the machine's totals. */
export interface AttributionResult {
  shares: AttributionShare[];
  idle: { energyJ: number; embodiedG: number };
}

function nonNegative(x: number): number {
  return Number.isFinite(x) && x > 0 ? x : 0;
}

/**
 * Divides a tick's energy and embodied carbon among consumers.
 *
 * - `capacity` (SCI resource share): CPU energy and embodied carbon by `cpuS / (cores × intervalS)`, memory
 *   energy by RSS share; the unused capacity stays in `Idle capacity`.
 * - `active`: the idle baseline stays in `Idle capacity`; only the energy above it is split by CPU seconds
 *   among consumers. Embodied carbon is not "above idle", so it follows the capacity share as in `capacity`.
 * - `full`: all energy and embodied carbon split by CPU seconds among consumers that used any CPU (as
 *   Scaphandre and PowerJoular do); `Idle capacity` only gets the tick when nothing ran.
 *
 * When the consumers' CPU seconds exceed the capacity (counter jitter), the denominator grows to their sum so
 * no share is negative. `Idle capacity` is computed as the remainder, so the totals are conserved exactly up to
 * floating-point rounding.
 */
export function attribute(input: AttributionInput): AttributionResult {
  const energyJ = nonNegative(input.energyJ);
  const embodiedG = nonNegative(input.embodiedG);
  const memoryEnergyJ = Math.min(nonNegative(input.memoryEnergyJ), energyJ);
  const idleEnergyJ = Math.min(nonNegative(input.idleEnergyJ), energyJ);
  const consumers = input.consumers.map((c) => ({
    key: c.key,
    cpuS: nonNegative(c.cpuS),
    rssBytes: nonNegative(c.rssBytes),
  }));
  const totalCpuS = consumers.reduce((s, c) => s + c.cpuS, 0);
  const totalRssBytes = consumers.reduce((s, c) => s + c.rssBytes, 0);
  const capacityS = Math.max(nonNegative(input.cores) * nonNegative(input.intervalS), totalCpuS);

  const capacityShare = (cpuS: number): number => (capacityS > 0 ? cpuS / capacityS : 0);
  const activeShare = (cpuS: number): number => (totalCpuS > 0 ? cpuS / totalCpuS : 0);
  const rssShare = (rssBytes: number): number => (totalRssBytes > 0 ? rssBytes / totalRssBytes : 0);

  const shares: AttributionShare[] = consumers.map((c) => {
    switch (input.policy) {
      case 'capacity':
        return {
          key: c.key,
          energyJ: (energyJ - memoryEnergyJ) * capacityShare(c.cpuS) + memoryEnergyJ * rssShare(c.rssBytes),
          embodiedG: embodiedG * capacityShare(c.cpuS),
        };
      case 'active':
        return {
          key: c.key,
          energyJ: (energyJ - idleEnergyJ) * activeShare(c.cpuS),
          embodiedG: embodiedG * capacityShare(c.cpuS),
        };
      case 'full':
        return {
          key: c.key,
          energyJ: energyJ * activeShare(c.cpuS),
          embodiedG: embodiedG * activeShare(c.cpuS),
        };
    }
  });
  const sharedEnergyJ = shares.reduce((s, x) => s + x.energyJ, 0);
  const sharedEmbodiedG = shares.reduce((s, x) => s + x.embodiedG, 0);
  return {
    shares,
    idle: {
      energyJ: Math.max(0, energyJ - sharedEnergyJ),
      embodiedG: Math.max(0, embodiedG - sharedEmbodiedG),
    },
  };
}
