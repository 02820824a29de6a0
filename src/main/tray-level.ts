// What the tray shows for a g CO2e/h figure: the colour band, and the short text from the shared formatter.
import { formatGPerHShort } from '../shared/format.js';

/** A colour band of the tray icon; `unknown` until the first snapshot arrives. */
export type TrayBand = 'unknown' | 'low' | 'moderate' | 'high' | 'very-high';

/** One band: figures below `belowGPerH` (and at or above the previous band's limit) fall in it. */
export interface TrayBandLimit {
  band: Exclude<TrayBand, 'unknown'>;
  belowGPerH: number;
  /** Colour of the band, sRGB. */
  rgb: readonly [number, number, number];
}

/**
 * The bands, in order. The limits are a laptop at rest (~10 W × ~400 g/kWh ≈ 4 g/h plus ~5 g/h embodied,
 * the class defaults of src/core/defaults.ts), a busy laptop or idle desktop (~30 g/h), a busy desktop (~80 g/h), and above.
 */
export const TRAY_BANDS: readonly TrayBandLimit[] = [
  { band: 'low', belowGPerH: 10, rgb: [46, 160, 67] },
  { band: 'moderate', belowGPerH: 30, rgb: [210, 153, 34] },
  { band: 'high', belowGPerH: 80, rgb: [219, 109, 40] },
  { band: 'very-high', belowGPerH: Number.POSITIVE_INFINITY, rgb: [207, 34, 46] },
];

/** Neutral grey for `unknown`. */
export const UNKNOWN_RGB: readonly [number, number, number] = [139, 148, 158];

/** The band of a figure; `null` or a non-finite figure is `unknown`. */
export function bandOf(gPerH: number | null): TrayBand {
  if (gPerH === null || !Number.isFinite(gPerH)) return 'unknown';
  const limit = TRAY_BANDS.find((b) => gPerH < b.belowGPerH);
  return limit ? limit.band : 'very-high';
}

/** The sRGB colour of a band. */
export function bandRgb(band: TrayBand): readonly [number, number, number] {
  return TRAY_BANDS.find((b) => b.band === band)?.rgb ?? UNKNOWN_RGB;
}

/** Everything the tray displays for one reading. */
export interface TrayView {
  /** Title text (macOS) and the number in the tooltip. */
  text: string;
  band: TrayBand;
  tooltip: string;
}

/** The tray's view of a reading. `paused` is shown in the tooltip and title so a frozen number is not misread. */
export function trayView(gPerH: number | null, paused: boolean): TrayView {
  const text = formatGPerHShort(gPerH);
  const state = paused ? ' (paused)' : '';
  return {
    text: paused ? `${text} ⏸` : text,
    band: paused ? 'unknown' : bandOf(gPerH),
    tooltip: `CarbonTray: ${text} CO2e now${state}`,
  };
}
