// Storage faults against the real engine and headless server: a full disk, a deleted database, a damaged one (at
// start, with `carbon-tray repair`, and mid-run), a file system gone read-only, a tick that throws. None of them
// stops the engine; /healthz and /metrics say what happens; no minute is written twice or lost but what is said.
import { machineMinute } from '../../helpers/minutes.js';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HistoryStore } from '../../../src/engine/history/store.js';
import type { MinuteRecord } from '../../../src/engine/history/types.js';
import { createEngine, type Engine } from '../../../src/engine/index.js';
import { HeadlessServer } from '../../../src/server/server.js';
import type { StorageHealth } from '../../../src/shared/api.js';
import { fillDisk, tryRun } from '../../helpers/disk.js';
import { finished, runCli, startCli } from '../cli/run-cli.js';
import { FakeProc, ManualClock } from '../engine/fake-proc.js';

const MINUTE = 60_000;
const TICK_MS = 2000;
const PAGE = 4096;

interface Health {
  status: string;
  reason?: string;
  storage: StorageHealth;
}

/** A deterministic stream of garbage for one page; the first byte is no b-tree page type, so SQLite knows it. */
function garbagePage(seed: number): Buffer {
  const page = Buffer.alloc(PAGE);
  let x = seed;
  for (let i = 0; i < PAGE; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    page[i] = x >> 16;
  }
  page[0] = 0xff;
  return page;
}

/** Overwrites pages `from..to` (1-based, inclusive) of a database file with garbage. */
function corruptPages(path: string, from: number, to: number): void {
  const fd = openSync(path, 'r+');
  try {
    for (let p = from; p <= to; p++) writeSync(fd, garbagePage(p), 0, PAGE, (p - 1) * PAGE);
  } finally {
    closeSync(fd);
  }
}

/** The engine on a /proc fixture with a manual clock, behind the real headless server, driven tick by tick. */
class Rig {
  readonly proc = new FakeProc();
  // The wall clock starts at this real minute and runs ahead of it, so /healthz never calls a tick stale.
  readonly clock = new ManualClock(Math.floor(Date.now() / MINUTE) * MINUTE);
  readonly t0 = this.clock.wall;
  readonly engine: Engine;
  readonly server: HeadlessServer;
  base: URL | null = null;
  steps = 0;
  private stopped = false;

  constructor(readonly dataDir: string) {
    this.engine = createEngine({ dataDir, procRoot: this.proc.root, clock: this.clock });
    this.server = new HeadlessServer({
      api: this.engine,
      host: '127.0.0.1',
      port: 0,
      token: null,
      staticDir: null,
    });
    // Someone looks: every tick reads the processes, so every tick settles at once.
    this.engine.subscribe(() => undefined, { detail: true });
  }

  async begin(): Promise<void> {
    this.base = await this.server.listen();
    await this.engine.tick(); // the baseline
  }

  /** `n` ticks of 2 s with a quarter of the fixture machine busy; each must give a snapshot. */
  async run(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.proc.addMachineTicks(100, 300);
      for (const pid of this.proc.pids().slice(0, 3)) this.proc.addProcessTicks(pid, 30);
      this.clock.advance(TICK_MS);
      const snapshot = await this.engine.tick();
      if (snapshot === null || snapshot.at !== this.clock.wall) throw new Error('a tick gave no snapshot');
      this.steps += 1;
    }
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(new URL(path, this.base ?? undefined));
    return { status: response.status, text: await response.text() };
  }

  async health(): Promise<{ status: number; body: Health }> {
    const { status, text } = await this.get('/healthz');
    return { status, body: JSON.parse(text) as Health };
  }

  async metric(name: string): Promise<number | undefined> {
    const parsed = parsePrometheusTextFormat((await this.get('/metrics')).text);
    const value = parsed.find((f) => f.name === name)?.metrics[0]?.value;
    return value === undefined ? undefined : Number(value);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.server.close();
    await this.engine.stop();
    this.proc.remove();
  }
}

