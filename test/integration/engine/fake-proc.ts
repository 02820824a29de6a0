// A writable copy of the desktop /proc fixture whose CPU counters a test advances between engine ticks.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'proc', 'desktop');

/** The fixture tree in a temp folder; stat files are rewritten in place (the sampler keeps them open). */
export class FakeProc {
  readonly root = mkdtempSync(join(tmpdir(), 'ct-proc-'));

  constructor() {
    cpSync(FIXTURE, this.root, { recursive: true, verbatimSymlinks: true });
  }

  pids(): number[] {
    return readdirSync(this.root)
      .filter((e) => /^\d+$/.test(e))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Adds user-time clock ticks (1/100 s) to a process's `stat` (field 14, utime). */
  addProcessTicks(pid: number, ticks: number): void {
    const path = join(this.root, String(pid), 'stat');
    const text = readFileSync(path, 'utf8');
    const close = text.lastIndexOf(')');
    const fields = text
      .slice(close + 2)
      .trimEnd()
      .split(' ');
    fields[11] = String(Number(fields[11]) + ticks); // fields after ") " start at field 3: utime is field 14
    writeFileSync(path, `${text.slice(0, close + 2)}${fields.join(' ')}\n`);
  }

  /** Adds busy (user) and idle clock ticks to the machine's `stat` totals line. */
  addMachineTicks(busy: number, idle: number): void {
    const path = join(this.root, 'stat');
    const lines = readFileSync(path, 'utf8').split('\n');
    const f = (lines[0] as string).split(/\s+/);
    f[1] = String(Number(f[1]) + busy);
    f[4] = String(Number(f[4]) + idle);
    lines[0] = f.join(' ');
    writeFileSync(path, lines.join('\n'));
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A clock the test moves by hand. */
export class ManualClock {
  mono = 1_000_000;
  wall: number;
  constructor(wallMs: number) {
    this.wall = wallMs;
  }
  advance(ms: number): void {
    this.mono += ms;
    this.wall += ms;
  }
  monoMs = (): number => this.mono;
  wallMs = (): number => this.wall;
}
