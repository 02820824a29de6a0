// Types for the part of @tgwf/co2 that CarbonTray reads (the package ships no declarations).
declare module '@tgwf/co2/data' {
  /** Annual average grid intensity in gCO2e/kWh by ISO 3166-1 alpha-3 code, plus regions and WORLD (Ember). */
  export const averageIntensity: { data: Record<string, number>; type: string };
}
