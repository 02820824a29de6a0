// The `carbon-tray` command: dispatches to one subcommand from an explicit registry.
import type { Command } from './command.js';
import { UsageError, USAGE_EXIT } from './usage-error.js';

/** Subcommands, loaded lazily so `estimate` does not pay for the engine. */
const commands: { name: string; summary: string; load: () => Promise<Command> }[] = [
  {
    name: 'serve',
    summary: 'run headless: the popup UI in a browser, a JSON API, live events and Prometheus /metrics',
    load: async () => (await import('./commands/serve.js')).serve,
  },
  {
    name: 'estimate',
    summary: 'estimate a job from its duration, CPU, memory and grid (Green Algorithms style)',
    load: async () => (await import('./commands/estimate.js')).estimateCommand,
  },
  {
    name: 'measure',
    summary: 'run a command and measure its CPU, memory, energy and CO2e',
    load: async () => (await import('./commands/measure.js')).measureCommand,
  },
  {
    name: 'compare',
    summary: 'compare two commands (interleaved runs) or two saved measurements: which is greener',
    load: async () => (await import('./commands/compare.js')).compareCommand,
  },
  {
    name: 'export',
    summary: 'export history as CodeCarbon-style CSV, JSON or an Impact Framework manifest',
    load: async () => (await import('./commands/export.js')).exportCommand,
  },
  {
    name: 'repair',
    summary: 'copy what can still be read from a damaged history database into a new one',
    load: async () => (await import('./commands/repair.js')).repairCommand,
  },
  {
    name: 'top',
    summary: 'live table of apps by gCO2e per hour (q or Ctrl-C quits)',
    load: async () => (await import('./commands/top.js')).topCommand,
  },
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'carbon-tray — the carbon footprint of the software running on this computer',
    '',
    'Usage: carbon-tray <command> [options]   (carbon-tray <command> --help for its options)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? USAGE_EXIT : 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    console.error(`carbon-tray: unknown command '${name}' (try: ${commands.map((c) => c.name).join(', ')})`);
    return USAGE_EXIT;
  }
  try {
    const command = await entry.load();
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`carbon-tray ${name}: ${error.message}`);
      return USAGE_EXIT;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`carbon-tray ${name}: ${message}`);
    return 1;
  }
}