/** The stored machine minutes of a history file, read by a connection of its own. */
function storedMinutes(path: string): { minute: number; observed_s: number }[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT minute, observed_s FROM machine_minutes ORDER BY minute').all() as {
      minute: number;
      observed_s: number;
    }[];
  } finally {
    db.close();
  }
}

let work: string;
let rigs: Rig[];
let mounts: string[];
let logged: string[];

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'ct-storage-'));
  rigs = [];
  mounts = [];
  logged = [];
  // The engine says each fault once on stderr; the tests read those lines.
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
});
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
  vi.restoreAllMocks();
  for (const m of mounts.splice(0).reverse()) tryRun('umount', [m]);
  rmSync(work, { recursive: true, force: true });
});

function rig(dataDir: string): Rig {
  const r = new Rig(dataDir);
  rigs.push(r);
  return r;
}

/** Mounts a 2 MB tmpfs at a new folder; the reason when this machine does not allow it. */
function smallDisk(): { dir: string } | { refused: string } {
  const dir = join(work, 'small');
  mkdirSync(dir);
  const refused = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
  if (refused !== null) return { refused };
  mounts.push(dir);
  return { dir };
}

const canMount = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'ct-mount-probe-'));
  const refused = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
  if (refused === null) tryRun('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return refused;
})();

describe('a full disk', () => {
  // Without mounting (not root, or a container that forbids it) the same fault is injected as SQLITE_FULL in
  // test/unit/engine/history/resilient.test.ts ("keeps failed minutes in order and writes each exactly once").
  it.skipIf(canMount !== null)(
    `keeps the server up and degraded, and writes every waiting minute once when space returns${canMount === null ? '' : ` (skipped: mount refused: ${canMount})`}`,
    async () => {
      const disk = smallDisk();
      if ('refused' in disk) throw new Error(disk.refused);
      const dataDir = join(disk.dir, 'data');
      const r = rig(dataDir);
      await r.begin();
      await r.run(90); // 3 minutes: two written, the third open
      expect((await r.health()).status).toBe(200);

      const filler = fillDisk(disk.dir);
      await r.run(150); // 5 more minutes, none of which fits
      const full = await r.health();
      expect(full.status).toBe(503);
      expect(full.body.status).toBe('degraded');
      expect(full.body.reason).toBe(
        `cannot write the history (${join(dataDir, 'history.sqlite')}): the disk is full; free some space on ` +
          'that disk; until then the unwritten minutes wait in memory (at most a day) and are written as soon as it can',
      );
      // Minutes 2..6 closed while the disk was full: minute 2 closed at the first tick of minute 3, and so on.
      const pending = full.body.storage.pendingMinutes;
      expect(pending).toBe(5);
      expect(full.body.storage.writeErrors).toBe(5);
      expect(await r.metric('carbontray_history_write_errors_total')).toBe(5);
      expect(await r.metric('carbontray_history_pending_minutes')).toBe(5);
      // The other routes answer as before.
      expect((await r.get('/api/snapshot')).status).toBe(200);
      // Said once, not once a minute.
      expect(logged.filter((l) => l.includes('the disk is full'))).toHaveLength(1);

      rmSync(filler);
      await r.run(30); // the next minute closes: everything that waited is written with it
      const back = await r.health();
      expect(back.status).toBe(200);
      expect(back.body.status).toBe('ok');
      expect(back.body.storage).toMatchObject({ pendingMinutes: 0, droppedMinutes: 0, writeErrors: 5 });
      expect(logged.some((l) => l.includes('work again; 6 minutes that waited in memory were written'))).toBe(
        true,
      );
      await r.stop();

      const minutes = storedMinutes(join(dataDir, 'history.sqlite'));
      // 270 ticks of 2 s after the baseline, all settled: 540 s observed in total, none of it twice.
      expect(minutes.reduce((s, m) => s + m.observed_s, 0)).toBeCloseTo(r.steps * 2, 9);
      expect(r.steps).toBe(270);
      for (const m of minutes) expect(m.observed_s).toBeLessThanOrEqual(60 + 1e-9);
      // Every minute from the first to the last is there: 58 s in the first (its ticks end at +2 … +58 s), then 60 s.
      const first = r.t0 / MINUTE;
      expect(minutes.map((m) => m.minute)).toEqual(Array.from({ length: 10 }, (_, i) => first + i));
      expect(minutes[0]?.observed_s).toBeCloseTo(58, 9);
      expect(minutes.slice(1).map((m) => Math.round(m.observed_s))).toEqual([
        60, 60, 60, 60, 60, 60, 60, 60, 2,
      ]);
    },
  );
});

