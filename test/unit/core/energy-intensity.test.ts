import { describe, expect, it } from 'vitest';
import { energyJ, joulesToKWh, operationalG } from '../../../src/core/energy.js';
import { annualIntensity, isKnownCountry } from '../../../src/core/intensity.js';

describe('energy and operational carbon', () => {
  it('ART-1: 0.182 kW over 40 min 49 s is 0.1235 kWh', () => {
    expect(joulesToKWh(energyJ(181.549, 2449))).toBeCloseTo(0.1235, 4);
  });
  it('ART-1: 0.1235 kWh × 487 gCO2e/kWh = 60.15 g', () => {
    expect(operationalG(0.1235036, 487)).toBeCloseTo(60.15, 2);
  });
  it('zero duration is zero energy', () => {
    expect(energyJ(100, 0)).toBe(0);
  });
  it('converts joules to kWh (1 kWh = 3.6 MJ)', () => {
    expect(joulesToKWh(3_600_000)).toBe(1);
    expect(joulesToKWh(900_000)).toBe(0.25);
  });
  it('refuses negative power, duration or intensity', () => {
    expect(() => energyJ(-1, 1)).toThrow(/power/);
    expect(() => energyJ(1, -1)).toThrow(/duration/);
    expect(() => operationalG(1, -5)).toThrow(/intensity/);
  });
});

describe('annual intensity (@tgwf/co2 0.19.0 average data)', () => {
  it('reads a country by ISO alpha-3, case-insensitive', () => {
    // @tgwf/co2 0.19.0 dist/esm/data/average-intensities.min.js: "NLD": 252.7, "FRA": 44.18
    expect(annualIntensity('NLD').intensityGPerKWh).toBe(252.7);
    expect(annualIntensity('fra').intensityGPerKWh).toBe(44.18);
    expect(annualIntensity('fra').country).toBe('FRA');
    expect(annualIntensity('FRA').isWorldFallback).toBe(false);
  });
  it('falls back to WORLD (472.94 in the same file) and says so', () => {
    const unknown = annualIntensity('XYZ');
    expect(unknown.intensityGPerKWh).toBe(472.94);
    expect(unknown.isWorldFallback).toBe(true);
    expect(unknown.detail).toMatch(/no data for XYZ/);
    expect(annualIntensity(null).country).toBe('WORLD');
    expect(annualIntensity('WORLD').isWorldFallback).toBe(false);
  });
  it('knows the countries it has', () => {
    expect(isKnownCountry('deu')).toBe(true);
    expect(isKnownCountry('XYZ')).toBe(false);
  });
});
