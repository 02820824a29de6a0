// Embodied carbon M = TE × TS × RS (GSF SCI), with the `linear` and `remaining` amortization policies.
import { InputError } from './errors.js';
import { G_PER_KG, SECONDS_PER_HOUR } from './units.js';
import type { AmortizationPolicy } from './vocabulary.js';

/** The hardware's embodied footprint and how it is amortized. */
export interface EmbodiedInput {
  /** Total embodied emissions TE, kgCO2e. */
  embodiedKg: number;
  /** Expected lifespan in seconds (a year is 365 days). */
  lifetimeS: number;
  /** RS: share of the hardware reserved, 0..1 (default 1, the whole machine). */
  resourceShare?: number;
  /** Age of the hardware at the start of the interval, seconds; null when unknown. */
  ageS?: number | null;
  /**
   * `linear` (SCI: TE/lifetime forever) or `remaining` (nothing once the hardware has outlived its
   * lifetime). With an unknown age both are the same.
   */
  policy?: AmortizationPolicy;
}

function check(input: EmbodiedInput): Required<EmbodiedInput> {
  const { embodiedKg, lifetimeS, resourceShare = 1, ageS = null, policy = 'linear' } = input;
  if (!(embodiedKg >= 0)) throw new InputError(`embodied emissions must be ≥ 0 kg, got ${embodiedKg}`);
  if (!(lifetimeS > 0)) throw new InputError(`lifetime must be > 0, got ${lifetimeS} s`);
  if (!(resourceShare >= 0 && resourceShare <= 1)) {
    throw new InputError(`resource share must be between 0 and 1, got ${resourceShare}`);
  }
  if (ageS !== null && !(ageS >= 0)) throw new InputError(`hardware age must be ≥ 0, got ${ageS} s`);
  return { embodiedKg, lifetimeS, resourceShare, ageS, policy };
}

/** Seconds of `[age, age + duration]` that still fall within the lifetime under the policy. */
function amortizedSeconds(durationS: number, input: Required<EmbodiedInput>): number {
  if (input.policy === 'linear' || input.ageS === null) return durationS;
  return Math.max(0, Math.min(input.ageS + durationS, input.lifetimeS) - input.ageS);
}

/** `M = TE × TS × RS` in gCO2e for an interval of `durationS`, where `TS = Δt / lifetime`. */
export function embodiedG(input: EmbodiedInput & { durationS: number }): number {
  if (!(input.durationS >= 0)) throw new InputError(`duration must be ≥ 0 s, got ${input.durationS}`);
  const checked = check(input);
  const timeShare = amortizedSeconds(input.durationS, checked) / checked.lifetimeS;
  return checked.embodiedKg * G_PER_KG * timeShare * checked.resourceShare;
}

/** The embodied rate now, gCO2e per hour, under the policy (0 past the lifetime for `remaining`). */
export function embodiedRateGPerH(input: EmbodiedInput): number {
  const checked = check(input);
  const past = checked.policy === 'remaining' && checked.ageS !== null && checked.ageS >= checked.lifetimeS;
  if (past) return 0;
  return (checked.embodiedKg * G_PER_KG * SECONDS_PER_HOUR * checked.resourceShare) / checked.lifetimeS;
}

/** How much of TE is already amortized at this age, 0..1; null when the age is unknown. */
export function amortizedFraction(ageS: number | null, lifetimeS: number): number | null {
  if (ageS === null) return null;
  if (!(lifetimeS > 0)) throw new InputError(`lifetime must be > 0, got ${lifetimeS} s`);
  return Math.min(1, Math.max(0, ageS / lifetimeS));
}
