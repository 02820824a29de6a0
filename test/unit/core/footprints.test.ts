import { describe, expect, it } from 'vitest';
import { footprints } from '../../../src/core/footprints.js';

describe('greeNsort footprints', () => {
  it('with a data size: %RAM = memory / data, footprints are weighted by it', () => {
    // A sort of 1 GB of data using 2 GB: %RAM = 200 (greeNsort's definition of %RAM)
    const f = footprints({ wallS: 10, cpuS: 8, energyJ: 500, memoryBytes: 2e9, dataBytes: 1e9 });
    expect(f.ramPercent).toBeCloseTo(200, 12);
    expect(f.basis).toBe('data');
    expect(f.tFootprint).toBeCloseTo(20, 12);
    expect(f.cFootprint).toBeCloseTo(16, 12);
    expect(f.eFootprint).toBeCloseTo(1000, 12);
    expect(f.cpuTimeS).toBe(8);
    expect(f.ramTimeByteS).toBe(2e10);
  });
  it('without a data size: memory counted in GB, so ratios on the same data are unchanged', () => {
    const big = footprints({ wallS: 2, cpuS: 2, energyJ: 10, memoryBytes: 200e6 });
    const small = footprints({ wallS: 2, cpuS: 2, energyJ: 10, memoryBytes: 20e6 });
    expect(big.ramPercent).toBeNull();
    expect(big.basis).toBe('gb');
    expect(big.tFootprint / small.tFootprint).toBeCloseTo(10, 12);
    expect(big.tFootprint).toBeCloseTo(0.4, 12);
  });
  it('zero wall time is a zero footprint', () => {
    expect(footprints({ wallS: 0, cpuS: 0, energyJ: 0, memoryBytes: 1e9 }).tFootprint).toBe(0);
  });
  it('refuses negative inputs and a zero data size', () => {
    expect(() => footprints({ wallS: -1, cpuS: 0, energyJ: 0, memoryBytes: 0 })).toThrow(/wallS/);
    expect(() => footprints({ wallS: 1, cpuS: 0, energyJ: 0, memoryBytes: 1, dataBytes: 0 })).toThrow(
      /data size/,
    );
  });
});
