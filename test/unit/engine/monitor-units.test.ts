// Tests the tick with cgroup v2 unit counters: a fixture cgroup tree (cpu.stat files in the kernel's format) that a
// scripted machine updates tick by tick, read by the real CgroupCpuReader and grouped by the real AppGrouper.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Monitor, type AttributedTick, type TickContext } from '../../../src/engine/monitor.js';
import { AppGrouper } from '../../../src/sensors/grouping/apps.js';
import { CgroupCpuReader } from '../../../src/sensors/processes/cgroup-cpu.js';
import type { ProcessSample } from '../../../src/sensors/processes/types.js';
import type { AppRow, AttributionPolicy } from '../../../src/shared/api.js';
import {
  CORES,
  expectConserved as expectRowsConserved,
  LightView,
  sum,
  tickContext,
} from './monitor-script.js';

const root = mkdtempSync(join(tmpdir(), 'ct-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let trees = 0;

const WEB = '/system.slice/web.service';
const SESSION = '/user.slice/user-1000.slice/session-2.scope'; // a login session: no unit, grouped by the tree
const APPS = '/user.slice/user-1000.slice/user@1000.service/app.slice';

function proc(pid: number, name: string, cgroup: string, ppid = 1): ProcessSample {
  return {
    id: `${pid}:1`,
    pid,
    startTicks: 1,
    ppid,
    name,
    cpuS: 0,
    childrenCpuS: 0,
    rssBytes: 50e6,
    uid: 1000,
    kernelThread: false,
    exe: `/usr/bin/${name}`,
    cgroup,
  };
}

/**
 * A scripted machine with a cgroup v2 tree: CPU used inside a cgroup is added to the `usage_usec` of that cgroup
 * and of every cgroup above it (counters are hierarchical, cgroup-v2.rst "cpu.stat"), and to /proc/stat's busy.
 */
class Machine {
  /** With a light read every tick between complete reads, as on Linux (`LightView`). */
  readonly light: boolean;
  private readonly view = new LightView();
  busyS = 0;
  processes: ProcessSample[] = [];
  settled: AttributedTick[] = [];
  reads = 0;
  readonly mount = join(root, `cg${(trees += 1)}`);
  private readonly usageUsec = new Map<string, number>();
  readonly monitor: Monitor;

  constructor(light = false) {
    this.light = light;
    this.monitor = this.makeMonitor();
  }

  private makeMonitor(): Monitor {
    return new Monitor(
      {
        cpu: {
          read: () => ({ atMs: 0, busyS: this.busyS, idleS: 0, irqS: 0, stealS: 0, cores: CORES }),
        },
        processes: {
          sample: async () => {
            this.reads += 1;
            return { atMs: 0, processes: this.view.complete(this.processes) };
          },
          ...(this.light ? { lightSample: () => this.view.light(this.processes) } : {}),
          commandLine: () => null,
        },
        grouper: new AppGrouper({ platform: 'linux' }),
        power: () => ({ measured: null, hint: null }),
        gpuPowerW: () => 0,
        cgroupCpu: new CgroupCpuReader({ mountPoint: this.mount, root: '/' }),
      },
      { settled: (t) => this.settled.push(t) },
      999,
      () => 0,
    );
  }

  /** Creates a cgroup (and its parents) with zero usage, as mkdir does. */
  unit(cgroup: string): void {
    for (const dir of prefixes(cgroup)) if (!this.usageUsec.has(dir)) this.write(dir, 0);
  }

  /** Removes a cgroup directory (the unit stopped). */
  remove(cgroup: string): void {
    rmSync(join(this.mount, cgroup), { recursive: true, force: true });
    this.usageUsec.delete(cgroup);
  }

  /** CPU used inside `cgroup` by a process (its cpuS grows) or, with `p` null, by one nobody sees. */
  use(cgroup: string | null, cpuS: number, p: ProcessSample | null = null): void {
    if (p) p.cpuS += cpuS;
    this.busyS += cpuS;
    if (cgroup === null) return;
    for (const dir of prefixes(cgroup))
      this.write(dir, (this.usageUsec.get(dir) ?? 0) + Math.round(cpuS * 1e6));
  }

  private write(dir: string, usec: number): void {
    this.usageUsec.set(dir, usec);
    mkdirSync(join(this.mount, dir), { recursive: true });
    writeFileSync(
      join(this.mount, dir, 'cpu.stat'),
      `usage_usec ${usec}\nuser_usec ${usec}\nsystem_usec 0\nnice_usec 0\n`,
    );
  }

  ctx(i: number, policy: AttributionPolicy, detail: boolean): TickContext {
    return tickContext(i, policy, detail);
  }
}

/** `/a/b/c` → `/a`, `/a/b`, `/a/b/c`. */
function prefixes(cgroup: string): string[] {
  const parts = cgroup.split('/').filter((s) => s !== '');
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

function cpuOf(rows: readonly AppRow[], key: string): number {
  return sum(
    rows.filter((r) => r.key === key),
    (r) => r.cpuS,
  );
}

/** Rows add up to the machine within 0.1 % every tick (energy, both carbons), and their CPU to its busy time. */
function expectConserved(tick: AttributedTick): void {
  const { machine, rows } = tick;
  expectRowsConserved(machine, rows);
  const busy = sum(
    rows.filter((r) => r.key !== 'idle'),
    (r) => r.cpuS,
  );
  expect(Math.abs(busy - machine.busyS)).toBeLessThanOrEqual(machine.busyS * 1e-3 + 1e-9);
}

describe('Monitor with cgroup v2 unit counters', () => {
  for (const policy of ['capacity', 'active', 'full'] as const) {
    for (const [detail, light] of [
      [true, false],
      [false, false],
      [false, true],
    ] as const) {
      it(`charges a service exactly its counter's Δ every tick, workers nobody saw included (${policy}, detail ${detail}${light ? ', light reads' : ''})`, async () => {
        const m = new Machine(light);
        m.unit(WEB);
        const web = proc(20, 'web', WEB);
        const editor = proc(30, 'editor', SESSION);
        m.processes = [proc(1, 'init', '/'), web, editor];
        await m.monitor.tick(m.ctx(0, policy, detail));
        const webPerTick: number[] = [];
        const editorPerTick: number[] = [];
        for (let i = 1; i <= 45; i++) {
          // web's own CPU, plus workers that start and end between two reads (in the unit, never in /proc)
          const webS = 0.2 + (i % 5) * 0.1;
          const workersS = i % 3 === 0 ? 0.9 : 0.05;
          m.use(WEB, webS, web);
          m.use(WEB, workersS);
          const editorS = 0.1 + (i % 4) * 0.15;
          m.use(SESSION, editorS, editor);
          m.use(null, 0.1); // a process outside any unit that ends unseen
          webPerTick.push(webS + workersS);
          editorPerTick.push(editorS);
          const settledBefore = m.settled.length;
          const out = await m.monitor.tick(m.ctx(i, policy, detail));
          if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
          // Whoever looks, and whether or not this tick read the processes: the service's row is its counter.
          expect(cpuOf(out.rows, 'service:web.service')).toBeCloseTo(webS + workersS, 6);
          expectConserved(out);
          if (light && i % 30 !== 0 && i > 1) {
            // Between complete reads: the unit's row is exact (its counter), the tree's rows this tick's own split.
            const web = out.rows.find((r) => r.key === 'service:web.service');
            expect(web?.provisional).toBeUndefined();
            const editorRow = out.rows.find((r) => r.key === 'app:editor');
            expect(editorRow).toMatchObject({ cpuS: expect.closeTo(editorS, 6), provisional: true });
          }
          for (const [k, t] of m.settled.slice(settledBefore).entries()) {
            expectConserved(t);
            // settled later, the same figure
            expect(cpuOf(t.rows, 'service:web.service')).toBeCloseTo(webPerTick[settledBefore + k] ?? NaN, 6);
          }
        }
        // 45 ticks from 10:00:00: with detail a read every tick; without, at tick 1 (no proportions yet) and on
        // the first tick of 10:01:00 (tick 30), so ticks 1–30 are settled.
        expect(m.reads).toBe(detail ? 46 : 3);
        const n = detail ? 45 : 30;
        expect(m.settled).toHaveLength(n);
        const rows = m.settled.flatMap((t) => t.rows);
        const total = (xs: number[]): number => xs.slice(0, n).reduce((s, x) => s + x, 0);
        // The tree covers the rest: the editor exactly over its windows, the unseen 0.1 CPU-s a tick is Exited.
        expect(cpuOf(rows, 'app:editor')).toBeCloseTo(total(editorPerTick), 5);
        expect(cpuOf(rows, 'exited')).toBeCloseTo(n * 0.1, 5);
        expect(cpuOf(rows, 'service:web.service')).toBeCloseTo(total(webPerTick), 5);
      });
    }
  }

  it('charges a unit nested in another unit once: the enclosing row gets its own CPU, the nested one its own', async () => {
    // A terminal's app slice with its server directly in it, and a container scope started from it inside.
    const terminal = `${APPS}/app-org.gnome.Terminal.slice`;
    const id = 'b7f3e1c0a9d84e2f6a1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b0d2f';
    const container = `${terminal}/libpod-${id}.scope`;
    const m = new Machine();
    m.unit(container);
    const server = proc(40, 'gnome-terminal-', terminal);
    const worker = proc(41, 'python3', container, 40);
    m.processes = [server, worker];
    await m.monitor.tick(m.ctx(0, 'capacity', true));
    for (let i = 1; i <= 10; i++) {
      m.use(terminal, 0.3, server);
      m.use(container, 1.1, worker);
      m.use(container, 0.2); // a short-lived process inside the container
      const out = await m.monitor.tick(m.ctx(i, 'capacity', i % 2 === 0));
      if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
      // The slice's own counter grows by 1.6 a tick (hierarchical); its row gets only its own 0.3.
      expect(cpuOf(out.rows, 'app:org.gnome.Terminal')).toBeCloseTo(0.3, 6);
      expect(cpuOf(out.rows, 'container:b7f3e1c0a9d8')).toBeCloseTo(1.3, 6);
      expect(cpuOf(out.rows, 'exited')).toBeCloseTo(0, 6);
      expectConserved(out);
    }
  });

  for (const detail of [true, false]) {
    it(`charges a process that parents another unit's processes its own CPU only (init reaping a service), ${detail ? 'someone' : 'nobody'} looking`, async () => {
      const m = new Machine();
      const job = '/system.slice/job.service';
      m.unit(job);
      // An init without systemd (the root cgroup: no unit of its own), the parent of a service's processes.
      const init = proc(1, 'init', '/', 0);
      const editor = proc(30, 'editor', SESSION);
      let runner = proc(50, 'job', job);
      m.processes = [init, editor, runner];
      await m.monitor.tick(m.ctx(0, 'full', detail));
      let initOwnS = 0;
      let jobS = 0;
      for (let i = 1; i <= 30; i++) {
        m.use('/', 0.02, init);
        m.use(SESSION, 0.4, editor);
        m.use(job, 0.7, runner);
        initOwnS += 0.02;
        jobS += 0.7;
        if (i % 4 === 0) {
          // The job's process exits and init reaps it: its whole CPU joins init's cutime + cstime (proc(5),
          // fields 16–17) while it is also, already, in job.service's counter. The unit runs a new one.
          init.childrenCpuS += runner.cpuS + runner.childrenCpuS;
          runner = proc(50 + i, 'job', job);
          m.processes = [init, editor, runner];
        }
        const out = await m.monitor.tick(m.ctx(i, 'full', detail));
        if (out.kind !== 'tick') throw new Error(`tick ${i} was ${out.kind}`);
        expect(cpuOf(out.rows, 'service:job.service')).toBeCloseTo(0.7, 6);
        expectConserved(out);
      }
      const rows = m.settled.flatMap((t) => t.rows);
      expect(m.settled).toHaveLength(30); // nobody looking: the read at the first tick of 10:01:00 settles ticks 1–30
      expect(cpuOf(rows, 'service:job.service')).toBeCloseTo(jobS, 5);
      // init's row is its own 0.02 CPU-s a tick, never the 0.7 × 4 s of each job it reaped.
      expect(cpuOf(rows, 'system:init')).toBeCloseTo(initOwnS, 5);
      expect(cpuOf(rows, 'app:editor')).toBeCloseTo(30 * 0.4, 5);
      expect(cpuOf(rows, 'exited')).toBeCloseTo(0, 5);
    });
  }

  it('scales the units down to the tick when their counters exceed its busy seconds, and takes a removed unit as 0', async () => {
    const m = new Machine();
    const a = '/system.slice/a.service';
    const b = '/system.slice/b.service';
    m.unit(a);
    m.unit(b);
    const pa = proc(60, 'a', a);
    const pb = proc(61, 'b', b);
    m.processes = [pa, pb];
    await m.monitor.tick(m.ctx(0, 'capacity', true));
    // The counters say 3 CPU-s (1 + 2) where /proc/stat, a tick apart in its sampling, says 2.4.
    m.use(a, 1, pa);
    m.use(b, 2, pb);
    m.busyS -= 0.6;
    const out = await m.monitor.tick(m.ctx(1, 'capacity', false));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expect(cpuOf(out.rows, 'service:a.service')).toBeCloseTo(0.8, 9);
    expect(cpuOf(out.rows, 'service:b.service')).toBeCloseTo(1.6, 9);
    expectConserved(out);
    // b stops: its cgroup is removed, so its counter is gone (null, not an error); its last process is too.
    m.remove(b);
    m.processes = [pa];
    m.use(a, 0.5, pa);
    const after = await m.monitor.tick(m.ctx(2, 'capacity', false));
    if (after.kind !== 'tick') throw new Error('expected a tick');
    expect(cpuOf(after.rows, 'service:a.service')).toBeCloseTo(0.5, 9);
    expect(cpuOf(after.rows, 'service:b.service')).toBe(0);
    expectConserved(after);
  });

  it("keeps counting a unit while its cgroup exists, between runs of its processes (a timer's oneshot service)", async () => {
    const m = new Machine();
    const backup = '/system.slice/backup.service';
    m.unit(backup);
    const first = proc(70, 'backup', backup);
    m.processes = [first];
    await m.monitor.tick(m.ctx(0, 'capacity', true));
    m.use(backup, 0.4, first);
    const seen = await m.monitor.tick(m.ctx(1, 'capacity', true));
    if (seen.kind !== 'tick') throw new Error('expected a tick');
    expect(cpuOf(seen.rows, 'service:backup.service')).toBeCloseTo(0.4, 9);
    // It ends; the read of tick 2 finds nobody in the unit. Then runs that start and end between two reads.
    m.processes = [];
    await m.monitor.tick(m.ctx(2, 'capacity', true));
    for (let i = 3; i <= 5; i++) {
      m.use(backup, 0.5);
      const out = await m.monitor.tick(m.ctx(i, 'capacity', true));
      if (out.kind !== 'tick') throw new Error('expected a tick');
      expect(cpuOf(out.rows, 'service:backup.service')).toBeCloseTo(0.5, 9);
      expect(cpuOf(out.rows, 'exited')).toBeCloseTo(0, 9);
    }
    // Its cgroup is removed (the unit is unloaded): nothing more is read for it.
    m.remove(backup);
    m.use(null, 0.3);
    const gone = await m.monitor.tick(m.ctx(6, 'capacity', true));
    if (gone.kind !== 'tick') throw new Error('expected a tick');
    expect(cpuOf(gone.rows, 'service:backup.service')).toBe(0);
    expect(cpuOf(gone.rows, 'exited')).toBeCloseTo(0.3, 9);
  });

  it('leaves units to the process tree without cgroup v2 (no reader)', async () => {
    const m = new Machine();
    const monitor = new Monitor(
      {
        cpu: { read: () => ({ atMs: 0, busyS: m.busyS, idleS: 0, irqS: 0, stealS: 0, cores: CORES }) },
        processes: {
          sample: async () => ({ atMs: 0, processes: m.processes.map((p) => ({ ...p })) }),
          commandLine: () => null,
        },
        grouper: new AppGrouper({ platform: 'linux' }),
        power: () => ({ measured: null, hint: null }),
        gpuPowerW: () => 0,
        cgroupCpu: null,
      },
      { settled: () => undefined },
      999,
      () => 0,
    );
    const web = proc(20, 'web', WEB);
    m.processes = [web];
    await monitor.tick(m.ctx(0, 'capacity', true));
    m.use(null, 0.6, web);
    m.use(null, 0.3); // a worker nobody saw: without the counter it is Exited
    const out = await monitor.tick(m.ctx(1, 'capacity', true));
    if (out.kind !== 'tick') throw new Error('expected a tick');
    expect(cpuOf(out.rows, 'service:web.service')).toBeCloseTo(0.6, 9);
    expect(cpuOf(out.rows, 'exited')).toBeCloseTo(0.3, 9);
  });
});
