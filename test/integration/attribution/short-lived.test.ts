// A script that runs short `python3 -c` children again and again, started as its own app (double fork, re-parented
// to pid 1), measured by two monitors over the real /proc at once: one with someone looking (a process read every
// tick), one with nobody looking (a read each minute). Each must charge the children's CPU to the script's app,
// within 5 % of the kernel's own accounting of the same process tree (os.times() of the parent: utime + stime +
// cutime + cstime, proc(5)), and leave under 5 % of it to `Exited processes`.
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Monitor, type AttributedTick, type TickContext } from '../../../src/engine/monitor.js';
import { AppGrouper } from '../../../src/sensors/grouping/apps.js';
import { CpuTotalsReader } from '../../../src/sensors/processes/cpu-totals.js';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';
import { resolveModel } from '../../../src/engine/model.js';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings/schema.js';

const INTERVAL_S = 2;
const WORK_S = 12;
const dir = mkdtempSync(join(tmpdir(), 'ct-attr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real interpreter, not a version manager's shim script: the children are started through it. */
function python(): string | null {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

const PY = python();
const linux = process.platform === 'linux' && existsSync('/proc/self/stat');

function monitorOn(settled: AttributedTick[]): Monitor {
  return new Monitor(
    {
      cpu: new CpuTotalsReader('/proc'),
      processes: new LinuxProcessSampler('/proc'),
      grouper: new AppGrouper({ platform: 'linux' }),
      power: () => ({ measured: null, hint: null }),
      gpuPowerW: () => 0,
    },
    { settled: (t) => settled.push(t) },
  );
}

describe.skipIf(!linux || PY === null)(
  'short-lived children on real /proc (needs Linux /proc and python3)',
  () => {
    it('charges a loop of short python3 runs to the script that runs them, looking and not', async () => {
      const script = join(dir, 'ct_attr_loop.py');
      const truthFile = join(dir, 'truth.json');
      const stopFile = join(dir, 'stop');
      writeFileSync(
        script,
        [
          'import json, os, subprocess, sys, time',
          `end = time.monotonic() + ${WORK_S}`,
          'while time.monotonic() < end:',
          '    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(200000))"], check=True)',
          't = os.times()',
          `json.dump({"cpuS": t.user + t.system + t.children_user + t.children_system}, open(${JSON.stringify(truthFile)}, "w"))`,
          `while not os.path.exists(${JSON.stringify(stopFile)}):`,
          '    time.sleep(0.2)',
        ].join('\n'),
      );
      const model = resolveModel(
        DEFAULT_SETTINGS,
        { cpuModel: null, cores: 2, memoryBytes: null, deviceClass: 'server', tableTdp: null, firmwareDate: null },
        Date.now(),
      );
      const looking: AttributedTick[] = [];
      const nobody: AttributedTick[] = [];
      const monitors = [
        { monitor: monitorOn(looking), detail: true, settled: looking, ticks: 0 },
        { monitor: monitorOn(nobody), detail: false, settled: nobody, ticks: 0 },
      ];
      const ctx = (detail: boolean): TickContext => ({
        monoMs: performance.now(),
        wallMs: Date.now(),
        intervalS: INTERVAL_S,
        detail,
        model,
        intensity: { intensityGPerKWh: 400, source: 'custom', detail: 'test' },
        policy: 'capacity',
      });
      const tickAll = async (): Promise<void> => {
        for (const m of monitors) {
          const out = await m.monitor.tick(ctx(m.detail));
          if (out.kind === 'tick') m.ticks += 1;
          if (out.kind === 'gap') throw new Error(`a ${out.gap.reason} gap: the machine is too busy for this test`);
        }
      };
      await tickAll(); // baselines, before the workload starts
      execSync(`(setsid ${JSON.stringify(PY)} ${JSON.stringify(script)} >/dev/null 2>&1 &)`);
      try {
        const started = Date.now();
        while (!existsSync(truthFile) || monitors.some((m) => m.settled.length < m.ticks)) {
          if (Date.now() - started > (WORK_S + 90) * 1000) throw new Error('the workload or a minute read never came');
          await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
          await tickAll();
        }
      } finally {
        writeFileSync(stopFile, '');
      }
      const truthS = (JSON.parse(readFileSync(truthFile, 'utf8')) as { cpuS: number }).cpuS;
      const sumOf = (ticks: AttributedTick[], key: string): number =>
        ticks.flatMap((t) => t.rows.filter((r) => r.key === key)).reduce((s, r) => s + r.cpuS, 0);
      const table = monitors.map((m) => ({
        scenario: `python3 -c loop, ${m.detail ? 'looking' : 'nobody looking'}`,
        truthS: Number(truthS.toFixed(2)),
        appS: Number(sumOf(m.settled, 'system:ct_attr_loop.py').toFixed(2)),
        exitedShare: Number((sumOf(m.settled, 'exited') / truthS).toFixed(3)),
      }));
      console.log(table);
      expect(truthS).toBeGreaterThan(2); // the workload really ran
      for (const row of table) {
        expect(Math.abs(row.appS - truthS) / truthS).toBeLessThan(0.05);
        expect(row.exitedShare).toBeLessThan(0.05);
      }
    }, 150_000);
  },
);
