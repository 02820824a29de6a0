// Where settled ticks go: the headline's hour and day totals, and the minute accumulator whose minutes reach history.
import type { HeadlineTracker } from './headline.js';
import type { HistoryStore } from './history/store.js';
import { MinuteAccumulator } from './minutes.js';
import type { AttributedTick, SettledTicks } from './monitor.js';

/** The engine's `SettledTicks` sink: counts each settled tick in the headline and writes each minute that closes. */
export class TickRecorder implements SettledTicks {
  private readonly minutes = new MinuteAccumulator();

  constructor(
    private readonly headline: HeadlineTracker,
    /** Null with `persist: false`: minutes are summed but written nowhere. */
    private readonly store: HistoryStore | null,
  ) {}

  settled(t: AttributedTick): void {
    this.headline.add(
      t.atMs,
      t.machine.intervalS,
      t.machine.operationalG + t.machine.embodiedG,
      t.machine.energyJ,
    );
    const closed = this.minutes.add(t.atMs, t.machine, t.rows);
    if (closed) this.store?.writeMinute(closed);
  }

  /** Writes the open minute now: before a gap, a pause or a stop. */
  closeMinute(): void {
    const closed = this.minutes.flush();
    if (closed) this.store?.writeMinute(closed);
  }
}
