// The engine as the shells (Electron main, headless server, CLI) drive it: the Api plus its life cycle (types only).
import type { Api } from './api.js';

/** Why the engine stopped attributing for a while (the vocabulary's `GAP_REASONS`). */
export type { GapReason } from '../core/vocabulary.js';

/** The Engine facade: one object every shell wraps. */
export interface EngineFacade extends Api {
  /** Starts the tick loop (idempotent). */
  start(): Promise<void>;
  /** Stops ticking and flushes history to disk. Safe to call twice. */
  stop(): Promise<void>;
  /** Pause/resume attribution (the tray's Pause menu). A pause is recorded as a gap. */
  setPaused(paused: boolean): void;
  isPaused(): boolean;
  /** The OS is about to sleep / has woken (Electron powerMonitor). The time between is a gap. */
  noteSuspend(): void;
  noteResume(): void;
}
