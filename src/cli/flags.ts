// Command-line flag parsing for every subcommand: node:util parseArgs, with each refusal turned into a UsageError.
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** One flag: its type, the placeholder shown in help, and one line on what it does. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  help?: string;
  about: string;
  short?: string;
  multiple?: boolean;
}

/** `--help`, the same on every command. */
export const HELP_FLAG: FlagSpec = { type: 'boolean', about: 'show this help' };

/** `--data-dir DIR`: where the settings and history are; `use` says what the command does with them. */
export function dataDirFlag(use: string): FlagSpec {
  return { type: 'string', help: 'DIR', about: `${use} (default: the platform's app-data folder)` };
}

/** The help lines of a flag table: `--name VALUE` in one column, what it does in the next. */
export function flagLines(flags: Record<string, FlagSpec>): string[] {
  const left = Object.entries(flags).map(([name, spec]) => `--${name}${spec.help ? ` ${spec.help}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 1;
  return Object.values(flags).map((spec, i) => `  ${(left[i] ?? '').padEnd(width)} ${spec.about}`);
}

export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** `--pue -1` would read as two flags; join a negative number to its flag so the value check can refuse it. */
function joinNegativeValues(args: string[], specs: Record<string, FlagSpec>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (arg === '--') return [...out, ...args.slice(i)];
    const spec = arg.startsWith('--') ? specs[arg.slice(2)] : undefined;
    if (spec?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Parses `args` strictly against `specs`; unknown flags, missing values and stray positionals become a
 * `UsageError` naming the flag. With `positionals: true` the leftover words are returned too.
 */
export function parseFlags(
  args: string[],
  specs: Record<string, FlagSpec>,
  options: { positionals?: boolean } = {},
): FlagValues & { _: string[] } {
  const config = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, specs),
      options: config,
      strict: true,
      allowPositionals: options.positionals ?? false,
    });
    return { ...(values as FlagValues), _: positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const named = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
    const flag = named ?? args.find((a) => a.startsWith('-')) ?? 'arguments';
    const reason = message
      .replace(/^Unknown option '[^']+'.*$/s, 'unknown flag (see --help)')
      .replace(/^Option '[^']+' argument missing$/s, 'needs a value')
      .replace(/^Unexpected argument '([^']+)'.*$/s, "unexpected argument '$1' (see --help)")
      .replace(/^Option '[^']+' does not take an argument$/s, 'takes no value');
    throw new UsageError(named ? (flag.split('=')[0] ?? flag) : 'arguments', reason.split('\n')[0] ?? reason);
  }
}
