// /metrics on this real machine over two minutes: two engines, each behind its own headless server, watch one
// workload at once — one with an SSE client asking for detail (someone looking), one with nobody connected. The
// workload is a script that runs short `python3 -c` children again and again (the case that used to land in
// `Exited processes`), started as its own app (double fork). Each server's `carbontray_app_cpu_seconds_total` for
// the script's app must match the kernel's own accounting of it (os.times() of the script: utime + stime + cutime +
// cstime, proc(5)) within 5 %, as must the app's CPU in each engine's stored history, with under 5 % of it in
// `Exited processes`; the app's energy counter must be what history stored, and its share of the machine's energy
// the same within 5 % whether or not anyone looked.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { HeadlessServer } from '../../../src/server/server.js';
import { MS_PER_MINUTE } from '../../../src/shared/time.js';
import { PY, startOwnApp, truthThenWait } from './workload.js';

/**
 * Two minutes of work, as the issue asks: one child after another, like a shell loop. (A loop that slept 0.2 s between
 * runs came out 3.5 % under the kernel's per-process figure, 5.5 % under heavy load: rows are capped by /proc/stat's
 * busy time, sampled at each timer tick, which misses the first part of bursts that wake on a timer tick.)
 */
const WORK_S = 120;
const INTERVAL_S = 2;
const KEY = 'system:ct_metrics_loop.py';
const dir = mkdtempSync(join(tmpdir(), 'ct-metrics-'));

const linux = process.platform === 'linux' && existsSync('/proc/self/stat');

const running: { engine: Engine; server: HeadlessServer }[] = [];
const streams: AbortController[] = [];
afterAll(async () => {
  for (const s of streams) s.abort();
  for (const { engine, server } of running) {
    await server.close();
    await engine.stop();
  }
  writeFileSync(join(dir, 'stop'), '');
  rmSync(dir, { recursive: true, force: true });
});

async function serve(name: string): Promise<{ base: URL; engine: Engine }> {
  const dataDir = join(dir, name);
  const engine = createEngine({ dataDir, shell: 'test' });
  await engine.updateSettings({ intervalS: INTERVAL_S });
  await engine.start();
  const server = new HeadlessServer({
    api: engine,
    host: '127.0.0.1',
    port: 0,
    token: null,
    staticDir: null,
  });
  running.push({ engine, server });
  return { base: await server.listen(), engine };
}

/** Keeps an SSE stream with detail open, as the popup does while it is shown. */
async function look(base: URL): Promise<void> {
  const controller = new AbortController();
  streams.push(controller);
  const response = await fetch(new URL('api/stream?detail=1', base), { signal: controller.signal });
  const reader = response.body?.getReader();
  void (async () => {
    try {
      while (reader && !(await reader.read()).done);
    } catch {
      // aborted at the end
    }
  })();
}

interface Counters {
  appCpuS: number;
  appEnergyJ: number;
  machineEnergyJ: number;
  exitedCpuS: number;
}

async function scrape(base: URL): Promise<Counters> {
  const text = await (await fetch(new URL('metrics', base))).text();
  const families = parsePrometheusTextFormat(text);
  const of = (name: string, key: string | null): number => {
    const family = families.find((f) => f.name === name);
    const sample = family?.metrics.find((m) => key === null || m.labels?.key === key);
    return sample === undefined ? 0 : Number(sample.value);
  };
  return {
    appCpuS: of('carbontray_app_cpu_seconds_total', KEY),
    appEnergyJ: of('carbontray_app_energy_joules_total', KEY),
    machineEnergyJ: of('carbontray_machine_energy_joules_total', null),
    exitedCpuS: of('carbontray_app_cpu_seconds_total', 'exited'),
  };
}

