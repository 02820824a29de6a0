// A tiny anti-aliased rasterizer for the icons: shapes are functions of normalised coordinates.

/** A straight (non-premultiplied) RGBA bitmap, rows top to bottom, 4 bytes per pixel. */
export interface RgbaBitmap {
  widthPx: number;
  heightPx: number;
  rgba: Uint8Array;
}

/** An sRGB colour with alpha, each 0..255. */
export type Rgba = readonly [number, number, number, number];

/** The colour at normalised coordinates (u right, v down, both 0..1), or `null` where the shape is empty. */
export type Shader = (u: number, v: number) => Rgba | null;

/**
 * Renders a shader at `sizePx` × `sizePx`, averaging `samples` × `samples` points per pixel so edges are
 * anti-aliased at 16 px as well as at 1024 px.
 */
export function rasterize(sizePx: number, shade: Shader, samples = 4): RgbaBitmap {
  if (!Number.isInteger(sizePx) || sizePx < 1)
    throw new RangeError(`icon size must be a whole number of pixels ≥ 1, got ${sizePx}`);
  const rgba = new Uint8Array(sizePx * sizePx * 4);
  const n = samples * samples;
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((x + (sx + 0.5) / samples) / sizePx, (y + (sy + 0.5) / samples) / sizePx);
          if (c === null) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (y * sizePx + x) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round(a / n);
      }
    }
  }
  return { widthPx: sizePx, heightPx: sizePx, rgba };
}
