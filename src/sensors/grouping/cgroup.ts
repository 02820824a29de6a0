// Pure classification of a cgroup v2 path into a desktop app, a systemd service or a container.
import type { ProcessAppKind } from '../processes/types.js';

/** What a cgroup path says about the app a process belongs to. */
export interface CgroupApp {
  kind: ProcessAppKind;
  /** Stable key, e.g. `app:firefox`, `service:nginx.service`, `service:user/pipewire.service`, `container:b7f3e1c0a9d8`. */
  key: string;
  name: string;
  /** For desktop apps: the XDG application id (the `.desktop` file name without suffix). */
  appId: string | null;
  /**
   * The unit's cgroup directory: the path up to and including the segment that named the app, e.g.
   * `/system.slice/nginx.service` for a process in `/system.slice/nginx.service/workers`. Its `cpu.stat` counts
   * every process that ran inside the unit, those that have exited included.
   */
  unitCgroup: string;
}

/** systemd escapes `-` inside names as `\x2d` (systemd.unit(5), "String Escaping"). */
export function unescapeUnit(name: string): string {
  return name.replace(/\\x([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const CONTAINER_ID =
  /^(?:docker|libpod(?:-conmon)?|cri-containerd|crio|containerd)-([0-9a-f]{12,64})\.scope$/;
const K8S_POD = /(?:^|-)pod([0-9a-f][0-9a-f_-]{7,})(?:\.slice)?$/;
const HEX_ID = /^[0-9a-f]{64}$/;
// app[-<launcher>]-<ApplicationID>-<RANDOM>.scope and app[-<launcher>]-<ApplicationID>[@<RANDOM>].service
// (systemd.io/DESKTOP_ENVIRONMENTS); dashes inside the id are escaped, so `-` separates the parts.
const APP_SCOPE = /^app-(?:([^-]+)-)?([^-]+)-[^-]+\.scope$/;
const APP_SERVICE = /^app-(?:([^-@]+)-)?([^-@]+)(?:@[^.]*)?\.service$/;
const APP_SLICE = /^app-(?:([^-]+)-)?([^-]+)\.slice$/;

/**
 * Classifies a cgroup v2 path (as read from `/proc/<pid>/cgroup`). Returns null when the path names no
 * app, service or container (the root, a login `session-N.scope`, a bare slice): the caller then groups
 * by the process tree. Containers win over everything (a pod or container is one row), then the deepest
 * desktop-app or service unit.
 */
export function classifyCgroup(path: string): CgroupApp | null {
  const segments = path.split('/').filter((s) => s !== '');
  const upTo = (i: number): string => `/${segments.slice(0, i + 1).join('/')}`;
  for (const [i, segment] of segments.entries()) {
    const pod = K8S_POD.exec(segment);
    if (pod && segments.some((s) => s.startsWith('kubepods'))) {
      const uid = (pod[1] as string).replace(/_/g, '-');
      return {
        kind: 'container',
        key: `container:pod-${uid}`,
        name: `pod ${uid.slice(0, 8)}`,
        appId: null,
        unitCgroup: upTo(i),
      };
    }
  }
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i] as string;
    const container =
      CONTAINER_ID.exec(segment) ??
      (segments[i - 1] === 'docker' && HEX_ID.test(segment) ? [segment, segment] : null);
    if (container) {
      const id = (container[1] as string).slice(0, 12);
      const engine = segment.startsWith('libpod')
        ? 'podman'
        : segment.startsWith('docker') || segments[i - 1] === 'docker'
          ? 'docker'
          : 'container';
      return {
        kind: 'container',
        key: `container:${id}`,
        name: `${engine} ${id}`,
        appId: null,
        unitCgroup: upTo(i),
      };
    }
  }
  const inUserManager = segments.some((s) => /^user@\d+\.service$/.test(s));
  for (let i = segments.length - 1; i >= 0; i -= 1) {
    const segment = segments[i] as string;
    const app = APP_SCOPE.exec(segment) ?? APP_SERVICE.exec(segment) ?? APP_SLICE.exec(segment);
    if (app) {
      const appId = unescapeUnit(app[2] as string);
      return { kind: 'app', key: `app:${appId}`, name: appId, appId, unitCgroup: upTo(i) };
    }
    if (segment === 'init.scope') {
      const unitCgroup = upTo(i);
      return inUserManager
        ? {
            kind: 'system',
            key: 'system:user-manager',
            name: 'systemd user manager',
            appId: null,
            unitCgroup,
          }
        : { kind: 'system', key: 'system:init', name: 'init (systemd)', appId: null, unitCgroup };
    }
    if (/^user@\d+\.service$/.test(segment) || /^session-\w+\.scope$/.test(segment)) return null;
    if (segment.endsWith('.service') || (segment.endsWith('.scope') && segments[i - 1] === 'system.slice')) {
      const unit = unescapeUnit(segment);
      const bare = unit.replace(/\.(service|scope)$/, '');
      const unitCgroup = upTo(i);
      return inUserManager
        ? { kind: 'service', key: `service:user/${unit}`, name: `${bare} (user)`, appId: null, unitCgroup }
        : { kind: 'service', key: `service:${unit}`, name: bare, appId: null, unitCgroup };
    }
  }
  return null;
}
