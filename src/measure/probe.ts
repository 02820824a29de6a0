// This machine's probe for `measure`: the sensors' Linux sampler over /proc, which the monitor uses too.
import { LinuxProcessSampler } from '../sensors/processes/linux.js';
import type { RunProbe } from './run.js';

/** Measuring a command needs Linux /proc (the kernel's per-process and reaped-children CPU). */
export function linuxProbe(procRoot = '/proc'): RunProbe & { close(): void } {
  if (process.platform !== 'linux') {
    throw new Error(`measuring a command needs Linux /proc; this is ${process.platform}`);
  }
  const sampler = new LinuxProcessSampler(procRoot);
  return {
    read: () => sampler.sampleSync().processes,
    environHas: (pid, entry) => sampler.environHas(pid, entry),
    terminalForeground: () => sampler.inForegroundGroup(),
    selfPid: process.pid,
    close: () => sampler.close(),
  };
}
