// Picks the machine's measured power each tick, best first: RAPL > battery discharge > none (the model); GPUs on top.
import { join } from 'node:path';
import { BatteryReader } from '../sensors/power/battery.js';
import { NvidiaSmiReader } from '../sensors/power/nvidia-smi.js';
import { RaplReader } from '../sensors/power/rapl.js';
import { MS_PER_SECOND } from '../shared/time.js';
import type { MeasuredPower } from './machine.js';

/** How often nvidia-smi runs: spawning it every 2 s tick would cost more than the rest of the engine. */
const GPU_PERIOD_MS = 10 * MS_PER_SECOND;

/**
 * The measured power sources of one machine. RAPL and batteries are read every tick (a few small sysfs reads);
 * nvidia-smi is probed once and, only when it answers, polled in the background every 10 s.
 */
export class PowerSources {
  private readonly rapl: RaplReader;
  private readonly battery: BatteryReader;
  private readonly gpu: NvidiaSmiReader;
  private gpuW = 0;
  private gpuTimer: ReturnType<typeof setInterval> | null = null;
  /** Why RAPL could not be used, when the reason is something the user can fix (permissions). */
  private raplHint: string | null = null;
  private closed = false;

  constructor(sysRoot: string, gpuCommand = 'nvidia-smi') {
    this.rapl = new RaplReader(join(sysRoot, 'class', 'powercap'));
    this.battery = new BatteryReader(join(sysRoot, 'class', 'power_supply'));
    this.gpu = new NvidiaSmiReader(gpuCommand);
  }

  /** Probes nvidia-smi once; keeps polling it only if it reports board power. */
  async startGpu(): Promise<void> {
    const first = await this.gpu.read();
    if (first.status !== 'ok' || this.closed) return;
    this.gpuW = first.powerW;
    this.gpuTimer = setInterval(() => {
      void this.gpu.read().then((r) => {
        this.gpuW = r.status === 'ok' ? r.powerW : 0;
      });
    }, GPU_PERIOD_MS);
    this.gpuTimer.unref();
  }

  /** Measured CPU + memory (RAPL) or whole-machine (battery) power since the previous call, else null. */
  measured(monoS: number): MeasuredPower | null {
    const rapl = this.rapl.read(monoS);
    if (rapl.status === 'ok')
      return { powerW: rapl.powerW, source: 'rapl', detail: rapl.detail, memoryPowerW: rapl.dramW };
    this.raplHint = rapl.status === 'unavailable' && rapl.reason.includes('permission') ? rapl.reason : null;
    const battery = this.battery.read();
    if (battery.status === 'ok')
      return { powerW: battery.powerW, source: 'battery', detail: battery.detail, memoryPowerW: null };
    return null;
  }

  /** A fixable reason RAPL is not used (shown next to the model's figure), or null. */
  hint(): string | null {
    return this.raplHint;
  }

  gpuPowerW(): number {
    return this.gpuW;
  }

  close(): void {
    this.closed = true;
    if (this.gpuTimer) clearInterval(this.gpuTimer);
    this.gpuTimer = null;
  }
}
