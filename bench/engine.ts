// Benchmark: the engine's own CPU and memory with 1000 extra processes, popup closed and open, against
// an idle Node process measured in the same run; and the history store with 30 days × 50 apps (size, query times).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { SYNTHETIC_ROW_KINDS } from '../src/core/vocabulary.js';
import { HistoryStore } from '../src/engine/history/store.js';
import type { AppMinute } from '../src/engine/history/types.js';
import { MinuteAccumulator } from '../src/engine/minutes.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 300);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 15);
const EXTRA_PROCESSES = Number(process.env.BENCH_EXTRA ?? 1000);
/** The V8 flag every long-running launch of the engine uses (see bin/carbon-tray.js). */
const SHIPPED_FLAG = '--max-semi-space-size=1';
const DAYS = 30;
const APPS = 50;
const ROOT = join(import.meta.dirname, '..');
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'carbon-tray-bench');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Compiles bench/engine-child.ts and what it imports to plain JS, so the engine is measured as it ships (no tsx). */
function compileChild(): string {
  const file = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const config = ts.parseJsonConfigFileContent(file.config, ts.sys, ROOT);
  const program = ts.createProgram([join(ROOT, 'bench', 'engine-child.ts')], {
    ...config.options,
    rootDir: ROOT,
    outDir: OUT_DIR,
    noEmit: false,
    sourceMap: false,
    declaration: false,
  });
  const result = program.emit();
  if (result.emitSkipped) throw new Error('could not compile bench/engine-child.ts');
  return join(OUT_DIR, 'bench', 'engine-child.js');
}

/** utime + stime of a process, seconds (fields 14 and 15 of proc(5)). */
function cpuS(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

function memoryMB(pid: number): { rssMB: number; peakMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMB: kB('VmRSS') / 1024, peakMB: kB('VmHWM') / 1024 };
}

async function startChild(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`benchmark child exited with ${code}`)));
  });
  return child;
}

interface Row {
  name: string;
  pct: number;
  rssMB: number;
  peakMB: number;
}

