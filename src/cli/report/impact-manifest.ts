// History as an Impact Framework manifest: one component per app, observations as inputs, a Sum pipeline.
import { Scalar, stringify } from 'yaml';
import { joulesToKWh } from '../../engine/index.js';
import type { RawHistoryRow } from '../../engine/index.js';

/** One observation of one component, in Impact Framework parameter names and units. */
export interface ImpactInput {
  /** ISO 8601 start of the observation. */
  timestamp: string;
  /** Seconds. */
  duration: number;
  /** kWh (IF's unit for `energy`). */
  energy: number;
  'carbon-operational': number;
  'carbon-embodied': number;
  'cpu/time': number;
}

/** A component of the manifest's tree. */
export interface ImpactComponent {
  pipeline: { compute: string[] };
  inputs: ImpactInput[];
}

/**
 * The manifest in the shape Impact Framework's `if-run` validates (name, description, tags, initialize.plugins
 * with path/method/global-config, aggregation.metrics as a record with a method, tree.children with
 * pipeline.compute and inputs), as in the framework's own examples (manifests/examples/builtins/sum).
 */
export interface ImpactManifest {
  name: string;
  description: string;
  tags: { kind: string; complexity: string; category: string };
  initialize: {
    plugins: Record<string, { method: string; path: string; 'global-config': Record<string, unknown> }>;
  };
  aggregation: { metrics: Record<string, { method: string }>; type: string };
  tree: { children: Record<string, ImpactComponent> };
}

/** The pipeline step: carbon = carbon-operational + carbon-embodied, with IF's builtin Sum plugin. */
const SUM_CARBON = 'sum-carbon';

/**
 * One component per app row key (the synthetic rows `idle`, `exited`, `self` and `other` included, so the
 * components add up to the machine); machine rows are left out so aggregation does not count them twice.
 * `carbon-*` are gCO2e, as in IF's SCI plugins.
 */
export function toImpactManifest(
  rows: readonly RawHistoryRow[],
  window: { fromMs: number; toMs: number },
): ImpactManifest {
  const children: Record<string, ImpactComponent> = {};
  for (const row of rows) {
    if (row.kind === 'machine') continue;
    const component = (children[row.key] ??= { pipeline: { compute: [SUM_CARBON] }, inputs: [] });
    component.inputs.push({
      timestamp: new Date(row.at).toISOString(),
      duration: row.bucketS,
      energy: joulesToKWh(row.energyJ),
      'carbon-operational': row.operationalG,
      'carbon-embodied': row.embodiedG,
      'cpu/time': row.cpuS,
    });
  }
  return {
    name: 'carbon-tray history',
    description:
      `Energy and carbon per application observed by CarbonTray from ${new Date(window.fromMs).toISOString()} ` +
      `to ${new Date(window.toMs).toISOString()} (energy in kWh, carbon in gCO2e; operational = energy × ` +
      'grid intensity, embodied = TE × time share × resource share, GSF SCI).',
    tags: { kind: 'desktop', complexity: 'simple', category: 'on-premise' },
    initialize: {
      plugins: {
        [SUM_CARBON]: {
          method: 'Sum',
          path: 'builtin',
          'global-config': {
            'input-parameters': ['carbon-operational', 'carbon-embodied'],
            'output-parameter': 'carbon',
          },
        },
      },
    },
    aggregation: { metrics: { carbon: { method: 'sum' } }, type: 'both' },
    tree: { children },
  };
}

/**
 * The manifest as YAML text. Timestamps are double-quoted, as in the framework's examples: a YAML 1.1 loader
 * (js-yaml, which if-run uses) would otherwise turn them into Date objects.
 */
export function impactYaml(manifest: ImpactManifest): string {
  const quoted = (text: string): Scalar => Object.assign(new Scalar(text), { type: Scalar.QUOTE_DOUBLE });
  const children = Object.fromEntries(
    Object.entries(manifest.tree.children).map(([key, child]) => [
      key,
      { ...child, inputs: child.inputs.map((input) => ({ ...input, timestamp: quoted(input.timestamp) })) },
    ]),
  );
  return stringify({ ...manifest, tree: { children } }, { lineWidth: 0 });
}
