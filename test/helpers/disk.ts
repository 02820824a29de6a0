// Staging disk faults for tests: run a mount command and say why it was refused, fill a file system to the last byte.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Runs a command; null when it worked, else what it said (the reason a fault cannot be staged here). */
export function tryRun(command: string, args: string[]): string | null {
  try {
    execFileSync(command, args, { stdio: 'pipe' });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (error instanceof Error ? error.message : String(error));
  }
}

/** Fills the file system holding `dir` to the last byte; returns the file to delete to free it again. */
export function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // What no longer fits as a whole chunk, byte by byte down to the last free one.
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch {
    // Full.
  } finally {
    closeSync(fd);
  }
  return filler;
}
