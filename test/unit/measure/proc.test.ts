// ProcProcessSource on /proc files captured from a real machine (test/fixtures/cli/proc/README.md).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ProcProcessSource } from '../../../src/measure/proc.js';
import { ProcessTree } from '../../../src/measure/tree.js';

const ROOT = fileURLToPath(new URL('../../fixtures/cli/proc', import.meta.url));

describe('ProcProcessSource', () => {
  it('reads every numeric entry with CPU, reaped-children CPU and RSS in seconds and bytes', () => {
    const all = new ProcProcessSource(ROOT).readAll().sort((a, b) => a.pid - b.pid);
    expect(all.map((p) => p.pid)).toEqual([1, 7216, 7224]);
    const sh = all[1];
    // 7216/stat: utime 0, stime 0, cutime 18, cstime 13 ticks at USER_HZ 100; rss 402 pages of 4 KiB.
    expect(sh).toEqual({
      pid: 7216,
      ppid: 7213,
      startTicks: 128065,
      cpuS: 0,
      reapedChildrenCpuS: 0.31,
      rssBytes: 402 * 4096,
    });
  });

  it('tells whether we run in the foreground process group of a terminal', () => {
    const source = new ProcProcessSource(ROOT);
    // self/stat was captured under a pseudo-terminal (tpgid = pgrp); 7216 had no terminal (tpgid -1).
    expect(source.readSelf()).toEqual({ reapedChildrenCpuS: 0, terminalForeground: true });
    expect(source.readSelf(7216)).toEqual({ reapedChildrenCpuS: 0.31, terminalForeground: false });
  });

  it('feeds the tree: the shell and its sleep child', () => {
    const tick = new ProcessTree(new ProcProcessSource(ROOT), 7216).sample();
    expect(tick.processCount).toBe(2);
    expect(tick.rssBytes).toBe((402 + 424) * 4096);
    expect(tick.liveCpuS).toBeCloseTo(0.31, 9);
  });

  it('finds the environment tag measure gives its command', () => {
    const source = new ProcProcessSource(ROOT);
    expect(source.carriesEnv(7224, 'CARBON_TRAY_MEASURE=7213.1795000000000.5b1e')).toBe(true);
    expect(source.carriesEnv(7224, 'CARBON_TRAY_MEASURE=other')).toBe(false);
    expect(source.carriesEnv(7216, 'CARBON_TRAY_MEASURE=7213.1795000000000.5b1e')).toBe(false);
  });

  it('names the file it cannot read', () => {
    expect(() => new ProcProcessSource(ROOT).readSelf(4242)).toThrow(/proc\/4242\/stat/);
  });
});
