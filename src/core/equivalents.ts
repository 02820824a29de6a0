// Everyday equivalents of an amount of CO2e, each constant with its source.

/**
 * 122 gCO2/km: the average new passenger car registered in the EU in 2019 (EEA, "CO2 emissions from new
 * passenger cars", 2019 provisional data, 122.4 g/km), the figure the seed article uses (REFERENCE.md ART-1).
 */
export const CAR_G_PER_KM = 122;

/** Kilometres driven in an average new car that emit the same CO2e. */
export function carKm(co2eG: number): number {
  return co2eG / CAR_G_PER_KM;
}
