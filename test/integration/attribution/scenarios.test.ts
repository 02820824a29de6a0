// Real workloads on this machine, each started as its own app (double fork, re-parented to pid 1), measured by two
// monitors over the real /proc at once: one with someone looking (a process read every tick), one with nobody
// looking (a complete read each minute, a light read every tick). The workloads: a busy process, a multi-threaded one (node with two busy worker
// threads), a script running short `python3 -c` children again and again, and a `make -j2` build with a python
// step and an md5sum step. All start after the monitors' baselines, so each is also a process started while
// nobody looks. Each must land on its own app within 5 % of the kernel's own accounting of the same process tree
// (the parent's utime + stime + cutime + cstime: os.times() in python, process.cpuUsage() in node, proc(5)),
// and leave under 5 % of the workloads' CPU to `Exited processes`, in settled ticks and in the live rows `tick()`
// returns (nobody looking: each tick's light read). The suite prints scenario → truth → app row (settled, live) →
// Exited share.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttributedTick, TickContext } from '../../../src/engine/monitor.js';
import { liveMonitor, liveTick, PY, serverModel, startOwnApp, truthThenWait } from './workload.js';

const INTERVAL_S = 2;
const WORK_S = 12;
const dir = mkdtempSync(join(tmpdir(), 'ct-attr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HAS_BUILD_TOOLS = ['make', 'cc', 'md5sum'].every((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const linux = process.platform === 'linux' && existsSync('/proc/self/stat');

describe.skipIf(!linux || PY === null || !HAS_BUILD_TOOLS)(
  'attribution scenarios on real /proc (needs Linux /proc, python3, make and cc)',
  () => {
    it('charges a busy process, a multi-threaded one, a loop of short python3 runs and a make -j2 build to their apps, looking and not', async () => {
      const stopFile = join(dir, 'stop');
      const build = join(dir, 'build');
      mkdirSync(build);
      // Eight generated C files, a python step and an md5sum step: a small `make -j2` build, run again and again.
      for (let i = 0; i < 8; i++) {
        writeFileSync(
          join(build, `f${i}.c`),
          `int f${i}(int x) { int s = 0; for (int k = 0; k < x; k++) s += k * ${i + 1}; return s; }\n`.repeat(
            1,
          ) +
            Array.from({ length: 200 }, (_, j) => `int g${i}_${j}(int x) { return f${i}(x) + ${j}; }`).join(
              '\n',
            ),
        );
      }
      writeFileSync(
        join(build, 'Makefile'),
        [
          'OBJS = $(patsubst %.c,%.o,$(wildcard f*.c))',
          'all: sum.txt',
          '%.o: %.c',
          '\tcc -O2 -c $< -o $@',
          'gen.txt: $(OBJS)',
          `\t${PY} -c "print(sum(i * i for i in range(300000)))" > gen.txt`,
          'sum.txt: gen.txt',
          '\tcat $(OBJS) gen.txt | md5sum > sum.txt',
          'clean:',
          '\trm -f *.o gen.txt sum.txt',
        ].join('\n') + '\n',
      );
      const workloads = [
        {
          name: 'busy process',
          key: 'system:ct_attr_busy.py',
          script: join(dir, 'ct_attr_busy.py'),
          step: 'sum(i * i for i in range(200000))',
        },
        {
          name: 'python3 -c loop',
          key: 'system:ct_attr_loop.py',
          script: join(dir, 'ct_attr_loop.py'),
          step: 'subprocess.run([sys.executable, "-c", "sum(i * i for i in range(200000))"], check=True)',
        },
        {
          name: 'make -j2 build',
          key: 'system:ct_attr_build.py',
          script: join(dir, 'ct_attr_build.py'),
          step: `subprocess.run(["make", "-s", "-C", ${JSON.stringify(build)}, "clean", "all", "-j2"], check=True)`,
        },
      ].map((w) => ({ ...w, truthFile: `${w.script}.truth.json` }));
      const threads = {
        name: 'multi-threaded (2 threads)',
        key: 'system:ct_attr_threads.js',
        script: join(dir, 'ct_attr_threads.js'),
        truthFile: join(dir, 'ct_attr_threads.js.truth.json'),
      };
      // Two worker threads busy for WORK_S; the main thread then writes the process's CPU (all threads) and waits.
      writeFileSync(
        threads.script,
        [
          "const { Worker } = require('node:worker_threads');",
          "const fs = require('node:fs');",
          `const end = Date.now() + ${WORK_S * 1000};`,
          'const busy = `const end = ${end}; while (Date.now() < end) {}`;',
          'let left = 2;',
          'for (let i = 0; i < 2; i++)',
          "  new Worker(busy, { eval: true }).on('exit', () => {",
          '    if (--left > 0) return;',
          '    const u = process.cpuUsage();',
          `    fs.writeFileSync(${JSON.stringify(threads.truthFile)}, JSON.stringify({ cpuS: (u.user + u.system) / 1e6 }));`,
          `    setInterval(() => { if (!fs.existsSync(${JSON.stringify(dir)}) || fs.existsSync(${JSON.stringify(stopFile)})) process.exit(0); }, 200);`,
          '  });',
        ].join('\n'),
      );
      for (const w of workloads) {
        writeFileSync(
          w.script,
          [
            'import json, os, subprocess, sys, time',
            `end = time.monotonic() + ${WORK_S}`,
            'while time.monotonic() < end:',
            `    ${w.step}`,
            ...truthThenWait(w.truthFile, dir, stopFile),
          ].join('\n'),
        );
      }
      const model = serverModel();
      const looking: AttributedTick[] = [];
      const nobody: AttributedTick[] = [];
      // The rows each tick() returned, as /api/snapshot shows them (nobody looking: provisional between reads).
      const monitors = [
        {
          monitor: liveMonitor(looking),
          detail: true,
          settled: looking,
          shown: [] as AttributedTick[],
          ticks: 0,
        },
        {
          monitor: liveMonitor(nobody),
          detail: false,
          settled: nobody,
          shown: [] as AttributedTick[],
          ticks: 0,
        },
      ];
      const ctx = (detail: boolean): TickContext => liveTick(detail, model, INTERVAL_S);
      const tickAll = async (): Promise<void> => {
        for (const m of monitors) {
          const out = await m.monitor.tick(ctx(m.detail));
          if (out.kind === 'tick') {
            m.ticks += 1;
            m.shown.push(out);
          }
          if (out.kind === 'gap')
            throw new Error(`a ${out.gap.reason} gap: the machine is too busy for this test`);
        }
      };
      await tickAll(); // baselines, before the workload starts
      for (const w of workloads) startOwnApp([PY as string, w.script]);
      startOwnApp([process.execPath, threads.script]);
      const all = [...workloads, threads];
      try {
        const started = Date.now();
        while (
          all.some((w) => !existsSync(w.truthFile)) ||
          monitors.some((m) => m.settled.length < m.ticks)
        ) {
          if (Date.now() - started > (WORK_S + 90) * 1000)
            throw new Error('the workload or a minute read never came');
          await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
          await tickAll();
        }
      } finally {
        writeFileSync(stopFile, '');
      }
      const sumOf = (ticks: AttributedTick[], key: string): number =>
        ticks.flatMap((t) => t.rows.filter((r) => r.key === key)).reduce((s, r) => s + r.cpuS, 0);
      const truths = all.map((w) => (JSON.parse(readFileSync(w.truthFile, 'utf8')) as { cpuS: number }).cpuS);
      const allTruthS = truths.reduce((s, t) => s + t, 0);
      const table = monitors.flatMap((m) =>
        all.map((w, i) => ({
          scenario: `${w.name}, ${m.detail ? 'looking' : 'nobody looking'}`,
          truthS: Number((truths[i] as number).toFixed(2)),
          appS: Number(sumOf(m.settled, w.key).toFixed(2)),
          liveS: Number(sumOf(m.shown, w.key).toFixed(2)),
          // The workloads ran together: `Exited processes` over the run, against all of their CPU.
          exitedShare: Number((sumOf(m.settled, 'exited') / allTruthS).toFixed(3)),
        })),
      );
      console.log(table);
      for (const row of table) {
        expect(row.truthS).toBeGreaterThan(2); // the workload really ran
        expect(Math.abs(row.appS - row.truthS) / row.truthS).toBeLessThan(0.05);
        expect(Math.abs(row.liveS - row.truthS) / row.truthS).toBeLessThan(0.05);
        expect(row.exitedShare).toBeLessThan(0.05);
      }
    }, 180_000);
  },
);
