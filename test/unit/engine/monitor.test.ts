// Tests the tick on fixture sequences: conservation every tick, exact per-app CPU over slow windows, gaps, exited CPU.
import { describe, expect, it } from 'vitest';
import type { ProcessSample } from '../../../src/sensors/processes/types.js';
import type { TickOutcome } from '../../../src/engine/monitor.js';
import { expectConserved, proc, Script, sum, T0 } from './monitor-script.js';

describe('Monitor on a scripted sequence', () => {
  it('spends at most 5 % of wall time on process reads while someone looks (a slow sampler, e.g. Windows)', async () => {
    const s = new Script();
    s.readCostMs = 500; // next read no sooner than 500 / 0.05 = 10 s later: every 5th 2-second tick
    s.processes = [proc(10, 'editor', 0), proc(999, 'carbon-tray', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    const detailedTicks: number[] = [];
    const attributed = s.settled;
    for (let i = 1; i <= 20; i++) {
      s.use(1);
      const out = await s.monitor.tick(s.ctx(i, 'capacity', true));
      if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
      expectConserved(out.machine, out.rows);
      if (out.detailed) detailedTicks.push(i);
    }
    // Tick 1 reads because there is nothing yet to split by; then every 10 s of the monotonic clock.
    expect(detailedTicks).toEqual([1, 6, 11, 16]);
    expect(s.reads).toBe(5);
    // Ticks 1–16 are settled with their windows' real split: all of the editor's CPU is the editor's.
    expect(attributed).toHaveLength(16);
    const editorS = attributed.flatMap((t) => t.rows).filter((r) => r.name === 'editor');
    expect(editorS.reduce((sum, r) => sum + r.cpuS, 0)).toBeCloseTo(16, 9);
  });

  it('reads every tick while someone looks when reads are cheap (procfs: ~15 ms per read)', async () => {
    const s = new Script();
    s.readCostMs = 15;
    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    for (let i = 1; i <= 10; i++) {
      s.busyS += 0.5;
      const out = await s.monitor.tick(s.ctx(i, 'capacity', true));
      expect(out.kind === 'tick' && out.detailed).toBe(true);
    }
    expect(s.reads).toBe(11);
  });

  for (const policy of ['capacity', 'active', 'full'] as const) {
    for (const detail of [true, false]) {
      it(`conserves every tick and attributes each app's CPU exactly (${policy}, detail ${detail})`, async () => {
        const s = new Script();
        let seed = 7;
        const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
        const trueCpu = new Map<string, number>();
        s.processes = [proc(10, 'editor', 0), proc(11, 'browser', 0), proc(999, 'carbon-tray', 0)];
        await s.monitor.tick(s.ctx(0, policy, detail));
        const attributed = s.settled;
        for (let i = 1; i <= 60; i++) {
          let busy = 0;
          for (const p of s.processes) {
            const d = rand() * 1.5;
            p.cpuS += d;
            busy += d;
            trueCpu.set(p.name, (trueCpu.get(p.name) ?? 0) + d);
          }
          if (i === 20) s.processes.push(proc(12, 'compiler', 0));
          s.busyS += busy + 0.1; // 0.1 CPU-s per tick of processes that exit unseen
          const settledBefore = s.settled.length;
          const out = await s.monitor.tick(s.ctx(i, policy, detail));
          if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
          expectConserved(out.machine, out.rows);
          for (const t of s.settled.slice(settledBefore)) expectConserved(t.machine, t.rows);
        }
        // 60 ticks of 2 s after the baseline read at 10:00:00: 60 reads with detail; without, one at the first
        // tick (no proportions to split it by yet), then one on the first tick of each minute (10:01:00, 10:02:00):
        // ticks 1, 30 and 60, so every tick is settled by the last one.
        expect(s.reads).toBe(detail ? 61 : 4);
        expect(attributed).toHaveLength(60);
        const cpuOf = (name: string): number =>
          sum(
            attributed.flatMap((t) => t.rows.filter((r) => r.name === name)),
            (r) => r.cpuS,
          );
        for (const [name, cpu] of trueCpu) {
          if (name === 'carbon-tray') continue;
          expect(cpuOf(name)).toBeCloseTo(cpu, 6);
        }
        // Our own process is the CarbonTray row; the unseen 0.1 CPU-s per tick is `Exited processes`.
        expect(
          sum(
            attributed.flatMap((t) => t.rows.filter((r) => r.key === 'self')),
            (r) => r.cpuS,
          ),
        ).toBeCloseTo(trueCpu.get('carbon-tray') ?? 0, 6);
        expect(
          sum(
            attributed.flatMap((t) => t.rows.filter((r) => r.key === 'exited')),
            (r) => r.cpuS,
          ),
        ).toBeCloseTo(60 * 0.1, 6);
      });
    }
  }

  for (const detail of [true, false]) {
    it(`charges children that exit between reads to the parent's app, ${detail ? 'someone' : 'nobody'} looking`, async () => {
      const s = new Script();
      s.processes = [{ ...proc(10, 'make', 0), childrenCpuS: 0 }];
      await s.monitor.tick(s.ctx(0, 'capacity', detail));
      for (let i = 1; i <= 30; i++) {
        // Each tick a compiler child (pid 100 + i) is seen once with 0.5 CPU-s, then runs 0.7 more and is
        // reaped by make: make's cutime + cstime grows by its 1.2 s total (proc(5), fields 16–17).
        const parent = s.processes[0] as ProcessSample;
        const child = { ...proc(100 + i, 'cc', 0.5), ppid: 10 };
        s.busyS += 0.5;
        s.processes = [parent, child];
        s.use(0.05); // make itself
        await s.monitor.tick(
          s.ctx(i * 2 - 1, 'capacity', detail, {
            monoMs: (i * 2 - 1) * 1000,
            wallMs: T0 + (i * 2 - 1) * 1000,
            intervalS: 1,
          }),
        );
        s.busyS += 0.7;
        parent.childrenCpuS += 1.2;
        s.processes = [parent];
        await s.monitor.tick(
          s.ctx(i * 2, 'capacity', detail, { monoMs: i * 2000, wallMs: T0 + i * 2000, intervalS: 1 }),
        );
      }
      // Nobody looking, the read on the first tick of 10:01:00 settles everything before it.
      s.busyS += 0;
      await s.monitor.tick(
        s.ctx(61, 'capacity', detail, { monoMs: 61000, wallMs: T0 + 61000, intervalS: 1 }),
      );
      const cpuOf = (key: string): number =>
        sum(
          s.settled.flatMap((t) => t.rows.filter((r) => r.key === key)),
          (r) => r.cpuS,
        );
      // 30 children × 1.2 CPU-s + 30 × 0.05 s of make's own, all on make's or cc's live rows, none exited.
      expect(cpuOf('app:make') + cpuOf('app:cc')).toBeCloseTo(30 * 1.25, 6);
      expect(cpuOf('exited')).toBeCloseTo(0, 6);
    });
  }

  it('charges interrupt time (irq + softirq of /proc/stat) to the kernel row, not to exited processes', async () => {
    const s = new Script();

    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    s.use(1);
    s.busyS += 0.2;
    s.irqS += 0.2;
    const out = await s.monitor.tick(s.ctx(1, 'capacity', true));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expect(out.rows.find((r) => r.key === 'kernel')?.cpuS).toBeCloseTo(0.2, 9);
    expect(out.rows.find((r) => r.key === 'exited')?.cpuS ?? 0).toBeCloseTo(0, 9);
  });

  it('records a tick longer than 3 intervals as a stall gap and never attributes it', async () => {
    const s = new Script();
    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    s.use(1);
    expect((await s.monitor.tick(s.ctx(1, 'capacity', true))).kind).toBe('tick');
    // 7 intervals later (14 s > 3 × 2 s) with 50 CPU-s used meanwhile.
    s.use(50);
    const settledBefore = s.settled.length;
    const gap = (await s.monitor.tick(s.ctx(8, 'capacity', true))) as Extract<TickOutcome, { kind: 'gap' }>;
    expect(gap.kind).toBe('gap');
    expect(gap.gap).toEqual({ startMs: T0 + 2000, endMs: T0 + 16000, reason: 'stall' });
    expect(s.settled.slice(settledBefore)).toHaveLength(0);
    s.use(1);
    const next = await s.monitor.tick(s.ctx(9, 'capacity', true));
    if (next.kind !== 'tick') throw new Error('expected a tick after the gap');
    // Only the 1 CPU-s of the tick after the gap, never the 50 CPU-s inside it.
    expect(next.machine.intervalS).toBe(2);
    expect(next.rows.find((r) => r.name === 'editor')?.cpuS).toBeCloseTo(1, 9);
  });

  it('calls a wall-clock jump with a normal monotonic interval a suspend gap', async () => {
    const s = new Script();
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    const out = await s.monitor.tick(s.ctx(1, 'capacity', true, { wallMs: T0 + 2000 + 3_600_000 }));
    expect(out.kind === 'gap' && out.gap.reason).toBe('suspend');
  });

  it('without a light read (other OSes), splits ticks between reads with the previous window proportions, provisional, still conserving', async () => {
    const s = new Script();
    s.processes = [proc(10, 'editor', 0), proc(11, 'browser', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', false));
    for (let i = 1; i <= 31; i++) {
      s.use(0.3, 0.9);
      const out = await s.monitor.tick(s.ctx(i, 'capacity', false));
      if (out.kind !== 'tick') throw new Error('expected ticks');
      expectConserved(out.machine, out.rows);
      if (i === 31) {
        expect(out.detailed).toBe(false);
        // Window 1 (ticks 1–30) saw editor:browser = 1:3, so tick 31's 1.2 CPU-s splits 0.3 / 0.9.
        expect(out.rows.find((r) => r.name === 'editor')).toMatchObject({
          cpuS: expect.closeTo(0.3, 9),
          provisional: true,
        });
        expect(out.rows.find((r) => r.name === 'browser')?.cpuS).toBeCloseTo(0.9, 9);
        expect(out.rows.find((r) => r.key === 'idle')?.provisional).toBeUndefined();
      }
    }
    expect(s.settled.every((t) => t.rows.every((r) => r.provisional === undefined))).toBe(true);
  });

  for (const light of [false, true]) {
    it(`drains the ticks waiting for a read after reading the processes: their own window's split (${light ? 'light reads' : 'no light read'}), and starts over from a baseline`, async () => {
      const s = new Script(light);
      s.processes = [proc(10, 'editor', 0), proc(11, 'browser', 0)];
      await s.monitor.tick(s.ctx(0, 'full', false));
      s.use(0.3, 0.9);
      await s.monitor.tick(s.ctx(1, 'full', false)); // tick 1 reads (nothing to split by yet): 1:3
      const shown: Extract<TickOutcome, { kind: 'tick' }>[] = [];
      for (let i = 2; i <= 5; i++) {
        s.use(0.9, 0.3); // the split turned to 3:1
        const out = await s.monitor.tick(s.ctx(i, 'full', false));
        if (out.kind !== 'tick') throw new Error('expected ticks');
        shown.push(out);
      }
      // Ticks 2–5 wait for the read at 10:01:00; without a light read they were shown with window 1's 1:3.
      expect(shown[0]?.rows.find((r) => r.name === 'editor')?.cpuS).toBeCloseTo(light ? 0.9 : 0.3, 9);
      expect(s.settled).toHaveLength(1);
      const reads = s.reads;
      await s.monitor.drain();
      expect(s.reads).toBe(reads + 1);
      expect(s.settled.slice(1).map((t) => t.atMs)).toEqual(shown.map((t) => t.atMs));
      // Settled with their own window's 3:1, under the latest context (policy `full`, 4 cores), final.
      for (const t of s.settled.slice(1)) {
        expect(t.rows.find((r) => r.name === 'editor')?.cpuS).toBeCloseTo(0.9, 6);
        expect(t.rows.find((r) => r.name === 'browser')?.cpuS).toBeCloseTo(0.3, 6);
        expect(t.rows.every((r) => r.provisional === undefined)).toBe(true);
        expectConserved(t.machine, t.rows);
      }
      await s.monitor.drain();
      expect(s.reads).toBe(reads + 1); // nothing left to settle: no read
      expect(s.settled).toHaveLength(5);
      expect((await s.monitor.tick(s.ctx(6, 'full', false))).kind).toBe('baseline');
    });
  }

  it('lets a drain called while a tick reads the processes wait for that tick, and settles each tick once', async () => {
    const s = new Script();
    s.processes = [proc(10, 'editor', 0)];
    await s.monitor.tick(s.ctx(0, 'capacity', true));
    s.use(1);
    s.duringRead = () => void s.monitor.drain();
    const out = await s.monitor.tick(s.ctx(1, 'capacity', true));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expectConserved(out.machine, out.rows);
    expect(out.rows.find((r) => r.name === 'editor')?.cpuS).toBeCloseTo(1, 9);
    expect(s.settled.map((t) => t.atMs)).toEqual([T0 + 2000]);
    expect((await s.monitor.tick(s.ctx(2, 'capacity', true))).kind).toBe('baseline');
  });
});
