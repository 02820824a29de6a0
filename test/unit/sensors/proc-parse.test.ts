// Tests of the pure /proc parsers on captured lines from the development VM and the desktop fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PF_KTHREAD,
  parseCgroupV2,
  parseCmdline,
  parseCpuTotals,
  parseProcStat,
  parseStatusUid,
} from '../../../src/sensors/processes/proc-parse.js';

const captured = (path: string): string => readFileSync(`test/fixtures/proc/captured/${path}`, 'utf8');
const desktop = (path: string): string => readFileSync(`test/fixtures/proc/desktop/${path}`, 'utf8');

describe('parseProcStat', () => {
  it('reads a captured kernel worker line (test/fixtures/proc/captured/4/stat)', () => {
    const stat = parseProcStat(captured('4/stat'));
    // values read off the captured line: "4 (kworker/R-rcu_gp) I 2 0 0 0 -1 69238880 ... 18 0 0 ..."
    expect(stat).toMatchObject({
      pid: 4,
      name: 'kworker/R-rcu_gp',
      state: 'I',
      ppid: 2,
      startTicks: 18,
      rssPages: 0,
    });
    expect((stat?.flags ?? 0) & PF_KTHREAD).toBe(PF_KTHREAD);
  });

  it('reads utime, stime, threads, start time and RSS pages (desktop/2291/stat, fields 14/15/20/22/24)', () => {
    expect(parseProcStat(desktop('2291/stat'))).toMatchObject({
      pid: 2291,
      name: 'Isolated Web Co',
      ppid: 2210,
      utimeTicks: 50211,
      stimeTicks: 4410,
      numThreads: 28,
      startTicks: 32011,
      rssPages: 98304,
    });
  });

  it('keeps a comm holding ") " and parentheses whole (proc(5): comm ends at the last ")")', () => {
    const line = '77 (evil) S 1 (x)) R 5 77 77 0 -1 4194304 0 0 0 0 250 50 0 0 20 0 3 0 999 1000 10 0\n';
    expect(parseProcStat(line)).toMatchObject({
      name: 'evil) S 1 (x)',
      state: 'R',
      ppid: 5,
      utimeTicks: 250,
      startTicks: 999,
      rssPages: 10,
    });
  });

  it('rejects truncated or empty text', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (sh) S 1 12')).toBeNull();
  });
});

describe('status, cgroup and cmdline', () => {
  it('reads the real uid (desktop/813/status: www-data = 33)', () => {
    expect(parseStatusUid(desktop('813/status'))).toBe(33);
    expect(parseStatusUid(captured('2/status'))).toBe(0);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
  });

  it('takes the cgroup v2 line and ignores v1 hierarchies (captured/1/cgroup is "0::/" after 9 v1 lines)', () => {
    expect(parseCgroupV2(captured('1/cgroup'))).toBe('/');
    expect(parseCgroupV2(desktop('812/cgroup'))).toBe('/system.slice/nginx.service');
    expect(parseCgroupV2('4:memory:/x\n')).toBeNull();
    expect(parseCgroupV2('0::/user.slice/session-3.scope (deleted)\n')).toBe('/user.slice/session-3.scope');
  });

  it('splits a NUL-separated command line and gives kernel threads none', () => {
    expect(parseCmdline(desktop('4242/cmdline'))).toEqual(['make', '-j4']);
    expect(parseCmdline(desktop('15/cmdline'))).toEqual([]);
  });
});

describe('parseCpuTotals', () => {
  it('sums busy and idle ticks of the aggregate line (desktop/stat)', () => {
    // cpu  2255340 4410 601200 18803000 21050 0 10833 512: busy = user+nice+system+irq+softirq
    expect(parseCpuTotals(desktop('stat'))).toEqual({
      busyTicks: 2255340 + 4410 + 601200 + 0 + 10833,
      idleTicks: 18803000 + 21050,
      irqTicks: 0 + 10833, // irq + softirq, fields 6 and 7 of the cpu line (proc(5))
      stealTicks: 512,
      cores: 4,
    });
  });

  it('counts the 2 vCPUs of the captured VM /proc/stat', () => {
    expect(parseCpuTotals(captured('stat'))?.cores).toBe(2);
  });

  it('returns null without a cpu line', () => {
    expect(parseCpuTotals('intr 1 2 3\n')).toBeNull();
  });
});
