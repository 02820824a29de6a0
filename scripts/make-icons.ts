// Writes the committed icons in assets/ from the drawings in src/main/icons.ts: `npx tsx scripts/make-icons.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drawAppIcon, drawTemplateIcon } from '../src/main/icons.js';
import { encodePng } from '../src/main/png.js';

const assets = fileURLToPath(new URL('../assets/', import.meta.url));

/** File name → bitmap. macOS picks `@2x` for Retina menu bars; electron-builder wants a 512 px app icon at least. */
const outputs = [
  ['trayTemplate.png', drawTemplateIcon(16)],
  ['trayTemplate@2x.png', drawTemplateIcon(32)],
  ['icon.png', drawAppIcon(1024)],
] as const;

for (const [name, bitmap] of outputs) {
  const png = encodePng(bitmap);
  writeFileSync(assets + name, png);
  console.log(`assets/${name}: ${bitmap.widthPx}×${bitmap.heightPx}, ${png.length} bytes`);
}
