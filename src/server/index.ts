// The public entry of the headless server: what `carbon-tray serve` uses.
export { isLocalHost } from './access.js';
export { HeadlessServer } from './server.js';
