// Vite build of the popup UI into dist/renderer, loadable from file:// (Electron) and from the headless server.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // The CSP allows no inline script, so no module-preload polyfill is injected into the page.
    modulePreload: { polyfill: false },
    sourcemap: true,
    assetsInlineLimit: 0,
  },
});
