// Tests the tick with nobody looking and a light read every tick (Linux): provisional rows of the tick's own split, a
// process started between complete reads shown within a tick, settled ticks that do not depend on whether anyone
// looked, conservation every tick under the three policies.
import { describe, expect, it } from 'vitest';
import type { AttributedTick } from '../../../src/engine/monitor.js';
import type { AppRow } from '../../../src/shared/api.js';
import { expectConserved, proc, Script, sum, T0 } from './monitor-script.js';

const POLICIES = ['capacity', 'active', 'full'] as const;

/** CPU seconds of each row key over the settled ticks whose time stamp is in [fromMs, toMs). */
function cpuByKey(ticks: readonly AttributedTick[], fromMs: number, toMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of ticks) {
    if (t.atMs < fromMs || t.atMs >= toMs) continue;
    for (const r of t.rows) out.set(r.key, (out.get(r.key) ?? 0) + r.cpuS);
  }
  return out;
}

const row = (rows: readonly AppRow[], name: string): AppRow | undefined => rows.find((r) => r.name === name);

describe('Monitor with light reads, nobody looking', () => {
  it('shows a busy process started between complete reads within one tick, provisional, with its own CPU', async () => {
    const s = new Script(true);
    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', false));
    s.use(0.5);
    await s.monitor.tick(s.ctx(1, 'capacity', false)); // tick 1 reads every process: nothing to split by yet
    s.use(0.5);
    await s.monitor.tick(s.ctx(2, 'capacity', false));
    // Between the complete reads of 10:00:02 and 10:01:00, `sha1sum` starts and burns 1.8 CPU-s in its first tick.
    s.processes.push(proc(20, 'sha1sum', 0));
    s.use(0.2, 1.8);
    const out = await s.monitor.tick(s.ctx(3, 'capacity', false));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expect(s.reads).toBe(2); // the baseline and tick 1: no complete read since
    expect(out.detailed).toBe(false);
    expect(row(out.rows, 'sha1sum')).toMatchObject({ cpuS: expect.closeTo(1.8, 9), provisional: true });
    expect(row(out.rows, 'editor')).toMatchObject({ cpuS: expect.closeTo(0.2, 9), provisional: true });
    expect(out.rows.find((r) => r.key === 'exited')?.cpuS).toBeCloseTo(0, 9);
    expect(out.rows.find((r) => r.key === 'idle')?.provisional).toBeUndefined();
    expectConserved(out.machine, out.rows);
  });

  it("never shows another window's split as this tick's: a turn from 1:3 to 3:1 shows in the very next tick", async () => {
    const s = new Script(true);
    s.processes = [proc(10, 'editor', 0), proc(11, 'browser', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', false));
    for (let i = 1; i <= 30; i++) {
      s.use(0.3, 0.9);
      await s.monitor.tick(s.ctx(i, 'capacity', false));
    }
    s.use(0.9, 0.3);
    const out = await s.monitor.tick(s.ctx(31, 'capacity', false));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    // Window 1 (to 10:01:00) was 1:3; tick 31 itself is 3:1, and that is what it shows.
    expect(row(out.rows, 'editor')?.cpuS).toBeCloseTo(0.9, 9);
    expect(row(out.rows, 'browser')?.cpuS).toBeCloseTo(0.3, 9);
  });

  it('keeps busy time the light read cannot account for in Exited processes and interrupt time on the kernel row, provisional', async () => {
    const s = new Script(true);
    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', false));
    s.use(1);
    await s.monitor.tick(s.ctx(1, 'capacity', false));
    s.use(1);
    s.busyS += 0.5; // a process that started and ended between two reads, reaped by nobody seen
    s.busyS += 0.2;
    s.irqS += 0.2;
    const out = await s.monitor.tick(s.ctx(2, 'capacity', false));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expect(out.rows.find((r) => r.key === 'exited')).toMatchObject({
      cpuS: expect.closeTo(0.5, 9),
      provisional: true,
    });
    expect(out.rows.find((r) => r.key === 'kernel')).toMatchObject({
      cpuS: expect.closeTo(0.2, 9),
      provisional: true,
    });
    expect(row(out.rows, 'editor')?.cpuS).toBeCloseTo(1, 9);
  });

  for (const policy of POLICIES) {
    it(`settles the same per app per minute as a looking monitor over the same reads, and conserves every tick (${policy})`, async () => {
      const looking = new Script(true);
      const nobody = new Script(true);
      const scripts = [looking, nobody];
      let seed = 11;
      const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const start = [
        proc(10, 'editor', 0),
        proc(11, 'browser', 0),
        proc(12, 'ide', 0),
        proc(999, 'carbon-tray', 0),
      ];
      for (const s of scripts) s.processes = start.map((p) => ({ ...p }));
      // The IDE is outside the light read's active set (bursty, still at the last read): its CPU is seen only by
      // complete reads.
      nobody.unseen.add(12);
      for (const s of scripts) await s.monitor.tick(s.ctx(0, policy, s === looking));
      for (let i = 1; i <= 90; i++) {
        // Random CPU per process; a build (make, pid 30) from tick 20 to 50 whose compilers exit between reads and
        // are reaped by make; a busy process (pid 40) started at tick 45 while nobody looks.
        const use = [rand() * 0.6, rand() * 1.2, i % 7 === 0 ? 1.5 : 0, rand() * 0.05];
        const reaped = i >= 20 && i < 50 ? 0.4 + rand() * 0.8 : 0;
        const unseenS = 0.05; // exits unseen, reaped by nobody alive
        for (const s of scripts) {
          if (i === 20) s.processes.push({ ...proc(30, 'make', 0), childrenCpuS: 0 });
          if (i === 50) s.processes = s.processes.filter((p) => p.pid !== 30);
          if (i === 45) s.processes.push(proc(40, 'sha1sum', 0));
          s.use(...use);
          const make = s.processes.find((p) => p.pid === 30);
          if (make) {
            make.childrenCpuS += reaped;
            s.busyS += reaped;
          }
          const busy = s.processes.find((p) => p.pid === 40);
          if (busy) {
            busy.cpuS += 1.6;
            s.busyS += 1.6;
          }
          s.busyS += unseenS;
          const settledBefore = s.settled.length;
          const out = await s.monitor.tick(s.ctx(i, policy, s === looking));
          if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
          expectConserved(out.machine, out.rows);
          // Rows add up to the tick's busy seconds too (the idle row takes the rest of the capacity).
          expect(sum(out.rows, (r) => r.cpuS)).toBeCloseTo(4 * 2, 6);
          for (const t of s.settled.slice(settledBefore)) {
            expectConserved(t.machine, t.rows);
            expect(t.rows.every((r) => r.provisional === undefined)).toBe(true);
          }
          if (s === nobody && i >= 45 && i % 30 !== 0) {
            // Within one tick of its start, nobody looking, between complete reads: its own 1.6 CPU-s, provisional.
            expect(row(out.rows, 'sha1sum')).toMatchObject({
              cpuS: expect.closeTo(1.6, 6),
              provisional: true,
            });
          }
        }
      }
      // Complete reads nobody looking: the baseline, tick 1, and the first ticks of 10:01 and 10:02 (30, 60), then
      // 10:03 at tick 90: every tick is settled.
      expect(nobody.reads).toBe(5);
      expect(looking.settled).toHaveLength(90);
      expect(nobody.settled).toHaveLength(90);
      // Per app per minute (the minutes start at ticks 0, 30, 60), within 5 % of the looking monitor's.
      for (let minute = 0; minute < 3; minute++) {
        const from = T0 + minute * 60_000;
        const a = cpuByKey(looking.settled, from, from + 60_000);
        const b = cpuByKey(nobody.settled, from, from + 60_000);
        for (const [key, cpuS] of a) {
          if (key === 'idle' || cpuS < 0.5) continue;
          expect(Math.abs((b.get(key) ?? 0) - cpuS)).toBeLessThanOrEqual(cpuS * 0.05);
        }
      }
      // And over the run each app's CPU is what it used: the IDE's 12 bursts of 1.5 s, make's reaped compilers.
      const total = (key: string): number => cpuByKey(nobody.settled, T0, T0 + 200_000).get(key) ?? 0;
      expect(total('app:ide')).toBeCloseTo(12 * 1.5, 6);
      expect(total('app:sha1sum')).toBeCloseTo(46 * 1.6, 6);
      expect(total('exited')).toBeCloseTo(90 * 0.05, 6);
      // Settled tick by tick as the light reads saw it: none of sha1sum's CPU before it started (tick 45, inside the
      // window 10:01–10:02), its 1.6 CPU-s in each tick after (the IPF split keeps a 1e-3 floor and the IDE's
      // unseen bursts move a little CPU between ticks: 5 %).
      for (const t of nobody.settled) {
        const cpuS = row(t.rows, 'sha1sum')?.cpuS ?? 0;
        if (t.atMs < T0 + 45 * 2000) expect(cpuS).toBeLessThan(0.01);
        else expect(Math.abs(cpuS - 1.6)).toBeLessThan(1.6 * 0.05);
      }
    });
  }
});