/** Polls `url` once a second until `done` says so (or `timeoutMs` passes); the last answer. */
async function pollHealth(
  url: URL,
  done: (status: number, body: Health) => boolean,
  timeoutMs: number,
): Promise<{ status: number; body: Health }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(new URL('/healthz', url));
    const answer = { status: response.status, body: (await response.json()) as Health };
    if (done(answer.status, answer.body) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('a full disk under carbon-tray serve', () => {
  // The real command on this machine's /proc and clocks. A minute is written at the first tick of the next one,
  // so each phase waits for at most one minute boundary (about 2 minutes in all).
  it.skipIf(canMount !== null)(
    `stays up (the write error was an unhandled rejection that ended the process) and recovers${canMount === null ? '' : ` (skipped: mount refused: ${canMount})`}`,
    async () => {
      const disk = smallDisk();
      if ('refused' in disk) throw new Error(disk.refused);
      const dataDir = join(disk.dir, 'data');
      const serve = startCli(['serve', '--port', '0', '--data-dir', dataDir]);
      let stderr = '';
      serve.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const done = finished(serve);
      try {
        const url = await new Promise<URL>((resolve, reject) => {
          let out = '';
          const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
          serve.stdout?.on('data', (chunk: Buffer) => {
            out += chunk.toString();
            const address = /listening on (http:\/\/\S+?\/)[;\s]/.exec(out)?.[1];
            if (address !== undefined) {
              clearTimeout(timer);
              resolve(new URL(address));
            }
          });
        });
        const filler = fillDisk(disk.dir);
        const full = await pollHealth(url, (_, b) => b.status === 'degraded', 75_000);
        expect(full.status).toBe(503);
        expect(full.body.reason).toContain('the disk is full');
        expect(serve.exitCode).toBeNull();
        const metrics = parsePrometheusTextFormat(await (await fetch(new URL('/metrics', url))).text());
        const errors = metrics.find((f) => f.name === 'carbontray_history_write_errors_total')?.metrics[0]
          ?.value;
        expect(Number(errors)).toBeGreaterThan(0);
        rmSync(filler);
        const back = await pollHealth(url, (_, b) => b.status === 'ok', 75_000);
        expect(back.status).toBe(200);
        expect(back.body.storage.pendingMinutes).toBe(0);
        expect(serve.exitCode).toBeNull();
        serve.kill('SIGTERM');
        const { code } = await done;
        expect(code).toBe(0);
        expect(stderr.split('the disk is full').length - 1).toBe(1);
        expect(stderr).toMatch(
          /history writes to .* work again; \d+ minutes? that waited in memory were written/,
        );
        for (const m of storedMinutes(join(dataDir, 'history.sqlite')))
          expect(m.observed_s).toBeLessThanOrEqual(60.5);
      } finally {
        if (serve.exitCode === null) serve.kill('SIGKILL');
        await done;
      }
    },
    200_000,
  );
});

describe('a deleted database', () => {
  it('is noticed at the next minute, created again at its path, and the minutes after land in it', async () => {
    const dataDir = join(work, 'data');
    const path = join(dataDir, 'history.sqlite');
    const r = rig(dataDir);
    await r.begin();
    await r.run(90);
    const before = storedMinutes(path).map((m) => m.minute);
    // Ticks end at +2 … +180 s: minutes 0, 1 and 2 are written (the tick at +180 s closed minute 2), 3 is open.
    expect(before).toEqual([0, 1, 2].map((i) => r.t0 / MINUTE + i));
    rmSync(path);
    await r.run(90);
    expect(logged).toContain(
      `carbon-tray: the history database ${path} was deleted while CarbonTray ran; a new one was created there (what the deleted file held went with it)`,
    );
    const health = await r.health();
    expect(health.status).toBe(200);
    expect(health.body.storage.writeErrors).toBe(0);
    await r.stop();
    const after = storedMinutes(path);
    // The open minute 3 and everything after it, nothing before: 60 + 60 + 60 s, and the last tick's 2 s of
    // minute 6 (written at stop) = all 360 s of ticks but the 58 + 60 + 60 s of minutes 0 to 2, which the deleted
    // file held.
    expect(after.map((m) => m.minute)).toEqual([3, 4, 5, 6].map((i) => r.t0 / MINUTE + i));
    expect(after.map((m) => Math.round(m.observed_s))).toEqual([60, 60, 60, 2]);
    expect(after.reduce((s, m) => s + m.observed_s, 0)).toBeCloseTo(r.steps * 2 - (58 + 60 + 60), 9);
    // No -wal of the deleted file was replayed into the new one.
    expect(new HistoryStore(path, { readonly: true }).quickCheck()).toBe('ok');
  });
});

/** Minutes written straight into a store: `count` minutes from `t0`, 6 apps each, and one gap. */
function seedHistory(path: string, t0: number, count: number): void {
  const store = new HistoryStore(path);
  store.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const record: MinuteRecord = {
        minuteMs: t0 + i * MINUTE,
        machine: machineMinute(),
        apps: Array.from({ length: 6 }, (_, k) => ({
          key: `app:${k}`,
          name: `App ${k}`,
          kind: 'app' as const,
          energyJ: 100,
          operationalG: 0.008,
          embodiedG: 0.001,
          cpuS: 5,
          rssByteS: 1e9,
        })),
      };
      store.writeMinute(record);
    }
    store.writeGap({ startMs: t0 - MINUTE, endMs: t0, reason: 'stopped' });
  })();
  store.close();
}

