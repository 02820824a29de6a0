// Windows process sampler through systeminformation, integrating its per-call CPU % into CPU seconds.
import si from 'systeminformation';
import { MS_PER_SECOND } from '../../core/units.js';
import type { ProcessSample, ProcessSampler, ProcessSnapshot } from './types.js';

/**
 * systeminformation reports CPU % since its previous call rather than cumulative CPU time, so this
 * sampler keeps a per-identity running total (`Σ cpu% / 100 × elapsed s`) in the instance. It is an
 * approximation of the kernel's counters and is heavy (it spawns PowerShell); the Linux sampler is exact.
 */
export class WindowsProcessSampler implements ProcessSampler {
  private readonly totals = new Map<string, number>();
  private readonly commandLines = new Map<string, string[]>();
  private lastAtMs: number | null = null;

  async sample(): Promise<ProcessSnapshot> {
    const atMs = Date.now();
    const data = await si.processes();
    const elapsedS = this.lastAtMs === null ? 0 : (atMs - this.lastAtMs) / MS_PER_SECOND;
    this.lastAtMs = atMs;
    const live = new Set<string>();
    const processes: ProcessSample[] = data.list.map((p) => {
      const id = `${p.pid}:${p.started}`;
      live.add(id);
      const cpuS = (this.totals.get(id) ?? 0) + (p.cpu / 100) * elapsedS;
      this.totals.set(id, cpuS);
      if (!this.commandLines.has(id))
        this.commandLines.set(id, [p.path || p.name, ...p.params.split(' ').filter((a) => a !== '')]);
      return {
        id,
        pid: p.pid,
        startTicks: Date.parse(p.started) || 0,
        ppid: p.parentPid,
        name: p.name,
        cpuS,
        childrenCpuS: 0, // systeminformation reports no reaped-children time
        rssBytes: p.memRss * 1024,
        uid: null,
        kernelThread: p.pid === 0 || p.pid === 4,
        exe: p.path || null,
        cgroup: null,
      };
    });
    for (const id of this.totals.keys()) {
      if (!live.has(id)) {
        this.totals.delete(id);
        this.commandLines.delete(id);
      }
    }
    return { atMs, processes };
  }

  commandLine(id: string): readonly string[] | null {
    return this.commandLines.get(id) ?? null;
  }

  /** Forgets the running CPU totals: the next sample starts integrating afresh. */
  close(): void {
    this.totals.clear();
    this.commandLines.clear();
    this.lastAtMs = null;
  }
}
