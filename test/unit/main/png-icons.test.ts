import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rasterize, type Rgba, type RgbaBitmap } from '../../../src/main/bitmap.js';
import { drawAppIcon, drawTemplateIcon, drawTrayIcon } from '../../../src/main/icons.js';
import { encodePng } from '../../../src/main/png.js';
import { bandRgb, TRAY_BANDS } from '../../../src/main/tray-level.js';

function pixelAt(bitmap: RgbaBitmap, x: number, y: number): Rgba {
  const i = (y * bitmap.widthPx + x) * 4;
  const p = bitmap.rgba;
  return [p[i] ?? 0, p[i + 1] ?? 0, p[i + 2] ?? 0, p[i + 3] ?? 0];
}

/** Splits a PNG into its chunks (PNG spec section 5.3: length, type, data, CRC). */
function chunks(png: Buffer): { type: string; data: Buffer; crc: number }[] {
  const out = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    out.push({
      type: png.toString('latin1', at + 4, at + 8),
      data: png.subarray(at + 8, at + 8 + length),
      crc: png.readUInt32BE(at + 8 + length),
    });
    at += 12 + length;
  }
  return out;
}

describe('encodePng', () => {
  const bitmap = rasterize(3, (u) => (u < 0.5 ? [255, 0, 0, 255] : null), 1);
  const png = encodePng(bitmap);

  it('writes the PNG signature, an RGBA8 header and an IEND with its fixed CRC', () => {
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [ihdr, , iend] = chunks(png);
    expect(ihdr?.type).toBe('IHDR');
    expect(ihdr?.data.readUInt32BE(0)).toBe(3);
    expect(ihdr?.data.readUInt32BE(4)).toBe(3);
    // Bit depth 8, colour type 6 (truecolour with alpha), deflate, filter method 0, no interlace.
    expect([...(ihdr?.data.subarray(8) ?? [])]).toEqual([8, 6, 0, 0, 0]);
    // The CRC of an empty IEND chunk is 0xAE426082 in every PNG file (PNG spec, chunk layout).
    expect(iend?.type).toBe('IEND');
    expect(iend?.crc).toBe(0xae426082);
  });

  it('stores each row behind a filter byte 0, pixels unchanged', () => {
    const idat = chunks(png).find((c) => c.type === 'IDAT');
    const raw = inflateSync(idat?.data ?? Buffer.alloc(0));
    expect(raw.length).toBe(3 * (1 + 3 * 4));
    // Row 0: filter 0, then pixel (0,0) is opaque red (u = 1/6 < 0.5) and pixel (2,0) is transparent.
    expect([...raw.subarray(0, 5)]).toEqual([0, 255, 0, 0, 255]);
    expect([...raw.subarray(9, 13)]).toEqual([0, 0, 0, 0]);
  });

  it('refuses a bitmap whose byte count does not match its size', () => {
    expect(() => encodePng({ widthPx: 2, heightPx: 2, rgba: new Uint8Array(15) })).toThrow(
      /15 bytes, expected 2×2×4/,
    );
  });
});

describe('rasterize', () => {
  it('anti-aliases: a pixel half covered by an opaque shape gets alpha 128', () => {
    // 1 px, 4×4 samples, shape covers u < 0.5: 8 of 16 samples → alpha 255 × 8/16 = 127.5 → 128.
    const bitmap = rasterize(1, (u) => (u < 0.5 ? [10, 20, 30, 255] : null));
    expect(pixelAt(bitmap, 0, 0)).toEqual([10, 20, 30, 128]);
  });

  it('refuses a size that is not a whole number of pixels', () => {
    expect(() => rasterize(0, () => null)).toThrow(/whole number of pixels/);
  });
});

describe('icons', () => {
  it('fills the tray disc with the band colour, outlines it darker, leaves the corners clear', () => {
    for (const { band } of TRAY_BANDS) {
      const icon = drawTrayIcon(32, band);
      const rgb = bandRgb(band);
      expect(pixelAt(icon, 16, 16)).toEqual([rgb[0], rgb[1], rgb[2], 255]);
      expect(pixelAt(icon, 0, 0)[3]).toBe(0);
      // (16, 3) is 12.5 px above the centre: inside the outline ring (radius 14.08 px, width 3.2 px at 32 px).
      const edge = pixelAt(icon, 16, 3);
      expect(edge[0]).toBeCloseTo(rgb[0] * 0.55, -1);
      expect(edge[3]).toBe(255);
    }
  });

  it('draws the macOS template icon in black with alpha only', () => {
    const icon = drawTemplateIcon(32);
    let opaque = 0;
    for (let i = 0; i < icon.rgba.length; i += 4) {
      expect([icon.rgba[i], icon.rgba[i + 1], icon.rgba[i + 2]]).toEqual([0, 0, 0]);
      if (icon.rgba[i + 3] === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(100);
    // The centre dot is solid, the gap between dot and ring is clear.
    expect(pixelAt(icon, 16, 16)[3]).toBe(255);
    expect(pixelAt(icon, 16, 8)[3]).toBe(0);
  });

  it('draws the app icon as a rounded square with the band colours on its gauge', () => {
    const icon = drawAppIcon(256);
    expect(pixelAt(icon, 0, 0)[3]).toBe(0);
    expect(pixelAt(icon, 128, 20)).toEqual([23, 32, 42, 255]);
    // Top of the gauge (angle 90°, 50 % of the sweep from 210°) is the boundary of bands 2 and 3; 10° to the
    // left of it (u slightly below 0.5) lies in the second band, "moderate".
    const moderate = bandRgb('moderate');
    const r = 0.305 * 256;
    const x = Math.round(128 + r * Math.cos((100 * Math.PI) / 180));
    const y = Math.round(0.56 * 256 - r * Math.sin((100 * Math.PI) / 180));
    expect(pixelAt(icon, x, y)).toEqual([moderate[0], moderate[1], moderate[2], 255]);
  });
});
