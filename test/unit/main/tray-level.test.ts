// The tray's colour bands and its view of a reading (its text is the shared formatGPerHShort).
import { describe, expect, it } from 'vitest';
import { bandOf, bandRgb, TRAY_BANDS, trayView, UNKNOWN_RGB } from '../../../src/main/tray-level.js';

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
