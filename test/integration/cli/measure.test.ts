// `carbon-tray measure` on this machine: CPU/energy proportionality, process trees, exit statuses, bad flags.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../../src/measure/document.js';
import { parseProcStat } from '../../../src/sensors/processes/proc-parse.js';
import {
  IDLE_UNTIL_SIGNALLED,
  runCli,
  runCliInterrupted,
  runCliOnTerminal,
  runCliSignalled,
} from './run-cli.js';

/** A node one-liner that spins until it has used `seconds` of CPU (independent of other load on the machine). */
const busy = (seconds: number): string[] => [
  'node',
  '-e',
  `const u=process.cpuUsage;while(u().user+u().system<${seconds * 1e6});`,
];

/** The JSON measurement: the last top-level object on stdout (the command's own output comes first). */
function measurement(stdout: string): Measurement {
  return JSON.parse(stdout.slice(stdout.indexOf('\n{') + 1 || stdout.indexOf('{'))) as Measurement;
}

/**
 * A python3 daemon: burns 1 s of its own CPU, creates `<dir>/busy-done`, sleeps `sleepS`, then writes its
 * utime + stime + cutime + cstime (os.times, the kernel's accounting; some python3 builds (pyenv's here) reap a
 * helper child at start-up, ~0.06 s) to `<dir>/times` and exits.
 */
