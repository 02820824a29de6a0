// The engine as the shells (Electron main, headless server, CLI) drive it: the Api plus its life cycle (types only).
import type { Api, AppRow, MachineTick } from './api.js';

/** Why the engine stopped attributing for a while (the vocabulary's `GAP_REASONS`). */
export type { GapReason } from '../core/vocabulary.js';

/**
 * A tick attributed for good: split with the real CPU of its window (a process read made that tick, or the next
 * read while nobody looked). What history stores and `/metrics` counts; a snapshot may show a tick before this.
 */
export interface SettledTick {
  /** Epoch ms at the end of the tick. */
  at: number;
  intervalS: number;
  machine: MachineTick;
  rows: AppRow[];
}

/** Settled ticks as they settle (the headless server's `/metrics` counters). */
export interface SettledFeed {
  /** Returns an unsubscribe function. Each tick is delivered once, in order. */
  subscribeSettled(cb: (tick: SettledTick) => void): () => void;
}

/** The Engine facade: one object every shell wraps. */
export interface EngineFacade extends Api, SettledFeed {
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
