// Starts the real `carbon-tray serve` command (from source, via tsx) as a child process for browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the CLI finds dist/renderer from there). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A running headless server: its printed address and its output so far. */
export class ServeProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: URL,
    readonly output: string[],
  ) {}

  /** Runs `carbon-tray serve ...args` and resolves once it prints the address it listens on. */
  static start(args: string[], timeoutMs = 30_000): Promise<ServeProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/run-cli.ts', 'serve', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`serve printed no address within ${timeoutMs} ms:\n${output.join('')}`));
      }, timeoutMs);
      const onData = (chunk: Buffer): void => {
        output.push(chunk.toString());
        const address = /listening on (http:\/\/\S+?\/)[;\s]/.exec(output.join(''))?.[1];
        if (address !== undefined) {
          clearTimeout(timer);
          resolve(new ServeProcess(child, new URL(address), output));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code} before listening:\n${output.join('')}`));
      });
    });
  }

  /** SIGTERM, as a service manager would; resolves to the exit code, or the signal's name if one killed it. */
  stop(): Promise<number | string | null> {
    const { exitCode, signalCode } = this.child;
    if (exitCode !== null || signalCode !== null) return Promise.resolve(exitCode ?? signalCode);
    return new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve(code ?? signal));
      this.child.kill('SIGTERM');
    });
  }
}

/** Runs `carbon-tray serve ...args` expecting it to exit; resolves to its status and output. */
export function runServe(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/run-cli.ts', 'serve', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