function daemonScript(dir: string): string {
  const path = join(dir, 'daemon.py');
  writeFileSync(
    path,
    [
      'import os, sys, time',
      'd, sleep_s = sys.argv[1], float(sys.argv[2])',
      't0 = time.process_time()',
      'while time.process_time() - t0 < 1.0: pass',
      "open(os.path.join(d, 'busy-done'), 'w').close()",
      'time.sleep(sleep_s)',
      't = os.times()',
      "open(os.path.join(d, 'times'), 'w').write(str(t.user + t.system + t.children_user + t.children_system))",
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * utime + stime + cutime + cstime of a live process from /proc/<pid>/stat: its CPU and its reaped children's,
 * seconds at USER_HZ 100 (proc(5) fields 14–17).
 */
function kernelCpuS(pid: number): number {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  if (!stat) throw new Error(`cannot read /proc/${pid}/stat`);
  return (stat.utimeTicks + stat.stimeTicks + stat.childrenUtimeTicks + stat.childrenStimeTicks) / 100;
}

/** Daemons a test left running, killed after it whatever happened. */
const leftRunning: number[] = [];
afterEach(() => {
  for (const pid of leftRunning.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('carbon-tray measure', () => {
  it('gives CPU-time and energy ratios of 2.0 ± 0.15 for busy loops of 2 s and 1 s', async () => {
    const one = await runCli(['measure', '--json', '--intensity', '100', '--', ...busy(1)]);
    const two = await runCli(['measure', '--json', '--intensity', '100', '--', ...busy(2)]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const a = measurement(one.stdout);
    const b = measurement(two.stdout);
    // Each loop burns 1 s or 2 s of CPU plus the same node start-up, so the ratio is just under 2.
    expect(b.cpuS / a.cpuS).toBeGreaterThan(1.85);
    expect(b.cpuS / a.cpuS).toBeLessThan(2.15);
    expect(b.energyJ / a.energyJ).toBeGreaterThan(1.85);
    expect(b.energyJ / a.energyJ).toBeLessThan(2.15);
    expect(a.energySource).toBe('model');
    expect(a.cpuS).toBeGreaterThan(0.95);
    expect(a.wallS).toBeGreaterThanOrEqual(a.cpuS * 0.9);
    expect(a.schema).toBe('carbon-tray.measure/1');
    expect(a.runs).toHaveLength(1);
    // node's resident memory is tens of MB (V8 heap + code), never under 10 MB.
    expect(a.peakRssBytes).toBeGreaterThan(10e6);
    expect(a.avgRssBytes).toBeLessThanOrEqual(a.peakRssBytes);
    expect(a.co2eG).toBeCloseTo(a.operationalG + a.embodiedG, 12);
  }, 60_000);

  it('counts the CPU of children and of orphans that outlive their parent', async () => {
    // Two 0.5 s loops: one a child reaped by sh, one orphaned (its subshell exits after 0.3 s) and never
    // reaped by us, so the kernel's cutime misses it and the tree must add it. sh waits for the orphan's
    // done-file so that it has finished before the command ends.
    const done = join(mkdtempSync(join(tmpdir(), 'carbon-tray-orphan-')), 'done');
    const loop = `'${busy(0.5)[2]} require("fs").writeFileSync(process.argv[1], "")'`;
    const script =
      `node -e ${loop} /dev/null & (node -e ${loop} ${done} & sleep 0.3); wait; ` +
      `while [ ! -e ${done} ]; do sleep 0.1; done`;
    const result = await runCli(['measure', '--json', '--', 'sh', '-c', script]);
    expect(result.code).toBe(0);
    const m = measurement(result.stdout);
    // 2 × 0.5 s of loops plus two node start-ups; the orphan's last ≤ 0.1 s sample interval may be missed.
    // Without orphan accounting this is ~0.55 s.
    expect(m.cpuS).toBeGreaterThan(0.9);
    expect(m.cpuS).toBeLessThan(1.5);
  }, 60_000);

  it('repeats the command and reports medians with every run', async () => {
    const result = await runCli([
      'measure',
      '--repeat',
      '3',
      '--json',
      '--runs-per-year',
      '365',
      '--',
      'true',
    ]);
    expect(result.code).toBe(0);
    const m = measurement(result.stdout);
    expect(m.runs).toHaveLength(3);
    const walls = m.runs.map((r) => r.wallS).sort((x, y) => x - y);
    expect(m.wallS).toBe(walls[1]);
    expect(m.perYear?.runsPerYear).toBe(365);
    expect(result.stderr).toMatch(/3 runs, median \(min – max\)/);
  });

  it("passes the command's output through untouched and returns its exit status", async () => {
    const result = await runCli(['measure', '--', 'sh', '-c', 'printf "line one\\nline two"; exit 3']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('line one\nline two');
    expect(result.stderr).toMatch(/failed, exit 3/);
    expect(result.stderr).toMatch(/wall time/);
  });

  it('still reports a command that is not found, with status 127', async () => {
    const result = await runCli(['measure', '--json', '--', 'carbon-tray-no-such-command']);
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/command not found: carbon-tray-no-such-command/);
    const m = measurement(result.stdout);
    expect(m.outcome).toBe('not-found');
    expect(m.exitCode).toBe(127);
    // Only the fork that failed to exec: a few clock ticks at most.
    expect(m.cpuS).toBeLessThan(0.1);
  });

  it('forwards Ctrl-C (SIGINT) to the command and prints the partial measurement, status 130', async () => {
    const result = await runCliInterrupted(['measure', '--json', '--', ...IDLE_UNTIL_SIGNALLED]);
    // 128 + SIGINT (2): the command died of the forwarded signal (the shell convention).
    expect(result.code).toBe(130);
    const m = measurement(result.stdout);
    expect(m.outcome).toBe('interrupted');
    expect(m.wallS).toBeGreaterThan(0.3);
    expect(m.peakRssBytes).toBeGreaterThan(10e6);
    expect(result.stderr).toMatch(/interrupted — partial measurement/);
  }, 30_000);

  it('on a terminal: Ctrl-C reaches the command once, the progress line is cleared, status 130', async () => {
    // Typing ^C on the terminal signals the foreground group: the CLI and the command it measures.
    const { code, out } = await runCliOnTerminal(['measure', '--', ...IDLE_UNTIL_SIGNALLED], {
      cue: 'ready',
      keys: '\x03',
      afterMs: 500,
    });
    expect(out).toMatch(/⏱ .* CPU .* RSS .* 1 process/);
    // The report starts on a cleared line (ESC [2K), not after the progress text.
    expect(out).toContain('\x1b[2Kcarbon-tray measure: node -e');
    expect(out).toMatch(/interrupted — partial measurement, exit 130\]/);
    expect(code).toBe(130);
  }, 30_000);

  it('refuses a bad flag with exit 2 and one clear line', async () => {
    const result = await runCli(['measure', '--repeat', 'two', '--', 'true']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("carbon-tray measure: --repeat: expected a whole number ≥ 1, got 'two'\n");
  });

  it("reports a daemon's CPU so far and names it as still running when the command exits before it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carbon-tray-daemon-'));
    const daemon = daemonScript(dir);
    // sh starts the daemon in the background (its stdio detached) and exits once the daemon's busy second is done.
    const script =
      `python3 ${daemon} ${dir} 60 >/dev/null 2>&1 </dev/null & ` +
      `while [ ! -e ${dir}/busy-done ]; do sleep 0.05; done; exit 0`;
    const result = await runCli(['measure', '--json', '--', 'sh', '-c', script]);
    expect(result.code).toBe(0);
    const m = measurement(result.stdout);
    expect(m.outcome).toBe('ok');
    expect(m.stillRunning).toHaveLength(1);
    const left = m.stillRunning[0] as Measurement['stillRunning'][number];
    leftRunning.push(left.pid);
    expect(left.name).toBe('python3');
    // The daemon sleeps after its busy second, so the kernel's figure now is the figure when measure reported.
    const truth = kernelCpuS(left.pid);
    expect(truth).toBeGreaterThan(0.9); // the busy second, in 10 ms clock ticks
    expect(Math.abs(left.cpuS - truth) / truth).toBeLessThan(0.05);
    // The whole run: the daemon plus sh and its sleeps (a few ms each).
    expect(m.cpuS).toBeGreaterThanOrEqual(left.cpuS);
    expect(m.cpuS).toBeLessThan(truth * 1.05 + 0.1);
    expect(result.stderr).toMatch(/still running\s+python3 \(pid \d+, .* CPU so far\): outlived the command/);
  }, 60_000);

  it('with --wait-descendants waits for what the command left running and counts all of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carbon-tray-daemon-'));
    const daemon = daemonScript(dir);
    const script = `python3 ${daemon} ${dir} 0.5 >/dev/null 2>&1 </dev/null & exit 0`;
    const result = await runCli(['measure', '--wait-descendants', '--json', '--', 'sh', '-c', script]);
    expect(result.code).toBe(0);
    const m = measurement(result.stdout);
    expect(m.stillRunning).toEqual([]);
    // The daemon's CPU and its reaped children's at its end (os.times); sh adds a few ms.
    const truth = Number(readFileSync(join(dir, 'times'), 'utf8'));
    expect(truth).toBeGreaterThan(0.9); // the busy second, in 10 ms clock ticks
    expect(Math.abs(m.cpuS - truth) / truth).toBeLessThan(0.05);
    // 1 s busy + 0.5 s asleep: the wall time covers the daemon, not just sh's instant.
    expect(m.wallS).toBeGreaterThan(1.4);
  }, 60_000);

  it('escalates a command that ignores Ctrl-C: the second signal sends SIGTERM to its tree, status 143', async () => {
    const ignoresInt = `trap '' INT; echo ready; while :; do sleep 0.1; done`;
    const result = await runCliSignalled(
      ['measure', '--json', '--', 'sh', '-c', ignoresInt],
      [
        { signal: 'SIGINT', afterMs: 300 },
        { signal: 'SIGINT', afterMs: 500 },
      ],
    );
    expect(result.code).toBe(143); // 128 + SIGTERM (15)
    expect(measurement(result.stdout).outcome).toBe('interrupted');
    expect(result.stderr).toMatch(/still running after SIGINT: sent SIGTERM to its \d+ process/);
  }, 30_000);

  it('kills a command that ignores SIGINT and SIGTERM with SIGKILL after the grace time, status 137', async () => {
    const ignoresBoth = `trap '' INT TERM; echo ready; while :; do sleep 0.1; done`;
    const started = Date.now();
    const result = await runCliSignalled(
      ['measure', '--json', '--', 'sh', '-c', ignoresBoth],
      [
        { signal: 'SIGINT', afterMs: 300 },
        { signal: 'SIGTERM', afterMs: 300 },
      ],
    );
    expect(result.code).toBe(137); // 128 + SIGKILL (9)
    expect(measurement(result.stdout).outcome).toBe('interrupted');
    expect(result.stderr).toMatch(/still running after SIGTERM: sent SIGTERM/);
    expect(result.stderr).toMatch(/sent SIGKILL to its \d+ process/);
    // KILL_AFTER_MS (3 s, src/measure/run.ts) after the second signal.
    expect(Date.now() - started).toBeGreaterThan(3_000);
  }, 30_000);
});
