// `carbon-tray measure`: runs a command, follows its process tree, and reports its resources, energy and carbon.
import { dataDirFlag, flagLines, HELP_FLAG, parseFlags, type FlagSpec, type FlagValues } from '../flags.js';
import type { Command } from '../command.js';
import { defaultDataDir, thisMachine } from '../../engine/index.js';
import { linuxProbe, readSettings, resolveContext } from '../../measure/index.js';
import type { MeasureContext, RunFigures } from '../../measure/index.js';
import { runFigures } from '../../measure/index.js';
import { buildMeasurement } from '../../measure/index.js';
import { CLEAR_PROGRESS, formatMeasurement, formatProgress } from '../report/measure-report.js';
import { raplMeter } from '../../measure/index.js';
import type { EnergyMeter } from '../../measure/index.js';
import { runMeasured, signalStatus, SignalRelay } from '../../measure/index.js';
import type { RunProbe, RunSample } from '../../measure/index.js';
import { flagString, parseBytes, parseCount, parseCountry, parsePositive } from '../options.js';
import { checkOutputFile, FORCE_FLAG, writeOutputFile } from '../output-file.js';
import { UsageError } from '../usage-error.js';

/** Milliseconds between samples of the command's process tree (RSS peak/average, live CPU). */
export const SAMPLE_INTERVAL_MS = 100;

/** Flags shared by `measure` and `compare` (the context of the figures). */
export const CONTEXT_FLAGS: Record<string, FlagSpec> = {
  repeat: { type: 'string', help: 'N', about: 'run the command N times (default 1); figures are medians' },
  'data-bytes': { type: 'string', help: 'B', about: 'size of the data worked on (e.g. 200MB): enables %RAM' },
  'runs-per-year': {
    type: 'string',
    help: 'N',
    about: 'how often it runs in a year: per-year CO2e and car km',
  },
  intensity: {
    type: 'string',
    help: 'G',
    about: "gCO2e/kWh (default: settings, else the time zone's country, else world)",
  },
  country: { type: 'string', help: 'ISO3', about: "the country's annual average intensity (e.g. FRA)" },
  'data-dir': dataDirFlag('the settings to use'),
  json: { type: 'boolean', about: 'write one JSON object to stdout after the command' },
};

const FLAGS: Record<string, FlagSpec> = {
  ...CONTEXT_FLAGS,
  output: {
    type: 'string',
    help: 'FILE',
    about: 'also save the JSON measurement to FILE (for compare); an existing FILE needs --force',
  },
  force: FORCE_FLAG,
  'wait-descendants': {
    type: 'boolean',
    about: 'after CMD exits, wait for the processes it left running (daemons, cmd &) and include them',
  },
  help: HELP_FLAG,
};

/** Splits `[flags] -- CMD ARGS...`; the command is required. */
export function splitCommand(args: readonly string[], usage: string): { flags: string[]; command: string[] } {
  const at = args.indexOf('--');
  if (at < 0) {
    if (args.includes('--help') || args.includes('-h')) return { flags: [...args], command: [] };
    throw new UsageError('--', `put the command after --, e.g. ${usage}`);
  }
  return { flags: args.slice(0, at), command: args.slice(at + 1) };
}

/** Builds the figures' context from the flags, the settings and the hardware. */
export function contextFromFlags(values: FlagValues): { context: MeasureContext; warnings: string[] } {
  const text = (name: string): string | undefined => flagString(values, name);
  const intensity = text('intensity');
  const country = text('country');
  const runsPerYear = text('runs-per-year');
  const dataBytes = text('data-bytes');
  const flags = {
    intensityGPerKWh: intensity === undefined ? null : parsePositive(intensity, '--intensity'),
    country: country === undefined ? null : parseCountry(country, '--country'),
    runsPerYear: runsPerYear === undefined ? null : parsePositive(runsPerYear, '--runs-per-year'),
    dataBytes: dataBytes === undefined ? null : parseBytes(dataBytes, '--data-bytes'),
  };
  const { settings, warnings } = readSettings(text('data-dir') ?? defaultDataDir());
  return { context: resolveContext(settings, thisMachine().detected, flags), warnings };
}

/** What every run of one invocation shares: the probe, the signal relay, the energy meter and the context. */
export interface Session {
  probe: RunProbe;
  relay: SignalRelay;
  meter: EnergyMeter | null;
  context: MeasureContext;
  name: string;
}

