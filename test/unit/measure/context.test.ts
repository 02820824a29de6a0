// The measure context: the engine's model resolution, and the intensity from flags over settings over the time zone.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings/schema.js';
import { resolveModel } from '../../../src/engine/model.js';
import { resolveContext } from '../../../src/measure/context.js';
import { runFigures } from '../../../src/measure/figures.js';
import { detected, runSample } from '../../helpers/measure-context.js';

const NOW = Date.UTC(2026, 11, 8);
const noFlags = { intensityGPerKWh: null, country: null, runsPerYear: null, dataBytes: null };

describe('resolveContext', () => {
  it('takes the model from the engine’s resolveModel, settings included', () => {
    const settings = { ...DEFAULT_SETTINGS, cpuTdpW: 45, pue: 1.2, lifetimeYears: 3 };
    const context = resolveContext(settings, detected('laptop', 8), noFlags, NOW);
    expect(context.model).toEqual(resolveModel(settings, detected('laptop', 8), NOW));
    expect(context.model.tdpW).toBe(45);
    expect(context.model.pue).toBe(1.2);
  });

  it('picks --intensity, then --country, then the custom setting, then the country setting', () => {
    const hw = detected('desktop', 2);
    const custom = { ...DEFAULT_SETTINGS, customIntensity: 123, country: 'FRA' };
    expect(resolveContext(custom, hw, { ...noFlags, intensityGPerKWh: 42 }, NOW)).toMatchObject({
      intensityGPerKWh: 42,
      intensityDetail: '--intensity',
    });
    // Ember via @tgwf/co2: Poland's annual average is far above France's (src/core/intensity.ts).
    const poland = resolveContext(custom, hw, { ...noFlags, country: 'POL' }, NOW);
    expect(poland.intensityDetail).toMatch(/^POL annual average/);
    expect(resolveContext(custom, hw, noFlags, NOW).intensityGPerKWh).toBe(123);
    const france = resolveContext({ ...custom, customIntensity: null }, hw, noFlags, NOW);
    expect(france.intensityDetail).toMatch(/^FRA annual average/);
    expect(poland.intensityGPerKWh).toBeGreaterThan(france.intensityGPerKWh * 5);
  });

  it('never goes online: an Electricity Maps token still gives the annual average', () => {
    const settings = { ...DEFAULT_SETTINGS, country: 'DEU', electricityMapsToken: 'secret-token' };
    const context = resolveContext(settings, detected('desktop', 2), noFlags, NOW);
    expect(context.intensityDetail).toMatch(/^DEU annual average/);
  });

  it('applies the amortization policy to a run: nothing embodied on hardware past its lifetime under remaining', () => {
    const hw = detected('desktop', 2);
    // Bought 2018-01-01: 8.9 years old on 2026-12-08, past the desktop's 6-year lifetime (src/core/defaults.ts).
    const old = { ...DEFAULT_SETTINGS, purchaseDate: '2018-01-01' };
    const run = runSample({ startedAtMs: NOW, wallS: 10, cpuS: 10 });
    const rest = { ...noFlags, intensityGPerKWh: 100 };
    const linear = runFigures(run, resolveContext({ ...old, amortization: 'linear' }, hw, rest, NOW), null);
    const remaining = runFigures(
      run,
      resolveContext({ ...old, amortization: 'remaining' }, hw, rest, NOW),
      null,
    );
    // Linear: 342 000 g × 10 s / (6 × 365 × 86 400 s) × 0.5 share = 9.04e-3 g.
    expect(linear.embodiedG).toBeCloseTo(9.0373e-3, 6);
    expect(remaining.embodiedG).toBe(0);
  });
});
