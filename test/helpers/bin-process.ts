// Runs the installed command, bin/carbon-tray.js over the compiled dist/, as a child process: to the end, or a
// long-running `serve` until it prints its address.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command as installed (`npx tsc -p tsconfig.json` builds the dist/ it runs). */
export const BIN = fileURLToPath(new URL('../../bin/carbon-tray.js', import.meta.url));

/** A finished run. */
export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a run: XDG_DATA_HOME in a fresh temporary folder (so the default data folder is never the
 * user's), no CARBONTRAY_TOKEN from the caller's shell, then `env`.
 */
function runEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'ct-xdg-')) };
  delete base.CARBONTRAY_TOKEN;
  return { ...base, ...env };
}

/** A started `carbon-tray` process and everything it printed so far. */
export class BinProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<BinResult>;

  constructor(
    readonly child: ChildProcess,
    readonly args: readonly string[],
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }),
      ),
    );
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Resolves to the address once `serve` prints `listening on …`; rejects if it exits first or takes too long. */
  async listening(timeoutMs = 30_000): Promise<URL> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const address = /listening on (http:\/\/\S+?\/)[;\s]/.exec(this.stdout)?.[1];
      if (address !== undefined) return new URL(address);
      if (this.child.exitCode !== null || this.child.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `carbon-tray ${this.args.join(' ')} did not start listening:\n${this.stdout}\n${this.stderr}`,
    );
  }

  /** Sends `signal` (SIGTERM by default) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<BinResult> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** Starts `carbon-tray ARGS`. */
export function startBin(args: string[], env: NodeJS.ProcessEnv = {}): BinProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: runEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new BinProcess(child, args);
}

/** Runs `carbon-tray ARGS` to the end. */
export function runBin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<BinResult> {
  return startBin(args, env).exited;
}
