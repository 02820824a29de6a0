// `carbon-tray compare` on this machine: memory-weighted footprints, saved measurements, the JSON ratios.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../../src/cli/report/compare-report.js';
import { IDLE_UNTIL_SIGNALLED, runCli, runCliInterrupted } from './run-cli.js';

/** test/fixtures/cli/hold-memory.c, compiled once with the machine's C compiler (as better-sqlite3 is). */
let holdMemory = '';
beforeAll(() => {
  holdMemory = join(mkdtempSync(join(tmpdir(), 'carbon-tray-hold-')), 'hold-memory');
  const source = new URL('../../fixtures/cli/hold-memory.c', import.meta.url).pathname;
  execFileSync('cc', ['-O1', '-o', holdMemory, source]);
});

/** A program that touches `bytes` of memory and holds it until `seconds` after its start (~1.4 MB of its own). */
const holder = (bytes: number, seconds: number): string[] => [holdMemory, String(bytes), String(seconds)];

describe('carbon-tray compare', () => {
  it('gives a tFootprint ratio near 10 for 200 MB against 20 MB held for the same time', async () => {
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
    // Same time: both end 8 s after they started, however long touching their pages took.
    expect(c.ratios.wall).toBeGreaterThan(0.97);
    expect(c.ratios.wall).toBeLessThan(1.05);
    // Peak RSS is 200 or 20 MB plus the program's own ~1.4 MB (libc; VmRSS of hold-memory on this machine),
    // so the memory ratio is (200 + 1.4) / (20 + 1.4) ≈ 9.4, and tFootprint = wall × memory ratio ≈ 9.4.
    expect(c.ratios.memory).toBeGreaterThan(9);
    expect(c.ratios.memory).toBeLessThan(10.2);
    expect(c.ratios.tFootprint).toBeGreaterThan(9);
    expect(c.ratios.tFootprint).toBeLessThan(10.5);
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
    const result = await runCliInterrupted([
      'compare',
      '--repeat',
      '3',
      '--',
      'true',
      '--',
      ...IDLE_UNTIL_SIGNALLED,
    ]);
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/interrupted \(SIGINT\); stopping/);
    expect(result.stdout).toMatch(/1 run of A, 1 of B, interleaved/);
  }, 30_000);
});
