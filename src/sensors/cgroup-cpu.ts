// Cheap per-app CPU accounting from cgroup v2 `cpu.stat` counters: one read per app instead of per process.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Parses `cpu.stat`; null when there is no `usage_usec` line. Present without the cpu controller too. */
export function parseCgroupCpuStat(
  text: string,
): { usageUsec: number; userUsec: number; systemUsec: number } | null {
  const field = (name: string): number | null => {
    const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const usageUsec = field('usage_usec');
  if (usageUsec === null) return null;
  return { usageUsec, userUsec: field('user_usec') ?? 0, systemUsec: field('system_usec') ?? 0 };
}

/**
 * Reads cumulative CPU seconds of whole cgroups (every process ever in them, exited ones included) from a
 * cgroup v2 mount (`/sys/fs/cgroup`, or `/sys/fs/cgroup/unified` on hybrid systems, or a fixture). While
 * nobody looks at the per-process list, the engine can read only the cgroups of the apps it knows (their
 * paths come from `ProcessSample.cgroup`), plus `/proc/stat`, and run the full process sample less often.
 */
export class CgroupCpuReader {
  private readonly buffer = Buffer.allocUnsafe(4096);

  constructor(private readonly root: string = '/sys/fs/cgroup') {}

  /** cgroup path → cumulative CPU seconds; cgroups that are gone or have no counters are left out. */
  read(paths: Iterable<string>): Map<string, number> {
    const out = new Map<string, number>();
    for (const path of paths) {
      let fd: number;
      try {
        fd = openSync(join(this.root, path, 'cpu.stat'), 'r');
      } catch {
        continue; // the cgroup was removed (the app or service stopped)
      }
      try {
        const stat = parseCgroupCpuStat(
          this.buffer.toString('utf8', 0, readSync(fd, this.buffer, 0, this.buffer.length, 0)),
        );
        if (stat) out.set(path, stat.usageUsec / 1e6);
      } catch {
        // a read racing the cgroup's removal: treated as gone
      } finally {
        closeSync(fd);
      }
    }
    return out;
  }
}
