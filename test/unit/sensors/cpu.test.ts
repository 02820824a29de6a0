// Tests of the machine CPU totals reader on the desktop fixture and on a root that is not a procfs.
import { describe, expect, it } from 'vitest';
import { CpuTotalsReader } from '../../../src/sensors/cpu.js';

describe('CpuTotalsReader', () => {
  it('converts /proc/stat ticks to seconds at USER_HZ 100 (test/fixtures/proc/desktop/stat)', () => {
    const totals = new CpuTotalsReader('test/fixtures/proc/desktop').read();
    // busy = 2255340 + 4410 + 601200 + 0 + 10833 ticks; idle = 18803000 + 21050; steal 512
    expect(totals).toMatchObject({ busyS: 28717.83, idleS: 188240.5, stealS: 5.12, cores: 4 });
  });

  it('names the file when the root has no /proc/stat', () => {
    expect(() => new CpuTotalsReader('test/fixtures/sys/laptop').read()).toThrow(
      'test/fixtures/sys/laptop/stat',
    );
    expect(() => new CpuTotalsReader('test/fixtures/proc/desktop/812').read()).toThrow(
      'has no "cpu" totals line',
    );
  });
});