async function engineOverhead(): Promise<void> {
  const script = compileChild();
  const sleepers = Array.from({ length: EXTRA_PROCESSES }, () =>
    spawn('sleep', [String(DURATION_S + WARMUP_S + 120)], { stdio: 'ignore' }),
  );
  const dirs = [
    mkdtempSync(join(tmpdir(), 'ct-bench-closed-')),
    mkdtempSync(join(tmpdir(), 'ct-bench-open-')),
    mkdtempSync(join(tmpdir(), 'ct-bench-open-semi-')),
  ];
  const processCount = (): number => readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const peers = {
      'idle node (peer)': await startChild([
        '-e',
        "process.stdout.write('ready\\n'); setInterval(() => {}, 2000)",
      ]),
      // As it ships: bin/carbon-tray.js, `npm run headless` and Electron's js-flags cap V8's young generation.
      'engine, popup closed': await startChild([SHIPPED_FLAG, script, dirs[0] as string, '0']),
      'engine, popup open (detail)': await startChild([SHIPPED_FLAG, script, dirs[1] as string, '1']),
      // Same engine with V8's default young generation: how much of the RSS is the nursery, not data.
      'open, default young gen.': await startChild([script, dirs[2] as string, '1']),
    };
    console.log(
      `engine overhead: ${processCount()} processes on the machine (${EXTRA_PROCESSES} extra), ${WARMUP_S} s warm-up, ${DURATION_S} s measured, 2 s ticks`,
    );
    await new Promise((resolve) => setTimeout(resolve, WARMUP_S * 1000));
    const start = Object.fromEntries(Object.entries(peers).map(([k, c]) => [k, cpuS(c.pid as number)]));
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, DURATION_S * 1000));
    const wallS = (performance.now() - t0) / 1000;
    const rows: Row[] = Object.entries(peers).map(([name, c]) => {
      const pct = ((cpuS(c.pid as number) - (start[name] as number)) / wallS) * 100;
      return { name, pct, ...memoryMB(c.pid as number) };
    });
    const [idle, closed, open] = rows as [Row, Row, Row, Row];
    for (const r of rows) {
      console.log(
        `  ${r.name.padEnd(31)} ${r.pct.toFixed(3).padStart(6)} % of one core   RSS ${r.rssMB.toFixed(1)} MB (peak ${r.peakMB.toFixed(1)} MB)   ×${(r.rssMB / idle.rssMB).toFixed(2)} the idle node's RSS`,
      );
    }
    console.log(
      `  targets: closed ${closed.pct.toFixed(3)} % / 0.5 % = ${(closed.pct / 0.5).toFixed(2)}; open ${open.pct.toFixed(3)} % / 2.5 % = ${(open.pct / 2.5).toFixed(2)}; RSS ${Math.max(closed.peakMB, open.peakMB).toFixed(1)} MB / 80 MB = ${(Math.max(closed.peakMB, open.peakMB) / 80).toFixed(2)}`,
    );
    console.log(`  open / closed CPU ratio: ${(open.pct / closed.pct).toFixed(1)}`);
    for (const c of Object.values(peers)) c.kill('SIGTERM');
  } finally {
    for (const s of sleepers) s.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

/** Fills a store as 30 days of running would: minutes through the engine's accumulator, maintenance hourly. */
function historyStore(): void {
  const dir = mkdtempSync(join(tmpdir(), 'ct-bench-history-'));
  const path = join(dir, 'history.sqlite');
  const store = new HistoryStore(path);
  const now = Date.UTC(2026, 10, 23);
  const start = now - DAYS * 86_400_000;
  let seed = 1;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const accumulator = new MinuteAccumulator();
  const fillStarted = performance.now();
  for (let minute = 0; minute < DAYS * 1440; minute++) {
    const atMs = start + minute * 60_000;
    const apps: AppMinute[] = Array.from({ length: APPS }, (_, a) => {
      const energyJ = rand() * 60 * (a < 5 ? 10 : 1);
      return {
        key: `app:bench-${a}`,
        name: `Bench app ${a}`,
        kind: 'app',
        energyJ,
        operationalG: energyJ * 1e-4,
        embodiedG: rand() * 0.01,
        cpuS: rand() * 10,
        rssByteS: rand() * 60e9,
      };
    });
    const synthetic: AppMinute[] = SYNTHETIC_ROW_KINDS.map((k) => ({
      key: k,
      name: k,
      kind: k,
      energyJ: 100,
      operationalG: 0.01,
      embodiedG: 0.05,
      cpuS: 1,
      rssByteS: 0,
    }));
    const rows = [...apps, ...synthetic];
    const machine = {
      powerW: 0,
      powerSource: 'model' as const,
      powerDetail: '',
      energyJ: rows.reduce((s, r) => s + r.energyJ, 0),
      operationalG: rows.reduce((s, r) => s + r.operationalG, 0),
      embodiedG: rows.reduce((s, r) => s + r.embodiedG, 0),
      intensityGPerKWh: 400,
      intensitySource: 'annual' as const,
      intensityDetail: '',
      cpuUtilization: 0.2,
      memoryEnergyJ: 0,
      idleEnergyJ: 0,
      intervalS: 60,
      busyS: 24,
    };
    const asRows = rows.map((r) => ({
      ...r,
      kind: r.kind as 'app',
      powerW: 0,
      gPerH: 0,
      share: 0,
      rssBytes: r.rssByteS / 60,
      processCount: 1,
    }));
    const closed = accumulator.add(atMs + 59_999, machine, asRows);
    if (closed) store.writeMinute(closed);
    if (minute % 60 === 59) store.maintain(atMs + 60_000, 400);
  }
  const last = accumulator.flush();
  if (last) store.writeMinute(last);
  const fillS = (performance.now() - fillStarted) / 1000;
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const sizeMB = (statSync(path).size + statSync(`${path}-wal`).size) / 1e6;
  const time = (fn: () => unknown): number => {
    const runs: number[] = [];
    for (let i = 0; i < 21; i++) {
      const t = performance.now();
      fn();
      runs.push(performance.now() - t);
    }
    return median(runs);
  };
  const q = store.queries;
  const top24h = time(() => q.topApps(now - 86_400_000, now, 10));
  const app30d = time(() => q.appSeries('app:bench-3', start, now, 3600));
  const scan = time(() => store.db.prepare('SELECT SUM(energy_j) FROM app_minutes').get());
  const rowCount = store.db
    .prepare('SELECT (SELECT COUNT(*) FROM app_minutes) + (SELECT COUNT(*) FROM app_hours)')
    .pluck()
    .get() as number;
  console.log(
    `history: ${DAYS} days × ${APPS} apps (top 10 + synthetic + Other per minute; minutes kept 7 days, hourly roll-ups for all), filled in ${fillS.toFixed(1)} s, ${rowCount} app rows`,
  );
  console.log(`  on disk ${sizeMB.toFixed(1)} MB (target < 100 MB: ratio ${(sizeMB / 100).toFixed(2)})`);
  console.log(
    `  top apps for 24 h: ${top24h.toFixed(2)} ms median of 21 (target < 20 ms: ratio ${(top24h / 20).toFixed(2)}); one app for 30 days (hourly): ${app30d.toFixed(2)} ms`,
  );
  console.log(
    `  peer: one full scan of the minute table: ${scan.toFixed(2)} ms (top-24 h / scan = ${(top24h / scan).toFixed(2)})`,
  );
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

historyStore();
await engineOverhead();
