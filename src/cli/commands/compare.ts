// `carbon-tray compare`: two commands run interleaved (A B A B …), or two saved measurements, side by side.
import { readFileSync } from 'node:fs';
import type { FlagSpec } from '../flags.js';
import { flagLines, HELP_FLAG, parseFlags } from '../flags.js';
import type { Command } from '../command.js';
import type { MemoryBasis } from '../../measure/index.js';
import { buildComparison, formatComparison } from '../report/compare-report.js';
import type { RunFigures } from '../../measure/index.js';
import { parseMeasurement } from '../../measure/index.js';
import { signalStatus } from '../../measure/index.js';
import type { Measurement } from '../../measure/index.js';
import { CONTEXT_FLAGS, contextFromFlags, measureOnce, openSession } from './measure.js';
import { flagString, parseBytes, parseChoice, parseCount } from '../options.js';
import { UsageError } from '../usage-error.js';

/** Runs per command when `--repeat` is not given: a median of three resists one noisy run. */
export const DEFAULT_COMPARE_REPEAT = 3;

const FLAGS: Record<string, FlagSpec> = {
  ...CONTEXT_FLAGS,
  repeat: {
    type: 'string',
    help: 'N',
    about: `runs of each command (default ${DEFAULT_COMPARE_REPEAT}), interleaved`,
  },
  memory: {
    type: 'string',
    help: 'peak|avg',
    about: 'memory charged to a run: peak RSS (default) or average',
  },
  json: { type: 'boolean', about: 'write the comparison as one JSON object (with "ratios")' },
  help: HELP_FLAG,
};

function help(): string {
  return [
    'Usage: carbon-tray compare [options] -- CMD_A [ARGS...] -- CMD_B [ARGS...]',
    '       carbon-tray compare [--memory peak|avg] [--data-bytes B] [--json] A.json B.json',
    '',
    'Runs A and B interleaved (A B A B …) or reads two `measure --output` files, and prints medians,',
    'min–max and the ratios B/A of wall time, CPU time, energy, memory and the greeNsort footprints,',
    'then says which is greener. The grid intensity cancels in the ratios.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

/** Splits `[flags] -- A... -- B...`; without `--`, the arguments are flags and two saved files. */
function splitArgs(args: readonly string[]): { flags: string[]; a: string[]; b: string[] } | null {
  const first = args.indexOf('--');
  if (first < 0) return null;
  const second = args.indexOf('--', first + 1);
  if (second < 0) throw new UsageError('--', 'give both commands: -- CMD_A [ARGS...] -- CMD_B [ARGS...]');
  const a = args.slice(first + 1, second);
  const b = args.slice(second + 1);
  if (a.length === 0 || b.length === 0)
    throw new UsageError('--', 'a command is missing between the -- separators');
  return { flags: args.slice(0, first), a, b };
}

function readSaved(path: string): Measurement {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(path, `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return parseMeasurement(text, path);
  } catch (error) {
    throw new UsageError(
      path,
      error instanceof Error ? error.message.replace(`${path} `, '') : String(error),
    );
  }
}

/** The data size for footprints of two saved measurements: the flag, else theirs when they agree. */
function savedDataBytes(flag: number | null, a: Measurement, b: Measurement): number | null {
  if (flag !== null) return flag;
  return a.dataBytes !== null && a.dataBytes === b.dataBytes ? a.dataBytes : null;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare two commands (interleaved runs) or two saved measurements: which is greener',
  async run(args) {
    const split = splitArgs(args);
    const values = parseFlags(split ? split.flags : [...args], FLAGS, { positionals: split === null });
    if (values.help === true) {
      console.log(help());
      return 0;
    }
    const memory = parseChoice<MemoryBasis>(flagString(values, 'memory') ?? 'peak', '--memory', [
      'peak',
      'avg',
    ]);
    const dataFlag = flagString(values, 'data-bytes');
    let exitCode = 0;
    let comparison;
    if (split === null) {
      if (values._.length !== 2) {
        throw new UsageError('arguments', 'give two saved measurements (A.json B.json) or -- CMD_A -- CMD_B');
      }
      const a = readSaved(values._[0] as string);
      const b = readSaved(values._[1] as string);
      const dataBytes = savedDataBytes(
        dataFlag === undefined ? null : parseBytes(dataFlag, '--data-bytes'),
        a,
        b,
      );
      comparison = buildComparison('saved', a, b, memory, dataBytes);
    } else {
      const repeat = parseCount(flagString(values, 'repeat') ?? String(DEFAULT_COMPARE_REPEAT), '--repeat');
      const { context, warnings } = contextFromFlags(values);
      for (const warning of warnings) console.error(`carbon-tray compare: ${warning}`);
      const session = openSession(context, 'compare');
      const runs: { a: RunFigures[]; b: RunFigures[] } = { a: [], b: [] };
      try {
        outer: for (let i = 1; i <= repeat; i++) {
          for (const side of ['a', 'b'] as const) {
            const { sample, figures } = await measureOnce(split[side], session, { run: i, of: repeat });
            runs[side].push(figures);
            if (sample.outcome !== 'ok' || session.relay.received !== null) {
              const received = session.relay.received;
              exitCode =
                received !== null && sample.exitCode === 0 ? signalStatus(received) : sample.exitCode;
              console.error(
                received !== null
                  ? `carbon-tray compare: interrupted (${received}); stopping`
                  : `carbon-tray compare: ${side.toUpperCase()} ended with status ${sample.exitCode}; stopping`,
              );
              break outer;
            }
          }
        }
      } finally {
        session.dispose();
      }
      comparison = buildComparison(
        'interleaved',
        { command: split.a, runs: runs.a },
        { command: split.b, runs: runs.b },
        memory,
        context.dataBytes,
      );
    }
    if (values.json === true) {
      console.error(formatComparison(comparison));
      console.log(JSON.stringify(comparison, null, 2));
    } else {
      console.log(formatComparison(comparison));
    }
    return exitCode;
  },
};
