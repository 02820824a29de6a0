// macOS process sampler: one `ps` call per sample (no procfs there), parsed by ps-parse.ts.
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { PS_ARGS, parsePsOutput } from './ps-parse.js';
import type { ProcessSample, ProcessSampler, ProcessSnapshot } from './types.js';

const run = promisify(execFile);

/** Samples processes with `ps`; the command is a constructor argument so tests can point at a fixture. */
export class DarwinProcessSampler implements ProcessSampler {
  constructor(private readonly psCommand: string = 'ps') {}

  async sample(): Promise<ProcessSnapshot> {
    const atMs = Date.now();
    const { stdout } = await run(this.psCommand, PS_ARGS, { maxBuffer: 64 * 1024 * 1024 });
    const processes: ProcessSample[] = parsePsOutput(stdout).map((row) => ({
      id: `${row.pid}:${Date.parse(row.started)}`,
      pid: row.pid,
      startTicks: Date.parse(row.started),
      ppid: row.ppid,
      name: basename(row.comm),
      cpuS: row.cpuS,
      childrenCpuS: 0, // ps reports no reaped-children time
      rssBytes: row.rssKiB * 1024,
      uid: row.uid,
      kernelThread: row.pid === 0,
      exe: row.comm.startsWith('/') ? row.comm : null,
      cgroup: null,
    }));
    return { atMs, processes };
  }

  /** `ps` is not asked for arguments: grouping on macOS uses the `.app` bundle of `exe`. */
  commandLine(): readonly string[] | null {
    return null;
  }

  /** Each sample is one self-contained `ps` run: nothing is held between calls. */
  close(): void {
    return undefined;
  }
}
