// Tests of grouping processes into apps on the desktop /proc fixture and the .desktop fixtures.
import { describe, expect, it } from 'vitest';
import { DesktopEntries, parseDesktopEntry } from '../../../src/sensors/grouping/desktop-entries.js';
import { AppGrouper } from '../../../src/sensors/grouping/apps.js';
import { LinuxProcessSampler } from '../../../src/sensors/processes/linux.js';
import type { ProcessSample } from '../../../src/sensors/processes/types.js';

const entries = new DesktopEntries(['test/fixtures/applications', 'test/fixtures/no-such-dir']);

describe('AppGrouper on the desktop fixture', () => {
  const sampler = new LinuxProcessSampler('test/fixtures/proc/desktop');
  const { processes } = sampler.sampleSync();
  const apps = new AppGrouper({ desktopEntries: entries, platform: 'linux' }).groupAll(processes, (id) =>
    sampler.commandLine(id),
  );
  const appOf = (pid: number) => apps.get(processes.find((p) => p.pid === pid)?.id ?? '');

  it('groups the browser and its helpers under one app with the .desktop name', () => {
    const apps = '/user.slice/user-1000.slice/user@1000.service/app.slice';
    for (const pid of [2210, 2291, 2305])
      expect(appOf(pid)).toEqual({
        key: 'app:firefox',
        name: 'Firefox',
        kind: 'app',
        unitCgroup: `${apps}/app-gnome-firefox-2210.scope`,
      });
    expect(appOf(2712)).toEqual({
      key: 'app:org.gnome.Calculator',
      name: 'Calculator',
      kind: 'app',
      unitCgroup: `${apps}/app-flatpak-org.gnome.Calculator-2712.scope`,
    });
    expect(appOf(2801)?.name).toBe('Konsole');
    expect(appOf(2950)).toMatchObject({ key: 'app:code', name: 'Visual Studio Code', kind: 'app' });
  });

  it('groups services, containers, kernel threads and init', () => {
    expect(appOf(812)).toEqual({
      key: 'service:nginx.service',
      name: 'nginx',
      kind: 'service',
      unitCgroup: '/system.slice/nginx.service',
    });
    expect(appOf(813)?.key).toBe('service:nginx.service');
    expect(appOf(1530)?.key).toBe('service:user/pipewire.service');
    expect(appOf(3071)).toEqual({
      key: 'container:b7f3e1c0a9d8',
      name: 'docker b7f3e1c0a9d8',
      kind: 'container',
      unitCgroup:
        '/system.slice/docker-b7f3e1c0a9d84e2f6a1c3b5d7e9f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b0d2f.scope',
    });
    expect(appOf(3300)?.kind).toBe('container');
    expect(appOf(3050)?.key).toBe('service:containerd.service');
    expect(appOf(2)).toEqual({ key: 'kernel', name: 'Linux kernel', kind: 'kernel' });
    expect(appOf(15)?.key).toBe('kernel');
    // systemd's own unit, /init.scope (the fixture's pid 1 is systemd)
    expect(appOf(1)).toMatchObject({ key: 'system:init', unitCgroup: '/init.scope' });
    expect(appOf(1501)?.key).toBe('system:user-manager');
  });

  it('groups a login session by the process tree, below sshd and the shell', () => {
    // 4090 sshd: alice → 4100 bash → 4242 make → 4250 cc1, all in session-7.scope
    expect(appOf(4242)).toEqual({ key: 'app:make', name: 'make', kind: 'app' });
    expect(appOf(4250)?.key).toBe('app:make');
    expect(appOf(4100)?.key).toBe('app:bash');
    expect(appOf(4000)?.key).toBe('service:ssh.service'); // the listener stays in its own service
  });

  it('names interpreters by their script and never keeps the command line', () => {
    const p = (pid: number, ppid: number, name: string, exe: string): ProcessSample => ({
      id: `${pid}:1`,
      pid,
      startTicks: 1,
      ppid,
      name,
      cpuS: 0,
      childrenCpuS: 0,
      rssBytes: 0,
      uid: 1000,
      kernelThread: false,
      exe,
      cgroup: '/',
    });
    const list = [p(10, 1, 'python3', '/usr/bin/python3.11'), p(11, 10, 'python3', '/usr/bin/python3.11')];
    const argv = new Map([['10:1', ['python3', '-u', 'train.py', '--api-key', 's3cret']]]);
    const groups = new AppGrouper({ platform: 'linux' }).groupAll(list, (id) => argv.get(id) ?? null);
    expect(groups.get('11:1')).toEqual({ key: 'app:train.py', name: 'train.py', kind: 'app' });
    expect(JSON.stringify([...groups])).not.toContain('s3cret');
  });

  it('groups by the .app bundle on macOS and by the executable on Windows', () => {
    const mac: ProcessSample = {
      id: '5:1',
      pid: 5,
      startTicks: 1,
      ppid: 1,
      name: 'Google Chrome Helper',
      cpuS: 0,
      childrenCpuS: 0,
      rssBytes: 0,
      uid: 501,
      kernelThread: false,
      exe: '/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper',
      cgroup: null,
    };
    expect(new AppGrouper({ platform: 'darwin' }).group(mac, new Map())).toEqual({
      key: 'app:Google Chrome',
      name: 'Google Chrome',
      kind: 'app',
    });
    const win = { ...mac, exe: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe', uid: null };
    expect(new AppGrouper({ platform: 'win32' }).group(win, new Map())?.name).toBe('firefox');
  });
});

describe('desktop entries', () => {
  it('parse Name, Exec and StartupWMClass of the main group only (chromium.desktop is captured)', () => {
    expect(entries.forExecutable('chromium')?.name).toBe('Chromium Web Browser');
    expect(entries.forExecutable('Code')?.id).toBe('code');
    expect(entries.forAppId('ORG.GNOME.CALCULATOR')?.name).toBe('Calculator');
    expect(parseDesktopEntry('x', '[Desktop Entry]\nType=Link\nName=Site\n')).toBeNull();
    expect(
      parseDesktopEntry('ff', '[Desktop Entry]\nName=Firefox\nExec=env MOZ_X=1 firefox %u\n')?.execName,
    ).toBe('firefox');
  });
});
