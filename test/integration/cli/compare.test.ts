// `carbon-tray compare` on this machine: memory-weighted footprints, saved measurements, the JSON ratios.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../../src/cli/compare-report.js';
import { finished, runCli, startCli } from './run-cli.js';

/**
 * A process tree that holds `bytes` of memory for `seconds`: dd reads one block of that size from
 * /dev/zero (touching every page), then blocks writing it into a pipe nobody reads until sleep ends.
 */
const holder = (bytes: number, seconds: number): string[] => [
  'sh',
  '-c',
  `dd if=/dev/zero bs=${bytes} count=1 status=none | sleep ${seconds}`,
];

describe('carbon-tray compare', () => {
  it('gives a tFootprint ratio near 10 for 200 MB against 20 MB held for the same time (issue 7)', async () => {
    const result = await runCli([
      'compare',
      '--repeat',
      '1',
      '--data-bytes',
      '20MB',
      '--json',
      '--',
      ...holder(20e6, 8),
      '--',
      ...holder(200e6, 8),
    ]);
    expect(result.code).toBe(0);
    const c = JSON.parse(result.stdout) as Comparison;
    expect(Object.keys(c.ratios).sort()).toEqual(
      ['cFootprint', 'cpu', 'eFootprint', 'energy', 'memory', 'tFootprint', 'wall'].sort(),
    );
    // Same time: both end when sleep 8 ends (dd needs ~1–7 s here to fault in 200 MB, depending on load).
    expect(c.ratios.wall).toBeGreaterThan(0.9);
    expect(c.ratios.wall).toBeLessThan(1.25);
    // Peak RSS of the trees is 200 or 20 MB plus ~5 MB of sh, dd and sleep themselves (measured: 205 vs
    // 24.8 MB), so the ratio is (200 + 5) / (20 + 5) ≈ 8.3, not exactly 10.
    expect(c.ratios.memory).toBeGreaterThan(7.5);
    expect(c.ratios.memory).toBeLessThan(10.5);
    expect(c.ratios.tFootprint).toBeGreaterThan(7.5);
    expect(c.ratios.tFootprint).toBeLessThan(11.5);
    // tFootprint = wall × %RAM, so its ratio is the product of the wall and memory ratios (greeNsort).
    expect(c.ratios.tFootprint as number).toBeCloseTo(
      (c.ratios.wall as number) * (c.ratios.memory as number),
      1,
    );
    expect(c.a.runs).toHaveLength(1);
    expect(c.b.runs).toHaveLength(1);
    expect(c.verdict).toMatch(/^A is greener/);
  }, 90_000);

  it('compares two saved measurements and says which is greener', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carbon-tray-compare-'));
    const loop = (seconds: number): string[] => [
      'node',
      '-e',
      `const u=process.cpuUsage;while(u().user+u().system<${seconds * 1e6});`,
    ];
    const a = await runCli(['measure', '--output', join(dir, 'a.json'), '--', ...loop(0.4)]);
    const b = await runCli(['measure', '--output', join(dir, 'b.json'), '--', ...loop(1.2)]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const result = await runCli(['compare', join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(result.code).toBe(0);
    // 1.2 s against 0.4 s of loop plus the same node start-up: B/A CPU ≈ 2.6–3.
    const cpuRow = result.stdout.split('\n').find((line) => line.trim().startsWith('CPU time')) ?? '';
    const ratio = Number(/([\d.]+)×\s*$/.exec(cpuRow)?.[1]);
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(3.2);
    expect(result.stdout).toMatch(/A is greener: \d+ % less energy/);
    expect(result.stdout).toMatch(/from saved measurements/);
  }, 60_000);

  it('stops at a failing command, still prints what it measured, and returns its status', async () => {
    const result = await runCli(['compare', '--repeat', '3', '--', 'true', '--', 'sh', '-c', 'exit 4']);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/B ended with status 4; stopping/);
    expect(result.stdout).toMatch(/1 run of A, 1 of B, interleaved/);
  });

  it('stops on Ctrl-C (SIGINT), prints the partial comparison and returns 130', async () => {
    const child = startCli([
      'compare',
      '--repeat',
      '3',
      '--',
      'true',
      '--',
      'node',
      '-e',
      "console.log('ready'); setInterval(() => {}, 1000)",
    ]);
    const done = finished(child);
    await new Promise<void>((resolve) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted \(SIGINT\); stopping/);
    expect(result.stdout).toMatch(/1 run of A, 1 of B, interleaved/);
  }, 30_000);
});
