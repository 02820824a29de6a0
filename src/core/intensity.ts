// Grid carbon intensity by country: the annual averages bundled with @tgwf/co2 (Ember data), world fallback.
import { averageIntensity } from '@tgwf/co2/data';

/** The dataset, pinned with the @tgwf/co2 version in package.json (0.19.0). */
const DATASET = 'annual average, Ember data via @tgwf/co2 0.19.0';
const WORLD = 'WORLD';

/** A country's intensity and where it came from. */
export interface AnnualIntensity {
  intensityGPerKWh: number;
  /** The ISO 3166-1 alpha-3 code used, or `WORLD`. */
  country: string;
  /** True when no (known) country was given and the world average stands in. */
  isWorldFallback: boolean;
  detail: string;
}

/** Is this an ISO alpha-3 country code (or region) present in the dataset? */
export function isKnownCountry(code: string): boolean {
  return Object.hasOwn(averageIntensity.data, code.toUpperCase());
}

/** The annual average intensity of a country (ISO alpha-3), else the world average. */
export function annualIntensity(country: string | null): AnnualIntensity {
  const code = country?.toUpperCase() ?? null;
  if (code !== null && code !== WORLD && isKnownCountry(code)) {
    return {
      intensityGPerKWh: averageIntensity.data[code] as number,
      country: code,
      isWorldFallback: false,
      detail: `${code} ${DATASET}`,
    };
  }
  return {
    intensityGPerKWh: averageIntensity.data[WORLD] as number,
    country: WORLD,
    isWorldFallback: code !== WORLD,
    detail: code === null || code === WORLD ? `world ${DATASET}` : `world ${DATASET} (no data for ${code})`,
  };
}
