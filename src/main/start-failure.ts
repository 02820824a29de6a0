// What the tray app tells the user when it cannot start: a dialog's title and text, from the error that stopped it.
import { EngineLockedError } from '../engine/index.js';

/** The error dialog shown before the app quits with status 1. */
export interface StartFailure {
  title: string;
  message: string;
}

/**
 * Another engine on the data folder gets its own title and the lock's line (who records there, since when, and
 * the two ways out); anything else is "could not start" with the error's message.
 */
export function startFailure(error: unknown): StartFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof EngineLockedError) {
    return {
      title: 'CarbonTray is already recording on this computer',
      message: `${message.charAt(0).toUpperCase()}${message.slice(1)}. CarbonTray will quit; the other one keeps recording.`,
    };
  }
  return { title: 'CarbonTray could not start', message };
}