describe.skipIf(!linux || PY === null)(
  '/metrics over two minutes on real /proc (needs Linux /proc and python3)',
  () => {
    it('counts a loop of short python3 runs on its app within 5 % of the kernel, looking and not', async () => {
      const { base: looking, engine: lookingEngine } = await serve('looking');
      const { base: nobody, engine: nobodyEngine } = await serve('nobody');
      await look(looking);
      const script = join(dir, 'ct_metrics_loop.py');
      const truthFile = `${script}.truth.json`;
      writeFileSync(
        script,
        [
          'import json, os, subprocess, sys, time',
          `end = time.monotonic() + ${WORK_S}`,
          'while time.monotonic() < end:',
          '    subprocess.run([sys.executable, "-c", "sum(i * i for i in range(150000))"], check=True)',
          ...truthThenWait(truthFile, dir, join(dir, 'stop')),
        ].join('\n'),
      );
      // Both engines have a baseline by now (their first tick ran in start()).
      const before = [await scrape(looking), await scrape(nobody)];
      startOwnApp([PY as string, script]);
      const started = Date.now();
      while (!existsSync(truthFile)) {
        if (Date.now() - started > (WORK_S + 60) * 1000) throw new Error('the workload never finished');
        await new Promise((r) => setTimeout(r, 1000));
      }
      // Nobody looking, the minute in progress settles at the first tick of the next minute.
      const settledBy = (Math.floor(Date.now() / MS_PER_MINUTE) + 1) * MS_PER_MINUTE + 3 * INTERVAL_S * 1000;
      await new Promise((r) => setTimeout(r, settledBy - Date.now()));
      const truthS = (JSON.parse(readFileSync(truthFile, 'utf8')) as { cpuS: number }).cpuS;
      const servers = [
        { who: 'looking', base: looking, engine: lookingEngine, before: before[0] as Counters },
        { who: 'nobody looking', base: nobody, engine: nobodyEngine, before: before[1] as Counters },
      ];
      const table = [];
      for (const { who, base, engine, before: start } of servers) {
        const c = await scrape(base);
        // What history stored of the app: the closed minutes since the workload started (the open one has only
        // the script's idle wait).
        const stored = await engine.getHistory({
          app: KEY,
          from: Math.floor(started / MS_PER_MINUTE) * MS_PER_MINUTE,
          to: Date.now(),
          stepS: 60,
        });
        table.push({
          scenario: `python3 -c loop, ${who}`,
          truthS: Number(truthS.toFixed(2)),
          metricsAppS: Number(c.appCpuS.toFixed(2)),
          historyAppS: Number(stored.totals.cpuS.toFixed(2)),
          // Machine-wide, over the workload's run: CPU of processes that ended unwaited, whoever they were.
          exitedS: Number((c.exitedCpuS - start.exitedCpuS).toFixed(2)),
          appEnergyShare: Number((c.appEnergyJ / c.machineEnergyJ).toFixed(4)),
          appEnergyJ: Number((c.appEnergyJ - start.appEnergyJ).toFixed(1)),
          machineEnergyJ: Number((c.machineEnergyJ - start.machineEnergyJ).toFixed(1)),
          historyAppEnergyJ: Number(stored.totals.energyJ.toFixed(1)),
        });
      }
      console.log(table);
      for (const row of table) {
        expect(Math.abs(row.metricsAppS - row.truthS) / row.truthS).toBeLessThan(0.05);
        expect(Math.abs(row.historyAppS - row.truthS) / row.truthS).toBeLessThan(0.05);
        // /metrics and history count the same settled ticks.
        expect(Math.abs(row.historyAppEnergyJ - row.appEnergyJ) / row.appEnergyJ).toBeLessThan(0.05);
        expect(row.exitedS / row.truthS).toBeLessThan(0.05);
        expect(row.appEnergyShare).toBeGreaterThan(0);
        expect(row.appEnergyShare).toBeLessThan(1);
      }
      // Both servers priced the same workload on the same machine: the app's share of the machine's energy agrees
      // within 5 % (nobody looking, the light reads give each tick its own split; measured 0.4868 / 0.4901).
      const [a, b] = table as [(typeof table)[number], (typeof table)[number]];
      expect(Math.abs(a.appEnergyShare - b.appEnergyShare) / a.appEnergyShare).toBeLessThan(0.05);
    }, 240_000);
  },
);
