// `carbon-tray repair`'s work: copies every row that can still be read from a damaged history into a new database.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { FileFault } from '../../shared/errors.js';
import { acquireEngineLock } from '../lock.js';
import { dataFiles } from '../paths.js';
import { isCorruption } from './faults.js';
import { HistoryStore } from './store.js';

/** What one table gave up. */
export interface TableRepair {
  table: string;
  /** Rows copied into the new database. */
  saved: number;
  /** Stretches of the table that could not be read (a damaged page, or a damaged row), skipped. */
  skipped: number;
}

/** What `repairHistory` did. */
export interface RepairResult {
  /** The history database, now the new one. */
  path: string;
  /** Where the damaged file was moved, unchanged (its -wal beside it, if it had one). */
  damagedPath: string;
  /** False when not even the list of tables could be read: the new database is empty. */
  schemaReadable: boolean;
  tables: TableRepair[];
  /** Apps whose rows were saved but whose names were lost: kept under a placeholder name. */
  unnamedApps: number;
}

/** How a table is walked: the key it is read in order of (one or two integers). */
interface TableSpec {
  table: string;
  /** Key columns, in the table's order; `rowid` for tables whose primary key is not a single integer. */
  key: readonly string[];
  /** The table holds `app_id`, which must name a row of `apps`. */
  appRows?: boolean;
}

/**
 * The tables of the history schema, `apps` first: app rows refer to it. Their columns are read from the new
 * database's schema (`columnsOf`), so the columns are written once, in schema.ts.
 */
const TABLES: readonly TableSpec[] = [
  { table: 'apps', key: ['id'] },
  { table: 'machine_minutes', key: ['minute'] },
  { table: 'app_minutes', key: ['minute', 'app_id'], appRows: true },
  { table: 'machine_hours', key: ['hour'] },
  { table: 'app_hours', key: ['hour', 'app_id'], appRows: true },
  { table: 'gaps', key: ['rowid'] },
];

