// `carbon-tray export` over a real SQLite history: CodeCarbon CSV columns, JSON rows, an Impact Framework manifest.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../../src/cli/index.js';
import { HistoryStore } from '../../../src/engine/history/store.js';
import type { MinuteRecord } from '../../../src/engine/history/types.js';

/**
 * Every column of CodeCarbon's emissions.csv, in its order: the fields of `EmissionsData` in
 * codecarbon/output_methods/emissions_data.py (mlco2/codecarbon, 2024–2025 releases).
 */
const CODECARBON_EMISSIONS_CSV = [
  'timestamp', 'project_name', 'run_id', 'experiment_id', 'duration', 'emissions', 'emissions_rate',
  'cpu_power', 'gpu_power', 'ram_power', 'cpu_energy', 'gpu_energy', 'ram_energy', 'energy_consumed',
  'country_name', 'country_iso_code', 'region', 'cloud_provider', 'cloud_region', 'os', 'python_version',
  'codecarbon_version', 'cpu_count', 'cpu_model', 'gpu_count', 'gpu_model', 'longitude', 'latitude',
  'ram_total_size', 'tracking_mode', 'on_cloud', 'pue',
]; // prettier-ignore

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

/** Two minutes of a machine with two apps; the app rows add up to the machine rows. */
function minute(offset: number): MinuteRecord {
  return {
    minuteMs: T0 + offset * 60_000,
    machine: {
      observedS: 60,
      energyJ: 1800,
      operationalG: 0.25,
      embodiedG: 0.1,
      cpuS: 30,
      intensityGPerKWh: 500,
      utilization: 0.25,
      powerSource: 'model',
      intensitySource: 'annual',
    },
    apps: [
      { key: 'app:firefox', name: 'Firefox, "the" browser', kind: 'app', energyJ: 1200, operationalG: 0.2, embodiedG: 0.06, cpuS: 25, rssByteS: 6e10 },
      { key: 'idle', name: 'Idle capacity', kind: 'idle', energyJ: 600, operationalG: 0.05, embodiedG: 0.04, cpuS: 5, rssByteS: 0 },
    ],
  }; // prettier-ignore
}

/** The parts of a parsed manifest the test looks at. */
interface ParsedManifest {
  name: unknown;
  initialize: { plugins: Record<string, Record<string, unknown>> };
  aggregation: { type: string; metrics: Record<string, { method: string }> };
  tree: {
    children: Record<string, { pipeline: { compute: string[] }; inputs: Record<string, number | string>[] }>;
  };
}

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'carbon-tray-export-'));
  const store = new HistoryStore(join(dataDir, 'history.sqlite'));
  store.writeMinute(minute(0));
  store.writeMinute(minute(1));
  store.close();
});

afterEach(() => vi.restoreAllMocks());

async function exported(format: string): Promise<string> {
  const output = join(dataDir, `out.${format}`);
  const code = await main([
    'export',
    '--data-dir',
    dataDir,
    '--from',
    '2026-11-23T08:00:00Z',
    '--to',
    '2026-11-23T10:00:00Z',
    '--format',
    format,
    '--output',
    output,
  ]);
  expect(code).toBe(0);
  return readFileSync(output, 'utf8');
}

