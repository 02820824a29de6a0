// Benchmark: CPU cost of one steady-state process sample vs systeminformation, ps and the /proc floor.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import si from 'systeminformation';
import { parseProcStat } from '../src/sensors/processes/proc-parse.js';
import { LinuxProcessSampler } from '../src/sensors/processes/linux.js';

const EXTRA_PROCESSES = Number(process.env.BENCH_EXTRA ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PS_ARGS = ['-eo', 'pid,ppid,uid,rss,time,lstart,comm'];

/** CPU seconds of this process plus its reaped children (utime+stime and cutime+cstime of /proc/self/stat). */
function cpuNowS(): number {
  const own = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  const childTicks = Number(fields[13]) + Number(fields[14]); // fields 16 and 17 of proc(5)
  return (own.user + own.system) / 1e6 + childTicks / 100;
}

/** Median CPU seconds of one call of `fn`, over `repeat` calls. */
async function cpuPerCall(repeat: number, fn: () => unknown): Promise<number> {
  const costs: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = cpuNowS();
    await fn();
    costs.push(cpuNowS() - start);
  }
  return median(costs);
}

/** Mean CPU seconds per call over a batch: for calls cheaper than the 10 ms child-tick resolution. */
async function cpuPerBatch(repeat: number, fn: () => unknown): Promise<number> {
  const start = cpuNowS();
  for (let i = 0; i < repeat; i += 1) await fn();
  return (cpuNowS() - start) / repeat;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The floor: read every /proc/<pid>/stat once and nothing else. */
function readEveryStat(): number {
  let bytes = 0;
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    try {
      bytes += readFileSync(`/proc/${entry}/stat`).length;
    } catch {
      // the process exited between readdir and read
    }
  }
  return bytes;
}

/** A tighter floor: the same reads with open/read/close into one reused buffer (no fstat, no allocation). */
function readEveryStatReusedBuffer(): number {
  const buffer = Buffer.allocUnsafe(4096);
  let bytes = 0;
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) < 48 || entry.charCodeAt(0) > 57) continue;
    try {
      const fd = openSync(`/proc/${entry}/stat`, 'r');
      bytes += readSync(fd, buffer, 0, buffer.length, 0);
      closeSync(fd);
    } catch {
      // the process exited between readdir and open
    }
  }
  return bytes;
}

function countProcesses(): number {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
}

/** Pids whose process group is `pgid` (the idle processes this benchmark started). */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'))?.pgrp === pgid)
        members.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return members;
}

async function main(): Promise<void> {
  const before = countProcesses();
  // One shell in its own process group starts the idle processes; killing the group ends them all.
  const parent = spawn(
    'sh',
    ['-c', `i=0; while [ $i -lt ${EXTRA_PROCESSES} ]; do sleep 86400 & i=$((i+1)); done; wait`],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  const pgid = parent.pid as number;
  const cleanup = (): void => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  try {
    while (groupMembers(pgid).length < EXTRA_PROCESSES + 1) await new Promise((r) => setTimeout(r, 200));
    console.log(`processes: ${before} before, ${countProcesses()} with ${EXTRA_PROCESSES} extra idle ones`);

    const sampler = new LinuxProcessSampler('/proc');
    sampler.sampleSync(); // first sample fills the per-identity cache; the rest are steady state
    await si.processes(); // systeminformation's first call primes its own CPU % state
    const rows: Record<'sampler' | 'si' | 'ps' | 'floor' | 'tight', number>[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const row = {
        sampler: await cpuPerCall(15, () => sampler.sampleSync()),
        floor: await cpuPerCall(15, readEveryStat),
        tight: await cpuPerCall(15, readEveryStatReusedBuffer),
        ps: await cpuPerBatch(10, () => spawnSync('ps', PS_ARGS, { maxBuffer: 64 * 1024 * 1024 })),
        si: await cpuPerCall(1, () => si.processes()),
      };
      rows.push(row);
      console.log(
        `round ${round}: sampler ${ms(row.sampler)}, floor ${ms(row.floor)}, tight floor ${ms(row.tight)}, ps ${ms(row.ps)}, systeminformation ${ms(row.si)}`,
      );
    }
    const m = (k: keyof (typeof rows)[number]): number => median(rows.map((r) => r[k]));
    const [a, b, c, d, e] = [m('sampler'), m('si'), m('ps'), m('floor'), m('tight')];
    console.log(`\nmedian CPU per full sample over ${ROUNDS} rounds (own + child processes):`);
    console.log(`  (a) LinuxProcessSampler, steady state  ${ms(a)}`);
    console.log(`  (b) systeminformation.processes()      ${ms(b)}`);
    console.log(`  (c) ps ${PS_ARGS.join(' ')}  ${ms(c)}`);
    console.log(`  (d) floor: read every /proc/<pid>/stat ${ms(d)}`);
    console.log(`  (e) tighter floor: same, reused buffer ${ms(e)}`);
    console.log('ratios (target):');
    console.log(`  a/b = ${(a / b).toFixed(4)} (≤ 0.02) ${a / b <= 0.02 ? 'met' : 'NOT met'}`);
    console.log(`  a/c = ${(a / c).toFixed(3)} (≤ 0.6) ${a / c <= 0.6 ? 'met' : 'NOT met'}`);
    console.log(`  a/d = ${(a / d).toFixed(3)} (≤ 1.5) ${a / d <= 1.5 ? 'met' : 'NOT met'}`);
    console.log(`  a/e = ${(a / e).toFixed(3)} (≤ 1.5) ${a / e <= 1.5 ? 'met' : 'NOT met'}`);
    sampler.close();
  } finally {
    cleanup();
    process.off('exit', cleanup);
    let left = groupMembers(pgid);
    for (let i = 0; i < 50 && left.length > 0; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      left = groupMembers(pgid);
    }
    console.log(`cleanup: ${left.length} of the started processes left (${countProcesses()} processes now)`);
  }
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(2)} ms`;
}

await main();
