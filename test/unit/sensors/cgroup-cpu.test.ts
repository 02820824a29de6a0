// Tests of the cgroup v2 cpu.stat reader on the fixture cgroup tree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CgroupCpuReader, parseCgroupCpuStat } from '../../../src/sensors/cgroup-cpu.js';

const ROOT = 'test/fixtures/sys/cgroup';
const FIREFOX = '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-firefox-2210.scope';

describe('CgroupCpuReader', () => {
  it('reads usage_usec of each asked cgroup as seconds and leaves out missing ones', () => {
    const cpu = new CgroupCpuReader(ROOT).read([
      '/system.slice/nginx.service',
      FIREFOX,
      '/system.slice/gone.service',
    ]);
    // nginx.service/cpu.stat usage_usec 2360512; the Firefox scope 1186530000
    expect([...cpu]).toEqual([
      ['/system.slice/nginx.service', 2.360512],
      [FIREFOX, 1186.53],
    ]);
  });

  it('parses the captured root cpu.stat of the VM (no cpu controller: usage lines only)', () => {
    const stat = parseCgroupCpuStat(readFileSync(`${ROOT}/cpu.stat`, 'utf8'));
    expect(stat).not.toBeNull();
    expect(stat?.usageUsec).toBe((stat?.userUsec ?? 0) + (stat?.systemUsec ?? 0));
    expect(parseCgroupCpuStat('nr_periods 0\n')).toBeNull();
  });
});
