// The one set of unit formatters of the popup, the CLI and the tray: units by magnitude, digits, floors, dashes.
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatDuration,
  formatEnergy,
  formatGPerH,
  formatGPerHShort,
  formatGrams,
  formatIntensity,
  formatKm,
  formatNumber,
  formatPercent,
  formatRamTime,
  formatRatio,
  formatWatts,
  formatYears,
} from '../../../src/shared/format.js';
import { powerSourceLabel } from '../../../src/shared/labels.js';

describe('formatGrams', () => {
  it('picks the largest of µg, mg, g, kg, t the mass is at least one of, with three significant digits', () => {
    expect(formatGrams(0)).toBe('0 g');
    expect(formatGrams(0.0000123)).toBe('12.3 µg');
    expect(formatGrams(0.000123)).toBe('123 µg');
    expect(formatGrams(0.0123)).toBe('12.3 mg');
    expect(formatGrams(0.5204)).toBe('520 mg');
    expect(formatGrams(12.345)).toBe('12.3 g');
    expect(formatGrams(60.3)).toBe('60.3 g');
    expect(formatGrams(999.4)).toBe('999 g');
    expect(formatGrams(1240)).toBe('1.24 kg');
    // ART-1: 22.0 kgCO2e per year.
    expect(formatGrams(22_000)).toBe('22.0 kg');
    expect(formatGrams(1.5e6)).toBe('1.50 t');
    expect(formatGrams(3_100_000)).toBe('3.10 t');
  });

  it('moves to the next unit when rounding reaches it, and keeps every whole digit of the largest', () => {
    expect(formatGrams(999.6)).toBe('1.00 kg');
    expect(formatGrams(0.99996)).toBe('1.00 g');
    expect(formatGrams(9.996)).toBe('10.0 g');
    expect(formatGrams(12_345e6)).toBe('12345 t');
  });

  it('values too small for three digits of the smallest unit read as "< 0.001 unit", not a row of zeros', () => {
    // CI run of 2026-11-23: an exited app's row printed '0.000000264 µg' and '0.0000000000023 %',
    // which pushed the APP column of `carbon-tray top` down to 8 characters.
    expect(formatGrams(2.64e-13)).toBe('< 0.001 µg');
    expect(formatGrams(-2.64e-13)).toBe('> -0.001 µg');
    expect(formatGrams(1e-9)).toBe('0.00100 µg');
    expect(formatWatts(2.44e-13)).toBe('< 0.001 µW');
    expect(formatPercent(2.3e-14)).toBe('< 0.01 %');
    expect(formatPercent(0.0001)).toBe('0.010 %');
  });
});

describe('rates', () => {
  it('formats g/h with the unit rule of grams, and a dash for a figure not known yet', () => {
    expect(formatGPerH(28.54)).toBe('28.5 g/h');
    expect(formatGPerH(0.976)).toBe('976 mg/h');
    expect(formatGPerH(null)).toBe('—');
    expect(formatGPerH(Number.NaN)).toBe('—');
  });

  it("the tray's short form keeps two significant digits: one decimal below 10 g/h, whole grams, then kg", () => {
    expect(formatGPerHShort(0)).toBe('0 g/h');
    expect(formatGPerHShort(4.26)).toBe('4.3 g/h');
    // 9.96 rounds to 10.0 with one decimal, so it is shown as whole grams instead.
    expect(formatGPerHShort(9.96)).toBe('10 g/h');
    expect(formatGPerHShort(12.49)).toBe('12 g/h');
    expect(formatGPerHShort(999.4)).toBe('999 g/h');
    expect(formatGPerHShort(999.6)).toBe('1.0 kg/h');
    expect(formatGPerHShort(2345)).toBe('2.3 kg/h');
    expect(formatGPerHShort(0.42)).toBe('420 mg/h');
  });

  it("the tray's short form shows a dash with its unit before the first reading and clamps negative noise to 0", () => {
    expect(formatGPerHShort(null)).toBe('— g/h');
    expect(formatGPerHShort(Number.NaN)).toBe('— g/h');
    expect(formatGPerHShort(-0.01)).toBe('0 g/h');
  });
});

describe('power and energy', () => {
  it('formats watts from µW to kW', () => {
    expect(formatWatts(0)).toBe('0 W');
    expect(formatWatts(4.2e-5)).toBe('42.0 µW');
    expect(formatWatts(0.25)).toBe('250 mW');
    expect(formatWatts(23.44)).toBe('23.4 W');
    expect(formatWatts(159.5)).toBe('160 W');
    expect(formatWatts(1500)).toBe('1.50 kW');
  });

  it('formats energy from joules in watt-hours, the unit on the electricity bill', () => {
    expect(formatEnergy(0)).toBe('0 Wh');
    // 32.56 J = 9.044 mWh; 7200 J = 2 Wh; 0.1235 kWh = 444,600 J (case ART-1, docs/ARCHITECTURE.md).
    expect(formatEnergy(32.56)).toBe('9.04 mWh');
    expect(formatEnergy(7200)).toBe('2.00 Wh');
    expect(formatEnergy(444_600)).toBe('124 Wh');
    expect(formatEnergy(3.6e6 * 2.5)).toBe('2.50 kWh');
    expect(formatEnergy(0.0036)).toBe('1.00 µWh');
    expect(formatEnergy(1e-9)).toBe('< 0.001 µWh');
  });
});

