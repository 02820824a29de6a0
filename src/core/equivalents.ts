// Everyday equivalents of an amount of CO2e, each constant with its source.

/**
 * 122 gCO2/km: the average new passenger car registered in the EU in 2019 (EEA, "CO2 emissions from new
 * passenger cars", 2019 provisional data, 122.4 g/km), the figure the seed article uses (case ART-1, docs/ARCHITECTURE.md).
 */
export const CAR_G_PER_KM = 122;

/** How a report names the car of `CAR_G_PER_KM`, with the figure and its source. */
export const CAR_DESCRIPTION = `an average new car (${CAR_G_PER_KM} gCO2/km, EEA 2019)`;

/** Kilometres driven in an average new car that emit the same CO2e. */
export function carKm(co2eG: number): number {
  return co2eG / CAR_G_PER_KM;
}
