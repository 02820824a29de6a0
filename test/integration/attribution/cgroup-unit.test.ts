// A real cgroup v2 unit on this machine: a service cgroup made for the test (system.slice/ct-test-<random>.service),
// a busy python workload moved into it that runs short children it waits for and orphans it never waits for (init
// reaps them: their CPU is in no live process's cutime), measured by two monitors at once, one with someone looking
// and one with nobody looking. The service's row must match the cgroup's own usage_usec and the kernel's
// per-process accounting within 5 %: the workload's utime + stime + cutime + cstime from /proc (proc(5) fields
// 14–17) plus each orphan's own on-CPU time, which it reads from /proc/self/schedstat (field 1, ns) as it ends.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttributedTick, TickContext } from '../../../src/engine/monitor.js';
import {
  CgroupCpuReader,
  parseCgroup2Mount,
  parseCpuStatUsageS,
  type Cgroup2Mount,
} from '../../../src/sensors/processes/cgroup-cpu.js';
import { parseProcStat } from '../../../src/sensors/processes/proc-parse.js';
import { liveMonitor, liveTick, PY, serverModel, startOwnApp, waitForStop } from './workload.js';

const INTERVAL_S = 2;
const WORK_S = 10;
const USER_HZ = 100; // the unit of proc(5) utime/stime/cutime/cstime on every mainstream kernel (getconf CLK_TCK)
const dir = mkdtempSync(join(tmpdir(), 'ct-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where cgroup2 is mounted and that root may create cgroups there, else why not (the test's name says it). */
function cgroupMount(): Cgroup2Mount | string {
  if (process.platform !== 'linux' || !existsSync('/proc/self/mountinfo')) return 'not Linux';
  const mount = parseCgroup2Mount(readFileSync('/proc/self/mountinfo', 'utf8'));
  if (!mount) return 'cgroup2 is not mounted';
  if (mount.root !== '/') return `only the cgroup subtree ${mount.root} is mounted`;
  const probe = join(mount.mountPoint, `ct-probe-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    return `cgroup2 at ${mount.mountPoint} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return mount;
}

const MOUNT = cgroupMount();
const skipReason = PY === null ? 'no python3' : typeof MOUNT === 'string' ? MOUNT : null;

/** utime + stime + cutime + cstime of a live process, in seconds (proc(5) fields 14–17). */
function treeCpuS(pid: number): number {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!stat) throw new Error(`/proc/${pid}/stat is not a stat line`);
  return (stat.utimeTicks + stat.stimeTicks + stat.childrenUtimeTicks + stat.childrenStimeTicks) / USER_HZ;
}

describe.skipIf(skipReason !== null)(
  `a cgroup v2 service on this machine${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it("charges the service its cgroup's usage, children and orphans included, looking and not", async () => {
      const mount = MOUNT as Cgroup2Mount;
      const unitName = `ct-test-${randomBytes(4).toString('hex')}.service`;
      const cgroup = `/system.slice/${unitName}`;
      const sliceDir = join(mount.mountPoint, 'system.slice');
      const createdSlice = !existsSync(sliceDir);
      const unitDir = join(sliceDir, unitName);
      const files = {
        pid: join(dir, 'pid'),
        go: join(dir, 'go'),
        done: join(dir, 'done'),
        stop: join(dir, 'stop'),
        orphans: join(dir, 'orphans'),
        script: join(dir, 'ct_unit_work.py'),
      };
      // ~0.1 CPU-s of python: orphans this long make their uncounted exit (~10 ms each here) under 1 % of the run.
      const busy = 'sum(i * i for i in range(1000000))';
      // Each round: its own busy work, a child it waits for, and a grandchild orphaned at once: its CPU is only in
      // the unit's counter (and its own schedstat, which it notes as it ends).
      const orphan = `${busy}; open(${JSON.stringify(files.orphans)}, "a").write(open("/proc/self/schedstat").read().split()[0] + "\\n")`;
      writeFileSync(
        files.script,
        [
          'import os, subprocess, sys, time',
          `open(${JSON.stringify(files.pid)}, "w").write(str(os.getpid()))`,
          `while not os.path.exists(${JSON.stringify(files.go)}):`,
          '    time.sleep(0.05)',
          `end = time.monotonic() + ${WORK_S}`,
          'while time.monotonic() < end:',
          `    ${busy}`,
          `    subprocess.run([sys.executable, "-c", ${JSON.stringify(busy)}], check=True)`,
          `    subprocess.run(["sh", "-c", '(' + ${JSON.stringify(JSON.stringify(PY))} + ' -c ' + ${JSON.stringify(`'${orphan}'`)} + ' &)'], check=True)`,
          'time.sleep(1)', // the last orphans finish
          `open(${JSON.stringify(files.done)}, "w").write("")`,
          ...waitForStop(dir, files.stop),
        ].join('\n'),
      );
      const model = serverModel();
      const reader = new CgroupCpuReader(mount);
      const usageS = (): number => {
        const s = parseCpuStatUsageS(readFileSync(join(unitDir, 'cpu.stat'), 'utf8'));
        if (s === null) throw new Error(`${unitDir}/cpu.stat has no usage_usec`);
        return s;
      };
      let pid = 0;
      mkdirSync(unitDir, { recursive: true });
      try {
        startOwnApp([PY as string, files.script]);
        for (let i = 0; i < 100 && !existsSync(files.pid); i++) await new Promise((r) => setTimeout(r, 50));
        pid = Number(readFileSync(files.pid, 'utf8'));
        // Moved before any monitor sees it (the sampler reads a process's cgroup once, on first sight).
        writeFileSync(join(unitDir, 'cgroup.procs'), String(pid));
        expect(readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toContain(`0::${cgroup}\n`);
        const monitors = [true, false].map((detail) => {
          const settled: AttributedTick[] = [];
          const shown: AttributedTick[] = [];
          const monitor = liveMonitor(settled, { cgroupCpu: reader });
          return { monitor, detail, settled, shown };
        });
        const ctx = (detail: boolean): TickContext => liveTick(detail, model, INTERVAL_S);
        const tickAll = async (): Promise<void> => {
          for (const m of monitors) {
            const out = await m.monitor.tick(ctx(m.detail));
            if (out.kind === 'gap')
              throw new Error(`a ${out.gap.reason} gap: the machine is too busy for this test`);
            if (out.kind === 'tick') m.shown.push(out);
          }
        };
        await tickAll(); // baselines: the workload waits for the go file
        const usageStartS = usageS();
        const treeStartS = treeCpuS(pid);
        writeFileSync(files.go, '');
        const started = Date.now();
        while (!existsSync(files.done)) {
          if (Date.now() - started > (WORK_S + 30) * 1000) throw new Error('the workload never finished');
          await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
          await tickAll();
        }
        await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
        await tickAll();
        const usageEndS = usageS();
        const treeEndS = treeCpuS(pid);
        for (const m of monitors) await m.monitor.drain(); // nobody looking: the ticks since the minute's read (a process read)
        const orphansS = readFileSync(files.orphans, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .reduce((s, l) => s + Number(l) / 1e9, 0);
        const cgroupDeltaS = usageEndS - usageStartS;
        const kernelS = treeEndS - treeStartS + orphansS;
        const key = `service:${unitName}`;
        const cpuOf = (ticks: AttributedTick[], k: string): number =>
          ticks.flatMap((t) => t.rows.filter((r) => r.key === k)).reduce((s, r) => s + r.cpuS, 0);
        const table = monitors.map((m) => ({
          monitor: m.detail ? 'looking' : 'nobody looking',
          cgroupS: Number(cgroupDeltaS.toFixed(3)),
          procS: Number(kernelS.toFixed(3)),
          orphansS: Number(orphansS.toFixed(3)),
          settledRowS: Number(cpuOf(m.settled, key).toFixed(3)),
          liveRowS: Number(cpuOf(m.shown, key).toFixed(3)),
          initRowS: Number(cpuOf(m.settled, 'system:init').toFixed(3)),
          exitedS: Number(cpuOf(m.settled, 'exited').toFixed(3)),
        }));
        console.log(table);
        expect(cgroupDeltaS).toBeGreaterThan(4); // the workload really ran
        expect(orphansS).toBeGreaterThan(0.5); // and so did the orphans
        expect(Math.abs(kernelS - cgroupDeltaS) / cgroupDeltaS).toBeLessThan(0.05);
        // init reaped every orphan (their CPU joined its cutime) but parents the unit's workload: it is charged
        // its own CPU only, looking or not (the last ticks are drained after a process read of their own).
        for (const row of table) expect(row.initRowS).toBeLessThan(0.05 * orphansS);
        for (const row of table) {
          for (const rowS of [row.settledRowS, row.liveRowS]) {
            expect(Math.abs(rowS - cgroupDeltaS) / cgroupDeltaS).toBeLessThan(0.05);
            expect(Math.abs(rowS - kernelS) / kernelS).toBeLessThan(0.05);
          }
        }
      } finally {
        writeFileSync(files.stop, '');
        if (pid > 0) {
          try {
            process.kill(-pid, 'SIGKILL'); // the workload's session (setsid made it the group leader)
          } catch {
            // already gone
          }
        }
        // A cgroup can be removed once no process is left in it; orphans still finishing leave it shortly.
        for (let i = 0; i < 100; i++) {
          try {
            if (readFileSync(join(unitDir, 'cgroup.procs'), 'utf8').trim() === '') break;
          } catch {
            break;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        rmdirSync(unitDir);
        if (createdSlice) rmdirSync(sliceDir);
      }
    }, 120_000);
  },
);
