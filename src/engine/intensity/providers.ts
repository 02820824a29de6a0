// Carbon-intensity providers: annual country average, custom value, and the choice between them and live.
import { annualIntensity } from '../../core/intensity.js';
import type { IntensitySource, Settings } from '../../shared/api.js';
import { countryOfTimeZone } from './timezones.js';
import { alpha3OfCountry } from './zones.js';

/** The intensity in force at one moment and why. */
export interface IntensityReading {
  intensityGPerKWh: number;
  source: IntensitySource;
  /** Human-readable origin, e.g. `FRA annual average, Ember data via @tgwf/co2 0.19.0`. */
  detail: string;
}

/** Where the engine gets its intensity. `current` is synchronous: live providers refresh in the background. */
export interface IntensityProvider {
  current(nowMs: number): IntensityReading;
  /** Expected average intensity over the next hour, or null when the provider has no forecast. */
  nextHourGPerKWh(nowMs: number): number | null;
  /** Stops background work (timers, requests). */
  close(): void;
}

/** The country the model uses: the setting, else the time zone's country (ISO alpha-3), else null (world). */
export function resolveCountry(
  setting: string | null,
  timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
): { country: string | null; fromTimeZone: boolean } {
  if (setting !== null) return { country: setting.toUpperCase(), fromTimeZone: false };
  const alpha2 = countryOfTimeZone(timeZone);
  const alpha3 = alpha2 === null ? null : alpha3OfCountry(alpha2);
  return { country: alpha3, fromTimeZone: alpha3 !== null };
}

/** The annual average of a country (world when unknown), from src/core/intensity.ts. */
export class AnnualIntensityProvider implements IntensityProvider {
  private readonly reading: IntensityReading;

  constructor(country: string | null, fromTimeZone = false) {
    const annual = annualIntensity(country);
    const suffix = fromTimeZone && !annual.isWorldFallback ? ' (country guessed from the time zone)' : '';
    this.reading = {
      intensityGPerKWh: annual.intensityGPerKWh,
      source: 'annual',
      detail: `${annual.detail}${suffix}`,
    };
  }

  current(): IntensityReading {
    return this.reading;
  }

  nextHourGPerKWh(): number {
    return this.reading.intensityGPerKWh;
  }

  close(): void {}
}

/** A fixed intensity the user typed in (e.g. their supplier's figure). */
export class CustomIntensityProvider implements IntensityProvider {
  constructor(private readonly intensityGPerKWh: number) {}

  current(): IntensityReading {
    return {
      intensityGPerKWh: this.intensityGPerKWh,
      source: 'custom',
      detail: `custom value ${this.intensityGPerKWh} gCO2e/kWh (settings)`,
    };
  }

  nextHourGPerKWh(): number {
    return this.intensityGPerKWh;
  }

  close(): void {}
}

/** Which provider the settings ask for: custom beats live, live needs a token, annual otherwise. */
export function providerKind(
  settings: Pick<Settings, 'customIntensity' | 'electricityMapsToken'>,
): Exclude<IntensitySource, 'annual-fallback'> {
  if (settings.customIntensity !== null) return 'custom';
  if (settings.electricityMapsToken !== null) return 'live';
  return 'annual';
}
