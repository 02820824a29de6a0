// Pure parser for the BSD `ps` listing the macOS sampler runs (see PS_ARGS).
import { SECONDS_PER_DAY } from '../../core/units.js';

/** Arguments for `ps`: every process, no headers, fixed field order; `lstart` is 5 tokens, `comm` last. */
export const PS_ARGS = ['-axo', 'pid=,ppid=,uid=,rss=,time=,lstart=,comm='];

/** One row of the `ps` listing. */
export interface PsRow {
  pid: number;
  ppid: number;
  uid: number;
  /** RSS in KiB as ps reports it. */
  rssKiB: number;
  cpuS: number;
  /** `lstart` text, e.g. `Mon Nov 23 16:03:12 2026`: with the pid, the identity. */
  started: string;
  /** Executable path (macOS prints the full path for `comm`). */
  comm: string;
}

/** `[[dd-]hh:]mm:ss[.cc]` → seconds. */
export function parsePsTime(text: string): number {
  const [days, rest] = text.includes('-') ? text.split('-', 2) : ['0', text];
  let seconds = 0;
  for (const part of (rest ?? '').split(':')) seconds = seconds * 60 + Number(part);
  return Number(days) * SECONDS_PER_DAY + seconds;
}

/** Parses the output of `ps` with PS_ARGS; malformed lines are skipped. */
export function parsePsOutput(text: string): PsRow[] {
  const rows: PsRow[] = [];
  for (const line of text.split('\n')) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length < 11) continue;
    const [pid, ppid, uid, rss, time] = tokens
      .slice(0, 5)
      .map((t, i) => (i === 4 ? parsePsTime(t) : Number(t)));
    const row: PsRow = {
      pid: pid as number,
      ppid: ppid as number,
      uid: uid as number,
      rssKiB: rss as number,
      cpuS: time as number,
      started: tokens.slice(5, 10).join(' '),
      comm: tokens.slice(10).join(' '),
    };
    if ([row.pid, row.ppid, row.uid, row.rssKiB, row.cpuS].every(Number.isFinite)) rows.push(row);
  }
  return rows;
}