const TABLES = ['apps', 'machine_minutes', 'app_minutes', 'machine_hours', 'app_hours', 'gaps'] as const;
/** Tables whose rows are their primary key's b-tree (interior pages hold rows too). */
const WITHOUT_ROWID = new Set(['app_minutes', 'app_hours']);

/**
 * Which rows survive garbage over `damaged` pages, from SQLite's own map of the file (the dbstat table): a row
 * survives when its page and every page above it are sound. `leaves` counts the rows on sound leaf pages, `all`
 * also those in the sound interior pages of WITHOUT ROWID tables: an interior row between two damaged children is
 * on a sound page but no query reaches it, so a repair saves between `leaves` and `all` of those tables.
 */
function survivors(path: string, damaged: Set<number>): Record<string, { leaves: number; all: number }> {
  const db = new Database(path, { readonly: true });
  const pages = db.prepare('SELECT name, path, pageno, pagetype, ncell FROM dbstat').all() as {
    name: string;
    path: string;
    pageno: number;
    pagetype: string;
    ncell: number;
  }[];
  db.close();
  const at = new Map(pages.map((p) => [`${p.name}${p.path}`, p.pageno]));
  const out: Record<string, { leaves: number; all: number }> = {};
  for (const name of TABLES) out[name] = { leaves: 0, all: 0 };
  for (const p of pages) {
    const counts = out[p.name];
    if (counts === undefined || (p.pagetype !== 'leaf' && p.pagetype !== 'internal')) continue;
    if (p.pagetype === 'internal' && !WITHOUT_ROWID.has(p.name)) continue;
    const parts = p.path.split('/').filter((s) => s !== '');
    const above = parts.map(
      (_, i) =>
        `${p.name}/${parts
          .slice(0, i)
          .map((s) => `${s}/`)
          .join('')}`,
    );
    const sound = [...above, `${p.name}${p.path}`].every((key) => !damaged.has(at.get(key) ?? -1));
    if (!sound) continue;
    counts.all += p.ncell;
    if (p.pagetype === 'leaf') counts.leaves += p.ncell;
  }
  return out;
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('a damaged database', () => {
  it('is refused at start naming its path and both ways out; carbon-tray repair saves every readable row', async () => {
    const dataDir = join(work, 'data');
    const path = join(dataDir, 'history.sqlite');
    // Owner-only, as CarbonTray makes its folders (else serve first says it tightened the mode).
    mkdirSync(dataDir, { mode: 0o700 });
    const t0 = Date.UTC(2026, 2, 2);
    seedHistory(path, t0, 3000);
    const pageCount = statSync(path).size / PAGE;
    // The middle of the file: pages at 40 … 45 % of it.
    const damaged = new Set<number>();
    for (let p = Math.floor(pageCount * 0.4); p <= Math.floor(pageCount * 0.45); p++) damaged.add(p);
    const expected = survivors(path, damaged);
    corruptPages(path, Math.min(...damaged), Math.max(...damaged));
    const corruptSha = sha(path);

    const refused = await runCli(['serve', '--port', '0', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `carbon-tray serve: cannot open the history database (${path}): the database file is damaged; stop ` +
        `CarbonTray, then either move ${path} aside (a new, empty history is started) or run ` +
        `\`carbon-tray repair --data-dir ${dataDir}\`, which copies what can still be read into a new file and keeps the damaged one`,
    );
    expect(sha(path)).toBe(corruptSha);

    const repaired = await runCli(['repair', '--data-dir', dataDir]);
    expect(repaired.stderr).toBe('');
    expect(repaired.code).toBe(0);
    const saved = Object.fromEntries(
      [...repaired.stdout.matchAll(/^ {2}(\w+) +(\d+) rows saved/gm)].map((m) => [m[1], Number(m[2])]),
    );
    expect(Object.keys(saved)).toEqual([...TABLES]);
    // What was written before the damage: 6 apps, 3000 minutes × (1 machine + 6 app rows), 50 hours × (1 + 6), 1 gap.
    const written = {
      apps: 6,
      machine_minutes: 3000,
      app_minutes: 18_000,
      machine_hours: 50,
      app_hours: 300,
      gaps: 1,
    };
    for (const table of TABLES) {
      const { leaves, all } = expected[table] as { leaves: number; all: number };
      expect(saved[table]).toBeLessThanOrEqual(written[table]);
      if (WITHOUT_ROWID.has(table)) {
        expect(saved[table]).toBeGreaterThanOrEqual(leaves);
        expect(saved[table]).toBeLessThanOrEqual(all);
      } else {
        expect(saved[table]).toBe(all);
      }
    }
    // The damage cost minute rows (the pages in the middle hold minutes), not everything.
    expect(saved.machine_minutes).toBeLessThan(3000);
    expect(saved.app_minutes).toBeLessThan(18_000);
    expect(saved.machine_minutes).toBeGreaterThan(2000);
    console.info(
      `repair saved ${JSON.stringify(saved)} of ${JSON.stringify(written)}; survivors ${JSON.stringify(expected)}`,
    );

    // The damaged file is kept byte for byte; the new one is sound and holds what was printed.
    const kept = readdirSync(dataDir).filter((f) =>
      /^history\.sqlite\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/.test(f),
    );
    expect(kept).toHaveLength(1);
    expect(sha(join(dataDir, kept[0] as string))).toBe(corruptSha);
    expect(repaired.stdout).toContain(`The damaged file is kept as ${join(dataDir, kept[0] as string)}`);
    const store = new HistoryStore(path, { readonly: true });
    expect(store.integrityCheck()).toBe('ok');
    for (const table of TABLES) {
      expect(store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(saved[table]);
    }
    store.close();
    expect(readdirSync(dataDir).filter((f) => /\.(reading|repaired)-/.test(f))).toEqual([]);

    // A sound file is left alone, and serve starts on the repaired history.
    const again = await runCli(['repair', '--data-dir', dataDir]);
    expect(again.stdout.trim()).toBe(`${path} is sound (quick_check: ok); nothing to repair`);
    const serve = startCli(['serve', '--port', '0', '--data-dir', dataDir]);
    const done = finished(serve);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve did not start')), 20_000);
      serve.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    serve.kill('SIGTERM');
    expect((await done).code).toBe(0);
  }, 60_000);

  it('is not repaired while an engine records into the folder: repair names that engine and changes nothing', async () => {
    const dataDir = join(work, 'data');
    const r = rig(dataDir);
    await r.begin();
    await r.run(40);
    const before = readdirSync(dataDir).sort();
    const refused = await runCli(['repair', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^carbon-tray repair: another CarbonTray engine \\(engine, pid ${process.pid}, since .*\\) already records into ${dataDir}`,
      ),
    );
    expect(readdirSync(dataDir).sort()).toEqual(before);
  });

  it('mid-run is degraded naming the path and both ways out, and the ticks go on', async () => {
    const dataDir = join(work, 'data');
    const path = join(dataDir, 'history.sqlite');
    const r = rig(dataDir);
    await r.begin();
    await r.run(150);
    // Everything into the main file (another connection's checkpoint also makes the engine's connection read the
    // file again), then garbage over every page but the first.
    const other = new Database(path);
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    corruptPages(path, 2, statSync(path).size / PAGE);
    await r.run(60); // ticks still give snapshots (run() checks each)
    const health = await r.health();
    expect(health.status).toBe(503);
    expect(health.body.status).toBe('degraded');
    expect(health.body.reason).toMatch(
      new RegExp(
        `^cannot (write|read) the history \\(${path}\\): the database file is damaged; stop CarbonTray, then either move ${path} aside`,
      ),
    );
    expect(health.body.reason).toContain(`\`carbon-tray repair --data-dir ${dataDir}\``);
    expect(logged.filter((l) => l.includes('the database file is damaged')).length).toBeLessThanOrEqual(2);
    // History reads answer the same fault (503 with the path), not a bare 500.
    const history = await r.get(`/api/history?from=${r.t0}&to=${r.clock.wall}&stepS=60`);
    expect(history.status).toBe(503);
    expect(JSON.parse(history.text)).toMatchObject({ path });
  });
});

/** A small ext4 file system on a loop device, mounted errors=remount-ro; null and why when not possible. */
function ext4Disk(): { dir: string; device: string } | { refused: string } {
  const image = join(work, 'ext4.img');
  writeFileSync(image, '');
  const dir = join(work, 'ext4');
  mkdirSync(dir);
  const refused =
    tryRun('truncate', ['-s', '16M', image]) ??
    tryRun('mkfs.ext4', ['-q', '-F', image]) ??
    tryRun('mount', ['-o', 'loop,errors=remount-ro', image, dir]);
  if (refused !== null) return { refused };
  mounts.push(dir);
  const source = execFileSync('findmnt', ['-n', '-o', 'SOURCE', dir]).toString().trim();
  return { dir, device: source.replace(/^\/dev\//, '') };
}

describe('a file system that turns read-only', () => {
  it.skipIf(canMount !== null)(
    `keeps the server up and degraded with the cause in plain words${canMount === null ? '' : ` (skipped: mount refused: ${canMount})`}`,
    async () => {
      const disk = ext4Disk();
      if ('refused' in disk) throw new Error(`cannot stage a read-only file system here: ${disk.refused}`);
      const dataDir = join(disk.dir, 'data');
      const r = rig(dataDir);
      await r.begin();
      await r.run(90);
      // `mount -o remount,ro` is refused while the engine has its files open for writing (measured: "mount point
      // is busy"), and chmod does not stop root. What turns a file system read-only under a running program is
      // the kernel after a disk error: ext4's trigger_fs_error raises one, and errors=remount-ro does the rest.
      const remount = tryRun('mount', ['-o', 'remount,ro', disk.dir]);
      if (remount !== null)
        writeFileSync(`/sys/fs/ext4/${disk.device}/trigger_fs_error`, 'storage fault test');
      expect(existsSync(join(dataDir, 'history.sqlite'))).toBe(true);
      await r.run(90);
      const health = await r.health();
      expect(health.status).toBe(503);
      // SQLite says "disk I/O error"; the write probe beside the file tells the cause.
      expect(health.body.reason).toBe(
        `cannot write the history (${join(dataDir, 'history.sqlite')}): the file system is read-only; make the ` +
          'folder and the file writable again (is the disk mounted read-only?); until then the unwritten minutes ' +
          'wait in memory (at most a day) and are written as soon as it can',
      );
      expect(health.body.storage.pendingMinutes).toBe(3);
      expect(await r.metric('carbontray_history_write_errors_total')).toBe(3);
      expect(logged.filter((l) => l.includes('the file system is read-only'))).toHaveLength(1);
      await r.stop();
      // At stop the minutes that could not be written are said, not silently lost.
      expect(logged.some((l) => /4 finished minutes could not be written to .* and are lost/.test(l))).toBe(
        true,
      );
    },
  );
});

describe('a tick that throws', () => {
  it('does not stop the tick loop: said once, and said again when ticks work again', async () => {
    const proc = new FakeProc();
    const engine = createEngine({ dataDir: join(work, 'data'), procRoot: proc.root });
    try {
      await engine.updateSettings({ intervalS: 0.5 });
      await engine.start();
      const snapshots: number[] = [];
      engine.subscribe((s) => snapshots.push(s.at));
      const waitFor = async (n: number): Promise<void> => {
        for (let i = 0; i < 100 && snapshots.length < n; i++) await new Promise((r) => setTimeout(r, 100));
      };
      await waitFor(2);
      // The machine's CPU totals go away: every tick throws while they are missing.
      renameSync(join(proc.root, 'stat'), join(proc.root, 'stat.away'));
      await new Promise((r) => setTimeout(r, 2000));
      const during = snapshots.length;
      renameSync(join(proc.root, 'stat.away'), join(proc.root, 'stat'));
      await waitFor(during + 2);
      expect(snapshots.length).toBeGreaterThanOrEqual(during + 2);
      const failed = logged.filter((l) => l.includes('a tick failed'));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(
        /^carbon-tray: a tick failed \(the engine goes on and tries again every tick\): /,
      );
      expect(logged).toContain('carbon-tray: ticks work again');
    } finally {
      await engine.stop();
      proc.remove();
    }
  });
  it('at start does not stop the engine: start resolves, says so, and ticks once the machine reads again', async () => {
    const proc = new FakeProc();
    const engine = createEngine({ dataDir: join(work, 'data-first'), procRoot: proc.root });
    try {
      await engine.updateSettings({ intervalS: 0.5 });
      // The machine's CPU totals go away before the first tick (the baseline) can read them.
      renameSync(join(proc.root, 'stat'), join(proc.root, 'stat.away'));
      await engine.start();
      expect(logged.filter((l) => l.includes('a tick failed'))).toHaveLength(1);
      renameSync(join(proc.root, 'stat.away'), join(proc.root, 'stat'));
      const snapshots: number[] = [];
      engine.subscribe((s) => snapshots.push(s.at));
      for (let i = 0; i < 100 && snapshots.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(snapshots.length).toBeGreaterThanOrEqual(2);
      expect(logged).toContain('carbon-tray: ticks work again');
    } finally {
      await engine.stop();
      proc.remove();
    }
  });
});