describe('carbon-tray export', () => {
  it("writes CSV that opens with CodeCarbon's column names, in CodeCarbon's order", async () => {
    const lines = (await exported('csv')).trimEnd().split('\n');
    const header = lines[0]?.split(',') ?? [];
    const codecarbon = header.filter((c) => CODECARBON_EMISSIONS_CSV.includes(c));
    // The CodeCarbon columns come first and keep CodeCarbon's relative order.
    expect(header.slice(0, codecarbon.length)).toEqual(codecarbon);
    expect(codecarbon).toEqual(CODECARBON_EMISSIONS_CSV.filter((c) => codecarbon.includes(c)));
    expect(codecarbon).toEqual(
      expect.arrayContaining(['timestamp', 'duration', 'emissions', 'energy_consumed']),
    );
    // 2 minutes × (machine + 2 apps).
    expect(lines).toHaveLength(1 + 6);
    const machine = Object.fromEntries(header.map((c, i) => [c, lines[1]?.split(',')[i]]));
    // timestamp is the end of the minute; 0.25 g = 0.00025 kg; 1800 J = 0.0005 kWh; rate 0.00025 kg / 60 s.
    expect(machine).toMatchObject({
      timestamp: '2026-11-23T09:01:00',
      tracking_mode: 'machine',
      duration: '60',
    });
    expect(Number(machine.emissions)).toBeCloseTo(0.00025, 12);
    expect(Number(machine.energy_consumed)).toBeCloseTo(0.0005, 12);
    expect(Number(machine.emissions_rate)).toBeCloseTo(0.00025 / 60, 15);
    // A name with a comma and quotes is quoted per RFC 4180.
    expect(lines.some((l) => l.includes('"Firefox, ""the"" browser"'))).toBe(true);
  });

  it('writes the raw rows as JSON', async () => {
    const doc = JSON.parse(await exported('json')) as {
      schema: string;
      rows: { key: string; energyJ: number }[];
    };
    expect(doc.schema).toBe('carbon-tray.export/1');
    expect(doc.rows).toHaveLength(6);
    const apps = doc.rows.filter((r) => r.key !== 'machine');
    const machines = doc.rows.filter((r) => r.key === 'machine');
    // Conservation: the app rows of each minute sum to the machine row (1200 + 600 = 1800 J).
    expect(apps.reduce((s, r) => s + r.energyJ, 0)).toBeCloseTo(
      machines.reduce((s, r) => s + r.energyJ, 0),
      9,
    );
  });

  it('writes valid YAML in the Impact Framework manifest shape, one component per app', async () => {
    const text = await exported('impact');
    const manifest = parse(text) as ParsedManifest;
    // Quoted, so YAML 1.1 loaders (js-yaml in if-run) keep timestamps as strings.
    expect(text).toContain('- timestamp: "2026-11-23T09:00:00.000Z"');
    // The keys if-run's manifest schema requires (src/common/util/validations.ts of Green-Software-Foundation/if).
    expect(typeof manifest.name).toBe('string');
    for (const plugin of Object.values(manifest.initialize.plugins)) {
      expect(typeof plugin.path).toBe('string');
      expect(typeof plugin.method).toBe('string');
    }
    expect(['horizontal', 'vertical', 'both']).toContain(manifest.aggregation.type);
    expect(manifest.aggregation.metrics.carbon?.method).toBe('sum');
    const children = manifest.tree.children;
    expect(Object.keys(children).sort()).toEqual(['app:firefox', 'idle']);
    for (const child of Object.values(children)) {
      for (const step of child.pipeline.compute) expect(manifest.initialize.plugins).toHaveProperty(step);
      expect(child.inputs).toHaveLength(2);
      for (const input of child.inputs) {
        expect(Number.isNaN(Date.parse(String(input.timestamp)))).toBe(false);
        expect(input.duration).toBe(60);
      }
    }
    // Firefox: 1200 J = 1/3000 kWh; operational and embodied grams as stored.
    expect(children['app:firefox']?.inputs[0]).toMatchObject({
      timestamp: '2026-11-23T09:00:00.000Z',
      'carbon-operational': 0.2,
      'carbon-embodied': 0.06,
    });
    expect(children['app:firefox']?.inputs[0]?.energy).toBeCloseTo(1200 / 3.6e6, 15);
  });

  it('refuses a bad window or format with one line', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(String(text)));
    expect(await main(['export', '--data-dir', dataDir, '--from', 'yesterday-ish'])).toBe(2);
    expect(await main(['export', '--data-dir', dataDir, '--format', 'xml'])).toBe(2);
    expect(await main(['export', '--data-dir', dataDir, '--from', '1h', '--to', '2h'])).toBe(2);
    expect(errors).toEqual([
      "carbon-tray export: --from: 'yesterday-ish' is neither an ISO date/time (2026-11-01T08:00Z) nor an age (7d, 90m)",
      "carbon-tray export: --format: expected one of csv, json, impact, got 'xml'",
      'carbon-tray export: --from: the start must be before the end (--to)',
    ]);
  });

  it('says where it looked when there is no history', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(String(text)));
    const empty = mkdtempSync(join(tmpdir(), 'carbon-tray-empty-'));
    expect(await main(['export', '--data-dir', empty])).toBe(1);
    expect(errors[0]).toMatch(/no history at .*history\.sqlite yet/);
  });
});
