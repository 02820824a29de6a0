// cgroup v2 CPU counters: where cgroup2 is mounted (/proc/self/mountinfo) and each unit's cpu.stat usage_usec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Microseconds per second: `cpu.stat` counts in µs (Documentation/admin-guide/cgroup-v2.rst, "cpu.stat"). */
const USEC_PER_S = 1e6;

/** Where the cgroup2 hierarchy is reachable in this mount namespace. */
export interface Cgroup2Mount {
  /** The directory it is mounted at: `/sys/fs/cgroup` (unified) or `/sys/fs/cgroup/unified` (hybrid). */
  mountPoint: string;
  /** The cgroup shown at the mount point (`/` unless mounted from inside a cgroup namespace's subtree). */
  root: string;
}

/** mountinfo escapes space, tab, newline and backslash in paths as octal `\ooo` (proc(5), show_path()). */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * The first cgroup2 mount of a `/proc/<pid>/mountinfo` text, else null (no cgroup v2: v1 only, or not Linux).
 * A line is `id parent major:minor root mountPoint options [optional fields…] - fstype source superOptions`
 * (proc(5), "/proc/pid/mountinfo"); the optional fields end at the lone `-`.
 */
export function parseCgroup2Mount(mountinfo: string): Cgroup2Mount | null {
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (dash < 0 || fields[dash + 1] !== 'cgroup2') continue;
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    return { mountPoint: unescapeMountPath(mountPoint), root: unescapeMountPath(root) };
  }
  return null;
}

/**
 * `usage_usec` of a cgroup's `cpu.stat` in seconds: all CPU its tasks used since it was created, its removed
 * descendants included (it is a flat-keyed file of `key value` lines, cgroup-v2.rst "cpu.stat"; `usage_usec`,
 * `user_usec` and `system_usec` are there even with the cpu controller off). Null when the key is missing.
 */
export function parseCpuStatUsageS(text: string): number | null {
  const match = /^usage_usec (\d+)$/m.exec(text);
  return match ? Number(match[1]) / USEC_PER_S : null;
}

/** Reads the CPU counters of cgroup v2 units, one small `cpu.stat` file per unit. */
export interface CgroupCpuSource {
  /**
   * Cumulative CPU seconds of each cgroup path (as `/proc/<pid>/cgroup` gives it), or null for one that is
   * gone (a unit that stopped: an ordinary event) or cannot be reached from this mount.
   */
  usageS(cgroups: Iterable<string>): Map<string, number | null>;
}

/** Reads `<mountPoint><cgroup>/cpu.stat`; takes the mount so tests can point it at a fixture tree. */
export class CgroupCpuReader implements CgroupCpuSource {
  constructor(private readonly mount: Cgroup2Mount) {}

  usageS(cgroups: Iterable<string>): Map<string, number | null> {
    const out = new Map<string, number | null>();
    for (const cgroup of cgroups) out.set(cgroup, this.readOne(cgroup));
    return out;
  }

  private readOne(cgroup: string): number | null {
    const dir = this.directoryOf(cgroup);
    if (dir === null) return null;
    let text: string;
    try {
      text = readFileSync(join(dir, 'cpu.stat'), 'utf8');
    } catch {
      return null; // removed (ENOENT, or ENODEV while it is being removed): the unit stopped
    }
    return parseCpuStatUsageS(text);
  }

  /** The directory of a cgroup path under the mount, or null when the path is outside the mounted subtree. */
  private directoryOf(cgroup: string): string | null {
    const root = this.mount.root === '/' ? '' : this.mount.root;
    if (root !== '' && cgroup !== root && !cgroup.startsWith(`${root}/`)) return null;
    return join(this.mount.mountPoint, cgroup.slice(root.length));
  }
}

/**
 * The reader for this process's mount namespace (`<procRoot>/self/mountinfo`), or null when cgroup2 is not
 * mounted or mountinfo cannot be read (not Linux, a fixture root without it).
 */
export function openCgroupCpu(procRoot: string): CgroupCpuReader | null {
  let mountinfo: string;
  try {
    mountinfo = readFileSync(join(procRoot, 'self', 'mountinfo'), 'utf8');
  } catch {
    return null;
  }
  const mount = parseCgroup2Mount(mountinfo);
  return mount ? new CgroupCpuReader(mount) : null;
}
