// A scripted machine for the Monitor tests: /proc/stat totals and process reads (complete, and light as on Linux)
// that a test sets step by step, and the conservation check every tick must pass.
import { expect } from 'vitest';
import type { CpuTotalsSample } from '../../../src/sensors/processes/cpu-totals.js';
import type { LightProcessSnapshot, ProcessSample } from '../../../src/sensors/processes/types.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings/schema.js';
import { resolveModel } from '../../../src/engine/model.js';
import { Monitor, type AttributedTick, type TickContext } from '../../../src/engine/monitor.js';
import type { AppRow, AttributionPolicy } from '../../../src/shared/api.js';

export const T0 = Date.UTC(2026, 2, 2, 10);
export const CORES = 4;
const model = resolveModel(
  { ...DEFAULT_SETTINGS, deviceClass: 'desktop' },
  { cpuModel: null, cores: CORES, memoryBytes: null, deviceClass: null, tableTdp: null, firmwareDate: null },
  T0,
);
const intensity = { intensityGPerKWh: 400, source: 'custom' as const, detail: 'test' };

export function proc(pid: number, name: string, cpuS: number, rssBytes = 100e6): ProcessSample {
  return {
    id: `${pid}:1`,
    pid,
    startTicks: 1,
    ppid: 1,
    name,
    cpuS,
    childrenCpuS: 0,
    rssBytes,
    uid: 1000,
    kernelThread: false,
    exe: null,
    cgroup: null,
  };
}

/**
 * What a sampler with a light read (Linux's) returns over scripted processes: a complete read copies them all; a
 * light read, the processes new or changed since the previous read and those that vanished, except the pids in
 * `unseen` (outside the active set: taken as unchanged until the next complete read).
 */
export class LightView {
  /** The processes as the latest read (complete or light) left them. */
  private known = new Map<string, ProcessSample>();

  complete(processes: readonly ProcessSample[]): ProcessSample[] {
    const copies = processes.map((p) => ({ ...p }));
    this.known = new Map(copies.map((p) => [p.id, p]));
    return copies;
  }

  light(processes: readonly ProcessSample[], unseen: ReadonlySet<number> = new Set()): LightProcessSnapshot {
    const live = new Set(processes.map((p) => p.id));
    const vanished = [...this.known.keys()].filter((id) => !live.has(id));
    for (const id of vanished) this.known.delete(id);
    const changed: ProcessSample[] = [];
    for (const p of processes) {
      const before = this.known.get(p.id);
      const still = before !== undefined && before.cpuS === p.cpuS && before.childrenCpuS === p.childrenCpuS;
      if (before && (unseen.has(p.pid) || still)) continue;
      const copy = { ...p };
      changed.push(copy);
      this.known.set(p.id, copy);
    }
    return { atMs: 0, processes: [...this.known.values()], changed, vanished };
  }
}

/**
 * A scripted machine: each step gives the /proc/stat busy total and the live processes. With `light`, the sampler
 * also has a light read, as Linux's (`LightView`), that leaves out the pids in `unseen`.
 */
export class Script {
  readonly light: boolean;
  unseen = new Set<number>();
  lightReads = 0;
  private readonly lightView = new LightView();
  busyS = 0;
  /** The /proc/stat irq + softirq total, inside `busyS`. */
  irqS = 0;
  processes: ProcessSample[] = [];
  reads = 0;
  /** Wall milliseconds each process read takes, on a fake clock the monitor reads. */
  readCostMs = 0;
  clockMs = 0;
  /** Called inside the next process read, once (to pause the monitor while a read is under way). */
  duringRead: (() => void) | null = null;
  /** Every tick the monitor has settled, in order (its `SettledTicks` sink). */
  settled: AttributedTick[] = [];
  monitor: Monitor;

  /** `light`: the sampler has a light read (Linux); without, it has complete reads only (other OSes). */
  constructor(light = false) {
    this.light = light;
    this.monitor = this.makeMonitor();
  }

  private makeMonitor(): Monitor {
    return new Monitor(
      {
        cpu: {
          read: (): CpuTotalsSample => ({
            atMs: 0,
            busyS: this.busyS,
            idleS: 0,
            irqS: this.irqS,
            stealS: 0,
            cores: CORES,
          }),
        },
        processes: {
          sample: async () => {
            this.reads += 1;
            this.clockMs += this.readCostMs;
            const during = this.duringRead;
            this.duringRead = null;
            during?.();
            return { atMs: 0, processes: this.lightView.complete(this.processes) };
          },
          ...(this.light ? { lightSample: () => this.lightSample() } : {}),
          commandLine: () => null,
        },
        grouper: {
          groupAll: (ps) =>
            new Map(ps.map((p) => [p.id, { key: `app:${p.name}`, name: p.name, kind: 'app' as const }])),
        },
        power: () => ({ measured: null, hint: null }),
        gpuPowerW: () => 0,
      },
      { settled: (t) => this.settled.push(t) },
      999,
      () => this.clockMs,
    );
  }

  private lightSample(): LightProcessSnapshot {
    this.lightReads += 1;
    return this.lightView.light(this.processes, this.unseen);
  }
  /** The live processes, in order, use these CPU-seconds each; the machine's busy total grows by as much. */
  use(...cpuS: number[]): void {
    cpuS.forEach((d, i) => {
      const p = this.processes[i];
      if (!p) throw new Error(`no process at index ${i}`);
      p.cpuS += d;
      this.busyS += d;
    });
  }
  ctx(i: number, policy: AttributionPolicy, detail: boolean, extra: Partial<TickContext> = {}): TickContext {
    return tickContext(i, policy, detail, extra);
  }
}

/** The context of the `i`-th 2 s tick from T0 on a 4-core desktop at a custom 400 g/kWh. */
export function tickContext(
  i: number,
  policy: AttributionPolicy,
  detail: boolean,
  extra: Partial<TickContext> = {},
): TickContext {
  return {
    monoMs: i * 2000,
    wallMs: T0 + i * 2000,
    intervalS: 2,
    detail,
    model,
    intensity,
    policy,
    ...extra,
  };
}

export function sum(rows: readonly AppRow[], f: (r: AppRow) => number): number {
  return rows.reduce((s, r) => s + f(r), 0);
}

export function expectConserved(
  machine: { energyJ: number; embodiedG: number; operationalG: number },
  rows: readonly AppRow[],
): void {
  // Conservation: rows add up to the machine within 0.1 % every tick.
  expect(Math.abs(sum(rows, (r) => r.energyJ) - machine.energyJ)).toBeLessThanOrEqual(machine.energyJ * 1e-3);
  expect(Math.abs(sum(rows, (r) => r.embodiedG) - machine.embodiedG)).toBeLessThanOrEqual(
    machine.embodiedG * 1e-3,
  );
  expect(Math.abs(sum(rows, (r) => r.operationalG) - machine.operationalG)).toBeLessThanOrEqual(
    machine.operationalG * 1e-3,
  );
}
