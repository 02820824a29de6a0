// The data folder's lock: when an owner is stale, what a refused engine is told, takeover, and release.
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireEngineLock,
  EngineLockedError,
  parseLock,
  staleReason,
  type LockOwner,
  type LockSystem,
} from '../../../src/engine/lock.js';
import { formatClock } from '../../../src/shared/format.js';
import { thrownBy } from '../../helpers/thrown.js';

/** A system where pids 100 and 200 run (started at ticks 5000 and 7000), booted as `boot-a`, on host `here`. */
function system(overrides: Partial<LockSystem> = {}): LockSystem {
  const starts: Record<number, string> = { 100: '5000', 200: '7000', 300: '9000' };
  return {
    pid: 300,
    host: 'here',
    bootId: () => 'boot-a',
    alive: (pid) => pid in starts,
    processStart: (pid) => starts[pid] ?? null,
    now: () => Date.parse('2026-03-02T14:30:00'),
    ...overrides,
  };
}

const owner = (o: Partial<LockOwner> = {}): LockOwner => ({
  pid: 100,
  startedAt: Date.parse('2026-03-02T14:02:00'),
  shell: 'serve',
  host: 'here',
  bootId: 'boot-a',
  procStart: '5000',
  ...o,
});

describe('staleReason', () => {
  it('keeps a lock whose process runs, was started when the lock says, on this boot and host', () => {
    expect(staleReason(owner(), system(), false)).toBeNull();
  });

  it('takes a lock whose process is gone (kill(pid, 0) fails with ESRCH)', () => {
    expect(staleReason(owner({ pid: 4242 }), system(), false)).toBe('process 4242 is no longer running');
  });

  it('takes a lock from another boot, whatever its pid is doing now', () => {
    expect(staleReason(owner({ bootId: 'boot-b' }), system(), false)).toBe('the machine has restarted since');
  });

  it('takes a lock whose pid now belongs to another program (its start time differs)', () => {
    expect(staleReason(owner({ procStart: '4999' }), system(), false)).toBe(
      'process 100 is another program now',
    );
  });

  it("keeps this process's own lock, but takes its pid in a lock this process never took (a reused pid)", () => {
    expect(staleReason(owner({ pid: 300, procStart: '9000' }), system(), true)).toBeNull();
    expect(staleReason(owner({ pid: 300, procStart: '9000' }), system(), false)).toBe(
      'process 300 is this one now',
    );
  });

  it('keeps a lock of another machine (a shared folder): its process cannot be checked from here', () => {
    expect(staleReason(owner({ host: 'there', pid: 4242 }), system(), false)).toBeNull();
  });

  it('judges by the pid alone where there is no boot id or start time (macOS, Windows)', () => {
    const bare = system({ bootId: () => null, processStart: () => null });
    expect(staleReason(owner({ bootId: null, procStart: null }), bare, false)).toBeNull();
    expect(staleReason(owner({ bootId: null, procStart: null, pid: 4242 }), bare, false)).toBe(
      'process 4242 is no longer running',
    );
  });
});

describe('parseLock', () => {
  it('reads what acquireEngineLock writes and refuses anything else', () => {
    expect(parseLock(JSON.stringify(owner()))).toEqual(owner());
    for (const text of ['', '{', 'null', '[]', '{"pid":"100","startedAt":1}', '{"pid":-1,"startedAt":1}'])
      expect(parseLock(text)).toBeNull();
  });
});

