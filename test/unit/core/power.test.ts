import { describe, expect, it } from 'vitest';
import { DEVICE_CLASS_DEFAULTS, MEMORY_W_PER_GB } from '../../../src/core/defaults.js';
import {
  classTdpW,
  cpuFraction,
  cpuPowerFromCoresW,
  cpuPowerW,
  memoryPowerFromBytesW,
  memoryPowerW,
  withPue,
} from '../../../src/core/power.js';

describe('CPU power models', () => {
  it('linear: usage × TDP reproduces ART-1 (1.0047 × 158.75 W = 159.5 W)', () => {
    expect(cpuPowerW('linear', 158.75, 1.0047)).toBeCloseTo(159.5, 1);
  });

  it.each([
    [0, 0.12],
    [0.1, 0.32],
    [0.5, 0.75],
    [1, 1.02],
  ])('teads: f(%d) = %d (case TEADS, docs/ARCHITECTURE.md)', (u, fraction) => {
    expect(cpuFraction('teads', u)).toBeCloseTo(fraction, 12);
  });

  it('teads interpolates linearly between points: f(0.3) = (0.32 + 0.75) / 2', () => {
    expect(cpuFraction('teads', 0.3)).toBeCloseTo(0.535, 12);
  });

  it('teads extrapolates the last segment slightly above 1', () => {
    // slope of the 0.5→1 segment is (1.02 − 0.75) / 0.5 = 0.54 per unit
    expect(cpuFraction('teads', 1.1)).toBeCloseTo(1.02 + 0.054, 12);
  });

  it('teads: TDP 300 W at 50 % for 1 h is 0.225 kWh (case TEADS, docs/ARCHITECTURE.md)', () => {
    expect((cpuPowerW('teads', 300, 0.5) * 1) / 1000).toBeCloseTo(0.225, 12);
  });

  it.each([
    [0, 0.1],
    [0.5, 0.1 + 0.9 * 0.125],
    [1, 1],
  ])('codecarbon: f(%d) = 0.1 + 0.9 u³ = %d (docs/ARCHITECTURE.md)', (u, fraction) => {
    expect(cpuFraction('codecarbon', u)).toBeCloseTo(fraction, 12);
  });

  it('linear is 0 at 0 use and TDP at full use', () => {
    expect(cpuPowerW('linear', 65, 0)).toBe(0);
    expect(cpuPowerW('linear', 65, 1)).toBe(65);
  });

  it('per core: W per core × cores used (Green Algorithms)', () => {
    expect(cpuPowerFromCoresW(12, 2.5)).toBe(30);
  });

  it('refuses negative utilisation, TDP or cores', () => {
    expect(() => cpuFraction('linear', -0.1)).toThrow(/utilisation/);
    expect(() => cpuPowerW('teads', -1, 0.5)).toThrow(/TDP/);
    expect(() => cpuPowerFromCoresW(12, -1)).toThrow(/cores used/);
    expect(() => cpuFraction('teads', Number.NaN)).toThrow(/utilisation/);
  });
});

describe('memory, PUE and class defaults', () => {
  it('memory: 5.015 GB × 0.375 W/GB = 1.88 W (ART-1)', () => {
    expect(memoryPowerW(5.015, MEMORY_W_PER_GB)).toBeCloseTo(1.88, 2);
  });
  it('memory from bytes: 8 GB is 3 W (the seed article: 3 W per 8 GB)', () => {
    expect(memoryPowerFromBytesW(8e9, MEMORY_W_PER_GB)).toBeCloseTo(3, 12);
  });
  it('PUE multiplies power: (159.5 + 1.88) × 1.125 = 181.55 W (ART-1)', () => {
    expect(withPue(159.496125 + 1.880625, 1.125)).toBeCloseTo(181.549, 3);
  });
  it('PUE below 1 is refused', () => {
    expect(() => withPue(10, 0.9)).toThrow(/PUE/);
  });
  it('class TDP: laptop 28 W, desktop 65 W, server 12 W per core (docs/ARCHITECTURE.md)', () => {
    expect(classTdpW('laptop', 8).tdpW).toBe(28);
    expect(classTdpW('desktop', 8).tdpW).toBe(65);
    expect(classTdpW('server', 32).tdpW).toBe(384);
    expect(classTdpW('server', 32).note).toMatch(/12 W per core/);
  });
  it('class embodied defaults: laptop 180 kg, desktop 277 + 65 kg, server 950 kg (Boavizta defaults)', () => {
    expect(DEVICE_CLASS_DEFAULTS.laptop.embodiedKg).toBe(180);
    expect(DEVICE_CLASS_DEFAULTS.desktop.embodiedKg).toBe(342);
    expect(DEVICE_CLASS_DEFAULTS.server.embodiedKg).toBe(950);
    expect(DEVICE_CLASS_DEFAULTS.desktop.lifetimeYears).toBe(6);
  });
});
