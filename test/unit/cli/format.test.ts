// Human formatting of grams, durations, bytes, energy, ratios and percentages.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatEnergy,
  formatGrams,
  formatNumber,
  formatPercent,
  formatPower,
  formatRatio,
} from '../../../src/cli/format.js';

describe('format', () => {
  it('grams pick µg, mg, g, kg or t with three significant digits', () => {
    expect(formatGrams(0)).toBe('0 g');
    expect(formatGrams(0.0000123)).toBe('12.3 µg');
    expect(formatGrams(0.0123)).toBe('12.3 mg');
    expect(formatGrams(60.3)).toBe('60.3 g');
    // ART-1: 22.0 kgCO2e per year.
    expect(formatGrams(22_000)).toBe('22.0 kg');
    expect(formatGrams(1.5e6)).toBe('1.50 t');
  });

  it('durations read as ms, s, m s, h m, d h', () => {
    expect(formatDuration(0.85)).toBe('850 ms');
    expect(formatDuration(2.345)).toBe('2.35s');
    expect(formatDuration(62.3)).toBe('1m 2.3s');
    // ART-1: 40 min 49 s.
    expect(formatDuration(2449)).toBe('40m 49.0s');
    expect(formatDuration(7380)).toBe('2h 03m');
    expect(formatDuration(3 * 86_400 + 4 * 3600)).toBe('3d 4h');
  });

  it('bytes use decimal units, like BYTES_PER_GB in src/core', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(210e6)).toBe('210 MB');
    // ART-1: 5.015 GB resident (toFixed rounds the binary 5.01499… down).
    expect(formatBytes(5.015e9)).toBe('5.01 GB');
  });

  it('energy goes from J to kWh at 3.6 MJ', () => {
    expect(formatEnergy(0.5)).toBe('500 mJ');
    expect(formatEnergy(33.17)).toBe('33.2 J');
    expect(formatEnergy(12_500)).toBe('12.5 kJ');
    // ART-1: 0.1235 kWh is still below 1 kWh.
    expect(formatEnergy(0.1235 * 3.6e6)).toBe('445 kJ');
    expect(formatEnergy(2.5 * 3.6e6)).toBe('2.50 kWh');
  });

  it('power, plain numbers, ratios and percentages', () => {
    expect(formatPower(0.25)).toBe('250 mW');
    expect(formatPower(159.5)).toBe('160 W');
    expect(formatNumber(0.004567)).toBe('0.00457');
    expect(formatNumber(12_345.6)).toBe('12346');
    expect(formatRatio(2.0349)).toBe('2.03×');
    expect(formatRatio(null)).toBe('—');
    expect(formatPercent(0.4567)).toBe('46 %');
    expect(formatPercent(0.0456)).toBe('4.6 %');
  });

  it('values too small for three digits of the smallest unit read as "< 0.001 unit", not a row of zeros', () => {
    // CI run of 2026-11-23: an exited app's row printed '0.000000264 µg' and '0.0000000000023 %',
    // which pushed the APP column of `carbon-tray top` down to 8 characters.
    expect(formatGrams(2.64e-13)).toBe('< 0.001 µg');
    expect(formatGrams(1e-9)).toBe('0.00100 µg');
    expect(formatPercent(2.3e-14)).toBe('< 0.01 %');
    expect(formatPercent(0.0001)).toBe('0.010 %');
    expect(formatPower(2.44e-13)).toBe('< 0.001 µW');
    expect(formatPower(4.2e-5)).toBe('42.0 µW');
    expect(formatPower(1500)).toBe('1.50 kW');
  });
});
