// Spawns the carbon-tray CLI from source (tsx) with its own empty data folder, for the CLI integration tests.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../fixtures/cli/carbon-tray.ts', import.meta.url));

/** A finished CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh, empty XDG_DATA_HOME for one run, so no user settings or history leak in. */
const freshDataHome = (): string => mkdtempSync(join(tmpdir(), 'carbon-tray-cli-'));

/** Starts `carbon-tray ARGS` with XDG_DATA_HOME in a fresh temporary folder (no user settings). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    env: { ...process.env, XDG_DATA_HOME: freshDataHome(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a started CLI's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `carbon-tray ARGS` to the end. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return finished(startCli(args, env));
}

/** A command for `--` that prints `ready` and then idles until it is signalled. */
export const IDLE_UNTIL_SIGNALLED = ['node', '-e', "console.log('ready'); setInterval(() => {}, 1000)"];

/** A signal to send to the CLI, `afterMs` after the previous one (the first: after the command printed `ready`). */
export interface Signalling {
  signal: NodeJS.Signals;
  afterMs: number;
}

/** Runs `carbon-tray ARGS`, sends `signals` in turn once the command printed `ready`, and waits for exit. */
export async function runCliSignalled(args: string[], signals: readonly Signalling[]): Promise<CliResult> {
  const child = startCli(args);
  const done = finished(child);
  await new Promise<void>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  for (const { signal, afterMs } of signals) {
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    child.kill(signal);
  }
  return done;
}

/** Runs `carbon-tray ARGS`, sends SIGINT (Ctrl-C) 300 ms after the command printed `ready`, and waits for exit. */
export function runCliInterrupted(args: string[]): Promise<CliResult> {
  return runCliSignalled(args, [{ signal: 'SIGINT', afterMs: 300 }]);
}

/** One word for /bin/sh: single-quoted, with each `'` inside closed, escaped and reopened. */
const shellWord = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

/** What to type into the terminal, and when: `keys`, `afterMs` after the output first contains `cue`. */
export interface Typing {
  cue: string;
  keys: string;
  afterMs: number;
}

/**
 * Runs `carbon-tray ARGS` on a pseudo-terminal (util-linux `script`), types into it once, and resolves with the
 * exit status and everything the terminal showed. `exec` leaves no shell between script and the CLI: a shell there
 * would get a typed ^C too, and dash (CI's /bin/sh) then dies of it, so its exit status would say nothing about
 * ours. With -e, script returns the CLI's own status. SHELL is pinned so that this runs the same here as in CI.
 */
export function runCliOnTerminal(
  args: string[],
  typing: Typing,
): Promise<{ code: number | null; out: string }> {
  const line = `exec ${[process.execPath, '--import', 'tsx', ENTRY, ...args].map(shellWord).join(' ')}`;
  const child = spawn('script', ['-qfec', line, '/dev/null'], {
    env: { ...process.env, SHELL: '/bin/sh', XDG_DATA_HOME: freshDataHome() },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const first = !out.includes(typing.cue);
    out += chunk.toString();
    if (first && out.includes(typing.cue)) setTimeout(() => child.stdin.write(typing.keys), typing.afterMs);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}
