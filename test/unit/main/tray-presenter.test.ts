import { describe, expect, it } from 'vitest';
import type { TrayBand } from '../../../src/main/tray-level.js';
import { TrayPresenter, type TrayOutput } from '../../../src/main/tray-presenter.js';

function recorder(): TrayOutput & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    setTitle: (text: string) => calls.push(`title ${text}`),
    setBand: (band: TrayBand) => calls.push(`band ${band}`),
    setTooltip: (text: string) => calls.push(`tooltip ${text}`),
  };
}

describe('TrayPresenter', () => {
  it('on Linux/Windows sets the icon band and tooltip, and never a title', () => {
    const out = recorder();
    const presenter = new TrayPresenter(out, false);
    presenter.show(null, false);
    presenter.show(4.2, false);
    expect(out.calls).toEqual([
      'band unknown',
      'tooltip CarbonTray: — g/h CO2e now',
      'band low',
      'tooltip CarbonTray: 4.2 g/h CO2e now',
    ]);
  });

  it('does not redraw for readings that display the same (no flicker)', () => {
    const out = recorder();
    const presenter = new TrayPresenter(out, false);
    presenter.show(12.2, false);
    out.calls.length = 0;
    presenter.show(12.4, false);
    presenter.show(11.6, false);
    expect(out.calls).toEqual([]);
    // Same band (10..30 g/h), new number: only the tooltip changes, the icon is not re-rendered.
    presenter.show(25, false);
    expect(out.calls).toEqual(['tooltip CarbonTray: 25 g/h CO2e now']);
  });

  it('re-renders the icon only when the band changes', () => {
    const out = recorder();
    const presenter = new TrayPresenter(out, false);
    for (const g of [5, 6, 7, 15, 16, 90, 95, 2]) presenter.show(g, false);
    expect(out.calls.filter((c) => c.startsWith('band'))).toEqual([
      'band low',
      'band moderate',
      'band very-high',
      'band low',
    ]);
  });

  it('on macOS sets the title text, and never an icon band', () => {
    const out = recorder();
    const presenter = new TrayPresenter(out, true);
    presenter.show(42.4, false);
    presenter.show(42.1, false);
    presenter.show(42.1, true);
    expect(out.calls).toEqual([
      'title 42 g/h',
      'tooltip CarbonTray: 42 g/h CO2e now',
      'title 42 g/h ⏸',
      'tooltip CarbonTray: 42 g/h CO2e now (paused)',
    ]);
  });
});
