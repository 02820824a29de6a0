// `carbon-tray top`: a live terminal table of apps by gCO2e per hour, redrawn in place; q or Ctrl-C quits.
import { createEngine } from '../../engine/index.js';
import { defaultDataDir } from '../../engine/index.js';
import type { Snapshot } from '../../shared/api.js';
import { dataDirFlag, flagLines, HELP_FLAG, parseFlags, type FlagSpec } from '../flags.js';
import type { Command } from '../command.js';
import { flagString, parseCount } from '../options.js';
import { formatTop } from '../report/top-table.js';

const FLAGS: Record<string, FlagSpec> = {
  iterations: { type: 'string', help: 'N', about: 'quit after N refreshes (like top -n)' },
  'data-dir': dataDirFlag('the settings to use; nothing is written'),
  help: HELP_FLAG,
};

/** Escape sequences: alternate screen, hidden cursor, home + clear. */
const ENTER = '\x1b[?1049h\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const HOME_CLEAR = '\x1b[H\x1b[2J';
const CTRL_C = '\x03';

function help(): string {
  return [
    'Usage: carbon-tray top [--iterations N] [--data-dir DIR]',
    '',
    'Runs the engine without writing history and shows the apps of this machine by gCO2e per hour,',
    'refreshed every tick (the intervalS setting). On a terminal it redraws in place; q or Ctrl-C quits.',
    'Otherwise it prints one table per tick.',
    '',
    ...flagLines(FLAGS),
  ].join('\n');
}

export const topCommand: Command = {
  name: 'top',
  summary: 'live table of apps by gCO2e per hour (q or Ctrl-C quits)',
  async run(args) {
    const values = parseFlags(args, FLAGS);
    if (values.help === true) {
      console.log(help());
      return 0;
    }
    const iterationsText = flagString(values, 'iterations');
    const iterations = iterationsText === undefined ? null : parseCount(iterationsText, '--iterations');
    const engine = createEngine({
      dataDir: flagString(values, 'data-dir') ?? defaultDataDir(),
      persist: false,
    });
    const out = process.stdout;
    const live = out.isTTY === true;
    const stdin = process.stdin;
    const keys = live && stdin.isTTY === true;
    let shown = 0;
    let started: Promise<void> = Promise.resolve();

    await new Promise<void>((resolve, reject) => {
      let unsubscribe = (): void => {};
      const quit = (): void => {
        unsubscribe();
        process.off('SIGINT', quit);
        process.off('SIGTERM', quit);
        if (keys) {
          stdin.off('data', onKey);
          stdin.setRawMode(false);
          stdin.pause();
        }
        resolve();
      };
      const onKey = (chunk: Buffer): void => {
        const key = chunk.toString();
        if (key === 'q' || key === 'Q' || key === CTRL_C) quit();
      };
      const draw = (snapshot: Snapshot): void => {
        // A terminal that reports no size (0×0, e.g. a bare pseudo-terminal) gets the classic 80×24.
        const size = live
          ? { columns: out.columns || 80, rows: out.rows || 24 }
          : { columns: 120, rows: 1000 };
        const table = formatTop(snapshot, size).join('\n');
        out.write(live ? `${HOME_CLEAR}${table}` : `${table}\n\n`);
        shown += 1;
        if (iterations !== null && shown >= iterations) quit();
      };
      process.on('SIGINT', quit);
      process.on('SIGTERM', quit);
      if (keys) {
        stdin.setRawMode(true);
        stdin.resume();
        stdin.on('data', onKey);
      }
      if (live) out.write(ENTER);
      unsubscribe = engine.subscribe(draw, { detail: true });
      started = engine.start().catch((error: unknown) => {
        quit();
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    }).finally(() => {
      if (live) out.write(LEAVE);
    });
    await started;
    await engine.stop();
    return 0;
  },
};
