// What the live attribution tests share: the real python3, the model they price ticks with, and workloads that are
// their own app (double fork) and stop when told to or when their test's folder is gone.
import { execFileSync, execSync } from 'node:child_process';
import {
  Monitor,
  type AttributedTick,
  type MonitorSensors,
  type TickContext,
} from '../../../src/engine/monitor.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings/schema.js';
import { resolveModel, type ModelParams } from '../../../src/engine/model.js';
import { AppGrouper } from '../../../src/sensors/grouping/apps.js';
import { CpuTotalsReader } from '../../../src/sensors/processes/cpu-totals.js';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';

/** The real interpreter, not a version manager's shim script: the workloads' children are started through it. */
function python(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** python3's executable, or null where there is none (the tests then skip, saying so). */
export const PY = python();

/** A 2-core server on its class defaults (src/core/defaults.ts): the attribution tests only compare CPU seconds. */
export function serverModel(): ModelParams {
  return resolveModel(
    DEFAULT_SETTINGS,
    {
      cpuModel: null,
      cores: 2,
      memoryBytes: null,
      deviceClass: 'server',
      tableTdp: null,
      firmwareDate: null,
    },
    Date.now(),
  );
}

/** A Monitor on this machine's real /proc (modelled power), sending what it settles to `settled`. */
export function liveMonitor(settled: AttributedTick[], extra: Partial<MonitorSensors> = {}): Monitor {
  return new Monitor(
    {
      cpu: new CpuTotalsReader('/proc'),
      processes: new LinuxProcessSampler('/proc'),
      grouper: new AppGrouper({ platform: 'linux' }),
      power: () => ({ measured: null, hint: null }),
      gpuPowerW: () => 0,
      ...extra,
    },
    { settled: (t) => settled.push(t) },
  );
}

/** The context of a tick made now, looking (`detail`) or not, at a custom 400 g/kWh under the `capacity` policy. */
export function liveTick(detail: boolean, model: ModelParams, intervalS: number): TickContext {
  return {
    monoMs: performance.now(),
    wallMs: Date.now(),
    intervalS,
    detail,
    model,
    intensity: { intensityGPerKWh: 400, source: 'custom', detail: 'test' },
    policy: 'capacity',
  };
}

/**
 * Python lines that write the script's CPU as the kernel accounts it — its own and its reaped children's
 * (os.times: utime + stime + cutime + cstime, proc(5)) — to `truthFile` as `{"cpuS": …}`, then wait until
 * `stopFile` exists or `dir` is gone (it is removed right after the stop file, maybe before the script looks).
 */
export function truthThenWait(truthFile: string, dir: string, stopFile: string): string[] {
  return [
    't = os.times()',
    `json.dump({"cpuS": t.user + t.system + t.children_user + t.children_system}, open(${JSON.stringify(truthFile)}, "w"))`,
    ...waitForStop(dir, stopFile),
  ];
}

/** Python lines that wait until `stopFile` exists or `dir` is gone. */
export function waitForStop(dir: string, stopFile: string): string[] {
  return [
    `while os.path.isdir(${JSON.stringify(dir)}) and not os.path.exists(${JSON.stringify(stopFile)}):`,
    '    time.sleep(0.2)',
  ];
}

/** Starts `argv` as its own app: double fork, re-parented to pid 1, in its own session, output discarded. */
export function startOwnApp(argv: readonly string[]): void {
  execSync(`(setsid ${argv.map((a) => JSON.stringify(a)).join(' ')} >/dev/null 2>&1 &)`);
}
