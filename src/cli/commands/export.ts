// `carbon-tray export`: stored history of a time window as CodeCarbon-style CSV, JSON, or an Impact Framework manifest.
import { arch, release, type as osType } from 'node:os';
import { InputError } from '../../engine/index.js';
import { parseDuration } from '../../engine/index.js';
import { openHistory } from '../../engine/index.js';
import { dataFiles, defaultDataDir } from '../../engine/index.js';
import type { RawHistoryRow } from '../../engine/index.js';
import { thisMachine } from '../../engine/index.js';
import { toCodeCarbonCsv } from '../report/codecarbon-csv.js';
import { impactYaml, toImpactManifest } from '../report/impact-manifest.js';
import { dataDirFlag, flagLines, HELP_FLAG, parseFlags, type FlagSpec } from '../flags.js';
import type { Command } from '../command.js';
import { readSettings } from '../../measure/index.js';
import { MS_PER_SECOND } from '../../shared/time.js';
import { flagString, parseChoice } from '../options.js';
import { checkOutputFile, FORCE_FLAG, writeOutputFile } from '../output-file.js';
import { UsageError } from '../usage-error.js';

const FORMATS = ['csv', 'json', 'impact'] as const;
type ExportFormat = (typeof FORMATS)[number];

/** Version tag of the JSON export. */
export const EXPORT_SCHEMA = 'carbon-tray.export/1';

/** Window used when `--from` is not given. */
export const DEFAULT_EXPORT_WINDOW = '24h';

const FLAGS: Record<string, FlagSpec> = {
  from: {
    type: 'string',
    help: 'WHEN',
    about: `start: ISO date/time (2026-11-01, 2026-11-01T08:00Z) or an age (7d = 7 days ago); default ${DEFAULT_EXPORT_WINDOW}`,
  },
  to: { type: 'string', help: 'WHEN', about: 'end (exclusive), same forms; default now' },
  format: {
    type: 'string',
    help: 'csv|json|impact',
    about: 'csv (CodeCarbon columns, default), json, impact (IF YAML)',
  },
  output: {
    type: 'string',
    help: 'FILE',
    about:
      "write to FILE instead of stdout (an existing FILE needs --force; never the data folder's own files)",
  },
  force: FORCE_FLAG,
  'data-dir': dataDirFlag('the history to export'),
  help: HELP_FLAG,
};

/** An instant: `now`, an ISO 8601 date or date-time, or an age such as `90m` or `7d` before `nowMs`. */
export function parseInstant(text: string, flag: string, nowMs: number): number {
  const trimmed = text.trim();
  if (trimmed === 'now') return nowMs;
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (Number.isNaN(ms)) throw new UsageError(flag, `'${text}' is not a valid ISO 8601 date or date-time`);
    return ms;
  }
  try {
    return nowMs - parseDuration(trimmed) * MS_PER_SECOND;
  } catch (error) {
    if (error instanceof InputError) {
      throw new UsageError(
        flag,
        `'${text}' is neither an ISO date/time (2026-11-01T08:00Z) nor an age (7d, 90m)`,
      );
    }
    throw error;
  }
}

function help(): string {
  return [
    'Usage: carbon-tray export [--from WHEN] [--to WHEN] [--format csv|json|impact] [--output FILE [--force]]',
    '',
    'Writes the stored per-minute (last 7 days) and hourly (older) rows of the machine and each app.',
    "csv: CodeCarbon's emissions.csv column names (emissions in kgCO2e, energy_consumed in kWh) and ours after.",
    'json: the raw rows. impact: an Impact Framework manifest with one component per app.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

/** The machine facts CodeCarbon writes on each row, from the inventory and the settings. */
function machineFacts(dataDir: string): Parameters<typeof toCodeCarbonCsv>[1] {
  const { inventory } = thisMachine();
  const { settings } = readSettings(dataDir);
  return {
    os: `${osType()}-${release()}-${arch()}`,
    cpuCount: inventory.cores,
    cpuModel: inventory.cpuModel,
    ramTotalGB: inventory.memoryBytes === null ? null : inventory.memoryBytes / 1e9,
    pue: settings.pue,
    countryIsoCode: settings.country,
  };
}

function render(
  format: ExportFormat,
  rows: RawHistoryRow[],
  window: { fromMs: number; toMs: number },
  dataDir: string,
): string {
  switch (format) {
    case 'csv':
      return toCodeCarbonCsv(rows, machineFacts(dataDir));
    case 'json':
      return `${JSON.stringify(
        {
          schema: EXPORT_SCHEMA,
          from: new Date(window.fromMs).toISOString(),
          to: new Date(window.toMs).toISOString(),
          rows: rows.map((row) => ({ time: new Date(row.at).toISOString(), ...row })),
        },
        null,
        2,
      )}\n`;
    case 'impact':
      return impactYaml(toImpactManifest(rows, window));
  }
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'export history as CodeCarbon-style CSV, JSON or an Impact Framework manifest',
  async run(args) {
    const values = parseFlags(args, FLAGS);
    if (values.help === true) {
      console.log(help());
      return 0;
    }
    const nowMs = Date.now();
    const format = parseChoice(flagString(values, 'format') ?? 'csv', '--format', FORMATS);
    const fromMs = parseInstant(flagString(values, 'from') ?? DEFAULT_EXPORT_WINDOW, '--from', nowMs);
    const toMs = parseInstant(flagString(values, 'to') ?? 'now', '--to', nowMs);
    if (!(fromMs < toMs)) throw new UsageError('--from', 'the start must be before the end (--to)');
    const dataDir = flagString(values, 'data-dir') ?? defaultDataDir();
    // Checked before history is read: a bad path costs nothing, and the data folder's own files are refused.
    const outputPath = flagString(values, 'output');
    const output =
      outputPath === undefined
        ? null
        : checkOutputFile(outputPath, { force: values.force === true, dataDirs: [dataDir] });
    if (output === null && values.force === true) throw new UsageError('--force', 'only goes with --output');
    const store = openHistory(dataDir);
    if (!store) {
      const { historyPath } = dataFiles(dataDir);
      throw new Error(
        `no history at ${historyPath} yet: run the app or \`carbon-tray serve\` first (or give --data-dir)`,
      );
    }
    let rows: RawHistoryRow[];
    try {
      rows = store.queries.rawRows(fromMs, toMs);
    } finally {
      store.close();
    }
    const text = render(format, rows, { fromMs, toMs }, dataDir);
    if (output === null) process.stdout.write(text);
    else writeOutputFile(output, text);
    if (rows.length === 0) console.error('carbon-tray export: no stored rows in that window');
    return 0;
  },
};
