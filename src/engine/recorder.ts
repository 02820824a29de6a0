// Where settled ticks go: the headline's hour and day totals, and the minute accumulator whose minutes reach history.
import { MS_PER_DAY, MS_PER_SECOND } from '../shared/time.js';
import type { HeadlineTracker } from './headline.js';
import type { HistoryWriter } from './history/resilient.js';
import { MinuteAccumulator } from './minutes.js';
import type { AttributedTick, SettledTicks } from './monitor.js';

/** How far a tick may start before the end of the last recorded one (wall-clock drift and slewing) and still count. */
const OVERLAP_TOLERANCE_MS = MS_PER_SECOND;

/**
 * Beyond this, a clock set back is taken as the correction of a wrong clock rather than a repeat of time already
 * recorded: recording resumes at once instead of waiting until the clock passes a time that may be years away.
 */
const MAX_SKIPPED_OVERLAP_MS = MS_PER_DAY;

/**
 * The engine's `SettledTicks` sink: counts each settled tick in the headline and writes each minute that closes.
 * History keys on wall time, so a tick whose start lies before the end of the last recorded tick (the wall clock
 * was set back) is skipped, and said once: no stored minute gets a second observation of the same time.
 */
export class TickRecorder implements SettledTicks {
  private readonly minutes = new MinuteAccumulator();
  /** Wall time up to which ticks have been recorded (in this run, or in history before it). */
  private recordedUntilMs: number | null = null;
  private skipping = false;

  constructor(
    private readonly headline: HeadlineTracker,
    /** Null with `persist: false`: minutes are summed but written nowhere. */
    private readonly store: HistoryWriter | null,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  /** History holds observations up to `ms` (at start: the end of what the last stored minute observed). */
  recordedUntil(ms: number | null): void {
    this.recordedUntilMs = ms;
  }

  settled(t: AttributedTick): void {
    if (this.overlapsRecorded(t)) return;
    this.recordedUntilMs = Math.max(this.recordedUntilMs ?? t.atMs, t.atMs);
    this.headline.add(
      t.atMs,
      t.machine.intervalS,
      t.machine.operationalG + t.machine.embodiedG,
      t.machine.energyJ,
    );
    const closed = this.minutes.add(t.atMs, t.machine, t.rows);
    if (closed) this.store?.writeMinute(closed);
  }

  private overlapsRecorded(t: AttributedTick): boolean {
    const until = this.recordedUntilMs;
    const overlapMs = until === null ? 0 : until - (t.atMs - t.machine.intervalS * MS_PER_SECOND);
    if (until === null || overlapMs <= OVERLAP_TOLERANCE_MS) {
      if (this.skipping)
        this.log('carbon-tray: the wall clock has passed the time already recorded; recording again');
      this.skipping = false;
      return false;
    }
    if (overlapMs > MAX_SKIPPED_OVERLAP_MS) {
      this.log(
        `carbon-tray: the wall clock went back more than a day (before ${new Date(until).toISOString()}); ` +
          'taken as a corrected clock, recording goes on at the new time',
      );
      this.recordedUntilMs = null;
      this.skipping = false;
      return false;
    }
    if (!this.skipping) {
      this.log(
        `carbon-tray: the wall clock was set back; the time already recorded (until ${new Date(until).toISOString()}) ` +
          'is not recorded twice, recording resumes when the clock passes it',
      );
      // The open minute holds ticks from before the jump: written now, so the repeated time cannot join it.
      this.closeMinute();
    }
    this.skipping = true;
    return true;
  }

  /** Writes the open minute now: before a gap, a pause or a stop. */
  closeMinute(): void {
    const closed = this.minutes.flush();
    if (closed) this.store?.writeMinute(closed);
  }
}
