// Decides what the tray draws for each snapshot and redraws only what changed (no Electron; tested with a fake).
import type { TrayBand, TrayView } from './tray-level.js';
import { trayView } from './tray-level.js';

/** Where the tray's pieces go; the Electron adapter sets the Tray's title, image and tooltip. */
export interface TrayOutput {
  /** macOS shows the figure as text next to the icon. */
  setTitle(text: string): void;
  /** Linux and Windows show the figure as the colour of the icon. */
  setBand(band: TrayBand): void;
  setTooltip(text: string): void;
}

/**
 * Turns readings into tray updates. Each piece is set only when it differs from what is shown, so a steady
 * reading causes no redraw (no flicker) and the icon is re-rendered only when the band changes.
 */
export class TrayPresenter {
  private shown: TrayView | null = null;

  constructor(
    private readonly output: TrayOutput,
    /** True on macOS, where the figure is the title text; elsewhere it is the icon colour. */
    private readonly useTitle: boolean,
  ) {}

  /** Shows a reading (`null` before the first snapshot). */
  show(gPerH: number | null, paused: boolean): void {
    const next = trayView(gPerH, paused);
    const previous = this.shown;
    if (this.useTitle && previous?.text !== next.text) this.output.setTitle(next.text);
    if (!this.useTitle && previous?.band !== next.band) this.output.setBand(next.band);
    if (previous?.tooltip !== next.tooltip) this.output.setTooltip(next.tooltip);
    this.shown = next;
  }
}
