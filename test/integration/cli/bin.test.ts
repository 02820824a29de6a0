import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The installed command: bin/carbon-tray.js over the compiled dist/ (built by `npm test`'s pretest).
const BIN = new URL('../../../bin/carbon-tray.js', import.meta.url).pathname;

describe('bin/carbon-tray.js', () => {
  it('runs estimate end to end and reproduces case ART-1 (docs/ARCHITECTURE.md)', () => {
    const out = execFileSync(process.execPath, [
      BIN,
      ...'estimate --duration 40m49s --cpu-usage 1.0047 --cpu-tdp 158.75 --memory-gb 5.015 --pue 1.125 --intensity 487 --runs-per-year 365.25 --json'.split(
        ' ',
      ),
    ]).toString();
    const r = JSON.parse(out) as Record<string, number>;
    expect(r.energyKWh).toBeCloseTo(0.1235, 4);
    expect(r.totalG).toBeCloseTo(60.15, 1);
    expect(r.perYearKg).toBeCloseTo(21.97, 2);
  });

  it('exits 2 with one line and no stack trace on bad input', () => {
    const r = spawnSync(process.execPath, [BIN, 'estimate', '--duration', 'soon']);
    expect(r.status).toBe(2);
    const err = r.stderr.toString().trim();
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain('--duration');
  });
});
