// Tests of the macOS ps parser on a fixture in BSD ps's layout.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePsOutput, parsePsTime } from '../../../src/sensors/processes/ps-parse.js';

describe('parsePsOutput', () => {
  it('reads pid, ppid, uid, RSS, CPU time, start and a path with spaces', () => {
    const rows = parsePsOutput(readFileSync('test/fixtures/ps/macos-ps.txt', 'utf8'));
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual({
      pid: 412,
      ppid: 1,
      uid: 501,
      rssKiB: 251904,
      cpuS: 602.55, // 10:02.55
      started: 'Mon Nov 20 09:13:40 2026',
      comm: '/Applications/Firefox.app/Contents/MacOS/firefox',
    });
    expect(rows[2]?.cpuS).toBeCloseTo(3723.4, 9); // 1:02:03.40
    expect(rows[3]?.comm).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });

  it('parses day-prefixed times and skips malformed lines', () => {
    expect(parsePsTime('2-01:00:00')).toBe(2 * 86400 + 3600);
    expect(parsePsOutput('garbage\n  12 1 0 x 0:01.00 Mon Nov 20 09:13:40 2026 /bin/sh\n')).toEqual([]);
  });
});
