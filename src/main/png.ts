// Encodes an RGBA bitmap as a PNG file (8-bit RGBA, no filtering) with node:zlib; used by the tray and make-icons.
import { crc32, deflateSync } from 'node:zlib';
import type { RgbaBitmap } from './bitmap.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The PNG encoding of a bitmap (PNG spec: IHDR colour type 6, bit depth 8, filter type 0 on every row). */
export function encodePng(bitmap: RgbaBitmap): Buffer {
  const { widthPx, heightPx, rgba } = bitmap;
  if (rgba.length !== widthPx * heightPx * 4) {
    throw new RangeError(`bitmap holds ${rgba.length} bytes, expected ${widthPx}×${heightPx}×4`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(widthPx, 0);
  header.writeUInt32BE(heightPx, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rowBytes = widthPx * 4;
  const raw = Buffer.alloc((rowBytes + 1) * heightPx);
  for (let y = 0; y < heightPx; y++) {
    raw[y * (rowBytes + 1)] = 0;
    raw.set(rgba.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