describe('formatDuration', () => {
  it('reads ms and s under a minute, SI-spaced, three significant digits', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.35)).toBe('350 ms');
    expect(formatDuration(0.85)).toBe('850 ms');
    expect(formatDuration(0.9996)).toBe('1.00 s');
    expect(formatDuration(2.345)).toBe('2.35 s');
    expect(formatDuration(12.34)).toBe('12.3 s');
    expect(formatDuration(2e-7)).toBe('< 0.001 ms');
  });

  it('then counts minutes and seconds, hours and minutes, days and hours', () => {
    expect(formatDuration(62.3)).toBe('1 min 2.3 s');
    // ART-1: 40 min 49 s = 2449 s.
    expect(formatDuration(2449)).toBe('40 min 49.0 s');
    expect(formatDuration(7380)).toBe('2 h 3 min');
    expect(formatDuration(7560)).toBe('2 h 6 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600)).toBe('3 d 4 h');
    expect(formatDuration(-2.5)).toBe('-2.50 s');
  });

  it('rounds before it splits, so a carry never shows 60 of a unit', () => {
    expect(formatDuration(59.97)).toBe('1 min 0.0 s');
    expect(formatDuration(119.97)).toBe('2 min 0.0 s');
    expect(formatDuration(3599.97)).toBe('1 h 0 min');
    expect(formatDuration(86_399)).toBe('1 d 0 h');
  });
});

describe('memory', () => {
  it('uses decimal units, like BYTES_PER_GB in src/core, with whole bytes below 1 kB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(210e6)).toBe('210 MB');
    expect(formatBytes(512e6)).toBe('512 MB');
    // ART-1: 5.015 GB resident; 5.015 rounds up, as a person reads it.
    expect(formatBytes(5.015e9)).toBe('5.02 GB');
  });

  it('formats RAM time in byte-hours', () => {
    // 2 GB resident for 1 h = 7.2e12 byte-seconds.
    expect(formatRamTime(7.2e12)).toBe('2.00 GB·h');
    expect(formatRamTime(1.8e12)).toBe('500 MB·h');
    expect(formatRamTime(0)).toBe('0 B·h');
  });
});

describe('distance', () => {
  it('formats the car equivalent from km to mm, with a floor instead of a row of zeros', () => {
    // Case ART-1 (docs/ARCHITECTURE.md): 21.97 kg a year / 122 g/km = 180 km; 60.15 g per run = 493 m.
    expect(formatKm(21_970 / 122)).toBe('180 km');
    expect(formatKm(60.15 / 122)).toBe('493 m');
    // A 1 mg job: 1e-3 g / 122 g/km = 8.20e-6 km = 8.20 mm; a nanogram is below the floor.
    expect(formatKm(1e-3 / 122)).toBe('8.20 mm');
    expect(formatKm(1e-9 / 122)).toBe('< 0.001 mm');
    expect(formatKm(0)).toBe('0 km');
  });
});

describe('plain figures', () => {
  it('formats percentages whole from 10 %, with two significant digits below', () => {
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(0.4567)).toBe('46 %');
    expect(formatPercent(0.4234)).toBe('42 %');
    expect(formatPercent(0.0456)).toBe('4.6 %');
    expect(formatPercent(0.0312)).toBe('3.1 %');
    expect(formatPercent(0.0996)).toBe('10 %');
    expect(formatPercent(2)).toBe('200 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('formats plain numbers, ratios and intensity with three significant digits, no thousands separator', () => {
    expect(formatNumber(0.004567)).toBe('0.00457');
    expect(formatNumber(0.5)).toBe('0.500');
    expect(formatNumber(12_345.6)).toBe('12346');
    expect(formatNumber(0)).toBe('0');
    expect(formatRatio(2.0349)).toBe('2.03×');
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatIntensity(487.4)).toBe('487 g/kWh');
    expect(formatIntensity(56)).toBe('56.0 g/kWh');
  });

  it('formats years without trailing zeros, since a lifetime is typed as a whole number', () => {
    expect(formatYears(4)).toBe('4 y');
    expect(formatYears(2.534)).toBe('2.53 y');
  });

  it('says how long ago', () => {
    expect(formatAgo(1200)).toBe('just now');
    expect(formatAgo(12_000)).toBe('12 s ago');
    expect(formatAgo(180_000)).toBe('3 min ago');
  });

  it('names the power source', () => {
    expect(powerSourceLabel('model')).toBe('modelled');
    expect(powerSourceLabel('rapl')).toBe('measured (RAPL)');
    expect(powerSourceLabel('battery')).toBe('measured (battery)');
  });
});
