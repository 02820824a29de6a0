import { describe, expect, it } from 'vitest';
import {
  bandOf,
  bandRgb,
  formatGPerH,
  TRAY_BANDS,
  trayView,
  UNKNOWN_RGB,
} from '../../../src/main/tray-level.js';

describe('formatGPerH', () => {
  it('keeps one decimal below 10 g/h, whole grams below 1000, then kg', () => {
    expect(formatGPerH(0)).toBe('0.0 g/h');
    expect(formatGPerH(4.26)).toBe('4.3 g/h');
    // 9.96 rounds to 10.0 with one decimal, so it is shown as whole grams instead.
    expect(formatGPerH(9.96)).toBe('10 g/h');
    expect(formatGPerH(12.49)).toBe('12 g/h');
    expect(formatGPerH(999.4)).toBe('999 g/h');
    expect(formatGPerH(999.6)).toBe('1.0 kg/h');
    expect(formatGPerH(2345)).toBe('2.3 kg/h');
  });

  it('shows a dash before the first reading and clamps negative noise to zero', () => {
    expect(formatGPerH(null)).toBe('– g/h');
    expect(formatGPerH(Number.NaN)).toBe('– g/h');
    expect(formatGPerH(-0.01)).toBe('0.0 g/h');
  });
});

describe('bandOf', () => {
  it('puts each figure in the band whose limit it is below (limits 10, 30, 80 g/h)', () => {
    expect(bandOf(0)).toBe('low');
    expect(bandOf(9.99)).toBe('low');
    expect(bandOf(10)).toBe('moderate');
    expect(bandOf(29.9)).toBe('moderate');
    expect(bandOf(30)).toBe('high');
    expect(bandOf(80)).toBe('very-high');
    expect(bandOf(1e6)).toBe('very-high');
    expect(bandOf(null)).toBe('unknown');
    expect(bandOf(Number.POSITIVE_INFINITY)).toBe('unknown');
  });

  it('gives every band its own colour and unknown the neutral grey', () => {
    const colours = new Set(TRAY_BANDS.map((b) => bandRgb(b.band).join(',')));
    expect(colours.size).toBe(TRAY_BANDS.length);
    expect(bandRgb('unknown')).toEqual(UNKNOWN_RGB);
  });
});

describe('trayView', () => {
  it('marks a paused reading in the text and tooltip and greys the band', () => {
    const view = trayView(12.3, true);
    expect(view.text).toBe('12 g/h ⏸');
    expect(view.band).toBe('unknown');
    expect(view.tooltip).toBe('CarbonTray: 12 g/h CO2e now (paused)');
  });
});
