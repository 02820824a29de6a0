// Picks the process sampler for the running OS (an explicit registry, one file per OS).
import { DarwinProcessSampler } from './darwin.js';
import { LinuxProcessSampler } from './linux.js';
import { WindowsProcessSampler } from './windows.js';
import type { ProcessSampler } from './types.js';

/** The sampler for `platform` (default: this process's), with its default root or command. */
export function createProcessSampler(platform: NodeJS.Platform = process.platform): ProcessSampler {
  switch (platform) {
    case 'linux':
      return new LinuxProcessSampler('/proc');
    case 'darwin':
      return new DarwinProcessSampler('ps');
    case 'win32':
      return new WindowsProcessSampler();
    default:
      throw new Error(
        `CarbonTray has no process sampler for the platform "${platform}" (linux, darwin, win32).`,
      );
  }
}
