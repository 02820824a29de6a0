// `carbon-tray repair`: copies what can still be read from a damaged history database into a new one.
import { defaultDataDir, repairDataDir, type FolderRepair } from '../../engine/index.js';
import { dataDirFlag, flagLines, HELP_FLAG, parseFlags, type FlagSpec } from '../flags.js';
import type { Command } from '../command.js';
import { flagString } from '../options.js';
import { UsageError } from '../usage-error.js';

const FLAGS: Record<string, FlagSpec> = {
  'data-dir': dataDirFlag('the folder whose history.sqlite is repaired'),
  help: HELP_FLAG,
};

function help(): string {
  return [
    'Usage: carbon-tray repair [--data-dir DIR]',
    '',
    'Checks history.sqlite (PRAGMA quick_check). When it is damaged, every row that can still be read is',
    'copied, table by table, into a new history.sqlite; unreadable pages and rows are skipped. The damaged',
    'file is kept, unchanged, as history.sqlite.damaged-<time>. A sound file is left alone. Stop CarbonTray',
    '(the tray app, `serve`) first: repair refuses while an engine records into the folder.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

/** What the repair did, as the lines it prints: one per table, then where the files are. */
export function repairReport(result: FolderRepair): string[] {
  if (result.sound) return [`${result.path} is sound (quick_check: ok); nothing to repair`];
  const width = Math.max(...result.tables.map((t) => t.table.length));
  const count = Math.max(...result.tables.map((t) => String(t.saved).length));
  const lines = [`${result.path} is damaged (${result.finding}); copied what could be read:`];
  if (!result.schemaReadable)
    lines.push('  not even the list of tables could be read: the new history is empty');
  for (const t of result.tables) {
    const skipped =
      t.skipped === 0 ? '' : `, ${t.skipped} unreadable stretch${t.skipped === 1 ? '' : 'es'} skipped`;
    lines.push(`  ${t.table.padEnd(width)}  ${String(t.saved).padStart(count)} rows saved${skipped}`);
  }
  if (result.unnamedApps > 0) {
    lines.push(
      `  ${result.unnamedApps} app${result.unnamedApps === 1 ? "'s name was" : "s' names were"} lost: ` +
        'their rows are kept as "Unknown app <id>"',
    );
  }
  lines.push(`The damaged file is kept as ${result.damagedPath}; the new history is ${result.path}.`);
  return lines;
}

export const repairCommand: Command = {
  name: 'repair',
  summary: 'copy what can still be read from a damaged history database into a new one',
  async run(args) {
    const values = parseFlags(args, FLAGS);
    if (values.help === true) {
      console.log(help());
      return 0;
    }
    const dataDir = flagString(values, 'data-dir');
    if (dataDir === '') throw new UsageError('--data-dir', 'needs a folder');
    for (const line of repairReport(repairDataDir(dataDir ?? defaultDataDir()))) console.log(line);
    return 0;
  },
};
