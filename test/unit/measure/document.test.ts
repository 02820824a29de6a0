// The saved measurement document: medians over runs, and refusing files that are not measurements.
import { describe, expect, it } from 'vitest';
import { runFigures } from '../../../src/measure/figures.js';
import type { MeasureContext } from '../../../src/measure/figures.js';
import { buildMeasurement, MEASUREMENT_SCHEMA, parseMeasurement } from '../../../src/measure/document.js';
import type { RunSample } from '../../../src/measure/run.js';
import { classContext, runSample } from '../../helpers/measure-context.js';

// A 4-core laptop on the class defaults: 28 W, 180 kg over 4 years (src/core/defaults.ts).
const context: MeasureContext = classContext('laptop', 4, {
  intensityGPerKWh: 300,
  intensityDetail: '--intensity',
  runsPerYear: 365,
  dataBytes: 50e6,
});

const sample = (wallS: number, cpuS: number, exitCode = 0): RunSample =>
  runSample({ wallS, cpuS, exitCode, outcome: exitCode === 0 ? 'ok' : 'failed', samples: 10 });

describe('measurement document', () => {
  it('puts medians on top and every run below, with the per-year figures', () => {
    const runs = [sample(1, 0.9), sample(3, 2.9), sample(2, 1.9, 4)].map((s) => runFigures(s, context, null));
    const m = buildMeasurement(['python3', 'x.py'], runs, context);
    expect(m.schema).toBe(MEASUREMENT_SCHEMA);
    expect(m.wallS).toBe(2);
    expect(m.cpuS).toBe(1.9);
    expect(m.runs).toHaveLength(3);
    expect(m.exitCode).toBe(4);
    expect(m.outcome).toBe('failed');
    expect(m.dataBytes).toBe(50e6);
    // 100 MB peak / 50 MB of data = 200 %.
    expect(m.footprints.ramPercent).toBeCloseTo(200, 9);
    expect(m.perYear?.kg).toBeCloseTo((m.co2eG * 365) / 1000, 12);
    expect(m.perYear?.carKm).toBeCloseTo((m.co2eG * 365) / 122, 12);
  });

  it('reads back what it wrote', () => {
    const m = buildMeasurement(['true'], [runFigures(sample(1, 1), context, null)], context);
    expect(parseMeasurement(JSON.stringify(m), 'a.json')).toEqual(m);
  });

  it.each([
    ['not json', /a\.json is not JSON/],
    ['[1, 2]', /expected a JSON object/],
    ['{"schema": "other"}', /schema is "other"/],
    [`{"schema": "${MEASUREMENT_SCHEMA}", "runs": []}`, /"runs" must be a non-empty array/],
    [`{"schema": "${MEASUREMENT_SCHEMA}", "runs": [{"wallS": -1}]}`, /runs\[0\]\.wallS must be a number ≥ 0/],
  ])('refuses %s', (text, message) => {
    expect(() => parseMeasurement(text, 'a.json')).toThrow(message);
  });
});