describe('acquireEngineLock', () => {
  let dir: string;
  let lines: string[];
  const log = (line: string): void => {
    lines.push(line);
  };
  const lockFile = (): string => join(dir, 'engine.lock');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ct-lock-'));
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the owner (pid, start, shell, host, boot) into an owner-only file and removes it on release', () => {
    const lock = acquireEngineLock(dir, { shell: 'serve', log, system: system() });
    const stored = JSON.parse(readFileSync(lockFile(), 'utf8')) as LockOwner;
    expect(stored).toEqual({
      pid: 300,
      startedAt: Date.parse('2026-03-02T14:30:00'),
      shell: 'serve',
      host: 'here',
      bootId: 'boot-a',
      procStart: '9000',
    });
    expect(statSync(lockFile()).mode & 0o777).toBe(0o600);
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    lock.release();
    expect(lines).toEqual([]);
  });

  it('refuses a second engine while the first holds the folder, naming the first, and writes nothing', () => {
    writeFileSync(lockFile(), JSON.stringify(owner()));
    const before = readFileSync(lockFile(), 'utf8');
    const error = thrownBy(EngineLockedError, () =>
      acquireEngineLock(dir, { shell: 'serve', log, system: system() }),
    );
    expect(error.message).toBe(
      `another CarbonTray engine (serve, pid 100, since ${formatClock(owner().startedAt)}) already records into ${dir}; stop it, or give --data-dir for a separate history`,
    );
    expect(error.owner?.pid).toBe(100);
    expect(readFileSync(lockFile(), 'utf8')).toBe(before);
    expect(lines).toEqual([]);
  });

  it('names the tray app as the tray app', () => {
    writeFileSync(lockFile(), JSON.stringify(owner({ shell: 'tray' })));
    const error = thrownBy(EngineLockedError, () =>
      acquireEngineLock(dir, { shell: 'serve', log, system: system() }),
    );
    expect(error.message).toContain('(the tray app, pid 100, since');
  });

  it('refuses a second engine in the same process on the same folder', () => {
    const first = acquireEngineLock(dir, { shell: 'serve', log, system: system() });
    try {
      expect(() => acquireEngineLock(dir, { shell: 'serve', log, system: system() })).toThrow(
        EngineLockedError,
      );
    } finally {
      first.release();
    }
    // Released: the folder is free again.
    acquireEngineLock(dir, { shell: 'serve', log, system: system() }).release();
  });

  it('takes over a dead engine’s lock with one log line naming it and why', () => {
    writeFileSync(lockFile(), JSON.stringify(owner({ pid: 4242 })));
    const lock = acquireEngineLock(dir, { shell: 'tray', log, system: system() });
    expect((JSON.parse(readFileSync(lockFile(), 'utf8')) as LockOwner).pid).toBe(300);
    expect(lines).toEqual([
      `took over the lock of serve, pid 4242, since ${formatClock(owner().startedAt)} in ${dir}: process 4242 is no longer running`,
    ]);
    expect(existsSync(`${lockFile()}.takeover`)).toBe(false);
    lock.release();
  });

  it('treats an unreadable lock as one being written while it is young, and as stale once it is old', () => {
    writeFileSync(lockFile(), '');
    const now = Date.now();
    const young = system({ now: () => now });
    expect(
      thrownBy(EngineLockedError, () => acquireEngineLock(dir, { shell: 'serve', log, system: young }))
        .message,
    ).toMatch(/^another CarbonTray engine \(starting now\) already records into/);
    const old = (now - 60_000) / 1000;
    utimesSync(lockFile(), old, old);
    const lock = acquireEngineLock(dir, { shell: 'serve', log, system: young });
    expect(lines).toEqual([`took over an unreadable lock in ${dir}: the lock file is unreadable`]);
    lock.release();
  });

  it('does not remove a lock that another engine has taken over since', () => {
    const lock = acquireEngineLock(dir, { shell: 'serve', log, system: system() });
    const successor = JSON.stringify(owner({ pid: 200, procStart: '7000' }));
    writeFileSync(lockFile(), successor);
    lock.release();
    expect(readFileSync(lockFile(), 'utf8')).toBe(successor);
  });

  it('creates a missing data folder owner-only', () => {
    const nested = join(dir, 'a', 'b');
    acquireEngineLock(nested, { shell: 'serve', log, system: system() }).release();
    expect(statSync(nested).mode & 0o777).toBe(0o700);
  });
});
