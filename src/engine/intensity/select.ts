// Builds the intensity provider the settings ask for: custom, live Electricity Maps (with annual fallback) or annual.
import type { Settings } from '../../shared/api.js';
import { ElectricityMapsProvider } from './electricity-maps.js';
import {
  AnnualIntensityProvider,
  CustomIntensityProvider,
  providerKind,
  resolveCountry,
} from './providers.js';
import type { IntensityProvider } from './providers.js';
import { alpha2OfCountry } from './zones.js';

/** Where the live provider connects (tests point it at a local server). */
export interface IntensityEnvironment {
  electricityMapsUrl?: string;
  timeZone?: string;
}

/** The provider for these settings. A live provider without a known zone falls back to the annual average. */
export function createIntensityProvider(
  settings: Pick<Settings, 'country' | 'customIntensity' | 'electricityMapsToken'>,
  env: IntensityEnvironment = {},
): IntensityProvider {
  const kind = providerKind(settings);
  if (kind === 'custom' && settings.customIntensity !== null)
    return new CustomIntensityProvider(settings.customIntensity);
  const { country, fromTimeZone } = resolveCountry(settings.country, env.timeZone);
  const annual = new AnnualIntensityProvider(country, fromTimeZone);
  const zone = country === null ? null : alpha2OfCountry(country);
  if (kind === 'live' && settings.electricityMapsToken !== null && zone !== null) {
    return new ElectricityMapsProvider({
      token: settings.electricityMapsToken,
      zone,
      fallback: annual,
      ...(env.electricityMapsUrl ? { baseUrl: env.electricityMapsUrl } : {}),
    });
  }
  return annual;
}
