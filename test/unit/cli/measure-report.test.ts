// The measure report and progress line: what a person reads after and during a run.
import { describe, expect, it } from 'vitest';
import type { MeasureContext } from '../../../src/measure/figures.js';
import { runFigures } from '../../../src/measure/figures.js';
import { buildMeasurement } from '../../../src/measure/document.js';
import { formatMeasurement, formatProgress } from '../../../src/cli/report/measure-report.js';
import { desktopMeasureContext, runSample } from '../../helpers/measure-context.js';

// 50 MB of input data, so the report shows the %RAM footprints.
const context: MeasureContext = { ...desktopMeasureContext, dataBytes: 50e6 };

describe('measure report', () => {
  it('shows times, memory, modelled energy, carbon, SCI and footprints with %RAM', () => {
    const run = runFigures(runSample(), context, null);
    const text = formatMeasurement(buildMeasurement(['python3', 'train.py'], [run], context));
    expect(text).toMatch(/^carbon-tray measure: python3 train\.py {2}\[1 run; exited 0, exit 0\]/);
    expect(text).toMatch(/wall time\s+2\.00 s/);
    expect(text).toMatch(/CPU time\s+1\.00 s {2}\(0\.500 cores on average\)/);
    expect(text).toMatch(/memory\s+peak 100 MB, average 80\.0 MB/);
    // (65 W × 0.25 + 0.08 GB × 0.375 W/GB) × 2 s = 32.56 J = 9.044 mWh, modelled.
    expect(text).toMatch(/energy\s+9\.04 mWh {2}modelled/);
    expect(text).toMatch(/at 500 g\/kWh \+ /);
    expect(text).toMatch(/SCI\s+.* CO2e per run/);
    // %RAM = 100 MB / 50 MB = 200 %; tFootprint = 2 s × 2 = 4 s.
    expect(text).toMatch(
      /%RAM 200 % of 50\.0 MB data; tFootprint 4\.00 s, cFootprint 2\.00 s, eFootprint 65\.1 J/,
    );
  });

  it('rewrites one progress line in place', () => {
    const line = formatProgress(
      { wallS: 3.2, cpuS: 2.9, rssBytes: 120e6, processCount: 3, waiting: false },
      2,
      5,
    );
    expect(line).toBe('\r\x1b[2K⏱ run 2/5  3.20 s  CPU 2.90 s  RSS 120 MB  3 processes');
  });

  it('names what the command left running, with its CPU so far', () => {
    const run = runFigures(
      runSample({ wallS: 1, cpuS: 1.2, stillRunning: [{ pid: 4321, name: 'python3', cpuS: 1.1 }] }),
      context,
      null,
    );
    const text = formatMeasurement(buildMeasurement(['sh', '-c', 'python3 d.py &'], [run], context));
    expect(text).toMatch(/still running\s+python3 \(pid 4321, 1\.10 s CPU so far\): outlived the command/);
    expect(text).toMatch(/--wait-descendants waits for them to end/);
  });
});
