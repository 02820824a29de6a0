// Groups processes into applications: cgroup v2 units first, else the top of the process tree (docs/ARCHITECTURE.md).
import { basename } from 'node:path';
import { classifyCgroup } from './cgroup.js';
import type { DesktopEntries } from './desktop-entries.js';
import type { ProcessAppKind, ProcessSample } from '../processes/types.js';

/** The application a process is accounted to. */
export interface AppIdentity {
  /** Stable across restarts and reboots: `app:firefox`, `service:nginx.service`, `container:b7f3e1c0a9d8`, `kernel`. */
  key: string;
  /** Display name (the `.desktop` Name where there is one). */
  name: string;
  kind: ProcessAppKind;
  /**
   * The cgroup v2 directory of the unit that names this app (`CgroupApp.unitCgroup`), when the app was recognised
   * by its cgroup: the engine reads that unit's CPU counter instead of adding up its processes.
   */
  unitCgroup?: string;
}

/** Processes that start sessions rather than being the app (the tree walk goes below them). */
export const SESSION_ROOTS: readonly string[] = [
  'sshd',
  'sshd-session',
  'login',
  'su',
  'sudo',
  'gdm-session-wor',
  'sddm-helper',
  'lightdm',
  'tmux: server',
  'screen',
  'SCREEN',
];
/** Shells: a command run from a shell is its own app, the shell groups only itself. */
export const SHELLS: readonly string[] = ['bash', 'sh', 'dash', 'zsh', 'fish', 'ksh', 'tcsh', 'csh'];
/** Interpreters: named by their script (the basename of the first argument that is a script file). */
export const INTERPRETERS: readonly string[] = [
  'python',
  'python3',
  'node',
  'perl',
  'ruby',
  'php',
  'java',
  'bun',
  'deno',
];

/** The kernel's row: kernel threads, and interrupt time no process is charged for. */
export const KERNEL_APP: AppIdentity = { key: 'kernel', name: 'Linux kernel', kind: 'kernel' };
const FIRST_NORMAL_UID = 1000; // login.defs UID_MIN: below it are root and system accounts

/** Options of the grouper. */
export interface AppGrouperOptions {
  /** Friendly names; omit to use application ids and executable names as they are. */
  desktopEntries?: DesktopEntries;
  /** `linux` (cgroups, then the tree), `darwin` (enclosing `.app` bundle) or `win32` (the executable). */
  platform?: NodeJS.Platform;
}

/**
 * Maps each process to its app. Results are cached per identity (pid + start time), so a process keeps
 * its app for life even if it is re-parented; `groupAll` drops identities that are gone.
 */
export class AppGrouper {
  private readonly cache = new Map<string, AppIdentity>();
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: AppGrouperOptions = {}) {
    this.platform = options.platform ?? process.platform;
  }

  /**
   * Groups every process of one snapshot: returns identity id → app. `commandLineOf` (the sampler's
   * `commandLine`) lets interpreters be named by their script; the command line itself is never kept.
   */
  groupAll(
    processes: readonly ProcessSample[],
    commandLineOf?: (id: string) => readonly string[] | null,
  ): Map<string, AppIdentity> {
    const pids = new Map(processes.map((p) => [p.pid, p]));
    const out = new Map<string, AppIdentity>();
    for (const p of processes) out.set(p.id, this.group(p, pids, commandLineOf));
    for (const id of this.cache.keys()) if (!out.has(id)) this.cache.delete(id);
    return out;
  }

  /** Groups one process; `pids` indexes the same snapshot (for walking up the tree). */
  group(
    p: ProcessSample,
    pids: ReadonlyMap<number, ProcessSample>,
    commandLineOf?: (id: string) => readonly string[] | null,
  ): AppIdentity {
    const cached = this.cache.get(p.id);
    if (cached) return cached;
    const app = this.classify(p, pids, commandLineOf);
    this.cache.set(p.id, app);
    return app;
  }

  private classify(
    p: ProcessSample,
    pids: ReadonlyMap<number, ProcessSample>,
    commandLineOf?: (id: string) => readonly string[] | null,
  ): AppIdentity {
    if (p.kernelThread) return KERNEL_APP;
    if (this.platform === 'darwin') {
      const bundle = p.exe ? /\/([^/]+)\.app\//.exec(p.exe)?.[1] : undefined;
      if (bundle) return { key: `app:${bundle}`, name: bundle, kind: 'app' };
    }
    if (this.platform === 'win32') return this.named(p, commandLineOf, p.uid);
    const fromCgroup = p.cgroup ? classifyCgroup(p.cgroup) : null;
    if (p.pid === 1) {
      const init: AppIdentity = { key: 'system:init', name: `init (${p.name})`, kind: 'system' };
      // systemd's /init.scope is a unit of its own; an init in the root cgroup (no systemd) has none.
      return fromCgroup?.key === init.key ? { ...init, unitCgroup: fromCgroup.unitCgroup } : init;
    }
    if (fromCgroup) {
      const entry = fromCgroup.appId ? this.options.desktopEntries?.forAppId(fromCgroup.appId) : null;
      return {
        key: fromCgroup.key,
        name: entry?.name ?? fromCgroup.name,
        kind: fromCgroup.kind,
        unitCgroup: fromCgroup.unitCgroup,
      };
    }
    const top = this.treeTop(p, pids);
    return this.named(top, commandLineOf, top.uid);
  }

  /**
   * The ancestor just below init (or below a session root or shell on the way), staying inside the
   * process's own cgroup so a login session is never merged into the service that spawned it.
   */
  private treeTop(p: ProcessSample, pids: ReadonlyMap<number, ProcessSample>): ProcessSample {
    const path: ProcessSample[] = [p];
    let current = p;
    for (let depth = 0; depth < 256; depth += 1) {
      const parent = pids.get(current.ppid);
      if (!parent || parent.pid <= 1 || parent.kernelThread || parent.cgroup !== p.cgroup) break;
      path.push(parent);
      current = parent;
    }
    // path runs from p up to the top; step down past session roots and shells while something is below
    let top = path.length - 1;
    while (
      top > 0 &&
      (SESSION_ROOTS.includes(path[top]?.name ?? '') || SHELLS.includes(path[top]?.name ?? ''))
    )
      top -= 1;
    return path[top] as ProcessSample;
  }

  private named(
    p: ProcessSample,
    commandLineOf: ((id: string) => readonly string[] | null) | undefined,
    uid: number | null,
  ): AppIdentity {
    // split on both separators: Windows paths reach this code too
    const program = p.exe ? (p.exe.split(/[\\/]/).pop() ?? p.name).replace(/\.exe$/i, '') : p.name;
    const kind: ProcessAppKind = uid !== null && uid < FIRST_NORMAL_UID ? 'system' : 'app';
    const interpreter = INTERPRETERS.find(
      (i) => program === i || program.startsWith(`${i}3.`) || program.startsWith(`${i}.`),
    );
    if (interpreter) {
      const script = commandLineOf?.(p.id)
        ?.slice(1)
        .find((arg) => /^[^-].*\.(py|js|mjs|cjs|ts|pl|rb|php|jar)$/.test(arg));
      if (script) return { key: `${kind}:${basename(script)}`, name: basename(script), kind };
    }
    const entry = this.options.desktopEntries?.forExecutable(program);
    return { key: `${kind}:${entry?.id ?? program}`, name: entry?.name ?? program, kind };
  }
}
