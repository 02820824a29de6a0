import { describe, expect, it } from 'vitest';
import { amortizedFraction, embodiedG, embodiedRateGPerH } from '../../../src/core/embodied.js';
import { carKm, CAR_G_PER_KM } from '../../../src/core/equivalents.js';
import { perYearKg, sciG } from '../../../src/core/sci.js';
import { SECONDS_PER_HOUR, SECONDS_PER_YEAR } from '../../../src/core/units.js';

const FOUR_YEARS = 4 * SECONDS_PER_YEAR;
/** SCI-1: 1000 kg over 35,040 h, in g/h. */
const SCI1_G_PER_H = 1_000_000 / 35_040;

describe('embodied M = TE × TS × RS', () => {
  it('SCI-1: 1000 kg over 4 years, one hour, whole machine ≈ 28.54 g', () => {
    expect(embodiedG({ embodiedKg: 1000, lifetimeS: FOUR_YEARS, durationS: SECONDS_PER_HOUR })).toBeCloseTo(
      28.54,
      2,
    );
    expect(embodiedRateGPerH({ embodiedKg: 1000, lifetimeS: FOUR_YEARS })).toBeCloseTo(1_000_000 / 35_040, 9);
  });
  it('resource share scales linearly', () => {
    const whole = embodiedG({ embodiedKg: 1000, lifetimeS: FOUR_YEARS, durationS: 3600 });
    expect(
      embodiedG({ embodiedKg: 1000, lifetimeS: FOUR_YEARS, durationS: 3600, resourceShare: 0.25 }),
    ).toBeCloseTo(whole / 4, 12);
  });
  it('doubling the lifetime halves the rate', () => {
    const four = embodiedRateGPerH({ embodiedKg: 180, lifetimeS: FOUR_YEARS });
    const eight = embodiedRateGPerH({ embodiedKg: 180, lifetimeS: 2 * FOUR_YEARS });
    expect(eight).toBeCloseTo(four / 2, 12);
  });
  it('zero duration is zero embodied', () => {
    expect(embodiedG({ embodiedKg: 1000, lifetimeS: FOUR_YEARS, durationS: 0 })).toBe(0);
  });
  it('linear policy keeps amortizing past the lifetime (SCI)', () => {
    const old = {
      embodiedKg: 1000,
      lifetimeS: FOUR_YEARS,
      ageS: 5 * SECONDS_PER_YEAR,
      policy: 'linear' as const,
    };
    expect(embodiedRateGPerH(old)).toBeCloseTo(SCI1_G_PER_H, 9);
  });
  it('remaining policy stops at the end of the lifetime, and counts the part of an interval before it', () => {
    const base = { embodiedKg: 1000, lifetimeS: FOUR_YEARS, policy: 'remaining' as const };
    expect(embodiedRateGPerH({ ...base, ageS: 5 * SECONDS_PER_YEAR })).toBe(0);
    expect(embodiedG({ ...base, ageS: 5 * SECONDS_PER_YEAR, durationS: 3600 })).toBe(0);
    // an hour that straddles the end: only its first half counts
    const straddle = embodiedG({ ...base, ageS: FOUR_YEARS - 1800, durationS: 3600 });
    expect(straddle).toBeCloseTo(SCI1_G_PER_H / 2, 9);
    // unknown age: same as linear
    expect(embodiedRateGPerH({ ...base, ageS: null })).toBeCloseTo(SCI1_G_PER_H, 9);
  });
  it('amortized fraction is age / lifetime, capped at 1, null when the age is unknown', () => {
    expect(amortizedFraction(SECONDS_PER_YEAR, FOUR_YEARS)).toBeCloseTo(0.25, 12);
    expect(amortizedFraction(9 * SECONDS_PER_YEAR, FOUR_YEARS)).toBe(1);
    expect(amortizedFraction(null, FOUR_YEARS)).toBeNull();
  });
  it('refuses a zero or negative lifetime, a share above 1 and a negative TE', () => {
    expect(() => embodiedRateGPerH({ embodiedKg: 1, lifetimeS: 0 })).toThrow(/lifetime/);
    expect(() => embodiedRateGPerH({ embodiedKg: 1, lifetimeS: -5 })).toThrow(/lifetime/);
    expect(() => embodiedRateGPerH({ embodiedKg: 1, lifetimeS: 1, resourceShare: 1.5 })).toThrow(/share/);
    expect(() => embodiedRateGPerH({ embodiedKg: -1, lifetimeS: 1 })).toThrow(/embodied/);
  });
});

describe('SCI and equivalents', () => {
  it('SCI = (O + M) / R', () => {
    expect(sciG(60.15, 28.54, 1)).toBeCloseTo(88.69, 10);
    expect(sciG(60, 40, 4)).toBe(25);
  });
  it('R must be positive', () => {
    expect(() => sciG(1, 1, 0)).toThrow(/functional units/);
  });
  it('ART-1: 22.0 kg per year ≈ 180 km by car at 122 g/km', () => {
    expect(CAR_G_PER_KM).toBe(122);
    expect(carKm(21_968)).toBeCloseTo(180, 0);
  });
});

describe('per year', () => {
  it('ART-1: 60.15 g per run × 365.25 runs = 21.97 kg', () => {
    expect(perYearKg(60.146, 365.25)).toBeCloseTo(21.97, 2);
  });
  it('refuses a negative run count', () => {
    expect(() => perYearKg(1, -1)).toThrow(/runs per year/);
  });
});
