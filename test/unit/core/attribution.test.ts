// Tests the three attribution policies of docs/ARCHITECTURE.md on hand-computed ticks and conservation on random sequences.
import { describe, expect, it } from 'vitest';
import { attribute, type AttributionInput } from '../../../src/core/attribution.js';

// A 2-core machine over 2 s has 4 CPU-seconds of capacity (docs/ARCHITECTURE.md, attribution "capacity": cores × Δt).
const tick = (policy: AttributionInput['policy']): AttributionInput => ({
  policy,
  intervalS: 2,
  cores: 2,
  energyJ: 100,
  memoryEnergyJ: 20,
  idleEnergyJ: 40,
  embodiedG: 10,
  consumers: [
    { key: 'a', cpuS: 1, rssBytes: 3e9 },
    { key: 'b', cpuS: 0.5, rssBytes: 1e9 },
  ],
});

function byKey(result: ReturnType<typeof attribute>, key: string) {
  const share = result.shares.find((s) => s.key === key);
  if (!share) throw new Error(`no share for ${key}`);
  return share;
}

describe('attribute', () => {
  it('capacity: CPU energy and embodied by cpuS/capacity, memory energy by RSS share', () => {
    const r = attribute(tick('capacity'));
    // a: 80 J × 1/4 + 20 J × 3/4 = 35 J; b: 80 × 0.5/4 + 20 × 1/4 = 15 J; idle: the remaining 50 J.
    expect(byKey(r, 'a').energyJ).toBeCloseTo(35, 9);
    expect(byKey(r, 'b').energyJ).toBeCloseTo(15, 9);
    expect(r.idle.energyJ).toBeCloseTo(50, 9);
    // Embodied (SCI RS = resources reserved / total): a 10 g × 1/4, b 10 g × 0.5/4, idle the rest.
    expect(byKey(r, 'a').embodiedG).toBeCloseTo(2.5, 9);
    expect(byKey(r, 'b').embodiedG).toBeCloseTo(1.25, 9);
    expect(r.idle.embodiedG).toBeCloseTo(6.25, 9);
  });

  it('active: the 40 J idle baseline stays idle, the 60 J above it split by CPU seconds', () => {
    const r = attribute(tick('active'));
    // a used 1 of the 1.5 CPU-seconds: 60 × 2/3 = 40 J; b: 60 × 1/3 = 20 J.
    expect(byKey(r, 'a').energyJ).toBeCloseTo(40, 9);
    expect(byKey(r, 'b').energyJ).toBeCloseTo(20, 9);
    expect(r.idle.energyJ).toBeCloseTo(40, 9);
    expect(byKey(r, 'a').embodiedG).toBeCloseTo(2.5, 9);
  });

  it('full: everything split by CPU seconds among the consumers', () => {
    const r = attribute(tick('full'));
    expect(byKey(r, 'a').energyJ).toBeCloseTo(200 / 3, 9);
    expect(byKey(r, 'b').energyJ).toBeCloseTo(100 / 3, 9);
    expect(r.idle.energyJ).toBeCloseTo(0, 9);
    expect(byKey(r, 'a').embodiedG).toBeCloseTo(20 / 3, 9);
    expect(r.idle.embodiedG).toBeCloseTo(0, 9);
  });

  it('full with nothing running leaves the whole tick in Idle capacity', () => {
    const r = attribute({ ...tick('full'), consumers: [{ key: 'a', cpuS: 0, rssBytes: 1e9 }] });
    expect(byKey(r, 'a').energyJ).toBe(0);
    expect(r.idle.energyJ).toBe(100);
    expect(r.idle.embodiedG).toBe(10);
  });

  it('never gives a negative share when counters jitter above the capacity', () => {
    // 5 CPU-seconds reported on a 4 CPU-second tick: the denominator grows to 5.
    const r = attribute({
      ...tick('capacity'),
      consumers: [
        { key: 'a', cpuS: 3, rssBytes: 0 },
        { key: 'b', cpuS: 2, rssBytes: 0 },
      ],
    });
    expect(byKey(r, 'a').energyJ).toBeCloseTo(80 * (3 / 5), 9);
    expect(r.idle.energyJ).toBeCloseTo(20, 9);
    expect(r.idle.embodiedG).toBeCloseTo(0, 9);
  });

  it('ignores NaN and negative inputs instead of spreading them', () => {
    const r = attribute({ ...tick('capacity'), consumers: [{ key: 'a', cpuS: Number.NaN, rssBytes: -5 }] });
    expect(byKey(r, 'a').energyJ).toBe(0);
    expect(r.idle.energyJ).toBeCloseTo(100, 9);
  });

  it('conserves energy and embodied carbon within 0.1 % on 3000 random ticks under every policy', () => {
    let seed = 42;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const policy of ['capacity', 'active', 'full'] as const) {
      for (let i = 0; i < 1000; i++) {
        const cores = 1 + Math.floor(rand() * 16);
        const intervalS = 0.5 + rand() * 10;
        const energyJ = rand() * 1000;
        const consumers = Array.from({ length: Math.floor(rand() * 60) }, (_, k) => ({
          key: `k${k}`,
          cpuS: rand() < 0.3 ? 0 : rand() * intervalS * cores * 0.1,
          rssBytes: rand() * 4e9,
        }));
        const input = {
          policy,
          intervalS,
          cores,
          energyJ,
          memoryEnergyJ: energyJ * rand() * 0.3,
          idleEnergyJ: energyJ * rand(),
          embodiedG: rand() * 5,
          consumers,
        };
        const r = attribute(input);
        const sumE = r.shares.reduce((s, x) => s + x.energyJ, r.idle.energyJ);
        const sumM = r.shares.reduce((s, x) => s + x.embodiedG, r.idle.embodiedG);
        expect(Math.abs(sumE - energyJ)).toBeLessThanOrEqual(energyJ * 1e-3 + 1e-12);
        expect(Math.abs(sumM - input.embodiedG)).toBeLessThanOrEqual(input.embodiedG * 1e-3 + 1e-12);
        for (const s of r.shares) expect(s.energyJ).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