/** Opens a session on this machine; `dispose()` stops relaying signals. */
export function openSession(context: MeasureContext, name: string): Session & { dispose(): void } {
  const probe = linuxProbe();
  const relay = new SignalRelay(probe.terminalForeground, (line) =>
    process.stderr.write(`${process.stderr.isTTY ? CLEAR_PROGRESS : ''}carbon-tray ${name}: ${line}\n`),
  );
  const { meter, note } = raplMeter(context.model.pue);
  if (note) console.error(`carbon-tray ${name}: energy is modelled: ${note}`);
  const dispose = (): void => {
    relay.dispose();
    probe.close();
  };
  return { probe, relay, meter, context, name, dispose };
}

/**
 * Runs the command once (a progress line on a terminal) and computes its figures; announces a command that
 * could not start.
 */
export async function measureOnce(
  command: readonly string[],
  session: Session,
  label: { run: number; of: number },
  waitDescendants = false,
): Promise<{ sample: RunSample; figures: RunFigures }> {
  const live = process.stderr.isTTY === true;
  session.meter?.start();
  const sample = await runMeasured(command, session.probe, session.relay, {
    intervalMs: SAMPLE_INTERVAL_MS,
    waitDescendants,
    ...(live ? { onProgress: (p) => process.stderr.write(formatProgress(p, label.run, label.of)) } : {}),
  });
  const measured = session.meter?.finish(sample.cpuS) ?? null;
  if (live) process.stderr.write(CLEAR_PROGRESS);
  const name = `carbon-tray ${session.name}`;
  if (sample.outcome === 'not-found') console.error(`${name}: command not found: ${command[0]}`);
  if (sample.outcome === 'not-executable') console.error(`${name}: cannot execute: ${command[0]}`);
  return { sample, figures: runFigures(sample, session.context, measured) };
}

function help(): string {
  return [
    'Usage: carbon-tray measure [options] -- CMD [ARGS...]',
    '',
    "Runs CMD (its output passes through untouched) and reports its whole process tree's wall and CPU",
    'time, peak and average memory, energy (RAPL where readable, else modelled), CO2e, SCI per run and',
    "greeNsort footprints, on stderr. Returns CMD's exit status (127 not found, 128+N killed by signal N).",
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

export const measureCommand: Command = {
  name: 'measure',
  summary: 'run a command and measure its CPU, memory, energy and CO2e',
  async run(args) {
    const { flags, command } = splitCommand(args, 'carbon-tray measure -- python3 train.py');
    const values = parseFlags(flags, FLAGS);
    if (values.help === true) {
      console.log(help());
      return 0;
    }
    if (command.length === 0) throw new UsageError('--', 'no command given after --');
    const repeat = parseCount(flagString(values, 'repeat') ?? '1', '--repeat');
    // Checked before the command runs: a long run must not end in a path that cannot be written.
    const outputPath = flagString(values, 'output');
    const output =
      outputPath === undefined
        ? null
        : checkOutputFile(outputPath, {
            force: values.force === true,
            dataDirs: [flagString(values, 'data-dir') ?? defaultDataDir()],
          });
    if (output === null && values.force === true) throw new UsageError('--force', 'only goes with --output');
    const { context, warnings } = contextFromFlags(values);
    for (const warning of warnings) console.error(`carbon-tray measure: ${warning}`);
    const session = openSession(context, 'measure');
    const runs: RunFigures[] = [];
    try {
      for (let i = 1; i <= repeat; i++) {
        const { sample, figures } = await measureOnce(
          command,
          session,
          { run: i, of: repeat },
          values['wait-descendants'] === true,
        );
        runs.push(figures);
        if (sample.outcome !== 'ok' || session.relay.received !== null) break;
      }
    } finally {
      session.dispose();
    }
    const measurement = buildMeasurement(command, runs, context);
    console.error(formatMeasurement(measurement));
    const json = JSON.stringify(measurement, null, 2);
    if (values.json === true) process.stdout.write(`${json}\n`);
    if (output !== null) writeOutputFile(output, `${json}\n`);
    // A signal that came between two runs stops the repeats; report it like the shell would.
    const received = session.relay.received;
    return received !== null && measurement.exitCode === 0 ? signalStatus(received) : measurement.exitCode;
  },
};
