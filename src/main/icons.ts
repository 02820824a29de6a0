// The CarbonTray icons as pure drawings: the level-coloured tray icon, the macOS template icon and the app icon.
import { rasterize, type Rgba, type RgbaBitmap } from './bitmap.js';
import { bandRgb, TRAY_BANDS, type TrayBand } from './tray-level.js';

/** Radius of the tray disc, as a fraction of the icon size (leaves a 1 px margin at 16 px). */
const DISC_R = 0.44;
/** Width of the disc's outline. */
const OUTLINE = 0.1;

const hypot = (u: number, v: number, cu: number, cv: number): number => Math.hypot(u - cu, v - cv);

/** Darkens a colour to `factor` of its value (the outline of the disc). */
function shade(rgb: readonly [number, number, number], factor: number): Rgba {
  return [Math.round(rgb[0] * factor), Math.round(rgb[1] * factor), Math.round(rgb[2] * factor), 255];
}

/**
 * The Linux/Windows tray icon: a disc filled with the colour of the g/h band, with a darker outline so it
 * stands out on light and dark panels.
 */
export function drawTrayIcon(sizePx: number, band: TrayBand): RgbaBitmap {
  const rgb = bandRgb(band);
  const fill: Rgba = [rgb[0], rgb[1], rgb[2], 255];
  const outline = shade(rgb, 0.55);
  return rasterize(sizePx, (u, v) => {
    const r = hypot(u, v, 0.5, 0.5);
    if (r > DISC_R) return null;
    return r > DISC_R - OUTLINE ? outline : fill;
  });
}

/** The macOS template icon (black and alpha only; macOS tints it for light and dark menu bars): a ring and a dot. */
export function drawTemplateIcon(sizePx: number): RgbaBitmap {
  const black: Rgba = [0, 0, 0, 255];
  return rasterize(sizePx, (u, v) => {
    const r = hypot(u, v, 0.5, 0.5);
    if (r <= DISC_R && r > DISC_R - 0.12) return black;
    if (r <= 0.14) return black;
    return null;
  });
}

/** Start and sweep of the app icon's gauge, in radians (a 240° dial opening downwards). */
const GAUGE_START = (210 * Math.PI) / 180;
const GAUGE_SWEEP = (240 * Math.PI) / 180;

/**
 * The app icon: a dark rounded square with a gauge whose four segments are the tray bands, low to very high,
 * and a needle pointing into the low band.
 */
export function drawAppIcon(sizePx: number): RgbaBitmap {
  const background: Rgba = [23, 32, 42, 255];
  const needle: Rgba = [240, 246, 252, 255];
  const segments = TRAY_BANDS.map((b) => [b.rgb[0], b.rgb[1], b.rgb[2], 255] as Rgba);
  const cu = 0.5;
  const cv = 0.56;
  const needleAngle = GAUGE_START - GAUGE_SWEEP * 0.14;
  return rasterize(sizePx, (u, v) => {
    const corner = 0.2;
    const du = Math.max(Math.abs(u - 0.5) - (0.5 - corner), 0);
    const dv = Math.max(Math.abs(v - 0.5) - (0.5 - corner), 0);
    if (Math.hypot(du, dv) > corner) return null;
    const r = hypot(u, v, cu, cv);
    // Angle measured counter-clockwise from the right, with v pointing down.
    const angle = Math.atan2(cv - v, u - cu);
    const fromStart = (GAUGE_START - angle + 4 * Math.PI) % (2 * Math.PI);
    if (r >= 0.25 && r <= 0.36 && fromStart <= GAUGE_SWEEP) {
      const index = Math.min(segments.length - 1, Math.floor((fromStart / GAUGE_SWEEP) * segments.length));
      return segments[index] ?? background;
    }
    if (r <= 0.06) return needle;
    const along = (u - cu) * Math.cos(needleAngle) - (v - cv) * Math.sin(needleAngle);
    const across = (u - cu) * Math.sin(needleAngle) + (v - cv) * Math.cos(needleAngle);
    if (along >= 0 && along <= 0.24 && Math.abs(across) <= 0.022) return needle;
    return background;
  });
}
