// Tests of the cgroup v2 CPU reader: the mountinfo and cpu.stat parsers on fixtures in the kernel's formats, and
// reading units from a fixture mount (a unit that is gone reads as null).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CgroupCpuReader,
  openCgroupCpu,
  parseCgroup2Mount,
  parseCpuStatUsageS,
} from '../../../src/sensors/processes/cgroup-cpu.js';

const read = (path: string): string => readFileSync(path, 'utf8');

describe('parseCgroup2Mount', () => {
  it('finds cgroup2 at /sys/fs/cgroup/unified on the hybrid VM, past the v1 controller mounts', () => {
    expect(parseCgroup2Mount(read('test/fixtures/proc/captured/self/mountinfo'))).toEqual({
      mountPoint: '/sys/fs/cgroup/unified',
      root: '/',
    });
  });

  it('finds cgroup2 at /sys/fs/cgroup on a unified systemd desktop (optional shared: fields before the -)', () => {
    expect(parseCgroup2Mount(read('test/fixtures/proc/desktop/self/mountinfo'))).toEqual({
      mountPoint: '/sys/fs/cgroup',
      root: '/',
    });
  });

  it('returns null without cgroup2 (v1 only), and decodes octal escapes and a subtree root', () => {
    const v1Only = read('test/fixtures/proc/captured/self/mountinfo')
      .split('\n')
      .filter((l) => !l.includes('cgroup2'))
      .join('\n');
    expect(parseCgroup2Mount(v1Only)).toBeNull();
    expect(parseCgroup2Mount('')).toBeNull();
    // A container without a cgroup namespace sees its own subtree mounted (proc(5): field 4 is the root).
    expect(
      parseCgroup2Mount(
        '1210 1205 0:26 /system.slice/docker-ab.scope /my\\040cg ro,nosuid - cgroup2 cgroup rw\n',
      ),
    ).toEqual({ mountPoint: '/my cg', root: '/system.slice/docker-ab.scope' });
    // "cgroup2" as a source or mount point name is not the file system type.
    expect(
      parseCgroup2Mount('40 31 0:37 / /cgroup2 rw,relatime - cgroup cgroup2 rw,name=systemd\n'),
    ).toBeNull();
  });
});

describe('parseCpuStatUsageS', () => {
  it('reads usage_usec as seconds, with and without the cpu controller lines', () => {
    // test/fixtures/sys/cgroup: the VM's root cpu.stat (usage lines only) and a service's with throttling lines.
    expect(parseCpuStatUsageS(read('test/fixtures/sys/cgroup/cpu.stat'))).toBe(1897.704);
    expect(parseCpuStatUsageS(read('test/fixtures/sys/cgroup/system.slice/nginx.service/cpu.stat'))).toBe(
      2.360512,
    );
    expect(parseCpuStatUsageS('user_usec 5\nsystem_usec 6\n')).toBeNull();
    expect(parseCpuStatUsageS('')).toBeNull();
  });
});

describe('CgroupCpuReader', () => {
  const firefox = '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-2210.scope';

  it('reads each unit of the fixture mount, null for one that is gone', () => {
    const reader = new CgroupCpuReader({ mountPoint: 'test/fixtures/sys/cgroup', root: '/' });
    const usage = reader.usageS(['/system.slice/nginx.service', firefox, '/system.slice/gone.service']);
    expect([...usage]).toEqual([
      ['/system.slice/nginx.service', 2.360512],
      [firefox, 1186.53],
      ['/system.slice/gone.service', null],
    ]);
  });

  it('maps paths through a subtree root, and reads a path outside it as null', () => {
    const reader = new CgroupCpuReader({
      mountPoint: 'test/fixtures/sys/cgroup/system.slice',
      root: '/system.slice',
    });
    expect(
      reader.usageS(['/system.slice/nginx.service', '/user.slice']).get('/system.slice/nginx.service'),
    ).toBe(2.360512);
    expect(reader.usageS(['/user.slice']).get('/user.slice')).toBeNull();
  });

  const dir = mkdtempSync(join(tmpdir(), 'ct-cgroup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the mount named by <procRoot>/self/mountinfo, and is null without one', () => {
    const mount = join(dir, 'cg');
    mkdirSync(join(mount, 'system.slice', 'a.service'), { recursive: true });
    writeFileSync(
      join(mount, 'system.slice', 'a.service', 'cpu.stat'),
      'usage_usec 1500000\nuser_usec 1500000\n',
    );
    mkdirSync(join(dir, 'proc', 'self'), { recursive: true });
    writeFileSync(
      join(dir, 'proc', 'self', 'mountinfo'),
      `41 31 0:38 / ${mount} rw,relatime - cgroup2 cgroup2 rw\n`,
    );
    expect(
      openCgroupCpu(join(dir, 'proc'))?.usageS(['/system.slice/a.service']).get('/system.slice/a.service'),
    ).toBe(1.5);
    expect(openCgroupCpu(join(dir, 'no-proc'))).toBeNull();
    expect(openCgroupCpu('test/fixtures/proc/laptop')).toBeNull();
  });
});
