// Gives the whole test run one temporary folder and removes it afterwards, so the data folders, fixtures and
// browser profiles the tests create under os.tmpdir() never pile up in /tmp. Workers and the processes they start
// inherit TMPDIR from this process.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'carbon-tray-tests-'));
  // Traversable like /tmp itself: one test reads a fixture as the unprivileged user nobody.
  chmodSync(root, 0o755);
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
