// A window's CPU per consumer at a complete process read, split over the window's ticks so each consumer keeps its
// window total and each tick sums to its own busy seconds, following what the light reads saw tick by tick.
import { KERNEL_APP } from '../sensors/grouping/apps.js';
import { EXITED_ROW } from './rows.js';

/** What a buffered tick says of itself: its busy seconds outside units, interrupt time, what its light read saw. */
export interface WindowTick {
  restS: number;
  irqS: number;
  /** CPU seconds per consumer key the tick's light read saw live processes use; null without a light read. */
  seen: ReadonlyMap<string, number> | null;
}

/** Seed added to every cell (relative to the consumer's busy-time share), so a split always exists. */
const FLOOR = 1e-3;
/** Proportional-fitting rounds at most; a few are usually enough. */
const MAX_ROUNDS = 200;
/** Stop when every consumer's total is within this fraction of the window's CPU. */
const TOLERANCE = 1e-9;

/**
 * Each consumer's CPU over the window and its split over the ticks (`split[c][t]`, consumers in the order of `keys`).
 * The window total of a consumer is what the light reads saw plus what the complete read adds (`readS`, since the
 * last light read); interrupt time goes to the kernel's row and the CPU no live process accounts for to
 * `Exited processes`; all scaled down when together they exceed the window's busy seconds. The ticks are seeded
 * with what each light read saw (and interrupt time, the kernel's); what the complete read adds (CPU the light
 * reads missed) and `Exited processes` share each tick's busy time that the light read left unexplained (all
 * of it in a tick without a light read), which is where that CPU was used; a consumer no tick says anything of,
 * by busy time.
 */
export function windowCpu(
  keys: readonly string[],
  ticks: readonly WindowTick[],
  readS: ReadonlyMap<string, number>,
): { totals: number[]; split: number[][] } {
  const windowRestS = ticks.reduce((s, t) => s + t.restS, 0);
  const windowIrqS = ticks.reduce((s, t) => s + t.irqS, 0);
  const liveS = new Map<string, number>();
  for (const t of ticks) for (const [key, s] of t.seen ?? []) liveS.set(key, (liveS.get(key) ?? 0) + s);
  for (const [key, s] of readS) liveS.set(key, (liveS.get(key) ?? 0) + s);
  const allLiveS = [...liveS.values()].reduce((s, v) => s + v, 0);
  const irqS = Math.min(windowIrqS, Math.max(0, windowRestS - allLiveS));
  const exitedS = Math.max(0, windowRestS - allLiveS - irqS);
  const scale = windowRestS > 0 ? windowRestS / Math.max(windowRestS, allLiveS + irqS + exitedS) : 0;
  const totals = keys.map(
    (key) =>
      ((liveS.get(key) ?? 0) + (key === KERNEL_APP.key ? irqS : 0) + (key === EXITED_ROW.key ? exitedS : 0)) *
      scale,
  );
  const unexplainedS = ticks.map((t) =>
    t.seen ? Math.max(0, t.restS - [...t.seen.values()].reduce((s, v) => s + v, 0) - t.irqS) : t.restS,
  );
  const spread = unexplainedS.some((u) => u > 0) ? unexplainedS : ticks.map((t) => t.restS);
  const spreadS = spread.reduce((s, v) => s + v, 0);
  const seeds = keys.map((key) => {
    const addedS = key === EXITED_ROW.key ? exitedS : (readS.get(key) ?? 0);
    return ticks.map(
      (t, i) =>
        (t.seen?.get(key) ?? 0) +
        (key === KERNEL_APP.key ? t.irqS : 0) +
        (spreadS > 0 ? (addedS * (spread[i] as number)) / spreadS : 0),
    );
  });
  const split = splitWindow(
    totals,
    seeds,
    ticks.map((t) => t.restS),
  );
  return { totals, split };
}

/**
 * A matrix `x[c][t]` with row sums `totalsS[c]` (each consumer's CPU over the window) and column sums `tickS[t]`
 * (each tick's busy seconds), as close in shape to `seedS[c][t]` (what was seen of consumer c in tick t) as those
 * sums allow: iterative proportional fitting (Deming & Stephan 1940; Sinkhorn 1964 for its convergence on positive
 * matrices). A consumer seen in no tick is spread by busy time. Columns are fitted last, so each tick adds up
 * exactly; when `Σ totalsS = Σ tickS` the rows match to `TOLERANCE` of the window, and the split never moves CPU to
 * a tick with no busy seconds.
 */
export function splitWindow(
  totalsS: readonly number[],
  seedS: readonly (readonly number[])[],
  tickS: readonly number[],
): number[][] {
  const windowS = tickS.reduce((s, t) => s + t, 0);
  const x = totalsS.map((total, c) => {
    const seed = seedS[c] ?? [];
    const seenS = seed.reduce((s, v) => s + Math.max(0, v), 0);
    return tickS.map((t, i) => {
      if (total <= 0 || t <= 0 || windowS <= 0) return 0;
      const busy = t / windowS;
      const seen = seenS > 0 ? Math.max(0, seed[i] ?? 0) / seenS : busy;
      return total * (seen + FLOOR * busy);
    });
  });
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    let worst = 0;
    x.forEach((row, c) => {
      const sum = row.reduce((s, v) => s + v, 0);
      const total = totalsS[c] ?? 0;
      worst = Math.max(worst, Math.abs(sum - total));
      if (sum > 0) for (let i = 0; i < row.length; i += 1) row[i] = (row[i] as number) * (total / sum);
    });
    fitColumns(x, tickS);
    if (round > 0 && worst <= TOLERANCE * windowS) break;
  }
  return x;
}

/** Scales each column to its tick's busy seconds. */
function fitColumns(x: number[][], tickS: readonly number[]): void {
  tickS.forEach((t, i) => {
    const sum = x.reduce((s, row) => s + (row[i] as number), 0);
    if (sum > 0) for (const row of x) row[i] = (row[i] as number) * (t / sum);
  });
}
