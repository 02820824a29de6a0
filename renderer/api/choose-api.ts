// The one place that decides how the popup reaches the engine: Electron's preload bridge, else HTTP.
import type { Api } from '../../src/shared/api.js';
import { HttpApi } from './http-api.js';

declare global {
  interface Window {
    /** The typed Api exposed by the Electron preload (contextBridge); absent in a browser. */
    carbonTray?: Api;
  }
}

/** The Api of this page: the preload's in Electron, the headless server's over HTTP in a browser. */
export function chooseApi(): Api {
  return window.carbonTray ?? new HttpApi();
}
