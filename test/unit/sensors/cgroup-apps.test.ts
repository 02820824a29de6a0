// Tests of cgroup v2 path classification (paths in the forms systemd, docker, podman and kubelet create).
import { describe, expect, it } from 'vitest';
import { classifyCgroup, unescapeUnit } from '../../../src/sensors/grouping/cgroup.js';

const U = '/user.slice/user-1000.slice/user@1000.service';

describe('classifyCgroup', () => {
  it('names desktop app scopes, services and slices by their XDG application id', () => {
    expect(classifyCgroup(`${U}/app.slice/app-gnome-firefox-2210.scope`)).toEqual({
      kind: 'app',
      key: 'app:firefox',
      name: 'firefox',
      appId: 'firefox',
      unitCgroup: `${U}/app.slice/app-gnome-firefox-2210.scope`,
    });
    expect(classifyCgroup(`${U}/app.slice/app-code-2950.scope`)?.key).toBe('app:code');
    expect(classifyCgroup(`${U}/app.slice/app-flatpak-org.gnome.Calculator-2712.scope`)?.appId).toBe(
      'org.gnome.Calculator',
    );
    expect(
      classifyCgroup(`${U}/app.slice/app-org.kde.konsole@4a1f1cd5a8b44e6b9d6a8f3e2c1b0a99.service`)?.key,
    ).toBe('app:org.kde.konsole');
    // GNOME Terminal puts each shell in a vte-spawn scope inside the app's slice
    expect(classifyCgroup(`${U}/app.slice/app-org.gnome.Terminal.slice/vte-spawn-1c2d.scope`)).toMatchObject({
      key: 'app:org.gnome.Terminal',
      unitCgroup: `${U}/app.slice/app-org.gnome.Terminal.slice`,
    });
    expect(classifyCgroup(`${U}/app.slice/app-gnome-firefox\\x2desr-1234.scope`)?.appId).toBe('firefox-esr');
  });

  it('names system and user services', () => {
    expect(classifyCgroup('/system.slice/nginx.service')).toEqual({
      kind: 'service',
      key: 'service:nginx.service',
      name: 'nginx',
      appId: null,
      unitCgroup: '/system.slice/nginx.service',
    });
    // A sub-cgroup a service made for its workers is still the service's unit.
    expect(classifyCgroup('/system.slice/nginx.service/workers')?.unitCgroup).toBe(
      '/system.slice/nginx.service',
    );
    expect(classifyCgroup('/system.slice/system-getty.slice/getty@tty1.service')?.name).toBe('getty@tty1');
    expect(classifyCgroup(`${U}/session.slice/pipewire.service`)).toMatchObject({
      key: 'service:user/pipewire.service',
      name: 'pipewire (user)',
    });
    expect(classifyCgroup('/init.scope')).toMatchObject({ key: 'system:init', unitCgroup: '/init.scope' });
    expect(classifyCgroup(`${U}/init.scope`)).toMatchObject({
      key: 'system:user-manager',
      unitCgroup: `${U}/init.scope`,
    });
  });

  it('names containers by short id, and Kubernetes containers by pod', () => {
    const id = 'b7f3e1c0a9d84e2f6a1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b0d2f';
    expect(classifyCgroup(`/system.slice/docker-${id}.scope`)).toMatchObject({
      kind: 'container',
      key: 'container:b7f3e1c0a9d8',
      name: 'docker b7f3e1c0a9d8',
    });
    expect(classifyCgroup(`/docker/${id}`)).toMatchObject({
      key: 'container:b7f3e1c0a9d8', // cgroupfs driver
      unitCgroup: `/docker/${id}`,
    });
    expect(classifyCgroup(`${U}/user.slice/libpod-${id}.scope/container`)).toMatchObject({
      name: 'podman b7f3e1c0a9d8',
      unitCgroup: `${U}/user.slice/libpod-${id}.scope`,
    });
    expect(
      classifyCgroup(
        `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5d1e7a0c_3b2f_4c8e_9a6d_1f0e2b3c4d5e.slice/cri-containerd-${id}.scope`,
      ),
    ).toMatchObject({
      kind: 'container',
      key: 'container:pod-5d1e7a0c-3b2f-4c8e-9a6d-1f0e2b3c4d5e',
      name: 'pod 5d1e7a0c',
      // the pod's slice, which holds all its containers (and the pause container)
      unitCgroup:
        '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5d1e7a0c_3b2f_4c8e_9a6d_1f0e2b3c4d5e.slice',
    });
    expect(classifyCgroup(`/kubepods/besteffort/pod0a1b2c3d-0000-4000-8000-000000000001/${id}`)?.key).toBe(
      'container:pod-0a1b2c3d-0000-4000-8000-000000000001',
    );
  });

  it('returns null where the cgroup names no app (root, login sessions, bare slices)', () => {
    expect(classifyCgroup('/')).toBeNull();
    expect(classifyCgroup('/user.slice/user-1000.slice/session-7.scope')).toBeNull();
    expect(classifyCgroup('/user.slice')).toBeNull();
  });

  it('unescapes systemd \\xNN escapes', () => {
    expect(unescapeUnit('foo\\x2dbar\\x2ebaz')).toBe('foo-bar.baz');
  });
});
