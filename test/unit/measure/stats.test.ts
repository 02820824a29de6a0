// Medians, ranges, ratios B/A and the verdict of compare.
import { describe, expect, it } from 'vitest';
import { ratios, summarize, summarizeRuns, verdict } from '../../../src/measure/stats.js';
import type { RunFigures } from '../../../src/measure/figures.js';
import { buildComparison, formatComparison } from '../../../src/cli/report/compare-report.js';

function run(
  wallS: number,
  cpuS: number,
  energyJ: number,
  peakRssBytes: number,
  avgRssBytes = peakRssBytes,
): RunFigures {
  return {
    startedAt: '2026-11-23T12:00:00.000Z',
    wallS,
    cpuS,
    avgCores: cpuS / wallS,
    peakRssBytes,
    avgRssBytes,
    exitCode: 0,
    outcome: 'ok',
    energyJ,
    energySource: 'model',
    energyDetail: 'test',
    operationalG: 0,
    embodiedG: 0,
    co2eG: 0,
    sciGPerRun: 0,
    carKm: 0,
    footprints: {
      cpuTimeS: cpuS,
      ramTimeByteS: 0,
      ramPercent: null,
      basis: 'gb',
      tFootprint: 0,
      cFootprint: 0,
      eFootprint: 0,
    },
    stillRunning: [],
  };
}

describe('compare statistics', () => {
  it('summarizes with the median of odd and even counts', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, n: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(summarize([]).n).toBe(0);
  });

  it('takes ratios B/A of the medians, footprints weighted by memory', () => {
    const a = summarizeRuns(
      [run(1, 1, 30, 20e6), run(1.2, 1, 31, 20e6), run(1.1, 1, 32, 20e6)],
      'peak',
      20e6,
    );
    const b = summarizeRuns(
      [run(1.1, 2, 60, 200e6), run(1.1, 2, 62, 200e6), run(1.1, 2, 61, 200e6)],
      'peak',
      20e6,
    );
    const r = ratios(a, b);
    expect(r.wall).toBeCloseTo(1, 12);
    expect(r.cpu).toBeCloseTo(2, 12);
    expect(r.energy).toBeCloseTo(61 / 31, 12);
    expect(r.memory).toBeCloseTo(10, 12);
    // tFootprint = wall × memory / data: (1.1 × 10) / (1.1 × 1) with the medians 1.1 s.
    expect(r.tFootprint).toBeCloseTo(10, 12);
    expect(r.cFootprint).toBeCloseTo(20, 12);
    expect(r.eFootprint).toBeCloseTo((61 * 10) / 31, 12);
  });

  it('uses average RSS with memory avg', () => {
    const a = summarizeRuns([run(1, 1, 1, 100e6, 50e6)], 'avg', null);
    expect(a.memory.median).toBe(50e6);
  });

  it('has no ratio where A is zero', () => {
    const a = summarizeRuns([run(1, 0, 0, 1e6)], 'peak', null);
    const b = summarizeRuns([run(1, 1, 1, 1e6)], 'peak', null);
    expect(ratios(a, b).cpu).toBeNull();
    expect(verdict(ratios(a, b), { a: 'A', b: 'B' })).toMatch(/No verdict/);
  });

  it('says which is greener and by how much, and when memory changes the answer', () => {
    const base = { wall: 1, cpu: 1, memory: 1, tFootprint: 1, cFootprint: 1 };
    expect(verdict({ ...base, energy: 0.5, eFootprint: 0.5 }, { a: 'A', b: 'B' })).toBe(
      'B is greener: 50 % less energy and operational CO2e than A.',
    );
    expect(verdict({ ...base, energy: 2, eFootprint: 2 }, { a: 'A', b: 'B' })).toBe(
      'A is greener: 50 % less energy and operational CO2e than B.',
    );
    expect(verdict({ ...base, energy: 1.01, eFootprint: 1 }, { a: 'A', b: 'B' })).toMatch(/same energy/);
    expect(verdict({ ...base, energy: 0.8, eFootprint: 4 }, { a: 'A', b: 'B' })).toBe(
      'B is greener: 20 % less energy and operational CO2e than A. Corrected for memory (eFootprint), A is greener by 75 %.',
    );
  });

  it('prints a table with the ratios and the verdict', () => {
    const c = buildComparison(
      'saved',
      { command: ['a'], runs: [run(1, 1, 30, 20e6)] },
      { command: ['b'], runs: [run(1, 2, 60, 20e6)] },
      'peak',
      null,
    );
    const text = formatComparison(c);
    expect(text).toMatch(/CPU time\s+1\.00 s\s+2\.00 s\s+2\.00×/);
    // 30 J = 8.33 mWh, 60 J = 16.7 mWh.
    expect(text).toMatch(/energy \(model\)\s+8\.33 mWh\s+16\.7 mWh\s+2\.00×/);
    expect(text).toMatch(/A is greener: 50 % less energy/);
    expect(c.ratios.energy).toBeCloseTo(2, 12);
  });
});
