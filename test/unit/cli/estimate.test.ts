import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/index.js';

/** Runs the CLI in-process and captures what it prints. */
async function run(args: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(args.split(' ').filter(Boolean));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

const ART1 =
  'estimate --duration 40m49s --cpu-usage 1.0047 --cpu-tdp 158.75 --memory-gb 5.015 --pue 1.125 --intensity 487 --runs-per-year 365.25';

describe('carbon-tray estimate', () => {
  it('reproduces ART-1 as JSON (case ART-1 of docs/ARCHITECTURE.md: 0.1235 kWh, 60.15 g, 21.97 kg/y, ≈180 km)', async () => {
    const { code, out } = await run(`${ART1} --json`);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, number>;
    for (const key of [
      'cpuPowerW',
      'memoryPowerW',
      'powerW',
      'energyKWh',
      'intensityGPerKWh',
      'operationalG',
    ]) {
      expect(r).toHaveProperty(key);
    }
    expect(Math.abs((r.energyKWh as number) / 0.1235 - 1)).toBeLessThan(0.005);
    expect(Math.abs((r.totalG as number) / 60.15 - 1)).toBeLessThan(0.005);
    expect(Math.abs((r.sciG as number) / 60.15 - 1)).toBeLessThan(0.005);
    expect(Math.abs((r.perYearKg as number) / 21.97 - 1)).toBeLessThan(0.005);
    expect(Math.abs((r.carKm as number) / 180 - 1)).toBeLessThan(0.005);
    expect(r.embodiedG).toBe(0);
  });

  it('shows each step of the calculation in the readable report', async () => {
    const { code, out } = await run(ART1);
    expect(code).toBe(0);
    expect(out).toContain('1.0047 use × 158.75 W TDP = 159.5 W');
    expect(out).toContain('× PUE 1.125 = 181.5 W');
    expect(out).toContain('= 0.1235 kWh');
    expect(out).toContain('= 60.15 gCO2e operational');
    expect(out).toContain('= 21.97 kgCO2e');
    expect(out).toMatch(/≈ 180 km/);
  });

  it('uses the country average and embodied share (SCI-1 figures)', async () => {
    const { out } = await run(
      'estimate --duration 1h --country FRA --embodied-kg 1000 --lifetime 4y --cpu-power-per-core 10 --cores-used 1 --json',
    );
    const r = JSON.parse(out) as Record<string, number>;
    // FRA 44.18 g/kWh in @tgwf/co2 0.19.0; 10 W for 1 h = 0.01 kWh
    expect(r.operationalG).toBeCloseTo(0.4418, 6);
    expect(r.embodiedG).toBeCloseTo(28.54, 2);
  });

  it('cores used from CPU time: 2 h of CPU in 1 h on 8 cores of 12 W, teads', async () => {
    const { out } = await run(
      'estimate --duration 1h --cpu-time 2h --cpu-power-per-core 12 --cores 8 --model teads --intensity 100 --json',
    );
    const r = JSON.parse(out) as Record<string, number>;
    // u = 2/8 = 0.25 → teads f = 0.32 + (0.75 − 0.32) × 0.15/0.4 = 0.48125; TDP 96 W
    expect(r.cpuPowerW).toBeCloseTo(96 * 0.48125, 9);
  });

  it.each([
    ['estimate', '--duration: is required'],
    ['estimate --duration', '--duration: needs a value'],
    ['estimate --duration 5parsecs', "--duration: '5parsecs' is not a duration"],
    ['estimate --duration -1h', "--duration: '-1h' is negative"],
    ['estimate --duration 1h --cpu-tdp -5 --cpu-usage 1', '--cpu-tdp: the value must be at least 0, got -5'],
    [
      'estimate --duration 1h --cpu-tdp lots --cpu-usage 1',
      "--cpu-tdp: the value must be a number, got 'lots'",
    ],
    ['estimate --duration 1h --memory-gb x', "--memory-gb: the value must be a number, got 'x'"],
    ['estimate --duration 1h --country ATLANTIS', "--country: unknown country code 'ATLANTIS'"],
    ['estimate --duration 1h --cpu-usage 0.5', '--cpu-usage: needs --cpu-tdp'],
    ['estimate --duration 1h --cpu-tdp 65', '--cpu-tdp: needs the CPU use'],
    [
      'estimate --duration 1h --cpu-tdp 65 --cpu-usage 0.5 --cpu-time 1h',
      '--cpu-usage: conflicts with --cpu-time',
    ],
    [
      'estimate --duration 1h --cores-used 1 --cpu-time 1h --cpu-power-per-core 3',
      '--cores-used: conflicts with --cpu-time',
    ],
    [
      'estimate --duration 1h --cpu-tdp 65 --cpu-power-per-core 3 --cores-used 1',
      '--cpu-tdp: conflicts with --cpu-power-per-core',
    ],
    ['estimate --duration 1h --intensity 300 --country FRA', '--intensity: conflicts with --country'],
    ['estimate --duration 1h --model magic', '--model: must be one of linear, teads, codecarbon'],
    ['estimate --duration 1h --pue 0.8', '--pue: the value must be at least 1'],
    ['estimate --duration 1h --embodied-kg 300', '--embodied-kg: needs --lifetime'],
    ['estimate --duration 1h --embodied-kg 300 --lifetime 0', '--lifetime: must be longer than 0'],
    ['estimate --duration 1h --embodied-kg 300 --lifetime 4 years', "unexpected argument 'years'"],
    ['estimate --duration 1h --resource-share 1.5', '--resource-share: must be at most 1'],
    ['estimate --duration 1h --functional-units 0', '--functional-units: must be more than 0'],
    [
      'estimate --duration 1h --cores-used 9 --cores 8 --cpu-power-per-core 3',
      '--cores-used: uses 9.00 cores but --cores is 8',
    ],
    [
      'estimate --duration 1h --cores-used 2 --cpu-power-per-core 3 --model teads',
      '--cores: is needed for --model teads',
    ],
    ['estimate --duration 1h --frobnicate', '--frobnicate: unknown flag'],
  ])('%s → exit 2 and one line naming the flag', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err.split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\bat \S+:\d+/); // no stack trace
  });

  it('prints its help with every flag', async () => {
    const { code, out } = await run('estimate --help');
    expect(code).toBe(0);
    for (const flag of ['--duration', '--cpu-tdp', '--runs-per-year', '--json', '--resource-share']) {
      expect(out).toContain(flag);
    }
  });

  it('an unknown command exits 2', async () => {
    const { code, err } = await run('frobnicate');
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'frobnicate'/);
  });
});
