// A CPU-bound process started by a test, detached so the engine groups it as its own app (named by its script).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The script's file name, which the engine uses as the app name for interpreters (src/sensors/grouping). */
export const BUSY_SCRIPT = 'carbontray-busy.mjs';

/**
 * A busy loop on two threads: this machine has 2 cores, so it outranks any single-threaded process that other
 * work may run at the same time. It ends itself after `maxS` even if the test dies first.
 */
export class BusyProcess {
  private constructor(readonly pid: number) {}

  static start(maxS = 180): BusyProcess {
    const dir = mkdtempSync(join(tmpdir(), 'ct-busy-'));
    const script = join(dir, BUSY_SCRIPT);
    const source = [
      "import { Worker, isMainThread } from 'node:worker_threads';",
      `const end = Date.now() + ${maxS * 1000};`,
      'if (isMainThread) new Worker(new URL(import.meta.url));',
      'while (Date.now() < end) {}',
    ];
    writeFileSync(script, `${source.join('\n')}\n`);
    // The shell starts node in the background and exits, so node is re-parented away from the test runner's tree.
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${script}" >/dev/null 2>&1 & echo $!`], {
      encoding: 'utf8',
    });
    const pid = Number(result.stdout.trim());
    if (!Number.isInteger(pid) || pid <= 0)
      throw new Error(`could not start the busy process: ${result.stderr}`);
    return new BusyProcess(pid);
  }

  stop(): void {
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // Already gone (it ends itself after maxS).
    }
  }
}