/** A table's columns in the current schema, in their order. */
function columnsOf(db: Database.Database, table: string): string[] {
  return (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
}

/**
 * A two-column key as one number for probing past a damaged stretch: the second column (an app id) below 2^22,
 * the first (an epoch minute or hour, about 2^25) well within 2^53.
 */
const SECOND_KEY_SPAN = 2 ** 22;
/** The key space probed: ±2^52, so the distance between any two keys is still an exact double. */
const LOWEST = -(2 ** 52);
const HIGHEST = 2 ** 52;

type Row = Record<string, unknown>;

/** Seeks by exact key tried across one damaged stretch, at most (a stretch of a day of minutes × 700 apps). */
const MAX_EXACT_LOOKUPS = 1_000_000;

/**
 * Reads `spec`'s table in key order, one row per query, so a damaged page costs only the rows on it: a read that
 * fails is probed past (the smallest key after which reading works again, found by doubling then halving the
 * step), and the walk goes on from there. `NOT INDEXED` keeps damaged indexes out of it.
 */
function* readable(
  db: Database.Database,
  spec: TableSpec,
  columns: readonly string[],
  appIds: ReadonlySet<number>,
): Generator<Row, void, void> {
  const cols = [...new Set([...spec.key, ...columns])].join(', ');
  const [k1, k2] = spec.key as [string, string | undefined];
  const next =
    k2 === undefined
      ? db.prepare(`SELECT ${cols} FROM ${spec.table} NOT INDEXED WHERE ${k1} > ? ORDER BY ${k1} LIMIT 1`)
      : db.prepare(
          `SELECT ${cols} FROM ${spec.table} NOT INDEXED WHERE (${k1}, ${k2}) > (?, ?) ORDER BY ${k1}, ${k2} LIMIT 1`,
        );
  const encode = (row: Row): number =>
    k2 === undefined ? Number(row[k1]) : Number(row[k1]) * SECOND_KEY_SPAN + Number(row[k2]);
  const after = (key: number): Row | null => {
    const args =
      k2 === undefined
        ? [key]
        : [Math.floor(key / SECOND_KEY_SPAN), ((key % SECOND_KEY_SPAN) + SECOND_KEY_SPAN) % SECOND_KEY_SPAN];
    return (next.get(...args) as Row | undefined) ?? null;
  };
  const at = db.prepare(
    `SELECT ${cols} FROM ${spec.table} NOT INDEXED WHERE ${k1} = ?${k2 === undefined ? '' : ` AND ${k2} = ?`}`,
  );
  // An exact key is sought twice: upwards (`=`, which passes through the subtree left of the key) and downwards
  // (the last row at or below it, through the subtree on its right), so a row with one sound side is reached.
  const keyCols = k2 === undefined ? k1 : `${k1}, ${k2}`;
  const keyVals = k2 === undefined ? '?' : '?, ?';
  const below = db.prepare(
    `SELECT ${cols} FROM ${spec.table} NOT INDEXED WHERE (${keyCols}) <= (${keyVals}) ` +
      `ORDER BY ${spec.key.map((k) => `${k} DESC`).join(', ')} LIMIT 1`,
  );
  const tryGet = (statement: Database.Statement, args: number[]): Row | null => {
    try {
      return (statement.get(...args) as Row | undefined) ?? null;
    } catch {
      return null;
    }
  };
  const exactly = (...args: number[]): Row | null => {
    const row = tryGet(at, args);
    if (row) return row;
    const down = tryGet(below, args);
    return down && spec.key.every((k, i) => Number(down[k]) === args[i]) ? down : null;
  };
  /**
   * Rows with a key in `(from, to]`, each looked up by its exact key: a seek for one key reaches a row on a sound
   * page beside damaged ones (or in the interior of a WITHOUT ROWID tree) that walking past the damage skips.
   * Two-column keys are tried with every app id known; at most `MAX_EXACT_LOOKUPS` seeks per damaged stretch.
   */
  function* between(from: number, to: number): Generator<Row, void, void> {
    let lookups = 0;
    if (k2 === undefined) {
      for (let k = Math.max(from + 1, 0); k <= to && lookups < MAX_EXACT_LOOKUPS; k++, lookups++) {
        const row = exactly(k);
        if (row) yield row;
      }
      return;
    }
    const ids = [...appIds].sort((a, b) => a - b);
    for (let m = Math.floor(from / SECOND_KEY_SPAN); m <= Math.floor(to / SECOND_KEY_SPAN); m++) {
      for (const id of ids) {
        const k = m * SECOND_KEY_SPAN + id;
        if (k <= from || k > to) continue;
        if (++lookups > MAX_EXACT_LOOKUPS) return;
        const row = exactly(m, id);
        if (row) yield row;
      }
    }
  }
  const works = (key: number): boolean => {
    try {
      after(key);
      return true;
    } catch {
      return false;
    }
  };
  let key = LOWEST;
  for (;;) {
    let row: Row | null;
    try {
      row = after(key);
    } catch {
      // Find the smallest key past the damage from which reading works, or stop at the end of the key space.
      const start = key;
      let bad = key;
      let step = 1;
      let good: number | null = null;
      while (good === null) {
        const probe = Math.min(bad + step, HIGHEST);
        if (works(probe)) good = probe;
        else if (probe === HIGHEST) break;
        else {
          bad = probe;
          step *= 2;
        }
      }
      if (good === null) return;
      while (good - bad > 1) {
        const mid = Math.floor(bad + (good - bad) / 2);
        if (works(mid)) good = mid;
        else bad = mid;
      }
      yield { __skipped: true };
      yield* between(start, good);
      key = good;
      continue;
    }
    if (row === null) return;
    yield row;
    key = encode(row);
  }
}

/** The tables the damaged file's schema still names, or null when the schema itself cannot be read. */
function tablesOf(db: Database.Database): Set<string> | null {
  try {
    const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
    return new Set(names);
  } catch {
    return null;
  }
}

/** There is no history file to repair. */
function missing(path: string): FileFault {
  return new FileFault(
    path,
    'cannot repair the history',
    Object.assign(new Error('no such file'), { code: 'ENOENT' }),
    'there is nothing to repair: CarbonTray creates a new history when it starts',
  );
}

/** A file's name for now: `2026-03-02T10-00-00Z`. */
function stamp(nowMs: number): string {
  return new Date(nowMs)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function moveWithJournal(from: string, to: string): void {
  renameSync(from, to);
  if (existsSync(`${from}-wal`)) renameSync(`${from}-wal`, `${to}-wal`);
  rmSync(`${from}-shm`, { force: true });
}

/**
 * Copies every row that can be read from the damaged history database at `path` into a new one (schema migrated),
 * then moves the damaged file aside as `<path>.damaged-<time>` (unchanged) and puts the new one at `path`. The
 * damaged file is read from a copy, so it is never written. Nothing is moved when reading fails as a whole
 * (a `FileFault` says why). The caller makes sure no engine has the file open.
 */
export function repairHistory(path: string, nowMs: number = Date.now()): RepairResult {
  if (!existsSync(path)) throw missing(path);
  const time = stamp(nowMs);
  const damagedPath = `${path}.damaged-${time}`;
  const workPath = `${path}.reading-${time}`;
  const newPath = `${path}.repaired-${time}`;
  const cleanUp = (): void => {
    for (const p of [workPath, newPath])
      for (const s of ['', '-wal', '-shm']) rmSync(`${p}${s}`, { force: true });
  };
  let source: Database.Database | null = null;
  let target: HistoryStore | null = null;
  try {
    copyFileSync(path, workPath);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${workPath}-wal`);
    source = new Database(workPath, { fileMustExist: true });
    target = new HistoryStore(newPath, { check: false });
    const found = tablesOf(source);
    const tables: TableRepair[] = [];
    const appIds = new Set<number>();
    let unnamedApps = 0;
    const addApp = target.db.prepare('INSERT INTO apps (id, key, name, kind) VALUES (?, ?, ?, ?)');
    for (const spec of TABLES) {
      const result: TableRepair = { table: spec.table, saved: 0, skipped: 0 };
      tables.push(result);
      if (found === null || !found.has(spec.table)) continue;
      const columns = columnsOf(target.db, spec.table);
      const insert = target.db.prepare(
        `INSERT OR IGNORE INTO ${spec.table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      const db = source;
      const t = target;
      t.db.transaction(() => {
        for (const row of readable(db, spec, columns, appIds)) {
          if ('__skipped' in row) {
            result.skipped += 1;
            continue;
          }
          if (spec.table === 'apps') appIds.add(Number(row.id));
          if (spec.appRows === true && !appIds.has(Number(row.app_id))) {
            // The app's row was on a damaged page: its energy and carbon stay, under a name that says so.
            const id = Number(row.app_id);
            addApp.run(id, `repair:lost-${id}`, `Unknown app ${id} (its name was lost in a repair)`, 'app');
            appIds.add(id);
            unnamedApps += 1;
          }
          const values = Object.fromEntries(columns.map((c) => [c, row[c]]));
          result.saved += insert.run(values).changes;
        }
      })();
    }
    source.close();
    source = null;
    target.close();
    target = null;
    moveWithJournal(path, damagedPath);
    renameSync(newPath, path);
    cleanUp();
    return { path, damagedPath, schemaReadable: found !== null, tables, unnamedApps };
  } catch (error) {
    try {
      source?.close();
      target?.close();
    } catch {
      // The cause below is what matters.
    }
    cleanUp();
    throw error instanceof FileFault
      ? error
      : new FileFault(
          path,
          'cannot repair the history',
          error,
          `nothing was changed; move ${path} aside to start a new history`,
        );
  }
}

/** What `repairDataDir` found: a sound file (left as it is) or what the repair saved. */
export type FolderRepair = { sound: true; path: string } | ({ sound: false; finding: string } & RepairResult);

/**
 * Repairs the history of a data folder, holding its engine lock meanwhile (so it refuses, naming the engine,
 * while one records there). A file `PRAGMA quick_check` finds sound is left alone.
 */
export function repairDataDir(
  dataDir: string,
  options: { nowMs?: number; log?: (line: string) => void } = {},
): FolderRepair {
  const { historyPath } = dataFiles(dataDir);
  if (!existsSync(historyPath)) throw missing(historyPath);
  const log = options.log ?? ((line: string) => console.error(`carbon-tray repair: ${line}`));
  const lock = acquireEngineLock(dataDir, { shell: 'repair', log });
  try {
    let finding: string;
    try {
      new HistoryStore(historyPath, { readonly: true }).close();
      return { sound: true, path: historyPath };
    } catch (error) {
      if (!isCorruption(error)) throw error;
      // SQLite's own finding (quick_check's first line, or its error), not the whole advice that led here.
      const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
      finding = cause instanceof Error ? cause.message : String(cause);
    }
    return { sound: false, finding, ...repairHistory(historyPath, options.nowMs) };
  } finally {
    lock.release();
  }
}
