// The popup's number formatting: units chosen by magnitude, three significant digits, no exponents.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  formatEnergy,
  formatGPerH,
  formatGrams,
  formatIntensity,
  formatPercent,
  formatRamTime,
  formatWatts,
  formatYears,
  powerSourceLabel,
} from '../../../renderer/format.js';

describe('formatGrams', () => {
  it('picks mg, g, kg or t', () => {
    expect(formatGrams(0)).toBe('0 g');
    expect(formatGrams(0.000123)).toBe('0.123 mg');
    expect(formatGrams(0.5204)).toBe('520 mg');
    expect(formatGrams(12.345)).toBe('12.3 g');
    expect(formatGrams(999.4)).toBe('999 g');
    expect(formatGrams(1240)).toBe('1.24 kg');
    expect(formatGrams(3_100_000)).toBe('3.1 t');
  });

  it('goes down to µg, and below a thousandth of a µg says so instead of printing a row of zeros', () => {
    expect(formatGrams(0.0000123)).toBe('12.3 µg');
    // An exited app's row in a CI run of 2026-11-23: 2.64e-13 g/h.
    expect(formatGrams(2.64e-13)).toBe('< 0.001 µg');
    expect(formatWatts(4.2e-5)).toBe('42 µW');
    expect(formatWatts(2.44e-13)).toBe('< 0.001 µW');
    expect(formatPercent(2.3e-14)).toBe('< 0.01 %');
    expect(formatPercent(0.0001)).toBe('0.01 %');
  });

  it('formats rates, with a dash for a figure not known yet', () => {
    expect(formatGPerH(28.54)).toBe('28.5 g/h');
    expect(formatGPerH(null)).toBe('—');
  });
});

describe('other units', () => {
  it('formats power, energy and intensity', () => {
    expect(formatWatts(0.42)).toBe('420 mW');
    expect(formatWatts(23.44)).toBe('23.4 W');
    expect(formatWatts(1500)).toBe('1.5 kW');
    // 7200 J = 2 Wh; 0.1235 kWh = 444,600 J (REFERENCE.md ART-1).
    expect(formatEnergy(7200)).toBe('2 Wh');
    expect(formatEnergy(444_600)).toBe('124 Wh');
    expect(formatEnergy(3.6e6 * 2.5)).toBe('2.5 kWh');
    expect(formatIntensity(487.4)).toBe('487 g/kWh');
  });

  it('formats durations, memory and RAM time', () => {
    expect(formatDuration(0.35)).toBe('350 ms');
    expect(formatDuration(12.34)).toBe('12.3 s');
    // 40 min 49 s = 2449 s (REFERENCE.md ART-1).
    expect(formatDuration(2449)).toBe('40.8 min');
    expect(formatDuration(7560)).toBe('2.1 h');
    expect(formatBytes(5.015e9)).toBe('5.02 GB');
    expect(formatBytes(512e6)).toBe('512 MB');
    // 2 GB resident for 1 h = 7.2e12 byte-seconds.
    expect(formatRamTime(7.2e12)).toBe('2 GB·h');
    expect(formatRamTime(1.8e12)).toBe('500 MB·h');
  });

  it('formats fractions, years and the power source', () => {
    expect(formatPercent(0.4234)).toBe('42 %');
    expect(formatPercent(0.0312)).toBe('3.12 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatYears(4)).toBe('4 y');
    expect(formatYears(null)).toBe('unknown');
    expect(powerSourceLabel('model')).toBe('modelled');
    expect(powerSourceLabel('rapl')).toBe('measured (RAPL)');
  });
});
